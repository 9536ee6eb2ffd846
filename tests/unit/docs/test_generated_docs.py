"""Everything written from the connectors' declared capabilities is current.

The orchestrator's connector_capabilities.json, the generated block of each connector README,
docs/connectors/<name>.md and the overview table of docs/connectors/README.md are regenerated
in memory and compared with the files; a stale file fails naming itself and the command."""

from pathlib import Path

import pytest

from scripts.generate_connector_docs import COMMAND, ROOT, generated_files

FILES = generated_files()


@pytest.mark.parametrize("path", sorted(FILES), ids=lambda path: str(path.relative_to(ROOT)))
def test_generated_file_is_current(path: Path) -> None:
    written = path.read_text(encoding="utf-8") if path.exists() else ""
    assert written == FILES[path], f"{path.relative_to(ROOT)} is stale: run {COMMAND}"
