"""Tokenizers, as ``rouge_score.tokenizers``."""

import abc

from .. import _precis


class Tokenizer(abc.ABC):
    """Base class of tokenizers given to ``RougeScorer(tokenizer=...)``."""

    @abc.abstractmethod
    def tokenize(self, text):
        """The list of tokens of ``text``."""


class DefaultTokenizer(Tokenizer):
    """rouge-score's default tokenizer: lower-cased ``[a-z0-9]+`` runs, tokens longer than 3
    characters Porter-stemmed (NLTK's stemmer, ported to Rust) with ``use_stemmer``."""

    def __init__(self, use_stemmer=False):
        self._use_stemmer = bool(use_stemmer)

    def tokenize(self, text):
        return _precis.tokenize(text, self._use_stemmer)
