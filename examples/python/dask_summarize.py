"""Summarize a JSONL corpus with Dask (a LocalCluster here; any dask.distributed cluster works).

    python examples/python/dask_summarize.py ../shared/data/cnndm-test-frank250.jsonl

`precis.dask.summarize` is `map_partitions` over the frame: each partition goes through
`Summarizer.summarize_batch` in Rust, the GIL released; the summarizer (and its model) is
pickled into the graph once.
"""

import sys

import dask.dataframe as dd
import distributed

import precis.dask
from precis.rouge_score import compute


def main(src):
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, \
            distributed.Client(cluster):
        ddf = dd.read_json(src, lines=True, blocksize=None)[["id", "article", "highlights"]]
        ddf = ddf.repartition(npartitions=4)
        # prefix: the summary's columns (summary, highlights, lang, ..., error) beside the input's
        # own `highlights` (the reference).
        out = precis.dask.summarize(ddf, column="article", prefix="p_", method="auto").compute()
    ok = out[out["p_error"].isna()]
    print(f"{len(out)} articles, {len(out) - len(ok)} failed")
    print(ok[["id", "p_summary"]].head(3).to_string())
    print(compute(predictions=list(ok["p_summary"]), references=list(ok["highlights"]), use_stemmer=True))


if __name__ == "__main__":
    main(sys.argv[1])
