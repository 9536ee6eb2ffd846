"""Customers both ways where the connectors allow: a company debtor or a person, created once."""

import uuid

import pytest

from syncyard_common.canonical import Address, Customer
from tests.e2e.flows.pairs import PairFactory
from tests.e2e.flows.tenant import SHOPS
from tests.fixtures.eventually import eventually

# Shops that announce customer changes (MijnWebwinkel's customer API has no change feed).
CUSTOMER_SOURCES = ("shopify", "bigcommerce", "ecwid", "mailchimp")


def email(kind: str) -> str:
    return f"{kind}.{uuid.uuid4().hex[:10]}@example.nl"


@pytest.mark.parametrize("shop", SHOPS)
@pytest.mark.parametrize("company", [None, "Bakkerij Jansen BV"])
async def test_a_till_relation_becomes_one_shop_customer(
    new_pair: PairFactory, shop: str, company: str | None
) -> None:
    pair = await new_pair(shop)
    await pair.tenant.activate("customers", source="mplus")
    await pair.tenant.feed_ready("mplus", "customers")
    address = email("till")
    relation = {"name": company or "Jan Jansen", "email": address, "address": "Dorpsstraat 1",
                "zipcode": "1234 AB", "city": "Utrecht", "country": "NL"}  # fmt: skip
    if company:
        relation |= {"contact": "Jan Jansen", "companyName": company}
    await pair.till.add_relation(**relation)

    await pair.tenant.done("customers", address)
    [customer] = await eventually(lambda: pair.shop.customers(address), timeout=15)
    assert (customer["first_name"], customer["last_name"]) == ("Jan", "Jansen")
    if shop != "mailchimp":  # Mailchimp keeps a company only as a merge field
        assert customer["company"] == company


@pytest.mark.parametrize("shop", CUSTOMER_SOURCES)
@pytest.mark.parametrize("company", [None, "Bakkerij Jansen BV"])
async def test_a_shop_customer_becomes_one_till_relation_company_or_person(
    new_pair: PairFactory, shop: str, company: str | None
) -> None:
    if shop == "mailchimp" and company:
        pytest.skip("a Mailchimp signup has no company: only a person comes from the audience")
    pair = await new_pair(shop)
    await pair.tenant.activate("customers", source=shop)
    address = email("shop")
    billing = Address(
        first_name="Piet",
        last_name="de Vries",
        company=company,
        line1="Kerkstraat 5",
        postcode="3511 AB",
        city="Utrecht",
        country_code="NL",
    )
    customer = Customer(
        email=address,
        first_name="Piet",
        last_name="de Vries",
        company_name=company,
        billing_address=billing,
    )
    await pair.shop.seed_customer(customer)

    await pair.tenant.done("customers", address)
    [relation] = await eventually(lambda: pair.till.relations(address), timeout=15)
    if company:  # a company debtor with the person as its contact
        assert (relation["name"], relation["contact"]) == (company, "Piet de Vries")
    else:
        assert relation["name"] == "Piet de Vries"
        assert not relation.get("companyName")
