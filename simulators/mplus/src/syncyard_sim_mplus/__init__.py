"""Simulator of the MplusKASSA SOAP API (MplusQapi, SOAP 1.1, namespace urn:mplusqapi)."""
