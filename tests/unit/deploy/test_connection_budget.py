"""At every autoscaler's maximum, with a rollout's surge pods on top, the services' PostgreSQL
pools fit the server's max_connections beside the superuser's reserve and a margin
(docs/operations/scaling.md, "Database connections"). A pod that cannot connect crash-loops."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pytest

from syncyard_common.settings import BaseServiceSettings
from syncyard_gateway.settings import GatewaySettings
from tests.unit.deploy.kustomize import render
from tests.unit.deploy.manifests import DEPLOY, INTAKE, OVERLAYS, SERVICES, documents, k8s_resources

# Beside the services' pools: each starting pod's `migrate` init container (one connection,
# before its pool opens), Jobs such as the key rotation (pool of 1), CloudNativePG's instance
# manager and metrics exporter, and an operator's psql.
MARGIN = 20
CNPG_SUPERUSER_RESERVED = 3  # CloudNativePG's default for superuser_reserved_connections
DATABASE_SECRET = "syncyard-secrets"  # holds SYNCYARD_DATABASE_URL: its pods connect
GATEWAY_IMAGE = "syncyard/connector-gateway"  # every replica of it has the webhook pool too
POOL = "SYNCYARD_DATABASE_POOL_SIZE"
WEBHOOK_POOL = "SYNCYARD_INTAKE_POOL_SIZE"
DEFAULTS = {
    POOL: BaseServiceSettings.model_fields["database_pool_size"].default,
    WEBHOOK_POOL: GatewaySettings.model_fields["intake_pool_size"].default,
}


@dataclass(frozen=True)
class Pods:
    deployment: str
    replicas: int  # the autoscaler's maximum
    surge: int  # extra pods while a rollout replaces them
    per_pod: dict[str, int]  # connections each pool may hold

    @property
    def connections(self) -> int:
        return (self.replicas + self.surge) * sum(self.per_pod.values())

    def __str__(self) -> str:
        pools = " + ".join(f"{name} {size}" for name, size in self.per_pod.items())
        return (
            f"{self.deployment}: ({self.replicas} max + {self.surge} surge) x ({pools})"
            f" = {self.connections}"
        )


def _setting(container: dict[str, Any], configmaps: dict[str, dict[str, str]], name: str) -> int:
    """As Kubernetes resolves it: env over envFrom, a later envFrom source over an earlier one,
    and the settings class's default when neither sets it."""
    for item in container.get("env", []):
        if item["name"] == name:
            return int(item["value"])
    for source in reversed(container.get("envFrom", [])):
        data = configmaps.get(source.get("configMapRef", {}).get("name", ""), {})
        if name in data:
            return int(data[name])
    return int(DEFAULTS[name])


def _surge(deployment: dict[str, Any], replicas: int) -> int:
    strategy = deployment["spec"].get("strategy", {})
    if strategy.get("type", "RollingUpdate") != "RollingUpdate":
        return 0
    surge = strategy.get("rollingUpdate", {}).get("maxSurge", "25%")
    if isinstance(surge, str):
        return math.ceil(replicas * int(surge.rstrip("%")) / 100)
    return int(surge)


def pods(resources: list[dict[str, Any]]) -> list[Pods]:
    """Every Deployment whose pods connect to PostgreSQL, at its autoscaler's maximum."""
    maxima: dict[str, int] = {}
    for resource in resources:
        if resource["kind"] == "HorizontalPodAutoscaler":
            maxima[resource["spec"]["scaleTargetRef"]["name"]] = resource["spec"]["maxReplicas"]
        if resource["kind"] == "ScaledObject":  # KEDA's default maximum is 100
            maxima[resource["spec"]["scaleTargetRef"]["name"]] = resource["spec"].get(
                "maxReplicaCount", 100
            )
    configmaps = {
        r["metadata"]["name"]: r.get("data", {}) for r in resources if r["kind"] == "ConfigMap"
    }
    found = []
    for deployment in (r for r in resources if r["kind"] == "Deployment"):
        name = deployment["metadata"]["name"]
        replicas = maxima.get(name, deployment["spec"].get("replicas", 1))
        per_pod: dict[str, int] = {}
        for container in deployment["spec"]["template"]["spec"]["containers"]:
            secrets = {s.get("secretRef", {}).get("name") for s in container.get("envFrom", [])}
            if DATABASE_SECRET not in secrets:
                continue
            per_pod[POOL] = per_pod.get(POOL, 0) + _setting(container, configmaps, POOL)
            if container["image"].split(":")[0] == GATEWAY_IMAGE:
                pool = _setting(container, configmaps, WEBHOOK_POOL)
                per_pod[WEBHOOK_POOL] = per_pod.get(WEBHOOK_POOL, 0) + pool
        if per_pod:
            found.append(Pods(name, replicas, _surge(deployment, replicas), per_pod))
    return found


def available(resources: list[dict[str, Any]]) -> tuple[int, str]:
    """Connections left for the services' pools, and how that was counted."""
    (cluster,) = (r for r in resources if r["kind"] == "Cluster")
    parameters = cluster["spec"].get("postgresql", {}).get("parameters", {})
    limit = int(parameters["max_connections"])
    reserved = int(parameters.get("superuser_reserved_connections", CNPG_SUPERUSER_RESERVED))
    return limit - reserved - MARGIN, (
        f"max_connections {limit} - superuser reserved {reserved} - margin {MARGIN}"
    )


def check(resources: list[dict[str, Any]]) -> None:
    counted = pods(resources)
    assert {p.deployment for p in counted} >= {*SERVICES, INTAKE}
    needed = sum(p.connections for p in counted)
    budget, how = available(resources)
    lines = "\n".join(f"  {p}" for p in counted)
    assert needed <= budget, f"{needed} connections needed > {how} = {budget}:\n{lines}"


def base() -> list[dict[str, Any]]:
    return [*k8s_resources(), *documents(DEPLOY / "operators" / "postgres.yaml")]


def test_the_base_manifests_fit_postgres_at_every_autoscalers_maximum() -> None:
    check(base())


@pytest.mark.parametrize("name", OVERLAYS)
def test_each_overlay_fits_postgres_at_every_autoscalers_maximum(name: str) -> None:
    check(render(OVERLAYS[name]))


def test_the_pools_at_their_defaults_would_not_fit() -> None:
    """Without the per-Deployment sizes every pod holds the settings' defaults (20 + 20 on a
    gateway replica): the check must say so, naming the numbers."""
    resources = base()
    for resource in resources:
        if resource["kind"] == "Deployment":
            for container in resource["spec"]["template"]["spec"]["containers"]:
                env = container.get("env", [])
                container["env"] = [e for e in env if e["name"] not in DEFAULTS]
        if resource["kind"] == "ConfigMap":
            for name in DEFAULTS:
                resource.get("data", {}).pop(name, None)
    with pytest.raises(AssertionError, match=r"connections needed > max_connections \d+"):
        check(resources)
