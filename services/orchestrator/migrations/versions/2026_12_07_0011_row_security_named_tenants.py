"""The wall narrows only a transaction that names a tenant: a connection that sets no scope
(the previous release's, during a rolling upgrade) sees its rows again instead of none.

Reconciliation items have no tenant_id of their own but are read by a tenant's request
(a report's items, by the report's id): their wall is their report's.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from syncyard_common.db import row_security

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "orchestrator"
TENANT_TABLES = [
    "data_subject_erasure",
    "dead_letter",
    "entity_link",
    "idempotency_key",
    "integration",
    "integration_flow",
    "outbox",
    "reconciliation",
    "run",
    "sync_job",
    "tenant_retention",
]


def upgrade() -> None:
    row_security.narrow_only_named_tenants(SCHEMA, TENANT_TABLES)
    row_security.enable_through_parent(
        SCHEMA, "reconciliation_item", column="reconciliation_id", parent="reconciliation"
    )


def downgrade() -> None:
    row_security.disable(SCHEMA, ["reconciliation_item"])
    row_security.without_a_scope_nothing(SCHEMA, TENANT_TABLES)
