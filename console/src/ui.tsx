// Small shared pieces: headings, loading and error notices, JSON payloads, timestamps.
import type { ComponentChildren } from "preact";
import { t } from "./i18n";
import type { Loaded } from "./load";

export function Screen({ title, children, actions }: { title: string; children: ComponentChildren; actions?: ComponentChildren }) {
  return (
    <section aria-labelledby="screen-title">
      <header class="screen-head">
        <h1 id="screen-title" tabIndex={-1}>
          {title}
        </h1>
        {actions}
      </header>
      {children}
    </section>
  );
}

export function Status<T>({ loaded }: { loaded: Loaded<T> }) {
  if (loaded.error) {
    return (
      <p class="notice error" role="alert">
        {t("common.error")}: {loaded.error.message}
      </p>
    );
  }
  if (loaded.data === undefined) return <p aria-live="polite">{t("common.loading")}</p>;
  return null;
}

export function Payload({ label, value }: { label: string; value: unknown }) {
  if (value === null || value === undefined) return null;
  return (
    <details class="payload">
      <summary>{label}</summary>
      <pre tabIndex={0}>{JSON.stringify(value, null, 2)}</pre>
    </details>
  );
}

export function When({ at }: { at: string | null | undefined }) {
  if (!at) return <span>—</span>;
  const date = new Date(at);
  return <time dateTime={at}>{date.toLocaleString()}</time>;
}

export function Badge({ value }: { value: string }) {
  return <span class={`badge badge-${value}`}>{value}</span>;
}
