"""A returning customer's debtor is updated only when the till holds something else."""

import dataclasses

import pytest

from syncyard_common.canonical import Address, Customer
from syncyard_gateway.connectors.mplus import translate
from syncyard_gateway.connectors.mplus.payloads import Relation

pytestmark = pytest.mark.unit

CUSTOMER = Customer(
    email="piet@example.nl",
    first_name="Piet",
    last_name="Jansen",
    phone="+31201234567",
    billing_address=Address(line1="Damrak 1", postcode="1012 LG", city="Amsterdam",
                            country_code="NL"),
)  # fmt: skip
# The debtor as the till answers it after an earlier order of the same customer.
STORED = Relation(
    relation_number="12",
    name="Piet Jansen",
    address="Damrak 1",
    zipcode="1012 LG",
    city="Amsterdam",
    country="NL",
    telephone="+31201234567",
    email="piet@example.nl",
    sync_marker=40,
)


def test_the_same_details_need_no_update() -> None:
    assert translate.is_stored_as(STORED, translate.to_relation(CUSTOMER, relation_number="12"))


@pytest.mark.parametrize(
    "changed",
    [
        {"name": "Piet Janssen"},
        {"zipcode": "1012 LH"},
        {"telephone": None},  # the till has a number the customer no longer gives: cleared
        {"email": "Piet@example.nl"},
        {"company_name": "Jansen BV"},
        {"delivery_city": "Utrecht"},
    ],
)
def test_any_field_the_till_holds_otherwise_is_updated(changed: dict[str, str | None]) -> None:
    stored = dataclasses.replace(STORED, **changed)  # type: ignore[arg-type]
    assert not translate.is_stored_as(stored, translate.to_relation(CUSTOMER, relation_number="12"))


def test_surrounding_blanks_and_empty_text_count_as_the_till_reads_them() -> None:
    body = translate.to_relation(CUSTOMER, relation_number="12") | {
        "city": " Amsterdam ",
        "vatNumber": "",
    }
    assert translate.is_stored_as(STORED, body)


def test_a_body_with_more_than_the_compared_fields_is_always_sent() -> None:
    body = translate.to_relation(CUSTOMER, relation_number="12") | {
        "contactList": {"relation": [{"name": "Piet"}]}
    }
    assert not translate.is_stored_as(STORED, body)
