"""Read, make and remove a connection's webhook subscriptions in the remote, at the
connection's absolute webhook URL (SYNCYARD_PUBLIC_BASE_URL)."""

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.telemetry import get_logger
from syncyard_common.web import errors as web_errors
from syncyard_gateway.connections import credentials, errors, live
from syncyard_gateway.connections.remote_calls import RemoteFailed
from syncyard_gateway.connections.repository import ConnectionRecord
from syncyard_gateway.connections.schemas import ConnectionRead
from syncyard_gateway.connectors import base
from syncyard_gateway.connectors import errors as connector_errors
from syncyard_gateway.connectors.base import Entity
from syncyard_gateway.connectors.subscriptions import (
    ManualSetup,
    WebhookSubscriber,
    WebhookUrlSetByHand,
    plan,
)
from syncyard_gateway.webhook_subscriptions import repository
from syncyard_gateway.webhook_subscriptions.schemas import (
    ManualSetupRead,
    SubscriptionRead,
    SubscriptionState,
)

_log = get_logger(__name__)


class NotRegistrable(web_errors.Conflict):
    def __init__(self, connector: str) -> None:
        super().__init__(
            "webhooks_not_registrable",
            f"Syncyard cannot register webhooks in {connector}: set its webhook URL there "
            "by hand (or it is polled).",
        )


class SetInApp(web_errors.Conflict):
    """The remote takes its webhook URL in the app's registration, never through its API."""

    def __init__(self, setup: ManualSetup, *, url: str, removing: bool) -> None:
        task = (
            f"remove {url} there"
            if removing
            else f"enter {url} there with the event types {', '.join(setup.topics)}"
        )
        one_url = (
            " It is one URL for every store the app is installed in."
            if setup.is_one_url_per_app
            else ""
        )
        super().__init__("webhooks_set_in_app", f"Set by hand in {setup.where}: {task}.{one_url}")


class NoPublicWebhookUrl(web_errors.Conflict):
    def __init__(self) -> None:
        super().__init__(
            "public_base_url_missing",
            "The gateway does not know its public address (SYNCYARD_PUBLIC_BASE_URL), so "
            "there is no webhook URL the shop could reach.",
        )


class RemoteRefused(RemoteFailed):
    def __init__(self, exc: connector_errors.ConnectorError) -> None:
        super().__init__(
            "remote_refused", f"The remote refused the subscription call ({exc.code}): {exc.reason}"
        )


@asynccontextmanager
async def _connector(
    factory: live.ConnectorFactory, record: ConnectionRecord
) -> AsyncIterator[base.Connector]:
    """The connection's live connector; its remote's failures are RemoteRefused (502)."""
    try:
        async with factory.use(record) as connector:
            yield connector
    except live.KeysUnavailable:
        raise errors.CredentialKeysMissing() from None
    except credentials.CredentialsUndecryptable:
        raise errors.CredentialsUnreadable() from None
    except connector_errors.ConnectorError as exc:
        raise RemoteRefused(exc) from None


def webhook_url(record: ConnectionRecord, public_base_url: str) -> str:
    url = ConnectionRead.of(record, public_base_url).webhook_url
    if not url.startswith(("https://", "http://")):
        raise NoPublicWebhookUrl()
    return url


async def state(
    factory: live.ConnectorFactory,
    record: ConnectionRecord,
    *,
    session: AsyncSession,
    public_base_url: str,
    entities: Sequence[Entity] = (Entity.ORDERS,),
) -> SubscriptionState:
    url = ConnectionRead.of(record, public_base_url).webhook_url
    last = await repository.last_delivery_at(session, connection_id=record.id)
    async with _connector(factory, record) as connector:
        if not isinstance(connector, WebhookSubscriber):
            by_hand = (
                ManualSetupRead(**vars(connector.webhook_setup(entities)))
                if isinstance(connector, WebhookUrlSetByHand)
                else None
            )
            return SubscriptionState(
                registrable=False,
                webhook_url=url,
                subscriptions=[],
                missing_topics=[],
                set_by_hand=by_hand,
                last_delivery_at=last,
            )
        wanted = connector.webhook_topics(entities)
        existing = await connector.list_webhook_subscriptions()
    planned = plan(existing, address=url, topics=wanted)
    return SubscriptionState(
        registrable=True,
        webhook_url=url,
        subscriptions=[SubscriptionRead(**vars(s)) for s in planned.kept],
        missing_topics=planned.missing,
        last_delivery_at=last,
    )


def _not_registrable(
    connector: object,
    record: ConnectionRecord,
    *,
    url: str,
    removing: bool,
    entities: Sequence[Entity] = (Entity.ORDERS,),
) -> Exception:
    if isinstance(connector, WebhookUrlSetByHand):
        setup = connector.webhook_setup(entities)
        return SetInApp(setup, url=url, removing=removing)
    return NotRegistrable(record.connector)


async def subscribe(
    factory: live.ConnectorFactory,
    record: ConnectionRecord,
    *,
    session: AsyncSession,
    public_base_url: str,
    entities: Sequence[Entity],
) -> SubscriptionState:
    """Subscribe the missing topics only: calling it twice subscribes nothing twice."""
    url = webhook_url(record, public_base_url)
    async with _connector(factory, record) as connector:
        if not isinstance(connector, WebhookSubscriber):
            raise _not_registrable(connector, record, url=url, removing=False, entities=entities)
        existing = await connector.list_webhook_subscriptions()
        planned = plan(existing, address=url, topics=connector.webhook_topics(entities))
        for topic in planned.missing:
            await connector.subscribe_webhook(topic=topic, address=url)
    _log.info("webhooks subscribed", connection_id=str(record.id), topics=planned.missing)
    return await state(
        factory, record, session=session, public_base_url=public_base_url, entities=entities
    )


async def unsubscribe(
    factory: live.ConnectorFactory,
    record: ConnectionRecord,
    *,
    session: AsyncSession,
    public_base_url: str,
) -> SubscriptionState:
    """Remove every subscription to this connection's URL; others' are left alone."""
    url = webhook_url(record, public_base_url)
    async with _connector(factory, record) as connector:
        if not isinstance(connector, WebhookSubscriber):
            raise _not_registrable(connector, record, url=url, removing=True)
        existing = await connector.list_webhook_subscriptions()
        mine = [s for s in existing if s.address == url]
        for subscription in mine:
            await connector.unsubscribe_webhook(subscription)
    _log.info("webhooks unsubscribed", connection_id=str(record.id), count=len(mine))
    return await state(factory, record, session=session, public_base_url=public_base_url)
