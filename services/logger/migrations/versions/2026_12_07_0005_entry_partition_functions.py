"""Daily partitions of logger.entry are made and dropped through two functions that run as the
schema's owner: the service's runtime role owns no table (R23), so it may not run the DDL
itself, and these let it do exactly that one thing, for a day and nothing else.

Revision ID: 0005_logger_partition_functions
Revises: 0004_logger_named_tenants
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005_logger_partition_functions"
down_revision: str | None = "0004_logger_named_tenants"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "logger"
# SECURITY DEFINER: runs as the owner; a fixed search_path so a caller's objects cannot stand
# in for the catalog's, and UTC so a day's bounds do not follow the caller's time zone.
_AS_OWNER = "LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp"
_CREATE = f"""
CREATE FUNCTION "{SCHEMA}".create_entry_partition(day date) RETURNS boolean
{_AS_OWNER} SET timezone = 'UTC' AS $$
DECLARE
    name text := 'entry_p' || to_char(day, 'YYYYMMDD');
    start timestamptz := day::timestamp AT TIME ZONE 'UTC';
BEGIN
    IF to_regclass(format('%I.%I', '{SCHEMA}', name)) IS NOT NULL THEN
        RETURN false;
    END IF;
    EXECUTE format(
        'CREATE TABLE %I.%I PARTITION OF %I.entry FOR VALUES FROM (%L) TO (%L)',
        '{SCHEMA}', name, '{SCHEMA}', start, start + interval '1 day'
    );
    RETURN true;
END
$$
"""
_DROP = f"""
CREATE FUNCTION "{SCHEMA}".drop_entry_partition(day date) RETURNS void
{_AS_OWNER} AS $$
BEGIN
    EXECUTE format('DROP TABLE IF EXISTS %I.%I', '{SCHEMA}', 'entry_p' || to_char(day, 'YYYYMMDD'));
END
$$
"""


def upgrade() -> None:
    op.execute(_CREATE)
    op.execute(_DROP)
    for function in ("create_entry_partition(date)", "drop_entry_partition(date)"):
        # Nobody by default; the migrations grant the runtime role (syncyard_common.db.migrate).
        op.execute(f'REVOKE EXECUTE ON FUNCTION "{SCHEMA}".{function} FROM PUBLIC')


def downgrade() -> None:
    op.execute(f'DROP FUNCTION "{SCHEMA}".drop_entry_partition(date)')
    op.execute(f'DROP FUNCTION "{SCHEMA}".create_entry_partition(date)')
