"""Row-level security on a service's tenant tables: each service's migration calls it.

One policy per table, ``tenant_wall``: a row is seen, changed or inserted only when its
``tenant_id`` is the transaction's tenant, or in system scope (``tenant_scope.py`` says who
sets which). ``FORCE`` because the services connect as the role that owns the tables, which
row-level security would otherwise let through. The column is compared as a uuid, never
cast, and ``current_setting`` is stable: the check costs a comparison per row.
"""

from alembic import op

from syncyard_common.db.tenant_scope import SCOPE_SETTING, SYSTEM, TENANT_SETTING

POLICY = "tenant_wall"
_VISIBLE = (
    f"tenant_id = NULLIF(current_setting('{TENANT_SETTING}', true), '')::uuid"
    f" OR current_setting('{SCOPE_SETTING}', true) = '{SYSTEM}'"
)


def enable(schema: str, tables: list[str]) -> None:
    for table in tables:
        name = f'"{schema}"."{table}"'
        op.execute(f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {name} FORCE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY {POLICY} ON {name} USING ({_VISIBLE}) WITH CHECK ({_VISIBLE})")


def disable(schema: str, tables: list[str]) -> None:
    for table in tables:
        name = f'"{schema}"."{table}"'
        op.execute(f"DROP POLICY IF EXISTS {POLICY} ON {name}")
        op.execute(f"ALTER TABLE {name} NO FORCE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {name} DISABLE ROW LEVEL SECURITY")
