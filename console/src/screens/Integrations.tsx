// Integrations (a source and a target connection) and their flows, whose settings forms are
// generated from each flow's settings schema.
import { useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { FormError, SchemaFields, useFormState } from "../forms/SchemaForm";
import { collect, errorsAtFields, fieldsOf } from "../forms/schema";
import { t } from "../i18n";
import { useLoad } from "../load";
import type { Connection, Flow, FlowKind, Integration, Page } from "../types";
import { Badge, Screen, Status } from "../ui";
import { DryRun, InitialSync } from "./FlowTools";
import { MappingEditor } from "./Mapping";

export function Integrations() {
  const integrations = useLoad(() => api.get<Page<Integration>>("orchestrator", "/v1/integrations"));
  const connections = useLoad(() => api.get<Connection[]>("gateway", "/v1/connections"));
  return (
    <Screen title={t("integrations.title")}>
      <Status loaded={integrations} />
      {integrations.data?.items.length === 0 && <p>{t("common.none")}</p>}
      <ul class="cards">
        {integrations.data?.items.map((i) => (
          <li class="card" key={i.id}>
            <h2>
              <a href={`#/integrations/${i.id}`}>{i.name}</a>
            </h2>
            <p>
              {i.source_connector} → {i.target_connector}
            </p>
          </li>
        ))}
      </ul>
      {connections.data && <NewIntegration connections={connections.data} onCreated={(id) => (location.hash = `#/integrations/${id}`)} />}
    </Screen>
  );
}

function NewIntegration({ connections, onCreated }: { connections: Connection[]; onCreated: (id: string) => void }) {
  const [name, setName] = useState("");
  const [source, setSource] = useState("");
  const [target, setTarget] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  if (connections.length < 2) return <p>{t("integrations.noConnections")}</p>;
  const byId = (id: string) => connections.find((c) => c.id === id);
  const submit = async (event: Event) => {
    event.preventDefault();
    const missing: Record<string, string> = {};
    if (!name.trim()) missing.name = t("form.required");
    if (!source) missing.source_connection_id = t("form.required");
    if (!target) missing.target_connection_id = t("form.required");
    setErrors(missing);
    if (Object.keys(missing).length) return;
    try {
      const created = await api.post<Integration>("orchestrator", "/v1/integrations", {
        name: name.trim(),
        source_connection_id: source,
        target_connection_id: target,
        source_connector: byId(source)?.connector,
        target_connector: byId(target)?.connector,
      });
      onCreated(created.id);
    } catch (err) {
      setErrors(err instanceof ApiError ? { "": err.detail, ...err.byField() } : { "": String(err) });
    }
  };
  const select = (id: string, label: string, value: string, set: (v: string) => void) => (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} value={value} aria-invalid={errors[id] ? "true" : undefined} aria-describedby={errors[id] ? `${id}-error` : undefined}
        onChange={(e) => set((e.target as HTMLSelectElement).value)}>
        <option value="">—</option>
        {connections.map((c) => (
          <option value={c.id}>
            {c.name} ({c.connector})
          </option>
        ))}
      </select>
      {errors[id] && <p id={`${id}-error`} class="error" role="alert">{errors[id]}</p>}
    </div>
  );
  return (
    <form class="panel" onSubmit={submit} aria-labelledby="new-integration">
      <h2 id="new-integration">{t("integrations.new")}</h2>
      <FormError errors={errors} />
      <div class="field">
        <label for="name">{t("integrations.name")}</label>
        <input id="name" value={name} aria-invalid={errors.name ? "true" : undefined} aria-describedby={errors.name ? "name-error" : undefined}
          onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        {errors.name && <p id="name-error" class="error" role="alert">{errors.name}</p>}
      </div>
      {select("source_connection_id", t("integrations.source"), source, setSource)}
      {select("target_connection_id", t("integrations.target"), target, setTarget)}
      <button type="submit">{t("integrations.create")}</button>
    </form>
  );
}

