"""Use case: what a mapping version (the current one by default) would send for a run, against
what the run sent. The I/O is here and in ``peers.py``; the comparison is ``diff.py``."""

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.web.errors import NotFound
from syncyard_orchestrator.dry_run.errors import PeerFailed
from syncyard_orchestrator.dry_run.peers import CurrentMapping
from syncyard_orchestrator.mapping_diff import diff, evidence, schemas
from syncyard_orchestrator.mapping_diff.errors import MappingVersionNotFound, RunNotMapped
from syncyard_orchestrator.mapping_diff.peers import DiffPeers
from syncyard_orchestrator.runs import repository as runs


async def _last_mapping(peers: DiffPeers, run_id: uuid.UUID) -> evidence.MappedRecord:
    try:
        entries = await peers.run_log(run_id)
    except PeerFailed as error:
        if error.remote_code != "run_not_found":  # the logger has no entry of the run
            raise
        entries = []
    mapped = evidence.last_mapping(entries)
    if mapped is None:
        raise RunNotMapped(run_id)
    return mapped


async def _mapping(
    peers: DiffPeers,
    integration_id: uuid.UUID,
    flow: str,
    pair: tuple[str, str],
    version: int | None,
) -> CurrentMapping:
    if version is None:
        return await peers.current_mapping(integration_id, flow, pair)
    try:
        return await peers.mapping_version(integration_id, flow, pair, version)
    except PeerFailed as error:
        if error.remote_code == "mapping_version_not_found":
            raise MappingVersionNotFound(version) from None
        raise


async def mapping_diff(
    *,
    session: AsyncSession,
    tenant_id: uuid.UUID,
    run_id: uuid.UUID,
    version: int | None,
    peers: DiffPeers,
) -> schemas.MappingDiffOut:
    """The run's source record through ``version`` (None: the current one), field by field
    against what the run's own mapping gave; another tenant's run is a 404."""
    async with session.begin():
        row = await runs.get(session, tenant_id=tenant_id, run_id=run_id)
    if row is None:
        raise NotFound("run_not_found", f"Run {run_id} does not exist.")
    pair = (str(row.state_json["source_connector"]), str(row.state_json["target_connector"]))
    mapped = await _last_mapping(peers, run_id)
    mapping = await _mapping(peers, row.integration_id, row.flow, pair, version)
    [preview] = await peers.preview(
        row.integration_id, row.flow, pair, mapping.document, [mapped.source]
    )
    # A mapping that failed sent nothing: everything the version would send is then added.
    changes = [] if preview.output is None else diff.diff(mapped.sent or {}, preview.output)
    return schemas.MappingDiffOut(
        run_id=row.id,
        integration_id=row.integration_id,
        flow=row.flow,
        run_state=row.state,
        sent=schemas.SentRecord(
            mapping_version=mapped.mapping_version,
            mapped_at=mapped.mapped_at,
            record=mapped.sent,
        ),
        would_send=schemas.WouldSendRecord(
            mapping_id=mapping.used.mapping_id,
            mapping_version=mapping.used.version,
            is_default=mapping.used.is_default,
            record=preview.output,
            errors=preview.errors,
        ),
        changes=[
            schemas.FieldChangeOut(
                path=item.path, change=item.change, before=item.before, after=item.after
            )
            for item in changes
        ],
        is_unchanged=preview.output is not None and mapped.sent is not None and not changes,
        replay=_replay(row.id, row.state, version),
    )


def _replay(run_id: uuid.UUID, run_state: str, version: int | None) -> str | None:
    """A replay through the current version is a retry (it maps with the current version)."""
    if run_state != "failed" or version is not None:
        return None
    return f"POST /v1/runs/{run_id}/retry"
