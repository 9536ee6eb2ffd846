"""`python -m syncyard_common.db.upgrade` (the pods' init container) refuses to guess."""

from pathlib import Path

import pytest

from syncyard_common.db import upgrade


def test_without_a_database_url_it_stops(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SYNCYARD_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    assert upgrade.main() == 2


def test_outside_a_service_folder_it_stops(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SYNCYARD_DATABASE_URL", "postgresql+asyncpg://u:p@127.0.0.1:1/db")
    monkeypatch.chdir(tmp_path)
    assert upgrade.main() == 2
