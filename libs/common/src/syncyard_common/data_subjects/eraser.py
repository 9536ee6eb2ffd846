"""Erase a person from one service's schema: every tenant table, every text, JSON or bytes
column, found in the catalogue (so a table added later is covered without a change here).

Only rows of the asking tenant are touched (tables with a ``tenant_id``, or a foreign key to
one): another merchant's customer with the same e-mail is another person's record. Rows are
pre-filtered in SQL by the person's e-mails and references, then masked in Python
(``masking``) and written back by their physical address, under a row lock taken by the same
transaction.
"""

import json
import re
import uuid
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from syncyard_common.data_subjects.masking import Subject, mask_json

# inbox: message ids only; alembic_version: no data.
SKIPPED_TABLES = frozenset({"inbox", "alembic_version"})
_TEXT_TYPES = re.compile(r"^(text|jsonb?|bytea|character varying(\((\d+)\))?)$")
_COLUMNS = text(
    "SELECT cl.relname, a.attname, format_type(a.atttypid, a.atttypmod) "
    "FROM pg_class cl JOIN pg_namespace n ON n.oid = cl.relnamespace "
    "JOIN pg_attribute a ON a.attrelid = cl.oid AND a.attnum > 0 AND NOT a.attisdropped "
    "WHERE n.nspname = :schema AND cl.relkind IN ('r', 'p') AND NOT cl.relispartition "
    "ORDER BY cl.relname, a.attnum"
)
# Single-column foreign keys: a table without a tenant_id belongs to its parent's tenant.
_PARENTS = text(
    "SELECT cl.relname, a.attname, pcl.relname, pa.attname FROM pg_constraint co "
    "JOIN pg_class cl ON cl.oid = co.conrelid "
    "JOIN pg_namespace n ON n.oid = cl.relnamespace "
    "JOIN pg_class pcl ON pcl.oid = co.confrelid "
    "JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = co.conkey[1] "
    "JOIN pg_attribute pa ON pa.attrelid = co.confrelid AND pa.attnum = co.confkey[1] "
    "WHERE n.nspname = :schema AND co.contype = 'f' AND cardinality(co.conkey) = 1"
)


async def erase_schema(
    conn: AsyncConnection, *, schema: str, tenant_id: uuid.UUID, subject: Subject
) -> dict[str, int]:
    """Mask the person in every tenant table of ``schema``: rows changed per schema.table."""
    if not subject.needles:
        return {}
    tables: dict[str, dict[str, str]] = {}
    for table, column, column_type in (await conn.execute(_COLUMNS, {"schema": schema})).all():
        tables.setdefault(table, {})[column] = column_type
    parents = {
        table: (column, parent, parent_column)
        for table, column, parent, parent_column in (
            await conn.execute(_PARENTS, {"schema": schema})
        ).all()
        if "tenant_id" in tables.get(parent, {})
    }
    erased: dict[str, int] = {}
    for table, columns in tables.items():
        scope = _scope(schema, table, columns, parents)
        wanted = {c: t for c, t in columns.items() if _TEXT_TYPES.match(t)}
        if table in SKIPPED_TABLES or scope is None or not wanted:
            continue
        changed = await _erase_table(conn, schema, table, wanted, scope, tenant_id, subject)
        if changed:
            erased[f"{schema}.{table}"] = changed
    return erased


def _scope(
    schema: str,
    table: str,
    columns: dict[str, str],
    parents: dict[str, tuple[str, str, str]],
) -> str | None:
    """The tenant's rows: its own ``tenant_id``, or its parent's (an item of a report)."""
    if "tenant_id" in columns:
        return "tenant_id = :tenant"
    if table in parents:
        column, parent, parent_column = parents[table]
        return (
            f'"{column}" IN (SELECT "{parent_column}" FROM "{schema}"."{parent}" '
            "WHERE tenant_id = :tenant)"
        )
    return None  # no tenant to tell: not a tenant's table (budgets, leases, cursors)


def _like(needle: str) -> str:
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _as_text(column: str, column_type: str) -> str:
    if column_type == "bytea":
        return f"encode(\"{column}\", 'escape')"
    return f'"{column}"::text'


async def _erase_table(
    conn: AsyncConnection,
    schema: str,
    table: str,
    columns: dict[str, str],
    scope: str,
    tenant_id: uuid.UUID,
    subject: Subject,
) -> int:
    found = " OR ".join(f"{_as_text(c, t)} ILIKE ANY(:patterns)" for c, t in columns.items())
    selected = ", ".join(f'"{c}"' if t == "bytea" else f'"{c}"::text' for c, t in columns.items())
    rows = (
        await conn.execute(
            text(
                f'SELECT tableoid, ctid::text, {selected} FROM "{schema}"."{table}" '
                f"WHERE {scope} AND ({found}) FOR UPDATE"
            ),
            {"tenant": tenant_id, "patterns": [_like(n) for n in subject.needles]},
        )
    ).all()
    changed = 0
    for row in rows:
        updates: dict[str, Any] = {}
        for (column, column_type), value in zip(columns.items(), row[2:], strict=True):
            if value is None:
                continue
            masked = _mask_value(value, column_type, subject)
            if masked != value:
                updates[column] = masked
        if not updates:
            continue
        assignments = ", ".join(
            f'"{c}" = CAST(:v_{i} AS {_cast(columns[c])})' for i, c in enumerate(updates)
        )
        await conn.execute(
            text(
                f'UPDATE "{schema}"."{table}" SET {assignments} '
                "WHERE tableoid = :oid AND ctid = CAST(CAST(:ctid AS text) AS tid)"
            ),
            {"oid": row[0], "ctid": row[1]}
            | {f"v_{i}": value for i, value in enumerate(updates.values())},
        )
        changed += 1
    return changed


def _cast(column_type: str) -> str:
    return "text" if column_type.startswith("character varying") else column_type


def _mask_value(value: Any, column_type: str, subject: Subject) -> Any:
    if column_type == "bytea":
        raw = bytes(value)
        try:
            decoded = raw.decode()
        except UnicodeDecodeError:  # not text: mask the ASCII e-mails bytewise
            return subject.mask_text(raw.decode("latin-1")).encode("latin-1")
        return _mask_string(decoded, subject).encode()
    masked = _mask_string(value, subject)
    length = re.search(r"\((\d+)\)", column_type)
    return masked[: int(length.group(1))] if length else masked


def _mask_string(value: str, subject: Subject) -> str:
    """JSON (a jsonb column, or JSON kept in text or bytes) masked as JSON; other text as text."""
    if value[:1] in ("{", "["):
        try:
            parsed = json.loads(value)
        except ValueError:
            return subject.mask_text(value)
        return json.dumps(mask_json(parsed, subject), ensure_ascii=False)
    return subject.mask_text(value)
