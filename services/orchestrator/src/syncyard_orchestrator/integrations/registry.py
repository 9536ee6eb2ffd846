"""Which connector pairs each flow supports (source, target), read from connector_pairs.json.

Connector names are data here: the orchestrator never branches on a vendor in code."""

import json
from importlib import resources

_PAIRS = json.loads(resources.files(__package__).joinpath("connector_pairs.json").read_text())

FLOW_CONNECTOR_PAIRS: dict[str, frozenset[tuple[str, str]]] = {
    flow: frozenset((source, target) for source, target in pairs) for flow, pairs in _PAIRS.items()
}


def supported_pairs() -> frozenset[tuple[str, str]]:
    """Every pair at least one flow supports: the pairs an integration may join."""
    return frozenset().union(*FLOW_CONNECTOR_PAIRS.values())
