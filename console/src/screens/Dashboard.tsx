// The dashboard: runs of the last 24 hours per state (GET /v1/runs/counts) and connection health.
import { api } from "../api";
import { t } from "../i18n";
import { useLoad } from "../load";
import type { Connection } from "../types";
import { Badge, Screen, Status } from "../ui";

interface Counts {
  totals: Record<string, number>;
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
