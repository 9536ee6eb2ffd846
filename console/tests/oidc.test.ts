import { describe, expect, it } from "vitest";
import { authorizeUrl, base64url, callbackOf, challengeOf, newVerifier, parseConfig } from "../src/oidc";

describe("PKCE", () => {
  it("derives the S256 challenge of RFC 7636's example verifier", async () => {
    expect(await challengeOf("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe(
      "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    );
  });
  it("makes fresh 43-character url-safe verifiers", () => {
    const a = newVerifier();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newVerifier()).not.toBe(a);
    expect(base64url(new Uint8Array([251, 255]))).toBe("-_8");
  });
});

describe("authorizeUrl", () => {
  it("asks for a code with the S256 challenge, keeping the endpoint's own query", () => {
    const url = new URL(
      authorizeUrl("https://id.example/auth?kc_idp_hint=x", {
        client_id: "console", redirect_uri: "https://sync.example/", scope: "openid",
        audience: "", state: "s1", challenge: "c1",
      }),
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      kc_idp_hint: "x", response_type: "code", client_id: "console",
      redirect_uri: "https://sync.example/", scope: "openid", state: "s1",
      code_challenge: "c1", code_challenge_method: "S256",
    });
  });
});

describe("callbackOf", () => {
  it("reads the code and state, the issuer's refusal, or nothing", () => {
    expect(callbackOf("?code=abc&state=s1")).toEqual({ code: "abc", state: "s1" });
    expect(callbackOf("?error=access_denied&error_description=No+access")).toEqual({ error: "No access" });
    expect(callbackOf("")).toBeNull();
    expect(callbackOf("?code=abc")).toBeNull();
  });
});

describe("parseConfig", () => {
  it("means development tokens only without an oidc block", () => {
    expect(parseConfig({ oidc: null })).toEqual({ oidc: null });
    expect(parseConfig({})).toEqual({ oidc: null });
  });
  it("fills the defaults of an issuer and client", () => {
    expect(parseConfig({ oidc: { issuer: "https://id.example/realms/shop", client_id: "console" } })).toEqual({
      oidc: { issuer: "https://id.example/realms/shop", client_id: "console", scope: "openid", audience: "", provider_name: "" },
    });
  });
  it("names the key that is wrong", () => {
    expect(() => parseConfig({ oidc: { issuer: "https://id.example" } })).toThrow("oidc.client_id");
    expect(() => parseConfig({ oidc: { issuer: "id.example", client_id: "c" } })).toThrow("oidc.issuer");
    expect(() => parseConfig({ oidc: { issuer: "https://id.example", client_id: "c", scope: 3 } })).toThrow("oidc.scope");
    expect(() => parseConfig([])).toThrow("object");
  });
});
