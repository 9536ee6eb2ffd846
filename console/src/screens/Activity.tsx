// The activity log: runs filtered by state, flow and what the merchant searches for; a run's
// steps with their source / sent / response payloads; retry of a failed run.
import { useState } from "preact/hooks";
import { api, ApiError, query } from "../api";
import { t } from "../i18n";
import { useLoad } from "../load";
import type { LogEntry, Page, Run } from "../types";
import { Badge, Payload, Screen, Status, When } from "../ui";

const STATES = ["done", "failed", "skipped", "waiting_for_products", "received", "placing"];
const FLOWS = ["orders", "customers", "products", "stock", "categories", "order_status"];

export interface ActivityFilter {
  state: string;
  flow: string;
  entity_ref: string;
}

export function Activity() {
  const [filter, setFilter] = useState<ActivityFilter>({ state: "", flow: "", entity_ref: "" });
  const [draft, setDraft] = useState<ActivityFilter>(filter);
  const runs = useLoad(
    () => api.get<Page<Run>>("orchestrator", `/v1/runs${query({ ...filter, limit: 50 })}`),
    [filter.state, filter.flow, filter.entity_ref],
  );
  const choose = (name: keyof ActivityFilter, label: string, options: string[]) => (
    <div class="field">
      <label for={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} value={draft[name]} onChange={(e) => setDraft({ ...draft, [name]: (e.target as HTMLSelectElement).value })}>
        <option value="">{t("activity.any")}</option>
        {options.map((o) => (
          <option value={o}>{o}</option>
        ))}
      </select>
    </div>
  );
  return (
    <Screen
      title={t("activity.title")}
      actions={
        <button type="button" onClick={runs.reload}>
          {t("common.refresh")}
        </button>
      }
    >
      <form class="filters" role="search" onSubmit={(e) => (e.preventDefault(), setFilter(draft))}>
        {choose("state", t("activity.state"), STATES)}
        {choose("flow", t("activity.flow"), FLOWS)}
        <div class="field">
          <label for="filter-search">{t("activity.search")}</label>
          <input id="filter-search" type="search" value={draft.entity_ref} onInput={(e) => setDraft({ ...draft, entity_ref: (e.target as HTMLInputElement).value })} />
        </div>
        <button type="submit">{t("activity.filter")}</button>
      </form>
      <Status loaded={runs} />
      {runs.data?.items.length === 0 && <p>{t("common.none")}</p>}
      {runs.data && runs.data.items.length > 0 && (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={t("activity.title")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("activity.created")}</th>
                <th scope="col">{t("activity.flow")}</th>
                <th scope="col">{t("activity.record")}</th>
                <th scope="col">{t("activity.state")}</th>
                <th scope="col">{t("activity.reason")}</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.items.map((run) => (
                <tr key={run.id} data-run={run.id} data-state={run.state}>
                  <td>
                    <When at={run.created_at} />
                  </td>
                  <td>{run.flow}</td>
                  <td>
                    <a href={`#/runs/${run.id}`}>{run.entity_ref ?? run.source_entity_id}</a>
                  </td>
                  <td>
                    <Badge value={run.state} />
                  </td>
                  <td>{run.failure_reason ?? run.result ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Screen>
  );
}

export function RunDetail({ id }: { id: string }) {
  const run = useLoad(() => api.get<Run>("orchestrator", `/v1/runs/${id}`), [id]);
  const log = useLoad(() => api.get<{ entries: LogEntry[] }>("logger", `/v1/runs/${id}/log`), [id]);
  const [message, setMessage] = useState("");
  const retry = async () => {
    try {
      await api.post<Run>("orchestrator", `/v1/runs/${id}/retry`);
      setMessage(t("activity.retried"));
      run.reload();
      log.reload();
    } catch (err) {
      setMessage(err instanceof ApiError ? err.detail : String(err));
    }
  };
  const reload = () => (run.reload(), log.reload());
  return (
    <Screen
      title={`${t("activity.record")} ${run.data?.entity_ref ?? ""}`}
      actions={
        <button type="button" onClick={reload}>
          {t("common.refresh")}
        </button>
      }
    >
      <p>
        <a href="#/activity">{t("activity.back")}</a>
      </p>
      <Status loaded={run} />
      {run.data && (
        <dl class="run" data-state={run.data.state}>
          <dt>{t("activity.state")}</dt>
          <dd>
            <Badge value={run.data.state} />
          </dd>
          <dt>{t("activity.flow")}</dt>
          <dd>{run.data.flow}</dd>
          {run.data.failure_reason && (
            <>
              <dt>{t("activity.reason")}</dt>
              <dd>
                {run.data.failure_code}: {run.data.failure_reason}
              </dd>
            </>
          )}
        </dl>
      )}
      {run.data?.state === "failed" && (
        <button type="button" class="primary" onClick={retry}>
          {t("activity.retry")}
        </button>
      )}
      <p role="status">{message}</p>
      <h2>{t("activity.steps")}</h2>
      {log.error instanceof ApiError && log.error.status === 404 ? <p>{t("common.none")}</p> : <Status loaded={log} />}
      <ol class="steps">
        {log.data?.entries.map((entry) => (
          <li key={entry.id} data-step={entry.step}>
            <p>
              <When at={entry.occurred_at} /> <strong>{entry.step}</strong> <Badge value={entry.outcome} /> <span>{entry.source_service}</span>
            </p>
            {entry.message && <p>{entry.message}</p>}
            <Payload label={`${t("activity.source")} (${entry.step})`} value={entry.source_payload} />
            <Payload label={`${t("activity.sent")} (${entry.step})`} value={entry.sent_payload} />
            <Payload label={`${t("activity.response")} (${entry.step})`} value={entry.response_payload} />
          </li>
        ))}
      </ol>
    </Screen>
  );
}
