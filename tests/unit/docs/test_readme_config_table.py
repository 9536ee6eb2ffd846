"""The README's configuration table is generated from the settings classes and kept current."""

import sys

import pytest

from scripts import docs_config


def test_readme_configuration_table_is_up_to_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["docs_config", "--check"])
    assert docs_config.main() == 0, "run `make docs-config` and commit the README"


def test_every_service_setting_is_in_the_table() -> None:
    table = docs_config.table()
    for variable in (
        "SYNCYARD_DATABASE_URL",
        "SYNCYARD_CREDENTIAL_KEYS",
        "SYNCYARD_RUN_STUCK_AFTER_SECONDS",
        "SYNCYARD_EXPRESSION_TIMEOUT_MS",
        "SYNCYARD_DEFAULT_RETENTION_DAYS",
        "SYNCYARD_SMTP_HOST",
    ):
        assert f"`{variable}`" in table
