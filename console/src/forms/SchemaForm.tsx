// A form generated from a JSON Schema; errors are shown at the field the API names.
import { useState } from "preact/hooks";
import type { Field, RawValues } from "./schema";
import { t } from "../i18n";

interface Props {
  id: string;
  fields: Field[];
  errors: Record<string, string>;
  onChange?: (raw: RawValues) => void;
  raw: RawValues;
  setRaw: (raw: RawValues) => void;
}

export function SchemaFields({ id, fields, errors, raw, setRaw }: Props) {
  const set = (name: string, value: string | boolean | string[]) => setRaw({ ...raw, [name]: value });
  return (
    <div class="fields">
      {fields.map((field) => {
        const inputId = `${id}-${field.name}`;
        const error = errors[field.name];
        const help = field.description ? `${inputId}-help` : undefined;
        const errorId = error ? `${inputId}-error` : undefined;
        const describedBy = [help, errorId].filter(Boolean).join(" ") || undefined;
        const value = raw[field.name] ?? field.initial;
        const common = {
          id: inputId,
          name: field.name,
          "aria-describedby": describedBy,
          "aria-invalid": error ? ("true" as const) : undefined,
        };
        let control;
        if (field.kind === "boolean") {
          control = (
            <input
              {...common}
              type="checkbox"
              checked={value === true}
              onChange={(e) => set(field.name, (e.target as HTMLInputElement).checked)}
            />
          );
        } else if (field.kind === "choice") {
          control = (
            <select {...common} value={String(value)} onChange={(e) => set(field.name, (e.target as HTMLSelectElement).value)}>
              {!field.required && <option value="">—</option>}
              {field.options.map((o) => (
                <option value={o}>{o}</option>
              ))}
            </select>
          );
        } else if (field.kind === "choices") {
          const chosen = Array.isArray(value) ? value : [];
          return (
            <fieldset class="field" key={field.name} aria-describedby={describedBy}>
              <legend>{field.title}</legend>
              {field.options.map((o) => (
                <label class="inline">
                  <input
                    type="checkbox"
                    name={field.name}
                    value={o}
                    checked={chosen.includes(o)}
                    onChange={(e) =>
                      set(field.name, (e.target as HTMLInputElement).checked ? [...chosen, o] : chosen.filter((c) => c !== o))
                    }
                  />{" "}
                  {o}
                </label>
              ))}
              {help && <p id={help} class="help">{field.description}</p>}
              {error && <p id={errorId} class="error" role="alert">{error}</p>}
            </fieldset>
          );
        } else if (field.kind === "json") {
          control = (
            <textarea {...common} rows={3} value={String(value)} onInput={(e) => set(field.name, (e.target as HTMLTextAreaElement).value)} />
          );
        } else {
          control = (
            <input
              {...common}
              type={field.kind === "password" ? "password" : field.kind === "text" ? "text" : "number"}
              inputMode={field.kind === "integer" ? "numeric" : undefined}
              required={field.required}
              autoComplete={field.kind === "password" ? "new-password" : "off"}
              value={String(value)}
              onInput={(e) => set(field.name, (e.target as HTMLInputElement).value)}
            />
          );
        }
        return (
          <div class={`field${field.kind === "boolean" ? " check" : ""}`} key={field.name}>
            <label for={inputId}>
              {field.title}
              {field.required && <span aria-hidden="true"> *</span>}
            </label>
            {control}
            {help && <p id={help} class="help">{field.description}</p>}
            {error && <p id={errorId} class="error" role="alert">{error}</p>}
          </div>
        );
      })}
    </div>
  );
}

/** A form's state: raw input and errors by field ("" for errors that name no field). */
export function useFormState() {
  const [raw, setRaw] = useState<RawValues>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  return { raw, setRaw, errors, setErrors };
}

export function FormError({ errors }: { errors: Record<string, string> }) {
  const count = Object.keys(errors).length;
  if (!count) return null;
  return (
    <div class="notice error" role="alert">
      {errors[""] ?? t("form.errors")}
    </div>
  );
}
