"""Pure wording of alerts: the exact problem, the run id and a link to the run."""

import uuid
from dataclasses import dataclass, field
from typing import Protocol

from syncyard_common.messages import connections, runs
from syncyard_notifier import grouping

# Flow names start with the entity they move ("orders.shop_to_pos", "products", ...).
_FLOW_NOUNS = {
    "order": "orders",
    "product": "products",
    "stock": "stock updates",
    "customer": "customers",
    "categor": "categories",
}


class IncidentLike(Protocol):
    """What the wording needs of an alert with a state (incidents/tables.py)."""

    id: uuid.UUID
    title: str
    code: str | None
    integration_id: uuid.UUID | None
    occurrences: int


@dataclass(frozen=True)
class AlertContent:
    """What every channel renders: a subject line, a plain-text body, a link, fields."""

    title: str
    text: str
    link: str | None = None
    fields: dict[str, str] = field(default_factory=dict)


def run_link(dashboard_url: str, run_id: uuid.UUID) -> str:
    """The dashboard page of one run."""
    return f"{dashboard_url.rstrip('/')}/runs/{run_id}"


def flow_noun(flow: str) -> str:
    """'orders' for an order flow, and so on; 'runs' when the flow is unknown."""
    lowered = flow.lower()
    for prefix, noun in _FLOW_NOUNS.items():
        if lowered.startswith(prefix):
            return noun
    return "runs"


def run_failed(message: runs.RunFailedV1, *, dashboard_url: str) -> AlertContent:
    """One failed run: the exact reason, where it happened, and the link to the run."""
    link = run_link(dashboard_url, message.run_id)
    entity = f" {message.entity_ref}" if message.entity_ref else ""
    text = (
        f"Run {message.run_id} failed{entity}: {message.reason}\n"
        f"Flow {message.flow}, step {message.step}, error {message.code}.\n"
        f"Open the run: {link}"
    )
    fields = {
        "run_id": str(message.run_id),
        "integration_id": str(message.integration_id),
        "flow": message.flow,
        "step": message.step,
        "code": message.code,
        "reason": message.reason,
    }
    if message.entity_ref:
        fields["entity_ref"] = message.entity_ref
    title = f"Syncyard: {message.flow} failed{entity}"
    return AlertContent(title=title, text=text, link=link, fields=fields)


def run_failures_summary(
    key: grouping.GroupKey, summary: grouping.Summary, *, dashboard_url: str
) -> AlertContent:
    """The failures collected in one window, as one message."""
    flow = summary.samples[0].flow if summary.samples else ""
    noun = flow_noun(flow)
    reasons = list(dict.fromkeys(sample.reason for sample in summary.samples))
    lines = [f"{summary.count} more {noun} failed: {'; '.join(reasons)} …"]
    for sample in summary.samples:
        entity = f" ({sample.entity_ref})" if sample.entity_ref else ""
        lines.append(f"- run {sample.run_id}{entity}: {run_link(dashboard_url, sample.run_id)}")
    if summary.count > len(summary.samples):
        lines.append(f"… and {summary.count - len(summary.samples)} more.")
    fields = {
        "integration_id": str(key.integration_id),
        "code": key.code,
        "count": str(summary.count),
    }
    link = run_link(dashboard_url, summary.samples[0].run_id) if summary.samples else None
    title = f"Syncyard: {summary.count} more {noun} failed ({key.code})"
    return AlertContent(title=title, text="\n".join(lines), link=link, fields=fields)


def connection_failed(message: connections.ConnectionFailedV1) -> AlertContent:
    """A connection stopped working."""
    text = (
        f"Connection {message.name} ({message.connector}) stopped working: {message.reason}\n"
        f"Error {message.code}; connection {message.connection_id}."
    )
    fields = {
        "connection_id": str(message.connection_id),
        "connector": message.connector,
        "code": message.code,
        "reason": message.reason,
    }
    title = f"Syncyard: connection {message.name} failed"
    return AlertContent(title=title, text=text, fields=fields)


def connection_recovered(message: connections.ConnectionRecoveredV1) -> AlertContent:
    """A connection works again."""
    text = f"Connection {message.name} ({message.connector}) works again."
    fields = {"connection_id": str(message.connection_id), "connector": message.connector}
    title = f"Syncyard: connection {message.name} recovered"
    return AlertContent(title=title, text=text, fields=fields)


def connection_outage_started(message: connections.ConnectionOutageStartedV1) -> AlertContent:
    """A remote stopped answering: which connection, since when; nothing about any record."""
    since = f"{message.failing_since:%Y-%m-%d %H:%M:%S} UTC"
    text = (
        f"Connection {message.name} ({message.connector}) is not answering: {message.reason}\n"
        f"Failing since {since}; error {message.code}; connection {message.connection_id}.\n"
        "Nothing is lost: waiting work resumes by itself, and this alert resolves itself, "
        "when it answers again."
    )
    fields = {
        "connection_id": str(message.connection_id),
        "connector": message.connector,
        "name": message.name,
        "code": message.code,
        "failing_since": message.failing_since.isoformat(),
    }
    title = f"Syncyard: connection {message.name} ({message.connector}) is not answering"
    return AlertContent(title=title, text=text, fields=fields)


def connection_outage_ended(message: connections.ConnectionOutageEndedV1) -> AlertContent:
    """The outage is over; the alert is resolved."""
    minutes = max((message.ended_at - message.failing_since).total_seconds(), 0) / 60
    text = (
        f"Connection {message.name} ({message.connector}) answers again after {minutes:.1f} "
        "minutes; waiting work has resumed. The alert is resolved."
    )
    fields = {
        "connection_id": str(message.connection_id),
        "connector": message.connector,
        "name": message.name,
        "ended_at": message.ended_at.isoformat(),
    }
    title = f"Syncyard: resolved: connection {message.name} ({message.connector}) answers again"
    return AlertContent(title=title, text=text, fields=fields)


def run_failures_resolved(incident: IncidentLike) -> AlertContent:
    """Every failed run of an alert succeeded on retry."""
    text = (
        f"Resolved: {incident.title}. Every failed run of this alert succeeded on retry "
        f"({incident.occurrences} failures in all)."
    )
    fields = {"alert_id": str(incident.id), "code": incident.code or ""}
    if incident.integration_id is not None:
        fields["integration_id"] = str(incident.integration_id)
    return AlertContent(title=f"Syncyard: resolved: {incident.title}", text=text, fields=fields)


def channel_test(channel_id: uuid.UUID) -> AlertContent:
    """What ``POST /v1/channels/{id}/test`` sends."""
    text = f"This is a test alert from Syncyard for channel {channel_id}. It works."
    return AlertContent(title="Syncyard: test alert", text=text, fields={"test": "true"})
