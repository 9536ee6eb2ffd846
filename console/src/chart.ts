// Runs per hour by state and flow (GET /v1/runs/counts): pure reshaping for the dashboard.

export interface CountItem {
  bucket_start: string;
  flow: string;
  state: string;
  count: number;
}

export interface HourRow {
  hour: string;
  total: number;
  parts: { key: string; state: string; count: number }[];
}

/** One row per hour, oldest first, with a part per flow and state ("orders · done"). */
export function perHour(items: CountItem[]): HourRow[] {
  const rows = new Map<string, HourRow>();
  for (const item of items) {
    const row = rows.get(item.bucket_start) ?? { hour: item.bucket_start, total: 0, parts: [] };
    row.total += item.count;
    row.parts.push({ key: `${item.flow} · ${item.state}`, state: item.state, count: item.count });
    rows.set(item.bucket_start, row);
  }
  return [...rows.values()]
    .sort((a, b) => a.hour.localeCompare(b.hour))
    .map((row) => ({ ...row, parts: row.parts.sort((a, b) => a.key.localeCompare(b.key)) }));
}
