"""Reads and writes urn:mplusqapi document/literal SOAP 1.1 envelopes, typed by the WSDL."""

import copy
from dataclasses import dataclass
from typing import Any

from lxml import etree

from syncyard_sim_mplus import faults, schema

SOAP_ENV = faults.SOAP_ENV
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


@dataclass(frozen=True)
class Request:
    """One parsed SOAP call: the operation and its body as plain Python values."""

    operation: str
    payload: dict[str, Any]


def parse(wsdl: schema.Wsdl, raw: bytes, *, strict: bool = False) -> Request:
    """Parse an envelope; any prefix for urn:mplusqapi is accepted. Raises a Client fault."""
    try:
        root = etree.fromstring(raw, parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        raise faults.client_fault(f"Malformed XML: {exc}") from exc
    if root.tag != f"{{{SOAP_ENV}}}Envelope":
        raise faults.client_fault("Root element is not a SOAP 1.1 Envelope")
    body = root.find(f"{{{SOAP_ENV}}}Body")
    children = [] if body is None else _elements(body)
    if len(children) != 1:
        raise faults.client_fault("SOAP Body must contain exactly one operation element")
    call = children[0]
    name = etree.QName(call).localname
    operation = wsdl.operations.get(name)
    if operation is None or operation.input_element != name:
        raise faults.client_fault(f"Unknown operation '{name}'")
    if strict and not wsdl.xml_schema.validate(copy.deepcopy(call)):
        raise faults.client_fault(f"Request does not match the WSDL: {wsdl.xml_schema.error_log}")
    value = _read(wsdl, call, operation.input_type)
    return Request(operation=name, payload=value if isinstance(value, dict) else {})


def render(wsdl: schema.Wsdl, operation: str, payload: dict[str, Any]) -> bytes:
    """Serialise an operation's response payload in WSDL element order."""
    op = wsdl.operations[operation]
    envelope = etree.Element(
        f"{{{SOAP_ENV}}}Envelope", nsmap={"SOAP-ENV": SOAP_ENV, "ns": schema.TNS}
    )
    body = etree.SubElement(envelope, f"{{{SOAP_ENV}}}Body")
    _write(wsdl, body, op.output_element, payload, op.output_type)
    return bytes(etree.tostring(envelope, xml_declaration=True, encoding="UTF-8"))


def _elements(node: etree._Element) -> list[etree._Element]:
    return [child for child in node if isinstance(child.tag, str)]


def _read(wsdl: schema.Wsdl, node: etree._Element, type_ref: str) -> Any:
    fields = wsdl.fields(type_ref)
    if fields is None:
        return _read_simple(node.text or "", type_ref, etree.QName(node).localname)
    by_name = {field.name: field for field in fields}
    out: dict[str, Any] = {}
    for child in _elements(node):
        name = etree.QName(child).localname
        field = by_name.get(name)
        if field is None:
            raise faults.client_fault(f"Unexpected element '{name}' in {type_ref}")
        value = _read(wsdl, child, field.type_ref)
        if field.is_list:
            out.setdefault(name, []).append(value)
        else:
            out[name] = value
    return out


def _read_simple(text: str, type_ref: str, name: str) -> Any:
    text = text.strip()
    if type_ref in schema.INTEGER_TYPES:
        try:
            return int(text)
        except ValueError as exc:
            raise faults.client_fault(f"Element '{name}' must be an integer") from exc
    if type_ref == schema.BOOLEAN_TYPE:
        if text not in ("true", "false", "1", "0"):
            raise faults.client_fault(f"Element '{name}' must be a boolean")
        return text in ("true", "1")
    return text


def _write(wsdl: schema.Wsdl, parent: etree._Element, name: str, value: Any, type_ref: str) -> None:
    node = etree.SubElement(parent, f"{{{schema.TNS}}}{name}")
    fields = wsdl.fields(type_ref)
    if fields is None:
        node.text = _text(value)
        return
    if not isinstance(value, dict):
        raise TypeError(f"{name} ({type_ref}) needs a dict, got {type(value).__name__}")
    known = {field.name for field in fields}
    unknown = set(value) - known
    if unknown:
        raise KeyError(f"{type_ref} has no element(s) {sorted(unknown)}")
    for field in fields:
        item = value.get(field.name)
        if item is None:
            continue
        for one in item if field.is_list else [item]:
            _write(wsdl, node, field.name, one, field.type_ref)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
