"""precis inside Spark: pandas UDF factories (Arrow batches in, struct columns out).

.. code-block:: python

    from precis.spark import summarize_udf, rouge_udf
    df = df.withColumn("precis", summarize_udf()("article"))
    df = df.withColumn("rouge", rouge_udf(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)(
        "highlights", "precis.summary"))

Each executor's Python worker builds one ``Summarizer`` (or ``RougeScorer``) the first time a
batch reaches it and keeps it for every later batch (workers are reused). Work runs in Rust with
the GIL released; ``threads`` (default 1) is the number of cores each worker uses: Spark already
runs one worker per task slot, so 1 keeps the executor's cores busy without oversubscribing
them. Bad rows (null, empty, nothing to summarize) give a row whose ``error`` says why, never a
failed task.
"""

import pickle

from . import _frames
from ._precis import RougeScorer as _NativeRougeScorer
from ._precis import Summarizer

__all__ = ["SUMMARY_SCHEMA", "rouge_schema", "rouge_udf", "summarize_udf"]

#: The struct every ``summarize_udf`` row is (Spark DDL).
SUMMARY_SCHEMA = (
    "summary string, "
    "highlights array<struct<text: string, start: int, end: int, sentence: int, score: double>>, "
    "lang string, title string, reference array<string>, "
    "removed array<struct<kind: string, text: string>>, "
    "sentences int, words int, error string"
)

_CACHE = {}


def _cached(state):
    """The object pickled as ``state``, built once per worker process."""
    obj = _CACHE.get(state)
    if obj is None:
        if len(_CACHE) >= 16:
            _CACHE.clear()
        obj = _CACHE[state] = pickle.loads(state)
    return obj


def summarize_udf(*, threads=1, **options):
    """A pandas UDF: a string column of articles → a struct column (:data:`SUMMARY_SCHEMA`).

    ``options`` are ``precis.Summarizer``'s (``method``, ``sentences``, ``words``, ``ratio``,
    ``html``, ``lang``, ``model``, ...); they are checked here, on the driver, and a ``model``
    file is read here and shipped with the UDF (executors need not see the file).
    """
    from pyspark.sql.functions import pandas_udf
    import pandas as pd

    state = pickle.dumps(Summarizer(**options))
    threads = int(threads)

    @pandas_udf(SUMMARY_SCHEMA)
    def precis_summarize(texts: pd.Series) -> pd.DataFrame:
        rows = _frames.summarize_values(_cached(state), texts.tolist(), threads)
        return pd.DataFrame(rows, columns=list(_frames.FIELDS))

    return precis_summarize


def rouge_schema(rouge_types):
    """The struct of ``rouge_udf``'s rows: one ``struct<precision, recall, fmeasure>`` per
    type, and ``error``."""
    fields = [f"{t} struct<precision: double, recall: double, fmeasure: double>" for t in rouge_types]
    return ", ".join(fields + ["error string"])


def rouge_udf(rouge_types=("rouge1", "rouge2", "rougeL", "rougeLsum"), use_stemmer=False, *, threads=1):
    """A pandas UDF of two string columns (target, prediction) → a struct with rouge-score's
    ``Score`` per type (the numbers of ``rouge_score.rouge_scorer.RougeScorer(rouge_types,
    use_stemmer).score(target, prediction)``, bit for bit) and ``error`` for bad rows."""
    from pyspark.sql.functions import pandas_udf
    import pandas as pd

    rouge_types = list(rouge_types)
    _NativeRougeScorer(rouge_types, use_stemmer)  # check the options on the driver
    state = pickle.dumps((rouge_types, bool(use_stemmer)))
    threads = int(threads)
    columns = rouge_types + ["error"]

    @pandas_udf(rouge_schema(rouge_types))
    def precis_rouge(targets: pd.Series, predictions: pd.Series) -> pd.DataFrame:
        types, stem = pickle.loads(state)
        key = ("rouge", state)
        scorer = _CACHE.get(key)
        if scorer is None:
            scorer = _CACHE[key] = _NativeRougeScorer(types, stem)
        ts, ps = targets.tolist(), predictions.tolist()
        ok = [i for i in range(len(ts)) if isinstance(ts[i], str) and isinstance(ps[i], str)]
        scores = scorer.score_batch([ts[i] for i in ok], [ps[i] for i in ok],
                                    threads=threads, errors="return")
        rows = [None] * len(ts)
        for i, s in zip(ok, scores):
            if isinstance(s, BaseException):
                rows[i] = dict.fromkeys(types) | {"error": str(s)}
            else:
                rows[i] = {t: s[t]._asdict() for t in types} | {"error": None}
        for i in range(len(ts)):
            if rows[i] is None:
                rows[i] = dict.fromkeys(types) | {"error": "target or prediction is null"}
        return pd.DataFrame(rows, columns=columns)

    return precis_rouge
