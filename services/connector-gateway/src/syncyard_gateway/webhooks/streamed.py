"""Read a webhook body as it streams in, never holding more than the limit."""

from collections.abc import AsyncIterator
from dataclasses import dataclass

HEAD_BYTES = 65_536  # what is kept of a body over the limit: enough for an order's top fields


@dataclass(frozen=True)
class Body:
    data: bytes  # the whole body, or only its first HEAD_BYTES when it is over the limit
    is_complete: bool


async def read(stream: AsyncIterator[bytes], *, limit: int) -> Body:
    """Count streamed bytes (Content-Length may be absent or lie); stop reading at ``limit``."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in stream:
        size += len(chunk)
        if size > limit:  # the rest is never read: a sender's gigabytes stay with the sender
            head = b"".join(chunks)
            if len(head) < HEAD_BYTES:
                head += chunk[: HEAD_BYTES - len(head)]
            return Body(data=head[:HEAD_BYTES], is_complete=False)
        chunks.append(chunk)
    return Body(data=b"".join(chunks), is_complete=True)
