"""precis.dask: map_partitions over a DataFrame of articles on a LocalCluster."""

import json

import pytest

pd = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import precis.dask  # noqa: E402


def test_dask_local_cluster_gives_the_clis_highlights(dev_records, cli_summaries):
    pdf = pd.DataFrame({"id": [r["id"] for r in dev_records], "article": [r["article"] for r in dev_records]})
    pdf.loc[3, "article"] = None
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster):
        ddf = dd.from_pandas(pdf, npartitions=5)
        out = precis.dask.summarize(ddf, column="article", prefix="p_").compute()
    assert len(out) == 250
    by_id = out.set_index("id")
    for i, line in enumerate(cli_summaries("auto")):
        want = json.loads(line)
        row = by_id.loc[want["id"]]
        if i == 3:
            assert row["p_error"] == "text is null" and row["p_highlights"] is None
            continue
        assert row["p_error"] is None
        assert list(row["p_highlights"]) == want["highlights"]
        assert row["p_lang"] == want["lang"] and row["p_sentences"] == want["sentences"]


def test_summarize_partition_without_dask_scheduler():
    pdf = pd.DataFrame({"a": ["The storm hit the coast on Monday. Thousands of homes lost power. "
                              "Officials said repairs would take a week."]})
    out = precis.dask.summarize_partition(pdf, "a", method="lead", sentences=1)
    assert out["summary"][0] == "The storm hit the coast on Monday."


def test_summary_columns_never_replace_the_frames():
    pdf = pd.DataFrame({"article": ["The storm hit the coast on Monday. Thousands of homes lost power."],
                        "highlights": ["Storm hits the coast."]})
    ddf = dd.from_pandas(pdf, npartitions=1)
    with pytest.raises(ValueError, match=r"prefix: the summary columns \['highlights'\]"):
        precis.dask.summarize(ddf, column="article")
    with pytest.raises(ValueError, match="column: 'body' is not a column"):
        precis.dask.summarize(ddf, column="body")
    out = precis.dask.summarize(ddf, column="article", prefix="p_", method="lead").compute(scheduler="sync")
    assert out["highlights"][0] == "Storm hits the coast."
    assert out["p_summary"][0] == "The storm hit the coast on Monday.\nThousands of homes lost power."
