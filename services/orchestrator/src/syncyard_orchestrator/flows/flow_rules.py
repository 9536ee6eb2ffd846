"""Every flow the product has: its name, the entity it moves, its settings and its rules."""

from typing import Any

from pydantic import BaseModel

from syncyard_orchestrator.flows import orders
from syncyard_orchestrator.flows.categories.rules import CategoryRules
from syncyard_orchestrator.flows.customers.rules import CustomerRules
from syncyard_orchestrator.flows.order_status.rules import FLOW as FLOW_ORDER_STATUS
from syncyard_orchestrator.flows.order_status.rules import OrderStatusRules
from syncyard_orchestrator.flows.products.rules import ProductRules
from syncyard_orchestrator.flows.records import EntityRules
from syncyard_orchestrator.flows.stock.rules import StockRules

RECORD_RULES: dict[str, EntityRules] = {
    rules.flow: rules for rules in (ProductRules(), StockRules(), CustomerRules(), CategoryRules())
}
SETTINGS_MODELS: dict[str, type[BaseModel]] = {
    orders.FLOW: orders.OrderFlowSettings,
    **{name: rules.settings_model for name, rules in RECORD_RULES.items()},
}
FLOW_NAMES: tuple[str, ...] = tuple(SETTINGS_MODELS)
# Flows the product runs on its own behalf, never configured by a tenant.
INTERNAL_RULES: dict[str, EntityRules] = {FLOW_ORDER_STATUS: OrderStatusRules()}
RUN_FLOWS = frozenset({*FLOW_NAMES, *INTERNAL_RULES})


def rules_for(flow: str) -> EntityRules:
    """The rules of a record flow (tenant-configured or internal)."""
    return RECORD_RULES.get(flow) or INTERNAL_RULES[flow]


# Flows that may run both ways at once (orders: each side's new orders go to the other).
BOTH_WAYS = frozenset({orders.FLOW})
# Flows of which only one direction may be active between two connections at a time.
ONE_WAY_ONLY = frozenset({"products"})

DESCRIPTIONS = {
    "orders": "New orders (and invoices) from one side are created on the other.",
    "products": "Products and variants created or updated by SKU; categories along.",
    "stock": "Stock levels from the stock-keeping side, computed as the setting says.",
    "customers": "Customers (debtors) created or updated by e-mail; company or person.",
    "categories": "Categories (article groups, collections) with their parent kept.",
}


def describe() -> list[dict[str, Any]]:
    """The flows for a frontend: name, description, directions and settings JSON Schema."""
    return [
        {
            "flow": name,
            "description": DESCRIPTIONS[name],
            "directions": ["source_to_target", "target_to_source"]
            + (["both"] if name in BOTH_WAYS else []),
            "settings_schema": model.model_json_schema(),
        }
        for name, model in SETTINGS_MODELS.items()
    ]
