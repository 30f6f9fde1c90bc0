#!/usr/bin/env bash
# Runs `precis rouge155` with every recorded command line of shared/fixtures/rouge155 (from the
# set's folder, on its html files and config.xml), parses the output with the fixture's
# tools/parse_out.py into DIR/<set>__<opt>.json and compares every number with check.py --all.
#   bash scripts/rouge155_check.sh [DIR]      (exit 0 when every number matches)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
fx="${PRECIS_FIXTURES:-$root/../shared/fixtures}/rouge155"
out="${1:-$(mktemp -d)}"
mkdir -p "$out"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
( cd "$root" && cargo build --release -q -p precis-cli )
precis="$CARGO_TARGET_DIR/release/precis"
for cmd in "$fx"/outputs/raw/*.cmd; do
  name="$(basename "$cmd" .cmd)"
  set="${name%%__*}"
  [ -d "$fx/inputs/$set" ] || continue            # five250 is kept by the evaluators
  read -r -a args < <(sed 's/^perl ROUGE-1.5.5.pl //' "$cmd")
  ( cd "$fx/inputs/$set" && "$precis" rouge155 "${args[@]}" > "$out/$name.out" 2> "$out/$name.err" ) || true
  python3 "$fx/tools/parse_out.py" "$out/$name.out" > "$out/$name.json"
done
python3 "$fx/check.py" --all "$out" | tail -n 1
python3 "$fx/check.py" --all "$out" > "$out/check.log"
