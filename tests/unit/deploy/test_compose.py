"""docker-compose.yml against the Compose Specification schema, plus what the demo relies on."""

from __future__ import annotations

import copy
import importlib

import pytest
from jsonschema import ValidationError

from scripts.system.processes import SIMULATORS as SIMULATOR_PROCESSES
from scripts.system.processes import ProcessSpec
from tests.unit.deploy.manifests import (
    INTAKE,
    ROOT,
    SERVICES,
    SIMULATORS,
    compose,
    compose_validator,
)


def test_compose_file_matches_the_compose_specification() -> None:
    compose_validator().validate(compose())


def test_schema_rejects_a_misspelt_service_key() -> None:
    broken = copy.deepcopy(compose())
    broken["services"]["orchestrator"]["helthcheck"] = broken["services"]["orchestrator"].pop(
        "healthcheck"
    )
    with pytest.raises(ValidationError):
        compose_validator().validate(broken)


def test_broker_and_database_are_the_official_images_with_healthchecks() -> None:
    services = compose()["services"]
    assert services["rabbitmq"]["image"] == "rabbitmq:3.10-management"
    assert services["postgres"]["image"] == "postgres:15"
    for name in ("rabbitmq", "postgres"):
        assert services[name]["healthcheck"]["test"]


@pytest.mark.parametrize(("name", "expected"), SERVICES.items())
def test_each_service_is_built_configured_and_published(
    name: str, expected: tuple[int, str]
) -> None:
    port, package = expected
    service = compose()["services"][name]
    assert service["build"] == built_from_the_dockerfile(
        f"services/{name}", f"{package}.main:create_app", port
    )
    assert service["ports"] == [f"{port}:{port}"]
    env = service["environment"]
    for key in ("DATABASE_URL", "AMQP_URL", "JWT_SECRET", "SERVICE_NAME"):
        assert env[f"SYNCYARD_{key}"], key
    assert env["SYNCYARD_SERVICE_NAME"] == name
    assert "/readyz" in " ".join(service["healthcheck"]["test"])
    assert service["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert service["depends_on"]["rabbitmq"]["condition"] == "service_healthy"


def test_gateway_and_notifier_get_their_own_settings() -> None:
    services = compose()["services"]
    gateway = services["connector-gateway"]["environment"]
    assert "SYNCYARD_CREDENTIAL_KEYS" in gateway
    assert "SYNCYARD_ALLOW_PRIVATE_TARGETS" in gateway
    notifier = services["notifier"]["environment"]
    assert {"SYNCYARD_SMTP_HOST", "SYNCYARD_SMTP_PORT", "SYNCYARD_SMTP_FROM"} <= set(notifier)


def test_webhooks_have_an_intake_replica_of_the_gateway_without_consumers() -> None:
    services = compose()["services"]
    intake, gateway = services[INTAKE], services["connector-gateway"]
    assert intake["build"] == gateway["build"]
    assert intake["environment"]["SYNCYARD_RUN_CONSUMERS"] == "false"
    assert "SYNCYARD_RUN_CONSUMERS" not in gateway["environment"]  # the worker consumes
    for key in ("SYNCYARD_DATABASE_URL", "SYNCYARD_AMQP_URL", "SYNCYARD_CREDENTIAL_KEYS"):
        assert intake["environment"][key] == gateway["environment"][key], key
    assert intake["ports"] == ["8011:8001"]
    assert "/readyz" in " ".join(intake["healthcheck"]["test"])


@pytest.mark.parametrize(("vendor", "port"), SIMULATORS.items())
def test_each_simulator_is_built_and_published(vendor: str, port: int) -> None:
    service = compose()["services"][f"sim-{vendor}"]
    assert service["build"] == built_from_the_dockerfile(
        f"simulators/{vendor}", f"syncyard_sim_{vendor}.app:create_app", port
    )
    assert service["ports"] == [f"{port}:{port}"]


def test_every_simulator_of_the_tree_is_in_compose_and_the_system() -> None:
    in_tree = {path.parent.name for path in (ROOT / "simulators").glob("*/pyproject.toml")}
    assert set(SIMULATORS) == in_tree
    assert {spec.name for spec in SIMULATOR_PROCESSES} == {f"sim-{v}" for v in in_tree}


@pytest.mark.parametrize("spec", SIMULATOR_PROCESSES, ids=lambda spec: spec.name)
def test_compose_simulators_accept_the_demo_credentials(spec: ProcessSpec) -> None:
    """`make up` and compose start a simulator with the same credentials, or none (defaults)."""
    env = compose()["services"][spec.name].get("environment", {})
    if env:
        assert {key: str(value) for key, value in env.items()} == dict(spec.env)


@pytest.mark.parametrize("spec", SIMULATOR_PROCESSES, ids=lambda spec: spec.name)
def test_a_simulator_started_alone_accepts_the_demo_credentials(spec: ProcessSpec) -> None:
    """`python -m syncyard_sim_<vendor>` without settings takes what `make up` gives it."""
    vendor = spec.name.removeprefix("sim-")
    settings = importlib.import_module(f"syncyard_sim_{vendor}.settings").SimulatorSettings
    assert spec.env
    for key, value in spec.env.items():
        field = key.removeprefix(f"SIM_{vendor.upper()}_").lower()
        assert str(settings.model_fields[field].default) == value, key


def built_from_the_dockerfile(app: str, factory: str, port: int) -> dict[str, object]:
    """The compose ``build`` of an app: the one Dockerfile, its arguments naming the app."""
    module, function = factory.split(":")
    package, name = module.split(".")
    source = ROOT / app / "src" / package / f"{name}.py"
    assert f"def {function}(" in source.read_text(), factory
    return {
        "context": ".",
        "dockerfile": "Dockerfile",
        "args": {"APP": app, "APP_FACTORY": factory, "PORT": str(port)},
    }