export function IntegrationDetail({ id }: { id: string }) {
  const integration = useLoad(() => api.get<Integration>("orchestrator", `/v1/integrations/${id}`), [id]);
  const kinds = useLoad(() => api.get<Page<FlowKind>>("orchestrator", "/v1/flows"));
  const flows = useLoad(() => api.get<Page<Flow>>("orchestrator", `/v1/integrations/${id}/flows`), [id]);
  return (
    <Screen title={integration.data?.name ?? t("integrations.title")}>
      <Status loaded={integration} />
      <Status loaded={kinds} />
      <h2>{t("integrations.flows")}</h2>
      {kinds.data?.items.map((kind) => (
        <FlowEditor
          key={kind.flow}
          integration={integration.data}
          integrationId={id}
          kind={kind}
          flow={flows.data?.items.find((f) => f.flow === kind.flow)}
          onSaved={flows.reload}
        />
      ))}
    </Screen>
  );
}

function FlowEditor({ integration, integrationId, kind, flow, onSaved }: { integration: Integration | undefined; integrationId: string; kind: FlowKind; flow: Flow | undefined; onSaved: () => void }) {
  const [open, setOpen] = useState(false);
  const [mapping, setMapping] = useState(false);
  const [active, setActive] = useState<boolean | undefined>(undefined);
  const [saved, setSaved] = useState(false);
  const form = useFormState();
  const fields = fieldsOf(kind.settings_schema, flow?.settings ?? {});
  const isActive = active ?? flow?.is_active ?? false;
  const formId = `flow-${kind.flow}`;
  const submit = async (event: Event) => {
    event.preventDefault();
    setSaved(false);
    const { values, errors } = collect(fields, form.raw, { required: t("form.required"), number: t("form.number"), json: t("form.json") });
    form.setErrors(errors);
    if (Object.keys(errors).length) return;
    try {
      await api.put("orchestrator", `/v1/integrations/${integrationId}/flows/${kind.flow}`, {
        direction: flow?.direction ?? kind.directions[0] ?? "source_to_target",
        is_active: isActive,
        settings: values,
      });
      setSaved(true);
      onSaved();
    } catch (err) {
      if (err instanceof ApiError) {
        const at = errorsAtFields(err.byField(), "settings", fields);
        form.setErrors(Object.keys(at).length ? at : { "": err.detail });
      } else form.setErrors({ "": String(err) });
    }
  };
  return (
    <article class="card flow" data-flow={kind.flow}>
      <h3>
        {kind.flow} <Badge value={flow?.is_active ? t("flows.on") : t("flows.off")} />
      </h3>
      <p>{kind.description}</p>
      <button type="button" aria-expanded={open} aria-controls={formId} onClick={() => setOpen(!open)}>
        {t("flows.edit")}: {kind.flow}
      </button>
      {flow && <DryRun integrationId={integrationId} flow={kind.flow} />}
      {flow && integration && (
        <button type="button" aria-expanded={mapping} onClick={() => setMapping(!mapping)}>
          {t("mapping.title")}: {kind.flow}
        </button>
      )}
      {mapping && integration && <MappingEditor integration={integration} flow={kind.flow} />}
      {flow?.is_active && <InitialSync integrationId={integrationId} flow={kind.flow} />}
      {open && (
        <form id={formId} onSubmit={submit}>
          <FormError errors={form.errors} />
          <div class="field check">
            <label for={`${formId}-active`}>{t("flows.active")}</label>
            <input id={`${formId}-active`} type="checkbox" checked={isActive} onChange={(e) => setActive((e.target as HTMLInputElement).checked)} />
          </div>
          <SchemaFields id={formId} fields={fields} errors={form.errors} raw={form.raw} setRaw={form.setRaw} />
          <button type="submit">{t("form.save")}</button>
          {saved && <p role="status" class="ok">{t("form.saved")}</p>}
        </form>
      )}
    </article>
  );
}
