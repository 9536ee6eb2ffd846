"""An update writes extras only when a field the target has (as read back) differs."""

from syncyard_orchestrator.flows.products.rules import differs


def changed(current: dict[str, object], wanted: dict[str, object]) -> bool:
    return differs("extras", current, wanted, links={}, allowed=["extras"])


def test_a_changed_target_field_is_a_change() -> None:
    assert changed({"warranty": "", "mpn": "A1"}, {"warranty": "Two years"})


def test_the_same_value_or_a_field_the_target_lacks_is_not() -> None:
    assert not changed({"warranty": "Two years"}, {"warranty": "Two years", "nowhere": 1})
