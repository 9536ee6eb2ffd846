"""Helpers of the notifier integration tests: tokens and envelopes."""

import uuid

from syncyard_common.auth import tokens
from syncyard_common.auth.principal import Role
from syncyard_common.messages import Envelope

# Kept importable from here for the tests that still ask this module for it.
from tests.fixtures.eventually import eventually as eventually

JWT_SECRET = "notifier-integration-test-secret-0123456789"
GROUP_WINDOW_SECONDS = 3.0


def auth(tenant_id: uuid.UUID, role: Role = Role.ADMIN) -> dict[str, str]:
    token = tokens.mint(tenant_id=tenant_id, role=role, secret=JWT_SECRET)
    return {"authorization": f"Bearer {token}"}


def run_failed_envelope(
    tenant_id: uuid.UUID,
    *,
    integration_id: uuid.UUID,
    reason: str,
    code: str = "article_not_numeric",
    run_id: uuid.UUID | None = None,
) -> Envelope:
    run_id = run_id or uuid.uuid4()
    return Envelope(
        type="run.failed.v1",
        source="orchestrator",
        tenant_id=tenant_id,
        integration_id=integration_id,
        correlation_id=run_id,
        payload={
            "run_id": str(run_id),
            "integration_id": str(integration_id),
            "flow": "orders.shop_to_pos",
            "step": "create_order",
            "entity_ref": "#1001",
            "code": code,
            "reason": reason,
        },
    )


def run_completed_envelope(
    tenant_id: uuid.UUID, *, integration_id: uuid.UUID, run_id: uuid.UUID
) -> Envelope:
    """What the orchestrator publishes when a run (say, a retried one) ends ``done``."""
    return Envelope(
        type="run.completed.v1",
        source="orchestrator",
        tenant_id=tenant_id,
        integration_id=integration_id,
        correlation_id=run_id,
        payload={
            "run_id": str(run_id),
            "integration_id": str(integration_id),
            "flow": "orders.shop_to_pos",
            "entity_ref": "#1001",
            "outcome": "done",
        },
    )


def outage_envelope(
    tenant_id: uuid.UUID, connection_id: uuid.UUID, *, ended: bool = False
) -> Envelope:
    """``connection.outage.started.v1`` (or ``.ended.v1``) as the gateway publishes it."""
    common = {
        "connection_id": str(connection_id),
        "connector": "mplus",
        "name": "Till",
        "failing_since": "2026-12-07T06:00:00+00:00",
    }
    if ended:
        return Envelope(
            type="connection.outage.ended.v1",
            source="gateway",
            tenant_id=tenant_id,
            payload={**common, "ended_at": "2026-12-07T06:02:00+00:00"},
        )
    payload: dict[str, str | int] = {
        **common,
        "code": "remote_unavailable",
        "reason": "mplus has answered with server errors since 06:00",
        "failures": 12,
    }
    return Envelope(
        type="connection.outage.started.v1", source="gateway", tenant_id=tenant_id, payload=payload
    )
