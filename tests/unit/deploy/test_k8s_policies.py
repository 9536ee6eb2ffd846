"""Policy checks over every rendered object (base and overlays): locked-down pods, network
paths, autoscaling on queue depth, and rollouts that drain before they are killed."""

from __future__ import annotations

import ipaddress
import json
import shlex
from functools import cache
from typing import Any

import pytest
import yaml

from syncyard_common.broker.topology import QUEUES
from tests.unit.deploy.kustomize import render
from tests.unit.deploy.manifests import DEPLOY, INTAKE, K8S_DIR, OVERLAYS, ROOT, SERVICES

RENDERS = {"base": K8S_DIR, **OVERLAYS}
CONSOLE = "console"


@cache
def rendered(render_of: str) -> list[dict[str, Any]]:
    return render(RENDERS[render_of])


def objects(render_of: str, kind: str) -> dict[str, dict[str, Any]]:
    return {r["metadata"]["name"]: r for r in rendered(render_of) if r["kind"] == kind}


def pods(render_of: str) -> list[tuple[str, dict[str, Any]]]:
    return [
        (name, deployment["spec"]["template"]["spec"])
        for name, deployment in objects(render_of, "Deployment").items()
    ]


def service_pods(render_of: str) -> list[tuple[str, dict[str, Any]]]:
    """The services' pods: all but the console's static web server (console.yaml)."""
    return [(name, pod) for name, pod in pods(render_of) if name != CONSOLE]


@pytest.mark.parametrize("render_of", RENDERS)
def test_no_container_runs_as_root_unbounded_or_writable(render_of: str) -> None:
    for name, pod in pods(render_of):
        context = pod["securityContext"]
        assert context["runAsNonRoot"] is True, name
        assert context["runAsUser"] != 0, name
        assert context["seccompProfile"] == {"type": "RuntimeDefault"}, name
        assert pod["automountServiceAccountToken"] is False, name
        tmp = {volume["name"]: volume for volume in pod["volumes"]}["tmp"]
        assert "emptyDir" in tmp, name
        for container in [*pod.get("initContainers", []), *pod["containers"]]:
            where = f"{name}/{container['name']}"
            for bound in ("requests", "limits"):
                assert set(container["resources"][bound]) >= {"cpu", "memory"}, where
            locked = container["securityContext"]
            assert locked["readOnlyRootFilesystem"] is True, where
            assert locked["allowPrivilegeEscalation"] is False, where
            assert locked["capabilities"]["drop"] == ["ALL"], where
            assert "add" not in locked["capabilities"], where
            assert {"name": "tmp", "mountPath": "/tmp"} in container["volumeMounts"], where


def uvicorn_drain_seconds() -> int:
    (cmd,) = [
        line for line in (ROOT / "Dockerfile").read_text().splitlines() if line.startswith("CMD")
    ]
    command = shlex.split(json.loads(cmd.removeprefix("CMD"))[2])
    return int(command[command.index("--timeout-graceful-shutdown") + 1])


def test_pods_leave_the_service_before_they_drain_and_drain_before_they_are_killed() -> None:
    for name, pod in service_pods("base"):
        (main,) = pod["containers"]
        # preStop runs first: the endpoint controller takes the pod out of the Service (and
        # uvicorn then refuses new connections, so readiness fails) before SIGTERM.
        pre_stop = int(main["lifecycle"]["preStop"]["exec"]["command"][-1])
        assert pre_stop >= 5, name
        assert pod["terminationGracePeriodSeconds"] > pre_stop + uvicorn_drain_seconds(), name


def test_the_console_is_static_files_reached_only_from_the_ingress_controller() -> None:
    pod = dict(pods("base"))[CONSOLE]
    (main,) = pod["containers"]
    assert "initContainers" not in pod
    assert int(main["lifecycle"]["preStop"]["exec"]["command"][-1]) >= 5
    assert "envFrom" not in main, "no secret, no setting: only its config.json"
    (config,) = [v for v in pod["volumes"] if v["name"] == "config"]
    assert config["configMap"]["name"] == "syncyard-console"
    json.loads(objects("base", "ConfigMap")["syncyard-console"]["data"]["config.json"])
    labels = pod_labels("base")[CONSOLE]
    assert labels["syncyard.io/tier"] == "console"  # no service policy or scrape applies
    opened = [
        policy["spec"]
        for policy in objects("prod", "NetworkPolicy").values()
        if policy["spec"]["podSelector"] != {} and selects(policy["spec"]["podSelector"], labels)
    ]
    assert opened == [
        {
            "podSelector": {"matchLabels": {"app.kubernetes.io/name": CONSOLE}},
            "policyTypes": ["Ingress"],
            "ingress": [
                {
                    "from": [
                        {
                            "namespaceSelector": {
                                "matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}
                            }
                        }
                    ],
                    "ports": [{"protocol": "TCP", "port": "http"}],
                }
            ],
        }
    ]


