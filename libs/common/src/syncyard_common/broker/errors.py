"""How a handler tells the consumer what to do with a message it could not handle."""


class TransientError(Exception):
    """Try again later (backoff with jitter; ``retry_after`` wins when the remote said so).

    ``rate_limited`` marks a wait for the remote's budget: it is never a failure, so it does
    not use up the message's attempts (a separate, much larger bound still applies).
    """

    def __init__(
        self, reason: str, *, retry_after: float | None = None, rate_limited: bool = False
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
        self.rate_limited = rate_limited


class PermanentError(Exception):
    """Retrying will not help: park the message in the dead-letter queue with the reason."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(f"{code}: {reason}")
        self.code = code
        self.reason = reason
