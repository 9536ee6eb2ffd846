"""Versions of editable settings: ``ETag`` on GET, ``If-Match`` on PUT/PATCH → 412 on mismatch.

The tag is a hash of what the client sees (plus anything stored that it does not see but an
edit changes, e.g. a sealed secret), so it changes whenever the resource does, needs no
column, and two edits made from the same read cannot both win: the second one's ``If-Match``
no longer matches. ``If-Match`` is optional (no 428): a client that sends none overwrites, as
before. The caller compares while holding a row lock, so check and write are one step.
"""

import hashlib
from typing import Annotated, Any

import orjson
from fastapi import Header

from syncyard_common.web.errors import ServiceError

# RFC 9110 section 13.1.1: ``*``, or a comma-separated list of entity tags, each ``"..."`` or
# ``W/"..."`` of visible ASCII but the double quote. Anything else is no precondition at all:
# refused with a 422 naming the header (said in the document), not answered 412 as if it were
# a version that once existed.
IF_MATCH_PATTERN = r'^(\*|(W/)?"[\x21\x23-\x7e]*"([ \t]*,[ \t]*(W/)?"[\x21\x23-\x7e]*")*)$'
IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        pattern=IF_MATCH_PATTERN,
        max_length=1024,
        description="The ETag of your read (or *): the change is made only if nothing changed "
        "since; otherwise 412 etag_mismatch. Without it the change is made unconditionally.",
    ),
]
"""The ``If-Match`` header of a route that takes one (``check`` compares it)."""


class PreconditionFailed(ServiceError):
    status_code = 412


def tag(*parts: Any) -> str:
    """A strong entity tag of JSON-able parts (bytes are hashed as they are)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else orjson.dumps(part, default=str))
        digest.update(b"\x00")
    return f'"{digest.hexdigest()[:32]}"'


def check(if_match: str | None, current: str) -> None:
    """Raise PreconditionFailed unless ``If-Match`` is absent, ``*`` or lists ``current``."""
    if if_match is None:
        return
    # W/ is ignored on purpose (RFC 9110 asks for strong comparison): a compressing proxy in
    # front of us may weaken the tag it passes on, and ours is a hash of the content, so a
    # weakened copy still names exactly this version.
    given = {value.strip().removeprefix("W/") for value in if_match.split(",")}
    if "*" in given or current in given:
        return
    raise PreconditionFailed(
        "etag_mismatch",
        "The resource changed since you read it (If-Match does not match its ETag); "
        "read it again and repeat your change.",
        field="If-Match",
        extra={"etag": current},
    )
