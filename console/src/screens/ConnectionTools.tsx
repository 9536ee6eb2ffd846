// One connection's upkeep: edit its credentials in place (tested before they are saved) and
// the shop's webhook subscriptions to its URL, registered from Syncyard where the vendor can.
import { useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { FormError, SchemaFields, useFormState } from "../forms/SchemaForm";
import { changed, errorsAtFields, fieldsOf } from "../forms/schema";
import { t } from "../i18n";
import { useLoad } from "../load";
import type { Connection, Connector } from "../types";

interface SubscriptionState {
  registrable: boolean;
  webhook_url: string;
  subscriptions: { topic: string }[];
  missing_topics: string[];
  // Vendors with no API for it (Ecwid: one URL per app, set in its app settings).
  set_by_hand: { where: string; topics: string[]; is_one_url_per_app: boolean } | null;
  last_delivery_at: string | null;
}

export function EditConnection({ connection, connector, onSaved }: { connection: Connection; connector: Connector; onSaved: () => void }) {
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState(false);
  const form = useFormState();
  // Secrets are never shown: every field starts empty and only what is typed changes.
  const fields = fieldsOf(connector.credentials_schema).map((f) => ({ ...f, required: false, initial: f.kind === "boolean" ? false : "" }));
  const formId = `edit-${connection.id}`;
  const submit = async (event: Event) => {
    event.preventDefault();
    setSaved(false);
    const { values, errors } = changed(fields, form.raw, { required: t("form.required"), number: t("form.number"), json: t("form.json") });
    form.setErrors(errors);
    if (Object.keys(errors).length || !Object.keys(values).length) return;
    try {
      await api.patch("gateway", `/v1/connections/${connection.id}`, { credentials: values });
      form.setRaw({});
      setSaved(true);
      onSaved();
    } catch (err) {
      if (err instanceof ApiError) {
        const at = errorsAtFields(err.byField(), "credentials", fields);
        form.setErrors(at[""] || !Object.keys(at).length ? { ...at, "": err.detail } : at);
      } else form.setErrors({ "": String(err) });
    }
  };
  return (
    <div class="tool">
      <button type="button" aria-expanded={open} aria-controls={formId} onClick={() => setOpen(!open)}>
        {t("connections.edit")}
      </button>
      {open && (
        <form id={formId} onSubmit={submit}>
          <p class="help">{t("connections.editHelp")}</p>
          <FormError errors={form.errors} />
          <SchemaFields id={formId} fields={fields} errors={form.errors} raw={form.raw} setRaw={form.setRaw} />
          <button type="submit">{t("form.save")}</button>
          {saved && <p role="status" class="ok">{t("form.saved")}</p>}
        </form>
      )}
    </div>
  );
}

export function Webhooks({ connection }: { connection: Connection }) {
  const subscriptions = useLoad(() => api.get<SubscriptionState>("gateway", `/v1/connections/${connection.id}/webhook-subscriptions`), [connection.id]);
  const [message, setMessage] = useState("");
  const path = `/v1/connections/${connection.id}/webhook-subscriptions`;
  const act = async (method: "put" | "del") => {
    setMessage("");
    try {
      if (method === "put") await api.put("gateway", path, { entities: ["orders"] });
      else await api.del("gateway", path);
      subscriptions.reload();
    } catch (err) {
      setMessage(err instanceof ApiError ? err.detail : String(err));
    }
  };
  const state = subscriptions.data;
  if (subscriptions.error) return <p class="help">{t("connections.webhooksUnknown")}: {subscriptions.error.message}</p>;
  if (!state) return null;
  const lastDelivery = state.last_delivery_at && (
    <p class="help" data-last-delivery>
      {t("connections.lastDelivery")}: {new Date(state.last_delivery_at).toLocaleString()}
    </p>
  );
  if (!state.registrable) {
    const manual = state.set_by_hand;
    if (!manual) return null;
    return (
      <div class="tool webhooks" data-webhooks="by-hand">
        <p>
          {t("connections.webhooksByHand")}: <strong>{manual.where}</strong>
        </p>
        <p class="help">
          {t("connections.webhooksTopics")}: {manual.topics.join(", ")}
        </p>
        {manual.is_one_url_per_app && <p class="help">{t("connections.webhooksOneUrl")}</p>}
        {lastDelivery ?? <p class="help">{t("connections.noDeliveryYet")}</p>}
      </div>
    );
  }
  const complete = state.missing_topics.length === 0;
  return (
    <div class="tool webhooks" data-webhooks={complete ? "registered" : "missing"}>
      <p>
        {t("connections.webhooks")}:{" "}
        <strong>{complete ? t("connections.webhooksOn") : t("connections.webhooksMissing")}</strong>{" "}
        {state.subscriptions.map((s) => s.topic).join(", ")}
      </p>
      {!complete && (
        <button type="button" onClick={() => act("put")}>
          {t("connections.register")}
        </button>
      )}
      {state.subscriptions.length > 0 && (
        <button type="button" onClick={() => act("del")}>
          {t("connections.unregister")}
        </button>
      )}
      {lastDelivery}
      {message && <p class="error" role="alert">{message}</p>}
    </div>
  );
}
