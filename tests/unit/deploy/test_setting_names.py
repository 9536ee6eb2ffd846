"""Every SYNCYARD_* variable that compose and the k8s manifests set is read by a settings class."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from scripts.docs_config import SETTINGS
from tests.unit.deploy.manifests import K8S_DIR, ROOT

NAME = re.compile(r"\bSYNCYARD_[A-Z0-9_]*[A-Z0-9]\b")
FILES = [ROOT / "docker-compose.yml", *sorted(K8S_DIR.glob("*.yaml"))]


def known_names() -> set[str]:
    names: set[str] = set()
    for _, module, class_name in SETTINGS:
        cls = getattr(importlib.import_module(module), class_name)
        prefix = str(cls.model_config.get("env_prefix", ""))
        names |= {(prefix + field).upper() for field in cls.model_fields}
    return names


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_every_syncyard_variable_is_a_setting(path: Path) -> None:
    unknown = set(NAME.findall(path.read_text())) - known_names()
    assert not unknown, f"{path.name} sets variables no settings class reads: {sorted(unknown)}"


def test_a_misspelt_variable_is_caught() -> None:
    assert "SYNCYARD_AMQP_URI" not in known_names()
    assert "SYNCYARD_AMQP_URL" in known_names()
