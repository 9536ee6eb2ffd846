"""Build the customer (debtor) to create or update from a mapped order."""

from syncyard_common.canonical import Customer, Order


def order_email(order: Order) -> str | None:
    """The e-mail address customers are matched on (exact), or None when the order has none."""
    email = order.email or (order.customer.email if order.customer else None)
    return email.strip() if email and email.strip() else None


def customer_from_order(order: Order) -> Customer:
    """The canonical customer of an order: a company name makes it a company debtor.

    The company comes from the billing address or the order's customer; names, phone and
    addresses from the customer, falling back to the billing address."""
    base = order.customer or Customer()
    billing = order.billing_address
    company = (billing.company if billing else None) or base.company_name
    return Customer(
        email=order_email(order),
        first_name=base.first_name or (billing.first_name if billing else None),
        last_name=base.last_name or (billing.last_name if billing else None),
        company_name=company or None,
        phone=base.phone or (billing.phone if billing else None),
        vat_number=base.vat_number,
        billing_address=billing or base.billing_address,
        shipping_address=order.shipping_address or base.shipping_address,
    )
