import { useState } from "preact/hooks";
import { api, ApiError, session } from "../api";
import { t } from "../i18n";

export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [token, setToken] = useState("");
  const [error, setError] = useState("");
  const submit = async (event: Event) => {
    event.preventDefault();
    session.signIn(token);
    try {
      await api.get("gateway", "/v1/connectors"); // any authenticated read proves the token
      onSignedIn();
    } catch (err) {
      session.signOut();
      setError(err instanceof ApiError ? `${t("signIn.failed")} (${err.detail || err.code})` : String(err));
    }
  };
  return (
    <main id="main" class="sign-in">
      <h1>{t("signIn.title")}</h1>
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
    </main>
  );
}
