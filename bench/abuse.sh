#!/usr/bin/env bash
# The hardening issue's attacks against `precis serve` on loopback, one at a time, each for a
# bounded time (ABUSE_SECONDS, default 15) on a fresh server with its default limits: the
# latency of normal requests made meanwhile (every 250 ms) and the server's peak RSS.
# Pass: every normal request 200 within 3 s, peak RSS < 1 GB, server alive.
#
#   bash bench/abuse.sh [--only rouge-quadratic,slowloris,...] [--seconds S]
#
# Optional: PRECIS_BIN=path/to/precis to test another build (e.g. an older main).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/bench/out"
mkdir -p "$out"
if [ -z "${PRECIS_BIN:-}" ]; then
  ( cd "$root" && cargo build --release -q -p precis-cli )
  PRECIS_BIN="$root/target/release/precis"
fi
# The idle-connection flood opens 10,000 sockets on the client side.
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true
python3 "$root/bench/abuse.py" "$PRECIS_BIN" --json "$out/abuse.json" "$@"
