#!/usr/bin/env bash
# ROUGE-1.5.5 drop-in: pyrouge (PyPI, unchanged) through scripts/ROUGE-1.5.5.pl gives the script's
# recorded output; precis rouge155 CPU time vs the script's recorded times (3.4 s user for 250
# pairs, 17.1 s for 1,250) and vs rouge-score in the same run; rouge-score's bootstrap on 1 vs 2
# threads.
#   bash bench/rouge155.sh [DATA.jsonl]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${1:-$root/../shared/data/cnndm-test-frank250.jsonl}"
fixtures="${PRECIS_FIXTURES:-$root/../shared/fixtures}"
py="$(bash "$root/scripts/python-env.sh" | tail -n 1)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
( cd "$root" && cargo build --release -q -p precis-cli && cargo build --release -q -p precis-rouge --example bootstrap_bench )
"$py" "$root/bench/rouge155_bench.py" "$root" "$CARGO_TARGET_DIR/release/precis" \
  "$CARGO_TARGET_DIR/release/examples/bootstrap_bench" "$fixtures" "$data" "$root/bench/out"
