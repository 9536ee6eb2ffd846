"""Route ``GET /v1/request-budgets``: the caller's connections' use of their request budgets.

A budget belongs to the remote account (two connections to one shop share it), so each
connection's credentials are unsealed to name its account, as every call does (live.py)."""

import uuid

from fastapi import APIRouter

from syncyard_common.auth.dependencies import PrincipalDep
from syncyard_gateway.connections import credentials, errors, live, repository
from syncyard_gateway.connections.live import FactoryDep
from syncyard_gateway.deps import SessionDep
from syncyard_gateway.request_budget import statements
from syncyard_gateway.request_budget.schemas import BudgetUse, BudgetUseList
from syncyard_gateway.request_budget.usage import used_share

router = APIRouter(prefix="/v1/request-budgets", tags=["request budgets"])


@router.get("")
async def list_budget_use(
    principal: PrincipalDep, session: SessionDep, factory: FactoryDep
) -> BudgetUseList:
    """Per connection and meter; a connection that made no paced call yet is not listed."""
    async with session.begin():
        records = await repository.list_for_tenant(session, tenant_id=principal.tenant_id)
        keys: dict[uuid.UUID, str] = {}
        for record in records:
            try:
                keys[record.id] = live.budget_key(record, factory.unseal(record))
            except live.KeysUnavailable:
                raise errors.CredentialKeysMissing() from None
            except credentials.CredentialsUndecryptable:
                continue  # its calls fail too, and its health says why
        result = await session.execute(
            statements.STANDING, {"accounts": sorted(set(keys.values()))}
        )
        standing = result.all()
    return BudgetUseList(
        items=[
            BudgetUse(
                connection_id=connection_id,
                bucket=row.bucket,
                capacity=row.capacity,
                per_second=row.per_second,
                available=round(row.tokens, 2),
                used_share=used_share(row.tokens, row.capacity),
                is_learned=row.is_learned,
            )
            for connection_id, key in keys.items()
            for row in standing
            if row.account_key == key
        ]
    )
