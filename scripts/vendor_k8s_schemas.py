"""Copies the Kubernetes kind schemas the manifests use from a kubernetes-validate wheel.

Usage: pip download --no-deps kubernetes-validate==1.37.0 -d /tmp/kv && unzip it, then
`python scripts/vendor_k8s_schemas.py /tmp/kv/kubernetes_validate/kubernetes-json-schema/v1.37.0-local-strict`
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
KINDS = (
    "deployment-apps-v1",
    "service-v1",
    "configmap-v1",
    "secret-v1",
    "namespace-v1",
    "poddisruptionbudget-policy-v1",
    "ingress-networking-v1",
    "horizontalpodautoscaler-autoscaling-v2",
    "networkpolicy-networking-v1",
    "job-batch-v1",
)
REFERENCE = re.compile(r'#/\$defs/([^"]+)"')


def references(schema: Any) -> set[str]:
    return set(REFERENCE.findall(json.dumps(schema)))


def vendor(source: Path, target: Path) -> int:
    """Copy the kinds and a `_definitions.json` pruned to what they reach; returns its size."""
    target.mkdir(parents=True, exist_ok=True)
    definitions = json.loads((source / "_definitions.json").read_text())
    pending: set[str] = set()
    for kind in KINDS:
        shutil.copyfile(source / f"{kind}.json", target / f"{kind}.json")
        pending |= references(json.loads((source / f"{kind}.json").read_text()))
    kept: set[str] = set()
    while pending:
        name = pending.pop()
        if name not in kept:
            kept.add(name)
            pending |= references(definitions["$defs"][name]) - kept
    pruned = {key: value for key, value in definitions.items() if key != "$defs"}
    pruned["$defs"] = {name: definitions["$defs"][name] for name in sorted(kept)}
    (target / "_definitions.json").write_text(json.dumps(pruned, indent=1))
    return len(kept)


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    source = Path(sys.argv[1])
    target = ROOT / "tests" / "fixtures" / "schemas" / f"kubernetes-{source.name.split('-')[0]}"
    print(f"{vendor(source, target)} definitions kept in {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
