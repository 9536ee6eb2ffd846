// The only way the console talks to Syncyard: the public REST APIs behind the front door,
// one path prefix per service (deploy/frontdoor/nginx.conf.template).

export type Service = "gateway" | "orchestrator" | "mapper" | "logger" | "notifier";

/** One field's complaint, as the APIs' problem+json names it. */
export interface FieldError {
  field: string;
  reason: string;
}

/** A 4xx/5xx answer (application/problem+json): code, detail and the field(s) at fault. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly field: string | null,
    readonly errors: FieldError[],
  ) {
    super(detail || code);
  }

  /** Every field's reason, the field path as the API gives it (e.g. "settings.employee_number"). */
  byField(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.errors) out[e.field] ??= e.reason;
    if (this.field && !(this.field in out)) out[this.field] = this.detail;
    return out;
  }
}

export function problemOf(status: number, body: unknown): ApiError {
  const p = (body ?? {}) as Record<string, unknown>;
  const errors = Array.isArray(p.errors)
    ? (p.errors as FieldError[]).filter((e) => typeof e?.field === "string")
    : [];
  return new ApiError(
    status,
    typeof p.code === "string" ? p.code : `http_${status}`,
    typeof p.detail === "string" ? p.detail : "",
    typeof p.field === "string" ? p.field : null,
    errors,
  );
}

export function apiPath(service: Service, path: string): string {
  return `/api/${service}${path}`;
}

/** A query string of the given values, leaving out empty ones. */
export function query(values: Record<string, string | number | boolean | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

const TOKEN_KEY = "syncyard.token";

export const session = {
  token(): string | null {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  signIn(token: string): void {
    sessionStorage.setItem(TOKEN_KEY, token.trim());
  },
  signOut(): void {
    sessionStorage.removeItem(TOKEN_KEY);
  },
};

export async function call<T>(
  service: Service,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  const token = session.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(apiPath(service, path), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const parsed: unknown = text ? safeJson(text) : undefined;
  if (!response.ok) {
    if (response.status === 401) window.dispatchEvent(new Event("syncyard:signed-out"));
    throw problemOf(response.status, parsed);
  }
  return parsed as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { detail: text.slice(0, 200) };
  }
}

export const api = {
  get: <T>(service: Service, path: string) => call<T>(service, "GET", path),
  post: <T>(service: Service, path: string, body?: unknown) => call<T>(service, "POST", path, body ?? {}),
  put: <T>(service: Service, path: string, body: unknown) => call<T>(service, "PUT", path, body),
  patch: <T>(service: Service, path: string, body: unknown) => call<T>(service, "PATCH", path, body),
  del: (service: Service, path: string) => call<void>(service, "DELETE", path),
};
