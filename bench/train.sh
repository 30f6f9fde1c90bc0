#!/usr/bin/env bash
# Training at scale: `precis train` on 250,000 records (the 250 dev articles repeated 1,000
# times; quality numbers from it mean nothing, time and memory do), reporting wall time and
# peak RSS, on all cores.   bash bench/train.sh [DATA.jsonl] [REPEAT]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${1:-$root/../shared/data/cnndm-test-frank250.jsonl}"
repeat="${2:-1000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
( cd "$root" && cargo build --release -q -p precis-cli )
for _ in $(seq "$repeat"); do cat "$data"; done > "$work/big.jsonl"
echo "records: $(wc -l < "$work/big.jsonl")"
echo "fit only (--folds 0):"
/usr/bin/time -f "wall %e s, peak RSS %M KB" "$root/target/release/precis" train "$work/big.jsonl" \
  -o "$work/model.json" --folds 0 --quiet
echo "default (fit + nested 5-fold CV report):"
/usr/bin/time -f "wall %e s, peak RSS %M KB" "$root/target/release/precis" train "$work/big.jsonl" \
  -o "$work/model.json" --quiet 2>&1 | grep -v "^  fold"
