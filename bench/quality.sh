#!/usr/bin/env bash
# Quality on the dev set, scored by Python rouge-score (not by precis): Lead-3
# (`--method lead`), the trained default with its own length (`-n auto`) and the oracle, each
# from `precis summarize … -f jsonl`. The trained model's honest estimate is the nested CV that
# `precis train` prints (run here too).   bash bench/quality.sh [DATA.jsonl]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${1:-$root/../shared/data/cnndm-test-frank250.jsonl}"
py="$(bash "$root/scripts/python-env.sh" | tail -n 1)"
out="$root/bench/out"
mkdir -p "$out"
( cd "$root" && cargo build --release -q -p precis-cli )
precis="$root/target/release/precis"
"$precis" summarize "$data" -m lead -f jsonl -q -o "$out/lead.jsonl"
"$precis" summarize "$data" -m auto -n auto -f jsonl -q -o "$out/auto.jsonl"
"$precis" summarize "$data" -m oracle -f jsonl -q -o "$out/oracle.jsonl"
"$py" "$root/bench/score_jsonl.py" "$out/lead.jsonl" "$out/auto.jsonl" "$out/oracle.jsonl"
echo
"$precis" train "$data" -o "$out/model.json" --quiet
