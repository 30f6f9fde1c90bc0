#!/usr/bin/env bash
# Fetch + summarize from a loopback site: pages/s and peak RSS of `precis summarize --urls FILE
# -f jsonl --fetch-concurrency C` at C = 1, 8, 32, and trafilatura 2.3.1's fetch_url + extract in
# a ThreadPoolExecutor of C threads on the same URLs, in the same run (rounds interleaved,
# medians). The 136 shared pages are served decompressed by a threaded Python server on 16 ports
# of 127.0.0.1 (16 hosts: precis allows 2 requests in flight per host), x4 = 544 URLs; precis
# on one host is measured too. Never the internet. Prints a markdown table (bench/fetch_bench.py).
#   bash bench/fetch.sh [HTML_DIR]        (default ../shared/data/html)
#   FETCH_BENCH_ARGS="--repeat 2 --rounds 1 --delay-ms 20" bash bench/fetch.sh   (other options)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${1:-$root/../shared/data/html}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
py="$(bash "$root/scripts/python-env.sh" | tail -n 1)"
"$(dirname "$py")/pip" install -q "trafilatura==2.3.1"
out="$root/bench/out"
mkdir -p "$out"
( cd "$root" && cargo build --release -q -p precis-cli )
# shellcheck disable=SC2086
"$py" "$root/bench/fetch_bench.py" "$CARGO_TARGET_DIR/release/precis" "$data" --out "$out" \
  ${FETCH_BENCH_ARGS:-} | tee "$out/fetch.md"
