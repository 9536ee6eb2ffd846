"""Look-ups a run would send to the target, and their answers built from the gateway's reply.

Pure: a look-up command becomes (entity, keys); the gateway's per-key answers become the very
result message the run would have received, so the flow decides on them as in a real run."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from syncyard_common.canonical import Customer, Product, StockLevel
from syncyard_common.messages import customers, orders, products, stock
from syncyard_common.messages.envelope import Message

Answers = Mapping[str, Mapping[str, Any]]  # key → what the target has


@dataclass(frozen=True)
class Lookup:
    entity: str  # the gateway's look-up entity: products, customers, orders, stock
    keys: tuple[str, ...]
    location_id: str | None = None

    @property
    def batch(self) -> tuple[str, str | None]:
        """Look-ups that can share one call to the gateway."""
        return self.entity, self.location_id


def lookup_of(command: Message | None) -> Lookup | None:
    """The look-up ``command`` asks of the target; None when it is not a look-up."""
    if isinstance(command, products.FindProductV1):
        return Lookup("products", (command.sku,))
    if isinstance(command, products.CheckProductsV1):
        return Lookup("products", tuple(dict.fromkeys(command.skus)))
    if isinstance(command, customers.FindCustomerV1):
        return Lookup("customers", (command.email,))
    if isinstance(command, orders.FindOrderV1):
        return Lookup("orders", (command.external_reference,))
    if isinstance(command, stock.GetStockV1):
        return Lookup("stock", tuple(dict.fromkeys(command.skus)), command.location_id)
    return None


def _get(answers: Answers, key: str, field: str) -> Any:
    return (answers.get(key) or {}).get(field)


def answer(command: Message, answers: Answers) -> Message:
    """The result the gateway's command would have given, from the look-up's answers."""
    if isinstance(command, products.FindProductV1):
        found = _get(answers, command.sku, "product")
        product = Product.model_validate(found) if found else None
        # As the find command: an id only with the product itself (else it is created).
        product_id = _get(answers, command.sku, "product_id") if product else None
        return products.ProductFoundV1(sku=command.sku, product_id=product_id, product=product)
    if isinstance(command, products.CheckProductsV1):
        known = {sku: _get(answers, sku, "product_id") for sku in command.skus}
        found = {sku: str(value) for sku, value in known.items() if value}
        missing = [sku for sku in dict.fromkeys(command.skus) if sku not in found]
        return products.ProductsCheckedV1(found=found, missing=missing)
    if isinstance(command, customers.FindCustomerV1):
        customer = _get(answers, command.email, "customer")
        return customers.CustomerFoundV1(
            email=command.email, customer=Customer.model_validate(customer) if customer else None
        )
    if isinstance(command, orders.FindOrderV1):
        order_id = _get(answers, command.external_reference, "order_id")
        return orders.OrderFoundV1(
            external_reference=command.external_reference,
            target_order_id=str(order_id) if order_id else None,
        )
    if isinstance(command, stock.GetStockV1):
        levels = [_get(answers, sku, "level") for sku in dict.fromkeys(command.skus)]
        return stock.StockReadV1(levels=[StockLevel.model_validate(lv) for lv in levels if lv])
    raise ValueError(f"{type(command).__name__} is not a look-up")