def test_migrations_run_in_an_init_container_before_the_service_starts() -> None:
    for name, pod in service_pods("base"):
        (migrate,) = pod["initContainers"]
        assert migrate["command"] == ["python", "-m", "syncyard_common.db.upgrade"], name
        assert migrate["image"] == pod["containers"][0]["image"], name
        assert {"secretRef": {"name": "syncyard-secrets"}} in migrate["envFrom"], name
        # The owner's URL for the migrations; never in the service's own container (R23).
        owner = {"secretRef": {"name": "syncyard-migration-secrets", "optional": True}}
        assert owner in migrate["envFrom"], name
        assert owner["secretRef"]["name"] not in str(pod["containers"]), name
    config = objects("base", "ConfigMap")["syncyard-config"]
    assert config["data"]["SYNCYARD_RUN_MIGRATIONS"] == "false"  # done before, not at start-up


def selects(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    if any(labels.get(key) != value for key, value in selector.get("matchLabels", {}).items()):
        return False
    for expression in selector.get("matchExpressions", []):
        assert expression["operator"] == "In"
        if labels.get(expression["key"]) not in expression["values"]:
            return False
    return True


def pod_labels(render_of: str) -> dict[str, dict[str, str]]:
    found = {
        name: deployment["spec"]["template"]["metadata"]["labels"]
        for name, deployment in objects(render_of, "Deployment").items()
    }
    # The operators' pods, by the labels their operators give them.
    found["rabbitmq"] = {"app.kubernetes.io/component": "rabbitmq"}
    found["postgres"] = {"cnpg.io/cluster": "syncyard-postgres"}
    return found


def test_every_service_pod_is_in_the_service_tier() -> None:
    for name, labels in pod_labels("base").items():
        if name in {*SERVICES, INTAKE}:
            assert labels["syncyard.io/tier"] == "service", name


def test_everything_is_denied_unless_a_policy_opens_it() -> None:
    policies = objects("prod", "NetworkPolicy")
    deny = policies["default-deny"]["spec"]
    assert deny == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}


def test_only_the_gateway_workers_and_the_notifier_reach_the_internet() -> None:
    private = [
        ipaddress.ip_network(net) for net in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")
    ]
    reach: set[str] = set()
    for policy in objects("prod", "NetworkPolicy").values():
        for rule in policy["spec"].get("egress", []):
            for peer in rule.get("to", []):
                block = peer.get("ipBlock")
                if block is None:
                    continue
                network = ipaddress.ip_network(block["cidr"])
                if network.prefixlen >= 24 or any(network.subnet_of(p) for p in private):
                    continue  # one named host or range (API server, object store)
                assert network.prefixlen == 0, block
                assert set(block["except"]) >= {"10.0.0.0/8", "169.254.0.0/16"}
                reach |= {
                    name
                    for name, labels in pod_labels("prod").items()
                    if selects(policy["spec"]["podSelector"], labels)
                }
    assert reach == {"connector-gateway", "notifier"}


def test_every_service_that_checks_tokens_reaches_the_oidc_issuer_over_https_only() -> None:
    """Each service verifies OIDC access tokens against the issuer's JWKS itself (not only the
    gateway), so each one's egress must reach the issuer: and only on 443, to a named range."""
    labels = pod_labels("prod")
    policy = objects("prod", "NetworkPolicy")["oidc-issuer-egress"]["spec"]
    assert policy["policyTypes"] == ["Egress"]
    reaching = {name for name, lab in labels.items() if selects(policy["podSelector"], lab)}
    assert reaching == {*SERVICES, INTAKE}
    (rule,) = policy["egress"]
    assert rule["ports"] == [{"protocol": "TCP", "port": 443}]
    for peer in rule["to"]:
        network = ipaddress.ip_network(peer["ipBlock"]["cidr"])
        assert network.prefixlen >= 16, "the issuer's range, not the internet"
    readme = (K8S_DIR / "README.md").read_text()
    assert all(peer["ipBlock"]["cidr"] in readme for peer in rule["to"]), "a named placeholder"


@pytest.mark.parametrize(("target", "port"), [("rabbitmq", 5672), ("postgres", 5432)])
def test_only_the_services_reach_the_broker_and_the_database(target: str, port: int) -> None:
    labels = pod_labels("prod")
    allowed: set[str] = set()
    for policy in objects("prod", "NetworkPolicy").values():
        if not selects(policy["spec"]["podSelector"], labels[target]):
            continue
        for rule in policy["spec"].get("ingress", []):
            ports = {entry["port"] for entry in rule.get("ports", [])}
            if ports and port not in ports:
                continue
            for peer in rule["from"]:
                assert "ipBlock" not in peer, policy["metadata"]["name"]
                if "namespaceSelector" in peer:
                    continue
                allowed |= {n for n, lab in labels.items() if selects(peer["podSelector"], lab)}
    assert allowed == {*SERVICES, INTAKE, target}


