"""The dry run's use case: read samples, map them, look them up, let the flow decide.

Reads only: the orchestrator's own tables (integration, flow, links) in short transactions,
and the gateway and the mapper over HTTP. No run row, no outbox row, no remote write."""

import uuid
from collections import defaultdict
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.messages import records
from syncyard_orchestrator.dry_run import trials
from syncyard_orchestrator.dry_run.errors import (
    DirectionNotSupported,
    FlowNotConfigured,
    PeerFailed,
)
from syncyard_orchestrator.dry_run.peers import Peers
from syncyard_orchestrator.dry_run.schemas import (
    DryRunIn,
    DryRunOut,
    MappingUsed,
    RecordDecision,
    RecordTrialOut,
)
from syncyard_orchestrator.flows import flow_rules, orders
from syncyard_orchestrator.integrations import connector_capabilities
from syncyard_orchestrator.integrations import errors as integration_errors
from syncyard_orchestrator.integrations import repository as integrations_repository
from syncyard_orchestrator.integrations import service as integrations_service
from syncyard_orchestrator.integrations.tables import Integration
from syncyard_orchestrator.links import repository as links_repository

MAX_LOOKUP_ROUNDS = 4  # orders ask three times (order, customer, products); records once


async def dry_run(
    *,
    session: AsyncSession,
    tenant_id: uuid.UUID,
    integration_id: uuid.UUID,
    flow: str,
    dry_run_in: DryRunIn,
    peers: Peers,
    now: datetime,
) -> DryRunOut:
    if flow not in flow_rules.FLOW_NAMES:
        raise integration_errors.UnknownFlow(flow, flow_rules.FLOW_NAMES)
    async with session.begin():
        integration = await integrations_service.get(
            session=session, tenant_id=tenant_id, integration_id=integration_id
        )
        found = await integrations_repository.flow_of(
            session, integration_id=integration_id, flow=flow
        )
    if found is None:
        raise FlowNotConfigured(flow)
    settings = flow_rules.SETTINGS_MODELS[flow].model_validate(found[1].settings)
    direction = dry_run_in.direction or found[1].direction
    tried: list[trials.Trial] = []
    mappings: list[MappingUsed] = []
    for reading_id, reader, writing_id, writer in integrations_service.sides(
        integration, direction
    ):
        _check_capabilities(flow, reader, writer)
        sides = trials.Sides(
            integration_id=integration.id,
            tenant_id=tenant_id,
            direction=_direction_of(integration, reading_id),
            source_connection_id=reading_id,
            source_connector=reader,
            target_connection_id=writing_id,
            target_connector=writer,
        )
        entity = orders.FLOW if flow == orders.FLOW else flow_rules.rules_for(flow).entity
        samples = await peers.samples(reading_id, entity, dry_run_in.limit)
        started = await _start(session, sides, flow, settings, samples, now)
        used = await _map(peers, sides, flow, started, now)
        if used is not None:
            mappings.append(used)
        await _look_up(peers, sides, started, now)
        tried.extend(started)
    return DryRunOut(
        integration_id=integration.id,
        flow=flow,
        mappings=mappings,
        records=[_out(trial) for trial in tried],
    )


def _check_capabilities(flow: str, reader: str, writer: str) -> None:
    """The same refusal as when the flow is saved: a direction the connectors cannot carry."""
    if not connector_capabilities.can(reader, "reads", flow):
        raise DirectionNotSupported(f"{connector_capabilities.title(reader)} cannot read {flow}.")
    if not connector_capabilities.can(writer, "writes", flow):
        raise DirectionNotSupported(f"{connector_capabilities.title(writer)} cannot write {flow}.")


def _direction_of(integration: Integration, reading_id: uuid.UUID) -> str:
    forward = reading_id == integration.source_connection_id
    return "source_to_target" if forward else "target_to_source"


