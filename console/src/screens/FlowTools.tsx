// A flow's dry run (what a run would do with sample records, nothing written) and its
// initial sync with a progress bar and ETA.
import { useEffect, useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { t } from "../i18n";
import { Badge } from "../ui";

interface Trial {
  direction: string;
  mapped: unknown;
  decision: { action: string; reason: string | null; code: string | null; fields: string[] };
  errors: { field: string | null; reason: string }[];
}

interface SyncJob {
  id: string;
  state: string;
  total: number;
  total_is_final: boolean;
  done: number;
  skipped: number;
  failed: number;
  eta_seconds: number | null;
}

export function DryRun({ integrationId, flow }: { integrationId: string; flow: string }) {
  const [trials, setTrials] = useState<Trial[] | null>(null);
  const [error, setError] = useState("");
  const run = async () => {
    setError("");
    try {
      const answer = await api.post<{ records: Trial[] }>("orchestrator", `/v1/integrations/${integrationId}/flows/${flow}/dry-run`, { limit: 5 });
      setTrials(answer.records);
    } catch (err) {
      setError(err instanceof ApiError ? err.detail : String(err));
    }
  };
  return (
    <div class="tool">
      <button type="button" onClick={run}>
        {t("flows.dryRun")}
      </button>
      {error && <p class="error" role="alert">{error}</p>}
      {trials && trials.length === 0 && <p>{t("common.none")}</p>}
      {trials && (
        <ul aria-live="polite">
          {trials.map((trial) => (
            <li>
              <Badge value={trial.decision.action} /> {trial.decision.reason ?? trial.decision.fields.join(", ")}
              {trial.errors.map((e) => (
                <p class="error">
                  {e.field ? `${e.field}: ` : ""}
                  {e.reason}
                </p>
              ))}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function etaText(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return "–";
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  if (seconds < 3600) return `${Math.ceil(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

export function InitialSync({ integrationId, flow }: { integrationId: string; flow: string }) {
  const [job, setJob] = useState<SyncJob | null>(null);
  const [error, setError] = useState("");
  const base = `/v1/integrations/${integrationId}/sync-jobs`;
  useEffect(() => {
    if (!job || job.state !== "running") return;
    // Progress is read again every two seconds while the sync runs.
    const timer = setTimeout(async () => setJob(await api.get<SyncJob>("orchestrator", `${base}/${job.id}`)), 2000);
    return () => clearTimeout(timer);
  }, [job]);
  const start = async () => {
    setError("");
    try {
      const started = await api.post<SyncJob>("orchestrator", `/v1/integrations/${integrationId}/flows/${flow}/initial-sync`);
      setJob(await api.get<SyncJob>("orchestrator", `${base}/${started.id}`));
    } catch (err) {
      setError(err instanceof ApiError ? err.detail : String(err));
    }
  };
  const finished = job ? job.done + job.skipped + job.failed : 0;
  return (
    <div class="tool">
      <button type="button" onClick={start}>
        {t("flows.initialSync")}
      </button>
      {error && <p class="error" role="alert">{error}</p>}
      {job && (
        <div aria-live="polite">
          <label for={`progress-${flow}`}>
            {t("flows.progress")}: {finished} / {job.total}
            {job.total_is_final ? "" : "+"} · ETA {etaText(job.eta_seconds)} · <Badge value={job.state} />
          </label>
          <progress id={`progress-${flow}`} max={Math.max(job.total, 1)} value={finished} />
        </div>
      )}
    </div>
  );
}
