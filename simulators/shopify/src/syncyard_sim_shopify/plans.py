"""Shopify plans as the simulator can be configured: each sets both rate-limit buckets.

REST leaky bucket: Standard 40 calls leaking 2/s, Advanced 80 leaking 4/s, Plus 400 leaking
20/s (external-apis.md 2.4). GraphQL points restore at 100, 200 and 1000 per second; the
bucket holds 20 seconds of restore, as the Standard default (2,000 points) does."""

from dataclasses import dataclass
from typing import Literal

PlanName = Literal["standard", "advanced", "plus"]
CUSTOM = "custom"


@dataclass(frozen=True)
class Plan:
    bucket_size: int
    leak_rate: float
    graphql_bucket_size: int
    graphql_restore_rate: float

    def knobs(self) -> dict[str, float]:
        return dict(vars(self))


PLANS: dict[str, Plan] = {
    "standard": Plan(40, 2.0, 2000, 100.0),
    "advanced": Plan(80, 4.0, 4000, 200.0),
    "plus": Plan(400, 20.0, 20000, 1000.0),
}


def plan_of(config: object) -> str:
    """The plan whose four figures the config has, or "custom"."""
    for name, plan in PLANS.items():
        if all(getattr(config, knob, None) == value for knob, value in plan.knobs().items()):
            return name
    return CUSTOM
