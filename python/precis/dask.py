"""precis inside Dask: summarize a DataFrame of articles partition by partition.

.. code-block:: python

    import dask.dataframe as dd
    import precis.dask
    ddf = dd.read_parquet("articles/")
    out = precis.dask.summarize(ddf, column="article", method="auto")
    out.to_parquet("highlights/")

Each partition is summarized by ``Summarizer.summarize_batch`` (Rust, the GIL released) with
``threads`` cores (default 1: Dask already runs one task per worker thread). The summarizer is
pickled once into the graph (with its model) and built once per worker process.
"""

import pickle

from . import _frames
from ._precis import Summarizer

__all__ = ["meta", "summarize", "summarize_partition"]

_CACHE = {}


def meta(df, prefix=""):
    """The empty frame ``summarize`` returns for a frame like ``df`` (Dask's ``meta``)."""
    import pandas as pd

    out = df.iloc[:0].copy()
    for f in _frames.FIELDS:
        dtype = "Int64" if f in ("sentences", "words") else object
        out[prefix + f] = pd.Series([], dtype=dtype)
    return out


def summarize_partition(df, column="article", state=None, *, threads=1, prefix="", **options):
    """One pandas partition with the summary columns added (``summary``, ``highlights``,
    ``lang``, ``title``, ``reference``, ``removed``, ``sentences``, ``words``, ``error``, each
    with ``prefix``). ``state`` is a pickled ``Summarizer`` (``summarize`` passes it); without
    it ``options`` make one."""
    import pandas as pd

    if state is None:
        summarizer = Summarizer(**options)
    else:
        summarizer = _CACHE.get(state)
        if summarizer is None:
            if len(_CACHE) >= 16:
                _CACHE.clear()
            summarizer = _CACHE[state] = pickle.loads(state)
    rows = _frames.summarize_values(summarizer, df[column].tolist(), threads)
    out = df.copy()
    for f in _frames.FIELDS:
        values = [r[f] for r in rows]
        if f in ("sentences", "words"):
            out[prefix + f] = pd.array(values, dtype="Int64")
        else:
            out[prefix + f] = pd.Series(values, index=df.index, dtype=object)
    return out


def summarize(ddf, column="article", *, threads=1, prefix="", **options):
    """``ddf`` with the summary columns of ``column`` added, lazily (``map_partitions``).

    A summary column may not replace one of ``ddf``'s (a CNN/DM frame's ``highlights`` is the
    reference): give a ``prefix`` then (``ValueError`` otherwise)."""
    if column not in ddf.columns:
        raise ValueError(f"column: {column!r} is not a column of the frame")
    clash = [prefix + f for f in _frames.FIELDS if prefix + f in ddf.columns]
    if clash:
        raise ValueError(f"prefix: the summary columns {clash} would replace the frame's own; "
                         "give a prefix (e.g. prefix=\"precis_\")")
    state = pickle.dumps(Summarizer(**options))
    return ddf.map_partitions(
        summarize_partition, column, state, threads=threads, prefix=prefix,
        meta=meta(ddf._meta, prefix),
    )
