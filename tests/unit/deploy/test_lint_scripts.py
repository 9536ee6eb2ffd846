"""The custom lints: module size, vendor names, and import contracts (every named module exists)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from scripts.check_module_size import oversized
from scripts.lint_imports import ROOT, missing_modules
from scripts.lint_vendor_names import offences
from syncyard_gateway.connectors.by_name import CONNECTORS

GATEWAY = "services/connector-gateway/src/syncyard_gateway"


def write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_size_check_flags_long_modules_unless_justified(tmp_path: Path) -> None:
    write(tmp_path, "services/a/src/pkg/long.py", "x = 1\n" * 401)
    write(tmp_path, "services/a/src/pkg/fine.py", "x = 1\n" * 400)
    write(tmp_path, "libs/common/src/pkg/told.py", "# size: generated table\n" + "x = 1\n" * 500)
    write(tmp_path, "tests/long_test.py", "x = 1\n" * 900)
    assert oversized(tmp_path) == ["services/a/src/pkg/long.py: 401 lines (limit 400)"]


def test_vendor_names_only_in_their_own_folders(tmp_path: Path) -> None:
    write(tmp_path, f"{GATEWAY}/connectors/shopify/client.py", "SHOPIFY = 1\n")
    write(tmp_path, f"{GATEWAY}/connectors/by_name.py", "from .mplus import x\n")
    write(tmp_path, f"{GATEWAY}/connectors/http.py", "ok = 1\n# Mplus quirk\n")
    write(tmp_path, "services/orchestrator/src/o/flows/orders.py", "if shop == 'BigCommerce':\n")
    write(tmp_path, "simulators/mplus/src/sim/app.py", "mplus = 1\n")
    write(tmp_path, "services/mapper/src/syncyard_mapper/defaults/ecwid.py", "ecwid = 1\n")
    write(tmp_path, "docs/notes.md", "Shopify\n")
    assert offences(tmp_path) == [
        f"{GATEWAY}/connectors/http.py:2: # Mplus quirk",
        "services/orchestrator/src/o/flows/orders.py:1: if shop == 'BigCommerce':",
    ]


def test_import_contracts_refuse_a_module_that_does_not_exist() -> None:
    config = {
        "root_packages": ["syncyard_common", "syncyard_not_there"],
        "contracts": [
            {
                "id": "independent",
                "type": "independence",
                "modules": ["syncyard_common", "syncyard_not_there"],
            },
            {
                "id": "pure",
                "type": "forbidden",
                "source_modules": ["syncyard_common.canonical", "syncyard_common.gone"],
                "forbidden_modules": ["sqlalchemy", "not_ours_so_not_checked"],
            },
        ],
    }
    assert missing_modules(config) == [
        "root package syncyard_not_there does not exist",
        "contract independent: modules names syncyard_not_there, which does not exist",
        "contract pure: source_modules names syncyard_common.gone, which does not exist",
    ]


def importlinter_config() -> dict[str, Any]:
    importlinter: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"][
        "importlinter"
    ]
    return importlinter


def contract(contract_id: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [
        c for c in importlinter_config()["contracts"] if c["id"] == contract_id
    ]
    assert len(found) == 1, contract_id
    return found[0]


def test_the_repository_contracts_name_only_existing_modules() -> None:
    assert missing_modules(importlinter_config()) == []


def test_every_connector_is_in_the_independence_contract() -> None:
    modules = contract("connectors-independent")["modules"]
    assert modules == [f"syncyard_gateway.connectors.{vendor}" for vendor in sorted(CONNECTORS)]


def test_every_translate_module_is_in_the_pure_translate_contract() -> None:
    connectors = ROOT / GATEWAY / "connectors"
    translate_modules = sorted(
        f"syncyard_gateway.connectors.{path.parent.name}.{path.stem}"
        for path in connectors.glob("*/*.py")
        if "translate" in path.stem
    )
    assert len(translate_modules) >= len(CONNECTORS)
    assert sorted(contract("pure-translate")["source_modules"]) == translate_modules
