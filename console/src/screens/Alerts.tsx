// Alerts (notifier) with acknowledge, and dead letters (orchestrator): what needs a person.
import { useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { t } from "../i18n";
import { useLoad } from "../load";
import type { Page } from "../types";
import { Badge, Screen, Status, When } from "../ui";

interface Alert {
  id: string;
  kind: string;
  state: string;
  title: string;
  flow: string | null;
  code: string | null;
  created_at?: string;
}

interface DeadLetter {
  id: string;
  queue: string;
  code: string;
  reason: string;
  attempts: number;
  parked_at: string;
  state: string;
}

export function Alerts() {
  const alerts = useLoad(() => api.get<Page<Alert>>("notifier", "/v1/alerts?limit=100"));
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
    <Screen title={t("alerts.title")}>
      <Status loaded={alerts} />
      <p role="status">{message}</p>
      {alerts.data?.items.length === 0 && <p>{t("alerts.none")}</p>}
      <ul class="cards">
        {alerts.data?.items.map((a) => (
          <li class="card" key={a.id}>
            <h2>{a.title}</h2>
            <p>
              <Badge value={a.state} /> {a.kind} {a.flow ?? ""} {a.code ?? ""}
            </p>
            {a.state === "open" && (
              <button type="button" onClick={() => acknowledge(a.id)}>
                {t("alerts.acknowledge")}
              </button>
            )}
          </li>
        ))}
      </ul>
    </Screen>
  );
}

export function DeadLetters() {
  const letters = useLoad(() => api.get<Page<DeadLetter>>("orchestrator", "/v1/dead-letters?limit=100"));
  return (
    <Screen title={t("deadLetters.title")}>
      <Status loaded={letters} />
      {letters.data?.items.length === 0 && <p>{t("deadLetters.none")}</p>}
      {letters.data && letters.data.items.length > 0 && (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={t("deadLetters.title")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("deadLetters.parked")}</th>
                <th scope="col">{t("deadLetters.queue")}</th>
                <th scope="col">{t("alerts.state")}</th>
                <th scope="col">{t("deadLetters.attempts")}</th>
                <th scope="col">{t("deadLetters.reason")}</th>
              </tr>
            </thead>
            <tbody>
              {letters.data.items.map((d) => (
                <tr key={d.id}>
                  <td>
                    <When at={d.parked_at} />
                  </td>
                  <td>{d.queue}</td>
                  <td>
                    <Badge value={d.state} />
                  </td>
                  <td>{d.attempts}</td>
                  <td>
                    {d.code}: {d.reason}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Screen>
  );
}
