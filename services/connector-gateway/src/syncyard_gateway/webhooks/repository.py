"""All SQL about the webhook inbox: one statement per webhook, straight through asyncpg.

No SQLAlchemy on this path: the statement is fixed text with positional parameters, which
asyncpg prepares once per pooled connection and then only binds (SQLAlchemy's compile, cursor
adaptation and greenlet hop cost a quarter of the round trip's CPU)."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg

from syncyard_common.broker import outbox
from syncyard_gateway.schema import SCHEMA

# Only while the connection still holds the credentials the signature was checked with.
_CURRENT = (
    f"current AS (SELECT 1 FROM {SCHEMA}.connection WHERE id = CAST($1 AS uuid) "
    "AND key_id = $2 AND credentials_ciphertext = $3)"
)
# Dedupe on the vendor's event key: a second delivery inserts nothing.
_CLAIMED = (
    f"claimed AS (INSERT INTO {SCHEMA}.webhook_inbox "
    "(connection_id, source_event_key, topic, outcome, received_at) "
    "SELECT CAST($1 AS uuid), $4, $5, $6, CAST($7 AS timestamptz) FROM current "
    "ON CONFLICT (connection_id, source_event_key) DO NOTHING RETURNING 1)"
)
_ANSWER = "EXISTS (SELECT 1 FROM current) AS is_current, EXISTS (SELECT 1 FROM claimed) AS is_new"
_FIRST_MESSAGE_PARAMETER = 8
# An outbox row's values in the order of the statement's columns (``outbox.row`` names them).
_COLUMNS = ("id", "tenant_id", "type", "envelope", "headers")


@dataclass(frozen=True)
class Claim:
    is_current: bool  # False: the connection is gone or its credentials changed meanwhile
    is_new: bool  # False: this connection took the event in before (or is_current is False)


def statement(messages: int) -> str:
    """One statement, so one round trip and its own transaction: the guard, the inbox row and
    the outbox rows (only when the inbox row is new) with the relay's wake-up."""
    if not messages:
        return f"WITH {_CURRENT}, {_CLAIMED} SELECT {_ANSWER}"
    values = []
    for i in range(messages):
        n = _FIRST_MESSAGE_PARAMETER + i * len(_COLUMNS)
        values.append(
            f"(CAST(${n} AS uuid), CAST(${n + 1} AS uuid), CAST(${n + 2} AS text), "
            f"CAST(${n + 3} AS jsonb), CAST(${n + 4} AS jsonb))"
        )
    staged = (
        f'staged AS (INSERT INTO "{SCHEMA}".outbox (id, tenant_id, type, envelope, headers) '
        f"SELECT * FROM (VALUES {', '.join(values)}) "
        "AS message(id, tenant_id, type, envelope, headers) "
        "WHERE EXISTS (SELECT 1 FROM claimed) RETURNING 1)"
    )
    notify = f"(SELECT pg_notify('{outbox.channel(SCHEMA)}', '') FROM staged LIMIT 1) AS notified"
    return f"WITH {_CURRENT}, {_CLAIMED}, {staged} SELECT {_ANSWER}, {notify}"


_STATEMENTS = {count: statement(count) for count in range(3)}


async def take_in(
    connection: asyncpg.Connection | asyncpg.Pool,
    *,
    connection_id: uuid.UUID,
    key_id: str,
    ciphertext: bytes,
    source_event_key: str,
    topic: str,
    outcome: str,
    received_at: datetime,
    messages: Sequence[dict[str, Any]],
) -> Claim:
    """Record a webhook's event key and stage ``messages`` (``outbox.row`` values) with it.

    Runs as a statement of its own outside any transaction block: committed when it returns."""
    arguments: list[Any] = [
        connection_id,
        key_id,
        ciphertext,
        source_event_key,
        topic,
        outcome,
        received_at,
    ]
    for row in messages:
        arguments.extend(row[column] for column in _COLUMNS)
    sql = _STATEMENTS.get(len(messages)) or statement(len(messages))
    answer = await connection.fetchrow(sql, *arguments)
    assert answer is not None  # a SELECT without FROM always yields its one row
    return Claim(is_current=bool(answer["is_current"]), is_new=bool(answer["is_new"]))
