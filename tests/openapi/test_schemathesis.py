"""Schemathesis against every service of the running system, with all its checks: each
answer is one the OpenAPI document declares (status, content type, schema, headers), valid
input is taken and invalid input refused, a 405 names the allowed methods, and nothing
answers 500 (issue 12, point 9).

The services are tested at once, each by the ``st`` command in its own process (its calls
are blocking), within a time budget (``--max-time``) and a few examples per operation, so
that it fits ``make test``. It lives outside tests/e2e so that it runs in the shorter of the
two pytest sessions of scripts/test.sh (which has the system fixture too); it is still an
end-to-end test, and marked so. Services with known findings (``KNOWN_FINDINGS``) run only
with SYNCYARD_SCHEMATHESIS=1 until they are fixed.
"""

import logging
import os
import resource
import shutil
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from scripts.system import RunningSystem
from syncyard_common.auth import tokens
from syncyard_common.auth.principal import Role

SERVICES = ("gateway", "orchestrator", "mapper", "logger", "notifier")
# Services with findings not fixed yet (coverage runs, 2026-12-07): tested only when asked
# (SYNCYARD_SCHEMATHESIS=1), so that make test stays green while they are fixed. Remove a
# service from here once its run is clean.
KNOWN_FINDINGS: dict[str, str] = {}
ASKED = os.environ.get("SYNCYARD_SCHEMATHESIS") == "1"
TESTED = tuple(s for s in SERVICES if ASKED or s not in KNOWN_FINDINGS)
# The cheap settings of make test: the coverage phase only (every operation's boundary
# values and invalid inputs, deterministic and bounded); the fuzzing and stateful phases take
# minutes more (the logger's fuzzing alone ran 11 to 770 s under load) and are left to a
# thorough run: SYNCYARD_SCHEMATHESIS_PHASES=coverage,fuzzing,stateful, _EXAMPLES=20 and
# _SECONDS=1200 (about twenty minutes on a loaded machine).
PHASES = os.environ.get("SYNCYARD_SCHEMATHESIS_PHASES", "coverage")
MAX_EXAMPLES = int(os.environ.get("SYNCYARD_SCHEMATHESIS_EXAMPLES", "5"))
# Per service: testing stops at this budget, and a run stopped by it fails (it would
# otherwise pass on what it did not test); the slowest service sets the test's wall time.
# The coverage phase needs about 180 s for the five side by side on a quiet 2-core machine
# beside the other pytest session; the budget leaves room for a slower one.
MAX_SECONDS = int(os.environ.get("SYNCYARD_SCHEMATHESIS_SECONDS", "360"))
HARD_LIMIT_SECONDS = MAX_SECONDS + 120  # a hung run fails the test instead of CI's job
STOPPED_BY_BUDGET = "🕛"
_log = logging.getLogger(__name__)
# Unique Idempotency-Keys (see that module); importable from the checkout's root.
HOOKS = {
    "SCHEMATHESIS_HOOKS": "tests.openapi.schemathesis_hooks",
    "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
}  # how st marks a phase that --max-time cut short

# Which declared 5xx answers are by design (a remote's failure), per operation.
CONFIG = Path(__file__).with_name("schemathesis.toml")

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(HARD_LIMIT_SECONDS + 60)]


@dataclass(frozen=True)
class Run:
    service: str
    exit_code: int
    seconds: float
    report: Path


def _st() -> str:
    beside = Path(sys.executable).with_name("st")
    found = str(beside) if beside.exists() else shutil.which("st")
    assert found, "schemathesis is pinned in requirements-dev.txt"
    return found


def _command(system: RunningSystem, service: str) -> list[str]:
    token = tokens.mint(tenant_id=uuid.uuid4(), role=Role.ADMIN, secret=system.jwt_secret)
    return [
        _st(),
        f"--config-file={CONFIG}",
        "run",
        f"{system.url(service)}/openapi.json",
        "--checks=all",
        f"--phases={PHASES}",
        f"--max-examples={MAX_EXAMPLES}",
        f"--max-time={MAX_SECONDS}",
        "--generation-deterministic",
        "--continue-on-failure",
        "--header",
        f"Authorization: Bearer {token}",
        "--no-color",
    ]


@pytest.fixture(scope="module")
def runs(system: RunningSystem, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """Every service's run, side by side; each report is written as it goes."""
    started = time.monotonic()
    running = {}
    for service in TESTED:
        folder = tmp_path_factory.mktemp(f"schemathesis-{service}")
        report = folder / "report.txt"
        # cwd: its cache folder lands in the temporary folder, not the checkout.
        running[service] = (
            subprocess.Popen(
                _command(system, service),
                stdout=report.open("w"),
                stderr=subprocess.STDOUT,
                cwd=folder,
                env={**os.environ, **HOOKS},
            ),
            report,
        )
    done: dict[str, Run] = {}
    try:
        for service, (process, report) in running.items():
            left = HARD_LIMIT_SECONDS - (time.monotonic() - started)
            code = process.wait(timeout=max(left, 1))
            done[service] = Run(service, code, time.monotonic() - started, report)
    finally:
        for process, _ in running.values():
            if process.poll() is None:
                process.kill()
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    _log.warning(  # the cost, for whoever tunes it (shown with -o log_cli=true)
        "schemathesis: %.0f s wall, %.0f s CPU of its own processes (services apart)",
        time.monotonic() - started,
        used.ru_utime + used.ru_stime,
    )
    return done


@pytest.mark.parametrize(
    "service",
    [
        pytest.param(
            service,
            marks=pytest.mark.skipif(
                service not in TESTED, reason=f"known findings: {KNOWN_FINDINGS.get(service)}"
            ),
        )
        for service in SERVICES
    ],
)
def test_schemathesis_finds_nothing(runs: dict[str, Run], service: str) -> None:
    run = runs[service]
    text = run.report.read_text("utf-8", errors="replace")
    assert run.exit_code == 0, f"full report: {run.report}\n" + text[-6000:]
    assert STOPPED_BY_BUDGET not in text, (
        f"{service}: a phase was cut short by the {MAX_SECONDS} s budget ({run.report})"
    )
