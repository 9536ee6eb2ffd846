"""The orchestrator's copy of the connectors' capabilities equals what the gateway declares."""

from scripts.export_capabilities import TARGET, render


def test_capability_copy_is_current() -> None:
    assert TARGET.read_text(encoding="utf-8") == render(), (
        "connector capabilities changed: run .venv/bin/python scripts/export_capabilities.py"
    )
