"""The polling tables: per-connection schedule and lease, per-entity cursor."""

from sqlalchemy import ARRAY, Boolean, Column, DateTime, Index, Integer, Table, Text, Uuid

from syncyard_gateway.schema import metadata

poll_schedule = Table(
    "poll_schedule",
    metadata,
    Column("connection_id", Uuid, primary_key=True),
    Column("is_enabled", Boolean, nullable=False),
    Column("interval_seconds", Integer, nullable=True),  # None: the service's default
    Column("next_poll_at", DateTime(timezone=True), nullable=True),
    Column("failed_polls", Integer, nullable=False),  # in a row; drives the backoff
)

# One holder per connection at a time, so two replicas never poll the same feed together.
poll_lease = Table(
    "poll_lease",
    metadata,
    Column("connection_id", Uuid, primary_key=True),
    Column("holder", Text, nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

poll_cursor = Table(
    "poll_cursor",
    metadata,
    Column("connection_id", Uuid, primary_key=True),
    Column("entity", Text, primary_key=True),
    Column("cursor", Text, nullable=True),  # opaque; only the connector reads it
    Column("started_at", DateTime(timezone=True), nullable=True),  # None: no position yet
    Column("updated_at", DateTime(timezone=True), nullable=True),
    Column("last_polled_at", DateTime(timezone=True), nullable=True),
    Column("last_error", Text, nullable=True),
    Column("consecutive_errors", Integer, nullable=False),
)

# What the active flows of each integration read from each connection, as the orchestrator
# last said (integration.reads.changed.v1): polling publishes changes of these entities only.
poll_reader = Table(
    "poll_reader",
    metadata,
    Column("integration_id", Uuid, primary_key=True),
    Column("connection_id", Uuid, primary_key=True),
    Column("tenant_id", Uuid, nullable=False),
    Column("entities", ARRAY(Text), nullable=False),
    Column("as_of", DateTime(timezone=True), nullable=False),
    Index("ix_poll_reader_connection_id", "connection_id"),
)
