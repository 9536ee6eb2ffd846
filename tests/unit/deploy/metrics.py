"""The metric names alert rules and the dashboard may use: ours (from the source) and others'."""

from __future__ import annotations

import re
from functools import cache

from tests.unit.deploy.manifests import ROOT

_DEFINED = re.compile(r"\b(Counter|Gauge|Histogram)\(\s*\"([a-z_:][a-z0-9_:]*)\"", re.MULTILINE)
_NAME = re.compile(r"\b((?:syncyard|rabbitmq|kube|container)_[a-z0-9_]+|up)\b")
# Metrics that others export, each from where it comes:
EXTERNAL = {
    # Prometheus itself, per scraped target.
    "up",
    # RabbitMQ's rabbitmq_prometheus plugin (per-object metrics on, deploy/operators/rabbitmq.yaml).
    "rabbitmq_queue_messages",
    "rabbitmq_queue_messages_ready",
    "rabbitmq_queue_messages_unacked",
    "rabbitmq_queue_consumers",
    "rabbitmq_alarms_memory_used_watermark",
    "rabbitmq_alarms_free_disk_space_watermark",
    # kube-state-metrics and the kubelet's cAdvisor.
    "kube_pod_status_ready",
    "container_cpu_usage_seconds_total",
    "container_memory_working_set_bytes",
}


@cache
def ours() -> frozenset[str]:
    """Every series name our code exports, as Prometheus sees it (suffixes included)."""
    names: set[str] = set()
    sources = [*ROOT.glob("libs/*/src/**/*.py"), *ROOT.glob("services/*/src/**/*.py")]
    for path in sources:
        for kind, name in _DEFINED.findall(path.read_text()):
            if kind == "Counter":
                names.add(name if name.endswith("_total") else f"{name}_total")
            elif kind == "Histogram":
                names |= {f"{name}_bucket", f"{name}_sum", f"{name}_count"}
            else:
                names.add(name)
    return frozenset(names)


def named_in(promql: str) -> set[str]:
    """The metric names a PromQL expression reads (label values in quotes are left out)."""
    return set(_NAME.findall(re.sub(r'"[^"]*"', '""', promql)))


def unknown_in(promql: str) -> set[str]:
    return named_in(promql) - ours() - EXTERNAL
