// Alert channels (notifier): e-mail addresses and signed webhooks, each taking every alert or
// only those of the integrations ticked; add, change, send a test, delete.
import { useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { t } from "../i18n";
import { useLoad } from "../load";
import { tx } from "../texts/operations";
import type { Integration, Page } from "../types";
import { Badge, Screen, Status } from "../ui";

interface Route {
  integration_id: string;
  flow?: string | null;
}

interface Channel {
  id: string;
  kind: "email" | "webhook";
  address: string | null;
  url: string | null;
  is_active: boolean;
  disabled_reason: string | null;
  routes: Route[] | null;
}

type Notice = { ok: boolean; text: string };

function problem(err: unknown): string {
  if (!(err instanceof ApiError)) return String(err);
  return `${err.field ? `${err.field}: ` : ""}${err.detail || err.code}`;
}

export function Channels() {
  const channels = useLoad(() => api.get<{ items: Channel[] }>("notifier", "/v1/channels"));
  const integrations = useLoad(() => api.get<Page<Integration>>("orchestrator", "/v1/integrations"));
  const [notices, setNotices] = useState<Record<string, Notice>>({});
  const [editing, setEditing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const tell = (id: string, notice: Notice) => setNotices((all) => ({ ...all, [id]: notice }));
  const nameOf = (id: string) => integrations.data?.items.find((i) => i.id === id)?.name ?? id;
  const test = async (id: string) => {
    try {
      await api.post("notifier", `/v1/channels/${id}/test`);
      tell(id, { ok: true, text: tx("channels.testSent") });
    } catch (err) {
      tell(id, { ok: false, text: problem(err) });
    }
  };
  const remove = async (id: string) => {
    setConfirming(null);
    try {
      await api.del("notifier", `/v1/channels/${id}`);
      tell("", { ok: true, text: tx("channels.deleted") });
      channels.reload();
    } catch (err) {
      tell(id, { ok: false, text: problem(err) }); // any refusal (404, 409, …) on its card
    }
  };
  const all = integrations.data?.items ?? [];
  return (
    <Screen title={tx("channels.title")}>
      <p>{tx("channels.intro")}</p>
      <Status loaded={channels} />
      {notices[""] && <p role="status">{notices[""].text}</p>}
      {channels.data?.items.length === 0 && <p>{tx("channels.none")}</p>}
      <ul class="cards">
        {channels.data?.items.map((c) => {
          const notice = notices[c.id];
          const target = c.address ?? c.url ?? "";
          return (
            <li class="card" key={c.id} data-channel={target}>
              <h2>{target}</h2>
              <dl>
                <dt>{tx("channels.kind")}</dt>
                <dd>{c.kind === "email" ? tx("channels.email") : tx("channels.webhook")}</dd>
                <dt>{t("connections.status")}</dt>
                <dd>
                  <Badge value={c.is_active ? "active" : "failed"} /> {c.is_active ? tx("channels.active") : tx("channels.disabled")}
                  {c.disabled_reason && <span> {c.disabled_reason}</span>}
                </dd>
                <dt>{tx("channels.routes")}</dt>
                <dd>{c.routes ? c.routes.map((r) => `${nameOf(r.integration_id)}${r.flow ? ` · ${r.flow}` : ""}`).join(", ") : tx("channels.allAlerts")}</dd>
              </dl>
              <div class="actions">
                <button type="button" onClick={() => test(c.id)}>
                  {tx("channels.test")}
                </button>
                <button type="button" aria-expanded={editing === c.id} onClick={() => setEditing(editing === c.id ? null : c.id)}>
                  {tx("channels.edit")}
                </button>
                {confirming === c.id ? (
                  <button type="button" class="danger" onClick={() => remove(c.id)}>
                    {tx("channels.confirmDelete")}
                  </button>
                ) : (
                  <button type="button" onClick={() => setConfirming(c.id)}>
                    {tx("channels.delete")}
                  </button>
                )}
              </div>
              {notice && (
                <p class={notice.ok ? "ok" : "error"} role="status">
                  {notice.text}
                </p>
              )}
              {editing === c.id && (
                <ChannelForm
                  id={`channel-${c.id}`}
                  channel={c}
                  integrations={all}
                  onSaved={() => (setEditing(null), tell(c.id, { ok: true, text: t("form.saved") }), channels.reload())}
                />
              )}
            </li>
          );
        })}
      </ul>
      <section class="panel" aria-labelledby="channel-new-title">
        <h2 id="channel-new-title">{tx("channels.new")}</h2>
        <ChannelForm id="channel-new" integrations={all} onSaved={channels.reload} />
      </section>
    </Screen>
  );
}

/** Create (no channel) or change one: its address or URL and the integrations it takes. */
function ChannelForm({ id, channel, integrations, onSaved }: { id: string; channel?: Channel; integrations: Integration[]; onSaved: () => void }) {
  const [kind, setKind] = useState<"email" | "webhook">(channel?.kind ?? "email");
  const [target, setTarget] = useState(channel ? (channel.address ?? channel.url ?? "") : "");
  const [routes, setRoutes] = useState<Route[]>(channel?.routes ?? []);
  const [error, setError] = useState<{ field: string | null; text: string } | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const field = kind === "email" ? "address" : "url";
  const ticked = (integrationId: string) => routes.some((r) => r.integration_id === integrationId);
  const tick = (integrationId: string, on: boolean) =>
    setRoutes(on ? [...routes, { integration_id: integrationId, flow: null }] : routes.filter((r) => r.integration_id !== integrationId));
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setSecret(null);
    if (!target.trim()) return setError({ field, text: t("form.required") });
    setBusy(true);
    const body = { [field]: target.trim(), routes: routes.length ? routes : null };
    try {
      if (channel) await api.patch("notifier", `/v1/channels/${channel.id}`, body);
      else {
        const created = await api.post<{ signing_secret?: string | null }>("notifier", "/v1/channels", { kind, ...body });
        setSecret(created.signing_secret ?? "");
        setTarget("");
        setRoutes([]);
      }
      onSaved();
    } catch (err) {
      setError(err instanceof ApiError ? { field: err.field, text: err.detail || err.code } : { field: null, text: String(err) });
    } finally {
      setBusy(false);
    }
  };
  const atTarget = error && (error.field === field || error.field === null) ? error.text : null;
  return (
    <form onSubmit={submit} aria-label={channel ? tx("channels.edit") : tx("channels.new")}>
      {!channel && (
        <div class="field">
          <label for={`${id}-kind`}>{tx("channels.kind")}</label>
          <select id={`${id}-kind`} value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as "email" | "webhook")}>
            <option value="email">{tx("channels.email")}</option>
            <option value="webhook">{tx("channels.webhook")}</option>
          </select>
        </div>
      )}
      <div class="field">
        <label for={`${id}-target`}>{kind === "email" ? tx("channels.address") : tx("channels.url")}</label>
        <input
          id={`${id}-target`}
          type={kind === "email" ? "email" : "url"}
          value={target}
          aria-invalid={atTarget ? "true" : undefined}
          aria-describedby={atTarget ? `${id}-target-error` : undefined}
          onInput={(e) => setTarget((e.target as HTMLInputElement).value)}
        />
        {atTarget && (
          <p id={`${id}-target-error`} class="error" role="alert">
            {atTarget}
          </p>
        )}
      </div>
      {integrations.length > 0 && (
        <fieldset class="field">
          <legend>{tx("channels.routes")}</legend>
          <p class="help">{tx("channels.routesAll")}</p>
          {integrations.map((i) => (
            <label class="inline">
              <input type="checkbox" checked={ticked(i.id)} onChange={(e) => tick(i.id, (e.target as HTMLInputElement).checked)} />
              {i.name}
            </label>
          ))}
        </fieldset>
      )}
      {error && !atTarget && (
        <p class="error" role="alert">
          {error.field ? `${error.field}: ` : ""}
          {error.text}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? t("form.saving") : channel ? t("form.save") : tx("channels.create")}
      </button>
      {secret !== null && (
        <p role="status">
          {tx("channels.created")}
          {secret && (
            <>
              . {tx("channels.secret")}: <code>{secret}</code>
            </>
          )}
        </p>
      )}
    </form>
  );
}
