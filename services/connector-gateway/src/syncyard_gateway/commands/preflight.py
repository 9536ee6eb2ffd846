"""What a command needs to know before its remote call, in one statement and no transaction.

Has this consumer answered the message already (a redelivery makes no remote call), which
connection does it name, and is that connection's remote failing (outages)? Three reads,
asked as one ``SELECT`` on a connection in autocommit: one round trip instead of five
(``BEGIN``, three statements, ``COMMIT``). Nothing here needs a transaction: each answer is
checked again where it matters (the inbox claim in the answer's transaction is the guard, and
a probe claim is its own conditional ``UPDATE``).
"""

import uuid
from dataclasses import dataclass

from sqlalchemy import Column, MetaData, Table, Text, Uuid, exists, literal_column, select
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_gateway.connections import repository as connections
from syncyard_gateway.connections.repository import ConnectionRecord
from syncyard_gateway.connections.tables import connection
from syncyard_gateway.outages import repository as outages
from syncyard_gateway.outages.tables import connection_outage as outage
from syncyard_gateway.outages.verdict import Streak
from syncyard_gateway.schema import SCHEMA

# The shared inbox table (db/messaging_tables.py), only the columns asked for here.
_inbox = Table(
    "inbox",
    MetaData(schema=SCHEMA),
    Column("consumer", Text, primary_key=True),
    Column("message_id", Uuid, primary_key=True),
)
_AUTOCOMMIT = {"isolation_level": "AUTOCOMMIT"}


@dataclass(frozen=True)
class Preflight:
    handled: bool
    record: ConnectionRecord | None
    streak: Streak | None


async def read(
    session: AsyncSession, *, consumer: str, message_id: uuid.UUID, connection_id: uuid.UUID
) -> Preflight:
    """Call on a session that has run nothing yet: it is switched to autocommit."""
    await session.connection(execution_options=_AUTOCOMMIT)
    anchor = select(literal_column("1").label("anchor")).subquery()
    handled = exists().where(_inbox.c.consumer == consumer, _inbox.c.message_id == message_id)
    statement = select(
        *outages.STREAK_COLUMNS,  # first: streak_from_row reads them by position
        handled.label("handled"),
        *connection.c,
    ).select_from(
        anchor.outerjoin(connection, connection.c.id == connection_id).outerjoin(
            outage, outage.c.connection_id == connection_id
        )
    )
    row = (await session.execute(statement)).one()
    return Preflight(
        handled=bool(row.handled),
        record=connections.record_from_row(row) if row.id is not None else None,
        streak=outages.streak_from_row(row) if row.first_failure_at is not None else None,
    )
