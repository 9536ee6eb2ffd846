"""Write deploy/k8s/prometheusrule.yaml from deploy/prometheus/syncyard-rules.yaml.

The plain rules file is the one source (promtool checks and unit-tests it); the Prometheus
Operator's `PrometheusRule` carries the same groups. `--check` exits 1 when the committed
manifest differs (a unit test runs it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "deploy" / "prometheus" / "syncyard-rules.yaml"
MANIFEST = ROOT / "deploy" / "k8s" / "prometheusrule.yaml"
HEADER = (
    "# Generated from deploy/prometheus/syncyard-rules.yaml by\n"
    "# `.venv/bin/python -m scripts.render_prometheus_rule`: edit that file, not this one.\n"
)


def render() -> str:
    groups = yaml.safe_load(RULES.read_text())["groups"]
    manifest = {
        "apiVersion": "monitoring.coreos.com/v1",
        "kind": "PrometheusRule",
        "metadata": {
            "name": "syncyard",
            "labels": {"app.kubernetes.io/part-of": "syncyard", "role": "alert-rules"},
        },
        "spec": {"groups": groups},
    }
    return HEADER + yaml.safe_dump(manifest, sort_keys=False, width=100, allow_unicode=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if the manifest is stale")
    text = render()
    if parser.parse_args().check:
        if MANIFEST.read_text() != text:
            print(
                f"{MANIFEST.relative_to(ROOT)} is stale: run python -m scripts.render_prometheus_rule"
            )
            return 1
        return 0
    MANIFEST.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
