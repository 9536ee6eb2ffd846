"""The order flow's state, settings, incoming events and decisions (all serialisable)."""

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from syncyard_common.canonical import ChargeKind, Order, OrderStatus
from syncyard_common.canonical.order_limits import DEFAULT_CHARGE_ARTICLES, BookingRules
from syncyard_common.messages.audit import StepRecordedV1
from syncyard_common.messages.envelope import Message
from syncyard_orchestrator.flows.run_base import FlowRun

FLOW = "orders"
# 2: the target's look-ups and writes are one command (place order); runs of version 1 that
# wait for an answer of the old single-call steps go on to that command when it comes.
FLOW_VERSION = 2


class OrderFlowState(StrEnum):
    """Where a run is. CHECKING_EXISTING … CREATING_ORDER are flow version 1's one-call steps:
    no new run enters them, but a run that waits in one after an upgrade still finishes."""

    RECEIVED = "received"
    FETCHING = "fetching"
    MAPPING = "mapping"
    CHECKING_EXISTING = "checking_existing"
    FINDING_CUSTOMER = "finding_customer"
    UPSERTING_CUSTOMER = "upserting_customer"
    CHECKING_PRODUCTS = "checking_products"
    WAITING_FOR_PRODUCTS = "waiting_for_products"
    CREATING_ORDER = "creating_order"
    PLACING = "placing"
    # A later change of an order booked already: read the target order, then change it.
    READING_TARGET_ORDER = "reading_target_order"
    UPDATING_ORDER = "updating_order"
    DONE = "done"
    SKIPPED = "skipped"
    FAILED = "failed"

    @property
    def is_terminal(self) -> bool:
        return self in TERMINAL_STATES


TERMINAL_STATES = frozenset({OrderFlowState.DONE, OrderFlowState.SKIPPED, OrderFlowState.FAILED})

# The step name each waiting state is the answer to (used in audit entries and failures).
STEP_OF_STATE: dict[OrderFlowState, str] = {
    OrderFlowState.RECEIVED: "start",
    OrderFlowState.FETCHING: "fetch",
    OrderFlowState.MAPPING: "map",
    OrderFlowState.CHECKING_EXISTING: "find_order",
    OrderFlowState.FINDING_CUSTOMER: "find_customer",
    OrderFlowState.UPSERTING_CUSTOMER: "upsert_customer",
    OrderFlowState.CHECKING_PRODUCTS: "check_products",
    OrderFlowState.WAITING_FOR_PRODUCTS: "check_products",
    OrderFlowState.CREATING_ORDER: "create_order",
    OrderFlowState.PLACING: "place_order",
    OrderFlowState.READING_TARGET_ORDER: "update_order",
    OrderFlowState.UPDATING_ORDER: "update_order",
}


