"""``mapper.record.map.v1`` → apply the mapping → result + audit entry, in one transaction."""

import time

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from syncyard_common.broker import inbox, outbox
from syncyard_common.broker.consumer import Handler
from syncyard_common.messages import Envelope, audit, mapping
from syncyard_mapper.engine import cache, document
from syncyard_mapper.engine.errors import FieldError, MappingError
from syncyard_mapper.engine.value_maps import ValueMap
from syncyard_mapper.integrations import ownership
from syncyard_mapper.mappings import service
from syncyard_mapper.sandbox import runs
from syncyard_mapper.schema import SCHEMA
from syncyard_mapper.settings import QUEUE
from syncyard_mapper.value_maps import service as value_maps

SOURCE = "mapper"


Outcome = mapping.RecordMappedV1 | mapping.RecordMappingFailedV1


def _follow_up(command: Envelope, message: Outcome | audit.StepRecordedV1) -> Envelope:
    """An envelope caused by ``command``: same tenant, integration, flow and run."""
    return Envelope(
        type=message.type,
        source=SOURCE,
        subject=command.subject,
        tenant_id=command.tenant_id,
        integration_id=command.integration_id,
        flow=command.flow,
        correlation_id=command.correlation_id,
        causation_id=command.id,
        payload=message.model_dump(mode="json"),
    )


def _no_mapping(command: mapping.MapRecordV1) -> Outcome:
    return mapping.RecordMappingFailedV1(
        mapping_id="none",
        mapping_version=0,
        field=None,
        reason=(
            f"No mapping for flow {command.flow!r} from {command.source_connector!r} "
            f"to {command.target_connector!r}: save one for this integration."
        ),
    )


async def _map(
    envelope: Envelope,
    command: mapping.MapRecordV1,
    resolved: service.ResolvedMapping,
    effective: document.MappingDocument,
    maps: dict[str, ValueMap],
) -> Outcome:
    # In a sandbox worker: a runaway expression is stopped there, never on this event loop.
    key = (resolved.mapping_id, resolved.version, resolved.base)
    model = service.model_for(command.flow)
    try:
        record = await runs.map_record(
            key, effective, model, command.record, maps, tenant=str(envelope.tenant_id)
        )
    except MappingError as error:
        return mapping.RecordMappingFailedV1(
            mapping_id=resolved.mapping_id,
            mapping_version=resolved.version,
            field=error.field,
            reason=error.reason,
            code=error.code,
        )
    return mapping.RecordMappedV1(
        record=record, mapping_id=resolved.mapping_id, mapping_version=resolved.version
    )


async def _outcome(
    session: AsyncSession,
    envelope: Envelope,
    command: mapping.MapRecordV1,
    compiled_cache: cache.CompiledMappingCache,
) -> Outcome:
    """Resolve the mapping, load the value maps it reads, apply it."""
    if command.flow not in document.FLOW_MODELS:
        return _no_mapping(command)
    # The orchestrator vouches for the tenant of the integration: the API then refuses others.
    await ownership.claim_quietly(
        session, tenant_id=envelope.tenant_id, integration_id=command.integration_id
    )
    resolved = await service.resolve(
        session=session,
        tenant_id=envelope.tenant_id,
        integration_id=command.integration_id,
        flow=command.flow,
        source_connector=command.source_connector,
        target_connector=command.target_connector,
    )
    if resolved is None or resolved.effective is None:
        return _no_mapping(command)
    try:
        compiled = compiled_cache.get(
            mapping_id=resolved.mapping_id,
            version=resolved.version,
            document=resolved.effective,
            model=service.model_for(command.flow),
            base=resolved.base,
        )
    except FieldError as error:  # a version saved before a rule existed; fail, never guess
        return mapping.RecordMappingFailedV1(
            mapping_id=resolved.mapping_id,
            mapping_version=resolved.version,
            field=error.field,
            reason=error.reason,
        )
    maps = await value_maps.for_engine(
        session=session,
        tenant_id=envelope.tenant_id,
        integration_id=command.integration_id,
        names=compiled.value_maps,
    )
    return await _map(envelope, command, resolved, resolved.effective, maps)


def make_map_record_handler(
    *,
    sessionmaker: async_sessionmaker[AsyncSession],
    compiled_cache: cache.CompiledMappingCache,
) -> Handler:
    """The handler of ``mapper.commands``; never passes an untransformed record on."""

    async def on_map_record(envelope: Envelope) -> None:
        command = mapping.MapRecordV1.model_validate(envelope.payload)
        started = time.perf_counter()
        async with sessionmaker() as session, session.begin():
            if not await inbox.claim(
                session, schema=SCHEMA, consumer=QUEUE, message_id=envelope.id
            ):
                return
            result = await _outcome(session, envelope, command, compiled_cache)
            sent = result.record if isinstance(result, mapping.RecordMappedV1) else None
            is_mapped = sent is not None
            step = audit.StepRecordedV1(
                step="map",
                outcome=audit.StepOutcome.OK if is_mapped else audit.StepOutcome.FAILED,
                entity_ref=envelope.subject,
                message=None if is_mapped else _describe(result),
                source_payload=command.record,
                sent_payload=sent,
                duration_ms=round((time.perf_counter() - started) * 1000, 3),
                mapping_version=result.mapping_version,
            )
            # The answer and its audit entry in one statement (one round trip).
            await outbox.add_all(
                session,
                schema=SCHEMA,
                envelopes=[_follow_up(envelope, result), _follow_up(envelope, step)],
            )

    return on_map_record


def _describe(result: Outcome) -> str:
    if isinstance(result, mapping.RecordMappingFailedV1):
        where = f"field {result.field}: " if result.field else ""
        return f"Mapping failed: {where}{result.reason}"
    return "Mapped"
