"""Run payload snapshots follow the tenant's retention (the logger's setting, told by
``tenant.retention.set.v1``; ``SYNCYARD_DEFAULT_RETENTION_DAYS`` for a tenant that set none).

A run clears its record when it ends well; a failed run keeps the record and the command it
was waiting on, so a retry can map it again. Once the run ended longer ago than the tenant's
retention, both are cleared (set to null): the run, its state and its step history stay, and
a retry of it reads the record afresh or fails saying so.
"""

from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from syncyard_common.broker import inbox
from syncyard_common.broker.consumer import Handler
from syncyard_common.broker.errors import PermanentError
from syncyard_common.messages import Envelope
from syncyard_common.messages.retention import TenantRetentionSetV1
from syncyard_common.runtime.periodic import PeriodicTask
from syncyard_common.telemetry import get_logger
from syncyard_orchestrator.data_subjects.tables import TenantRetention
from syncyard_orchestrator.schema import SCHEMA

QUEUE = "orchestrator.retention"
_log = get_logger(__name__)
_SNAPSHOTS = ("record", "pending_command")
_HOLDS = " OR ".join(f"jsonb_typeof(state_json -> '{key}') = 'object'" for key in _SNAPSHOTS)
_EXPIRE = text(
    f"UPDATE {SCHEMA}.run AS r SET state_json = "
    "jsonb_set(jsonb_set(r.state_json, '{record}', 'null'), '{pending_command}', 'null') "
    f"WHERE r.finished_at IS NOT NULL AND ({_HOLDS}) "
    "AND r.finished_at < CAST(:now AS timestamptz) - make_interval(days => COALESCE("
    f"(SELECT t.retention_days FROM {SCHEMA}.tenant_retention AS t "
    "WHERE t.tenant_id = r.tenant_id), :default_days))"
)


def make_handler(sessions: async_sessionmaker[AsyncSession]) -> Handler:
    async def on_retention_set(envelope: Envelope) -> None:
        if envelope.type != TenantRetentionSetV1.model_fields["type"].default:
            raise PermanentError("unsupported_type", f"{QUEUE} takes only tenant.retention.set.v1")
        told = TenantRetentionSetV1.model_validate(envelope.payload)
        async with sessions() as session, session.begin():
            if not await inbox.claim(
                session, schema=SCHEMA, consumer=QUEUE, message_id=envelope.id
            ):
                return
            values = {"retention_days": told.retention_days, "updated_at": envelope.time}
            statement = insert(TenantRetention).values(tenant_id=envelope.tenant_id, **values)
            await session.execute(
                statement.on_conflict_do_update(
                    index_elements=[TenantRetention.tenant_id],
                    set_=values,
                    # A late copy of an older setting never overwrites a newer one.
                    where=TenantRetention.updated_at <= envelope.time,
                )
            )

    return on_retention_set


async def expire_once(engine: AsyncEngine, *, now: datetime, default_days: int) -> int:
    """Clear the snapshots of runs that ended before their tenant's retention; returns runs."""
    async with engine.begin() as conn:
        result = await conn.execute(_EXPIRE, {"now": now, "default_days": default_days})
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def snapshot_expiry(
    engine: AsyncEngine, *, default_days: int, interval_seconds: float
) -> PeriodicTask:
    """Runs ``expire_once`` every ``interval_seconds``."""

    async def expire() -> None:
        expired = await expire_once(engine, now=datetime.now(UTC), default_days=default_days)
        if expired:
            _log.info("run snapshots expired", runs=expired)

    return PeriodicTask("run-snapshot-expiry", expire, interval_seconds=interval_seconds)
