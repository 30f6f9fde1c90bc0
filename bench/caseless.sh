#!/usr/bin/env bash
# Lower-cased and Penn Treebank-tokenized text against cased prose: the dev set as given, its
# lower-cased copy (`article.lower()`) and a PTB-tokenized lower-cased copy (made by
# scripts/make_caseless_dev.py), each through `precis eval` (lead and auto, rouge-score F,
# stemmer): R1/R2/RLsum, words, and the differences from the cased run.
#   bash bench/caseless.sh [DATA.jsonl]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${1:-$root/../shared/data/cnndm-test-frank250.jsonl}"
out="$root/bench/out/caseless"
py="$(bash "$root/scripts/python-env.sh" | tail -n 1)"
mkdir -p "$out"
( cd "$root" && cargo build --release -q -p precis-cli )
"$py" "$root/scripts/make_caseless_dev.py" "$data" "$out"
for v in cased lower ptb_lower; do
  f="$out/$v.jsonl"; [ "$v" = cased ] && f="$data"
  "$root/target/release/precis" eval "$f" --method lead,auto --format json -q > "$out/eval_$v.json"
done
"$py" - "$out" <<'PY'
import json, sys
out = sys.argv[1]
runs = {v: {r["system"]: r for r in json.load(open(f"{out}/eval_{v}.json"))["rows"]} for v in ("cased", "lower", "ptb_lower")}
def f(row, m):
    return next(x for x in row["metrics"] if x["metric"] == m)["mean"]["fmeasure"] * 100
print("| text | method | R1 | R2 | RLsum | words | ΔR1 vs cased | words vs cased |")
print("|---|---|---:|---:|---:|---:|---:|---:|")
for v in ("cased", "lower", "ptb_lower"):
    for m in ("lead", "auto"):
        r, c = runs[v][m], runs["cased"][m]
        print(f"| {v} | {m} | {f(r,'rouge1'):.2f} | {f(r,'rouge2'):.2f} | {f(r,'rougeLsum'):.2f} | {r['words']:.1f} | {f(r,'rouge1') - f(c,'rouge1'):+.2f} | {100 * (r['words'] / c['words'] - 1):+.1f}% |")
PY
