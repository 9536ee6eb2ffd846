"""Pure: what one health check means for the connection's status."""

from dataclasses import dataclass
from enum import StrEnum


class Finding(StrEnum):
    REACHED = "reached"  # the remote answered and accepted the credentials
    REJECTED = "rejected"  # credentials refused, or a permanent problem with the connection
    UNREACHABLE = "unreachable"  # timeouts, connection errors, 5xx: maybe only a blip
    INCONCLUSIVE = "inconclusive"  # rate limited, or our own keys missing: says nothing


@dataclass(frozen=True)
class Verdict:
    is_failing: bool | None  # None: leave the status as it is
    unreachable_checks: int


def judge(finding: Finding, *, unreachable_checks: int, failures_to_alert: int) -> Verdict:
    """A refusal fails at once; an unreachable remote only after ``failures_to_alert`` checks
    in a row, so a blip pages nobody; any answer that gets through clears the count."""
    if finding is Finding.REACHED:
        return Verdict(is_failing=False, unreachable_checks=0)
    if finding is Finding.REJECTED:
        return Verdict(is_failing=True, unreachable_checks=0)
    if finding is Finding.UNREACHABLE:
        count = unreachable_checks + 1
        return Verdict(
            is_failing=True if count >= failures_to_alert else None, unreachable_checks=count
        )
    return Verdict(is_failing=None, unreachable_checks=unreachable_checks)
