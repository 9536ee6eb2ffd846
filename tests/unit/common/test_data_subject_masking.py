"""Erasing a person masks their record whole, their e-mail anywhere, and nobody else."""

from syncyard_common.data_subjects.masking import ERASED, Subject, mask_json

JAN = Subject.of(["Jan@Example.nl"], ["cust-4711"])


def test_the_record_holding_the_email_loses_every_personal_field_in_its_subtree() -> None:
    order = {
        "id": 1001,
        "email": "JAN@example.nl",
        "billing_address": {"first_name": "Jan", "last_name": "Jansen", "zip": "1015 CJ"},
        "lines": [{"sku": "1001", "quantity": 2}],
    }
    masked = mask_json(order, JAN)
    assert masked["email"] == ERASED
    assert masked["billing_address"] == {"first_name": ERASED, "last_name": ERASED, "zip": ERASED}
    assert masked["lines"] == order["lines"]
    assert masked["id"] == 1001


def test_an_email_inside_a_text_and_a_reference_anywhere_are_replaced() -> None:
    value = {"message": "Sent to jan@example.nl.", "links": [{"customerId": "cust-4711"}]}
    masked = mask_json(value, JAN)
    assert masked["message"] == f"Sent to {ERASED}."
    assert masked["links"] == [{"customerId": ERASED}]


def test_someone_else_is_left_alone() -> None:
    other = {"email": "piet@example.nl", "first_name": "Piet", "note": "jan is a name, no e-mail"}
    assert mask_json(other, JAN) == other
