// A flow's mapping: edit the overlay with a preview on real samples from the source
// connection, the stored versions with the diff against the previous one, and rollback.
// The stored mapping tests run on every save (a broken one is the save's 422); a preview
// result can be kept as one (MappingTests.tsx).
import { useState } from "preact/hooks";
import { api, ApiError, query } from "../api";
import { lineDiff } from "../diff";
import { t } from "../i18n";
import { useLoad } from "../load";
import type { Integration } from "../types";
import { tx } from "../texts/operations";
import { Status } from "../ui";
import { KeepAsTest, MappingTests, storeCases, type MappingTestCase, type MappingTestsOut } from "./MappingTests";

interface MappingOut {
  version: number;
  is_default: boolean;
  document: unknown;
}

interface Preview {
  results: { input: unknown; output: unknown; errors: { field: string | null; reason: string }[] }[];
}

export function MappingEditor({ integration, flow }: { integration: Integration; flow: string }) {
  const pair = query({ source_connector: integration.source_connector, target_connector: integration.target_connector });
  const base = `/v1/integrations/${integration.id}/mappings/${flow}`;
  const current = useLoad(() => api.get<MappingOut>("mapper", `${base}${pair}`), [base]);
  const versions = useLoad(() => api.get<{ version: number }[]>("mapper", `${base}/versions`), [base]);
  const testsPath = `${base}/tests${pair}`;
  const tests = useLoad(() => api.get<MappingTestsOut>("mapper", testsPath), [testsPath]);
  const keep = async (kept: MappingTestCase) => {
    await storeCases(testsPath, [...(tests.data?.cases ?? []), kept]);
    setMessage(tx("mappingTests.saved"));
    tests.reload();
  };
  const [draft, setDraft] = useState<string | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [diff, setDiff] = useState<{ version: number; text: string } | null>(null);
  const [message, setMessage] = useState("");
  const text = draft ?? (current.data ? JSON.stringify(current.data.document, null, 2) : "");
  const parsed = (): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      setMessage(t("form.json"));
      return undefined;
    }
  };
  const explain = (err: unknown) => setMessage(err instanceof ApiError ? `${err.field ? `${err.field}: ` : ""}${err.detail}` : String(err));
  const runPreview = async () => {
    setMessage("");
    const document = parsed();
    if (document === undefined) return;
    try {
      setPreview(await api.post<Preview>("mapper", `${base}/preview${pair}`, { document, source: { connection_id: integration.source_connection_id, limit: 3 } }));
    } catch (err) {
      explain(err);
    }
  };
  const save = async () => {
    setMessage("");
    const document = parsed();
    if (document === undefined) return;
    try {
      await api.put("mapper", `${base}${pair}`, document);
      setDraft(null);
      setMessage(t("form.saved"));
      current.reload();
      versions.reload();
    } catch (err) {
      explain(err);
    }
  };
  const showDiff = async (version: number) => {
    const get = (v: number) => api.get<MappingOut>("mapper", `${base}/versions/${v}${pair}`);
    const [before, after] = await Promise.all([get(version - 1), get(version)]);
    setDiff({
      version,
      text: lineDiff(JSON.stringify(before.document, null, 2), JSON.stringify(after.document, null, 2))
        .filter((l) => l.kind !== "same")
        .map((l) => `${l.kind === "add" ? "+" : "-"} ${l.text}`)
        .join("\n"),
    });
  };
  const rollback = async (version: number) => {
    try {
      await api.post("mapper", `${base}/rollback${pair}`, { version });
      setDraft(null);
      current.reload();
      versions.reload();
    } catch (err) {
      explain(err);
    }
  };
  const id = `mapping-${flow}`;
  return (
    <div class="tool mapping">
      <Status loaded={current} />
      <label for={id}>
        {t("mapping.document")} ({t("mapping.version")} {current.data?.version ?? "…"})
      </label>
      <textarea id={id} rows={10} value={text} onInput={(e) => setDraft((e.target as HTMLTextAreaElement).value)} />
      <div>
        <button type="button" onClick={runPreview}>
          {t("mapping.preview")}
        </button>{" "}
        <button type="button" onClick={save}>
          {t("form.save")}
        </button>
      </div>
      {message && <p role="status">{message}</p>}
      {preview && (
        <ol aria-label={t("mapping.preview")}>
          {preview.results.map((r, i) => (
            <li>
              {r.errors.length ? (
                r.errors.map((e) => <p class="error">{`${e.field ?? ""} ${e.reason}`}</p>)
              ) : (
                <>
                  <pre tabIndex={0}>{JSON.stringify(r.output, null, 2)}</pre>
                  <KeepAsTest id={`${id}-keep-${i}`} input={r.input} output={r.output} onKeep={keep} />
                </>
              )}
            </li>
          ))}
        </ol>
      )}
      <h4>{t("mapping.versions")}</h4>
      <ul>
        {versions.data?.map((v) => (
          <li>
            {t("mapping.version")} {v.version}{" "}
            <button type="button" onClick={() => showDiff(v.version)}>
              {t("mapping.diff")} {v.version}
            </button>{" "}
            <button type="button" onClick={() => rollback(v.version)}>
              {t("mapping.rollback")} {v.version}
            </button>
          </li>
        ))}
      </ul>
      {diff && <pre tabIndex={0} aria-label={`${t("mapping.diff")} ${diff.version}`}>{diff.text || "="}</pre>}
      <MappingTests flow={flow} tests={tests} testsPath={testsPath} />
    </div>
  );
}
