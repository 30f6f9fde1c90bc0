#!/usr/bin/env bash
# Quality on the dev set, scored by Python rouge-score (not by precis): Lead-3
# (`--method lead`), the trained default with its own length (`-n auto`; in-sample when DATA is
# the dev set it was trained on) and the oracle, each from `precis summarize … -f jsonl`.
# The honest estimate of the model is the nested CV: `precis train` prints it and writes every
# article's held-out highlights (`--cv-output`), which are scored here by rouge-score too, with
# paired differences from Lead-3.   bash bench/quality.sh [DATA.jsonl]
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
"$precis" train "$data" -o "$out/model.json" --quiet --cv-output "$out/nested-cv.jsonl"
echo
"$py" "$root/bench/score_jsonl.py" --baseline "$out/lead.jsonl" "$out/auto.jsonl" "$out/nested-cv.jsonl" "$out/oracle.jsonl"
