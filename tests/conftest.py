"""Root test configuration: repo root on sys.path, shared fixtures, markers by folder."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

pytest_plugins = [
    "tests.fixtures.postgres",
    "tests.fixtures.rabbitmq",
    "tests.fixtures.receivers",
    "tests.fixtures.system",
]

MARKER_BY_FOLDER = {
    "unit": "unit",
    "integration": "integration",
    "contract": "contract",
    "e2e": "e2e",
    "fault": "fault",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    tests_dir = ROOT / "tests"
    for item in items:
        try:
            folder = Path(item.path).resolve().relative_to(tests_dir).parts[0]
        except ValueError:
            continue
        marker = MARKER_BY_FOLDER.get(folder)
        if marker is not None:
            item.add_marker(getattr(pytest.mark, marker))
