"""The ``idempotency_key`` table every service keeps in its own schema (web/idempotency.py).

Each service's Alembic migration calls :func:`create` / :func:`drop`, so the five tables are
alike. One row per (tenant, key, route): the request body's hash, and once answered the
response (status, content type, body) to replay; rows older than 24 h are ignored and purged.
"""

import sqlalchemy as sa
from alembic import op

TABLE = "idempotency_key"


def create(schema: str) -> None:
    op.create_table(
        TABLE,
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("route", sa.String(500), nullable=False),
        sa.Column("body_hash", sa.String(64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),  # null: the first request still runs
        sa.Column("content_type", sa.String(200), nullable=True),
        sa.Column("body", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "key", "route", name=f"pk_{TABLE}"),
        schema=schema,
    )
    op.create_index(f"ix_{TABLE}_created_at", TABLE, ["created_at"], schema=schema)


def drop(schema: str) -> None:
    op.drop_index(f"ix_{TABLE}_created_at", table_name=TABLE, schema=schema)
    op.drop_table(TABLE, schema=schema)
