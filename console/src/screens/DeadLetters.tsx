// Dead letters (orchestrator): what could not be handled after every retry, to replay once
// its cause is fixed or to discard, picked one by one, or every parked one (of one failure
// code, when filtered) replayed at once.
import { useState } from "preact/hooks";
import { api, ApiError, query } from "../api";
import { t } from "../i18n";
import { useLoad } from "../load";
import { tx } from "../texts/operations";
import type { Page } from "../types";
import { Badge, Screen, Status, When } from "../ui";

interface DeadLetter {
  id: string;
  queue: string;
  message_type: string | null;
  subject: string | null;
  code: string;
  reason: string;
  attempts: number;
  parked_at: string;
  state: string;
  resolved_by: string | null;
  run_told: boolean;
}

interface ActionOut {
  state: string;
  count: number;
  ids: string[];
}

const STATES = ["parked", "replaying", "replayed", "discarded"];

export function DeadLetters() {
  const [state, setState] = useState("parked");
  const [typed, setTyped] = useState("");
  const [code, setCode] = useState("");
  const letters = useLoad(
    () => api.get<Page<DeadLetter>>("orchestrator", `/v1/dead-letters${query({ state, code, limit: 100 })}`),
    [state, code],
  );
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [open, setOpen] = useState<Record<string, unknown>>({});
  const [message, setMessage] = useState("");
  const parked = letters.data?.items.filter((d) => d.state === "parked") ?? [];
  const toggle = (id: string) => {
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setChosen(next);
  };
  const act = async (action: "replay" | "discard", selection: object) => {
    setMessage("");
    try {
      const out = await api.post<ActionOut>("orchestrator", `/v1/dead-letters/${action}`, selection);
      setMessage(`${action === "replay" ? tx("deadLetters.replayed") : tx("deadLetters.discarded")}: ${out.count}`);
      setChosen(new Set());
      letters.reload();
    } catch (err) {
      setMessage(err instanceof ApiError ? err.detail || err.code : String(err));
    }
  };
  const show = async (id: string) => {
    if (id in open) return setOpen(Object.fromEntries(Object.entries(open).filter(([k]) => k !== id)));
    const detail = await api.get<{ message: unknown }>("orchestrator", `/v1/dead-letters/${id}`);
    setOpen({ ...open, [id]: detail.message });
  };
  const ids = [...chosen];
  return (
    <Screen title={t("deadLetters.title")}>
      <p>{tx("deadLetters.intro")}</p>
      <form class="filters" onSubmit={(e) => (e.preventDefault(), setCode(typed.trim()), setChosen(new Set()))}>
        <div class="field">
          <label for="dead-letter-state">{tx("deadLetters.state")}</label>
          <select id="dead-letter-state" value={state} onChange={(e) => (setState((e.target as HTMLSelectElement).value), setChosen(new Set()))}>
            {STATES.map((s) => (
              <option value={s}>{s}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="dead-letter-code">{tx("deadLetters.code")}</label>
          <input id="dead-letter-code" value={typed} onInput={(e) => setTyped((e.target as HTMLInputElement).value)} />
        </div>
        <button type="submit">{t("activity.filter")}</button>
        <button type="button" onClick={letters.reload}>
          {t("common.refresh")}
        </button>
      </form>
      <Status loaded={letters} />
      <p role="status">{message}</p>
      {letters.data?.items.length === 0 && <p>{t("deadLetters.none")}</p>}
      {parked.length > 0 && (
        <div class="actions" role="group" aria-label={tx("deadLetters.select")}>
          <button type="button" disabled={!ids.length} onClick={() => act("replay", { ids })}>
            {tx("deadLetters.replay")}
          </button>
          <button type="button" disabled={!ids.length} onClick={() => act("discard", { ids })}>
            {tx("deadLetters.discard")}
          </button>
          <button type="button" onClick={() => act("replay", { filter: code ? { code } : {} })}>
            {tx("deadLetters.replayAll")}
            {code && ` (${code})`}
          </button>
        </div>
      )}
      {letters.data && letters.data.items.length > 0 && (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={t("deadLetters.title")}>
          <table>
            <thead>
              <tr>
                <th scope="col">
                  {parked.length > 0 && (
                    <input
                      type="checkbox"
                      aria-label={tx("deadLetters.selectAll")}
                      checked={parked.length > 0 && parked.every((d) => chosen.has(d.id))}
                      onChange={(e) => setChosen(new Set((e.target as HTMLInputElement).checked ? parked.map((d) => d.id) : []))}
                    />
                  )}
                </th>
                <th scope="col">{t("deadLetters.parked")}</th>
                <th scope="col">{t("deadLetters.queue")}</th>
                <th scope="col">{t("alerts.state")}</th>
                <th scope="col">{t("deadLetters.attempts")}</th>
                <th scope="col">{t("deadLetters.reason")}</th>
              </tr>
            </thead>
            <tbody>
              {letters.data.items.map((d) => (
                <tr key={d.id} data-dead-letter={d.id} data-state={d.state}>
                  <td>
                    {d.state === "parked" && (
                      <input
                        type="checkbox"
                        aria-label={`${tx("deadLetters.select")} ${d.subject ?? d.message_type ?? d.id}`}
                        checked={chosen.has(d.id)}
                        onChange={() => toggle(d.id)}
                      />
                    )}
                  </td>
                  <td>
                    <When at={d.parked_at} />
                  </td>
                  <td>
                    {d.queue}
                    <br />
                    <small>{d.message_type}</small>
                  </td>
                  <td>
                    <Badge value={d.state} />
                    {d.resolved_by && <small> {d.resolved_by}</small>}
                  </td>
                  <td>{d.attempts}</td>
                  <td>
                    {d.code}: {d.reason}
                    {d.run_told && <p class="help">{tx("deadLetters.runTold")}</p>}
                    <div>
                      <button type="button" aria-expanded={d.id in open} onClick={() => show(d.id)}>
                        {tx("deadLetters.message")}
                      </button>
                    </div>
                    {d.id in open && (
                      <pre class="message" tabIndex={0} aria-label={tx("deadLetters.message")}>
                        {JSON.stringify(open[d.id], null, 2)}
                      </pre>
                    )}
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
