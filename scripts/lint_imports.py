"""Runs lint-imports with the root contracts, leaving out packages not written yet."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MODULE_LISTS = ("modules", "source_modules", "forbidden_modules", "layers", "containers")


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


def present_config(config: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The config restricted to existing modules, and notes on what was left out."""
    notes: list[str] = []
    roots = [name for name in config["root_packages"] if module_exists(name)]
    notes += [f"package {name} missing" for name in config["root_packages"] if name not in roots]
    contracts = []
    for contract in config["contracts"]:
        kept = dict(contract)
        for key in MODULE_LISTS:
            if key not in contract:
                continue
            internal = [m for m in contract[key] if m.split(".")[0] in config["root_packages"]]
            kept[key] = [m for m in contract[key] if m not in internal or module_exists(m)]
        enough = all(kept.get(key) for key in MODULE_LISTS if key in contract)
        if contract["type"] == "independence":
            enough = len(kept["modules"]) >= 2
        if enough:
            contracts.append(kept)
        else:
            notes.append(f"contract {contract['id']} skipped: its modules do not exist yet")
    return {**config, "root_packages": roots, "contracts": contracts}, notes


def to_toml(config: dict[str, Any]) -> str:
    def value(item: Any) -> str:
        if isinstance(item, bool):
            return "true" if item else "false"
        if isinstance(item, list):
            return "[" + ", ".join(value(element) for element in item) + "]"
        return '"' + str(item).replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = ["[tool.importlinter]"]
    lines += [f"{key} = {value(item)}" for key, item in config.items() if key != "contracts"]
    for contract in config["contracts"]:
        lines += ["", "[[tool.importlinter.contracts]]"]
        lines += [f"{key} = {value(item)}" for key, item in contract.items()]
    return "\n".join(lines) + "\n"


def main() -> int:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    present, notes = present_config(config)
    for note in notes:
        print(f"lint-imports: {note}")
    if not present["contracts"]:
        print("lint-imports: no contract has its packages yet")
        return 0
    lint_imports = Path(sys.executable).with_name("lint-imports")
    with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as handle:
        handle.write(to_toml(present))
    try:
        command = [str(lint_imports), "--config", handle.name, "--no-cache"]
        return subprocess.run(command, cwd=ROOT, check=False).returncode
    finally:
        Path(handle.name).unlink()


if __name__ == "__main__":
    sys.exit(main())
