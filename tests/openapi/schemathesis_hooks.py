"""Schemathesis hooks (``SCHEMATHESIS_HOOKS``) for test_schemathesis.

``Idempotency-Key``: the document says "any unique text": a key names one request, and the
same key sent again with another body is refused (422 ``idempotency_key_reused``, as the
IETF draft says). No JSON Schema can say "unique per request", and schemathesis reuses its
few deterministic values ("0") across different bodies, so every valid key it sends is made
unique here, as a real client's is. Keys the schema refuses (empty, too long) are left as
drawn: their refusal is still checked.
"""

import uuid
from typing import Any

import schemathesis

HEADER = "Idempotency-Key"
MAX_LENGTH = 255


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    headers = case.headers or {}
    key = headers.get(HEADER)
    if isinstance(key, str) and 1 <= len(key) <= MAX_LENGTH:
        headers[HEADER] = str(uuid.uuid4())
