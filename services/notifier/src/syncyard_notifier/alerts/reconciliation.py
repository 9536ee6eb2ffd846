"""Alerts on reconciliations that found source and target disagreeing: one per report."""

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.messages import Envelope, reconciliations
from syncyard_notifier import compose
from syncyard_notifier.alerts.queue import queue_for_channels
from syncyard_notifier.settings import NotifierSettings

EVENT = "reconciliation.discrepancy_found.v1"


def discrepancy(
    message: reconciliations.ReconciliationDiscrepancyFoundV1, *, dashboard_url: str
) -> compose.AlertContent:
    """What differs, a few examples, and the link to the report (pure)."""
    link = f"{dashboard_url.rstrip('/')}/reconciliations/{message.reconciliation_id}"
    period = f"{message.period_from:%Y-%m-%d %H:%M} to {message.period_to:%Y-%m-%d %H:%M} UTC"
    counts = (
        f"{message.missing} missing in the target, {message.extra} only in the target, "
        f"{message.mismatched} different"
    )
    lines = [f"Reconciliation of {message.flow} ({period}): {counts}."]
    lines += [f"- {example}" for example in message.examples]
    lines.append(f"Open the report (missing ones can be re-run there): {link}")
    return compose.AlertContent(
        title=f"Syncyard: {message.flow} out of step ({counts})",
        text="\n".join(lines),
        link=link,
        fields={
            "reconciliation_id": str(message.reconciliation_id),
            "integration_id": str(message.integration_id),
            "flow": message.flow,
            "missing": str(message.missing),
            "extra": str(message.extra),
            "mismatched": str(message.mismatched),
        },
    )


async def on_discrepancy(
    session: AsyncSession, *, envelope: Envelope, settings: NotifierSettings, now: datetime
) -> None:
    """Queue the alert for the tenant's channels, inside the caller's (inbox) transaction."""
    message = reconciliations.ReconciliationDiscrepancyFoundV1.model_validate(envelope.payload)
    await queue_for_channels(
        session,
        tenant_id=envelope.tenant_id,
        event=EVENT,
        dedupe_key=f"event:{envelope.id}",
        content=discrepancy(message, dashboard_url=settings.dashboard_url),
        now=now,
    )
