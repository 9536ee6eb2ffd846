"""The alert rules: promtool checks and unit-tests them; each links to its runbook section."""

from __future__ import annotations

import re
import shutil
import subprocess
from typing import Any

import pytest
import yaml

from scripts import render_prometheus_rule
from tests.unit.deploy.manifests import ROOT
from tests.unit.deploy.metrics import unknown_in

RULES_DIR = ROOT / "deploy" / "prometheus"
RULES = RULES_DIR / "syncyard-rules.yaml"
RULE_TESTS = RULES_DIR / "syncyard-rules.test.yaml"
RUNBOOK = ROOT / "docs" / "operations" / "runbook.md"


def alerts() -> list[dict[str, Any]]:
    groups = yaml.safe_load(RULES.read_text())["groups"]
    return [rule for group in groups for rule in group["rules"] if "alert" in rule]


def promtool(*args: str) -> subprocess.CompletedProcess[str]:
    # scripts/bootstrap.sh installs it (Debian's prometheus package): never skipped.
    binary = shutil.which("promtool")
    assert binary, "promtool is missing: run scripts/bootstrap.sh (installs the prometheus package)"
    return subprocess.run(
        [binary, *args], cwd=RULES_DIR, capture_output=True, text=True, timeout=120, check=False
    )


def test_promtool_accepts_the_rules() -> None:
    result = promtool("check", "rules", RULES.name)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"SUCCESS: {len(alerts())} rules found" in result.stdout


def test_the_rules_pass_their_promtool_unit_tests() -> None:
    result = promtool("test", "rules", RULE_TESTS.name)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_alert_fires_in_a_unit_test() -> None:
    fired = {
        case["alertname"]
        for test in yaml.safe_load(RULE_TESTS.read_text())["tests"]
        for case in test.get("alert_rule_test", [])
        if case.get("exp_alerts")
    }
    assert {rule["alert"] for rule in alerts()} <= fired


def test_the_prometheus_rule_manifest_is_rendered_from_the_rules_file() -> None:
    manifest = yaml.safe_load((ROOT / "deploy" / "k8s" / "prometheusrule.yaml").read_text())
    assert manifest["spec"]["groups"] == yaml.safe_load(RULES.read_text())["groups"]
    assert render_prometheus_rule.MANIFEST.read_text() == render_prometheus_rule.render()


@pytest.mark.parametrize("rule", alerts(), ids=lambda rule: rule["alert"])
def test_each_alert_reads_real_metrics_and_has_a_severity(rule: dict[str, Any]) -> None:
    assert not unknown_in(rule["expr"]), f"no such metric: {unknown_in(rule['expr'])}"
    assert rule["labels"]["severity"] in {"critical", "warning", "info"}
    assert rule["annotations"]["summary"]


def runbook_sections() -> dict[str, str]:
    parts = re.split(r"^### ", RUNBOOK.read_text(), flags=re.MULTILINE)[1:]
    return {part.split("\n", 1)[0].strip(): part for part in parts}


@pytest.mark.parametrize("rule", alerts(), ids=lambda rule: rule["alert"])
def test_each_alert_links_to_its_runbook_section(rule: dict[str, Any]) -> None:
    name = rule["alert"]
    # GitHub's anchor of a `### SyncyardX` heading is its lower-cased text.
    assert rule["annotations"]["runbook_url"] == f"docs/operations/runbook.md#{name.lower()}"
    section = runbook_sections().get(name)
    assert section, f"docs/operations/runbook.md has no '### {name}' section"
    for part in ("**Means:**", "**Confirm", "**Do"):
        assert part in section, f"{name}: the runbook section lacks {part}"


def test_the_alerts_page_lists_every_alert() -> None:
    page = (ROOT / "docs" / "operations" / "alerts.md").read_text()
    for rule in alerts():
        assert f"| {rule['alert']} |" in page, rule["alert"]
