"""The canonical model: what flows and the mapper speak; only connectors know a vendor."""

from syncyard_common.canonical.address import Address
from syncyard_common.canonical.category import Category
from syncyard_common.canonical.customer import Customer, CustomerKind
from syncyard_common.canonical.money import Money
from syncyard_common.canonical.order import Order, OrderKind, OrderLine, OrderStatus
from syncyard_common.canonical.product import Product, Variant
from syncyard_common.canonical.stock import StockLevel

__all__ = [
    "Address",
    "Category",
    "Customer",
    "CustomerKind",
    "Money",
    "Order",
    "OrderKind",
    "OrderLine",
    "OrderStatus",
    "Product",
    "StockLevel",
    "Variant",
]
