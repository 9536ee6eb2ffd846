"""The idempotency_key table: answers of POSTs sent with an Idempotency-Key, kept 24 hours.

Made by the shared helper (syncyard_common.db.idempotency_table) like every service's.

Revision ID: 0003_notifier_idempotency_key
Revises: 0002_notifier_alert_states
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from syncyard_common.db import idempotency_table

revision: str = "0003_notifier_idempotency_key"
down_revision: str | None = "0002_notifier_alert_states"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "notifier"


def upgrade() -> None:
    idempotency_table.create(SCHEMA)


def downgrade() -> None:
    idempotency_table.drop(SCHEMA)
