"""Ask every service to erase a person; collect their reports into the receipt."""

import hashlib
import hmac
import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.auth.principal import Principal
from syncyard_common.broker import inbox, outbox, topology
from syncyard_common.messages import Envelope
from syncyard_common.messages.audit import StepOutcome, StepRecordedV1
from syncyard_common.messages.data_subjects import DataSubjectErasedV1, DataSubjectEraseRequestedV1
from syncyard_common.web.errors import NotFound
from syncyard_orchestrator.data_subjects.schemas import EraseRequest, ErasureOut, ServiceReport
from syncyard_orchestrator.data_subjects.tables import Erasure
from syncyard_orchestrator.schema import SCHEMA, SOURCE

RECEIPTS = "orchestrator.erasures"


def subject_hash(request: EraseRequest, *, tenant_id: uuid.UUID, salt: bytes) -> str:
    named = "\n".join([str(tenant_id), *sorted(request.emails), *sorted(request.customer_refs)])
    return hmac.new(salt, named.encode(), hashlib.sha256).hexdigest()


async def request_erasure(
    session: AsyncSession,
    request: EraseRequest,
    *,
    principal: Principal,
    salt: bytes,
    now: datetime,
) -> Erasure:
    """The erasure row, the broadcast and an activity-log entry, in one transaction."""
    erasure = Erasure(
        id=uuid.uuid4(),
        tenant_id=principal.tenant_id,
        subject_hash=subject_hash(request, tenant_id=principal.tenant_id, salt=salt),
        requested_by=f"{principal.subject} ({principal.role.value})"[:200],
        requested_at=now,
        reports={},
    )
    session.add(erasure)
    asked = DataSubjectEraseRequestedV1(
        erasure_id=erasure.id, emails=request.emails, customer_refs=request.customer_refs
    )
    entry = StepRecordedV1(
        step="data_subject_erase",
        outcome=StepOutcome.OK,
        message=f"Erasure {erasure.id} of data subject {erasure.subject_hash[:16]} (salted hash) "
        f"asked by {erasure.requested_by}.",
    )
    for message in (asked, entry):
        await outbox.add(
            session,
            schema=SCHEMA,
            envelope=Envelope(
                type=message.type,
                source=SOURCE,
                tenant_id=principal.tenant_id,
                correlation_id=erasure.id,
                payload=message.model_dump(mode="json"),
            ),
        )
    await session.flush()
    return erasure


async def record_report(session: AsyncSession, envelope: Envelope, *, now: datetime) -> None:
    """One service's part; the last one completes the erasure. Once per message (inbox)."""
    report = DataSubjectErasedV1.model_validate(envelope.payload)
    if not await inbox.claim(session, schema=SCHEMA, consumer=RECEIPTS, message_id=envelope.id):
        return
    erasure = (
        await session.execute(
            select(Erasure)
            .where(Erasure.id == report.erasure_id, Erasure.tenant_id == envelope.tenant_id)
            .with_for_update()
        )
    ).scalar_one_or_none()
    if erasure is None:
        return
    reports = dict(erasure.reports)
    reports[report.service] = {"erased": report.erased, "at": now.isoformat()}
    erasure.reports = reports
    if set(topology.DATA_SUBJECT_SERVICES) <= set(reports):
        erasure.completed_at = now


async def receipt(
    session: AsyncSession, erasure_id: uuid.UUID, *, tenant_id: uuid.UUID
) -> ErasureOut:
    erasure = (
        await session.execute(
            select(Erasure).where(Erasure.id == erasure_id, Erasure.tenant_id == tenant_id)
        )
    ).scalar_one_or_none()
    if erasure is None:
        raise NotFound("erasure_not_found", f"No erasure {erasure_id}.", field="erasure_id")
    return to_out(erasure)


def to_out(erasure: Erasure) -> ErasureOut:
    services = {
        name: ServiceReport.model_validate(part) for name, part in sorted(erasure.reports.items())
    }
    return ErasureOut(
        id=erasure.id,
        status="done" if erasure.completed_at is not None else "pending",
        subject_hash=erasure.subject_hash,
        requested_by=erasure.requested_by,
        requested_at=erasure.requested_at,
        completed_at=erasure.completed_at,
        services=services,
        waiting_for=[s for s in topology.DATA_SUBJECT_SERVICES if s not in services],
    )
