"""The one Dockerfile, read statically (no Docker engine here): every image is built from it."""

from __future__ import annotations

import json
import re
import shlex

from syncyard_common.web.slow_clients import KEEP_ALIVE_SECONDS
from tests.unit.deploy.manifests import INTAKE, ROOT, by_kind, compose

DOCKERFILE = ROOT / "Dockerfile"
# One Python release on one Debian release, e.g. python:3.11.11-slim-bookworm.
PINNED = re.compile(r"^python:3\.11\.\d+-slim-(bookworm|trixie)(@sha256:[0-9a-f]{64})?$")


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) per instruction, continuation lines joined, comments left out."""
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE.read_text())
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "")
        for line in lines
        if line and not line.startswith("#")
    ]


def test_it_is_the_only_dockerfile_of_the_tree() -> None:
    found = [
        path.relative_to(ROOT)
        for pattern in ("services/*/Dockerfile", "simulators/*/Dockerfile", "libs/*/Dockerfile")
        for path in ROOT.glob(pattern)
    ]
    assert found == []
    assert DOCKERFILE.is_file()


def test_stages_start_from_one_pinned_slim_base() -> None:
    stages = [args.split() for name, args in instructions() if name == "FROM"]
    apps = [stage for stage in stages if stage[-1] in {"build", "runtime"}]
    assert len(apps) == 2, "multi-stage: build, then runtime"
    bases = {stage[0] for stage in apps}
    assert len(bases) == 1
    (base,) = bases
    assert PINNED.match(base), f"{base} is not pinned to a Python patch and Debian release"
    assert [stage[-1] for stage in stages] == ["console-build", "console", "build", "runtime"]
    # The last stage is what a build without --target makes: a service or a simulator.
    assert stages[-1][-1] == "runtime"


def test_the_console_image_is_its_static_files_in_a_pinned_unprivileged_nginx() -> None:
    steps = instructions()
    starts = [i for i, (name, _) in enumerate(steps) if name == "FROM"]
    console = steps[starts[1] : starts[2]]
    (base, _, name) = console[0][1].split()
    assert name == "console"
    assert re.fullmatch(r"nginxinc/nginx-unprivileged:1\.\d+\.\d+-alpine", base), base
    node = steps[starts[0]][1].split()[0]
    assert re.fullmatch(r"node:\d+\.\d+\.\d+-bookworm-slim", node), node
    copies = [args for step, args in console if step == "COPY"]
    assert "--from=console-build /console/dist /usr/share/nginx/html" in copies
    assert "deploy/console/nginx.conf /etc/nginx/nginx.conf" in copies
    (user,) = [args for step, args in console if step == "USER"]
    assert user.split(":")[0].isdigit()
    assert user.split(":")[0] != "0"
    config = (ROOT / "deploy" / "console" / "nginx.conf").read_text()
    assert "listen 8080;" in config  # an unprivileged port
    assert "pid /tmp/nginx.pid;" in config  # the only writable place is /tmp


def test_the_runtime_stage_is_small_and_runs_as_a_non_root_user() -> None:
    steps = instructions()
    runtime = steps[max(i for i, (name, _) in enumerate(steps) if name == "FROM") :]
    copies = [args for name, args in runtime if name == "COPY"]
    assert copies
    assert all(args.startswith("--from=build ") for args in copies), copies
    users = [args for name, args in runtime if name == "USER"]
    assert users
    assert users[-1].split(":")[0] not in {"root", "0"}
    assert users[-1].split(":")[0].isdigit(), "numeric, so runAsNonRoot can verify it"
    assert "PIP_NO_CACHE_DIR=1" in " ".join(args for name, args in steps if name == "ENV")


def test_build_arguments_pick_the_app_and_uvicorn_gets_the_signals() -> None:
    steps = instructions()
    declared = {args.split("=")[0] for name, args in steps if name == "ARG"}
    assert {"APP", "APP_FACTORY", "PORT"} <= declared
    assert ("COPY", "${APP} /src/app") in steps
    assert ("COPY", "libs/common /src/libs/common") in steps
    (cmd,) = [args for name, args in steps if name == "CMD"]
    shell, flag, line = json.loads(cmd)  # exec form: ["sh", "-c", "exec uvicorn ..."]
    assert (shell, flag) == ("sh", "-c")
    command = shlex.split(line)
    assert command[:2] == ["exec", "uvicorn"], "exec: uvicorn is PID 1 and receives SIGTERM"
    assert "--factory" in command
    assert command[command.index("--port") + 1] == "$PORT"
    # Idle keep-alive connections outlive every client's and proxy's own expiry.
    assert command[command.index("--timeout-keep-alive") + 1] == str(KEEP_ALIVE_SECONDS)


def test_every_compose_app_and_every_deployment_image_comes_from_it() -> None:
    services = compose()["services"]
    built = {name: service["build"] for name, service in services.items() if "build" in service}
    assert len(built) == 5 + 1 + 6  # services, the intake replica, simulators
    for name, build in built.items():
        assert (build["context"], build["dockerfile"]) == (".", "Dockerfile"), name
        assert (ROOT / build["args"]["APP"] / "pyproject.toml").is_file(), name
    for name, deployment in by_kind("Deployment").items():
        pod = deployment["spec"]["template"]["spec"]
        for container in [*pod.get("initContainers", []), *pod["containers"]]:
            image = container["image"].split(":")[0]
            if name == "console":  # the Dockerfile's `console` target
                assert image == "syncyard/console", image
                continue
            service = INTAKE.removesuffix("-intake") if name == INTAKE else name
            assert image == f"syncyard/{service}", (name, image)
            assert built[service]["args"]["APP"] == f"services/{service}"
