"""Hard bounds inside one evaluation: a range size limit and a time box that stops any built-in.

JSONata checks its own time limit only between steps, so one ``$match`` with a catastrophic
regular expression ran for 18 s. In the sandbox's worker processes an interval timer raises
``OutOfTime`` in the middle of whatever runs (Python's ``re`` checks for signals while it
backtracks); outside a worker (unit tests) the time box is off and the worker's kill is moot.
"""

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import jsonata

DEFAULT_MAX_RANGE_ITEMS = 100_000


class OutOfTime(BaseException):
    """The time box of one expression ran out."""


class RangeTooLarge(Exception):
    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"a range of {size} items exceeds the limit of {limit} (max_range_items)")
        self.size = size
        self.limit = limit


_state = {"max_range_items": DEFAULT_MAX_RANGE_ITEMS, "armed": False}
_original_range = jsonata.Jsonata.evaluate_range_expression


def _bounded_range(self: Any, lhs: Any, rhs: Any) -> Any:
    if isinstance(lhs, int) and isinstance(rhs, int) and not isinstance(lhs, bool):
        size = rhs - lhs + 1
        if size > _state["max_range_items"]:
            raise RangeTooLarge(size, int(_state["max_range_items"]))
    return _original_range(self, lhs, rhs)


jsonata.Jsonata.evaluate_range_expression = _bounded_range  # type: ignore[method-assign]


def configure(*, max_range_items: int, armed: bool) -> None:
    """Set the range limit; ``armed`` turns the time box on (worker processes only)."""
    _state["max_range_items"] = max_range_items
    _state["armed"] = armed


def _ring(_signum: int, _frame: Any) -> None:
    raise OutOfTime


@contextmanager
def time_box(milliseconds: int) -> Iterator[None]:
    """Raise ``OutOfTime`` inside the block once ``milliseconds`` have passed (when armed)."""
    if not _state["armed"]:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _ring)
    signal.setitimer(signal.ITIMER_REAL, milliseconds / 1000)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
