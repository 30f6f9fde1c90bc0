"""precis: story highlights for news articles, exact ROUGE, HTML article extraction.

The work is done by the Rust crates of precis (the native module ``precis._precis``); this
package adds no summarizing or scoring logic of its own.

- :func:`summarize` / :func:`summarize_batch` / :class:`Summarizer`: highlights of articles
  (plain text, ``.story`` content, or HTML with ``html=True``), each a sentence of the cleaned
  text with its byte span; batches run on all cores with the GIL released.
- :func:`segment` / :func:`segment_batch`: the sentences of texts in any language, exactly as
  given (``precis segment``).
- :func:`extract`: the article text and metadata of an HTML page.
- :func:`verify`: check a summary against its article, sentence by sentence (``precis verify``).
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
from ._precis import verify_json as _verify_json

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
    "verify",
]


def verify(
    article: str,
    summary: str,
    *,
    lang: str = "auto",
    clean: bool = True,
    include_text: bool = False,
) -> dict:
    """Checks ``summary`` against ``article`` sentence by sentence (``precis verify``).

    Returns the CLI's JSON record as a dict: ``score`` in [0, 1] (higher = better supported),
    ``unsupported`` (how many items), and per summary sentence its span in the summary, its
    ``support`` (source sentences with spans into the cleaned article) and its
    ``unsupported`` numbers, dates, names, quotes and content words, each with its span.
    Raises ``ValueError`` naming ``article`` or ``summary`` when one is empty or not text.
    """
    import json

    return json.loads(
        _verify_json(article, summary, lang=lang, clean=clean, include_text=include_text)
    )
