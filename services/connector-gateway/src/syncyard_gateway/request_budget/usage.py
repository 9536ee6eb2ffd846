"""How much of a request budget is in use (pure): what a dashboard shows per connection."""


def used_share(tokens: float, capacity: float) -> float:
    """The share of the bucket spent: 0 idle, 1 empty, above 1 while calls wait for promised
    slots (the balance goes below zero for each of them)."""
    if capacity <= 0:
        return 1.0
    return round(max(0.0, capacity - tokens) / capacity, 4)
