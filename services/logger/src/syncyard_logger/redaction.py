"""Personal data out of audit payloads, at write time, when the tenant asks for it (R32)."""

import re
from collections.abc import Mapping
from typing import Any

REDACTED = "[redacted]"
# Keys whose values identify a person: e-mail, names, phone numbers, address lines.
PERSONAL_KEYS = frozenset(
    {
        "email",
        "e_mail",
        "email_address",
        "first_name",
        "last_name",
        "firstname",
        "lastname",
        "full_name",
        "contact_name",
        "phone",
        "mobile",
        "phone_number",
        "line1",
        "line2",
        "address1",
        "address2",
        "street",
        "house_number",
        "house_number_suffix",
    }
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")


def redact_text(text: str) -> str:
    """Replace e-mail addresses inside free text (messages, entity refs)."""
    return _EMAIL.sub(REDACTED, text)


def redact_payload(value: Any) -> Any:
    """A copy with personal fields replaced and e-mail addresses masked everywhere."""
    if isinstance(value, Mapping):
        return {
            key: REDACTED
            if isinstance(key, str) and key.lower() in PERSONAL_KEYS and item is not None
            else redact_payload(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [redact_payload(item) for item in value]
    if isinstance(value, str):
        return redact_text(value)
    return value
