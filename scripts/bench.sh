#!/usr/bin/env bash
# Runs the benchmarks: bench/run.py when present, else every bench/bench_*.py in turn.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
if [ -f bench/run.py ]; then
  exec .venv/bin/python bench/run.py "$@"
fi
shopt -s nullglob
scripts=(bench/bench_*.py)
if [ "${#scripts[@]}" -eq 0 ]; then
  echo "bench.sh: no benchmark in bench/ yet (bench/run.py or bench/bench_*.py)"
  exit 1
fi
for script in "${scripts[@]}"; do
  echo "=== $script"
  .venv/bin/python "$script" "$@"
done
