"""Remove credentials from URLs, dicts and text before they reach a log, span or audit entry."""

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Exact names, and fragments that make any key secret (so vendor headers such as an
# "...-access-token" header are caught without naming vendors here).
SECRET_KEYS = frozenset({"ident", "secret", "password", "authorization", "credentials"})
SECRET_FRAGMENTS = ("token", "secret", "password", "apikey", "api_key", "api-key")
REDACTED = "***"
_QUERY_SECRET = re.compile(
    r"(?i)\b(ident|secret|password|[a-z_]*token|apikey|api_key)=([^&\s\"']+)"
)


def is_secret_key(key: str) -> bool:
    lowered = key.lower()
    return lowered in SECRET_KEYS or any(f in lowered for f in SECRET_FRAGMENTS)


def scrub_url(url: str) -> str:
    """``https://h/?ident=a&secret=b`` → ``https://h/?ident=***&secret=***``."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    query = [(k, REDACTED if is_secret_key(k) else v) for k, v in parse_qsl(parts.query, True)]
    return urlunsplit(parts._replace(query=urlencode(query, safe="*")))


def scrub_text(text: str) -> str:
    """Scrub ``key=value`` credentials anywhere in free text (exception messages embed URLs)."""
    return _QUERY_SECRET.sub(lambda m: f"{m.group(1)}={REDACTED}", text)


def scrub_mapping(value: Any) -> Any:
    """A deep copy of dicts/lists with secret-named keys replaced."""
    if isinstance(value, Mapping):
        return {
            k: REDACTED if isinstance(k, str) and is_secret_key(k) else scrub_mapping(v)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [scrub_mapping(v) for v in value]
    if isinstance(value, str):
        return scrub_text(value)
    return value
