"""Instants in requests: RFC 3339 strings with a zone only (schemathesis found 0 taken as 1970)."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from pydantic import TypeAdapter, ValidationError

from syncyard_common.web.instant import Instant

READ = TypeAdapter(Instant)


@pytest.mark.parametrize(
    ("given", "meant"),
    [
        ("2026-12-07T10:00:00Z", datetime(2026, 12, 7, 10, tzinfo=UTC)),
        ("2026-12-07t10:00:00z", datetime(2026, 12, 7, 10, tzinfo=UTC)),
        (
            "2026-12-07T10:00:00.5+01:00",
            datetime(2026, 12, 7, 10, 0, 0, 500000, tzinfo=timezone(timedelta(hours=1))),
        ),
        # RFC 3339 takes any number of fraction digits; a datetime keeps microseconds.
        ("2026-12-07T10:00:00.123456789Z", datetime(2026, 12, 7, 10, 0, 0, 123456, tzinfo=UTC)),
    ],
)
def test_an_rfc_3339_date_time_with_its_zone_is_read(given: str, meant: datetime) -> None:
    assert READ.validate_python(given) == meant
    assert READ.validate_json(f'"{given}"') == meant


@pytest.mark.parametrize(
    "given",
    [
        0,  # pydantic's lax mode reads numbers as Unix time
        1796640000,
        "0",
        "1796640000",
        "2026-12-07",  # a date alone
        "2026-12-07T10:00:00",  # no zone
        "2026-12-07T10:00Z",  # no seconds
        "2026-12-07 10:00:00Z",  # a space for the T
        "2026-12-07T10:00:00Z\n",
        "٢٠٢٦-12-07T10:00:00Z",  # digits of another script
        "2026-13-07T10:00:00Z",
        True,
        None,
    ],
)
def test_anything_else_is_refused(given: object) -> None:
    with pytest.raises(ValidationError):
        READ.validate_python(given)


def test_numbers_in_json_are_refused_too() -> None:
    with pytest.raises(ValidationError):
        READ.validate_json("0")


def test_the_document_says_date_time() -> None:
    assert READ.json_schema() == {"type": "string", "format": "date-time"}
