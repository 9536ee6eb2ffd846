"""Row-level security on a service's tenant tables: each service's migrations call it.

One policy per table, ``tenant_wall``: a transaction that names a tenant (``app.tenant_id``)
sees, changes and inserts only that tenant's rows, unless it widened itself to system scope
(``app.scope = 'system'``). A transaction that names no tenant is not narrowed: the previous
release's connections, which set nothing, keep working while a new release migrates
(decision 0008 says why this does not weaken the wall). ``tenant_scope.py`` says who narrows.

``FORCE`` because the migrations' role owns the tables, which row-level security would
otherwise let through. The column is compared as a uuid, never cast, and ``current_setting``
is stable: the check costs a comparison per row.
"""

from alembic import op

from syncyard_common.db.tenant_scope import SCOPE_SETTING, SYSTEM, TENANT_SETTING

POLICY = "tenant_wall"
_TENANT = f"NULLIF(current_setting('{TENANT_SETTING}', true), '')"
_WIDE = f"current_setting('{SCOPE_SETTING}', true) = '{SYSTEM}' OR {_TENANT} IS NULL"
_VISIBLE = f"{_WIDE} OR tenant_id = {_TENANT}::uuid"
# The first wall (2026-12-07 migrations): nothing at all without a scope, which locked the
# previous release's connections out of their own rows while the new one was rolled out.
_VISIBLE_WITHOUT_A_SCOPE_NOTHING = (
    f"tenant_id = {_TENANT}::uuid OR current_setting('{SCOPE_SETTING}', true) = '{SYSTEM}'"
)


def _name(schema: str, table: str) -> str:
    return f'"{schema}"."{table}"'


def enable(schema: str, tables: list[str]) -> None:
    for table in tables:
        name = _name(schema, table)
        op.execute(f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {name} FORCE ROW LEVEL SECURITY")
        visible = _VISIBLE_WITHOUT_A_SCOPE_NOTHING
        op.execute(f"CREATE POLICY {POLICY} ON {name} USING ({visible}) WITH CHECK ({visible})")


def narrow_only_named_tenants(schema: str, tables: list[str]) -> None:
    """The wall as it stands: only a transaction that names a tenant is narrowed."""
    for table in tables:
        _alter(schema, table, _VISIBLE)


def without_a_scope_nothing(schema: str, tables: list[str]) -> None:
    """Back to the first wall (the downgrade of ``narrow_only_named_tenants``)."""
    for table in tables:
        _alter(schema, table, _VISIBLE_WITHOUT_A_SCOPE_NOTHING)


def _alter(schema: str, table: str, visible: str) -> None:
    op.execute(
        f"ALTER POLICY {POLICY} ON {_name(schema, table)} USING ({visible}) WITH CHECK ({visible})"
    )


def enable_through_parent(schema: str, table: str, *, column: str, parent: str) -> None:
    """The wall on a table without a ``tenant_id`` of its own, read by tenant requests directly:
    a row passes when its parent row (``parent``'s ``id`` = ``column``) passes the parent's
    wall. In system scope, or with no tenant named, the lookup is skipped."""
    name = _name(schema, table)
    parent_passes = f'SELECT 1 FROM {_name(schema, parent)} p WHERE p.id = "{table}".{column}'
    visible = f"{_WIDE} OR EXISTS ({parent_passes})"
    op.execute(f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {name} FORCE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY {POLICY} ON {name} USING ({visible}) WITH CHECK ({visible})")


def disable(schema: str, tables: list[str]) -> None:
    for table in tables:
        name = _name(schema, table)
        op.execute(f"DROP POLICY IF EXISTS {POLICY} ON {name}")
        op.execute(f"ALTER TABLE {name} NO FORCE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {name} DISABLE ROW LEVEL SECURITY")
