import { useEffect, useState } from "preact/hooks";
import { session } from "./api";
import { lang, setLang, t, type Key, type Lang } from "./i18n";
import { parseRoute, type Route } from "./route";
import { Activity, RunDetail } from "./screens/Activity";
import { Alerts } from "./screens/Alerts";
import { Channels } from "./screens/Channels";
import { Connections } from "./screens/Connections";
import { Dashboard } from "./screens/Dashboard";
import { DeadLetters } from "./screens/DeadLetters";
import { IntegrationDetail, Integrations } from "./screens/Integrations";
import { SignIn } from "./screens/SignIn";
import { tx } from "./texts/operations";

const label = (key: Key) => () => t(key);

const NAV: [string, () => string, Route["screen"][]][] = [
  ["#/dashboard", label("nav.dashboard"), ["dashboard"]],
  ["#/connections", label("nav.connections"), ["connections"]],
  ["#/integrations", label("nav.integrations"), ["integrations", "integration"]],
  ["#/activity", label("nav.activity"), ["activity", "run"]],
  ["#/alerts", label("nav.alerts"), ["alerts"]],
  ["#/channels", () => tx("nav.channels"), ["channels"]],
  ["#/dead-letters", label("nav.deadLetters"), ["dead-letters"]],
];

function screenOf(route: Route) {
  switch (route.screen) {
    case "connections":
      return <Connections />;
    case "integrations":
      return <Integrations />;
    case "integration":
      return <IntegrationDetail id={route.id} />;
    case "activity":
      return <Activity />;
    case "run":
      return <RunDetail id={route.id} />;
    case "alerts":
      return <Alerts />;
    case "channels":
      return <Channels />;
    case "dead-letters":
      return <DeadLetters />;
    default:
      return <Dashboard />;
  }
}

export function App() {
  const [route, setRoute] = useState<Route>(parseRoute(location.hash));
  const [signedIn, setSignedIn] = useState(session.token() !== null);
  const [current, setCurrent] = useState<Lang>(lang());
  useEffect(() => {
    const onHash = () => setRoute(parseRoute(location.hash));
    const onSignedOut = () => setSignedIn(false);
    window.addEventListener("hashchange", onHash);
    window.addEventListener("syncyard:signed-out", onSignedOut);
    return () => {
      window.removeEventListener("hashchange", onHash);
      window.removeEventListener("syncyard:signed-out", onSignedOut);
    };
  }, []);
  useEffect(() => {
    // Keyboard and screen-reader users land on the new screen's heading.
    document.getElementById("screen-title")?.focus();
    document.title = `Syncyard · ${(NAV.find(([, , s]) => s.includes(route.screen))?.[1] ?? label("nav.dashboard"))()}`;
  }, [route, current]);
  const switchLang = (next: Lang) => (setLang(next), setCurrent(next));
  const languages = (
    <div class="lang" role="group" aria-label={t("app.language")}>
      {(["nl", "en"] as Lang[]).map((l) => (
        <button type="button" aria-pressed={current === l} onClick={() => switchLang(l)} lang={l}>
          {l.toUpperCase()}
        </button>
      ))}
    </div>
  );
  if (!signedIn) {
    return (
      <div class="app" key={current}>
        <header class="top">
          <span class="brand">{t("app.title")}</span>
          {languages}
        </header>
        <SignIn onSignedIn={() => setSignedIn(true)} />
      </div>
    );
  }
  return (
    <div class="app" key={current}>
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById("screen-title")?.focus())}>
        {t("app.skip")}
      </a>
      <header class="top">
        <span class="brand">{t("app.title")}</span>
        <nav aria-label={t("nav.label")}>
          <ul>
            {NAV.map(([href, text, screens]) => (
              <li>
                <a href={href} aria-current={screens.includes(route.screen) ? "page" : undefined}>
                  {text()}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {languages}
        <button type="button" onClick={() => (session.signOut(), setSignedIn(false))}>
          {t("app.signOut")}
        </button>
      </header>
      <main id="main">{screenOf(route)}</main>
    </div>
  );
}
