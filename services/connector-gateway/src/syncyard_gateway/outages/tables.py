"""The ``gateway.connection_outage`` table: a connection's run of failed remote calls.

A row exists only while the calls fail (no success since ``first_failure_at``); the first
success deletes it. Shared by every replica, so the outage is announced once.
"""

from sqlalchemy import Column, DateTime, Integer, Table, Text, Uuid

from syncyard_gateway.schema import metadata

connection_outage = Table(
    "connection_outage",
    metadata,
    Column("connection_id", Uuid, primary_key=True),  # FK with cascade in the migration
    Column("first_failure_at", DateTime(timezone=True), nullable=False),
    Column("last_failure_at", DateTime(timezone=True), nullable=False),
    Column("failures", Integer, nullable=False),  # since first_failure_at
    Column("last_code", Text, nullable=False),
    # When connection.outage.started.v1 was staged; None: failing, not (yet) an outage.
    Column("started_at", DateTime(timezone=True), nullable=True),
    # The last command let through to test the remote while it fails (one per probe interval).
    Column("probed_at", DateTime(timezone=True), nullable=True),
)
