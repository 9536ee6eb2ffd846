"""The canonical model: what flows and the mapper speak; only connectors know a vendor."""

from syncyard_common.canonical.address import Address
from syncyard_common.canonical.category import Category
from syncyard_common.canonical.customer import Customer, CustomerKind
from syncyard_common.canonical.money import Money, TooManyDecimals
from syncyard_common.canonical.order import (
    ChargeKind,
    ExchangeRate,
    Order,
    OrderCharge,
    OrderKind,
    OrderLine,
    OrderStatus,
)
from syncyard_common.canonical.product import Product, Variant
from syncyard_common.canonical.stock import StockLevel

__all__ = [
    "Address",
    "Category",
    "ChargeKind",
    "Customer",
    "CustomerKind",
    "ExchangeRate",
    "Money",
    "Order",
    "OrderCharge",
    "OrderKind",
    "OrderLine",
    "OrderStatus",
    "Product",
    "StockLevel",
    "TooManyDecimals",
    "Variant",
]
