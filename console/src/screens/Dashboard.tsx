// The dashboard: runs of the last 24 hours per state (GET /v1/runs/counts) and connection health.
import { api } from "../api";
import { perHour, type CountItem } from "../chart";
import { t } from "../i18n";
import { useLoad } from "../load";
import type { Connection } from "../types";
import { Badge, Screen, Status } from "../ui";

interface Counts {
  totals: Record<string, number>;
  items: CountItem[];
}

export function Dashboard() {
  const counts = useLoad(() => api.get<Counts>("orchestrator", "/v1/runs/counts"));
  const connections = useLoad(() => api.get<Connection[]>("gateway", "/v1/connections"));
  const totals = Object.entries(counts.data?.totals ?? {});
  const most = Math.max(1, ...totals.map(([, n]) => n));
  return (
    <Screen title={t("dashboard.title")}>
      <h2>{t("dashboard.runs")}</h2>
      <Status loaded={counts} />
      {counts.data && totals.length === 0 && <p>{t("common.none")}</p>}
      <ul class="bars">
        {totals.map(([state, n]) => (
          <li key={state}>
            <span class="bar-label">{state}</span>
            <span class={`bar badge-${state}`} style={{ width: `${(100 * n) / most}%` }} aria-hidden="true" />
            <span>{n}</span>
          </li>
        ))}
      </ul>
      <HourChart items={counts.data?.items ?? []} />
      <h2>{t("dashboard.connections")}</h2>
      <Status loaded={connections} />
      <ul>
        {connections.data?.map((c) => (
          <li key={c.id}>
            {c.name} <Badge value={c.status} />
          </li>
        ))}
      </ul>
    </Screen>
  );
}

/** Stacked bars, one per hour; the same numbers as a table for screen readers. */
function HourChart({ items }: { items: CountItem[] }) {
  const rows = perHour(items);
  if (!rows.length) return null;
  const most = Math.max(1, ...rows.map((r) => r.total));
  return (
    <figure class="hours">
      <figcaption>{t("dashboard.perHour")}</figcaption>
      <div class="hour-bars" aria-hidden="true">
        {rows.map((row) => (
          <div class="hour" title={`${new Date(row.hour).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}: ${row.total}`}>
            {row.parts.map((part) => (
              <span class={`bar badge-${part.state}`} style={{ height: `${(100 * part.count) / most}%` }} />
            ))}
          </div>
        ))}
      </div>
      <table class="sr-only">
        <tbody>
          {rows.map((row) => (
            <tr>
              <th scope="row">{row.hour}</th>
              <td>{row.parts.map((p) => `${p.key}: ${p.count}`).join(", ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
