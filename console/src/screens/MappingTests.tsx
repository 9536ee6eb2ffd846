// A flow's stored mapping tests (mapper): samples with the output they must give, run on the
// current mapping (GET runs them), kept from a preview result, removed one by one. Every later
// save of the mapping must pass them (the save's 422 names the failing one).
import { useState } from "preact/hooks";
import { api, ApiError } from "../api";
import type { Loaded } from "../load";
import { tx } from "../texts/operations";
import { Status } from "../ui";

export interface MappingTestCase {
  name: string;
  input: Record<string, unknown>;
  expected: Record<string, unknown>;
  source_connector?: string | null;
  target_connector?: string | null;
}

interface CaseResult {
  name: string;
  passed: boolean;
  differences: { field: string; expected: unknown; actual: unknown }[];
  errors: { field: string | null; reason: string }[];
}

export interface MappingTestsOut {
  cases: MappingTestCase[];
  results: CaseResult[];
}

/** Replace the stored cases (the API stores the whole list at once). */
export function storeCases(testsPath: string, cases: MappingTestCase[]): Promise<MappingTestsOut> {
  return api.put<MappingTestsOut>("mapper", testsPath, { cases });
}

export function MappingTests({ flow, tests, testsPath }: { flow: string; tests: Loaded<MappingTestsOut>; testsPath: string }) {
  const [message, setMessage] = useState("");
  const remove = async (name: string) => {
    setMessage("");
    try {
      await storeCases(testsPath, (tests.data?.cases ?? []).filter((c) => c.name !== name));
      tests.reload();
    } catch (err) {
      setMessage(err instanceof ApiError ? err.detail || err.code : String(err));
    }
  };
  const titleId = `mapping-tests-${flow}`;
  return (
    <section class="mapping-tests" aria-labelledby={titleId}>
      <h4 id={titleId}>{tx("mappingTests.title")}</h4>
      <p class="help">{tx("mappingTests.intro")}</p>
      <Status loaded={tests} />
      <button type="button" onClick={tests.reload}>
        {tx("mappingTests.run")}
      </button>
      {message && (
        <p class="error" role="alert">
          {message}
        </p>
      )}
      {tests.data?.cases.length === 0 && <p>{tx("mappingTests.none")}</p>}
      <ul>
        {tests.data?.results.map((r) => (
          <li key={r.name} data-test-case={r.name} data-passed={r.passed ? "yes" : "no"}>
            <span class={r.passed ? "ok" : "error"}>{r.passed ? tx("mappingTests.passed") : tx("mappingTests.failed")}</span> <strong>{r.name}</strong>{" "}
            <button type="button" onClick={() => remove(r.name)} aria-label={`${tx("mappingTests.remove")}: ${r.name}`}>
              {tx("mappingTests.remove")}
            </button>
            {(r.differences.length > 0 || r.errors.length > 0) && (
              <ul>
                {r.differences.map((d) => (
                  <li>
                    {d.field}: {tx("mappingTests.expected")} <code>{JSON.stringify(d.expected)}</code>, {tx("mappingTests.actual")} <code>{JSON.stringify(d.actual)}</code>
                  </li>
                ))}
                {r.errors.map((e) => (
                  <li class="error">{`${e.field ?? ""} ${e.reason}`}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A preview result kept as a stored test: its input, and its output as what is expected. */
export function KeepAsTest({ id, input, output, onKeep }: { id: string; input: unknown; output: unknown; onKeep: (c: MappingTestCase) => Promise<void> }) {
  const [name, setName] = useState("");
  const [error, setError] = useState("");
  const keep = async (event: Event) => {
    event.preventDefault();
    setError("");
    if (!name.trim()) return setError(tx("mappingTests.name"));
    try {
      await onKeep({ name: name.trim(), input: input as Record<string, unknown>, expected: output as Record<string, unknown> });
      setName("");
    } catch (err) {
      setError(err instanceof ApiError ? `${err.field ? `${err.field}: ` : ""}${err.detail || err.code}` : String(err));
    }
  };
  return (
    <form class="keep-test" onSubmit={keep}>
      <label for={id}>{tx("mappingTests.name")}</label>{" "}
      <input id={id} value={name} aria-invalid={error ? "true" : undefined} onInput={(e) => setName((e.target as HTMLInputElement).value)} />{" "}
      <button type="submit">{tx("mappingTests.keep")}</button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
