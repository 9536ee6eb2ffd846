"""GET and PUT of one flow's settings at a path of its own (``.../flows/orders``), so that the
OpenAPI document can say what each flow takes: its directions and its own settings schema.
A single ``{flow}`` path could only promise the union of them all, and schema-valid bodies
would then be refused (issue 12, point 9). The answers are those of the ``{flow}`` routes.
"""

import uuid
from typing import Any, Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field, create_model

from syncyard_common.web import etag
from syncyard_orchestrator.deps import PrincipalDep, SessionDep, WriterDep
from syncyard_orchestrator.flows import flow_rules
from syncyard_orchestrator.integrations import schemas, service

ONE_WAY = ("source_to_target", "target_to_source")


def body_model(flow: str) -> type[BaseModel]:
    """``FlowIn`` of one flow: its directions, and its settings model (null or left out: the
    defaults)."""
    directions = (*ONE_WAY, "both") if flow in flow_rules.BOTH_WAYS else ONE_WAY
    settings = flow_rules.SETTINGS_MODELS[flow]
    return create_model(
        f"{flow.title().replace('_', '')}FlowIn",
        __config__=ConfigDict(extra="forbid"),
        __doc__=f"Direction, activation and settings of the {flow} flow.",
        direction=(Literal[directions], Field(default="source_to_target")),  # type: ignore[valid-type]
        is_active=(bool, Field(strict=True)),  # 0 or "true" is no boolean (the document says one)
        settings=(settings | None, Field(default=None)),
    )


async def save_with_etag(
    *,
    session: SessionDep,
    tenant_id: uuid.UUID,
    integration_id: uuid.UUID,
    flow: str,
    flow_in: schemas.FlowIn,
    if_match: str | None,
    response: Response,
) -> Any:
    """Save a flow's settings (412 on a stale ``If-Match``); its new version as ``ETag``."""
    saved = await service.configure_flow(
        session=session,
        tenant_id=tenant_id,
        integration_id=integration_id,
        flow=flow,
        flow_in=flow_in,
        if_match=if_match,
    )
    response.headers["ETag"] = service.flow_etag(saved)
    return saved


async def read_with_etag(
    *,
    session: SessionDep,
    tenant_id: uuid.UUID,
    integration_id: uuid.UUID,
    flow: str,
    response: Response,
) -> Any:
    """A flow's settings; its version as ``ETag``."""
    saved = await service.get_flow(
        session=session, tenant_id=tenant_id, integration_id=integration_id, flow=flow
    )
    response.headers["ETag"] = service.flow_etag(saved)
    return saved


def add(router: APIRouter, flow: str) -> None:
    """The flow's GET and PUT routes on ``router``."""
    body = body_model(flow)
    path = f"/v1/integrations/{{integration_id}}/flows/{flow}"

    async def configure(
        integration_id: uuid.UUID,
        flow_in: body,  # type: ignore[valid-type]
        session: SessionDep,
        principal: WriterDep,
        response: Response,
        if_match: etag.IfMatch = None,
    ) -> Any:
        given = flow_in.settings  # type: ignore[attr-defined]
        return await save_with_etag(
            session=session,
            tenant_id=principal.tenant_id,
            integration_id=integration_id,
            flow=flow,
            flow_in=schemas.FlowIn(
                direction=flow_in.direction,  # type: ignore[attr-defined]
                is_active=flow_in.is_active,  # type: ignore[attr-defined]
                settings={} if given is None else given.model_dump(mode="json", exclude_unset=True),
            ),
            if_match=if_match,
            response=response,
        )

    async def read(
        integration_id: uuid.UUID,
        session: SessionDep,
        principal: PrincipalDep,
        response: Response,
    ) -> Any:
        return await read_with_etag(
            session=session,
            tenant_id=principal.tenant_id,
            integration_id=integration_id,
            flow=flow,
            response=response,
        )

    configure.__doc__ = (
        f"Save the {flow} flow. With ``If-Match`` (the ETag of GET): 412 ``etag_mismatch`` and "
        "nothing changed if someone saved it since; without it the settings are overwritten."
    )
    read.__doc__ = f"The {flow} flow's settings, its version as ``ETag`` (send it as If-Match)."
    for method, endpoint in (("PUT", configure), ("GET", read)):
        router.add_api_route(
            path,
            endpoint,
            methods=[method],
            response_model=schemas.FlowOut,
            name=f"{method.lower()}_{flow}_flow",
        )
