#!/usr/bin/env bash
# Segmentation MB/s (precis, pysbd, nltk punkt) and summarize articles/s
# (precis auto/lead/textrank/lexrank/centroid, sumy LexRank) on the 250 dev articles, one thread,
# in the same run. CPU-time based (the machines are shared and noisy); prints ratios.
#   bash bench/summarize.sh [DATA.jsonl]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${1:-$root/../shared/data/cnndm-test-frank250.jsonl}"
py="$(bash "$root/scripts/python-env.sh" | tail -n 1)"
mkdir -p "$root/bench/out"
( cd "$root" && cargo build --release -q -p precis --example speed )
RAYON_NUM_THREADS=1 "$root/target/release/examples/speed" "$data" --passes 5 > "$root/bench/out/precis_speed.jsonl"
"$py" "$root/bench/summarize_bench.py" "$data" "$root/bench/out/precis_speed.jsonl"
