"""Real local receivers for the notifier tests: an SMTP server and an HTTP webhook endpoint."""

import asyncio
import contextlib
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from typing import Any

from aiosmtpd.controller import Controller

from scripts.infra.ports import free_port


@dataclass
class ReceivedEmail:
    recipients: list[str]
    message: Message

    @property
    def body(self) -> str:
        part = self.message.get_payload(decode=True)
        assert isinstance(part, bytes)
        return part.decode()


class SmtpInbox:
    """An aiosmtpd server on a free port that keeps every message it accepts."""

    def __init__(self) -> None:
        self.received: list[ReceivedEmail] = []
        self.port = free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        self.received.append(ReceivedEmail(list(envelope.rcpt_tos), message_from_bytes(raw)))
        return "250 Message accepted for delivery"

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()

    def to(self, address: str) -> list[ReceivedEmail]:
        return [email for email in self.received if address in email.recipients]


@dataclass
class ReceivedRequest:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class WebhookReceiver:
    """A tiny HTTP/1.1 server: records each POST; answers 200, or what ``statuses`` says,
    once the path's event in ``holds`` (if any) is set: a request held open is in flight."""

    received: list[ReceivedRequest] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    holds: dict[str, asyncio.Event] = field(default_factory=dict)
    port: int = 0
    _server: asyncio.Server | None = None

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def at(self, path: str) -> list[ReceivedRequest]:
        return [request for request in self.received if request.path == path]

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError):
            head = await reader.readuntil(b"\r\n\r\n")
            request_line, *header_lines = head.decode("latin-1").split("\r\n")
            path = request_line.split(" ")[1]
            headers = {}
            for line in header_lines:
                if ":" in line:
                    name, value = line.split(":", 1)
                    headers[name.strip().lower()] = value.strip()
            body = await reader.readexactly(int(headers.get("content-length", "0")))
            self.received.append(ReceivedRequest(path=path, headers=headers, body=body))
            if path in self.holds:
                await self.holds[path].wait()
            status = self.statuses.get(path, 200)
            writer.write(
                f"HTTP/1.1 {status} X\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok".encode()
            )
            await writer.drain()
        writer.close()
