#!/usr/bin/env bash
# The Python package's speed in one Python process: precis.rouge_score against rouge-score-rs
# and rouge-score on 12,500 pairs (score, score_batch), precis.summarize_batch against the CLI
# (Python overhead) and sumy LexRank on 2,500 articles. CPU-time medians (shared machine).
#   bash bench/python.sh [DATA.jsonl] [--quick]
# The all-core rows need idle cores. On a machine shared with other login sessions, Linux's
# autogroup scheduler gives each session one share of the CPUs whatever its thread count, so
# extra threads add nothing there; as root, a session of its own at the top priority sees the
# cores (what README's table was measured with):
#   setsid bash -c 'echo -20 > /proc/self/autogroup; exec nice -n -20 bash bench/python.sh'
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${1:-$root/../shared/data/cnndm-test-frank250.jsonl}"
shift || true
py="$(bash "$root/scripts/python-env.sh" | tail -n 1)"
venv="$(dirname "$(dirname "$py")")"
# The package, built from this checkout (release profile; incremental after the first build).
"$venv/bin/pip" install --quiet "$root/python"
( cd "$root" && cargo build --release -q --bin precis )
"$py" "$root/bench/python_bench.py" "$data" "$root/target/release/precis" "$@"
