#!/usr/bin/env bash
# The Python layer's overhead against the CLI, in instructions (valgrind's callgrind counts them
# the same whatever else the machine is doing; CPU-time ratios on a shared machine moved by
# ±20% between runs of the same code). The same 2,500 articles (the dev set × 10) through:
#   the CLI:    precis summarize FILE -f jsonl -j 1 -m auto -o /dev/null   (the whole process:
#               reading the JSONL, summarizing, writing JSON)
#   Python:     precis.summarize_batch(texts, threads=1), the instructions of a run minus those of
#               the same script without the call (interpreter start, import, loading the texts)
# Prints both counts and the overhead (target: under 10%).
#   bash bench/python-overhead.sh [DATA.jsonl]
# Needs valgrind; the wheel and the CLI are built from this checkout (release), as bench/python.sh
# builds them.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${1:-$root/../shared/data/cnndm-test-frank250.jsonl}"
command -v valgrind >/dev/null || { echo "valgrind is needed (apt-get install valgrind)" >&2; exit 2; }
py="$(bash "$root/scripts/python-env.sh" | tail -n 1)"
venv="$(dirname "$(dirname "$py")")"
"$venv/bin/pip" install --quiet "$root/python"
( cd "$root" && cargo build --release -q --bin precis )
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$py" - "$data" "$work/dev10.jsonl" <<'EOF'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
with open(sys.argv[2], "w", encoding="utf-8") as fh:
    for i, a in enumerate([r["article"] for r in recs] * 10):
        fh.write(json.dumps({"id": str(i), "article": a}) + "\n")
EOF
cat > "$work/run.py" <<'EOF'
import json, sys
import precis
texts = [json.loads(l)["article"] for l in open(sys.argv[1], encoding="utf-8")]
if sys.argv[2] == "run":
    assert len(precis.summarize_batch(texts, threads=1)) == len(texts)
EOF
count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'; }
cli="$(count "$root/target/release/precis" summarize "$work/dev10.jsonl" -f jsonl -q -m auto -j 1 -o /dev/null)"
setup="$(count "$py" "$work/run.py" "$work/dev10.jsonl" setup)"
full="$(count "$py" "$work/run.py" "$work/dev10.jsonl" run)"
"$py" - "$cli" "$setup" "$full" <<'EOF'
import sys
cli, setup, full = map(int, sys.argv[1:])
py = full - setup
print(f"CLI (whole process)            {cli:>15,} instructions")
print(f"Python summarize_batch(threads=1) {py:>12,} instructions ({full:,} - {setup:,} for start-up and loading)")
print(f"Python overhead against the CLI: {100 * (py / cli - 1):+.1f}% (target < 10%)")
EOF
