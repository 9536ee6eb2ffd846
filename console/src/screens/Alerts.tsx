// Alerts (notifier): open ones first, with acknowledge; and each integration's mute, which
// keeps its alerts recorded but unsent for a while (planned work, a known outage).
import { useState } from "preact/hooks";
import { api, ApiError, query } from "../api";
import { t } from "../i18n";
import { useLoad } from "../load";
import { tx } from "../texts/operations";
import type { Integration, Page } from "../types";
import { Badge, Screen, Status, When } from "../ui";

export interface Alert {
  id: string;
  kind: string;
  state: string;
  title: string;
  flow: string | null;
  code: string | null;
  occurrences: number;
  is_muted: boolean;
  opened_at: string;
  acknowledged_by: string | null;
}

interface Mute {
  integration_id: string;
  until: string;
}

export function Alerts() {
  const [state, setState] = useState("open");
  const alerts = useLoad(() => api.get<Page<Alert>>("notifier", `/v1/alerts${query({ state, limit: 100 })}`), [state]);
  const [message, setMessage] = useState("");
  const acknowledge = async (id: string) => {
    try {
      await api.post("notifier", `/v1/alerts/${id}/acknowledge`);
      setMessage(t("alerts.acknowledged"));
      alerts.reload();
    } catch (err) {
      setMessage(err instanceof ApiError ? err.detail : String(err));
    }
  };
  return (
    <Screen title={t("alerts.title")} actions={<a href="#/channels">{tx("alerts.channelsLink")}</a>}>
      <div class="filters">
        <div class="field">
          <label for="alert-state">{tx("alerts.filter")}</label>
          <select id="alert-state" value={state} onChange={(e) => setState((e.target as HTMLSelectElement).value)}>
            <option value="open">{tx("alerts.open")}</option>
            <option value="">{tx("alerts.all")}</option>
          </select>
        </div>
        <button type="button" onClick={alerts.reload}>
          {t("common.refresh")}
        </button>
      </div>
      <Status loaded={alerts} />
      <p role="status">{message}</p>
      {alerts.data?.items.length === 0 && <p>{t("alerts.none")}</p>}
      <ul class="cards">
        {alerts.data?.items.map((a) => (
          <li class="card" key={a.id} data-alert-state={a.state}>
            <h2>{a.title}</h2>
            <p>
              <Badge value={a.state} /> {a.kind} {a.flow ?? ""} {a.code ?? ""}
            </p>
            <dl>
              <dt>{tx("alerts.openedAt")}</dt>
              <dd>
                <When at={a.opened_at} />
              </dd>
              <dt>{tx("alerts.occurrences")}</dt>
              <dd>{a.occurrences}</dd>
              {a.acknowledged_by && (
                <>
                  <dt>{tx("alerts.by")}</dt>
                  <dd>{a.acknowledged_by}</dd>
                </>
              )}
            </dl>
            {a.state === "open" && (
              <button type="button" onClick={() => acknowledge(a.id)}>
                {t("alerts.acknowledge")}
              </button>
            )}
          </li>
        ))}
      </ul>
      <Mutes />
    </Screen>
  );
}

/** The notifier answers 404 for an integration that is not muted. */
async function muteOf(integrationId: string): Promise<Mute | null> {
  try {
    return await api.get<Mute>("notifier", `/v1/integrations/${integrationId}/mute`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

function Mutes() {
  const integrations = useLoad(() => api.get<Page<Integration>>("orchestrator", "/v1/integrations"));
  const ids = integrations.data?.items.map((i) => i.id) ?? [];
  const mutes = useLoad(
    async () => Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await muteOf(id)] as const))),
    [ids.join()],
  );
  const [message, setMessage] = useState("");
  const change = async (id: string, hours: number | null) => {
    setMessage("");
    try {
      if (hours === null) await api.del("notifier", `/v1/integrations/${id}/mute`);
      else await api.post("notifier", `/v1/integrations/${id}/mute`, { until: new Date(Date.now() + hours * 3_600_000).toISOString() });
      mutes.reload();
    } catch (err) {
      setMessage(err instanceof ApiError ? err.detail : String(err));
    }
  };
  return (
    <section aria-labelledby="mutes-title">
      <h2 id="mutes-title">{tx("mutes.title")}</h2>
      <p class="help">{tx("mutes.intro")}</p>
      <Status loaded={integrations} />
      {message && (
        <p class="error" role="alert">
          {message}
        </p>
      )}
      {integrations.data?.items.length === 0 && <p>{t("common.none")}</p>}
      <ul class="rows">
        {integrations.data?.items.map((i) => {
          const mute = mutes.data?.[i.id];
          return (
            <li key={i.id} data-mute={i.name} data-muted={mute ? "yes" : "no"}>
              <strong>{i.name}</strong>{" "}
              {mute ? (
                <>
                  {tx("mutes.until")} <When at={mute.until} />{" "}
                  <button type="button" onClick={() => change(i.id, null)} aria-label={`${tx("mutes.unmute")}: ${i.name}`}>
                    {tx("mutes.unmute")}
                  </button>
                </>
              ) : (
                <>
                  <span class="help">{tx("mutes.notMuted")}</span>{" "}
                  <button type="button" onClick={() => change(i.id, 1)} aria-label={`${tx("mutes.hour")}: ${i.name}`}>
                    {tx("mutes.hour")}
                  </button>{" "}
                  <button type="button" onClick={() => change(i.id, 24)} aria-label={`${tx("mutes.day")}: ${i.name}`}>
                    {tx("mutes.day")}
                  </button>
                </>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
