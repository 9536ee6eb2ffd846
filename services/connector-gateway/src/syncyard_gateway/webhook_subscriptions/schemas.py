"""API models of a connection's webhook subscriptions in the remote system."""

from pydantic import BaseModel, ConfigDict, Field

from syncyard_gateway.connectors.base import Entity


class SubscriptionRead(BaseModel):
    topic: str
    address: str
    remote_id: str


class SubscriptionState(BaseModel):
    """What the remote delivers to this connection's webhook URL now."""

    registrable: bool = Field(description="Whether Syncyard can register them in the remote.")
    webhook_url: str
    subscriptions: list[SubscriptionRead] = Field(
        description="The remote's subscriptions whose address is this connection's webhook URL."
    )
    missing_topics: list[str] = Field(
        description="Topics of the entities asked for (default: orders) not yet subscribed."
    )


class SubscriptionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    entities: list[Entity] = Field(
        default_factory=lambda: [Entity.ORDERS],
        min_length=1,
        description="Whose changes the remote should announce (each vendor's topics for them).",
    )
