#!/usr/bin/env bash
# ROUGE speed: rouge-score, rouge-score-rs and precis-rouge pairs/s (one thread, CPU time, medians
# of 3, same run) on the 12,500-pair set and the 250 long pairs, with ratios; precis 1 vs 2 threads.
#   bash bench/rouge.sh [DATA.jsonl] [--full]     (--full: time rouge-score on all 12,500 pairs)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${1:-$root/../shared/data/cnndm-test-frank250.jsonl}"
shift || true
py="$(bash "$root/scripts/python-env.sh" | tail -n 1)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/tmp/target-rouge}"
out="$root/bench/out"
mkdir -p "$out"
( cd "$root" && cargo build --release -q -p precis-rouge --example rouge_bench )
RAYON_NUM_THREADS=1 "$py" "$root/bench/rouge_bench.py" "$data" "$CARGO_TARGET_DIR/release/examples/rouge_bench" "$out" "$@"