async def _start(
    session: AsyncSession,
    sides: trials.Sides,
    flow: str,
    settings: BaseModel,
    samples: list[Any],
    now: datetime,
) -> list[trials.Trial]:
    """Each sample arrives as a change would: screened, and asking to be mapped."""
    samples = [sample for sample in samples if isinstance(sample, dict)]
    if flow == orders.FLOW:
        assert isinstance(settings, orders.OrderFlowSettings)
        machine = trials.OrderMachine(settings)
        return [
            trials.start_order(sides, machine, sample, run_id=uuid.uuid4(), now=now)
            for sample in samples
        ]
    rules = flow_rules.rules_for(flow)
    record_machine = trials.RecordMachine(rules, settings)
    started = []
    async with session.begin():  # links only: the target ids of a record's categories
        for sample in samples:
            changed = records.RecordChangedV1(
                connection_id=sides.source_connection_id,
                entity=rules.entity,  # type: ignore[arg-type]
                source_id=trials.source_id_of(sample) or "?",
                record=sample,
                topic="dry run",
                source_event_key="dry-run",
            )
            links, found_id = await links_repository.known_for(
                session, sides.integration_id, changed
            )
            started.append(
                trials.start_record(
                    sides,
                    record_machine,
                    sample,
                    run_id=uuid.uuid4(),
                    links=links,
                    found_id=found_id,
                    now=now,
                )
            )
    return started


async def _map(
    peers: Peers, sides: trials.Sides, flow: str, started: list[trials.Trial], now: datetime
) -> MappingUsed | None:
    """The tenant's current mapping (or the pair's default), pinned and previewed."""
    waiting = [trial for trial in started if trial.needs_mapping]
    if not waiting:
        return None
    pair = (sides.source_connector, sides.target_connector)
    try:
        current = await peers.current_mapping(sides.integration_id, flow, pair)
    except PeerFailed as failed:
        if failed.remote_code != "mapping_not_found":
            raise
        for trial in waiting:  # as a run would: it fails at its map step, with the reason
            trials.mapping_unavailable(trial, failed.reason, now=now)
        return None
    inputs = [dict(getattr(trial.waiting_for, "record", {})) for trial in waiting]
    previews = await peers.preview(sides.integration_id, flow, pair, current.document, inputs)
    for trial, preview in zip(waiting, previews, strict=True):
        trials.mapped(
            trial,
            preview,
            mapping_id=current.used.mapping_id,
            version=current.used.version,
            now=now,
        )
    return current.used


async def _look_up(
    peers: Peers, sides: trials.Sides, started: list[trials.Trial], now: datetime
) -> None:
    """Answer the runs' look-ups in the target, one gateway call per entity and round."""
    for _ in range(MAX_LOOKUP_ROUNDS):
        for trial in started:  # an order is checked against the target before its look-ups
            if trial.needs_check:
                verdict = await peers.check_order(sides.target_connection_id, trial.placing)
                trials.checked(trial, verdict, now=now)
        asking = [(trial, trial.lookup) for trial in started if trial.lookup is not None]
        if not asking:
            return
        keys: dict[tuple[str, str | None], list[str]] = defaultdict(list)
        for _trial, lookup in asking:
            assert lookup is not None
            keys[lookup.batch].extend(lookup.keys)
        answers = {
            batch: await peers.look_up(
                sides.target_connection_id, batch[0], list(dict.fromkeys(wanted)), batch[1]
            )
            for batch, wanted in keys.items()
        }
        for trial, lookup in asking:
            assert lookup is not None
            trials.answered(trial, answers[lookup.batch], now=now)


def _out(trial: trials.Trial) -> RecordTrialOut:
    decision = trial.decision or RecordDecision(
        action="fail", reason="the dry run could not finish this record's look-ups"
    )
    return RecordTrialOut(
        direction=trial.direction,
        source=trial.source,
        mapped=trial.mapped,
        mapping_version=trial.mapping_version,
        decision=decision,
        errors=trial.errors,
    )
