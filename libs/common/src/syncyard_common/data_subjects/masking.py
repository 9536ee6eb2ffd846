"""What erasing a person does to a stored value (pure, no I/O).

A person is named by e-mail addresses and customer references. In JSON, every mapping that
holds one of them (as a value, or an e-mail inside a text) is that person's record: all its
personal fields, in its whole subtree, become ``ERASED`` (so the billing address of an order
whose e-mail is the person's goes too). Elsewhere the person's e-mail is replaced inside any
text and a value equal to a customer reference is replaced. Irreversible: nothing is kept to
undo it.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

ERASED = "[erased]"
# Keys naming a person's data, compared lower-case without "_" or "-" (camelCase too).
PERSONAL_KEYS = frozenset(
    {
        "email", "emailaddress", "firstname", "lastname", "middlename",
        "fullname", "contactname", "customername", "billingname", "shippingname", "phone",
        "phonenumber", "mobile", "mobilenumber", "telephone", "fax", "line1", "line2",
        "address", "address1", "address2", "street", "streetname", "housenumber",
        "housenumbersuffix", "zip", "zipcode", "postcode", "postalcode", "city", "company",
        "companyname", "birthdate", "dateofbirth", "vatnumber", "iban",
    }
)  # fmt: skip


def _normal(key: str) -> str:
    return key.lower().replace("_", "").replace("-", "")


@dataclass(frozen=True)
class Subject:
    """The person to erase: e-mail addresses (any case) and customer references."""

    emails: tuple[str, ...]
    customer_refs: tuple[str, ...]

    @classmethod
    def of(cls, emails: Iterable[str], customer_refs: Iterable[str]) -> "Subject":
        return cls(
            tuple(sorted({e.strip().lower() for e in emails if e.strip()})),
            tuple(sorted({r.strip() for r in customer_refs if r.strip()})),
        )

    @property
    def needles(self) -> tuple[str, ...]:
        """Texts a stored value must contain to be worth a look (a cheap SQL pre-filter)."""
        return self.emails + self.customer_refs

    def _email_pattern(self) -> re.Pattern[str] | None:
        if not self.emails:
            return None
        return re.compile("|".join(re.escape(e) for e in self.emails), re.IGNORECASE)

    def names_text(self, text: str) -> bool:
        pattern = self._email_pattern()
        return (pattern is not None and pattern.search(text) is not None) or (
            text.strip() in self.customer_refs
        )

    def mask_text(self, text: str) -> str:
        """The text with the person's e-mails replaced; a text that is a reference, replaced."""
        if text.strip() in self.customer_refs:
            return ERASED
        pattern = self._email_pattern()
        return text if pattern is None else pattern.sub(ERASED, text)


def mask_json(value: Any, subject: Subject) -> Any:
    """A copy of ``value`` with the person's data masked (see the module's rules)."""
    if isinstance(value, dict):
        if _holds(value, subject):
            return _mask_record(value, subject)
        return {key: mask_json(item, subject) for key, item in value.items()}
    if isinstance(value, list):
        return [mask_json(item, subject) for item in value]
    return _mask_scalar(value, subject)


def _holds(mapping: dict[str, Any], subject: Subject) -> bool:
    for item in mapping.values():
        if isinstance(item, str) and subject.names_text(item):
            return True
        is_number = isinstance(item, int | float) and not isinstance(item, bool)
        if is_number and str(item) in subject.customer_refs:
            return True
    return False


def _mask_record(value: Any, subject: Subject) -> Any:
    """Every personal field of this subtree, and the person's e-mails anywhere in it."""
    if isinstance(value, dict):
        return {
            key: ERASED
            if _normal(str(key)) in PERSONAL_KEYS and isinstance(item, str | int | float)
            else _mask_record(item, subject)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_mask_record(item, subject) for item in value]
    return _mask_scalar(value, subject)


def _mask_scalar(value: Any, subject: Subject) -> Any:
    if isinstance(value, str):
        return subject.mask_text(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return ERASED if str(value) in subject.customer_refs else value
    return value
