// Connected apps: connect one with a form generated from its connector's credentials schema,
// test it, see its webhook URL.
import { useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { FormError, SchemaFields, useFormState } from "../forms/SchemaForm";
import { collect, errorsAtFields, fieldsOf } from "../forms/schema";
import { t } from "../i18n";
import { useLoad } from "../load";
import type { Connection, Connector } from "../types";
import { Badge, Screen, Status } from "../ui";
import { EditConnection, Webhooks } from "./ConnectionTools";

interface TestResult {
  ok: boolean;
  error?: { code: string; reason: string } | null;
}

export function Connections() {
  const connectors = useLoad(() => api.get<Connector[]>("gateway", "/v1/connectors"));
  const connections = useLoad(() => api.get<Connection[]>("gateway", "/v1/connections"));
  const [tests, setTests] = useState<Record<string, TestResult | string>>({});
  const test = async (id: string) => {
    try {
      const result = await api.post<TestResult>("gateway", `/v1/connections/${id}/test`);
      setTests({ ...tests, [id]: result });
      connections.reload();
    } catch (err) {
      setTests({ ...tests, [id]: String((err as Error).message) });
    }
  };
  const titleOf = (name: string) => connectors.data?.find((c) => c.name === name)?.title ?? name;
  return (
    <Screen title={t("connections.title")}>
      <Status loaded={connections} />
      {connections.data && connections.data.length === 0 && <p>{t("common.none")}</p>}
      <ul class="cards">
        {connections.data?.map((c) => {
          const result = tests[c.id];
          return (
            <li class="card" key={c.id} data-connection={c.connector}>
              <h2>{c.name}</h2>
              <dl>
                <dt>{t("connections.app")}</dt>
                <dd>{titleOf(c.connector)}</dd>
                <dt>{t("connections.status")}</dt>
                <dd>
                  <Badge value={c.status} />
                  {c.last_error && <span> {c.last_error}</span>}
                </dd>
                <dt>{t("connections.webhook")}</dt>
                <dd>
                  <code class="webhook-url">{absolute(c.webhook_url)}</code>
                </dd>
              </dl>
              <button type="button" onClick={() => test(c.id)}>
                {t("connections.test")}
              </button>
              {connectors.data?.find((k) => k.name === c.connector)?.operations.includes("webhook_source") && <Webhooks connection={c} />}
              {connectors.data && (
                <EditConnection connection={c} connector={connectors.data.find((k) => k.name === c.connector)!} onSaved={connections.reload} />
              )}
              {result !== undefined && (
                <p class={`test-result ${typeof result !== "string" && result.ok ? "ok" : "error"}`} role="status">
                  {typeof result === "string"
                    ? result
                    : result.ok
                      ? t("connections.testOk")
                      : `${t("connections.testFailed")}: ${result.error?.reason ?? ""}`}
                </p>
              )}
            </li>
          );
        })}
      </ul>
      {connectors.data && <Connect connectors={connectors.data} onConnected={connections.reload} />}
    </Screen>
  );
}

/** The gateway gives absolute URLs when SYNCYARD_PUBLIC_BASE_URL is set; else a path of it. */
function absolute(url: string): string {
  return url.startsWith("/") ? `${location.origin}/api/gateway${url}` : url;
}

function Connect({ connectors, onConnected }: { connectors: Connector[]; onConnected: () => void }) {
  const [chosen, setChosen] = useState("");
  const [name, setName] = useState("");
  const form = useFormState();
  const [busy, setBusy] = useState(false);
  const connector = connectors.find((c) => c.name === chosen);
  const fields = connector ? fieldsOf(connector.credentials_schema) : [];
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!connector) return;
    const { values, errors } = collect(fields, form.raw, {
      required: t("form.required"),
      number: t("form.number"),
      json: t("form.json"),
    });
    if (!name.trim()) errors["name"] = t("form.required");
    form.setErrors(errors);
    if (Object.keys(errors).length) return;
    setBusy(true);
    try {
      await api.post("gateway", "/v1/connections", { name: name.trim(), connector: connector.name, credentials: values });
      form.setRaw({});
      setName("");
      setChosen("");
      onConnected();
    } catch (err) {
      if (err instanceof ApiError) {
        const byField = err.byField();
        const at = errorsAtFields(byField, "credentials", fields);
        if (byField["name"]) at["name"] = byField["name"];
        form.setErrors(Object.keys(at).length ? at : { "": err.detail });
      } else form.setErrors({ "": String(err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="panel" onSubmit={submit} aria-labelledby="connect-title">
      <h2 id="connect-title">{t("connections.connect")}</h2>
      <div class="field">
        <label for="connector">{t("connections.app")}</label>
        <select id="connector" value={chosen} onChange={(e) => (setChosen((e.target as HTMLSelectElement).value), form.setErrors({}), form.setRaw({}))}>
          <option value="">—</option>
          {connectors.map((c) => (
            <option value={c.name}>{c.title}</option>
          ))}
        </select>
      </div>
      {connector && (
        <>
          <FormError errors={form.errors} />
          <div class="field">
            <label for="connection-name">{t("connections.name")}</label>
            <input
              id="connection-name"
              required
              value={name}
              aria-invalid={form.errors["name"] ? "true" : undefined}
              aria-describedby={form.errors["name"] ? "connection-name-error" : undefined}
              onInput={(e) => setName((e.target as HTMLInputElement).value)}
            />
            {form.errors["name"] && (
              <p id="connection-name-error" class="error" role="alert">
                {form.errors["name"]}
              </p>
            )}
          </div>
          <SchemaFields id={`cred-${connector.name}`} fields={fields} errors={form.errors} raw={form.raw} setRaw={form.setRaw} />
          <button type="submit" disabled={busy}>
            {busy ? t("form.saving") : t("connections.connect")}
          </button>
        </>
      )}
    </form>
  );
}
