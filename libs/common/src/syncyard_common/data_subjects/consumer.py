"""Every service's handler of ``data_subject.erase.requested.v1``: erase the person from its
own schema and report what it erased (``data_subject.erased.v1``) in the same transaction."""

from aio_pika.abc import AbstractRobustConnection
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from syncyard_common.broker import inbox, outbox
from syncyard_common.broker.consumer import Consumer, Handler
from syncyard_common.broker.errors import PermanentError
from syncyard_common.data_subjects.eraser import erase_schema
from syncyard_common.data_subjects.masking import Subject
from syncyard_common.messages import Envelope
from syncyard_common.messages.data_subjects import DataSubjectErasedV1, DataSubjectEraseRequestedV1
from syncyard_common.settings import BaseServiceSettings

REQUESTED = "data_subject.erase.requested.v1"


def queue_of(schema: str) -> str:
    return f"{schema}.data_subjects"


def make_handler(
    sessions: async_sessionmaker[AsyncSession], *, schema: str, source: str
) -> Handler:
    async def on_erase_requested(envelope: Envelope) -> None:
        if envelope.type != REQUESTED:
            raise PermanentError("unsupported_type", f"{queue_of(schema)} takes only {REQUESTED}")
        request = DataSubjectEraseRequestedV1.model_validate(envelope.payload)
        subject = Subject.of(request.emails, request.customer_refs)
        async with sessions() as session, session.begin():
            claimed = await inbox.claim(
                session, schema=schema, consumer=queue_of(schema), message_id=envelope.id
            )
            if not claimed:
                return
            erased = await erase_schema(
                await session.connection(),
                schema=schema,
                tenant_id=envelope.tenant_id,
                subject=subject,
            )
            report = DataSubjectErasedV1(
                erasure_id=request.erasure_id, service=source, erased=erased
            )
            await outbox.add(
                session,
                schema=schema,
                envelope=Envelope(
                    type=report.type,
                    source=source,
                    tenant_id=envelope.tenant_id,
                    causation_id=envelope.id,
                    payload=report.model_dump(mode="json"),
                ),
            )

    return on_erase_requested


def erase_consumer(
    broker: AbstractRobustConnection,
    sessions: async_sessionmaker[AsyncSession],
    *,
    schema: str,
    settings: BaseServiceSettings,
) -> Consumer:
    """The consumer of ``<schema>.data_subjects`` (start and stop it with the service's own)."""
    return Consumer(
        broker,
        queue=queue_of(schema),
        handler=make_handler(sessions, schema=schema, source=settings.service_name),
        prefetch=1,  # erasures are rare and each scans the service's tables
        retry_scale=settings.retry_time_scale,
    )
