"""A postal address. Street and house number are split where the source or a mapping knows them."""

from pydantic import Field

from syncyard_common.canonical._base import CanonicalModel


class Address(CanonicalModel):
    first_name: str | None = None
    last_name: str | None = None
    company: str | None = None
    line1: str | None = Field(default=None, description="Street and number as one line.")
    line2: str | None = None
    street: str | None = None
    house_number: str | None = None
    house_number_suffix: str | None = None
    postcode: str | None = None
    city: str | None = None
    region: str | None = None
    country_code: str | None = Field(default=None, description="ISO 3166-1 alpha-2.")
    phone: str | None = None

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)
