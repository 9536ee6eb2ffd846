import { describe, expect, it } from "vitest";
import { parseRoute } from "../src/route";
import { OPERATIONS_TEXTS } from "../src/texts/operations";
import { TEXTS } from "../src/i18n";

describe("operations texts", () => {
  it("has every key in Dutch and English, none empty, none shadowing a main text", () => {
    expect(Object.keys(OPERATIONS_TEXTS.nl).sort()).toEqual(Object.keys(OPERATIONS_TEXTS.en).sort());
    for (const lang of ["nl", "en"] as const) {
      for (const [key, text] of Object.entries(OPERATIONS_TEXTS[lang])) {
        expect(text, `${lang} ${key}`).not.toBe("");
        expect(key in TEXTS[lang], `${key} is also in i18n.ts`).toBe(false);
      }
    }
  });
});

describe("operations routes", () => {
  it("parses the channels and dead-letters screens", () => {
    expect(parseRoute("#/channels")).toEqual({ screen: "channels" });
    expect(parseRoute("#/dead-letters")).toEqual({ screen: "dead-letters" });
  });
});
