import { describe, expect, it } from "vitest";
import { apiPath, problemOf, query } from "../src/api";

describe("problemOf", () => {
  it("reads code, detail and every field of a validation problem", () => {
    const error = problemOf(422, {
      code: "validation_failed",
      detail: "settings.employee_number: too small",
      field: "settings.employee_number",
      errors: [
        { field: "settings.employee_number", reason: "too small" },
        { field: "name", reason: "required" },
      ],
    });
    expect(error.code).toBe("validation_failed");
    expect(error.byField()).toEqual({ "settings.employee_number": "too small", name: "required" });
  });

  it("keeps a service error's single field and survives a body that is no problem", () => {
    const error = problemOf(422, { code: "invalid_credentials", detail: "not a shop", field: "credentials.shop_domain" });
    expect(error.byField()).toEqual({ "credentials.shop_domain": "not a shop" });
    expect(problemOf(502, undefined).code).toBe("http_502");
  });
});

describe("paths", () => {
  it("routes each service under its front-door prefix", () => {
    expect(apiPath("orchestrator", "/v1/runs")).toBe("/api/orchestrator/v1/runs");
  });
  it("leaves empty filters out of the query", () => {
    expect(query({ state: "failed", flow: "", entity_ref: undefined, limit: 50 })).toBe("?state=failed&limit=50");
    expect(query({ state: "" })).toBe("");
  });
});

describe("etaText", () => {
  it("says seconds, minutes or hours", async () => {
    const { etaText } = await import("../src/screens/FlowTools");
    expect(etaText(null)).toBe("–");
    expect(etaText(12.2)).toBe("13 s");
    expect(etaText(300)).toBe("5 min");
    expect(etaText(5400)).toBe("1.5 h");
  });
});
