"""Mailchimp's only limit: simultaneous connections per API key (no request rate, no headers)."""

from dataclasses import dataclass, field


@dataclass
class ConcurrencyGate:
    """Counts requests in flight per key; refuses one that would exceed the limit."""

    in_flight: dict[str, int] = field(default_factory=dict)

    def enter(self, key: str, *, limit: int) -> bool:
        """Take a slot for `key`; False (and nothing taken) when `limit` are already in flight."""
        current = self.in_flight.get(key, 0)
        if current >= limit:
            return False
        self.in_flight[key] = current + 1
        return True

    def leave(self, key: str) -> None:
        """Give back a slot taken by `enter`."""
        remaining = self.in_flight.get(key, 0) - 1
        if remaining > 0:
            self.in_flight[key] = remaining
        else:
            self.in_flight.pop(key, None)
