#!/usr/bin/env bash
# Segmentation MB/s (precis, pysbd, nltk punkt) and summarize articles/s (precis
# auto/lead/textrank/lexrank/centroid, sumy LexRank) on the 250 dev articles, one thread, in the
# same run; CPU-time medians (the machines are shared and noisy); prints ratios.
#
#   bash bench/summarize.sh [DATA.jsonl]
#
# PRECIS_BASELINE=REV (a git revision, e.g. the main this work started from) also builds that
# revision's speed probe in a worktree under bench/out/ and runs it interleaved with this
# build, ROUNDS times (default 7), printing the median articles/s of both and their ratio.
# Per language: articles/s of this build on the UD dev records of every language (each record,
# about 20 sentences, taken as one article; languages identified per article).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${1:-$root/../shared/data/cnndm-test-frank250.jsonl}"
ud="$root/../shared/data/ud/dev"
out="$root/bench/out"
py="$(bash "$root/scripts/python-env.sh" | tail -n 1)"
mkdir -p "$out"
( cd "$root" && cargo build --release -q -p precis --example speed )
speed="$root/target/release/examples/speed"
RAYON_NUM_THREADS=1 "$speed" "$data" --passes 5 > "$out/precis_speed.jsonl"
"$py" "$root/bench/summarize_bench.py" "$data" "$out/precis_speed.jsonl"

if [ -n "${PRECIS_BASELINE:-}" ]; then
  base_src="$out/baseline-src"
  base_target="$out/baseline-target"
  rev="$(git -C "$root" rev-parse "$PRECIS_BASELINE")"
  if [ ! -d "$base_src" ] || [ "$(git -C "$base_src" rev-parse HEAD 2>/dev/null)" != "$rev" ]; then
    git -C "$root" worktree remove --force "$base_src" 2>/dev/null || rm -rf "$base_src"
    git -C "$root" worktree add --detach -q "$base_src" "$rev"
  fi
  ( cd "$base_src" && CARGO_TARGET_DIR="$base_target" cargo build --release -q -p precis --example speed )
  rounds="${ROUNDS:-7}"
  : > "$out/speed_rounds.jsonl"
  for i in $(seq "$rounds"); do
    for which in baseline this; do
      bin="$speed"; [ "$which" = baseline ] && bin="$base_target/release/examples/speed"
      PRECIS_SHARED="$root/../shared" RAYON_NUM_THREADS=1 "$bin" "$data" --passes 3 \
        | sed "s/^{/{\"build\":\"$which\",\"round\":$i,/" >> "$out/speed_rounds.jsonl"
    done
  done
  "$py" - "$out/speed_rounds.jsonl" "$PRECIS_BASELINE" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print(f"\nthis build against {sys.argv[2]}: medians of {max(r['round'] for r in rows)} interleaved rounds, one thread, CPU time")
print("| what | baseline | this build | ratio |")
print("|---|---:|---:|---:|")
keys = []
for r in rows:
    k = (r["what"], r["method"])
    if k not in keys:
        keys.append(k)
for what, method in keys:
    v = {b: statistics.median(r["units_per_s"] for r in rows if r["build"] == b and r["what"] == what and r["method"] == method) for b in ("baseline", "this")}
    unit = "MB/s" if what == "segment" else "/s"
    print(f"| {what} {method} ({unit}) | {v['baseline']:.1f} | {v['this']:.1f} | {v['this'] / v['baseline']:.3f} |")
PY
fi

if [ -d "$ud" ]; then
  echo
  echo "Per language (UD dev records as articles, language identified per article; articles/s, one thread):"
  echo "| lang | articles | KB | auto | lead | textrank | lexrank | centroid |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  for f in "$ud"/*.jsonl; do
    lang="$(basename "$f" .jsonl)"
    "$py" -c 'import json,sys
for l in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(l); print(json.dumps({"id": r["id"], "article": r["text"]}, ensure_ascii=False))' "$f" > "$out/lang-$lang.jsonl"
    n="$(wc -l < "$out/lang-$lang.jsonl")"
    kb="$(( $(wc -c < "$f") / 1024 ))"
    # Enough copies that a timed pass reads about 2 MB (the CPU clock ticks coarsely).
    repeat="$(( 2000000 / ($(wc -c < "$f") + 1) + 1 ))"
    RAYON_NUM_THREADS=1 "$speed" "$out/lang-$lang.jsonl" --passes 3 --repeat "$repeat" --summarize-only \
      | "$py" -c 'import json,sys
v = {json.loads(l)["method"]: json.loads(l)["units_per_s"] for l in sys.stdin}
print("| " + sys.argv[1] + " | " + sys.argv[2] + " | " + sys.argv[3] + " | " + " | ".join(f"{v[m]:.0f}" for m in ["auto", "lead", "textrank", "lexrank", "centroid"]) + " |")' "$lang" "$n" "$kb"
  done
fi
