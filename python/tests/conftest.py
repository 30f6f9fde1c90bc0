"""Shared fixtures: the dev data, the CLI's outputs to compare with, one Spark session."""

import json
import os
import pathlib
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]


def shared_data():
    base = os.environ.get("PRECIS_SHARED")
    return pathlib.Path(base) / "data" if base else REPO.parent / "shared" / "data"


DEV = shared_data() / "cnndm-test-frank250.jsonl"


@pytest.fixture(scope="session")
def dev_records():
    """The 250 CNN/DM dev articles (id, article, highlights, systems)."""
    if not DEV.exists():
        pytest.fail(f"dev data not found: {DEV} (set PRECIS_SHARED)")
    with open(DEV, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="session")
def dev_pairs(dev_records):
    """The 1,250 (reference, system output) dev pairs."""
    return [(r["highlights"], out) for r in dev_records for _, out in sorted(r["systems"].items())]


def _cli_binary():
    """The precis CLI: $PRECIS_CLI, else the newest of target/{debug,release}/precis (CI's
    `cargo test --workspace` has just built the debug one), else a fresh debug build."""
    env = os.environ.get("PRECIS_CLI")
    if env:
        return env
    found = [p for p in (REPO / "target" / "debug" / "precis", REPO / "target" / "release" / "precis") if p.exists()]
    if found:
        return str(max(found, key=lambda p: p.stat().st_mtime))
    subprocess.run(["cargo", "build", "-q", "--locked", "--bin", "precis"], cwd=REPO, check=True)
    return str(REPO / "target" / "debug" / "precis")


@pytest.fixture(scope="session")
def cli():
    return _cli_binary()


@pytest.fixture(scope="session")
def cli_summaries(cli, tmp_path_factory):
    """method -> the CLI's JSONL lines for the dev set (`precis summarize DEV -f jsonl -m M`)."""
    cache = {}

    def get(method="auto", *extra):
        key = (method,) + extra
        if key not in cache:
            out = subprocess.run([cli, "summarize", str(DEV), "-f", "jsonl", "-q", "-m", method, *extra],
                                 check=True, capture_output=True, text=True).stdout
            cache[key] = out.splitlines()
        return cache[key]

    return get


@pytest.fixture(scope="session")
def spark():
    """One local Spark session (2 cores) for every Spark test."""
    pyspark = pytest.importorskip("pyspark")
    del pyspark
    import sys

    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    session = (SparkSession.builder.master("local[2]").appName("precis-tests")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "2")
               .config("spark.sql.execution.arrow.pyspark.enabled", "true")
               .config("spark.driver.memory", "1g")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
