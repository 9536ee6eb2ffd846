"""The per-connector request-budget metric: the share in use at each take, by connector."""

from prometheus_client import REGISTRY

from syncyard_gateway.request_budget import metrics

NAME = "syncyard_request_budget_used_ratio"


def _count(connector: str, le: str) -> float:
    value = REGISTRY.get_sample_value(f"{NAME}_bucket", {"connector": connector, "le": le})
    return value or 0.0


def test_each_take_is_counted_under_its_connector_by_the_share_in_use() -> None:
    connector = "test-connector-budget"
    metrics.observe(f"{connector}:shop-a@127.0.0.1:9", tokens=30.0, capacity=40.0)  # 0.25
    metrics.observe(f"{connector}:shop-b", tokens=-20.0, capacity=40.0)  # 1.5: calls waiting
    assert _count(connector, "0.25") == 1
    assert _count(connector, "1.0") == 1
    assert _count(connector, "1.5") == 2
    assert REGISTRY.get_sample_value(f"{NAME}_count", {"connector": connector}) == 2


def test_the_connector_is_the_budget_keys_first_part() -> None:
    assert metrics.connector_of("ecwid:1003@127.0.0.1:8104") == "ecwid"
    assert metrics.connector_of("connection-42") == "connection-42"
