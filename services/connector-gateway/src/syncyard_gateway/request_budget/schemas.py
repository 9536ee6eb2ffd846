"""API models of ``/v1/request-budgets``: each connection's use of its remote account's budget."""

import uuid

from pydantic import BaseModel, Field


class BudgetUse(BaseModel):
    connection_id: uuid.UUID
    bucket: str = Field(description="The meter: 'calls', or another the vendor counts apart.")
    capacity: float = Field(description="Units the account may spend at once.")
    per_second: float = Field(description="Units that come back each second.")
    available: float = Field(
        description="Units free now; below zero while calls wait for promised slots."
    )
    used_share: float = Field(description="0 idle, 1 spent, above 1 while calls wait.")
    is_learned: bool = Field(description="The vendor told its plan; else the connector's guess.")


class BudgetUseList(BaseModel):
    """Connections that have made no paced call yet have no budget to show."""

    items: list[BudgetUse]
