"""The SOAP endpoint: credentials, fault injection, dispatch and the WSDL download."""

import asyncio
import hmac
from datetime import UTC, datetime

from fastapi import APIRouter, Depends, Request, Response

from syncyard_sim_mplus import envelope, faults, operations
from syncyard_sim_mplus.simulator import Simulator, current
from syncyard_sim_mplus.store import RecordedRequest

router = APIRouter()
XML = "text/xml; charset=utf-8"


@router.get("/")
async def wsdl_or_405(request: Request, sim: Simulator = Depends(current)) -> Response:
    """`GET /?wsdl` serves the WSDL; a plain GET is 405 (the PHP client's "API is up" probe)."""
    if "wsdl" in request.query_params:
        return Response(sim.wsdl.raw, media_type=XML)
    return Response(status_code=405, headers={"Allow": "POST"})


@router.post("/")
async def call(request: Request, sim: Simulator = Depends(current)) -> Response:
    """Handle one SOAP call."""
    switches = sim.store.switches
    record = RecordedRequest(
        operation="",
        at=datetime.now(tz=UTC).isoformat(),
        credentials_ok=_credentials_ok(request, sim),
        soap_action=request.headers.get("soapaction"),
    )
    sim.store.requests.append(record)
    if switches.latency_ms:
        await asyncio.sleep(switches.latency_ms / 1000)
    raw = await request.body()
    if switches.fail_next_count > 0:
        switches.fail_next_count -= 1
        record.http_status = switches.fail_next_status
        return _injected_failure(switches.fail_next_status)
    try:
        if switches.error_rate_5xx and sim.store.random.random() < switches.error_rate_5xx:
            raise faults.server_fault("Injected server error")
        if not record.credentials_ok:
            raise faults.client_fault("Authentication failed: invalid or missing ident/secret")
        parsed = envelope.parse(sim.wsdl, raw, strict=switches.strict_requests)
        record.operation = parsed.operation
        record.is_mutation = parsed.operation in operations.MUTATIONS
        handler = operations.HANDLERS.get(parsed.operation)
        if handler is None:
            raise faults.server_fault(f"Operation '{parsed.operation}' is not simulated")
        answer = handler(sim.store, parsed.payload)
        try:
            body = envelope.render(sim.wsdl, parsed.operation, answer)
        except (KeyError, TypeError) as exc:  # a simulator bug: the answer drifted from the WSDL
            raise faults.server_fault(f"Response does not fit the WSDL: {exc}") from exc
    except faults.SoapFault as fault:
        record.http_status = fault.http_status
        return Response(faults.render(fault), status_code=fault.http_status, media_type=XML)
    if parsed.operation in operations.MUTATIONS and switches.reset_after_commit > 0:
        # The write is committed, but the caller never learns it: like a reset connection.
        switches.reset_after_commit -= 1
        record.http_status = 502
        return Response(b"", status_code=502)
    if parsed.operation in operations.MUTATIONS and switches.refuse_after_commit > 0:
        switches.refuse_after_commit -= 1
        refusal = faults.client_fault("Injected refusal after the write was committed")
        record.http_status = refusal.http_status
        return Response(faults.render(refusal), status_code=refusal.http_status, media_type=XML)
    return Response(body, media_type=XML)


def _injected_failure(status: int) -> Response:
    """What a proxy or an overloaded server in front of Mplus answers: 429 as plain HTTP with
    Retry-After (Mplus itself documents no rate limit), anything else as a Server fault."""
    if status == 429:
        return Response(b"Too Many Requests", status_code=429, headers={"Retry-After": "1"})
    fault = faults.SoapFault("SOAP-ENV:Server", "Injected failure", http_status=status)
    return Response(faults.render(fault), status_code=status, media_type=XML)


def _credentials_ok(request: Request, sim: Simulator) -> bool:
    ident = request.query_params.get("ident", "")
    secret = request.query_params.get("secret", "")
    return hmac.compare_digest(ident.encode(), sim.settings.ident.encode()) and (
        hmac.compare_digest(secret.encode(), sim.settings.secret.encode())
    )
