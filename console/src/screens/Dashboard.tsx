// The dashboard: runs of the last 24 hours per state (GET /v1/runs/counts), open alerts,
// connection health and each connection's request-budget use.
import { api } from "../api";
import { perHour, type CountItem } from "../chart";
import { t } from "../i18n";
import { useLoad } from "../load";
import type { Connection } from "../types";
import { tx } from "../texts/operations";
import type { Page } from "../types";
import { Badge, Screen, Status } from "../ui";
import type { Alert } from "./Alerts";

interface BudgetUse {
  connection_id: string;
  bucket: string;
  capacity: number;
  per_second: number;
  available: number;
  used_share: number;
}

interface Counts {
  totals: Record<string, number>;
  items: CountItem[];
}

export function Dashboard() {
  const counts = useLoad(() => api.get<Counts>("orchestrator", "/v1/runs/counts"));
  const connections = useLoad(() => api.get<Connection[]>("gateway", "/v1/connections"));
  const alerts = useLoad(() => api.get<Page<Alert>>("notifier", "/v1/alerts?state=open&limit=5"));
  const budgets = useLoad(() => api.get<{ items: BudgetUse[] }>("gateway", "/v1/request-budgets"));
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
      <h2>{t("dashboard.openAlerts")}</h2>
      <Status loaded={alerts} />
      {alerts.data?.items.length === 0 && <p>{tx("dashboard.noOpenAlerts")}</p>}
      <ul class="open-alerts">
        {alerts.data?.items.map((a) => (
          <li key={a.id}>
            <Badge value={a.kind} /> {a.title} ({a.occurrences}×)
          </li>
        ))}
      </ul>
      <p>
        <a href="#/alerts">{tx("dashboard.allAlerts")}</a>
      </p>
      <h2>{t("dashboard.connections")}</h2>
      <Status loaded={connections} />
      <ul>
        {connections.data?.map((c) => (
          <li key={c.id}>
            {c.name} <Badge value={c.status} />
          </li>
        ))}
      </ul>
      <h2>{tx("dashboard.budgets")}</h2>
      <p class="help">{tx("dashboard.budgetsIntro")}</p>
      <Status loaded={budgets} />
      {budgets.data?.items.length === 0 && <p>{tx("dashboard.noBudgets")}</p>}
      <ul class="budgets">
        {budgets.data?.items.map((b) => {
          const name = `${connections.data?.find((c) => c.id === b.connection_id)?.name ?? b.connection_id}${b.bucket !== "calls" ? ` · ${b.bucket}` : ""}`;
          return (
          <li key={`${b.connection_id}-${b.bucket}`} data-budget={b.connection_id}>
            <span class="bar-label">{name}</span>
            <meter min={0} max={1} high={0.8} value={Math.min(1, b.used_share)} aria-label={name} />
            <span>
              {Math.round(100 * b.used_share)}% {tx("dashboard.inUse")} · {b.capacity} {tx("dashboard.atOnce")}, {b.per_second} {tx("dashboard.perSecond")}
              {b.available < 0 && ` · ${Math.ceil(-b.available)} ${tx("dashboard.waiting")}`}
            </span>
          </li>
          );
        })}
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
