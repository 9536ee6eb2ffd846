"""Webhook signatures follow the Standard Webhooks algorithm exactly."""

import base64
import hashlib
import hmac

import pytest

from syncyard_notifier.channels import signing

pytestmark = pytest.mark.unit

# The published Standard Webhooks test vector (reference implementations' own tests).
VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
VECTOR_TIMESTAMP = 1614265330
VECTOR_BODY = b'{"test": 2432232314}'
VECTOR_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


class TestSign:
    def test_reproduces_the_standard_webhooks_test_vector(self) -> None:
        signature = signing.sign(
            secret=VECTOR_SECRET,
            message_id=VECTOR_ID,
            timestamp=VECTOR_TIMESTAMP,
            body=VECTOR_BODY,
        )
        assert signature == VECTOR_SIGNATURE

    def test_matches_an_independent_hmac_over_id_timestamp_and_body(self) -> None:
        secret = signing.generate_secret()
        body = b'{"text":"Run failed"}'
        key = base64.b64decode(secret.removeprefix("whsec_"))
        expected = base64.b64encode(
            hmac.new(key, b"alert_1.1700000000." + body, hashlib.sha256).digest()
        ).decode()
        headers = signing.headers(
            secret=secret, message_id="alert_1", timestamp=1700000000, body=body
        )
        assert headers == {
            "webhook-id": "alert_1",
            "webhook-timestamp": "1700000000",
            "webhook-signature": f"v1,{expected}",
        }

    def test_generated_secrets_are_whsec_base64_of_32_bytes(self) -> None:
        secret = signing.generate_secret()
        assert secret.startswith("whsec_")
        assert len(signing.secret_key(secret)) == 32
        assert signing.generate_secret() != secret

    @pytest.mark.parametrize("secret", ["whsec_not base64!", "whsec_c2hvcnQ=", "plain"])
    def test_refuses_secrets_that_are_not_standard_webhooks_secrets(self, secret: str) -> None:
        with pytest.raises(signing.InvalidSecret):
            signing.secret_key(secret)


class TestVerify:
    def test_accepts_the_vector_within_tolerance(self) -> None:
        received = {
            "webhook-id": VECTOR_ID,
            "webhook-timestamp": str(VECTOR_TIMESTAMP),
            "webhook-signature": f"v1,bm9wZQ== {VECTOR_SIGNATURE}",
        }
        assert signing.verify(
            secret=VECTOR_SECRET, received=received, body=VECTOR_BODY, now=VECTOR_TIMESTAMP + 10
        )

    def test_rejects_a_tampered_body_and_a_stale_timestamp(self) -> None:
        received = {
            "webhook-id": VECTOR_ID,
            "webhook-timestamp": str(VECTOR_TIMESTAMP),
            "webhook-signature": VECTOR_SIGNATURE,
        }
        tampered = VECTOR_BODY.replace(b"2", b"3")
        assert not signing.verify(
            secret=VECTOR_SECRET, received=received, body=tampered, now=VECTOR_TIMESTAMP
        )
        assert not signing.verify(
            secret=VECTOR_SECRET, received=received, body=VECTOR_BODY, now=VECTOR_TIMESTAMP + 3600
        )
