"""Schemathesis hooks (``SCHEMATHESIS_HOOKS``) for test_schemathesis.

``Idempotency-Key``: the document says "any unique text": a key names one request, and the
same key sent again with another body is refused (422 ``idempotency_key_reused``, as the
IETF draft says). No JSON Schema can say "unique per request", and schemathesis reuses its
few deterministic values ("0") across different bodies, so every valid key it sends is made
unique here, as a real client's is. Keys the schema refuses (empty, too long) are left as
drawn: their refusal is still checked.

``If-Match``: the document states its form (``*`` or entity tags). Schemathesis' coverage phase
draws header values from letters and digits only, so it has no valid one for it, and then
seeds one of its invalid values ("0") into the cases it builds as valid (the other
parameters' and the body's positive cases): those are mislabelled, and refused (422) as they
should be. In such a positive case the value becomes ``*`` (the precondition a client without
a read sends); the cases made to be invalid keep theirs, so the refusal is still checked.
"""

import re
import uuid
from typing import Any

import schemathesis

from syncyard_common.web.etag import IF_MATCH_PATTERN

HEADER = "Idempotency-Key"
MAX_LENGTH = 255
IF_MATCH = "If-Match"
_IF_MATCH = re.compile(IF_MATCH_PATTERN)


def _is_positive(case: Any) -> bool:
    meta = getattr(case, "meta", None)
    return meta is not None and meta.generation.mode.is_positive


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    headers = case.headers or {}
    key = headers.get(HEADER)
    if isinstance(key, str) and 1 <= len(key) <= MAX_LENGTH:
        headers[HEADER] = str(uuid.uuid4())
    precondition = headers.get(IF_MATCH)
    mislabelled = isinstance(precondition, str) and not _IF_MATCH.fullmatch(precondition)
    if mislabelled and _is_positive(case):
        headers[IF_MATCH] = "*"
