"""The no-package-loops import contract: it covers every service and fails on a new loop."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

from scripts.lint_imports import ROOT

SERVICES = {
    "syncyard_gateway",
    "syncyard_orchestrator",
    "syncyard_mapper",
    "syncyard_logger",
    "syncyard_notifier",
}


def loops_contract() -> dict[str, Any]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    found = [c for c in config["contracts"] if c["id"] == "no-package-loops"]
    assert len(found) == 1
    contract: dict[str, Any] = found[0]
    return contract


def test_every_service_is_an_ancestor_of_the_contract() -> None:
    contract = loops_contract()
    assert contract["type"] == "acyclic_siblings"
    assert set(contract["ancestors"]) == SERVICES


def test_every_service_has_its_schema_in_one_schema_module() -> None:
    for package in SERVICES:
        found = list((ROOT / "services").glob(f"*/src/{package}/schema.py"))
        assert len(found) == 1, package


def lint(tmp_path: Path, modules: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """lint-imports over a throwaway package ``shop`` held to the repository's contract type."""
    for relative, text in modules.items():
        path = tmp_path / "shop" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (tmp_path / "contracts.toml").write_text(
        '[tool.importlinter]\nroot_packages = ["shop"]\n\n'
        "[[tool.importlinter.contracts]]\n"
        f'name = "loops"\ntype = "{loops_contract()["type"]}"\nancestors = ["shop"]\n'
    )
    lint_imports = str(Path(sys.executable).with_name("lint-imports"))
    return subprocess.run(
        [lint_imports, "--no-cache", "--config", "contracts.toml"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_loop_between_two_packages_of_a_service_fails(tmp_path: Path) -> None:
    tables = "from shop.schema import metadata\n"
    one_way = {
        "__init__.py": "",
        "schema.py": "metadata = object()\n",
        "orders/__init__.py": "",
        "orders/tables.py": tables,
        "orders/service.py": "from shop.customers import tables\n",
        "customers/__init__.py": "",
        "customers/tables.py": tables,
    }
    assert lint(tmp_path, one_way).returncode == 0

    # customers reaching back into orders closes a loop: the lint names it.
    looped = lint(tmp_path, {**one_way, "customers/tables.py": "from shop.orders import tables\n"})
    assert looped.returncode == 1
    assert "No cycles are allowed in shop" in looped.stdout
