"""A command's reads before its remote call (commands/preflight.py): the same answers as the
three reads they replace, in one statement and no transaction."""

import uuid

from sqlalchemy import text
from sqlalchemy.ext.asyncio import async_sessionmaker

from syncyard_common.db import engine as db_engine
from syncyard_gateway.commands import preflight
from syncyard_gateway.connections import repository as connections
from syncyard_gateway.outages import repository as outage_streaks
from syncyard_gateway.settings import GatewaySettings
from tests.integration.gateway.conftest import RunningGateway
from tests.integration.gateway.test_outages import admit, fail, till

CONSUMER = "gateway.commands"


async def test_answers_as_the_separate_reads_do(
    gateway: RunningGateway, tenant_id: uuid.UUID
) -> None:
    sessions = async_sessionmaker(gateway.engine, expire_on_commit=False)
    record = await till(sessions, tenant_id)
    message_id = uuid.uuid4()

    async with sessions() as session:
        unknown = await preflight.read(
            session, consumer=CONSUMER, message_id=message_id, connection_id=uuid.uuid4()
        )
    assert unknown == preflight.Preflight(handled=False, record=None, streak=None)

    async with sessions() as session:
        healthy = await preflight.read(
            session, consumer=CONSUMER, message_id=message_id, connection_id=record.id
        )
    assert healthy == preflight.Preflight(handled=False, record=record, streak=None)

    await fail(sessions, record, 0)
    await fail(sessions, record, 1)  # failing now: the streak comes along
    async with sessions() as session, session.begin():
        await session.execute(
            text("INSERT INTO gateway.inbox (consumer, message_id) VALUES (:consumer, :id)"),
            {"consumer": CONSUMER, "id": message_id},
        )
        streak = await outage_streaks.get(session, connection_id=record.id)
        assert await connections.get_unscoped(session, connection_id=record.id) == record
    async with sessions() as session:
        failing = await preflight.read(
            session, consumer=CONSUMER, message_id=message_id, connection_id=record.id
        )
    assert streak is not None
    assert failing == preflight.Preflight(handled=True, record=record, streak=streak)
    assert (await admit(sessions, record, 2)).streak == failing.streak


async def test_sends_no_begin_and_no_commit(
    gateway: RunningGateway,  # its tables
    gateway_settings: GatewaySettings,
) -> None:
    engine = db_engine.create_engine(gateway_settings.database_url, pool_size=1)
    sessions = db_engine.create_sessionmaker(engine)
    try:
        async with engine.connect() as connection:  # the pool's one connection, made now
            driver = (await connection.get_raw_connection()).driver_connection
        sent: list[str] = []
        driver.add_query_logger(lambda record: sent.append(record.query))
        async with sessions() as session:
            await preflight.read(
                session, consumer=CONSUMER, message_id=uuid.uuid4(), connection_id=uuid.uuid4()
            )
        async with sessions() as session, session.begin():  # and the pool's next user
            await session.execute(text("SELECT 1"))
    finally:
        await engine.dispose()
    # asyncpg logs the plain queries (BEGIN, COMMIT), not the prepared statements: the
    # preflight's SELECT went alone, and the connection went back to transactions (its
    # BEGIN now names the default isolation level it was reset to: the same round trip).
    assert [query.split(" ")[0] for query in sent] == ["BEGIN", "COMMIT;"], sent
