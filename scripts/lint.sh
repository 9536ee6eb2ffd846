#!/usr/bin/env bash
# Every lint: ruff, ruff format, mypy, import contracts, module size, vendor names.
set -uo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
failed=()

step() {
  local name=$1
  shift
  echo "=== $name"
  "$@" || failed+=("$name")
}

typed=(libs/common/src)
for src in services/*/src simulators/*/src; do
  # Skip packages still being scaffolded: mypy refuses a folder with no Python file.
  [ -n "$(find "$src" -name '*.py' -print -quit 2>/dev/null)" ] && typed+=("$src")
done

step "ruff check" "$bin/ruff" check .
step "ruff format" "$bin/ruff" format --check .
step "mypy" "$bin/mypy" "${typed[@]}"
step "lint-imports" "$bin/python" scripts/lint_imports.py
step "module size" "$bin/python" scripts/check_module_size.py
step "vendor names" "$bin/python" scripts/lint_vendor_names.py

if [ "${#failed[@]}" -gt 0 ]; then
  printf 'lint.sh: FAILED: %s\n' "$(IFS=,; echo "${failed[*]}")"
  exit 1
fi
echo "lint.sh: all lints passed"
