"""Row-level security on every table with a tenant_id: the second wall behind the filters.

Made by the shared helper (syncyard_common.db.row_security) like every service's.

Revision ID: 0004_notifier_row_security
Revises: 0003_notifier_idempotency_key
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from syncyard_common.db import row_security

revision: str = "0004_notifier_row_security"
down_revision: str | None = "0003_notifier_idempotency_key"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "notifier"
TENANT_TABLES = [
    "alert",
    "alert_group",
    "channel",
    "idempotency_key",
    "incident",
    "incident_run",
    "integration_mute",
    "outbox",
]


def upgrade() -> None:
    row_security.enable(SCHEMA, TENANT_TABLES)


def downgrade() -> None:
    row_security.disable(SCHEMA, TENANT_TABLES)
