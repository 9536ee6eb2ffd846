"""The transport every connector client stands on, REST or SOAP: one paced attempt per call,
what the answer says about the budget handed to the pacer, then the answer checked."""

from typing import Any, ClassVar

import httpx

from syncyard_gateway.connectors import http as connector_http
from syncyard_gateway.connectors.pacing import UNPACED, Allowance, Pacer


class PacedClient:
    """HTTP transport for one remote account; subclasses hold only their vendor's facts."""

    system: ClassVar[str] = "The remote system"

    def __init__(self, *, root: str, http: httpx.AsyncClient, pacer: Pacer = UNPACED) -> None:
        self._root = root
        self._http = http
        self._pacer = pacer

    async def exchange(self, method: str, url: str, *, what: str, **kwargs: Any) -> httpx.Response:
        """One paced request (``kwargs`` as for httpx): sent, its figures learnt, its error
        status raised (inside the pacer, so a 429 reaches the budget)."""
        async with self._pacer.request() as call:
            response = await connector_http.send(
                self._http, method, url, system=self.system, **kwargs
            )
            self.note(response)
            call.learn(self.allowance(response))
            self.raise_for_answer(response, what)
        return response

    def note(self, response: httpx.Response) -> None:
        """Hook: keep what an answer tells about the account (quota figures); default nothing."""

    def allowance(self, response: httpx.Response) -> Allowance | None:
        """Hook: what an answer says about the budget; default only a 429's Retry-After."""
        return connector_http.refusal(response)

    def raise_for_answer(self, response: httpx.Response, what: str) -> None:
        """Hook: raise the ConnectorError the answer means; default none (the caller reads
        the body for it, as SOAP faults are)."""
