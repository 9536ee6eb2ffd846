"""The share of a request budget in use, as the dashboard shows it."""

import pytest

from syncyard_gateway.request_budget.usage import used_share


@pytest.mark.parametrize(
    ("tokens", "capacity", "share"),
    [
        (40.0, 40.0, 0.0),  # idle: the bucket is full
        (10.0, 40.0, 0.75),
        (0.0, 40.0, 1.0),  # spent
        (-20.0, 40.0, 1.5),  # spent, and 20 calls promised later slots
        (5.0, 0.0, 1.0),  # a vendor that allows nothing at the moment
    ],
)
def test_used_share(tokens: float, capacity: float, share: float) -> None:
    assert used_share(tokens, capacity) == share
