"""deploy/k8s against the Kubernetes v1.37 and CRD JSON schemas, plus the production rules."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from jsonschema import ValidationError

from tests.unit.deploy.manifests import (
    INTAKE,
    K8S_DIR,
    SERVICES,
    by_kind,
    documents,
    k8s_resources,
    k8s_validator,
    kustomization,
    validate,
)


def test_every_resource_matches_its_kubernetes_schema() -> None:
    resources = k8s_resources()
    assert len(resources) >= 2 + 3 * len(SERVICES)
    for resource in resources:
        validate(resource)


def test_secret_template_matches_the_secret_schema() -> None:
    (secret, migration) = documents(K8S_DIR / "secret.example.yaml")
    for each in (secret, migration):
        k8s_validator("v1", "Secret").validate(each)
    for key in ("JWT_SECRET", "CREDENTIAL_KEYS", "DATABASE_URL", "AMQP_URL"):
        assert "changethis" in secret["stringData"][f"SYNCYARD_{key}"]
    # Two roles (R23): the services' owns nothing, the migrations' owns the schemas.
    assert migration["metadata"]["name"] == "syncyard-migration-secrets"
    owner = migration["stringData"]["SYNCYARD_MIGRATION_DATABASE_URL"]
    assert "syncyard_app" in secret["stringData"]["SYNCYARD_DATABASE_URL"]
    assert "syncyard_app" not in owner
    assert "changethis" in owner
    assert "SYNCYARD_MIGRATION_DATABASE_URL" not in secret["stringData"]
    assert "secret.example.yaml" not in kustomization()["resources"]


def test_schema_rejects_unknown_and_mistyped_fields() -> None:
    deployment = by_kind("Deployment")["orchestrator"]
    unknown = copy.deepcopy(deployment)
    unknown["spec"]["template"]["spec"]["containers"][0]["readinessProbes"] = {}
    mistyped = copy.deepcopy(deployment)
    mistyped["spec"]["replicas"] = "two"
    validator = k8s_validator("apps/v1", "Deployment")
    for broken in (unknown, mistyped):
        with pytest.raises(ValidationError):
            validator.validate(broken)


def test_kustomization_lists_existing_files_and_one_namespace() -> None:
    config = kustomization()
    assert config["namespace"] == "syncyard"
    for name in config["resources"]:
        assert (K8S_DIR / name).is_file(), name
    assert list(by_kind("Namespace")) == ["syncyard"]


def container(deployment: dict[str, Any]) -> dict[str, Any]:
    (only,) = deployment["spec"]["template"]["spec"]["containers"]
    result: dict[str, Any] = only
    return result


# Every Deployment: one per service, plus the gateway's intake-only replicas.
DEPLOYMENTS = {**{name: port for name, (port, _) in SERVICES.items()}, INTAKE: 8001}


@pytest.mark.parametrize(("name", "port"), DEPLOYMENTS.items())
def test_each_service_has_deployment_service_and_budget(name: str, port: int) -> None:
    deployment = by_kind("Deployment")[name]
    pod = deployment["spec"]["template"]["spec"]
    main = container(deployment)
    assert main["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert main["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert main["ports"] == [{"name": "http", "containerPort": port, "protocol": "TCP"}]
    for bound in ("requests", "limits"):
        assert set(main["resources"][bound]) == {"cpu", "memory"}
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] != 0
    assert main["securityContext"]["readOnlyRootFilesystem"] is True
    assert main["securityContext"]["allowPrivilegeEscalation"] is False
    assert pod["terminationGracePeriodSeconds"] == 60
    sources = {kind: ref["name"] for source in main["envFrom"] for kind, ref in source.items()}
    assert sources == {"configMapRef": "syncyard-config", "secretRef": "syncyard-secrets"}
    service = by_kind("Service")[name]
    assert service["spec"]["selector"] == deployment["spec"]["selector"]["matchLabels"]
    assert service["spec"]["ports"][0]["port"] == port
    budget = by_kind("PodDisruptionBudget")[name]
    assert budget["spec"]["selector"] == deployment["spec"]["selector"]
    # The autoscaler owns the replica count (no `replicas` to fight it on every apply); its
    # floor stays above the budget, so a node drain never waits for ever.
    assert "replicas" not in deployment["spec"]
    assert budget["spec"]["minAvailable"] < min_replicas(name)


def min_replicas(deployment: str) -> int:
    for scaler in by_kind("ScaledObject").values():
        if scaler["spec"]["scaleTargetRef"]["name"] == deployment:
            return int(scaler["spec"]["minReplicaCount"])
    for hpa in by_kind("HorizontalPodAutoscaler").values():
        if hpa["spec"]["scaleTargetRef"]["name"] == deployment:
            return int(hpa["spec"]["minReplicas"])
    raise AssertionError(f"nothing scales {deployment}")


def test_configmap_pins_private_targets_off_and_holds_no_secret() -> None:
    data = by_kind("ConfigMap")["syncyard-config"]["data"]
    assert data["SYNCYARD_ALLOW_PRIVATE_TARGETS"] == "false"
    assert data["SYNCYARD_ENVIRONMENT"] == "production"
    secret_keys = set(documents(K8S_DIR / "secret.example.yaml")[0]["stringData"])
    assert not secret_keys & set(data)


def env_of(deployment: dict[str, Any]) -> dict[str, str]:
    return {item["name"]: item["value"] for item in container(deployment).get("env", [])}


def test_webhooks_go_only_to_intake_replicas_that_run_no_consumers() -> None:
    deployments = by_kind("Deployment")
    intake, worker = deployments[INTAKE], deployments["connector-gateway"]
    assert env_of(intake)["SYNCYARD_RUN_CONSUMERS"] == "false"
    assert by_kind("ConfigMap")["syncyard-config"]["data"]["SYNCYARD_RUN_CONSUMERS"] == "true"
    assert "SYNCYARD_RUN_CONSUMERS" not in env_of(worker)  # the workers consume
    assert container(intake)["image"] == container(worker)["image"]
    # Neither Service selects the other's pods.
    services = by_kind("Service")
    assert services[INTAKE]["spec"]["selector"] != services["connector-gateway"]["spec"]["selector"]
    routes = [
        (path["path"], path["backend"]["service"]["name"])
        for rule in by_kind("Ingress")["syncyard-webhooks"]["spec"]["rules"]
        for path in rule["http"]["paths"]
    ]
    assert routes == [("/v1/webhooks", INTAKE)]


def test_the_ingresses_serve_over_tls() -> None:
    for ingress in by_kind("Ingress").values():
        hosts = {rule["host"] for rule in ingress["spec"]["rules"]}
        assert hosts <= {host for tls in ingress["spec"]["tls"] for host in tls["hosts"]}


API_HOST = "syncyard.example.com"


def api_routes() -> dict[str, tuple[str, dict[str, str]]]:
    """Every path pattern of the API host: (its Service, its Ingress's annotations)."""
    return {
        path["path"]: (path["backend"]["service"]["name"], ingress["metadata"]["annotations"])
        for ingress in by_kind("Ingress").values()
        for rule in ingress["spec"]["rules"]
        if rule["host"] == API_HOST
        for path in rule["http"]["paths"]
    }


def route_of(sample: str) -> tuple[str, str, dict[str, str]]:
    """(Service, path it sees, annotations) as ingress-nginx picks: one server per host, the
    longer regex tried first."""
    routes = api_routes()
    for pattern in sorted(routes, key=len, reverse=True):
        found = re.match(pattern, sample, re.IGNORECASE)
        if found:
            service, annotations = routes[pattern]
            assert annotations["nginx.ingress.kubernetes.io/rewrite-target"] == "/$2"
            assert annotations["nginx.ingress.kubernetes.io/use-regex"] == "true"
            return service, "/" + found.group(2), annotations
    raise AssertionError(f"no route for {sample}")


def test_the_api_ingress_routes_each_service_prefix_as_the_local_front_door() -> None:
    """Each /api/<service>/ prefix goes to its Service with the prefix stripped (the regex's
    second group) and said in X-Forwarded-Prefix (the docs' URLs), webhooks to the intake, as
    deploy/frontdoor/nginx.conf.template does."""
    services = set(by_kind("Service"))
    assert {service for service, _ in api_routes().values()} <= services
    for sample, service in [
        ("/api/gateway/v1/connections", "connector-gateway"),
        ("/api/gateway/v1/webhooks/abc", INTAKE),
        ("/api/orchestrator/v1/runs", "orchestrator"),
        ("/api/mapper/v1/mappings/x", "mapper"),
        ("/api/logger/v1/runs/r/log", "logger"),
        ("/api/notifier/v1/alerts", "notifier"),
        ("/api/orchestrator/docs", "orchestrator"),
        ("/api/notifier/openapi.json", "notifier"),
    ]:
        found, path, annotations = route_of(sample)
        assert found == service, sample
        assert path == "/" + sample.split("/", 3)[3]  # /api/<service> stripped
        prefix = "/" + "/".join(sample.split("/")[1:3])
        assert annotations["nginx.ingress.kubernetes.io/x-forwarded-prefix"] == prefix


def test_the_api_ingress_sends_every_other_path_to_the_console_unchanged() -> None:
    for sample in ("/", "/config.json", "/assets/index-abc.js", "/integrations/x", "/apix"):
        service, path, annotations = route_of(sample)
        assert (service, path) == ("console", sample), sample
        assert "nginx.ingress.kubernetes.io/x-forwarded-prefix" not in annotations
    assert by_kind("Service")["console"]["spec"]["ports"][0]["name"] == "http"


def test_the_ingress_controller_reaches_the_services_http_ports_only() -> None:
    policy = by_kind("NetworkPolicy")["api-from-ingress"]
    assert policy["spec"]["podSelector"]["matchLabels"] == {"syncyard.io/tier": "service"}
    [rule] = policy["spec"]["ingress"]
    assert rule["ports"] == [{"protocol": "TCP", "port": "http"}]
