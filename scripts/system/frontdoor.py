"""The front door: nginx (the OS package) on one port in front of the five services and the
console, configured from deploy/frontdoor/nginx.conf.template (routes documented there)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from syncyard_common.egress.trust import trust_store

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "deploy" / "frontdoor" / "nginx.conf.template"
CONSOLE_DIST = ROOT / "console" / "dist"
MIME_TYPES = Path("/etc/nginx/mime.types")
SERVICES = ("gateway", "orchestrator", "mapper", "logger", "notifier")
# The prefix each service's routes are reached under: /api/gateway/v1/connections, …
API_PREFIX = "/api"


def render(
    *,
    listen: str,
    run_dir: Path,
    upstreams: dict[str, str],
    console: Path = CONSOLE_DIST,
    as_root: bool = False,
) -> str:
    """The nginx.conf for these upstreams (service name → base URL); webhooks go to the
    ``gateway-intake`` upstream when there is one, else to the gateway."""
    values = {
        "@LISTEN@": listen,
        "@RUN_DIR@": str(run_dir),
        "@MIME_TYPES@": str(MIME_TYPES),
        "@CONSOLE@": str(console),
        "@INTAKE@": upstreams.get("gateway-intake", upstreams["gateway"]),
        **{f"@{name.upper()}@": upstreams[name] for name in SERVICES},
    }
    text = TEMPLATE.read_text()
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    if as_root:
        # nginx's workers would run as nobody, who cannot enter a private (0700) run folder
        # for its temp files; a local front door on the loopback keeps root's.
        text = "user root;\n" + text
    return text


@dataclass
class FrontDoor:
    url: str
    run_dir: Path
    popen: subprocess.Popen[bytes]

    def public_url(self, service: str) -> str:
        return f"{self.url}{API_PREFIX}/{service}"

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGQUIT)  # graceful: finish open requests
            try:
                self.popen.wait(10)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(5)


def nginx_binary() -> str:
    found = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if found is None:
        raise RuntimeError("nginx is not installed: run `make bootstrap`")
    return found


def start_frontdoor(
    *, run_dir: Path, port: int, upstreams: dict[str, str], console: Path = CONSOLE_DIST
) -> FrontDoor:
    """nginx in the foreground (daemon off) as our child, ready when the console answers."""
    run_dir.mkdir(parents=True, exist_ok=True)
    config = run_dir / "nginx.conf"
    config.write_text(
        render(
            listen=f"127.0.0.1:{port}",
            run_dir=run_dir,
            upstreams=upstreams,
            console=console,
            as_root=os.geteuid() == 0,
        )
    )
    log = (run_dir / "nginx.out").open("ab")
    popen = subprocess.Popen(
        [nginx_binary(), "-p", str(run_dir), "-c", str(config), "-g", "daemon off;"],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    door = FrontDoor(url=f"http://127.0.0.1:{port}", run_dir=run_dir, popen=popen)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if popen.poll() is not None:
            raise RuntimeError(f"nginx exited: {(run_dir / 'nginx.out').read_text()[-2000:]}")
        try:
            if (
                httpx.get(
                    door.public_url("gateway") + "/healthz", timeout=2, verify=trust_store()
                ).status_code
                == 200
            ):
                return door
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    door.stop()
    raise TimeoutError(f"the front door did not answer on {door.url}")
