"""An instant a request gives (a filter's bound, a period's end): an RFC 3339 date-time with
its zone, as the OpenAPI document's ``format: date-time`` says, and nothing else.

Pydantic's lax datetime also takes a number (0 is 1970), a numeric string, a date without a
time and a space for the ``T``: a client's slip would then be read as a time it never meant,
and a schema-violating value accepted (schemathesis ST201). A value that is not such a string
is a 422 naming the field. Python code may still pass a ``datetime`` (a filter rebuilt from
another); it must carry its zone too.
"""

import re
from datetime import datetime
from typing import Annotated

from pydantic import AwareDatetime, BeforeValidator

# RFC 3339 section 5.6 ``date-time`` (seconds required, the zone ``Z`` or ``±hh:mm``).
# ASCII digits only (``\d`` takes any script's), the whole text (``$`` lets a newline pass).
RFC_3339 = re.compile(
    r"(?P<seconds>[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2})"
    r"(?P<fraction>\.[0-9]+)?(?P<zone>[Zz]|[+-][0-9]{2}:[0-9]{2})"
)
EXAMPLE = "2026-12-07T10:00:00Z"


def _rfc_3339(value: object) -> object:
    if isinstance(value, datetime):
        return value
    found = RFC_3339.fullmatch(value) if isinstance(value, str) else None
    if found:
        # Any number of fraction digits is RFC 3339; a datetime holds microseconds.
        fraction = (found["fraction"] or "")[:7]
        return f"{found['seconds']}{fraction}{found['zone']}"
    raise ValueError(f"give an RFC 3339 date-time with its zone, e.g. {EXAMPLE}")


Instant = Annotated[AwareDatetime, BeforeValidator(_rfc_3339)]
"""An aware ``datetime`` read only from an RFC 3339 string with a zone (see the module)."""
