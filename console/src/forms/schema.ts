// Forms from JSON Schema (a connector's credentials, a flow's settings): which inputs to show,
// and the values they give, typed as the schema says. Pure: no DOM, unit-tested.

export type JsonSchema = {
  type?: string | string[];
  title?: string;
  description?: string;
  enum?: unknown[];
  default?: unknown;
  format?: string;
  writeOnly?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
};

export type FieldKind = "text" | "password" | "integer" | "number" | "boolean" | "choice" | "choices" | "json";

export interface Field {
  name: string;
  title: string;
  description: string;
  kind: FieldKind;
  required: boolean;
  nullable: boolean;
  options: string[];
  initial: string | boolean | string[];
  min?: number;
  max?: number;
  pattern?: string;
}

export type RawValue = string | boolean | string[];
export type RawValues = Record<string, RawValue>;

function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  if (schema.$ref?.startsWith("#/$defs/")) {
    const target = root.$defs?.[schema.$ref.slice("#/$defs/".length)] ?? {};
    return { ...resolve(target, root), ...withoutRef(schema) };
  }
  if (schema.allOf?.length === 1) return { ...resolve(schema.allOf[0], root), ...schema, allOf: undefined };
  return schema;
}

function withoutRef(schema: JsonSchema): JsonSchema {
  const { $ref: _ignored, ...rest } = schema;
  return rest;
}

/** `anyOf: [X, {type: null}]` (pydantic's Optional) is X that may be left empty. */
function unwrapNullable(schema: JsonSchema, root: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  const options = schema.anyOf;
  if (options) {
    const real = options.filter((o) => o.type !== "null");
    if (real.length === 1) {
      const inner = resolve(real[0], root);
      return { schema: { ...inner, ...schema, anyOf: undefined, type: inner.type }, nullable: real.length < options.length };
    }
  }
  return { schema, nullable: false };
}

function kindOf(schema: JsonSchema): FieldKind {
  if (schema.enum) return "choice";
  if (schema.type === "array" && schema.items?.enum) return "choices";
  switch (schema.type) {
    case "integer":
      return "integer";
    case "number":
      return "number";
    case "boolean":
      return "boolean";
    case "string":
      return schema.format === "password" || schema.writeOnly ? "password" : "text";
    default:
      return "json";
  }
}

function initialOf(kind: FieldKind, value: unknown): RawValue {
  if (kind === "boolean") return value === true;
  if (kind === "choices") return Array.isArray(value) ? value.map(String) : [];
  if (value === undefined || value === null) return "";
  if (kind === "json") return JSON.stringify(value, null, 2);
  return String(value);
}

/** The form's fields in the schema's order; `current` (saved values) overrides defaults. */
export function fieldsOf(root: JsonSchema, current: Record<string, unknown> = {}): Field[] {
  const required = new Set(root.required ?? []);
  return Object.entries(root.properties ?? {}).map(([name, raw]) => {
    const unwrapped = unwrapNullable(resolve(raw, root), root);
    const nullable = unwrapped.nullable;
    const items = unwrapped.schema.items;
    const schema = items ? { ...unwrapped.schema, items: resolve(items, root) } : unwrapped.schema;
    const kind = kindOf(schema);
    const options = (schema.enum ?? schema.items?.enum ?? []).map(String);
    return {
      name,
      title: schema.title ?? name,
      description: schema.description ?? "",
      kind,
      required: required.has(name),
      nullable,
      options,
      initial: initialOf(kind, name in current ? current[name] : schema.default),
      min: schema.minimum,
      max: schema.maximum,
      pattern: schema.pattern,
    };
  });
}

export interface Collected {
  values: Record<string, unknown>;
  errors: Record<string, string>;
}

/** Typed values of a filled form; what cannot be typed is an error at its field (the API
 * checks the rest and names the field too). Empty optional fields are left out. */
export function collect(fields: Field[], raw: RawValues, messages: { required: string; number: string; json: string }): Collected {
  const values: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const value = raw[field.name] ?? field.initial;
    if (field.kind === "boolean") {
      values[field.name] = value === true;
      continue;
    }
    if (field.kind === "choices") {
      values[field.name] = Array.isArray(value) ? value : [];
      continue;
    }
    const text = typeof value === "string" ? value.trim() : "";
    if (text === "") {
      if (field.required) errors[field.name] = messages.required;
      else if (field.nullable) values[field.name] = null;
      continue;
    }
    if (field.kind === "integer" || field.kind === "number") {
      const number = Number(text);
      if (!Number.isFinite(number) || (field.kind === "integer" && !Number.isInteger(number))) {
        errors[field.name] = messages.number;
      } else values[field.name] = number;
    } else if (field.kind === "json") {
      try {
        values[field.name] = JSON.parse(text);
      } catch {
        errors[field.name] = messages.json;
      }
    } else values[field.name] = text;
  }
  return { values, errors };
}

/** An API's field path (e.g. "settings.employee_number", "credentials.shop_domain") as the
 * form's field name, under the body key the form fills. */
export function formFieldOf(apiField: string, bodyKey: string, fields: Field[]): string | null {
  const names = new Set(fields.map((f) => f.name));
  const parts = apiField.split(".");
  const start = parts[0] === bodyKey ? 1 : 0;
  const name = parts[start];
  return name !== undefined && names.has(name) ? name : null;
}

/** Per form field, the API's reasons; what names no field of the form goes under "". */
export function errorsAtFields(byField: Record<string, string>, bodyKey: string, fields: Field[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [apiField, reason] of Object.entries(byField)) {
    const name = formFieldOf(apiField, bodyKey, fields) ?? "";
    out[name] = out[name] ? `${out[name]}; ${reason}` : reason;
  }
  return out;
}

/** For an edit in place: only the fields the merchant filled in, typed; the others keep their
 * stored values (secrets are never shown, so an empty secret field means "unchanged"). */
export function changed(fields: Field[], raw: RawValues, messages: { required: string; number: string; json: string }): Collected {
  const touched = fields
    .filter((f) => f.name in raw && raw[f.name] !== "" && !(Array.isArray(raw[f.name]) && f.kind !== "choices"))
    .map((f) => ({ ...f, required: false }));
  return collect(touched, raw, messages);
}
