"""The wall narrows only a transaction that names a tenant: a connection that sets no scope
(the previous release's, during a rolling upgrade) sees its rows again instead of none.

Revision ID: 0010_gateway_named_tenants
Revises: 0009_gateway_row_security
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from syncyard_common.db import row_security

revision: str = "0010_gateway_named_tenants"
down_revision: str | None = "0009_gateway_row_security"
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
    row_security.narrow_only_named_tenants(SCHEMA, TENANT_TABLES)


def downgrade() -> None:
    row_security.without_a_scope_nothing(SCHEMA, TENANT_TABLES)
