"""SOAP 1.1 faults: the exception operations raise and the envelope it becomes."""

from lxml import etree

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"


class SoapFault(Exception):
    """A SOAP 1.1 Fault; `code` is `Client` (caller's mistake) or `Server`."""

    def __init__(self, code: str, message: str, http_status: int = 500) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        # SOAP 1.1 over HTTP (WS-I Basic Profile R1126): faults travel with HTTP 500.
        self.http_status = http_status


def client_fault(message: str) -> SoapFault:
    """Fault blaming the request (bad credentials, malformed XML, unknown operation)."""
    return SoapFault("SOAP-ENV:Client", message)


def server_fault(message: str) -> SoapFault:
    """Fault blaming the server (injected 5xx)."""
    return SoapFault("SOAP-ENV:Server", message)


def render(fault: SoapFault) -> bytes:
    """Serialise a fault as a complete SOAP 1.1 envelope."""
    envelope = etree.Element(f"{{{SOAP_ENV}}}Envelope", nsmap={"SOAP-ENV": SOAP_ENV})
    body = etree.SubElement(envelope, f"{{{SOAP_ENV}}}Body")
    node = etree.SubElement(body, f"{{{SOAP_ENV}}}Fault")
    # faultcode/faultstring are unqualified children of Fault in SOAP 1.1.
    etree.SubElement(node, "faultcode").text = fault.code
    etree.SubElement(node, "faultstring").text = fault.message
    return bytes(etree.tostring(envelope, xml_declaration=True, encoding="UTF-8"))
