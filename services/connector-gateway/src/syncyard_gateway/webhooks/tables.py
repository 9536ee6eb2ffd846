"""The ``gateway.webhook_inbox`` table: ids of webhooks already taken in (R9: no payloads)."""

from sqlalchemy import Column, DateTime, ForeignKey, PrimaryKeyConstraint, Table, Text, Uuid

from syncyard_gateway.schema import metadata

webhook_inbox = Table(
    "webhook_inbox",
    metadata,
    Column(
        "connection_id",
        Uuid,
        ForeignKey("gateway.connection.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("source_event_key", Text, nullable=False),
    Column("topic", Text, nullable=False),
    Column("outcome", Text, nullable=False),  # accepted | ignored
    Column("received_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("connection_id", "source_event_key", name="pk_webhook_inbox"),
)
