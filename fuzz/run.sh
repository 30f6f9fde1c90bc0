#!/usr/bin/env bash
# Builds the fuzz targets, generates the large seeds, and runs each target for SECONDS
# (default 60), one after the other, one fuzzing process at a time. Prints per target the
# executions, executions per second and the crashes / timeouts / out-of-memory inputs found;
# exits 1 if any target failed (its input is saved under fuzz/artifacts/<target>/).
#
# Usage: bash fuzz/run.sh [SECONDS] [TARGET...]     (default: all targets)
# Environment: FUZZ_SANITIZER (default none; address for ASan, nightly-like flags again via
# RUSTC_BOOTSTRAP), FUZZ_ARGS (more libFuzzer options, e.g. "-seed=1").
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

export RUSTC_BOOTSTRAP=1
sanitizer="${FUZZ_SANITIZER:-none}"
triple="$(rustc -vV | sed -n 's/^host: //p')"
bin="target/$triple/release"

t0=$SECONDS
echo "== build (cargo fuzz build -s $sanitizer, release with debug assertions and overflow checks)"
if [[ ${#targets[@]} -eq ${#ALL[@]} ]]; then
  cargo fuzz build -s "$sanitizer"
else
  for t in "${targets[@]}"; do cargo fuzz build -s "$sanitizer" "$t"; done
fi
build_secs=$((SECONDS - t0))
echo "== seeds"
bash seeds.sh work/seeds

# Options: inputs up to 4 MiB (the generated seeds reach the quadratic cases only when whole),
# 10 s per input and 2 GiB of memory, so a quadratic blow-up is a failure, not a slow run.
opts=(-max_len=4194304 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1)
# shellcheck disable=SC2206
extra=(${FUZZ_ARGS:-})

failed=()
report=()
mkdir -p work/logs
for t in "${targets[@]}"; do
  mkdir -p "work/corpus/$t" "artifacts/$t"
  dict=()
  if [[ -f "dict/$t.dict" ]]; then dict=("-dict=dict/$t.dict"); fi
  before="$(ls "artifacts/$t")"
  log="work/logs/$t.log"
  echo "== fuzz $t for ${secs}s (log: fuzz/$log)"
  start=$SECONDS
  rc=0
  "$bin/$t" "work/corpus/$t" "corpus/$t" "work/seeds/$t" "${opts[@]}" "${dict[@]}" \
    -max_total_time="$secs" -artifact_prefix="artifacts/$t/" "${extra[@]}" > "$log" 2>&1 || rc=$?
  took=$((SECONDS - start))
  stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -1; }
  execs="$(stat number_of_executed_units)"
  rate="$(stat average_exec_per_sec)"
  rss="$(stat peak_rss_mb)"
  new="$(comm -13 <(echo "$before") <(ls "artifacts/$t"))"
  count() { grep -c "^$1-" <<< "$new" || true; }
  crashes="$(count crash)" timeouts="$(count timeout)" ooms="$(count oom)" leaks="$(count leak)"
  line="$(printf '%-10s %5ss  executions %-10s exec/s %-6s peak RSS %5s MB  crashes %s  timeouts %s  ooms %s' \
    "$t" "$took" "${execs:-?}" "${rate:-?}" "${rss:-?}" "$crashes" "$timeouts" "$((ooms + leaks))")"
  echo "$line"
  report+=("$line")
  if [[ $rc -ne 0 || -n "$new" ]]; then
    failed+=("$t")
    grep -aE -m1 -A12 "panicked at|ERROR: libFuzzer" "$log" | sed 's/^/    /' || true
    for a in $new; do echo "    input: fuzz/artifacts/$t/$a"; done
  fi
done

echo "== summary (build ${build_secs}s, total $((SECONDS - t0))s)"
printf '%s\n' "${report[@]}"
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "FAILED: ${failed[*]} (reproduce: RUSTC_BOOTSTRAP=1 cargo fuzz run -s $sanitizer TARGET fuzz/artifacts/TARGET/FILE)"
  exit 1
fi
echo "no crashes"
