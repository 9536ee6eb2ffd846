"""The channels API: validation, secrets shown once, roles, tenant isolation, test sends."""

import time
import uuid

import httpx
import pytest
from notifier_receivers import SmtpInbox, WebhookReceiver
from notifier_support import auth

from syncyard_common.auth.principal import Role
from syncyard_notifier import main
from syncyard_notifier.channels import signing
from syncyard_notifier.settings import NotifierSettings

pytestmark = pytest.mark.integration


class TestCreateChannel:
    async def test_a_webhook_secret_is_generated_and_shown_only_once(
        self, client: httpx.AsyncClient, webhook_receiver: WebhookReceiver
    ) -> None:
        tenant = uuid.uuid4()
        url = webhook_receiver.url(f"/once/{tenant}")
        created = await client.post(
            "/v1/channels", json={"kind": "webhook", "url": url}, headers=auth(tenant)
        )
        assert created.status_code == 201, created.text
        secret = created.json()["signing_secret"]
        assert secret.startswith("whsec_")
        assert len(signing.secret_key(secret)) == 32
        channel_id = created.json()["id"]
        shown = await client.get(f"/v1/channels/{channel_id}", headers=auth(tenant))
        listed = await client.get("/v1/channels", headers=auth(tenant))
        assert shown.status_code == 200
        assert secret not in shown.text
        assert secret not in listed.text
        assert "signing_secret" not in shown.json()

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"kind": "email", "address": "not-an-address"}, "address"),
            ({"kind": "email"}, "address"),
            ({"kind": "webhook"}, "url"),
            ({"kind": "webhook", "url": "https://h.example.com/x", "secret": "short"}, "secret"),
            ({"kind": "pager", "address": "a@b.example"}, "kind"),
            ({"kind": "email", "address": "a@b.example", "url": "https://x.example"}, "url"),
            ({"kind": "webhook", "url": "ftp://h.example.com/x"}, "url"),
            ({"kind": "webhook", "url": "https://me@h.example.com/x"}, "url"),
            ({"kind": "webhook", "url": "https://h.example.com/x#top"}, "url"),
        ],
    )
    async def test_invalid_input_is_a_422_naming_the_field(
        self, client: httpx.AsyncClient, body: dict[str, str], field: str
    ) -> None:
        tenant = uuid.uuid4()
        response = await client.post("/v1/channels", json=body, headers=auth(tenant))
        assert response.status_code == 422, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["field"] == field
        listed = await client.get("/v1/channels", headers=auth(tenant))
        assert listed.json()["items"] == []

    async def test_a_webhook_host_that_does_not_resolve_yet_is_taken_and_its_test_says_so(
        self, client: httpx.AsyncClient
    ) -> None:
        # DNS is not the document's to state; every send resolves again and the guard checks
        # the address then (.invalid never resolves: RFC 2606).
        tenant = uuid.uuid4()
        created = await client.post(
            "/v1/channels",
            json={"kind": "webhook", "url": "https://receiver.invalid/alerts"},
            headers=auth(tenant),
        )
        assert created.status_code == 201, created.text
        tested = await client.post(
            f"/v1/channels/{created.json()['id']}/test", headers=auth(tenant)
        )
        assert tested.status_code == 502, tested.text
        assert "does not resolve" in tested.json()["detail"]

    async def test_viewers_cannot_write_and_anonymous_callers_cannot_read(
        self, client: httpx.AsyncClient
    ) -> None:
        tenant = uuid.uuid4()
        body = {"kind": "email", "address": "ops@example.com"}
        viewer = await client.post("/v1/channels", json=body, headers=auth(tenant, Role.VIEWER))
        anonymous = await client.get("/v1/channels")
        assert viewer.status_code == 403
        assert anonymous.status_code == 401