class OrderFlowSettings(BaseModel):
    """A tenant's settings for the order flow of one integration."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    employee_number: int = Field(
        default=999999,
        ge=1,
        le=99999999,
        description="Employee number the till books the order on.",
    )
    default_debtor_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        description="Book every order on this debtor instead of matching customers by e-mail.",
    )
    missing_products: Literal["fail", "wait"] = Field(
        default="fail",
        description="When an order has SKUs the target does not know: fail at once with the "
        "SKUs in the reason, or wait and check again (products may be on their way).",
    )
    missing_products_wait_minutes: int = Field(
        default=60, ge=1, le=10080, description="How long to keep waiting before failing."
    )
    missing_products_recheck_seconds: int = Field(
        default=300, ge=10, le=3600, description="How often to check again while waiting."
    )
    sync_status_back: bool = Field(
        default=False,
        description="When an order this flow created is paid, shipped or cancelled in the "
        "target, mark the original order so in the source (where the source can).",
    )
    invoices: Literal["as_order", "skip"] = Field(
        default="as_order",
        description="The source may send invoices; the target may take only orders: create "
        "them as orders, or skip them (logged).",
    )
    not_booked: list[Annotated[str, StringConstraints(min_length=1, max_length=40)]] = Field(
        default_factory=lambda: ["voided", "cancelled"],
        max_length=20,
        description="Orders in these states are not booked as sales (the run is skipped with "
        "the state as its reason): `cancelled` for an order cancelled in the source, or any "
        "financial status as the source names it (voided, refunded, pending, …). Default: "
        "voided and cancelled orders.",
    )
    shipping_article_sku: str = Field(
        default=DEFAULT_CHARGE_ARTICLES[ChargeKind.SHIPPING],
        min_length=1,
        max_length=64,
        description="SKU of the article shipping is booked on, where the target has no "
        "shipping field of its own (the till): one line with the shipping charge.",
    )
    payment_fee_article_sku: str = Field(
        default=DEFAULT_CHARGE_ARTICLES[ChargeKind.PAYMENT_FEE],
        min_length=1,
        max_length=64,
        description="SKU of the article payment fees are booked on (same rule as shipping).",
    )
    discount_article_sku: str = Field(
        default=DEFAULT_CHARGE_ARTICLES[ChargeKind.DISCOUNT],
        min_length=1,
        max_length=64,
        description="SKU of the article an order discount is booked on, with a negative price.",
    )
    gift_card_article_sku: str = Field(
        default=DEFAULT_CHARGE_ARTICLES[ChargeKind.GIFT_CARD],
        min_length=1,
        max_length=64,
        description="SKU of the article a redeemed gift card is booked on, negative price.",
    )
    foreign_currency: Literal["refuse", "convert"] = Field(
        default="refuse",
        description="An order in another currency than the target keeps (the till's, from its "
        "connection): refuse it naming both currencies, or book it converted at the rate "
        "the order itself carries (a shop's own money vs the money the customer paid in).",
    )
    long_texts: Literal["refuse", "truncate"] = Field(
        default="refuse",
        description="A text longer than the target's field allows (names, lines, addresses): "
        "refuse the order before anything is written, or cut the text (each cut logged).",
    )

    @property
    def booking(self) -> BookingRules:
        """The settings the gateway applies when it checks the order against its target."""
        articles = {
            ChargeKind.SHIPPING: self.shipping_article_sku,
            ChargeKind.PAYMENT_FEE: self.payment_fee_article_sku,
            ChargeKind.DISCOUNT: self.discount_article_sku,
            ChargeKind.GIFT_CARD: self.gift_card_article_sku,
        }
        return BookingRules(
            charge_articles=articles,
            foreign_currency=self.foreign_currency,
            long_texts=self.long_texts,
        )


class OrderRun(FlowRun):
    """Everything one run of the order flow knows; stored as JSON beside the run row."""

    DATA_FIELDS: ClassVar[tuple[str, ...]] = ("mapped_order",)

    flow_version: int = FLOW_VERSION
    state: OrderFlowState = OrderFlowState.RECEIVED
    source_order_id: str
    entity_ref: str | None = Field(default=None, description="The order number a merchant sees.")
    external_reference: str | None = None
    mapped_order: Order | None = Field(default=None, description="Cleared when the run ends.")
    customer_id: str | None = None
    product_ids: dict[str, str] = Field(default_factory=dict)
    first_missing_at: datetime | None = Field(
        default=None, description="When products were first found missing (wait setting)."
    )
    target_order_id: str | None = None
    booked_as: str | None = Field(
        default=None,
        description="The target order this source order is booked as (its entity link, or "
        "this run's placement): a later change of it runs as an update of that order.",
    )
    placed_now: bool = Field(default=False, description="This run booked the order itself.")
    changes: list[str] = Field(
        default_factory=list, description="What this run changed in the target order."
    )
    changed_meanwhile: bool = Field(
        default=False,
        description="The order arrived again while the run worked: once it is booked, it is "
        "read again and its newest state applied (a cancel during creation comes after it).",
    )
    source_status: OrderStatus | None = None
    source_financial_status: str | None = None
    result: str | None = Field(
        default=None, description="What a done or skipped run did, or why it did nothing."
    )

    @property
    def flow_name(self) -> str:
        return FLOW

    @property
    def source_ref(self) -> str:
        return self.source_order_id


@dataclass(frozen=True)
class FlowEvent:
    """An incoming message as the flow sees it: the typed payload plus the ids that order it.

    ``id`` is the envelope id; ``causation_id`` the command it answers. ``made_by_us_from``
    is set when the order the run reads was created by this very integration (its entity link
    says so): then it is an echo, and the source order it was made from is named."""

    id: uuid.UUID
    message: Message
    causation_id: uuid.UUID | None = None
    made_by_us_from: str | None = None
    # The target order this source order is booked as (entity link), and the statuses the
    # target's connector can set: both looked up by the runner, so ``decide`` stays pure.
    booked_as: str | None = None
    target_statuses: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Decision:
    """What ``decide`` returns: the new run and what to publish in the same transaction.

    ``command`` is at most one command; the runner publishes it with the ``command_id`` given to
    ``decide`` as its envelope id. ``changed`` is False when the event was ignored."""

    run: OrderRun
    command: Message | None = None
    events: list[Message] = field(default_factory=list)
    audit: list[StepRecordedV1] = field(default_factory=list)
    changed: bool = True
    wake_at: datetime | None = None  # send the pending command then, not now
