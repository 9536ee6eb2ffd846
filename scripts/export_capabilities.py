"""Writes the connectors' declared capabilities to the orchestrator's data file.

The orchestrator may not import the gateway (services are independent), yet it must refuse a
flow a connector cannot carry when the flow is configured. So the gateway's declarations are
copied here as data; tests/unit/orchestrator/test_connector_capabilities.py fails when the copy
is stale. Run: .venv/bin/python scripts/export_capabilities.py
"""

import json
from pathlib import Path

from syncyard_gateway.connectors import by_name

TARGET = (
    Path(__file__).resolve().parent.parent
    / "services/orchestrator/src/syncyard_orchestrator/integrations/connector_capabilities.json"
)


def capabilities() -> dict[str, dict[str, object]]:
    found: dict[str, dict[str, object]] = {}
    for name, connector in sorted(by_name.CONNECTORS.items()):
        declared = connector.capabilities
        found[name] = {
            "title": connector.title,
            "reads": sorted(entity.value for entity in declared.reads),
            "writes": sorted(entity.value for entity in declared.writes),
            "order_statuses": sorted(status.value for status in declared.order_statuses),
            "product_fields": sorted(declared.product_fields),
            "product_extras": sorted(declared.product_extras),
        }
    return found


def render() -> str:
    return json.dumps(capabilities(), indent=2) + "\n"


if __name__ == "__main__":
    TARGET.write_text(render(), encoding="utf-8")
    print(f"wrote {TARGET}")
