"""``compute``: what Hugging Face ``evaluate.load("rouge").compute(...)`` returns."""

from .rouge_scorer import RougeScorer
from .scoring import BootstrapAggregator

__all__ = ["compute"]


class _FunctionTokenizer:
    """evaluate's wrapper that turns a tokenizing function into a tokenizer object."""

    def __init__(self, fn):
        self._fn = fn

    def tokenize(self, text):
        return self._fn(text)


def compute(predictions, references, rouge_types=None, use_aggregator=True,
            use_stemmer=False, tokenizer=None, *, threads=0):
    """ROUGE of ``predictions`` against ``references``, as ``evaluate``'s ``rouge`` metric.

    Args:
      predictions: list of str.
      references: list of str, or list of lists of str (several references per prediction:
        the best-scoring one counts, as ``score_multi``).
      rouge_types: default ``["rouge1", "rouge2", "rougeL", "rougeLsum"]``.
      use_aggregator: True: ``{type: mid F}`` of rouge-score's bootstrap (numpy's global
        random state, as evaluate); False: ``{type: [F per pair]}``.
      use_stemmer: Porter stemming.
      tokenizer: a function ``text -> list of tokens``.
      threads: cores for scoring (0: all); the numbers do not depend on it.

    Returns:
      The same dict, keys and values, as ``evaluate.load("rouge").compute(...)``.
    """
    if rouge_types is None:
        rouge_types = ["rouge1", "rouge2", "rougeL", "rougeLsum"]
    if isinstance(predictions, str) or isinstance(references, str):
        raise TypeError("predictions and references must be lists, not str")
    predictions = list(predictions)
    references = list(references)
    if len(predictions) != len(references):
        raise ValueError(
            f"Mismatch in the number of predictions ({len(predictions)}) and references ({len(references)})")
    if not predictions:
        raise ValueError("predictions: empty")
    multi_ref = isinstance(references[0], (list, tuple))
    if tokenizer is not None:
        tokenizer = _FunctionTokenizer(tokenizer)
    scorer = RougeScorer(rouge_types=rouge_types, use_stemmer=use_stemmer, tokenizer=tokenizer)
    if multi_ref:
        scores = [scorer.score_multi(ref, pred) for ref, pred in zip(references, predictions)]
    else:
        scores = scorer.score_batch(references, predictions, threads=threads)
    if use_aggregator:
        aggregator = BootstrapAggregator(threads=threads)
        for s in scores:
            aggregator.add_scores(s)
        return {key: value.mid.fmeasure for key, value in aggregator.aggregate().items()}
    return {key: [s[key].fmeasure for s in scores] for key in scores[0]}
