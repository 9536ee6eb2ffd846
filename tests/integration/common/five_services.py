"""All five services' apps in this event loop (API only), sharing one database and vhost."""

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

from pydantic import SecretStr

from syncyard_common import sealing
from syncyard_common.settings import Environment
from syncyard_gateway import main as gateway_main
from syncyard_gateway.settings import GatewaySettings
from syncyard_logger import main as logger_main
from syncyard_logger.settings import LoggerSettings
from syncyard_mapper import main as mapper_main
from syncyard_mapper.settings import MapperSettings
from syncyard_notifier import main as notifier_main
from syncyard_notifier.settings import NotifierSettings
from syncyard_orchestrator import main as orchestrator_main
from syncyard_orchestrator.settings import OrchestratorSettings
from tests.integration.gateway.server import serve

# A tenant-scoped read of each service: any answer but 401 means the credential was accepted.
READ_PATHS = {
    "gateway": "/v1/connections",
    "orchestrator": "/v1/integrations",
    "mapper": "/v1/integrations/00000000-0000-4000-8000-000000000001/value-maps",
    "logger": "/v1/retention",
    "notifier": "/v1/channels",
}


@asynccontextmanager
async def five_services(**common: Any) -> AsyncIterator[dict[str, str]]:
    """Base URL by service; ``common`` settings (database, broker, secrets, OIDC) for all five."""
    common = {"environment": Environment.TEST, "run_consumers": False, **common}
    apps = {
        "gateway": gateway_main.create_app(
            GatewaySettings(
                **common,
                credential_keys=SecretStr(f"current:{sealing.generate_key()}"),
                poll_interval_seconds=3600,
                health_check_interval_seconds=3600,
            )
        ),
        "orchestrator": orchestrator_main.create_app(
            OrchestratorSettings(**common, sweep_interval_seconds=3600)
        ),
        "mapper": mapper_main.create_app(MapperSettings(**common)),
        "logger": logger_main.create_app(LoggerSettings(**common)),
        "notifier": notifier_main.create_app(NotifierSettings(**common)),
    }
    urls: dict[str, str] = {}
    async with AsyncExitStack() as stack:
        for name, app in apps.items():  # the gateway first: it creates gateway.api_key
            urls[name] = await stack.enter_async_context(serve(app))
        yield urls