class TestTenantIsolation:
    async def test_tenant_b_cannot_see_or_touch_tenant_a_channels(
        self, client: httpx.AsyncClient
    ) -> None:
        tenant_a, tenant_b = uuid.uuid4(), uuid.uuid4()
        created = await client.post(
            "/v1/channels",
            json={"kind": "email", "address": "ops-a@example.com"},
            headers=auth(tenant_a),
        )
        channel_id = created.json()["id"]
        as_b = auth(tenant_b)
        assert (await client.get("/v1/channels", headers=as_b)).json()["items"] == []
        assert (await client.get(f"/v1/channels/{channel_id}", headers=as_b)).status_code == 404
        assert (
            await client.post(f"/v1/channels/{channel_id}/test", headers=as_b)
        ).status_code == 404
        assert (await client.delete(f"/v1/channels/{channel_id}", headers=as_b)).status_code == 404
        assert (
            await client.get(f"/v1/channels/{channel_id}", headers=auth(tenant_a))
        ).status_code == 200

    async def test_a_deleted_channel_is_gone(self, client: httpx.AsyncClient) -> None:
        tenant = uuid.uuid4()
        created = await client.post(
            "/v1/channels",
            json={"kind": "email", "address": "ops@example.com"},
            headers=auth(tenant),
        )
        channel_id = created.json()["id"]
        deleted = await client.delete(f"/v1/channels/{channel_id}", headers=auth(tenant))
        assert deleted.status_code == 204
        assert (
            await client.get(f"/v1/channels/{channel_id}", headers=auth(tenant))
        ).status_code == 404


class TestSendTest:
    async def test_sends_a_real_email_and_a_real_signed_webhook(
        self,
        client: httpx.AsyncClient,
        smtp_inbox: SmtpInbox,
        webhook_receiver: WebhookReceiver,
    ) -> None:
        tenant = uuid.uuid4()
        address = f"test-{tenant}@example.com"
        path = f"/test/{tenant}"
        email = await client.post(
            "/v1/channels", json={"kind": "email", "address": address}, headers=auth(tenant)
        )
        hook = await client.post(
            "/v1/channels",
            json={"kind": "webhook", "url": webhook_receiver.url(path)},
            headers=auth(tenant, Role.OPERATOR),
        )
        for channel in (email.json(), hook.json()):
            sent = await client.post(f"/v1/channels/{channel['id']}/test", headers=auth(tenant))
            assert sent.status_code == 200, sent.text
            assert sent.json()["status"] == "sent"
        assert "test alert" in smtp_inbox.to(address)[0].body
        [request] = webhook_receiver.at(path)
        assert signing.verify(
            secret=hook.json()["signing_secret"],
            received=request.headers,
            body=request.body,
            now=int(time.time()),
        )

    async def test_a_failing_receiver_is_a_502_and_is_recorded(
        self, client: httpx.AsyncClient, webhook_receiver: WebhookReceiver
    ) -> None:
        tenant = uuid.uuid4()
        path = f"/broken/{tenant}"
        webhook_receiver.statuses[path] = 500
        hook = await client.post(
            "/v1/channels",
            json={"kind": "webhook", "url": webhook_receiver.url(path)},
            headers=auth(tenant),
        )
        sent = await client.post(f"/v1/channels/{hook.json()['id']}/test", headers=auth(tenant))
        assert sent.status_code == 502
        assert sent.json()["code"] == "channel_test_failed"
        alerts = (await client.get("/v1/deliveries", headers=auth(tenant))).json()["items"]
        assert [(a["event"], a["status"]) for a in alerts] == [("channel.test", "failed")]


class TestDefaultsAndHealth:
    async def test_with_default_settings_a_loopback_webhook_is_refused(
        self, notifier_settings: NotifierSettings, webhook_receiver: WebhookReceiver
    ) -> None:
        strict = notifier_settings.model_copy(
            update={"allow_private_targets": False, "run_consumers": False}
        )
        app = main.create_app(strict)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://n") as api,
        ):
            for url in (webhook_receiver.url("/x"), "https://127.0.0.1/x", "https://localhost/x"):
                response = await api.post(
                    "/v1/channels", json={"kind": "webhook", "url": url}, headers=auth(uuid.uuid4())
                )
                assert response.status_code == 422, url
                assert response.json()["code"] == "webhook_url_refused"
                assert response.json()["field"] == "url"

    async def test_ready_when_database_and_broker_are_reachable(
        self, client: httpx.AsyncClient
    ) -> None:
        response = await client.get("/readyz")
        assert response.status_code == 200
        assert response.json()["checks"] == {"database": "ok", "broker": "ok"}
