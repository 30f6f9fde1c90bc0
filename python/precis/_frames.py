"""Summaries as plain rows (dicts of str / int / float / lists): what Spark's Arrow batches,
Dask's pandas partitions and ``datasets`` columns hold."""

import re

_PREFIX = re.compile(r"^texts\[\d+\](?: \(id [^)]*\))?: ")

#: The fields of a summary row, in order (Spark's struct, the Dask columns).
FIELDS = ("summary", "highlights", "lang", "title", "reference", "removed", "sentences", "words", "error")


def error_message(e):
    """An exception of ``summarize_batch(errors="return")`` as a message without the batch index."""
    return _PREFIX.sub("", str(e))


def row(result):
    """One ``summarize_batch(errors="return")`` result as a dict of plain values."""
    if isinstance(result, BaseException):
        return {"summary": None, "highlights": None, "lang": None, "title": None,
                "reference": None, "removed": None, "sentences": None, "words": None,
                "error": error_message(result)}
    hs = result.highlights
    return {
        "summary": "\n".join(h.text for h in hs),
        "highlights": [{"text": h.text, "start": h.start, "end": h.end,
                        "sentence": h.sentence, "score": h.score} for h in hs],
        "lang": result.lang,
        "title": result.title,
        "reference": result.reference,
        "removed": [{"kind": r.kind, "text": r.text} for r in result.removed],
        "sentences": result.sentences,
        "words": result.words,
        "error": None,
    }


def summarize_values(summarizer, values, threads):
    """Rows for a list of values that may hold nulls (None, NaN, pandas NA) or non-strings."""
    ok = [i for i, v in enumerate(values) if isinstance(v, str)]
    results = summarizer.summarize_batch([values[i] for i in ok], threads=threads, errors="return")
    rows = [None] * len(values)
    for i, r in zip(ok, results):
        rows[i] = row(r)
    for i, v in enumerate(values):
        if rows[i] is None:
            what = "null" if _is_null(v) else f"not a string ({type(v).__name__})"
            rows[i] = row(TypeError(f"text is {what}"))
    return rows


def _is_null(v):
    """None, NaN, or pandas' NA."""
    if v is None:
        return True
    try:
        return bool(v != v)
    except TypeError:  # pandas.NA: its comparisons are NA, whose truth is undefined
        return True
