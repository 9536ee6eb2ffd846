"""Routes: ``/v1/retention`` (days) and ``/v1/settings`` (days and redaction), per tenant."""

from fastapi import APIRouter

from syncyard_logger.deps import PrincipalDep, SessionDep, SettingsDep, WriterDep
from syncyard_logger.retention import schemas, service

router = APIRouter(prefix="/v1", tags=["retention"])


@router.get("/retention")
async def get_retention(
    principal: PrincipalDep, session: SessionDep, settings: SettingsDep
) -> schemas.RetentionOut:
    """How many days this tenant's activity log is kept."""
    current = await service.read(
        session=session,
        tenant_id=principal.tenant_id,
        default_days=settings.default_retention_days,
    )
    return schemas.RetentionOut(days=current.retention_days, is_default=current.is_default)


@router.put("/retention")
async def put_retention(
    body: schemas.RetentionIn, principal: WriterDep, session: SessionDep, settings: SettingsDep
) -> schemas.RetentionOut:
    """Change the retention; older entries are deleted on the next retention pass."""
    saved = await service.change(
        session=session,
        tenant_id=principal.tenant_id,
        default_days=settings.default_retention_days,
        changes=schemas.SettingsIn(retention_days=body.days),
    )
    return schemas.RetentionOut(days=saved.retention_days, is_default=False)


@router.get("/settings")
async def get_settings(
    principal: PrincipalDep, session: SessionDep, settings: SettingsDep
) -> schemas.SettingsOut:
    """Retention and personal-data redaction of this tenant's activity log."""
    return await service.read(
        session=session,
        tenant_id=principal.tenant_id,
        default_days=settings.default_retention_days,
    )


@router.put("/settings")
async def put_settings(
    body: schemas.SettingsIn, principal: WriterDep, session: SessionDep, settings: SettingsDep
) -> schemas.SettingsOut:
    """Change retention and/or redaction; redaction applies to entries written from now on."""
    return await service.change(
        session=session,
        tenant_id=principal.tenant_id,
        default_days=settings.default_retention_days,
        changes=body,
    )
