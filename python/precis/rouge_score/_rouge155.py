"""``rouge155``: the ROUGE-1.5.5 Perl script's numbers (what pyrouge and files2rouge report)."""

from .. import _precis

__all__ = ["rouge155"]


def rouge155(predictions, references, *, options=None, use_stemmer=None, threads=0):
    """ROUGE-1.5.5 of ``predictions`` against ``references``, without Perl.

    Pair ``k`` is evaluation ``k`` of one system, exactly as ``precis rouge --rouge155`` and the
    HTTP API's ``flavor: "rouge155"`` score it.

    Args:
      predictions: list of str (sentences separated by ``"\\n"``, as pyrouge writes them).
      references: list of str, or of lists of str (several models per prediction).
      options: the script's options as one string; default pyrouge's
        ``"-c 95 -2 -1 -U -r 1000 -n 4 -w 1.2 -a -m"`` (without ``-m`` when ``use_stemmer`` is
        False). ``-s``/``-e`` (the data directory) and ``-z``/``-t 2`` are refused.
      use_stemmer: with the default options only (default True); give ``-m`` in ``options``.
      threads: cores for scoring pairs (0: all); the numbers do not depend on it.

    Returns:
      ``{"options", "types", "scores": [{type: Score}] per pair, "mean": {type: Score},
      "average": {type: {"average", "low", "high": Score}}, "confidence", "resamples"}``;
      ``types`` are the script's names (``ROUGE-1``, ``ROUGE-L``, ``ROUGE-W-1.2``,
      ``ROUGE-S4``, ``ROUGE-SU4``...), ``average`` is the script's "Average" with its
      bootstrap confidence interval.
    """
    if isinstance(predictions, (str, bytes)) or isinstance(references, (str, bytes)):
        raise TypeError("predictions and references must be lists, not str")
    return _precis.rouge155_scores(predictions, references, options=options,
                                   use_stemmer=use_stemmer, threads=threads)
