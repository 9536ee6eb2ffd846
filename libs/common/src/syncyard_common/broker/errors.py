"""How a handler tells the consumer what to do with a message it could not handle."""


class TransientError(Exception):
    """Try again later (backoff with jitter; ``retry_after`` wins when the remote said so)."""

    def __init__(self, reason: str, *, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class PermanentError(Exception):
    """Retrying will not help: park the message in the dead-letter queue with the reason."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(f"{code}: {reason}")
        self.code = code
        self.reason = reason
