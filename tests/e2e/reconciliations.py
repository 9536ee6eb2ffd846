"""Asking for a reconciliation and reading its report, through the orchestrator's REST API."""

from datetime import datetime
from typing import Any

import httpx

from tests.fixtures.eventually import eventually


async def reconcile(
    api: httpx.AsyncClient,
    orchestrator: str,
    integration_id: str,
    flow: str,
    period: tuple[datetime, datetime] | None = None,
) -> dict[str, Any]:
    """Ask for one (202) and wait until its report is done; the whole report with its items."""
    body: dict[str, Any] = {"flow": flow}
    if period is not None:
        body |= {"from": period[0].isoformat(), "to": period[1].isoformat()}
    asked = await api.post(
        f"{orchestrator}/v1/integrations/{integration_id}/reconciliations", json=body
    )
    assert asked.status_code == 202, asked.text
    url = f"{orchestrator}/v1/reconciliations/{asked.json()['id']}"

    async def finished() -> dict[str, Any] | None:
        report: dict[str, Any] = (await api.get(url, params={"limit": 500})).json()
        return report if report["state"] in ("done", "failed") else None

    report: dict[str, Any] = await eventually(finished, timeout=45)
    assert report["state"] == "done", report["error"]
    # Every item: the simulators are shared by the session, other tests' records show too.
    while report["next_cursor"]:
        page = (await api.get(url, params={"limit": 500, "cursor": report["next_cursor"]})).json()
        report = {
            **report,
            "items": report["items"] + page["items"],
            "next_cursor": page["next_cursor"],
        }
    return report


def items_of(report: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {item["reference"]: item for item in report["items"] if item["kind"] == kind}
