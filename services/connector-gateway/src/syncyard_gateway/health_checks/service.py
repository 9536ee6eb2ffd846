"""Check one connection: one real call, then its status and at most one event, in one commit."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from syncyard_common.telemetry import get_logger
from syncyard_gateway.connections import credentials, health, live
from syncyard_gateway.connections import repository as connections
from syncyard_gateway.connectors import errors as connector_errors
from syncyard_gateway.health_checks import metrics, repository
from syncyard_gateway.health_checks.verdict import Finding, judge
from syncyard_gateway.outages import service as outages

_log = get_logger(__name__)


@dataclass(frozen=True)
class Probe:
    finding: Finding
    code: str | None = None
    reason: str | None = None


async def probe(factory: live.ConnectorFactory, record: connections.ConnectionRecord) -> Probe:
    """Call ``test_connection`` and sort the outcome into a Finding."""
    try:
        async with factory.use(record) as connector:
            await connector.test_connection()
    except live.KeysUnavailable:
        return Probe(Finding.INCONCLUSIVE)  # our configuration, not the connection's fault
    except credentials.CredentialsUndecryptable:
        return Probe(
            Finding.REJECTED,
            "credentials_unreadable",
            "The stored credentials cannot be decrypted; save them again.",
        )
    except connector_errors.ConnectorTransientError as exc:
        if exc.code == "rate_limited":  # it answered, only not now
            return Probe(Finding.INCONCLUSIVE, exc.code, exc.reason)
        return Probe(Finding.UNREACHABLE, exc.code, exc.reason)
    except connector_errors.ConnectorError as exc:
        return Probe(Finding.REJECTED, exc.code, exc.reason)
    return Probe(Finding.REACHED)


@dataclass
class ConnectionCheck:
    sessionmaker: async_sessionmaker[AsyncSession]
    factory: live.ConnectorFactory
    failures_to_alert: int

    async def check(self, connection_id: uuid.UUID, *, unreachable_checks: int) -> Finding | None:
        """Test the connection once; None when it no longer exists."""
        async with self.sessionmaker() as session, session.begin():
            record = await connections.get_unscoped(session, connection_id=connection_id)
        if record is None:
            return None
        found = await probe(self.factory, record)
        verdict = judge(
            found.finding,
            unreachable_checks=unreachable_checks,
            failures_to_alert=self.failures_to_alert,
        )
        now = datetime.now(UTC)
        async with self.sessionmaker() as session, session.begin():
            # Read again inside the transaction: a command may have changed the status since.
            current = await connections.get_unscoped(session, connection_id=connection_id)
            if current is None:
                return None
            if verdict.is_failing is True:
                await health.record_failure(
                    session,
                    record=current,
                    code=found.code or found.finding.value,
                    reason=found.reason or "The connection check failed.",
                    now=now,
                )
            elif verdict.is_failing is False:
                await health.record_success(session, record=current, now=now)
            if found.finding in (Finding.REACHED, Finding.REJECTED):
                # It answered: an outage nobody's work is waiting on ends here too.
                await outages.record_success(session, record=current, now=now)
            await repository.record_result(
                session,
                connection_id=connection_id,
                checked_at=now,
                unreachable_checks=verdict.unreachable_checks,
                last_error=f"{found.code}: {found.reason}" if found.code else None,
            )
        metrics.CHECKS.labels(found.finding.value).inc()
        if found.finding is not Finding.REACHED:
            _log.info(
                "connection check did not pass",
                connection_id=str(connection_id),
                finding=found.finding.value,
                code=found.code,
            )
        return found.finding
