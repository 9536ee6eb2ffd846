// Hash routes: the console is static files, so every screen is #/<name>[/<id>].

export type Route =
  | { screen: "dashboard" }
  | { screen: "connections" }
  | { screen: "integrations" }
  | { screen: "integration"; id: string }
  | { screen: "activity" }
  | { screen: "run"; id: string }
  | { screen: "alerts" }
  | { screen: "channels" }
  | { screen: "dead-letters" };

export function parseRoute(hash: string): Route {
  const [name, id] = hash.replace(/^#\/?/, "").split("/");
  switch (name) {
    case "connections":
      return { screen: "connections" };
    case "integrations":
      return id ? { screen: "integration", id } : { screen: "integrations" };
    case "activity":
      return { screen: "activity" };
    case "alerts":
      return { screen: "alerts" };
    case "channels":
      return { screen: "channels" };
    case "dead-letters":
      return { screen: "dead-letters" };
    case "runs":
      return id ? { screen: "run", id } : { screen: "activity" };
    default:
      return { screen: "dashboard" };
  }
}
