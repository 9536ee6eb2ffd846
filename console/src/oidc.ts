// Sign-in at the deployment's OIDC issuer: authorization code + PKCE (S256), a public client
// (no secret in the browser). The issuer and client come from /config.json, read at start, so
// one build serves every deployment (docs/operations/console.md lists the keys).

export interface OidcConfig {
  issuer: string;
  client_id: string;
  scope: string;
  audience: string; // extra `audience` parameter some issuers need for an API token; "" = none
  provider_name: string; // shown on the button; "" = none
}

export interface ConsoleConfig {
  oidc: OidcConfig | null; // null: development tokens only
}

/** config.json → ConsoleConfig; a malformed file is an error naming the key (never guessed). */
export function parseConfig(raw: unknown): ConsoleConfig {
  const root = (raw ?? {}) as Record<string, unknown>;
  if (typeof root !== "object" || Array.isArray(root)) throw new Error("config.json must be an object");
  if (root.oidc === undefined || root.oidc === null) return { oidc: null };
  const oidc = root.oidc as Record<string, unknown>;
  const text = (key: string, fallback?: string): string => {
    const value = oidc[key] ?? fallback;
    if (typeof value !== "string" || (fallback === undefined && !value.trim())) {
      throw new Error(`config.json: oidc.${key} must be a ${fallback === undefined ? "non-empty " : ""}string`);
    }
    return value.trim();
  };
  const issuer = text("issuer");
  if (!/^https?:\/\//.test(issuer)) throw new Error("config.json: oidc.issuer must be an http(s) URL");
  return {
    oidc: {
      issuer,
      client_id: text("client_id"),
      scope: text("scope", "openid"),
      audience: text("audience", ""),
      provider_name: text("provider_name", ""),
    },
  };
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch("/config.json", { cache: "no-store" });
  if (response.status === 404) return { oidc: null };
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  return parseConfig(await response.json());
}

export function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** 32 random bytes: a 43-character verifier (RFC 7636 allows 43–128). */
export function newVerifier(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

export async function challengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

export interface Endpoints {
  authorization_endpoint: string;
  token_endpoint: string;
}

export async function discover(issuer: string): Promise<Endpoints> {
  const response = await fetch(`${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`${issuer}: discovery answered HTTP ${response.status}`);
  const doc = (await response.json()) as Partial<Endpoints>;
  if (typeof doc.authorization_endpoint !== "string" || typeof doc.token_endpoint !== "string") {
    throw new Error(`${issuer}: discovery names no authorization or token endpoint`);
  }
  return { authorization_endpoint: doc.authorization_endpoint, token_endpoint: doc.token_endpoint };
}

export interface Request {
  client_id: string;
  redirect_uri: string;
  scope: string;
  audience: string;
  state: string;
  challenge: string;
}

export function authorizeUrl(endpoint: string, r: Request): string {
  const url = new URL(endpoint);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", r.client_id);
  url.searchParams.set("redirect_uri", r.redirect_uri);
  url.searchParams.set("scope", r.scope);
  url.searchParams.set("state", r.state);
  url.searchParams.set("code_challenge", r.challenge);
  url.searchParams.set("code_challenge_method", "S256");
  if (r.audience) url.searchParams.set("audience", r.audience);
  return url.toString();
}

export type Callback = { code: string; state: string } | { error: string } | null;

/** The issuer's answer in the query the browser came back with (null: not a callback). */
export function callbackOf(search: string): Callback {
  const params = new URLSearchParams(search);
  const error = params.get("error");
  if (error) return { error: params.get("error_description") || error };
  const code = params.get("code");
  const state = params.get("state");
  return code && state ? { code, state } : null;
}

/** What must survive the round trip to the issuer (this tab only). */
interface Pending {
  state: string;
  verifier: string;
  redirect_uri: string;
  client_id: string;
  token_endpoint: string;
}

const PENDING_KEY = "syncyard.oidc";

export async function startSignIn(oidc: OidcConfig): Promise<void> {
  const endpoints = await discover(oidc.issuer);
  const pending: Pending = {
    state: newVerifier(),
    verifier: newVerifier(),
    redirect_uri: `${location.origin}${location.pathname}`,
    client_id: oidc.client_id,
    token_endpoint: endpoints.token_endpoint,
  };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  location.assign(
    authorizeUrl(endpoints.authorization_endpoint, {
      ...pending,
      scope: oidc.scope,
      audience: oidc.audience,
      challenge: await challengeOf(pending.verifier),
    }),
  );
}

/** Redeem the code for an access token; the state must be the one this tab sent. */
export async function finishSignIn(callback: { code: string; state: string }): Promise<string> {
  const stored = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY); // a code and its verifier are good once
  const pending = stored ? (JSON.parse(stored) as Pending) : null;
  if (!pending || pending.state !== callback.state) {
    throw new Error("The sign-in answer does not belong to this tab's request (state differs).");
  }
  const response = await fetch(pending.token_endpoint, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code: callback.code,
      redirect_uri: pending.redirect_uri,
      client_id: pending.client_id,
      code_verifier: pending.verifier,
    }),
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok || typeof body.access_token !== "string") {
    const reason = body.error_description ?? body.error ?? `HTTP ${response.status}`;
    throw new Error(`The token endpoint refused the code: ${String(reason)}`);
  }
  return body.access_token;
}
