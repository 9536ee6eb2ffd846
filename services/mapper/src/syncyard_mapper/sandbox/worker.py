"""The worker process: bounded memory, armed time boxes, one task at a time from stdin.

Started as ``python -m syncyard_mapper.sandbox.worker MEMORY_MB MAX_RANGE_ITEMS``; tasks and
answers are pickled frames (8-byte length, then the pickle) on stdin and stdout.
"""

import os
import pickle
import resource
import struct
import sys
from typing import Any, BinaryIO

from syncyard_mapper.engine import bounds

_HEADER = struct.Struct("!Q")


def write_frame(stream: BinaryIO, value: Any) -> None:
    data = pickle.dumps(value)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def read_frame(stream: BinaryIO) -> Any:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError
    (size,) = _HEADER.unpack(header)
    return pickle.loads(stream.read(size))  # noqa: S301 - frames come from our own parent


def _answer(task: Any) -> tuple[str, Any]:
    function, args, kwargs = task
    try:
        return ("ok", function(*args, **kwargs))
    except MemoryError:
        return ("memory", None)
    except Exception as error:
        return ("error", error)


def main(memory_mb: int, max_range_items: int) -> None:
    """Serve tasks ``(function, args, kwargs)`` until stdin closes."""
    from syncyard_mapper.sandbox import tasks  # noqa: F401 - load the engine before the limit

    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout = sys.stderr  # a stray print must never corrupt a frame
    requests = sys.stdin.buffer
    bounds.configure(max_range_items=max_range_items, armed=True)
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    write_frame(answers, ("ready", None))
    while True:
        try:
            task = read_frame(requests)
        except EOFError:
            return
        status, value = _answer(task)
        try:
            write_frame(answers, (status, value))
        except MemoryError:
            write_frame(answers, ("memory", None))
        except Exception as error:  # an unpicklable result or exception: say what it was
            write_frame(answers, ("error", RuntimeError(f"{type(error).__name__}: {error}")))
        if status == "memory":
            return  # the heap may be in any state: the pool starts a fresh worker


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
