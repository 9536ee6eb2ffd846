"""Pure parts of the BigCommerce simulator: quota window, signature, scopes, dates, money."""

import base64
import hashlib
import hmac
from datetime import UTC, datetime

import pytest

from syncyard_sim_bigcommerce.clock import parse_moment, v2_date, v3_date
from syncyard_sim_bigcommerce.order_payload import money
from syncyard_sim_bigcommerce.ratelimit import WindowQuota
from syncyard_sim_bigcommerce.signing import scope_matches, sign

pytestmark = pytest.mark.unit


class TestWindowQuota:
    def test_counts_down_and_refuses_when_the_window_is_spent(self) -> None:
        quota = WindowQuota()
        verdicts = [quota.take(quota=2, window_ms=30_000, now=10.0) for _ in range(3)]
        assert [v.allowed for v in verdicts] == [True, True, False]
        assert [v.left for v in verdicts] == [1, 0, 0]

    def test_reset_ms_shrinks_and_a_new_window_refills(self) -> None:
        quota = WindowQuota()
        quota.take(quota=1, window_ms=30_000, now=0.0)
        refused = quota.take(quota=1, window_ms=30_000, now=20.0)
        assert (refused.allowed, refused.reset_ms) == (False, 10_000)
        assert quota.take(quota=1, window_ms=30_000, now=30.0).allowed

    def test_headers_use_bigcommerce_names(self) -> None:
        verdict = WindowQuota().take(quota=150, window_ms=30_000, now=0.0)
        assert verdict.headers == {
            "X-Rate-Limit-Time-Window-Ms": "30000",
            "X-Rate-Limit-Time-Reset-Ms": "30000",
            "X-Rate-Limit-Requests-Quota": "150",
            "X-Rate-Limit-Requests-Left": "149",
        }


class TestSigning:
    def test_signature_is_standard_webhooks_v1_over_id_timestamp_body(self) -> None:
        expected = hmac.new(b"secret", b"msg_1.1700000000.{}", hashlib.sha256).digest()
        assert sign("secret", "msg_1", 1700000000, b"{}") == (
            "v1," + base64.b64encode(expected).decode()
        )

    @pytest.mark.parametrize(
        ("hook", "scope", "matches"),
        [
            ("store/order/*", "store/order/statusUpdated", True),
            ("store/order/created", "store/order/created", True),
            ("store/order/created", "store/order/updated", False),
            ("store/sku/*", "store/product/updated", False),
        ],
    )
    def test_wildcard_scopes_cover_everything_below_them(
        self, hook: str, scope: str, matches: bool
    ) -> None:
        assert scope_matches(hook, scope) is matches


class TestFormats:
    def test_v2_dates_are_rfc_2822_and_v3_dates_iso(self) -> None:
        moment = datetime(2011, 11, 15, 12, 45, 26, tzinfo=UTC)
        assert v2_date(moment) == "Tue, 15 Nov 2011 12:45:26 +0000"
        assert v3_date(moment) == "2011-11-15T12:45:26+00:00"

    @pytest.mark.parametrize(
        "text", ["Tue, 15 Nov 2011 12:45:26 +0000", "2011-11-15T12:45:26+00:00", "1321361126"]
    )
    def test_date_filters_accept_rfc_2822_iso_and_unix(self, text: str) -> None:
        assert parse_moment(text) == datetime(2011, 11, 15, 12, 45, 26, tzinfo=UTC)

    def test_v2_money_has_four_decimals(self) -> None:
        assert money("19.95") == "19.9500"
