import { describe, expect, it } from "vitest";
import { collect, errorsAtFields, fieldsOf, type JsonSchema } from "../src/forms/schema";

const MESSAGES = { required: "required", number: "number", json: "json" };

// As pydantic writes them: the Shopify credentials and part of the order flow's settings.
const credentials: JsonSchema = {
  type: "object",
  required: ["shop_domain", "access_token"],
  properties: {
    shop_domain: { type: "string", title: "Shop Domain", pattern: "^x$" },
    access_token: { type: "string", format: "password", writeOnly: true, title: "Access Token" },
    api_version: { type: "string", default: "2025-01" },
    base_url: { anyOf: [{ type: "string" }, { type: "null" }], default: null },
  },
};
const settings: JsonSchema = {
  type: "object",
  properties: {
    employee_number: { type: "integer", default: 999999, minimum: 1 },
    missing_products: { type: "string", enum: ["fail", "wait"], default: "fail" },
    sync_status_back: { type: "boolean", default: false },
    not_booked: { type: "array", items: { $ref: "#/$defs/State" }, default: ["voided"] },
    invoices: { $ref: "#/$defs/Invoices" },
  },
  $defs: {
    State: { type: "string", enum: ["voided", "cancelled", "refunded"] },
    Invoices: { type: "string", enum: ["as_order", "skip"], default: "as_order" },
  },
};

describe("fieldsOf", () => {
  it("reads kinds, required, nullable and defaults", () => {
    const fields = fieldsOf(credentials);
    expect(fields.map((f) => [f.name, f.kind, f.required, f.nullable, f.initial])).toEqual([
      ["shop_domain", "text", true, false, ""],
      ["access_token", "password", true, false, ""],
      ["api_version", "text", false, false, "2025-01"],
      ["base_url", "text", false, true, ""],
    ]);
  });

  it("resolves $defs, enums and arrays of enums; saved values win over defaults", () => {
    const fields = fieldsOf(settings, { employee_number: 123 });
    const byName = Object.fromEntries(fields.map((f) => [f.name, f]));
    expect(byName.employee_number.kind).toBe("integer");
    expect(byName.employee_number.initial).toBe("123");
    expect(byName.missing_products.options).toEqual(["fail", "wait"]);
    expect(byName.not_booked.kind).toBe("choices");
    expect(byName.not_booked.options).toEqual(["voided", "cancelled", "refunded"]);
    expect(byName.not_booked.initial).toEqual(["voided"]);
    expect(byName.invoices.kind).toBe("choice");
    expect(byName.invoices.initial).toBe("as_order");
    expect(byName.sync_status_back.initial).toBe(false);
  });
});

describe("collect", () => {
  it("types the values and leaves empty optional fields out (null where nullable)", () => {
    const fields = fieldsOf(settings);
    const { values, errors } = collect(fields, { employee_number: " 123 ", sync_status_back: true }, MESSAGES);
    expect(errors).toEqual({});
    expect(values).toEqual({
      employee_number: 123,
      missing_products: "fail",
      sync_status_back: true,
      not_booked: ["voided"],
      invoices: "as_order",
    });
    expect(collect(fieldsOf(credentials), { shop_domain: "a", access_token: "b" }, MESSAGES).values).toEqual({
      shop_domain: "a",
      access_token: "b",
      api_version: "2025-01",
      base_url: null,
    });
  });

  it("names the field that is missing or no number", () => {
    expect(collect(fieldsOf(credentials), {}, MESSAGES).errors).toEqual({
      shop_domain: "required",
      access_token: "required",
    });
    expect(collect(fieldsOf(settings), { employee_number: "12.5" }, MESSAGES).errors).toEqual({
      employee_number: "number",
    });
  });
});

describe("errorsAtFields", () => {
  it("puts the API's reasons at the form's field and the rest at the form", () => {
    const fields = fieldsOf(settings);
    const at = errorsAtFields(
      { "settings.employee_number": "must be at least 1", "settings.not_booked.0": "bad state", direction: "no" },
      "settings",
      fields,
    );
    expect(at).toEqual({ employee_number: "must be at least 1", not_booked: "bad state", "": "no" });
  });
});

describe("changed", () => {
  it("gives only the fields filled in, so the others keep their stored values", async () => {
    const { changed } = await import("../src/forms/schema");
    const fields = fieldsOf(credentials);
    expect(changed(fields, { access_token: "new", shop_domain: "" }, MESSAGES)).toEqual({
      values: { access_token: "new" },
      errors: {},
    });
  });
});
