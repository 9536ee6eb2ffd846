"""Batch operations: `/3.0/batches`; operations run in the background through the API itself."""

import asyncio
import io
import json
import tarfile

import httpx
from fastapi import APIRouter, Request, Response

from syncyard_sim_mailchimp import bodies, paging
from syncyard_sim_mailchimp.bodies import Json
from syncyard_sim_mailchimp.deps import Simulator, SimulatorDep
from syncyard_sim_mailchimp.problems import invalid, not_found

router = APIRouter()
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def public(request: Request, batch: Json) -> Json:
    shown = {k: v for k, v in batch.items() if not k.startswith("_")}
    return {**shown, "_links": paging.links(request, f"/batches/{batch['id']}", parent="/batches")}


def _operations(given: Json) -> list[Json]:
    operations = given.get("operations")
    if not isinstance(operations, list) or not operations:
        raise invalid("operations", "This value should not be blank.")
    for index, operation in enumerate(operations):
        if not isinstance(operation, dict) or operation.get("method") not in METHODS:
            raise invalid(f"operations.item:{index}.method", "This value should not be blank.")
        if not str(operation.get("path", "")).startswith("/"):
            raise invalid(f"operations.item:{index}.path", "This value should not be blank.")
    return operations


async def _run(simulator: Simulator, app: object, batch: Json, auth: str, base: str) -> None:
    """Send each operation to this app and pack the answers like Mailchimp's tar.gz."""
    batch["status"] = "started"
    results = []
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://batch") as client:
        for operation in batch["_operations"]:
            response = await client.request(
                operation["method"],
                f"/3.0{operation['path']}",
                params=operation.get("params") or None,
                content=operation.get("body") or None,
                headers={"Authorization": auth},
            )
            results.append(
                {
                    "status_code": response.status_code,
                    "operation_id": operation.get("operation_id"),
                    "response": response.text,
                }
            )
            batch["finished_operations"] += 1
            batch["errored_operations"] += response.status_code >= 400
            await asyncio.sleep(0)
    simulator.store.batch_results[batch["id"]] = _tarball(batch["id"], results)
    batch["status"] = "finished"
    batch["completed_at"] = simulator.store.timestamp()
    batch["response_body_url"] = f"{base}/_sim/batches/{batch['id']}/response.tar.gz"


def _tarball(batch_id: str, results: list[Json]) -> bytes:
    raw = json.dumps(results).encode()
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        info = tarfile.TarInfo(f"{batch_id}.json")
        info.size = len(raw)
        archive.addfile(info, io.BytesIO(raw))
    return buffer.getvalue()


@router.post("/3.0/batches")
async def start_batch(simulator: SimulatorDep, request: Request) -> Json:
    operations = _operations(await bodies.read_json(request))
    batch: Json = {
        "id": simulator.store.new_id(10),
        "status": "pending",
        "total_operations": len(operations),
        "finished_operations": 0,
        "errored_operations": 0,
        "submitted_at": simulator.store.timestamp(),
        "completed_at": "",
        "response_body_url": "",
        "_operations": operations,
    }
    simulator.store.batches[batch["id"]] = batch
    base = str(request.base_url).rstrip("/")
    auth = request.headers.get("Authorization", "")
    task = asyncio.get_running_loop().create_task(_run(simulator, request.app, batch, auth, base))
    simulator.deliverer.tasks.add(task)
    task.add_done_callback(simulator.deliverer.tasks.discard)
    return public(request, batch)


@router.get("/3.0/batches")
async def list_batches(simulator: SimulatorDep, request: Request) -> Json:
    found = [public(request, b) for b in simulator.store.batches.values()]
    return paging.answer_list(request, "/batches", "batches", found)


@router.get("/3.0/batches/{batch_id}")
async def get_batch(simulator: SimulatorDep, request: Request, batch_id: str) -> Json:
    batch = simulator.store.batches.get(batch_id)
    if batch is None:
        raise not_found()
    return paging.project(request, public(request, batch))


@router.delete("/3.0/batches/{batch_id}", status_code=204)
async def delete_batch(simulator: SimulatorDep, batch_id: str) -> Response:
    if simulator.store.batches.pop(batch_id, None) is None:
        raise not_found()
    return Response(status_code=204)


@router.get("/_sim/batches/{batch_id}/response.tar.gz")
async def batch_results(simulator: SimulatorDep, batch_id: str) -> Response:
    """The finished batch's answers (what `response_body_url` points at)."""
    packed = simulator.store.batch_results.get(batch_id)
    if packed is None:
        raise not_found()
    return Response(packed, media_type="application/x-gzip")
