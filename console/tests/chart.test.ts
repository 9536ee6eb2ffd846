import { describe, expect, it } from "vitest";
import { perHour } from "../src/chart";

describe("perHour", () => {
  it("groups the counts by hour, oldest first, a part per flow and state", () => {
    const rows = perHour([
      { bucket_start: "2026-12-07T10:00:00Z", flow: "orders", state: "failed", count: 1 },
      { bucket_start: "2026-12-07T09:00:00Z", flow: "orders", state: "done", count: 4 },
      { bucket_start: "2026-12-07T10:00:00Z", flow: "orders", state: "done", count: 2 },
    ]);
    expect(rows.map((r) => [r.hour, r.total])).toEqual([
      ["2026-12-07T09:00:00Z", 4],
      ["2026-12-07T10:00:00Z", 3],
    ]);
    expect(rows[1].parts.map((p) => p.key)).toEqual(["orders · done", "orders · failed"]);
  });
});
