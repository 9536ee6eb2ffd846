"""Credentials never survive into logs, spans or audit payloads."""

from syncyard_common.telemetry import scrub


def test_query_credentials_are_scrubbed_from_urls_and_text() -> None:
    url = "https://api.example:4431/?ident=shop1&secret=s3cr3t&x=1"
    assert "s3cr3t" not in scrub.scrub_url(url)
    assert "shop1" not in scrub.scrub_text(f"Server error for url '{url}'")


def test_secret_keys_are_scrubbed_deeply() -> None:
    cleaned = scrub.scrub_mapping({"a": [{"access_token": "shpat_x", "name": "ok"}]})
    assert cleaned == {"a": [{"access_token": "***", "name": "ok"}]}
