#!/usr/bin/env bash
# HTML → article text: precis-html vs Python trafilatura 2.3.1 (favor_precision=True and plain)
# on the article-extraction-benchmark pages, in the same run. One thread; F1/P/R by the
# benchmark's metric (scored by bench/html_bench.py for every system); pages/s from CPU time,
# median of 3 passes (HTML decompressed in memory before timing).
#   bash bench/html.sh [HTML_DIR]        (default ../shared/data/html)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${1:-$root/../shared/data/html}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/tmp/target-html}"
py="$(bash "$root/scripts/python-env.sh" | tail -n 1)"
"$(dirname "$py")/pip" install -q "trafilatura==2.3.1"
out="$root/bench/out"
mkdir -p "$out"
( cd "$root" && cargo build --release -q -p precis-html --example html_bench )
"$CARGO_TARGET_DIR/release/examples/html_bench" "$data" --passes 3 --out "$out/html_precis.jsonl" 2>/dev/null
"$py" "$root/bench/html_bench.py" "$data" "$out/html_precis.jsonl" --passes 3
