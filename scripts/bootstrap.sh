#!/usr/bin/env bash
# Installs what Syncyard needs on a fresh Debian 12 machine; quick no-op when all is in place.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_BIN=/usr/lib/postgresql/15/bin
RABBITMQ_BIN=/usr/lib/rabbitmq/bin
VENV=.venv
UV_VERSION=0.13.9

say() { printf 'bootstrap: %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# --- OS packages ---------------------------------------------------------------------------
missing=()
[ -x "$RABBITMQ_BIN/rabbitmq-server" ] || missing+=(rabbitmq-server)
[ -x "$PG_BIN/postgres" ] || missing+=(postgresql-15)
# promtool (in the prometheus package) checks and unit-tests the alert rules in deploy/.
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
# The front door (`make up`, the browser tests) and the browser the console is tested in.
[ -x /usr/sbin/nginx ] || missing+=(nginx)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing ${missing[*]}"
  # Keep the packages' own system services from starting: we run private nodes instead.
  policy=/usr/sbin/policy-rc.d
  had_policy=0
  [ -e "$policy" ] && had_policy=1
  if [ "$had_policy" -eq 0 ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
    as_root chmod +x "$policy"
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    "${missing[@]}"
  [ "$had_policy" -eq 1 ] || as_root rm -f "$policy"
  # Should a service have started anyway, stop it so ports 5432/5672 stay free.
  as_root service rabbitmq-server stop >/dev/null 2>&1 || true
  as_root pg_ctlcluster 15 main stop >/dev/null 2>&1 || true
  as_root service prometheus stop >/dev/null 2>&1 || true
  as_root service nginx stop >/dev/null 2>&1 || true
fi

# --- The console (console/: TypeScript, Vite) ------------------------------------------------
# npm ci whenever the lock file is newer than what node_modules was installed from.
if ! command -v npm >/dev/null 2>&1; then
  say "Node.js 20.19+ with npm is needed for the console (https://nodejs.org)"; exit 1
fi
if [ ! -f console/node_modules/.package-lock.json ] \
  || [ console/package-lock.json -nt console/node_modules/.package-lock.json ]; then
  say "npm ci in console/"
  (cd console && npm ci --no-audit --no-fund --loglevel=error)
fi

# --- Python environment --------------------------------------------------------------------
if [ ! -x "$VENV/bin/python" ]; then
  say "creating $VENV"
  python3 -m venv "$VENV"
fi
if ! "$VENV/bin/uv" --version 2>/dev/null | grep -q "^uv $UV_VERSION\b"; then
  say "installing uv $UV_VERSION"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check "uv==$UV_VERSION"
fi

# Every installable project of the repo, found by glob so new services are picked up.
projects=(libs/common)
for pyproject in services/*/pyproject.toml simulators/*/pyproject.toml; do
  [ -f "$pyproject" ] && projects+=("$(dirname "$pyproject")")
done

stamp="$VENV/.syncyard-bootstrap"
fingerprint="$(
  {
    python3 --version
    cat requirements-dev.txt
    for project in "${projects[@]}"; do
      echo "$project"
      cat "$project/pyproject.toml"
    done
  } | sha256sum | cut -d' ' -f1
)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$fingerprint" ]; then
  say "python packages up to date"
  exit 0
fi

say "installing requirements-dev.txt and ${#projects[@]} projects: ${projects[*]}"
editable=()
for project in "${projects[@]}"; do
  editable+=(-e "$project")
done
"$VENV/bin/uv" pip install --quiet --python "$VENV/bin/python" -r requirements-dev.txt "${editable[@]}"
echo "$fingerprint" >"$stamp"
say "done"
