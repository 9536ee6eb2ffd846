"""A customer ("debtor" in the POS). A company name makes a company debtor with a contact person."""

from enum import StrEnum

from pydantic import Field

from syncyard_common.canonical._base import CanonicalModel
from syncyard_common.canonical.address import Address


class CustomerKind(StrEnum):
    PERSON = "person"
    COMPANY = "company"


class Customer(CanonicalModel):
    id: str | None = Field(default=None, description="The id in the system it was read from.")
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    company_name: str | None = None
    phone: str | None = None
    vat_number: str | None = None
    billing_address: Address | None = None
    shipping_address: Address | None = None

    @property
    def kind(self) -> CustomerKind:
        return CustomerKind.COMPANY if self.company_name else CustomerKind.PERSON

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)
