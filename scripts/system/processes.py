"""One uvicorn process per service and simulator, on free ports, with logs in a run directory.

Each port is bound here, when it is picked, and the bound socket is handed to the process
(scripts/system/serve_socket.py): no one else (the other test session, an outgoing connection)
can take it in between. Once the process is ready this side lets go of its copy, so a process
killed leaves a port that refuses connections, as a crashed server's does."""

from __future__ import annotations

import base64
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from scripts.infra.ports import free_port
from scripts.infra.postgres import runtime_url
from scripts.system import seed
from syncyard_common.egress.trust import trust_store


@dataclass(frozen=True)
class ProcessSpec:
    name: str
    app: str  # uvicorn factory target
    ready_path: str
    is_service: bool = True
    # Fixed environment (a simulator's credentials); the caller's extra_env comes on top.
    env: Mapping[str, str] = field(default_factory=dict)


def _simulator(vendor: str, env: Mapping[str, str]) -> ProcessSpec:
    app = f"syncyard_sim_{vendor}.app:create_app"
    return ProcessSpec(f"sim-{vendor}", app, "/_sim/requests", is_service=False, env=env)


# Every simulator accepts exactly the credentials the demo's connections are made with.
SIMULATORS: tuple[ProcessSpec, ...] = (
    _simulator("mplus", {"SIM_MPLUS_IDENT": seed.MPLUS_IDENT, "SIM_MPLUS_SECRET": seed.MPLUS_SECRET}),
    _simulator("shopify", {
        "SIM_SHOPIFY_SHOP_DOMAIN": seed.SHOP_DOMAIN,
        "SIM_SHOPIFY_ACCESS_TOKEN": seed.SHOP_ACCESS_TOKEN,
        "SIM_SHOPIFY_WEBHOOK_SECRET": seed.SHOP_WEBHOOK_SECRET,
        "SIM_SHOPIFY_API_VERSION": seed.SHOP_API_VERSION,
    }),
    _simulator("bigcommerce", {
        "SIM_BIGCOMMERCE_STORE_HASH": seed.BIGCOMMERCE_STORE_HASH,
        "SIM_BIGCOMMERCE_ACCESS_TOKEN": seed.BIGCOMMERCE_ACCESS_TOKEN,
        "SIM_BIGCOMMERCE_CLIENT_SECRET": seed.BIGCOMMERCE_CLIENT_SECRET,
    }),
    _simulator("ecwid", {
        "SIM_ECWID_STORE_ID": str(seed.ECWID_STORE_ID),
        "SIM_ECWID_ACCESS_TOKEN": seed.ECWID_ACCESS_TOKEN,
        "SIM_ECWID_CLIENT_SECRET": seed.ECWID_CLIENT_SECRET,
    }),
    _simulator("mijnwebwinkel", {
        "SIM_MIJNWEBWINKEL_TOKEN": seed.MIJNWEBWINKEL_TOKEN,
        "SIM_MIJNWEBWINKEL_PARTNER_TOKEN": seed.MIJNWEBWINKEL_PARTNER_TOKEN,
    }),
    _simulator("mailchimp", {
        "SIM_MAILCHIMP_API_KEY": seed.MAILCHIMP_API_KEY,
        "SIM_MAILCHIMP_LIST_ID": seed.MAILCHIMP_LIST_ID,
    }),
)  # fmt: skip

PROCESSES: tuple[ProcessSpec, ...] = (
    *SIMULATORS,
    ProcessSpec("gateway", "syncyard_gateway.main:create_app", "/readyz"),
    ProcessSpec("orchestrator", "syncyard_orchestrator.main:create_app", "/readyz"),
    ProcessSpec("mapper", "syncyard_mapper.main:create_app", "/readyz"),
    ProcessSpec("logger", "syncyard_logger.main:create_app", "/readyz"),
    ProcessSpec("notifier", "syncyard_notifier.main:create_app", "/readyz"),
)

