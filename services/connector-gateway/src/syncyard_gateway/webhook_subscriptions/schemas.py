"""API models of a connection's webhook subscriptions in the remote system."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from syncyard_gateway.connectors.base import Entity


class SubscriptionRead(BaseModel):
    topic: str
    address: str
    remote_id: str


class ManualSetupRead(BaseModel):
    """Where the merchant sets the webhook URL when the remote's API cannot."""

    where: str = Field(description="The remote's own screen that takes the URL.")
    topics: list[str] = Field(description="The event types to tick there.")
    is_one_url_per_app: bool = Field(
        description="The remote posts every store of the app to this one URL: point it at "
        "one connection only."
    )


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
    set_by_hand: ManualSetupRead | None = Field(
        default=None,
        description="When not registrable but the remote sends webhooks: where to set the "
        "URL by hand.",
    )
    last_delivery_at: datetime | None = Field(
        default=None,
        description="When a signed webhook last reached this connection (proof the URL is set).",
    )


class SubscriptionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    entities: list[Entity] = Field(
        default_factory=lambda: [Entity.ORDERS],
        min_length=1,
        description="Whose changes the remote should announce (each vendor's topics for them).",
    )
