"""Every shipped default mapping is for a flow and connector pair the orchestrator accepts, and
every pair it accepts has its default: a default nobody can use is a promise we do not keep."""

from syncyard_mapper.defaults import load_all
from syncyard_orchestrator.flows.flow_rules import FLOW_NAMES
from syncyard_orchestrator.integrations import connector_capabilities


def accepted(flow: str, source: str, target: str) -> bool:
    """What configuring the flow from ``source`` to ``target`` accepts (integrations/service)."""
    return (
        flow in FLOW_NAMES
        and (source, target) in connector_capabilities.supported_pairs()
        and connector_capabilities.can(source, "reads", flow)
        and connector_capabilities.can(target, "writes", flow)
    )


def test_every_default_mapping_is_for_a_pair_and_flow_that_is_accepted() -> None:
    refused = [
        m.name for m in load_all() if not accepted(m.flow, m.source_connector, m.target_connector)
    ]
    assert refused == []


def test_every_accepted_pair_and_flow_has_a_default_mapping() -> None:
    shipped = {(m.flow, m.source_connector, m.target_connector) for m in load_all()}
    missing = [
        f"{flow}/{source}_to_{target}"
        for flow in FLOW_NAMES
        for source, target in sorted(connector_capabilities.supported_pairs())
        if accepted(flow, source, target) and (flow, source, target) not in shipped
    ]
    assert missing == []


def test_bigcommerce_categories_reach_the_till() -> None:
    assert accepted("categories", "bigcommerce", "mplus")
