"""The idempotency_key table: answers of POSTs sent with an Idempotency-Key, kept 24 hours.

Made by the shared helper (syncyard_common.db.idempotency_table) like every service's.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from syncyard_common.db import idempotency_table

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "orchestrator"


def upgrade() -> None:
    idempotency_table.create(SCHEMA)


def downgrade() -> None:
    idempotency_table.drop(SCHEMA)
