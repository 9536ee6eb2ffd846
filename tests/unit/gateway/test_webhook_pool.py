"""The intake's webhook pool is as large as SYNCYARD_INTAKE_POOL_SIZE says, and opens nothing
before a webhook needs it (no database here: a replica starts without waiting for one)."""

from sqlalchemy.ext.asyncio import async_sessionmaker

from syncyard_common import sealing
from syncyard_common.db import engine as db_engine
from syncyard_gateway.connections.live import ConnectorFactory
from syncyard_gateway.connectors import http
from syncyard_gateway.egress.clients import ClientPool
from syncyard_gateway.settings import GatewaySettings
from syncyard_gateway.webhooks.receiver import Receiver

UNREACHABLE = "postgresql+asyncpg://syncyard:syncyard@127.0.0.1:9/syncyard"


async def test_the_webhook_pool_takes_its_size_from_the_setting() -> None:
    settings = GatewaySettings(database_url=UNREACHABLE, intake_pool_size=3)
    engine = db_engine.create_engine(settings.database_url, pool_size=1)
    clients = ClientPool(http.create_client)
    keyring = sealing.KeyRing.parse(f"k1:{sealing.generate_key()}")
    factory = ConnectorFactory(keyring=keyring, clients=clients, allow_private_targets=False)
    receiver = await Receiver.open(
        engine,
        sessionmaker=async_sessionmaker(engine),
        factory=factory,
        pool_size=settings.intake_pool_size,
    )
    try:
        assert receiver.pool.get_max_size() == 3
        assert receiver.pool.get_size() == 0
    finally:
        await receiver.close()
        await clients.close()
        await engine.dispose()
