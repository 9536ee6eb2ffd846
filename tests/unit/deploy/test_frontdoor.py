"""The front door's nginx config: every service under its prefix, webhooks to the intake,
and nginx itself accepts the rendered file (`nginx -t`, when nginx is installed)."""

import shutil
import subprocess
from pathlib import Path

import pytest

from scripts.system.frontdoor import SERVICES, render

UPSTREAMS = {name: f"http://127.0.0.1:{9000 + i}" for i, name in enumerate(SERVICES)}


def test_each_service_is_routed_under_its_prefix_with_the_prefix_stripped() -> None:
    config = render(listen="127.0.0.1:8080", run_dir=Path("/tmp/x"), upstreams=UPSTREAMS)
    for name, url in UPSTREAMS.items():
        assert f"location /api/{name}/ {{" in config
        assert f"proxy_pass {url}/;" in config
    assert "@" not in config.replace("@NAME@", ""), "a placeholder was left"


def test_webhooks_go_unbuffered_to_the_intake_when_there_is_one() -> None:
    with_intake = {**UPSTREAMS, "gateway-intake": "http://127.0.0.1:9999"}
    config = render(listen="127.0.0.1:8080", run_dir=Path("/tmp/x"), upstreams=with_intake)
    webhooks = config.split("location /api/gateway/v1/webhooks/ {", 1)[1].split("}", 1)[0]
    assert "proxy_pass http://127.0.0.1:9999/v1/webhooks/;" in webhooks
    assert "proxy_request_buffering off;" in webhooks
    alone = render(listen="127.0.0.1:8080", run_dir=Path("/tmp/x"), upstreams=UPSTREAMS)
    assert f"proxy_pass {UPSTREAMS['gateway']}/v1/webhooks/;" in alone


def test_nginx_accepts_the_rendered_config(tmp_path: Path) -> None:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.skip("nginx is not installed (make bootstrap installs it)")
    config = tmp_path / "nginx.conf"
    config.write_text(
        render(listen="127.0.0.1:8080", run_dir=tmp_path, upstreams=UPSTREAMS, console=tmp_path)
    )
    checked = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(config)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
