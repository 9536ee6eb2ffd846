"""The ``gateway.connection`` table: one row per tenant connection, credentials encrypted."""

from enum import StrEnum

from sqlalchemy import Column, DateTime, Index, LargeBinary, Table, Text, Uuid
from sqlalchemy.dialects.postgresql import JSONB

from syncyard_gateway.schema import metadata


class ConnectionStatus(StrEnum):
    ACTIVE = "active"
    FAILING = "failing"  # the remote rejected the credentials: paused until a call succeeds


connection = Table(
    "connection",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("tenant_id", Uuid, nullable=False),
    Column("name", Text, nullable=False),
    Column("connector", Text, nullable=False),
    Column("credentials_ciphertext", LargeBinary, nullable=False),
    Column("key_id", Text, nullable=False),
    Column("credential_fields", JSONB, nullable=False),  # names of the fields set, never values
    Column("status", Text, nullable=False),
    Column("last_error", Text, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_connection_tenant_id", "tenant_id"),
)
