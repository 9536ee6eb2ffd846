"""Customer (debtor) commands to the gateway and their results."""

import uuid
from typing import Literal

from pydantic import Field

from syncyard_common.canonical import Customer
from syncyard_common.messages.envelope import Message


class FindCustomerV1(Message):
    """Command: find a customer by exact (case-insensitive) e-mail address."""

    type: Literal["gateway.customer.find.v1"] = "gateway.customer.find.v1"
    connection_id: uuid.UUID
    email: str


class CustomerFoundV1(Message):
    type: Literal["connector.customer.found.v1"] = "connector.customer.found.v1"
    email: str
    customer: Customer | None


class UpsertCustomerV1(Message):
    """Command: create the customer, or update ``existing_id``. The connector looks up by e-mail
    again before creating, so a redelivered command never makes a second debtor."""

    type: Literal["gateway.customer.upsert.v1"] = "gateway.customer.upsert.v1"
    connection_id: uuid.UUID
    customer: Customer
    existing_id: str | None = None


class CustomerUpsertedV1(Message):
    type: Literal["connector.customer.upserted.v1"] = "connector.customer.upserted.v1"
    customer_id: str
    was_created: bool
    contact_id: str | None = Field(default=None, description="Contact person of a company.")
