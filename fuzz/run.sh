#!/usr/bin/env bash
# Builds the fuzz targets, generates the large seeds, and runs each target for SECONDS
# (default 60), FUZZ_JOBS targets at a time (default 1; CI runs 2, one per core). Prints per target the
# executions, executions per second and the crashes / timeouts / out-of-memory inputs found;
# exits 1 if any target failed (its input is saved under fuzz/artifacts/<target>/).
#
# Usage: bash fuzz/run.sh [SECONDS] [TARGET...]     (default: all targets)
# Environment: FUZZ_SANITIZER (default none; address for ASan, nightly-like flags again via
# RUSTC_BOOTSTRAP), FUZZ_ARGS (more libFuzzer options, e.g. "-seed=1"), FUZZ_TARGET_DIR (the
# build directory, default fuzz/target), FUZZ_JOBS (targets fuzzed at once, default 1).
#
# cargo-fuzz needs a nightly compiler for its -Z flags; this script runs it on the stable
# toolchain with RUSTC_BOOTSTRAP=1 (see README.md).
set -euo pipefail
cd "$(dirname "$0")"

ALL=(segment clean readers html rouge rouge155 summarize http)
secs="${1:-60}"
if [[ $# -gt 0 ]]; then shift; fi
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then targets=("${ALL[@]}"); fi
for t in "${targets[@]}"; do
  [[ " ${ALL[*]} " == *" $t "* ]] || { echo "unknown target: $t (targets: ${ALL[*]})" >&2; exit 2; }
done
[[ "$secs" =~ ^[0-9]+$ ]] || { echo "SECONDS must be a number, got $secs" >&2; exit 2; }
jobs="${FUZZ_JOBS:-1}"
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || { echo "FUZZ_JOBS must be a positive number, got $jobs" >&2; exit 2; }

export RUSTC_BOOTSTRAP=1
sanitizer="${FUZZ_SANITIZER:-none}"
triple="$(rustc -vV | sed -n 's/^host: //p')"
tdir="${FUZZ_TARGET_DIR:-target}"
bin="$tdir/$triple/release"

t0=$SECONDS
echo "== build (cargo fuzz build -s $sanitizer, release with debug assertions and overflow checks)"
if [[ ${#targets[@]} -eq ${#ALL[@]} ]]; then
  cargo fuzz build -s "$sanitizer" --target-dir "$tdir"
else
  for t in "${targets[@]}"; do cargo fuzz build -s "$sanitizer" --target-dir "$tdir" "$t"; done
fi
build_secs=$((SECONDS - t0))
echo "== seeds"
bash seeds.sh work/seeds

# Options: 2 GiB of memory and a time limit per input, so a quadratic blow-up is a failure, not a slow
# run: 10 s, but 120 s for the ROUGE targets, whose documented work limits admit pairs of 1-2 s
# of native work (MAX_LCS_CELLS, MAX_LCS_LINE_PAIRS, MAX_LSUM_WORK, MAX_WLCS_CELLS, ...), which
# take 25-45 times that with the coverage instrumentation on a loaded machine (8,000 × 8,000
# lines of rougeLsum: 1.3 s natively, 30-61 s instrumented); past the limits the work grows
# by orders of magnitude, which this still catches.
opts=(-rss_limit_mb=2048 -print_final_stats=1)
timeout_for() { case "$1" in rouge | rouge155) echo 120 ;; *) echo 10 ;; esac; }
# shellcheck disable=SC2206
extra=(${FUZZ_ARGS:-})

mkdir -p work/logs
# Each target runs in two phases over the same corpus: the first half of its time with inputs
# of at most 64 KiB (thousands of executions a second on most targets: the breadth), the
# second half with inputs up to 4 MiB (the generated seeds whole: the quadratic cases).
# Reported: the executions of both phases, their rate, the coverage at the end (edges `cov`,
# libFuzzer features `ft`) and what the run added to the coverage of the initial corpus.
field() { sed -n "s/.* $1: \([0-9]*\).*/\1/p" <<< "$2"; }
# fuzz_one TARGET: fuzzes TARGET; writes its report line to work/logs/TARGET.report and, if it
# failed, what failed to work/logs/TARGET.failed.
fuzz_one() {
  local t=$1
  mkdir -p "work/corpus/$t" "artifacts/$t"
  rm -f "work/logs/$t.report" "work/logs/$t.failed"
  local dict=()
  if [[ -f "dict/$t.dict" ]]; then dict=("-dict=dict/$t.dict"); fi
  local before
  before="$(ls "artifacts/$t")"
  echo "== fuzz $t for ${secs}s (logs: fuzz/work/logs/$t.small.log, fuzz/work/logs/$t.large.log)"
  local start=$SECONDS rc=0 execs=0 rss=0 init="" last="" half=$((secs / 2)) failed_log="" phase
  for phase in small large; do
    local log="work/logs/$t.$phase.log" len time prc=0
    if [[ $phase == small ]]; then
      len=65536 time=$half
    else
      len=4194304 time=$((secs - half))
    fi
    "$bin/$t" "work/corpus/$t" "corpus/$t" "work/seeds/$t" "${opts[@]}" "${dict[@]}" \
      -max_len="$len" -timeout="$(timeout_for "$t")" -max_total_time="$time" \
      -artifact_prefix="artifacts/$t/" "${extra[@]}" > "$log" 2>&1 || prc=$?
    stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -1; }
    execs=$((execs + $(stat number_of_executed_units || true) + 0))
    local prss
    prss="$(stat peak_rss_mb || true)"
    if [[ ${prss:-0} -gt $rss ]]; then rss=$prss; fi
    if [[ -z "$init" ]]; then init="$(grep -aE '^#[0-9]+[[:space:]]+INITED' "$log" | tail -1 || true)"; fi
    last="$(grep -aE '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -1 || true)"
    if [[ $prc -ne 0 ]]; then
      rc=$prc
      failed_log=$log
      break
    fi
  done
  local took=$((SECONDS - start))
  local rate=$((execs / (took > 0 ? took : 1)))
  local cov ft cov0 ft0 new
  cov="$(field cov "$last")" ft="$(field ft "$last")"
  cov0="$(field cov "$init")" ft0="$(field ft "$init")"
  new="$(comm -13 <(echo "$before") <(ls "artifacts/$t"))"
  count() { grep -c "^$1-" <<< "$new" || true; }
  local crashes timeouts ooms leaks slow
  crashes="$(count crash)" timeouts="$(count timeout)" ooms="$(count oom)" leaks="$(count leak)"
  # libFuzzer also saves inputs slower than 10 s (-report_slow_units) as slow-unit-*: listed,
  # not failures (the per-input limit decides that).
  slow="$(count slow-unit)"
  new="$(grep -v '^slow-unit-' <<< "$new" || true)"
  printf '%-10s %5ss  executions %-9s exec/s %-5s cov %s (+%s)  ft %s (+%s)  peak RSS %4s MB  crashes %s  timeouts %s  ooms %s  slow (>10 s) %s\n' \
    "$t" "$took" "$execs" "$rate" "${cov:-?}" "$((${cov:-0} - ${cov0:-0}))" "${ft:-?}" \
    "$((${ft:-0} - ${ft0:-0}))" "$rss" "$crashes" "$timeouts" "$((ooms + leaks))" "$slow" \
    > "work/logs/$t.report"
  if [[ $rc -ne 0 || -n "$new" ]]; then
    {
      grep -aE -m1 -A12 "panicked at|ERROR: libFuzzer" "${failed_log:-$log}" | sed 's/^/    /' || true
      for a in $new; do echo "    input: fuzz/artifacts/$t/$a"; done
    } > "work/logs/$t.failed"
  fi
}

# At most $jobs targets at a time, reported in the order given.
running=0
for t in "${targets[@]}"; do
  if [[ $running -ge $jobs ]]; then
    wait -n || true
    running=$((running - 1))
  fi
  fuzz_one "$t" &
  running=$((running + 1))
done
wait || true

echo "== summary (build ${build_secs}s, total $((SECONDS - t0))s)"
failed=()
for t in "${targets[@]}"; do
  if [[ -f "work/logs/$t.report" ]]; then
    cat "work/logs/$t.report"
  else
    echo "$t: no report (the run did not finish)"
    failed+=("$t")
    continue
  fi
  if [[ -f "work/logs/$t.failed" ]]; then
    failed+=("$t")
    cat "work/logs/$t.failed"
  fi
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "FAILED: ${failed[*]} (reproduce: RUSTC_BOOTSTRAP=1 cargo fuzz run -s $sanitizer TARGET fuzz/artifacts/TARGET/FILE)"
  exit 1
fi
echo "no crashes"
