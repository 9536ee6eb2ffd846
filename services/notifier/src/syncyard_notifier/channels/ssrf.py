"""SSRF guard (R26) for webhook URLs: the shared address guard of syncyard_common.

Checked when a channel is saved and again at every send; the sender then connects to the
address validated here (with the original Host and SNI), so DNS cannot be re-pointed at an
internal address between the check and the connection.
"""

from syncyard_common.egress.address_guard import (
    HostUnresolved,
    IPAddress,
    Target,
    TargetRefused,
    check_address,
    parse,
    resolve,
)

__all__ = [
    "HostUnresolved",
    "IPAddress",
    "Target",
    "TargetRefused",
    "check_address",
    "parse",
    "resolve",
]
