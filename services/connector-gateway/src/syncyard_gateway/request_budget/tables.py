"""The ``gateway.request_budget`` table: one token bucket per remote account and budget."""

from sqlalchemy import Column, DateTime, Float, Table, Text

from syncyard_gateway.schema import metadata

request_budget = Table(
    "request_budget",
    metadata,
    # "<connector>:<shop, store or API user>": every connection to that account shares the row.
    Column("account_key", Text, primary_key=True),
    # One account may have several budgets (REST calls and GraphQL points are metered apart).
    Column("bucket", Text, primary_key=True),
    # May go below zero: each call promised a later slot holds a unit of it.
    Column("tokens", Float, nullable=False),
    # Units handed out so far: a promised slot is a position in this count (see tickets.py).
    Column("issued", Float, nullable=False),
    Column("capacity", Float, nullable=False),
    Column("per_second", Float, nullable=False),
    # When the vendor last told us its plan; NULL: capacity and rate are still our guess.
    Column("learned_at", DateTime(timezone=True), nullable=True),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
