"""The broker and database through their operators, and the dev and prod overlays, rendered
and validated offline against the Kubernetes and CRD schemas."""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import ValidationError

from syncyard_common.broker import topology
from tests.unit.deploy.kustomize import render
from tests.unit.deploy.manifests import (
    DEPLOY,
    K8S_DIR,
    OVERLAYS,
    ROOT,
    documents,
    k8s_validator,
    validate,
)


@cache
def overlay(name: str) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r["kind"], r["metadata"]["name"]): r for r in render(OVERLAYS[name])}


@pytest.mark.parametrize("name", OVERLAYS)
def test_each_overlay_renders_objects_that_match_their_schemas(name: str) -> None:
    rendered = overlay(name)
    assert {kind for kind, _ in rendered} >= {
        "Deployment",
        "NetworkPolicy",
        "ScaledObject",
        "RabbitmqCluster",
        "Cluster",
        "PrometheusRule",
    }
    for resource in rendered.values():
        validate(resource)
        assert resource["kind"] == "Namespace" or resource["metadata"]["namespace"] == "syncyard"


def test_prod_runs_three_broker_nodes_and_a_database_replica_with_backups() -> None:
    rendered = overlay("prod")
    broker = rendered[("RabbitmqCluster", "syncyard-rabbitmq")]["spec"]
    assert broker["replicas"] == 3
    config = broker["rabbitmq"]["additionalConfig"]
    assert "prometheus.return_per_object_metrics = true" in config
    assert "cluster_partition_handling = pause_minority" in config
    hosts = broker["affinity"]["podAntiAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]
    assert hosts[0]["topologyKey"] == "kubernetes.io/hostname"
    policy = rendered[("Policy", "syncyard-quorum-queues")]["spec"]
    assert policy["rabbitmqClusterReference"] == {"name": "syncyard-rabbitmq"}
    assert policy["definition"]["delivery-limit"] == 20
    database = rendered[("Cluster", "syncyard-postgres")]["spec"]
    assert database["instances"] >= 2  # a primary and a replica
    assert database["bootstrap"]["initdb"] == {"database": "syncyard", "owner": "syncyard"}
    assert database["backup"]["retentionPolicy"] == "30d"
    assert database["backup"]["barmanObjectStore"]["destinationPath"].startswith("s3://")
    nightly = rendered[("ScheduledBackup", "syncyard-postgres-nightly")]["spec"]
    assert nightly["cluster"] == {"name": "syncyard-postgres"}


def _policy_for(queue: str, policies: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The one policy RabbitMQ applies to a queue: the highest priority whose pattern matches."""
    matching = [p for p in policies if re.search(p["pattern"], queue)]
    return max(matching, key=lambda p: p.get("priority", 0), default=None)


def test_nothing_parked_in_a_dead_letter_queue_can_expire_or_be_dropped_by_a_policy() -> None:
    """A DLQ has no dead-letter exchange: a delivery limit, TTL or length limit on it would
    drop parked messages silently (the mover requeues them while its database is away)."""
    policies = [r["spec"] for r in overlay("prod").values() if r["kind"] == "Policy"]
    dropping = {"delivery-limit", "message-ttl", "expires", "max-length", "max-length-bytes"}
    for spec in topology.QUEUES.values():
        parking = _policy_for(spec.dead_letter_queue, policies)
        assert parking is not None, spec.dead_letter_queue  # leaders are spread there too
        assert not dropping & set(parking["definition"]), (spec.dead_letter_queue, parking)
        assert parking["definition"]["queue-leader-locator"] == "balanced"
        for queue in (spec.name, spec.retry_queue(topology.RETRY_SCHEDULE_SECONDS[0])):
            work = _policy_for(queue, policies)
            assert work is not None, queue
            assert work["definition"]["delivery-limit"] == topology.DELIVERY_LIMIT, queue


def test_dev_runs_everything_once_without_backups_or_blocking_budgets() -> None:
    rendered = overlay("dev")
    assert rendered[("RabbitmqCluster", "syncyard-rabbitmq")]["spec"]["replicas"] == 1
    database = rendered[("Cluster", "syncyard-postgres")]["spec"]
    assert database["instances"] == 1
    assert "backup" not in database
    assert ("ScheduledBackup", "syncyard-postgres-nightly") not in rendered
    for (kind, name), resource in rendered.items():
        if kind == "ScaledObject":
            assert resource["spec"]["minReplicaCount"] == 1, name
        if kind == "PodDisruptionBudget":
            assert resource["spec"]["minAvailable"] == 0, name


def test_the_broker_and_database_schemas_reject_mistakes() -> None:
    (broker, *_) = documents(DEPLOY / "operators" / "rabbitmq.yaml")
    (database, _) = documents(DEPLOY / "operators" / "postgres.yaml")
    for resource, path, value in (
        (broker, ("spec", "replicas"), "three"),
        (broker, ("spec", "rabbitmq", "additionalConfg"), "x"),
        (database, ("spec", "instance"), 2),
        (database, ("spec", "backup", "retentionPolicy"), "30 days"),
    ):
        broken = yaml.safe_load(yaml.safe_dump(resource))
        node = broken
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
        with pytest.raises(ValidationError):
            validate(broken)


def test_the_external_secret_example_fills_the_same_keys_as_the_secret_template() -> None:
    externals = documents(K8S_DIR / "externalsecret.example.yaml")
    secrets = documents(K8S_DIR / "secret.example.yaml")  # the services' and the migrations'
    assert len(externals) == len(secrets) == 2
    for external, secret in zip(externals, secrets, strict=True):
        validate(external)
        assert external["spec"]["target"]["name"] == secret["metadata"]["name"]
        keys = {item["secretKey"] for item in external["spec"]["data"]}
        assert keys == set(secret["stringData"])
    external = externals[0]
    broken = {**external, "spec": {**external["spec"], "refreshIntervall": "1h"}}
    with pytest.raises(ValidationError):
        k8s_validator("external-secrets.io/v1beta1", "ExternalSecret").validate(broken)


def kubectl_render(folder: Path) -> dict[tuple[str, str], dict[str, Any]]:
    output = subprocess.run(
        ["kubectl", "kustomize", str(folder.relative_to(ROOT))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    return {(r["kind"], r["metadata"]["name"]): r for r in yaml.safe_load_all(output) if r}


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="a cross-check where kubectl exists")
@pytest.mark.parametrize(
    "folder", [K8S_DIR, DEPLOY / "operators", *OVERLAYS.values()], ids=lambda path: path.name
)
def test_the_python_render_equals_kubectl_kustomize(folder: Path) -> None:
    mine = {(r["kind"], r["metadata"]["name"]): r for r in render(folder)}
    assert mine == kubectl_render(folder)
