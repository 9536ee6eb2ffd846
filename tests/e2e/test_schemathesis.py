"""Schemathesis against every service of the running system, with all its checks: each
answer is one the OpenAPI document declares (status, content type, schema, headers), invalid
input is refused, a 405 names the allowed methods, and nothing answers 500 (issue 12, point 9).

Each service is tested by the ``st`` command in its own process (its calls are blocking), a
few examples per operation. Opt-in (``SYNCYARD_SCHEMATHESIS=1``) until its findings are fixed:
on 2026-12-07 it found no 500, no undeclared status, content type or body, but schema-valid
bodies that cross-field rules refuse with 422 (ST202: orchestrator 12, mapper 4, notifier 3,
logger 1); the logger's settings took ``0`` for a boolean (ST201, fixed since). It ran
4.5 min in all (gateway 96 s, orchestrator 68 s, mapper 42 s, notifier 36 s, logger 4 s).
"""

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from scripts.system import RunningSystem
from syncyard_common.auth import tokens
from syncyard_common.auth.principal import Role

pytestmark = pytest.mark.skipif(
    os.environ.get("SYNCYARD_SCHEMATHESIS") != "1", reason="opt-in: SYNCYARD_SCHEMATHESIS=1"
)
SERVICES = ("gateway", "orchestrator", "mapper", "logger", "notifier")
MAX_EXAMPLES = 10


def _st() -> str:
    beside = Path(sys.executable).with_name("st")
    found = str(beside) if beside.exists() else shutil.which("st")
    assert found, "schemathesis is pinned in requirements-dev.txt"
    return found


@pytest.mark.parametrize("service", SERVICES)
def test_schemathesis_finds_nothing(system: RunningSystem, service: str, tmp_path: Path) -> None:
    token = tokens.mint(tenant_id=uuid.uuid4(), role=Role.ADMIN, secret=system.jwt_secret)
    command = [
        _st(),
        "run",
        f"{system.url(service)}/openapi.json",
        "--checks",
        "all",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--generation-deterministic",
        "--header",
        f"Authorization: Bearer {token}",
        "--no-color",
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=300, check=False, cwd=tmp_path
    )  # its cache folder lands in tmp_path, not the checkout
    report = tmp_path / f"schemathesis-{service}.txt"
    report.write_text(done.stdout + done.stderr, "utf-8")
    assert done.returncode == 0, f"full report: {report}\n" + done.stdout[-6000:]
