"""``orchestrator.erasures``: each service's ``data_subject.erased.v1`` into the receipt."""

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from syncyard_common.broker.consumer import Handler
from syncyard_common.broker.errors import PermanentError
from syncyard_common.messages import Envelope
from syncyard_orchestrator.data_subjects import service

ERASED = "data_subject.erased.v1"
QUEUE = service.RECEIPTS


def make_handler(sessions: async_sessionmaker[AsyncSession]) -> Handler:
    async def on_erased(envelope: Envelope) -> None:
        if envelope.type != ERASED:
            raise PermanentError("unsupported_type", f"{service.RECEIPTS} takes only {ERASED}")
        async with sessions() as session, session.begin():
            await service.record_report(session, envelope, now=datetime.now(UTC))

    return on_erased
