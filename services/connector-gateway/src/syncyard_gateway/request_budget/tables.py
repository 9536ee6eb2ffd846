"""The ``gateway.request_budget`` table: one token bucket per connection."""

from sqlalchemy import Column, DateTime, Float, Table, Uuid

from syncyard_gateway.schema import metadata

request_budget = Table(
    "request_budget",
    metadata,
    Column("connection_id", Uuid, primary_key=True),
    # May go below zero: each caller reserves its future slot and sleeps until it comes.
    Column("tokens", Float, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
