"""Which connectors an integration may join, and what each connector can read and write.

Both come from data files (connector names are data here: the orchestrator never branches on
a vendor in code). ``connector_capabilities.json`` is the gateway's declarations, copied by
``scripts/generate_connector_docs.py`` and checked by a test."""

import json
from importlib import resources
from typing import Any

_PAIRS = json.loads(resources.files(__package__).joinpath("connector_pairs.json").read_text())
CAPABILITIES: dict[str, dict[str, Any]] = json.loads(
    resources.files(__package__).joinpath("connector_capabilities.json").read_text()
)

HUB: str = _PAIRS["hub"]
SPOKES: tuple[str, ...] = tuple(_PAIRS["spokes"])


def supported_pairs() -> frozenset[tuple[str, str]]:
    """Every (first, second) connector pair an integration may join."""
    return frozenset((HUB, spoke) for spoke in SPOKES) | frozenset((s, HUB) for s in SPOKES)


def title(connector: str) -> str:
    return str(CAPABILITIES.get(connector, {}).get("title", connector))


def can(connector: str, access: str, entity: str) -> bool:
    """Whether ``connector`` declares it can ``access`` ("reads"/"writes") ``entity``."""
    return entity in CAPABILITIES.get(connector, {}).get(access, [])


def order_statuses(connector: str) -> frozenset[str]:
    return frozenset(CAPABILITIES.get(connector, {}).get("order_statuses", []))


def product_fields(connector: str) -> list[str]:
    """The optional product fields ``connector`` keeps (short description, features)."""
    return sorted(CAPABILITIES.get(connector, {}).get("product_fields", []))
