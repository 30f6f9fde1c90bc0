#!/usr/bin/env bash
# End-to-end browser test of the web page: builds `precis`, starts `precis serve` on a free
# loopback port (and a second one with --fetch-urls --allow-private-urls for the URL box, which
# e2e.mjs points at a feed it serves itself on loopback), drives the page in headless Chromium
# (playwright-core + /usr/bin/chromium), saves target/e2e/screenshot.png (and
# target/e2e/feed.png), then stops the servers with SIGTERM (graceful shutdown).
# Needs: cargo, node + npm, chromium (Debian: apt-get install -y chromium).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"

cargo build --quiet --bin precis -p precis-cli ${CI:+--locked}
BIN="$TARGET/debug/precis"

if [ ! -d tests/e2e/node_modules/playwright-core ]; then
  (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
fi

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
PORT="$(free_port)"
"$BIN" serve --addr "127.0.0.1:$PORT" --log warn &
PID=$!
FPORT="$(free_port)"
"$BIN" serve --addr "127.0.0.1:$FPORT" --fetch-urls --allow-private-urls --log warn &
FPID=$!
trap 'kill "$PID" "$FPID" 2>/dev/null || true' EXIT

status=0
node tests/e2e/e2e.mjs "http://127.0.0.1:$PORT" examples/cnn-trump-putin.txt target/e2e/screenshot.png "http://127.0.0.1:$FPORT" || status=$?
kill -TERM "$FPID" 2>/dev/null || true
wait "$FPID" 2>/dev/null || true

# Graceful shutdown: SIGTERM, and the server exits 0 within 15 s.
kill -TERM "$PID"
for _ in $(seq 150); do
  kill -0 "$PID" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$PID" 2>/dev/null; then
  echo "e2e: server did not exit after SIGTERM" >&2
  status=1
else
  wait "$PID" || { echo "e2e: server exited with $? after SIGTERM" >&2; status=1; }
fi
trap - EXIT
exit "$status"
