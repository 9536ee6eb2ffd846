"""The services' pool never hands out a connection the database has closed (db/engine.py),
without paying a ping per checkout."""

from sqlalchemy import text

from syncyard_common.db import engine as db_engine
from tests.fixtures.eventually import eventually


async def test_a_connection_the_server_closed_is_replaced_at_checkout(postgres_url: str) -> None:
    engine = db_engine.create_engine(postgres_url, pool_size=1)
    other = db_engine.create_engine(postgres_url, pool_size=1)
    try:
        async with engine.connect() as connection:
            pid = (await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one()
            driver = (await connection.get_raw_connection()).driver_connection
        # What a restart does to every session: the server ends it while it idles in the pool.
        async with other.connect() as connection:
            await connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        await eventually(driver.is_closed, timeout=10, what="asyncpg saw its socket close")

        async with engine.connect() as connection:  # no error: a new connection is made
            new_pid = (await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        assert new_pid != pid
    finally:
        await engine.dispose()
        await other.dispose()


async def test_a_checkout_sends_nothing_before_the_first_statement(postgres_url: str) -> None:
    """No pre-ping: the pooled connection's first round trip is the caller's own statement."""
    engine = db_engine.create_engine(postgres_url, pool_size=1)
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
            driver = (await connection.get_raw_connection()).driver_connection
        sent: list[str] = []
        driver.add_query_logger(lambda record: sent.append(record.query))
        async with engine.begin() as connection:
            await connection.execute(text("SELECT 2"))
        # asyncpg logs the plain queries (its prepared SELECT is not among them): the ping would
        # be BEGIN, ";" and ROLLBACK before these.
        assert sent == ["BEGIN;", "COMMIT;"], sent
    finally:
        await engine.dispose()
