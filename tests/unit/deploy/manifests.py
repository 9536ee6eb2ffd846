"""Loads the deployment files and the vendored schemas they are checked against."""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft201909Validator, Draft202012Validator
from referencing import Registry, Resource

ROOT = Path(__file__).resolve().parents[3]
SCHEMAS = ROOT / "tests" / "fixtures" / "schemas"
K8S_SCHEMAS = SCHEMAS / "kubernetes-v1.37.0"
K8S_DIR = ROOT / "deploy" / "k8s"
SERVICES = {
    "connector-gateway": (8001, "syncyard_gateway"),
    "orchestrator": (8002, "syncyard_orchestrator"),
    "mapper": (8003, "syncyard_mapper"),
    "logger": (8004, "syncyard_logger"),
    "notifier": (8005, "syncyard_notifier"),
}
# The connector gateway's intake-only replicas: the gateway's image, no consumers.
INTAKE = "connector-gateway-intake"
SIMULATORS = {
    "mplus": 8101,
    "shopify": 8102,
    "bigcommerce": 8103,
    "ecwid": 8104,
    "mijnwebwinkel": 8105,
    "mailchimp": 8106,
}
SCHEMA_BY_KIND = {
    ("apps/v1", "Deployment"): "deployment-apps-v1.json",
    ("v1", "Service"): "service-v1.json",
    ("v1", "ConfigMap"): "configmap-v1.json",
    ("v1", "Secret"): "secret-v1.json",
    ("v1", "Namespace"): "namespace-v1.json",
    ("policy/v1", "PodDisruptionBudget"): "poddisruptionbudget-policy-v1.json",
    ("networking.k8s.io/v1", "Ingress"): "ingress-networking-v1.json",
    ("networking.k8s.io/v1", "NetworkPolicy"): "networkpolicy-networking-v1.json",
    ("autoscaling/v2", "HorizontalPodAutoscaler"): "horizontalpodautoscaler-autoscaling-v2.json",
    ("batch/v1", "Job"): "job-batch-v1.json",
}
# The operators' custom resources: subsets of their CRD schemas (tests/fixtures/schemas/README.md).
CRD_SCHEMAS = SCHEMAS / "crds"
CRD_SCHEMA_BY_KIND = {
    ("rabbitmq.com/v1beta1", "RabbitmqCluster"): "rabbitmqcluster-rabbitmq.com-v1beta1.json",
    ("rabbitmq.com/v1beta1", "Policy"): "policy-rabbitmq.com-v1beta1.json",
    ("postgresql.cnpg.io/v1", "Cluster"): "cluster-postgresql.cnpg.io-v1.json",
    ("postgresql.cnpg.io/v1", "ScheduledBackup"): "scheduledbackup-postgresql.cnpg.io-v1.json",
    ("keda.sh/v1alpha1", "ScaledObject"): "scaledobject-keda.sh-v1alpha1.json",
    ("keda.sh/v1alpha1", "TriggerAuthentication"): "triggerauthentication-keda.sh-v1alpha1.json",
    ("monitoring.coreos.com/v1", "PrometheusRule"): "prometheusrule-monitoring.coreos.com-v1.json",
    ("monitoring.coreos.com/v1", "PodMonitor"): "podmonitor-monitoring.coreos.com-v1.json",
    ("external-secrets.io/v1beta1", "ExternalSecret"): (
        "externalsecret-external-secrets.io-v1beta1.json"
    ),
}
DEPLOY = ROOT / "deploy"
OVERLAYS = {name: DEPLOY / "overlays" / name for name in ("dev", "prod")}


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return loaded


def compose_validator() -> Draft201909Validator:
    return Draft201909Validator(json.loads((SCHEMAS / "compose-spec.json").read_text()))


@cache
def _k8s_registry() -> Registry:
    definitions = json.loads((K8S_SCHEMAS / "_definitions.json").read_text())
    resource: Resource[Any] = Resource.from_contents(definitions)
    return resource @ Registry()


@cache
def k8s_validator(api_version: str, kind: str) -> Draft202012Validator:
    """A validator for one kind; KeyError for kinds no schema was vendored for."""
    if (api_version, kind) in CRD_SCHEMA_BY_KIND:
        path = CRD_SCHEMAS / CRD_SCHEMA_BY_KIND[(api_version, kind)]
        return Draft202012Validator(json.loads(path.read_text()))
    schema = json.loads((K8S_SCHEMAS / SCHEMA_BY_KIND[(api_version, kind)]).read_text())
    return Draft202012Validator(schema, registry=_k8s_registry())


def validate(resource: dict[str, Any]) -> None:
    k8s_validator(resource["apiVersion"], resource["kind"]).validate(resource)


def kustomization() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((K8S_DIR / "kustomization.yaml").read_text())
    return loaded


@cache
def _parsed(path: Path) -> list[dict[str, Any]]:
    # Parsed once per file and with libyaml: the deploy tests read the same few files over
    # a hundred times, and pure-Python parsing cost ~35 s of CPU per make test (py-spy).
    loaded = yaml.load_all(path.read_text(), Loader=yaml.CSafeLoader)
    return [doc for doc in loaded if doc is not None]


def documents(path: Path) -> list[dict[str, Any]]:
    """The file's YAML documents, a fresh copy for each caller (tests may change theirs)."""
    return copy.deepcopy(_parsed(path))


def k8s_resources() -> list[dict[str, Any]]:
    """Every object the kustomization applies."""
    return [doc for name in kustomization()["resources"] for doc in documents(K8S_DIR / name)]


def by_kind(kind: str) -> dict[str, dict[str, Any]]:
    return {doc["metadata"]["name"]: doc for doc in k8s_resources() if doc["kind"] == kind}
