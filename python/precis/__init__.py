"""precis: story highlights for news articles, exact ROUGE, HTML article extraction.

The work is done by the Rust crates of precis (the native module ``precis._precis``); this
package adds no summarizing or scoring logic of its own.

- :func:`summarize` / :func:`summarize_batch` / :class:`Summarizer`: highlights of articles
  (plain text, ``.story`` content, or HTML with ``html=True``), each a sentence of the cleaned
  text with its byte span; batches run on all cores with the GIL released.
- :func:`segment` / :func:`segment_batch`: the sentences of texts in any language, exactly as
  given (``precis segment``).
- :func:`extract`: the article text and metadata of an HTML page.
- :mod:`precis.rouge_score`: a drop-in for Google's ``rouge_score`` (same numbers, bit for
  bit) and Hugging Face ``evaluate``'s ``rouge`` (:func:`precis.rouge_score.compute`).
- :mod:`precis.spark`, :mod:`precis.dask`: the same inside Spark and Dask.
"""

from ._precis import (
    MAX_TEXT_BYTES,
    Highlight,
    Page,
    Removed,
    Summarizer,
    Summary,
    __version__,
    extract,
    segment,
    segment_batch,
    summarize,
    summarize_batch,
)

__all__ = [
    "MAX_TEXT_BYTES",
    "Highlight",
    "Page",
    "Removed",
    "Summarizer",
    "Summary",
    "__version__",
    "extract",
    "segment",
    "segment_batch",
    "summarize",
    "summarize_batch",
]
