"""The runnable examples in examples/python, run as a user runs them (a subprocess on the dev
set), and their output checked against the library they show: rouge-score's numbers for the
drop-in, the CLI's highlights for the summarizers."""

import ast
import json
import re
import subprocess
import sys

import pytest

from conftest import DEV, REPO

EXAMPLES = REPO / "examples" / "python"


def run_example(name, *args, timeout=300):
    out = subprocess.run([sys.executable, str(EXAMPLES / name), str(DEV), *map(str, args)],
                         capture_output=True, text=True, timeout=timeout, cwd=REPO)
    assert out.returncode == 0, f"{name} failed:\n{out.stderr[-4000:]}"
    return out.stdout


def last_dict(stdout):
    """The last line of `stdout` that is a printed dict."""
    for line in reversed(stdout.splitlines()):
        if line.startswith("{"):
            return ast.literal_eval(line)
    raise AssertionError(f"no dict printed:\n{stdout[-2000:]}")


def test_rouge_drop_in_prints_rouge_scores_intervals(dev_records):
    rouge_score = pytest.importorskip("rouge_score")
    del rouge_score
    import numpy as np
    from rouge_score import rouge_scorer, scoring

    got = run_example("rouge_drop_in.py")
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    agg = scoring.BootstrapAggregator()
    for r in dev_records:
        agg.add_scores(scorer.score(r["highlights"], r["systems"]["bart"]))
    np.random.seed(0)
    want = "".join(
        f"{name}: F {100 * a.mid.fmeasure:.2f} ({100 * a.low.fmeasure:.2f}-{100 * a.high.fmeasure:.2f})\n"
        for name, a in agg.aggregate().items())
    assert got == want


def _cli_highlights(cli_summaries):
    return {json.loads(line)["id"]: "\n".join(h["text"] for h in json.loads(line)["highlights"])
            for line in cli_summaries("auto")}


def test_hf_datasets_example(cli_summaries, dev_records):
    pytest.importorskip("datasets")
    out = run_example("hf_datasets.py")
    first = _cli_highlights(cli_summaries)[dev_records[0]["id"]]
    assert out.startswith(first + "\n"), out[:2000]
    scores = last_dict(out)
    assert sorted(scores) == ["rouge1", "rouge2", "rougeL", "rougeLsum"]
    assert all(0.1 < v < 0.6 for v in scores.values()), scores


def test_dask_example(cli_summaries, dev_records):
    pytest.importorskip("distributed")
    out = run_example("dask_summarize.py")
    assert f"{len(dev_records)} articles, 0 failed" in out, out[:2000]
    scores = last_dict(out)
    assert sorted(scores) == ["rouge1", "rouge2", "rougeL", "rougeLsum"]
    assert all(0.1 < v < 0.6 for v in scores.values()), scores


def test_spark_example(tmp_path, dev_records):
    pytest.importorskip("pyspark")
    out = run_example("spark_summarize.py", tmp_path / "out.parquet", timeout=600)
    # df.show() of one row: articles | failed | R1 | R2 | RLsum
    row = next(line for line in out.splitlines() if re.match(r"^\|\s*\d", line))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[:2] == [str(len(dev_records)), "0"], out[-2000:]
    assert all(0.1 < float(c) < 0.6 for c in cells[2:]), cells
