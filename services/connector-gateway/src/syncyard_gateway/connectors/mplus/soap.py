"""Builds and reads urn:mplusqapi SOAP 1.1 document/literal envelopes with lxml (pure)."""

import re
from collections.abc import Mapping, Sequence
from typing import TypeAlias

from lxml import etree

NS = "urn:mplusqapi"
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"

# A nested mapping becomes child elements in insertion order (which must follow the WSDL
# sequence); a list repeats the element; None leaves the element out.
XmlValue: TypeAlias = "str | int | bool | Mapping[str, XmlValue] | Sequence[XmlValue] | None"

# Characters XML 1.0 cannot carry at all; lxml refuses them, so they are dropped from user text.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class SoapFault(Exception):
    """A SOAP Fault answer; ``side`` is ``Client`` or ``Server`` (prefix stripped)."""

    def __init__(self, *, side: str, message: str) -> None:
        super().__init__(f"{side}: {message}")
        self.side = side
        self.message = message


class UnreadableAnswer(Exception):
    """The answer is not a SOAP envelope with one body element."""


def build_envelope(operation: str, body: Mapping[str, XmlValue]) -> bytes:
    """The request document for one operation; text is escaped by lxml, never concatenated."""
    envelope = etree.Element(f"{{{SOAP_ENV}}}Envelope", nsmap={"SOAP-ENV": SOAP_ENV, "ns1": NS})
    soap_body = etree.SubElement(envelope, f"{{{SOAP_ENV}}}Body")
    _append(etree.SubElement(soap_body, f"{{{NS}}}{operation}"), body)
    return bytes(etree.tostring(envelope, xml_declaration=True, encoding="UTF-8"))


def _append(parent: etree._Element, fields: Mapping[str, XmlValue]) -> None:
    for name, value in fields.items():
        if value is None:
            continue
        items = value if isinstance(value, Sequence) and not isinstance(value, str) else [value]
        for item in items:
            node = etree.SubElement(parent, f"{{{NS}}}{name}")
            if isinstance(item, Mapping):
                _append(node, item)
            elif isinstance(item, bool):
                node.text = "true" if item else "false"
            elif item is not None:
                node.text = _NOT_XML.sub("", str(item))


def read_body(raw: bytes) -> etree._Element:
    """The single element inside Body; raises SoapFault or UnreadableAnswer."""
    try:
        root = etree.fromstring(raw, parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        raise UnreadableAnswer(f"not XML: {exc.msg}") from None
    body = child(root, "Body")
    elements = [] if body is None else _elements(body)
    if len(elements) != 1:
        raise UnreadableAnswer("SOAP Body must hold exactly one element")
    answer = elements[0]
    if etree.QName(answer).localname == "Fault":
        code = text(answer, "faultcode") or ""
        raise SoapFault(side=code.rsplit(":", 1)[-1], message=text(answer, "faultstring") or "")
    return answer


def _elements(node: etree._Element) -> list[etree._Element]:
    return [item for item in node if isinstance(item.tag, str)]


def children(node: etree._Element | None, name: str) -> list[etree._Element]:
    """Child elements by local name: qualified or not, any prefix."""
    if node is None:
        return []
    return [item for item in _elements(node) if etree.QName(item).localname == name]


def child(node: etree._Element | None, name: str) -> etree._Element | None:
    found = children(node, name)
    return found[0] if found else None


def text(node: etree._Element | None, name: str) -> str | None:
    """Stripped text of a child element; None when absent or empty."""
    found = child(node, name)
    if found is None or found.text is None:
        return None
    return found.text.strip() or None


def path(node: etree._Element | None, *names: str) -> etree._Element | None:
    """Follow child names: path(order, "lineList", "line")."""
    for name in names:
        node = child(node, name)
    return node