# The production shape's webhook intake (docs/operations/scaling.md): a second gateway process
# that serves HTTP and runs no consumers, so verifying and storing a webhook never waits behind
# command work. Started only when asked (`make up`, bench/intake.py); it relies on the worker
# gateway above for migrations and for relaying the outbox rows it stages.
INTAKE = ProcessSpec(
    "gateway-intake",
    "syncyard_gateway.main:create_app",
    "/readyz",
    env={"SYNCYARD_RUN_CONSUMERS": "false", "SYNCYARD_RUN_MIGRATIONS": "false"},
)

DEMO_CREDENTIAL_KEY = "k1:" + base64.b64encode(b"syncyard-demo-credential-key-32b").decode()
DEMO_JWT_SECRET = "syncyard-demo-jwt-secret-not-for-production-use"


SERVE_SOCKET = Path(__file__).with_name("serve_socket.py")
BACKLOG = 2048  # uvicorn's


def bind_port(port: int) -> socket.socket:
    """A TCP socket listening on 127.0.0.1:``port``, to be handed to the process that serves
    it. Listening, it keeps every other socket off the port; connections made before the
    process serves wait in its backlog. SO_REUSEADDR as uvicorn sets it: a restarted process
    takes its port again while the last one's connections linger (TIME_WAIT)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind(("127.0.0.1", port))
        listener.listen(BACKLOG)
    except OSError:
        listener.close()
        raise
    return listener


@dataclass
class RunningProcess:
    spec: ProcessSpec
    port: int
    env: dict[str, str]
    log_path: Path
    popen: subprocess.Popen[bytes] | None = None
    # Bound when the port was picked (bind_port); handed to the process at launch.
    listener: socket.socket | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def launch(self) -> None:
        if self.listener is None:  # a restart (or a caller that picked the port itself)
            self.listener = bind_port(self.port)
        fd = self.listener.fileno()
        command = [
            sys.executable, str(SERVE_SOCKET), self.spec.app,
            "--fd", str(fd), "--port", str(self.port),
        ]  # fmt: skip
        log = self.log_path.open("ab")
        self.popen = subprocess.Popen(
            command,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            pass_fds=(fd,),
        )

    def _let_go(self) -> None:
        """Close this side's copy of the socket: the process holds its own."""
        if self.listener is not None:
            self.listener.close()
            self.listener = None

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        last = "no answer"
        while time.monotonic() < deadline:
            if self.popen is not None and self.popen.poll() is not None:
                raise RuntimeError(f"{self.spec.name} exited; see {self.log_path}")
            try:
                response = httpx.get(
                    self.url + self.spec.ready_path, timeout=2, verify=trust_store()
                )
                if response.status_code == 200:
                    self._let_go()
                    return
                last = f"{response.status_code} {response.text[:200]}"
            except httpx.HTTPError as exc:
                last = repr(exc)
            time.sleep(0.2)
        raise TimeoutError(f"{self.spec.name} not ready after {timeout}s: {last}; {self.log_path}")

    def kill(self) -> None:
        """SIGKILL: no graceful shutdown, as a crashed pod."""
        self._let_go()
        if self.popen is not None and self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(10)

    def terminate(self) -> None:
        self.ask_to_stop()
        self.wait_stopped()

    def ask_to_stop(self) -> None:
        """SIGTERM: the graceful shutdown of a rolling update."""
        self._let_go()
        if self.popen is not None and self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)

    def wait_stopped(self) -> None:
        """Wait for the graceful shutdown; SIGKILL what is still there after 20 s."""
        if self.popen is not None:
            try:
                self.popen.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()


@dataclass
class RunningSystem:
    run_dir: Path
    processes: dict[str, RunningProcess] = field(default_factory=dict)
    jwt_secret: str = DEMO_JWT_SECRET

    def url(self, name: str) -> str:
        return self.processes[name].url

    def kill(self, name: str) -> None:
        self.processes[name].kill()

    def restart(self, name: str, *, timeout: float = 60.0) -> None:
        process = self.processes[name]
        process.terminate()
        process.launch()
        process.wait_ready(timeout)

    def stop(self) -> None:
        """The services all at once, then the simulators they call: each may drain for up to
        its graceful-shutdown time, and one after another those waits add up."""
        processes = list(self.processes.values())
        for group in (
            [p for p in processes if p.spec.is_service],
            [p for p in processes if not p.spec.is_service],
        ):
            for process in group:
                process.ask_to_stop()
            for process in group:
                process.wait_stopped()


