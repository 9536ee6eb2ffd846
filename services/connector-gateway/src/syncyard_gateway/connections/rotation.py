"""Key rotation: re-encrypt every stored credential with the active key.

Run after putting a new key first in SYNCYARD_CREDENTIAL_KEYS and before removing the old one:
``python -m syncyard_gateway.connections.rotation``.
"""

import asyncio
import uuid
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from syncyard_common import sealing
from syncyard_common.db import engine as db_engine
from syncyard_common.telemetry import configure_logging, get_logger
from syncyard_gateway.connections import credentials, repository
from syncyard_gateway.connections.tables import connection
from syncyard_gateway.settings import GatewaySettings

_log = get_logger(__name__)


async def rewrap(
    *,
    sessionmaker: async_sessionmaker[AsyncSession],
    keyring: sealing.KeyRing,
    batch_size: int = 100,
) -> int:
    """Re-encrypt rows sealed with an older key, in batches; returns how many were rewritten.

    A row no configured key can open is logged and left alone (it needs its credentials again).
    """
    rewritten = 0
    after = uuid.UUID(int=0)
    while True:
        async with sessionmaker() as session, session.begin():
            rows = (
                await session.execute(
                    select(
                        connection.c.id,
                        connection.c.tenant_id,
                        connection.c.key_id,
                        connection.c.credentials_ciphertext,
                    )
                    .where(connection.c.key_id != keyring.active_key_id, connection.c.id > after)
                    .order_by(connection.c.id)
                    .limit(batch_size)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            if not rows:
                return rewritten
            for connection_id, tenant_id, key_id, ciphertext in rows:
                after = connection_id
                try:
                    sealed = credentials.reseal(
                        keyring,
                        sealing.Sealed(key_id, bytes(ciphertext)),
                        tenant_id=tenant_id,
                        connection_id=connection_id,
                    )
                except credentials.CredentialsUndecryptable as exc:
                    _log.warning(
                        "credentials not rewrapped",
                        connection_id=str(connection_id),
                        reason=str(exc),
                    )
                    continue
                await repository.replace_sealed(
                    session, connection_id=connection_id, sealed=sealed, now=datetime.now(UTC)
                )
                rewritten += 1


async def _main() -> None:
    settings = GatewaySettings()
    configure_logging(service_name=settings.service_name, level=settings.log_level)
    engine = db_engine.create_engine(settings.database_url, pool_size=1)
    try:
        count = await rewrap(
            sessionmaker=db_engine.create_sessionmaker(engine), keyring=settings.keyring()
        )
    finally:
        await engine.dispose()
    _log.info("credentials rewrapped", count=count)


if __name__ == "__main__":
    asyncio.run(_main())
