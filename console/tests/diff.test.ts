import { describe, expect, it } from "vitest";
import { lineDiff } from "../src/diff";

describe("lineDiff", () => {
  it("marks removed and added lines, keeping the common ones", () => {
    expect(lineDiff("a\nb\nc", "a\nx\nc\nd")).toEqual([
      { kind: "same", text: "a" },
      { kind: "del", text: "b" },
      { kind: "add", text: "x" },
      { kind: "same", text: "c" },
      { kind: "add", text: "d" },
    ]);
  });
  it("is all the same for equal texts", () => {
    expect(lineDiff("x\ny", "x\ny").every((l) => l.kind === "same")).toBe(true);
  });
});
