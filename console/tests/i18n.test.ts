import { describe, expect, it } from "vitest";
import { initialLang, TEXTS } from "../src/i18n";
import { parseRoute } from "../src/route";

describe("texts", () => {
  it("has every key in Dutch and English, none empty", () => {
    expect(Object.keys(TEXTS.nl).sort()).toEqual(Object.keys(TEXTS.en).sort());
    for (const lang of ["nl", "en"] as const) {
      for (const [key, text] of Object.entries(TEXTS[lang])) expect(text, `${lang} ${key}`).not.toBe("");
    }
  });
  it("speaks Dutch unless told or the browser is English", () => {
    expect(initialLang(null, "nl-NL")).toBe("nl");
    expect(initialLang(null, "en-GB")).toBe("en");
    expect(initialLang("nl", "en-GB")).toBe("nl");
    expect(initialLang(null, undefined)).toBe("nl");
  });
});

describe("routes", () => {
  it("parses every screen's hash", () => {
    expect(parseRoute("")).toEqual({ screen: "dashboard" });
    expect(parseRoute("#/integrations/abc")).toEqual({ screen: "integration", id: "abc" });
    expect(parseRoute("#/runs/r1")).toEqual({ screen: "run", id: "r1" });
    expect(parseRoute("#/activity")).toEqual({ screen: "activity" });
    expect(parseRoute("#/nonsense")).toEqual({ screen: "dashboard" });
    expect(parseRoute("#/alerts")).toEqual({ screen: "alerts" });
    expect(parseRoute("#/dead-letters")).toEqual({ screen: "dead-letters" });
  });
});
