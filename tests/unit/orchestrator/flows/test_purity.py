"""Flows stay pure: they import only the canonical model, messages, pydantic and stdlib."""

import ast
import sys
from pathlib import Path

import syncyard_orchestrator.flows as flows_package

ALLOWED_PREFIXES = (
    "syncyard_common.canonical",
    "syncyard_common.messages",
    "syncyard_orchestrator.flows",
    "pydantic",
)


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            names.add(node.module)
    return names


def test_flow_modules_import_no_io_libraries() -> None:
    root = Path(flows_package.__file__).parent
    offenders = {
        f"{path.name}: {name}"
        for path in root.rglob("*.py")
        for name in imported_modules(path)
        if not name.startswith(ALLOWED_PREFIXES)
        and name.split(".")[0] not in sys.stdlib_module_names
    }
    assert offenders == set()
