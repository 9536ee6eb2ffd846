"""Write the README configuration table from the settings classes (`make docs-config`).

`--check` exits 1 when the README is out of date (a unit test runs it).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from pydantic_settings import BaseSettings

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
START, END = "<!-- config-table:start -->", "<!-- config-table:end -->"
SETTINGS = [
    ("all services", "syncyard_common.settings", "BaseServiceSettings"),
    ("connector-gateway", "syncyard_gateway.settings", "GatewaySettings"),
    ("orchestrator", "syncyard_orchestrator.settings", "OrchestratorSettings"),
    ("mapper", "syncyard_mapper.settings", "MapperSettings"),
    ("logger", "syncyard_logger.settings", "LoggerSettings"),
    ("notifier", "syncyard_notifier.settings", "NotifierSettings"),
]


def _default(field: object) -> str:
    default = getattr(field, "default", None)
    if getattr(field, "is_required", lambda: False)():
        return "*required*"
    if getattr(field, "default_factory", None) is not None:
        return "*(computed)*"
    if type(default).__name__ == "SecretStr":
        return "*(secret)*"
    text = "" if default is None else str(getattr(default, "value", default))
    return f"`{text}`" if text else ""


def table() -> str:
    base = importlib.import_module("syncyard_common.settings").BaseServiceSettings
    rows = ["| variable | service | default | meaning |", "|---|---|---|---|"]
    for service, module, name in SETTINGS:
        cls: type[BaseSettings] = getattr(importlib.import_module(module), name)
        prefix = str(cls.model_config.get("env_prefix", ""))
        for field_name, field in cls.model_fields.items():
            if cls is not base and field_name in base.model_fields:
                inherited = base.model_fields[field_name]
                if field.default == inherited.default:
                    continue
            env = (prefix + field_name).upper()
            meaning = (field.description or "").replace("|", "\\|")
            rows.append(f"| `{env}` | {service} | {_default(field)} | {meaning} |")
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    text = README.read_text()
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    updated = f"{head}{START}\n{table()}\n{END}{tail}"
    if args.check:
        if updated != text:
            print("README configuration table is out of date: run `make docs-config`")
            return 1
        return 0
    README.write_text(updated)
    return 0


if __name__ == "__main__":
    sys.exit(main())
