"""docs/connectors/<vendor>.md repeats the connector's own README, word for word."""

from pathlib import Path

import pytest

from syncyard_gateway.connectors import by_name

ROOT = Path(__file__).resolve().parents[3]
CONNECTORS = ROOT / "services/connector-gateway/src/syncyard_gateway/connectors"


@pytest.mark.parametrize("vendor", sorted(by_name.CONNECTORS))
def test_connector_page_matches_the_connector_readme(vendor: str) -> None:
    page = (ROOT / "docs/connectors" / f"{vendor}.md").read_text()
    readme = (CONNECTORS / vendor / "README.md").read_text()
    assert page.split("\n", 1)[1] == readme, f"copy {vendor}/README.md to docs/connectors/"
