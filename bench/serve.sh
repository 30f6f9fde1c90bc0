#!/usr/bin/env bash
# Load test of the precis HTTP server on loopback (127.0.0.1 only, bounded in time):
#   1. nominal: 64 connections for 20 s posting the seed article (default method) to /v1/summarize;
#   2. overload: 256 connections (4x) for 20 s against a server with --max-concurrency 8,
#      to show it sheds with 503s instead of queueing into timeouts or growing memory.
# Reports req/s, p50/p90/p99 latency, status counts and the server's peak RSS (VmHWM).
# Needs wrk (Debian: apt-get install -y wrk) and python3. Usage: bench/serve.sh [SECONDS]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
SECS="${1:-20}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
command -v wrk >/dev/null || { echo "bench/serve.sh: wrk not found (apt-get install -y wrk)" >&2; exit 1; }

cargo build --quiet --release --bin precis -p precis-cli
BIN="$TARGET/release/precis"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
python3 -c 'import json,sys; print(json.dumps({"text": open(sys.argv[1], encoding="utf-8").read()}), end="")' \
  examples/cnn-trump-putin.txt > "$WORK/body.json"
export PRECIS_BODY="$WORK/body.json"

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# run NAME CONNECTIONS THREADS SERVER_FLAGS...
run() {
  local name="$1" conns="$2" threads="$3"
  shift 3
  local port pid
  port="$(free_port)"
  "$BIN" serve --addr "127.0.0.1:$port" --log warn "$@" &
  pid=$!
  for _ in $(seq 100); do
    python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1",int(sys.argv[1])),0.2)' "$port" 2>/dev/null && break
    sleep 0.1
  done
  local rss_idle
  rss_idle="$(awk '/VmRSS/{print $2}' "/proc/$pid/status")"
  echo "== $name: $conns connections, $SECS s, server flags: ${*:-(defaults)}"
  wrk -t"$threads" -c"$conns" -d"${SECS}s" --timeout 10s --latency -s bench/serve.lua \
    "http://127.0.0.1:$port" > "$WORK/$name.txt"
  grep -E '^\s+(50|90|99)%|Requests/sec|Socket errors|Non-2xx' "$WORK/$name.txt" || true
  local hwm
  hwm="$(awk '/VmHWM/{print $2}' "/proc/$pid/status")"
  curl_metrics="$(python3 -c 'import urllib.request,sys; print(urllib.request.urlopen("http://127.0.0.1:%s/metrics" % sys.argv[1]).read().decode())' "$port" \
    | grep -E '^precis_http_requests_total\{route="/v1/summarize"|^precis_http_requests_shed_total' || true)"
  echo "$curl_metrics"
  grep '^RESULT' "$WORK/$name.txt" | sed "s/^RESULT/RESULT $name/; s/\$/ rss_idle_kb=$rss_idle rss_peak_kb=$hwm/"
  kill -TERM "$pid"
  wait "$pid" || true
}

run nominal 64 2
run overload 256 2 --max-concurrency 8
