#!/usr/bin/env bash
# `precis verify` against human faithfulness judgements and for speed.
#
#   bash bench/verify.sh            # quality on FRANK validation, nested CV, speed
#   SKIP_SPEED=1 bash bench/verify.sh
#
# 1. Scores every FRANK validation summary with `precis verify -f jsonl` (its `summary` field,
#    as the systems wrote it: lower-cased for the CNN/DM systems) and prints the partial
#    Pearson/Spearman with the human factuality score (system as control; overall, cnndm, bbc)
#    with ../shared/data/frank/score_frank.py, beside the published baselines.
# 2. Nested cross-validation of the score's weights on the same split (bench/verify_fit.py over
#    the raw signals of examples/verify_signals): the estimate for unseen data of the procedure
#    that chose the shipped weights.
# 3. Summaries/s of `precis verify` (the whole command: JSONL parsing, article cleaning and
#    language identification, verification, JSON output), one thread and all cores, on FRANK
#    validation and on the dev set's stored system outputs (250 CNN/DM test articles x 5
#    systems); the inputs are repeated REPEAT times (default 8) so each run lasts long enough
#    to time; best of 3 runs (the machine is shared), by wall time and by CPU time (user +
#    system, all threads: the per-thread rate, unaffected by other load).
#
# Only the validation split is read: the FRANK test split is held out for the evaluators.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
frank="$root/../shared/data/frank"
dev="$root/../shared/data/cnndm-test-frank250.jsonl"
out="$root/bench/out/verify"
py="$(bash "$root/scripts/python-env.sh" | tail -n 1)"
mkdir -p "$out"
( cd "$root" && cargo build --release -q -p precis-cli && cargo build --release -q -p precis --example verify_signals )
precis="$root/target/release/precis"

echo "== FRANK validation: partial correlation with human factuality (system as control)"
"$precis" verify "$frank/validation.jsonl" -f jsonl -q -o "$out/frank_valid_verify.jsonl"
"$py" - "$out/frank_valid_verify.jsonl" "$out/frank_valid_scores.jsonl" <<'PY'
import json, sys
n = 0
with open(sys.argv[2], "w") as f:
    for line in open(sys.argv[1]):
        r = json.loads(line)
        if "score" not in r:
            sys.exit(f"no score for {r.get('id')}: {r.get('error')}")
        f.write(json.dumps({"id": r["id"], "score": r["score"]}) + "\n")
        n += 1
print(f"{n} summaries scored")
PY
"$py" "$frank/score_frank.py" "$out/frank_valid_scores.jsonl" --split valid
cat <<'EOF'

Published metrics (Pearson / Spearman), from ../shared/data/frank/README.md:
| metric | split | all | cnndm | bbc |
|---|---|---|---|---|
| BERTScore P (article) | test | .295 / .252 | .378 / .307 | .198 / .090 |
| FactCC                | test | .201 / .300 | .363 / .301 | .068 / .191 |
| BERTScore P (article) | validation | .220 / .213 | .278 / .246 | .143 / .070 |
| FactCC                | validation | .214 / .268 | .362 / .374 | .091 / -.253 |
EOF

echo
echo "== Nested cross-validation of the weights (FRANK validation only)"
"$root/target/release/examples/verify_signals" "$frank/validation.jsonl" > "$out/frank_valid_signals.jsonl"
"$py" "$root/bench/verify_fit.py" "$out/frank_valid_signals.jsonl" "$frank/validation.jsonl" --repeats "${REPEATS:-10}" --single

[ -n "${SKIP_SPEED:-}" ] && exit 0

echo
echo "== Speed: summaries/s of precis verify (whole command), best of 3"
"$py" - "$dev" "$out/dev_systems.jsonl" <<'PY'
import json, sys
with open(sys.argv[2], "w") as f:
    for line in open(sys.argv[1]):
        r = json.loads(line)
        for name, s in sorted(r["systems"].items()):
            f.write(json.dumps({"id": f"{r['id']}/{name}", "article": r["article"], "summary": s}) + "\n")
PY
repeat="${REPEAT:-8}"
cores="$(nproc)"
for set in frank_valid dev_systems; do
  src="$frank/validation.jsonl"; [ "$set" = dev_systems ] && src="$out/dev_systems.jsonl"
  : > "$out/$set.rep.jsonl"
  for _ in $(seq "$repeat"); do cat "$src" >> "$out/$set.rep.jsonl"; done
  n="$(wc -l < "$out/$set.rep.jsonl")"
  for threads in 1 "$cores"; do
    best=""; bestcpu=""
    for _ in 1 2 3; do
      /usr/bin/time -f "%e %U %S" -o "$out/time.txt" \
        "$precis" verify "$out/$set.rep.jsonl" -f jsonl -q -j "$threads" -o /dev/null
      read -r wall user sys < "$out/time.txt"
      cpu="$(echo "$user + $sys" | bc -l)"
      if [ -z "$best" ] || [ "$(echo "$wall < $best" | bc -l)" = 1 ]; then best="$wall"; fi
      if [ -z "$bestcpu" ] || [ "$(echo "$cpu < $bestcpu" | bc -l)" = 1 ]; then bestcpu="$cpu"; fi
    done
    printf '%-12s %6d summaries  %2d thread(s)  wall %6.2f s = %7.0f summaries/s   CPU %6.2f s = %7.0f summaries/CPU-s\n' \
      "$set" "$n" "$threads" "$best" "$(echo "$n / $best" | bc -l)" "$bestcpu" "$(echo "$n / $bestcpu" | bc -l)"
  done
done
echo "(wall: elapsed time on this shared machine, load $(cut -d' ' -f1 /proc/loadavg) now; CPU: user + system time of"
echo " all threads, the per-thread rate when the machine is busy)"
echo "(the published metrics run transformers or question generation, usually on a GPU:"
echo " their speed is not measurable here)"
