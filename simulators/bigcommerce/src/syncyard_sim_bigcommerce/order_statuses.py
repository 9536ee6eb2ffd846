"""The fixed order status table of `GET /v2/order_statuses`."""

from syncyard_sim_bigcommerce.store import Json

STATUSES: dict[int, tuple[str, str]] = {
    0: ("Incomplete", "An incomplete order happens when a shopper reached the payment page, "
        "but did not complete the transaction."),
    1: ("Pending", "Customer started the checkout process, but did not complete it."),
    2: ("Shipped", "Order has been shipped, but receipt has not been confirmed."),
    3: ("Partially Shipped", "Only some items in the order have been shipped."),
    4: ("Refunded", "Seller has used the Refund action."),
    5: ("Cancelled", "Seller has cancelled an order, due to a stock inconsistency or other "
        "reasons."),
    6: ("Declined", "Seller has marked the order as declined for lack of manual payment, or "
        "other reasons."),
    7: ("Awaiting Payment", "Customer has completed checkout process, but payment has yet to be "
        "confirmed."),
    8: ("Awaiting Pickup", "Order has been pulled, and is awaiting customer pickup from a "
        "seller-specified location."),
    9: ("Awaiting Shipment", "Order has been pulled and packaged, and is awaiting collection from "
        "a shipping provider."),
    10: ("Completed", "Client has paid for their digital product and their file(s) are available "
         "for download."),
    11: ("Awaiting Fulfillment", "Customer has completed the checkout process and payment has "
          "been confirmed."),
    12: ("Manual Verification Required", "Order on hold while some aspect needs to be manually "
          "confirmed."),
    13: ("Disputed", "Customer has initiated a dispute resolution process for the transaction."),
    14: ("Partially Refunded", "Seller has partially refunded the order."),
}  # fmt: skip
# Statuses after which an order counts as paid (payment_status "captured").
PAID = frozenset({2, 3, 8, 9, 10, 11})


def status_name(status_id: int) -> str:
    """`Awaiting Fulfillment` for 11."""
    return STATUSES[status_id][0]


def status_json(status_id: int) -> Json:
    """One status as the API lists it."""
    name, description = STATUSES[status_id]
    return {"id": status_id, "name": name, "system_label": name, "custom_label": name,
            "system_description": description}  # fmt: skip
