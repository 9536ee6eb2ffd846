"""API models of connections. No model here has a field that could carry a secret value."""

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from syncyard_gateway.connections.credentials import HEADER_TEXT_PATTERN
from syncyard_gateway.connections.repository import ConnectionRecord
from syncyard_gateway.connections.tables import ConnectionStatus
from syncyard_gateway.connectors import by_name

# What the SSRF guard takes of a URL field before any look-up (egress/guard.py): http(s), a
# host name or IPv4 address, a port that exists, no user name and no #fragment. https only in
# production: http where private targets are allowed (SYNCYARD_ALLOW_PRIVATE_TARGETS,
# development and tests). Addresses are checked after this, when the name is resolved.
TARGET_URL_PATTERN = (
    r"^https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?"
    r"(?::(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4}))?"
    r"(?:[/?][^#\s]*)?$"
)


def _declare_target_urls(credentials: dict[str, Any]) -> None:
    """Every URL field (named as guard.target_urls finds them) takes the guard's form only."""
    for name, field in credentials.get("properties", {}).items():
        if not name.endswith("url"):
            continue
        for choice in field.get("anyOf", [field]):
            if choice.get("type") == "string":
                choice.setdefault("allOf", []).append({"pattern": TARGET_URL_PATTERN})


def _declare_secrets(credentials: dict[str, Any]) -> None:
    """Every secret field (a token, key or secret) takes printable ASCII only."""
    for field in credentials.get("properties", {}).values():
        for choice in field.get("anyOf", [field]):
            if choice.get("format") == "password":
                choice.setdefault("allOf", []).append({"pattern": HEADER_TEXT_PATTERN})


def _credentials_per_connector() -> dict[str, Any]:
    """Each connector with its own credentials schema (``oneOf``): what the service checks."""
    choices = []
    for name, connector in sorted(by_name.CONNECTORS.items()):
        credentials = connector.credentials_model.model_json_schema()
        credentials.pop("title", None)
        credentials.pop("description", None)
        _declare_target_urls(credentials)
        _declare_secrets(credentials)
        choices.append({"properties": {"connector": {"const": name}, "credentials": credentials}})
    return {"oneOf": choices}


class ConnectionCreate(BaseModel):
    """``credentials`` follow the schema of the ``connector`` named (also GET /v1/connectors)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_credentials_per_connector())

    name: str = Field(min_length=1, max_length=200)
    connector: str = Field(
        min_length=1,
        max_length=50,
        description="A connector name from GET /v1/connectors.",
        json_schema_extra={"enum": [*sorted(by_name.CONNECTORS)]},
    )
    credentials: dict[str, Any] = Field(
        description="Validated against the connector's credentials schema (GET /v1/connectors)."
    )


class ConnectionEdit(BaseModel):
    """A change in place: what is left out stays as it is."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    credentials: dict[str, Any] | None = Field(
        default=None,
        description="Only the credential fields to change (the others keep their stored "
        "values; null clears an optional one). The result is validated against the "
        "connector's schema and tested with one call to the remote before it is saved.",
    )


class ConnectionRead(BaseModel):
    id: uuid.UUID
    name: str
    connector: str
    status: ConnectionStatus
    last_error: str | None
    created_at: datetime
    updated_at: datetime
    webhook_url: str = Field(
        description="Where the remote system posts its webhooks: absolute under "
        "SYNCYARD_PUBLIC_BASE_URL when it is set, else a path of the gateway."
    )
    credential_fields_set: list[str] = Field(description="Which credential fields hold a value.")

    @classmethod
    def of(
        cls, record: ConnectionRecord, public_base_url: str = "", webhook_query: str = ""
    ) -> "ConnectionRead":
        """``webhook_query``: what the vendor must send back in the URL (a connector's
        ``secret=``, see its ``webhook_query``), for callers allowed to see it."""
        return cls(
            id=record.id,
            name=record.name,
            connector=record.connector,
            status=record.status,
            last_error=record.last_error,
            created_at=record.created_at,
            updated_at=record.updated_at,
            webhook_url=f"{public_base_url.rstrip('/')}/v1/webhooks/{record.id}"
            + (f"?{webhook_query}" if webhook_query else ""),
            credential_fields_set=record.credential_fields,
        )


class ConnectionTestError(BaseModel):
    code: str
    reason: str


class ConnectionTestResult(BaseModel):
    ok: bool
    error: ConnectionTestError | None = None
