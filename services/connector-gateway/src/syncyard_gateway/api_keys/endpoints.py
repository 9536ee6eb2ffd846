"""REST routes of API keys: only an admin manages them; each tenant sees only its own."""

import uuid
from datetime import UTC, datetime

from fastapi import APIRouter, Response

from syncyard_common.auth import api_keys
from syncyard_common.auth.dependencies import AdminDep
from syncyard_gateway.api_keys import errors, repository
from syncyard_gateway.api_keys.schemas import ApiKeyCreate, ApiKeyCreated, ApiKeyRead
from syncyard_gateway.deps import SessionDep

router = APIRouter(prefix="/v1/api-keys", tags=["api-keys"])


@router.post("", status_code=201)
async def create_api_key(
    key_in: ApiKeyCreate, principal: AdminDep, session: SessionDep, response: Response
) -> ApiKeyCreated:
    """A new key for this tenant; the answer holds its secret, which is never shown again
    (no-store: neither caches nor a replayed Idempotency-Key answer keep it)."""
    response.headers["Cache-Control"] = "no-store"
    secret = api_keys.new_secret()
    async with session.begin():
        row = await repository.add(
            session,
            id=uuid.uuid4(),
            tenant_id=principal.tenant_id,
            name=key_in.name,
            role=key_in.role.value,
            secret_hash=api_keys.hash_secret(secret),
            prefix=secret[:10],
            created_at=datetime.now(UTC),
        )
    return ApiKeyCreated(**row, secret=secret)


@router.get("")
async def list_api_keys(principal: AdminDep, session: SessionDep) -> list[ApiKeyRead]:
    """The tenant's keys, revoked ones included, without their secrets."""
    async with session.begin():
        rows = await repository.list_for_tenant(session, tenant_id=principal.tenant_id)
    return [ApiKeyRead(**row) for row in rows]


@router.delete("/{api_key_id}", status_code=204)
async def revoke_api_key(
    api_key_id: uuid.UUID, principal: AdminDep, session: SessionDep
) -> Response:
    """Revoke a key: every service refuses it from the next request on."""
    async with session.begin():
        found = await repository.revoke(
            session, tenant_id=principal.tenant_id, key_id=api_key_id, now=datetime.now(UTC)
        )
    if not found:  # also for another tenant's key: 404, never 403
        raise errors.ApiKeyNotFound()
    return Response(status_code=204)
