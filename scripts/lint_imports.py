"""Runs lint-imports with the root contracts; a module a contract names must exist.

A contract naming a module that does not exist fails here, naming the module, before
lint-imports runs: a renamed or deleted module must never quietly shrink what a contract checks.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MODULE_LISTS = (
    "modules",
    "source_modules",
    "forbidden_modules",
    "layers",
    "containers",
    "ancestors",
)


def module_exists(name: str) -> bool:
    """Found on sys.path, without importing it (submodules are looked up on disk)."""
    top, _, rest = name.partition(".")
    spec = importlib.util.find_spec(top)
    if spec is None:
        return False
    if not rest:
        return True
    locations = list(spec.submodule_search_locations or [])
    path = rest.replace(".", "/")
    return any(Path(base, path).is_dir() or Path(base, f"{path}.py").exists() for base in locations)


def missing_modules(config: dict[str, Any]) -> list[str]:
    """One line per root package or contract module of ours that does not exist."""
    roots = config["root_packages"]
    problems = [f"root package {name} does not exist" for name in roots if not module_exists(name)]
    for contract in config["contracts"]:
        for key in MODULE_LISTS:
            for name in contract.get(key, []):
                if name.split(".")[0] in roots and not module_exists(name):
                    problems.append(
                        f"contract {contract['id']}: {key} names {name}, which does not exist"
                    )
    return problems


def main() -> int:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    problems = missing_modules(config)
    for problem in problems:
        print(f"lint-imports: {problem}")
    if problems:
        print("lint-imports: fix the contract in pyproject.toml ([tool.importlinter])")
        return 1
    lint_imports = Path(sys.executable).with_name("lint-imports")
    return subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
