"""Row-level security on every table with a tenant_id: the second wall behind the filters.

Made by the shared helper (syncyard_common.db.row_security) like every service's.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from syncyard_common.db import row_security

revision: str = "0010"
down_revision: str | None = "0009"
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
    row_security.enable(SCHEMA, TENANT_TABLES)


def downgrade() -> None:
    row_security.disable(SCHEMA, TENANT_TABLES)
