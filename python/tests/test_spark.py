"""precis.spark on a local SparkSession (local[2]): the CLI's highlights for every dev row."""

import json

import pytest

pytest.importorskip("pyspark")
pytest.importorskip("pyarrow")
pd = pytest.importorskip("pandas")

import precis  # noqa: E402
from precis.spark import rouge_udf, summarize_udf  # noqa: E402

gscorer = pytest.importorskip("rouge_score.rouge_scorer")


def test_summarize_udf_gives_the_clis_highlights(spark, dev_records, cli_summaries):
    pdf = pd.DataFrame({"id": [r["id"] for r in dev_records], "article": [r["article"] for r in dev_records]})
    df = spark.createDataFrame(pdf).repartition(4)
    out = df.withColumn("precis", summarize_udf()("article")).select("id", "precis").collect()
    got = {row["id"]: row["precis"] for row in out}
    assert len(got) == 250
    for line in cli_summaries("auto"):
        want = json.loads(line)
        row = got[want["id"]]
        assert row["error"] is None
        assert [h.asDict() for h in row["highlights"]] == want["highlights"], want["id"]
        assert row["summary"] == "\n".join(h["text"] for h in want["highlights"])
        assert row["lang"] == want["lang"]
        assert [r.asDict() for r in row["removed"]] == want["removed"]


def test_summarize_udf_options_and_bad_rows(spark):
    pdf = pd.DataFrame({"t": ["The storm hit the coast on Monday. Thousands of homes lost power. "
                              "Officials said repairs would take a week. Schools closed.", None, "   "]})
    df = spark.createDataFrame(pdf, "t string")
    rows = df.select(summarize_udf(method="lead", sentences=2)("t").alias("s")).collect()
    assert len(rows[0]["s"]["highlights"]) == 2 and rows[0]["s"]["error"] is None
    assert rows[1]["s"]["error"] == "text is null" and rows[1]["s"]["highlights"] is None
    assert "empty" in rows[2]["s"]["error"]
    with pytest.raises(ValueError, match="method: unknown method"):
        summarize_udf(method="bogus")


def test_rouge_udf_is_rouge_score(spark, dev_pairs):
    pairs = dev_pairs[:300]
    pdf = pd.DataFrame({"ref": [t for t, _ in pairs], "cand": [p for _, p in pairs]})
    pdf.loc[5, "cand"] = None
    types = ["rouge1", "rouge2", "rougeLsum"]
    rows = (spark.createDataFrame(pdf, "ref string, cand string").repartition(3)
            .withColumn("r", rouge_udf(types, use_stemmer=True)("ref", "cand")).collect())
    g = gscorer.RougeScorer(types, use_stemmer=True)
    seen = 0
    for row in rows:
        if row["cand"] is None:
            assert row["r"]["error"] and row["r"]["rouge1"] is None
            continue
        want = g.score(row["ref"], row["cand"])
        for t in types:
            assert tuple(row["r"][t]) == tuple(want[t])
        seen += 1
    assert seen == 299
