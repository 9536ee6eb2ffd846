"""The custom lints: module size, vendor names, and import contracts with missing packages."""

from __future__ import annotations

from pathlib import Path

from scripts.check_module_size import oversized
from scripts.lint_imports import present_config, to_toml
from scripts.lint_vendor_names import offences

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
    write(tmp_path, f"{GATEWAY}/connectors/registry.py", "from .mplus import x\n")
    write(tmp_path, f"{GATEWAY}/connectors/http.py", "ok = 1\n# Mplus quirk\n")
    write(tmp_path, "services/orchestrator/src/o/flows/orders.py", "if shop == 'BigCommerce':\n")
    write(tmp_path, "simulators/mplus/src/sim/app.py", "mplus = 1\n")
    write(tmp_path, "services/mapper/src/syncyard_mapper/defaults/ecwid.py", "ecwid = 1\n")
    write(tmp_path, "docs/notes.md", "Shopify\n")
    assert offences(tmp_path) == [
        f"{GATEWAY}/connectors/http.py:2: # Mplus quirk",
        "services/orchestrator/src/o/flows/orders.py:1: if shop == 'BigCommerce':",
    ]


def test_import_contracts_drop_packages_not_written_yet() -> None:
    config = {
        "root_packages": ["syncyard_common", "syncyard_not_there"],
        "include_external_packages": True,
        "contracts": [
            {
                "id": "independent",
                "name": "n",
                "type": "independence",
                "modules": ["syncyard_common", "syncyard_not_there"],
            },
            {
                "id": "pure",
                "name": "n",
                "type": "forbidden",
                "source_modules": ["syncyard_common.canonical", "syncyard_not_there.flows"],
                "forbidden_modules": ["sqlalchemy"],
            },
        ],
    }
    present, notes = present_config(config)
    assert present["root_packages"] == ["syncyard_common"]
    assert [c["id"] for c in present["contracts"]] == ["pure"]
    assert present["contracts"][0]["source_modules"] == ["syncyard_common.canonical"]
    assert present["contracts"][0]["forbidden_modules"] == ["sqlalchemy"]
    assert notes == [
        "package syncyard_not_there missing",
        "contract independent skipped: its modules do not exist yet",
    ]
    assert 'root_packages = ["syncyard_common"]' in to_toml(present)
