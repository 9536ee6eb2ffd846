"""deploy/grafana/syncyard.json: valid, laid out, and every query reads metrics that exist."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from tests.unit.deploy.manifests import ROOT
from tests.unit.deploy.metrics import named_in, unknown_in
from tests.unit.deploy.test_alert_rules import alerts, promtool

DASHBOARD = ROOT / "deploy" / "grafana" / "syncyard.json"


def dashboard() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(DASHBOARD.read_text())
    return loaded


def panels() -> list[dict[str, Any]]:
    found = []
    for panel in dashboard()["panels"]:
        found += [panel, *panel.get("panels", [])]
    return found


def queries() -> list[tuple[int, str, str]]:
    return [
        (panel["id"], target["refId"], target["expr"])
        for panel in panels()
        for target in panel.get("targets", [])
    ]


def test_the_dashboard_is_identified_and_its_panels_are_unique_and_laid_out() -> None:
    board = dashboard()
    assert board["uid"] == "syncyard-overview"
    assert isinstance(board["schemaVersion"], int)
    ids = [panel["id"] for panel in panels()]
    assert len(ids) == len(set(ids)), "panel ids must be unique"
    titles = [panel["title"] for panel in panels()]
    assert len(titles) == len(set(titles))
    cells: set[tuple[int, int]] = set()
    for panel in panels():
        grid = panel["gridPos"]
        assert grid["x"] >= 0, panel["title"]
        assert grid["x"] + grid["w"] <= 24, panel["title"]
        cell = {
            (x, y)
            for x in range(grid["x"], grid["x"] + grid["w"])
            for y in range(grid["y"], grid["y"] + grid["h"])
        }
        assert not cell & cells, f"{panel['title']} overlaps another panel"
        cells |= cell


def test_every_graph_queries_prometheus_through_the_datasource_variable() -> None:
    variables = {item["name"] for item in dashboard()["templating"]["list"]}
    for panel in panels():
        if panel["type"] == "row":
            continue
        assert panel["datasource"] == {"type": "prometheus", "uid": "${datasource}"}
        assert "datasource" in variables
        assert panel["targets"], panel["title"]
        ref_ids = [target["refId"] for target in panel["targets"]]
        assert len(ref_ids) == len(set(ref_ids)), panel["title"]


def test_every_query_names_metrics_that_exist() -> None:
    for panel_id, ref_id, expr in queries():
        assert named_in(expr), (panel_id, ref_id)
        assert not unknown_in(expr), f"panel {panel_id}{ref_id}: no such metric {unknown_in(expr)}"


def test_every_query_is_valid_promql(tmp_path: Path) -> None:
    # promtool parses PromQL when it checks rules: each query becomes a recording rule.
    rules = [
        {"record": f"dashboard:panel_{panel_id}_{ref_id.lower()}", "expr": expr}
        for panel_id, ref_id, expr in queries()
    ]
    path = tmp_path / "dashboard-queries.yaml"
    path.write_text(yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}))
    result = promtool("check", "rules", str(path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_metrics_behind_each_alert_have_a_panel() -> None:
    shown = set().union(*(named_in(expr) for _, _, expr in queries()))
    for rule in alerts():
        missing = named_in(rule["expr"]) - shown - {"up", "kube_pod_status_ready"}
        assert not missing, f"{rule['alert']}: no panel shows {missing}"
    assert not re.search(r"\$__", DASHBOARD.read_text()), "queries use fixed windows"