def consumers() -> dict[str, set[str]]:
    """Work queues by the Deployment that consumes them (the queue's prefix names it)."""
    by_service: dict[str, set[str]] = {}
    for queue in QUEUES:
        service = {"gateway": "connector-gateway"}.get(queue.split(".")[0], queue.split(".")[0])
        by_service.setdefault(service, set()).add(queue)
    return by_service


def test_consumers_scale_on_their_queues_and_the_intake_on_cpu() -> None:
    scalers = objects("base", "ScaledObject")
    hpas = objects("base", "HorizontalPodAutoscaler")
    scaled = {s["spec"]["scaleTargetRef"]["name"] for s in scalers.values()}
    by_hpa = {h["spec"]["scaleTargetRef"]["name"] for h in hpas.values()}
    assert not scaled & by_hpa, "KEDA makes its own HPA: one scaler per Deployment"
    assert by_hpa == {INTAKE}
    (cpu,) = hpas[INTAKE]["spec"]["metrics"]
    assert cpu["resource"]["name"] == "cpu"
    # More gateway replicas do not raise a vendor's limit: gateway.bulk paces itself.
    not_scaled_on = {"gateway.bulk"}
    for service, queues in consumers().items():
        triggers = scalers[service]["spec"]["triggers"]
        on_queues = {t["metadata"]["queueName"] for t in triggers if t["type"] == "rabbitmq"}
        # Erasure requests and their receipts, retention changes and integration owners
        # (decision 0010) come now and then, never in a volume worth a replica.
        rare = {
            queue
            for queue in queues
            if queue.endswith((".data_subjects", ".erasures", ".retention", ".integrations"))
        }
        assert on_queues == queues - not_scaled_on - rare, service
        assert any(t["type"] == "cpu" for t in triggers), service
        for trigger in triggers:
            if trigger["type"] == "rabbitmq":
                assert trigger["authenticationRef"]["name"] == "rabbitmq"
    (auth,) = objects("base", "TriggerAuthentication").values()
    assert auth["spec"]["secretTargetRef"] == [
        {"parameter": "host", "name": "syncyard-secrets", "key": "SYNCYARD_AMQP_URL"}
    ]


def test_every_service_is_scraped_and_alerted_on() -> None:
    (monitor,) = objects("base", "PodMonitor").values()
    assert monitor["spec"]["selector"]["matchLabels"] == {"syncyard.io/tier": "service"}
    assert monitor["spec"]["podMetricsEndpoints"][0]["path"] == "/metrics"
    assert "syncyard" in objects("base", "PrometheusRule")


def test_the_deploy_folders_hold_no_manifest_left_out_of_a_kustomization() -> None:
    used = {
        (folder / entry).resolve()
        for folder in (K8S_DIR, DEPLOY / "operators", *OVERLAYS.values())
        for entry in yaml.safe_load((folder / "kustomization.yaml").read_text())["resources"]
    }
    examples = {"secret.example.yaml", "externalsecret.example.yaml", "kustomization.yaml"}
    for path in [*K8S_DIR.glob("*.yaml"), *(DEPLOY / "operators").glob("*.yaml")]:
        assert path.name in examples or path.resolve() in used, path


def test_requests_limits_and_bounds_are_the_ones_documented_with_their_measurements() -> None:
    page = (ROOT / "docs" / "operations" / "scaling.md").read_text()
    section = page.split("## Kubernetes: autoscalers, requests and limits")[1].split("\n\n")[1]
    documented = {
        cells[0]: cells
        for line in section.splitlines()[2:]
        if (cells := [cell.strip() for cell in line.strip("|").split("|")])
    }
    bounds = {
        **{
            s["spec"]["scaleTargetRef"]["name"]: (
                s["spec"]["minReplicaCount"],
                s["spec"]["maxReplicaCount"],
            )
            for s in objects("base", "ScaledObject").values()
        },
        **{
            h["spec"]["scaleTargetRef"]["name"]: (
                h["spec"]["minReplicas"],
                h["spec"]["maxReplicas"],
            )
            for h in objects("base", "HorizontalPodAutoscaler").values()
        },
    }
    for name, pod in service_pods("base"):
        row = documented[name if name != "connector-gateway" else "connector-gateway (workers)"]
        resources = pod["containers"][0]["resources"]
        assert row[2] == "{}\u2013{}".format(*bounds[name]), name  # an en dash
        assert row[3] == resources["requests"]["cpu"], name
        assert row[4] == f"{resources['requests']['memory']} / {resources['limits']['memory']}"
