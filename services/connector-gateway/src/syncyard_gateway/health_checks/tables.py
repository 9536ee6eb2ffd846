"""The ``gateway.health_check`` table: when each connection is next tested, and how it went."""

from sqlalchemy import Column, DateTime, Integer, Table, Text, Uuid

from syncyard_gateway.schema import metadata

health_check = Table(
    "health_check",
    metadata,
    Column("connection_id", Uuid, primary_key=True),
    Column("next_check_at", DateTime(timezone=True), nullable=False),
    Column("last_checked_at", DateTime(timezone=True), nullable=True),
    Column("unreachable_checks", Integer, nullable=False),  # in a row
    Column("last_error", Text, nullable=True),
)
