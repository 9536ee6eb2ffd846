import { useEffect, useState } from "preact/hooks";
import { api, ApiError, session } from "../api";
import { t } from "../i18n";
import { callbackOf, finishSignIn, loadConfig, startSignIn, type ConsoleConfig } from "../oidc";

/** Keep the token only if the APIs accept it (any authenticated read proves it). */
async function acceptToken(token: string): Promise<void> {
  session.signIn(token);
  try {
    await api.get("gateway", "/v1/connectors");
  } catch (err) {
    session.signOut();
    throw err;
  }
}

function message(err: unknown, failed: string): string {
  if (err instanceof ApiError) return `${failed} (${err.detail || err.code})`;
  return `${failed}: ${err instanceof Error ? err.message : String(err)}`;
}

export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [token, setToken] = useState("");
  const [error, setError] = useState("");
  const [config, setConfig] = useState<ConsoleConfig | null>(null);
  const [oidcError, setOidcError] = useState("");
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    loadConfig().then(setConfig, (err) => setOidcError(message(err, t("signIn.configFailed"))));
    const callback = callbackOf(location.search);
    if (!callback) return;
    // The issuer's code (or refusal) must not stay in the address bar or the history.
    history.replaceState(null, "", `${location.pathname}${location.hash}`);
    if ("error" in callback) {
      setOidcError(`${t("signIn.oidcFailed")}: ${callback.error}`);
      return;
    }
    setBusy(true);
    finishSignIn(callback)
      .then(acceptToken)
      .then(onSignedIn, (err) => (setBusy(false), setOidcError(message(err, t("signIn.oidcFailed")))));
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      await acceptToken(token);
      onSignedIn();
    } catch (err) {
      setError(message(err, t("signIn.failed")));
    }
  };
  const oidc = config?.oidc;
  const redirect = async () => {
    if (!oidc) return;
    setBusy(true);
    try {
      await startSignIn(oidc);
    } catch (err) {
      setBusy(false);
      setOidcError(message(err, t("signIn.oidcFailed")));
    }
  };
  return (
    <main id="main" class="sign-in">
      <h1>{t("signIn.title")}</h1>
      {(oidc || oidcError || busy) && (
        <section aria-labelledby="oidc-title">
          <h2 id="oidc-title">{t("signIn.oidcTitle")}</h2>
          {oidc && (
            <button type="button" id="oidc-sign-in" disabled={busy} aria-busy={busy} onClick={redirect}>
              {oidc.provider_name ? `${t("signIn.oidcSubmit")} (${oidc.provider_name})` : t("signIn.oidcSubmit")}
            </button>
          )}
          {busy && <p role="status">{t("signIn.oidcBusy")}</p>}
          {oidcError && (
            <p class="error" role="alert">
              {oidcError}
            </p>
          )}
        </section>
      )}
      <section aria-labelledby="token-title">
        <h2 id="token-title">{t("signIn.tokenTitle")}</h2>
        <p>{t("signIn.intro")}</p>
        <form onSubmit={submit}>
          <div class="field">
            <label for="token">{t("signIn.token")}</label>
            <textarea
              id="token"
              name="token"
              rows={4}
              required
              aria-invalid={error ? "true" : undefined}
              aria-describedby={error ? "token-error" : undefined}
              value={token}
              onInput={(e) => setToken((e.target as HTMLTextAreaElement).value)}
            />
            {error && (
              <p id="token-error" class="error" role="alert">
                {error}
              </p>
            )}
          </div>
          <button type="submit">{t("signIn.submit")}</button>
        </form>
      </section>
    </main>
  );
}
