"""Row-level security on every table with a tenant_id: the second wall behind the filters.

Made by the shared helper (syncyard_common.db.row_security) like every service's.

Revision ID: 0009_gateway_row_security
Revises: 0008_gateway_idempotency_key
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from syncyard_common.db import row_security

revision: str = "0009_gateway_row_security"
down_revision: str | None = "0008_gateway_idempotency_key"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "gateway"
TENANT_TABLES = [
    "api_key",
    "connection",
    "idempotency_key",
    "outbox",
    "poll_reader",
]


def upgrade() -> None:
    row_security.enable(SCHEMA, TENANT_TABLES)


def downgrade() -> None:
    row_security.disable(SCHEMA, TENANT_TABLES)
