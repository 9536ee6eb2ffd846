"""Reads the MplusQapi WSDL: element order and types per complex type, and operation messages."""

import copy
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from lxml import etree

XSD = "http://www.w3.org/2001/XMLSchema"
WSDL = "http://schemas.xmlsoap.org/wsdl/"
TNS = "urn:mplusqapi"
_X = f"{{{XSD}}}"
_W = f"{{{WSDL}}}"

INTEGER_TYPES = frozenset({"xsd:long", "xsd:int", "xsd:short", "xsd:byte", "xsd:unsignedInt"})
BOOLEAN_TYPE = "xsd:boolean"


@dataclass(frozen=True)
class Field:
    """One child element of a complex type, in schema order."""

    name: str
    type_ref: str  # "xsd:long", "tns:Article" or "anon:<path>" for inline types
    is_list: bool
    is_required: bool


@dataclass(frozen=True)
class Operation:
    """Input and output element (and their types) of one WSDL operation."""

    name: str
    input_element: str
    input_type: str
    output_element: str
    output_type: str


class Wsdl:
    """Parsed WSDL with type lookup used to read requests and write responses."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.raw = path.read_bytes()
        self._tree = etree.fromstring(self.raw, parser=etree.XMLParser(huge_tree=True))
        schema = self._tree.find(f"{_W}types/{_X}schema")
        assert schema is not None, "WSDL has no embedded schema"
        self._schema = schema
        self.complex_types: dict[str, tuple[Field, ...]] = {}
        self.element_types: dict[str, str] = {}
        self._read_schema()
        self.operations = self._read_operations()

    def fields(self, type_ref: str) -> tuple[Field, ...] | None:
        """Child elements of a complex type, or None when the type is simple."""
        return self.complex_types.get(type_ref)

    def _read_schema(self) -> None:
        for node in self._schema:
            name = node.get("name")
            if node.tag == f"{_X}complexType" and name:
                self.complex_types[f"tns:{name}"] = self._fields_of(node, name)
            elif node.tag == f"{_X}element" and name:
                self.element_types[name] = self._element_type(node, name)

    def _element_type(self, node: etree._Element, path: str) -> str:
        declared = node.get("type")
        if declared:
            return declared if ":" in declared else f"xsd:{declared}"
        inline = node.find(f"{_X}complexType")
        if inline is None:
            return "xsd:string"
        ref = f"anon:{path}"
        self.complex_types[ref] = self._fields_of(inline, path)
        return ref

    def _fields_of(self, type_node: etree._Element, path: str) -> tuple[Field, ...]:
        out: list[Field] = []
        extension = type_node.find(f"{_X}complexContent/{_X}extension")
        if extension is not None:
            out.extend(self._fields_of_base(extension.get("base", "")))
            type_node = extension
        for particle in type_node:
            if particle.tag in (f"{_X}sequence", f"{_X}all", f"{_X}choice"):
                is_choice = particle.tag == f"{_X}choice"
                for element in particle.iter(f"{_X}element"):
                    if element.getparent() is not particle:
                        continue
                    name = element.get("name", "")
                    out.append(
                        Field(
                            name=name,
                            type_ref=self._element_type(element, f"{path}/{name}"),
                            is_list=element.get("maxOccurs", "1") != "1",
                            is_required=element.get("minOccurs", "1") != "0" and not is_choice,
                        )
                    )
        return tuple(out)

    def _fields_of_base(self, base: str) -> tuple[Field, ...]:
        local = base.split(":")[-1]
        for node in self._schema.iterchildren(f"{_X}complexType"):
            if node.get("name") == local:
                return self._fields_of(node, local)
        return ()

    def _read_operations(self) -> dict[str, Operation]:
        messages: dict[str, str] = {}
        for message in self._tree.iterchildren(f"{_W}message"):
            part = message.find(f"{_W}part")
            if part is not None:
                messages[message.get("name", "")] = part.get("element", "").split(":")[-1]
        port_type = self._tree.find(f"{_W}portType")
        assert port_type is not None
        operations: dict[str, Operation] = {}
        for op in port_type.iterchildren(f"{_W}operation"):
            name = op.get("name", "")
            in_msg = op.find(f"{_W}input")
            out_msg = op.find(f"{_W}output")
            if in_msg is None or out_msg is None:
                continue
            in_el = messages[in_msg.get("message", "").split(":")[-1]]
            out_el = messages[out_msg.get("message", "").split(":")[-1]]
            operations[name] = Operation(
                name=name,
                input_element=in_el,
                input_type=self.element_types[in_el],
                output_element=out_el,
                output_type=self.element_types[out_el],
            )
        return operations

    @cached_property
    def xml_schema(self) -> etree.XMLSchema:
        """The embedded XSD as an lxml validator (SOAP-ENC:base64 mapped to xsd:base64Binary)."""
        nsmap = {k: v for k, v in self._schema.nsmap.items() if k}
        root = etree.Element(f"{_X}schema", nsmap={**nsmap, None: XSD})
        for key, value in self._schema.attrib.items():
            root.set(key, value)
        for child in self._schema:
            if child.tag == f"{_X}import":
                continue  # the SOAP-ENC import has no schemaLocation; its one type is remapped
            clone = copy.deepcopy(child)
            for node in clone.iter(f"{_X}element"):
                if node.get("type") == "SOAP-ENC:base64":
                    node.set("type", "xsd:base64Binary")
            root.append(clone)
        return etree.XMLSchema(root)


def default_wsdl_path() -> Path:
    """The copy of the WSDL shipped inside this package."""
    return Path(__file__).parent / "wsdl" / "mplusqapi.wsdl"
