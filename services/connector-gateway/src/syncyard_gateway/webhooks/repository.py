"""All SQL about the webhook inbox."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import TextClause, text
from sqlalchemy.ext.asyncio import AsyncConnection

from syncyard_common.broker import outbox
from syncyard_gateway.schema import SCHEMA

# Only while the connection still holds the credentials the signature was checked with.
_CURRENT = (
    f"current AS (SELECT 1 FROM {SCHEMA}.connection WHERE id = CAST(:connection_id AS uuid) "
    "AND key_id = :key_id AND credentials_ciphertext = :ciphertext)"
)
# Dedupe on the vendor's event key: a second delivery inserts nothing.
_CLAIMED = (
    f"claimed AS (INSERT INTO {SCHEMA}.webhook_inbox "
    "(connection_id, source_event_key, topic, outcome, received_at) "
    "SELECT CAST(:connection_id AS uuid), :event_key, :topic, :outcome, "
    "CAST(:received_at AS timestamptz) FROM current "
    "ON CONFLICT (connection_id, source_event_key) DO NOTHING RETURNING 1)"
)
_ANSWER = "EXISTS (SELECT 1 FROM current) AS is_current, EXISTS (SELECT 1 FROM claimed) AS is_new"


@dataclass(frozen=True)
class Claim:
    is_current: bool  # False: the connection is gone or its credentials changed meanwhile
    is_new: bool  # False: this connection took the event in before (or is_current is False)


def _statement(messages: int) -> TextClause:
    """One statement, so one round trip and its own transaction: the guard, the inbox row and
    the outbox rows (only when the inbox row is new) with the relay's wake-up."""
    if not messages:
        return text(f"WITH {_CURRENT}, {_CLAIMED} SELECT {_ANSWER}")
    values = ", ".join(
        f"(CAST(:id{i} AS uuid), CAST(:tenant_id{i} AS uuid), CAST(:type{i} AS text), "
        f"CAST(:envelope{i} AS jsonb), CAST(:headers{i} AS jsonb))"
        for i in range(messages)
    )
    staged = (
        f'staged AS (INSERT INTO "{SCHEMA}".outbox (id, tenant_id, type, envelope, headers) '
        f"SELECT * FROM (VALUES {values}) AS message(id, tenant_id, type, envelope, headers) "
        "WHERE EXISTS (SELECT 1 FROM claimed) RETURNING 1)"
    )
    notify = f"(SELECT pg_notify('{outbox.channel(SCHEMA)}', '') FROM staged LIMIT 1) AS notified"
    return text(f"WITH {_CURRENT}, {_CLAIMED}, {staged} SELECT {_ANSWER}, {notify}")


_STATEMENTS = {count: _statement(count) for count in range(3)}


async def take_in(
    connection: AsyncConnection,
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

    Runs as a statement of its own on an autocommit connection: committed when it returns."""
    params: dict[str, Any] = {
        "connection_id": connection_id,
        "key_id": key_id,
        "ciphertext": ciphertext,
        "event_key": source_event_key,
        "topic": topic,
        "outcome": outcome,
        "received_at": received_at,
    }
    for i, row in enumerate(messages):
        params.update({f"{name}{i}": value for name, value in row.items()})
    statement = _STATEMENTS.get(len(messages))
    if statement is None:
        statement = _statement(len(messages))
    answer = (await connection.execute(statement, params)).one()
    return Claim(is_current=bool(answer.is_current), is_new=bool(answer.is_new))
