"""The placing command in a dry run: the look-ups the gateway would make, in its order.

Pure. The gateway places an order in one command (exists? SKUs? debtor, create); a dry run
may not send it, so it asks the same questions as look-ups and turns their answers into the
answer the command would have given, or into the next question."""

from syncyard_common.messages import customers, orders, products
from syncyard_common.messages.envelope import Message
from syncyard_common.messages.orders import PlacementOutcome

Question = orders.FindOrderV1 | products.CheckProductsV1 | customers.FindCustomerV1


def first_question(command: orders.PlaceOrderV1) -> Question:
    return orders.FindOrderV1(
        connection_id=command.connection_id, external_reference=command.external_reference
    )


def after(command: orders.PlaceOrderV1, answer: Message) -> Question | orders.OrderPlacedV1 | None:
    """The next question, the command's answer when it would stop before writing, or None when
    it would go on to write the order (with the debtor found, if it asked for one)."""
    reference = command.external_reference
    if isinstance(answer, orders.OrderFoundV1):
        if answer.target_order_id is not None:
            return orders.OrderPlacedV1(
                external_reference=reference,
                outcome=PlacementOutcome.EXISTS,
                target_order_id=answer.target_order_id,
            )
        return products.CheckProductsV1(
            connection_id=command.connection_id, skus=command.order.skus
        )
    if isinstance(answer, products.ProductsCheckedV1):
        missing = [sku for sku in command.order.skus if sku not in answer.found]
        if missing:
            return orders.OrderPlacedV1(
                external_reference=reference,
                outcome=PlacementOutcome.PRODUCTS_MISSING,
                missing_skus=missing,
            )
        if command.customer is not None and command.customer.email:
            return customers.FindCustomerV1(
                connection_id=command.connection_id, email=command.customer.email
            )
    return None


def customer_step(command: orders.PlaceOrderV1, answer: Message | None) -> str | None:
    """The debtor write the order would make first, as one of the fields the dry run lists."""
    if command.customer is None:
        return None
    customer = command.customer
    if isinstance(answer, customers.CustomerFoundV1) and answer.customer is not None:
        return f"customer {customer.email}: update debtor {answer.customer.id}"
    return f"customer {customer.email}: new {customer.kind.value} debtor"
