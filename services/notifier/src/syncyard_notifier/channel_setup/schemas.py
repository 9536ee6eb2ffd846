"""API models of ``/v1/channels``; no response model carries a secret except ``created``."""

import re
import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from syncyard_notifier.channels import signing

# Deliberately simple: one @, no spaces or control characters, a dot in the domain.
_EMAIL = re.compile(r"^[^@\s\x00-\x1f]{1,64}@[^@\s\x00-\x1f]+\.[^@\s\x00-\x1f]+$")
# What the address guard takes, said in the document: http(s), a host (a name, an IPv4 or a
# bracketed IPv6 address; no user name), a port up to 65535, a path or query, no #fragment.
# Whether the host resolves, and to a public address, only the guard can tell (422).
_PORT = r"(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})"
WEBHOOK_URL_PATTERN = (
    r"^[Hh][Tt][Tt][Pp][Ss]?://([A-Za-z0-9._~%!$&'()*+,;=-]+|\[[0-9A-Fa-f:.]+\])"
    rf"(:{_PORT})?([/?][^\s#]*)?$"
)


class Route(BaseModel):
    """Alerts of this integration (and, when given, only this flow) go to the channel."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    integration_id: uuid.UUID
    flow: str | None = Field(default=None, min_length=1, max_length=100)


Routes = Annotated[
    list[Route] | None,
    Field(
        min_length=1,
        max_length=100,
        description="null: every alert; else only alerts of these integrations (and flows). "
        "Alerts about a connection (outage, failure) go to every channel.",
    ),
]


class _ChannelFields(BaseModel):
    """What a channel has besides its kind, validated the same on create and on edit."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    address: str | None = Field(
        default=None, max_length=320, json_schema_extra={"pattern": _EMAIL.pattern}
    )
    url: str | None = Field(
        default=None,
        max_length=2048,
        pattern=WEBHOOK_URL_PATTERN,
        description="https:// (http:// and private addresses only where the deployment allows "
        "them: tests, the local demo). 422 webhook_url_refused for an address that is not "
        "public; a host that does not resolve yet is taken (every send resolves it again).",
    )
    secret: str | None = Field(
        default=None,
        max_length=200,
        description="Standard Webhooks secret (whsec_ + base64 of 24 to 64 bytes); generated "
        "when absent.",
        json_schema_extra={"pattern": signing.SECRET_PATTERN},
    )
    routes: Routes = None

    @field_validator("address")
    @classmethod
    def _address_looks_like_email(cls, value: str | None) -> str | None:
        if value is not None and not _EMAIL.match(value):
            raise ValueError("not a valid e-mail address")
        return value

    @field_validator("secret")
    @classmethod
    def _secret_is_standard_webhooks(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                signing.secret_key(value)
            except signing.InvalidSecret as exc:
                raise ValueError(str(exc)) from None
        return value


_NULL: dict[str, Any] = {"type": "null"}
_TEXT: dict[str, Any] = {"type": "string"}


class ChannelIn(_ChannelFields):
    """``{kind: "email", address}`` or ``{kind: "webhook", url, secret?}``, ``routes?``."""

    # The fields each kind takes (the service refuses the others: 422), said in the schema.
    model_config = ConfigDict(
        json_schema_extra={
            "oneOf": [
                {
                    "required": ["address"],
                    "properties": {
                        "kind": {"const": "email"},
                        "address": _TEXT,
                        "url": _NULL,
                        "secret": _NULL,
                    },
                },
                {
                    "required": ["url"],
                    "properties": {"kind": {"const": "webhook"}, "url": _TEXT, "address": _NULL},
                },
            ]
        }
    )

    kind: Literal["email", "webhook"]


class ChannelPatch(_ChannelFields):
    """Only the fields given change; ``routes: null`` routes every alert to the channel again,
    ``is_active: true`` re-enables a channel disabled after a 410."""

    # Strict: 0, 1 or "yes" is not a boolean (the document says boolean).
    is_active: bool | None = Field(default=None, strict=True)


class ChannelOut(BaseModel):
    """A channel as the API shows it: never its signing secret."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: Literal["email", "webhook"]
    address: str | None
    url: str | None
    is_active: bool
    disabled_reason: str | None
    routes: list[Route] | None = None
    created_at: datetime


class ChannelCreated(ChannelOut):
    """The create response: the one and only time the signing secret is shown."""

    signing_secret: str | None = Field(
        default=None, description="Shown once; store it now, it is never returned again."
    )


class ChannelList(BaseModel):
    items: list[ChannelOut]


class ChannelTestResult(BaseModel):
    alert_id: uuid.UUID
    status: Literal["sent"]