def _environment(
    spec: ProcessSpec,
    *,
    database_url: str,
    amqp_url: str,
    jwt_secret: str,
    extra: Mapping[str, str],
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SYNCYARD_", "SIM_"))}
    env.update(
        {
            "SYNCYARD_SERVICE_NAME": spec.name,
            "SYNCYARD_ENVIRONMENT": "test",
            # Migrations as the tables' owner, the service as a role that owns nothing (R23).
            "SYNCYARD_DATABASE_URL": runtime_url(database_url),
            "SYNCYARD_MIGRATION_DATABASE_URL": database_url,
            "SYNCYARD_AMQP_URL": amqp_url,
            "SYNCYARD_JWT_SECRET": jwt_secret,
            "SYNCYARD_CREDENTIAL_KEYS": DEMO_CREDENTIAL_KEY,
            "SYNCYARD_ALLOW_PRIVATE_TARGETS": "true",
            "SYNCYARD_LOG_LEVEL": os.environ.get("SYNCYARD_TEST_LOG_LEVEL", "INFO"),
        }
    )
    env.update(spec.env)
    env.update(extra)
    return env


def start_system(
    *,
    run_dir: Path,
    database_url: str,
    amqp_url: str,
    jwt_secret: str = DEMO_JWT_SECRET,
    extra_env: Mapping[str, Mapping[str, str]] | None = None,
    ports: Mapping[str, int] | None = None,
    only: tuple[str, ...] | None = None,
    intake: bool = False,
) -> RunningSystem:
    """Start simulators first, then services (each migrates its own schema), and wait for all.

    ``database_url`` is the migrations' (``start_postgres``'s URL, the tables' owner); the
    services run as the cluster's runtime role (``scripts.infra.runtime_url``).

    ``intake=True`` adds the intake-only gateway replica ``gateway-intake``, started once the
    worker gateway has migrated the schema; webhooks are meant to be sent to it."""
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / "logs").mkdir(exist_ok=True)
    system = RunningSystem(run_dir=run_dir, jwt_secret=jwt_secret)
    chosen = [spec for spec in PROCESSES if only is None or spec.name in only]
    if intake:
        chosen.append(INTAKE)
    # Ports first: services that call each other's APIs (previews, dry runs) get the URLs.
    # Each is bound as it is picked and stays bound until its process serves it.
    listeners = {spec.name: _bound((ports or {}).get(spec.name)) for spec in chosen}
    port_of = {name: listener.getsockname()[1] for name, listener in listeners.items()}
    peers = {
        f"SYNCYARD_{name.upper()}_URL": f"http://127.0.0.1:{port_of[name]}"
        for name in ("gateway", "mapper", "orchestrator", "logger")
        if name in port_of
    }
    launched: list[RunningProcess] = []
    for spec in chosen:
        env = _environment(
            spec,
            database_url=database_url,
            amqp_url=amqp_url,
            jwt_secret=jwt_secret,
            extra={**peers, **(extra_env or {}).get(spec.name, {})},
        )
        port = port_of[spec.name]
        log_path = run_dir / "logs" / f"{spec.name}.log"
        process = RunningProcess(spec, port, env, log_path, listener=listeners[spec.name])
        system.processes[spec.name] = process
        if spec is not INTAKE:
            process.launch()
            launched.append(process)
    try:
        for process in launched:
            process.wait_ready()
        if intake:  # the schema exists now: the worker gateway migrated it
            system.processes[INTAKE.name].launch()
            system.processes[INTAKE.name].wait_ready()
    except Exception:
        system.stop()
        raise
    return system


def _bound(port: int | None) -> socket.socket:
    """The port asked for, or a free one, bound (bind_port)."""
    if port:
        return bind_port(port)
    while True:
        try:
            return bind_port(free_port())
        except OSError:  # taken since free_port looked (by someone outside its scheme)
            continue
