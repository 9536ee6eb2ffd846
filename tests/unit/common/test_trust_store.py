"""One TLS trust store per process, verifying as httpx's own default does."""

import ssl

from syncyard_common.egress.trust import trust_store


def test_the_trust_store_is_built_once() -> None:
    assert trust_store() is trust_store()


def test_the_trust_store_verifies_certificates_and_host_names() -> None:
    context = trust_store()
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname is True
    assert context.cert_store_stats()["x509_ca"] > 0
