"""Routes to list, read, replay and discard dead letters, scoped to the caller's tenant."""

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, status

from syncyard_common.auth.principal import Principal, Role
from syncyard_common.broker import topology
from syncyard_common.web import page_cursor
from syncyard_common.web.errors import NotFound, Unprocessable
from syncyard_orchestrator.dead_letters import repository, schemas, service
from syncyard_orchestrator.dead_letters.relay import ReplayRelay
from syncyard_orchestrator.deps import PrincipalDep, SessionDep, WriterDep

router = APIRouter(tags=["dead letters"])


def scope(request: Request, principal: Principal) -> repository.Filter:
    """The caller's tenant; an admin of the platform's own tenant sees every tenant's."""
    platform = request.app.state.settings.platform_tenant_id
    everyone = principal.role is Role.ADMIN and principal.tenant_id == platform
    return repository.Filter(tenant_id=principal.tenant_id, all_tenants=everyone)


# The work queues and their dead-letter queues, declared as an enum (refused otherwise: 422).
_QUEUE_ENUM: dict[str, Any] = {"enum": schemas.QUEUE_NAMES}


def _known_queue(queue: str | None, field: str) -> str | None:
    if queue is None:
        return None
    name = queue.removesuffix(".dlq")
    if name not in topology.QUEUES:
        raise Unprocessable(
            "unknown_queue",
            f"No work queue {queue!r}; one of: {', '.join(topology.QUEUES)}.",
            field=field,
        )
    return name


@router.get("/v1/dead-letters", response_model=schemas.DeadLetterPage)
async def list_dead_letters(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    queue: Annotated[str | None, Query(max_length=100, json_schema_extra=_QUEUE_ENUM)] = None,
    type: Annotated[str | None, Query(max_length=200)] = None,
    code: Annotated[str | None, Query(max_length=100)] = None,
    integration_id: uuid.UUID | None = None,
    state: schemas.DeadLetterState | None = schemas.DeadLetterState.PARKED,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: page_cursor.CursorQuery = None,
) -> schemas.DeadLetterPage:
    before = page_cursor.decode(cursor) if cursor else None
    mine = scope(request, principal)
    where = repository.Filter(
        tenant_id=mine.tenant_id,
        all_tenants=mine.all_tenants,
        queue=_known_queue(queue, "queue"),
        message_type=type,
        code=code,
        integration_id=integration_id,
        state=state.value if state is not None else None,
    )
    rows = await repository.list_page(session, where, limit=limit, before=before)
    return schemas.DeadLetterPage(
        items=[schemas.DeadLetterOut.from_row(row) for row in rows],
        next_cursor=schemas.encode_cursor(rows[-1]) if len(rows) == limit else None,
    )


@router.get("/v1/dead-letters/{dead_letter_id:uuid}", response_model=schemas.DeadLetterDetail)
async def get_dead_letter(
    dead_letter_id: uuid.UUID, request: Request, session: SessionDep, principal: PrincipalDep
) -> schemas.DeadLetterDetail:
    row = await repository.get(session, scope(request, principal), dead_letter_id)
    if row is None:
        raise NotFound("dead_letter_not_found", f"Dead letter {dead_letter_id} does not exist.")
    return schemas.DeadLetterDetail.from_row(row)


@router.post(
    "/v1/dead-letters/replay",
    response_model=schemas.DeadLetterActionOut,
    status_code=status.HTTP_202_ACCEPTED,
)
async def replay_dead_letters(
    selection: schemas.DeadLetterSelection,
    request: Request,
    session: SessionDep,
    principal: WriterDep,
) -> schemas.DeadLetterActionOut:
    """Send parked messages back to their queues, with fresh attempts (published after commit)."""
    async with session.begin():
        rows = await service.replay(
            session,
            scope(request, principal),
            _checked(selection),
            principal=principal,
            now=datetime.now(UTC),
        )
    relay: ReplayRelay | None = getattr(request.app.state, "dead_letter_relay", None)
    if relay is not None:  # an API-only replica leaves it to the workers' next poll
        relay.wake()
    return schemas.DeadLetterActionOut(
        state=schemas.DeadLetterState.REPLAYING, count=len(rows), ids=[r.id for r in rows]
    )


@router.post("/v1/dead-letters/discard", response_model=schemas.DeadLetterActionOut)
async def discard_dead_letters(
    selection: schemas.DeadLetterSelection,
    request: Request,
    session: SessionDep,
    principal: WriterDep,
) -> schemas.DeadLetterActionOut:
    """Never send these again; they stay listed as discarded, with who asked."""
    async with session.begin():
        rows = await service.discard(
            session,
            scope(request, principal),
            _checked(selection),
            principal=principal,
            now=datetime.now(UTC),
        )
    return schemas.DeadLetterActionOut(
        state=schemas.DeadLetterState.DISCARDED, count=len(rows), ids=[r.id for r in rows]
    )


def _checked(selection: schemas.DeadLetterSelection) -> schemas.DeadLetterSelection:
    """The selection with its queue checked and named as the work queue."""
    if selection.filter is None or selection.filter.queue is None:
        return selection
    queue = _known_queue(selection.filter.queue, "filter.queue")
    narrowed = selection.filter.model_copy(update={"queue": queue})
    return selection.model_copy(update={"filter": narrowed})
