"""``RougeScorer``, as ``rouge_score.rouge_scorer``.

With the default tokenizer and ``split_summaries=False`` (the usual case) every score is
computed by precis's Rust scorer in one call; with a custom ``tokenizer`` or
``split_summaries=True`` (NLTK's ``sent_tokenize``, as rouge-score) the texts are tokenized in
Python by that tokenizer and the tokens scored in Rust. Numbers are rouge-score 0.1.2's, bit for
bit. Differences, all deliberate: texts must be ``str`` (rouge-score also takes ``bytes``), an
unknown rouge type is a ``ValueError`` when the scorer is made (rouge-score raises at the first
``score``), a pair whose ROUGE-L work exceeds 2^34 token pairs is a ``ValueError`` instead of
hours of work, and a text over 16 MiB is a ``ValueError``.

``lang=`` selects the multilingual flavour: XL-Sum's ``multilingual_rouge_scoring`` fork of
rouge-score (``RougeScorer(types, use_stemmer, lang="bengali")`` there), its tokenizer and
per-language stemmers, reproduced in Rust (``lang="porter"`` is that package's ``lang=None``).
Languages whose segmenter or stemmer precis does not reproduce exactly (japanese, thai, burmese;
with ``use_stemmer`` italian, portuguese, russian, arabic, turkish, bengali, ...) are a
``ValueError`` naming the reason, never approximate numbers.
"""

from .. import _precis
from . import scoring, tokenizers

__all__ = ["RougeScorer"]


class RougeScorer(scoring.BaseScorer):
    """Calculates ROUGE scores between a target and a prediction text.

    Args:
      rouge_types: names: ``rouge1`` .. ``rouge9``, ``rougeL``, ``rougeLsum``.
      use_stemmer: Porter-stem tokens longer than 3 characters (NLTK's stemmer).
      split_summaries: for ``rougeLsum``, split texts into sentences with
        ``nltk.sent_tokenize`` (needs nltk and its punkt data) instead of on newlines.
      tokenizer: an object with ``tokenize(text) -> list of str`` (or of int token ids); the
        default is rouge-score's tokenizer.
      lang: None (rouge-score), or the multilingual flavour's language as XL-Sum names it
        (``english``, ``french``, ``german``, ``spanish``, ``dutch``, ``hindi``, ``chinese``,
        ...; ``porter`` for XL-Sum's ``lang=None``).
    """

    def __init__(self, rouge_types, use_stemmer=False, split_summaries=False, tokenizer=None, lang=None):
        if isinstance(rouge_types, (str, bytes)):
            raise TypeError(f"rouge_types must be a list of str, not {type(rouge_types).__name__}")
        if not isinstance(split_summaries, bool):
            raise TypeError(f"split_summaries must be bool, not {type(split_summaries).__name__}")
        if tokenizer is not None and not callable(getattr(tokenizer, "tokenize", None)):
            raise TypeError("tokenizer must have a tokenize(text) method")
        if lang is not None and (tokenizer is not None or split_summaries):
            raise ValueError("lang: the multilingual flavour has its own tokenizer and splits "
                             "rougeLsum lines on newlines (no tokenizer= or split_summaries=)")
        self.rouge_types = list(rouge_types)
        self._use_stemmer = use_stemmer
        self._split_summaries = split_summaries
        self._tokenizer = tokenizer
        self._lang = lang
        self._native = _precis.RougeScorer(self.rouge_types, use_stemmer, lang)
        self._fast = tokenizer is None and not split_summaries
        if type(tokenizer) is tokenizers.DefaultTokenizer and not split_summaries:
            # Our own default tokenizer: the one-call path with its stemmer flag.
            self._native = _precis.RougeScorer(self.rouge_types, tokenizer._use_stemmer)
            self._fast = True
        if self._fast:
            # Bound native methods: no Python frame per call.
            self.score = self._native.score

    def __getstate__(self):
        return {
            "rouge_types": self.rouge_types,
            "use_stemmer": self._use_stemmer,
            "split_summaries": self._split_summaries,
            "tokenizer": self._tokenizer,
            "lang": self._lang,
        }

    def __setstate__(self, state):
        self.__init__(state["rouge_types"], state["use_stemmer"],
                      state["split_summaries"], state["tokenizer"], state.get("lang"))

    def __repr__(self):
        return (f"RougeScorer({self.rouge_types!r}, use_stemmer={self._use_stemmer!r}, "
                f"split_summaries={self._split_summaries!r}, tokenizer={self._tokenizer!r}"
                + (f", lang={self._lang!r})" if self._lang is not None else ")"))

    def score(self, target, prediction):
        """``{type: Score(precision, recall, fmeasure)}`` of ``prediction`` against ``target``."""
        if self._fast:
            return self._native.score(target, prediction)
        return self._score_tokenized(target, prediction)

    def score_multi(self, targets, prediction):
        """Per type, the score against the target with the largest F (the first on ties),
        as rouge-score (which raises on an empty ``targets``; so does this)."""
        if self._fast:
            return self._native.score_multi(targets, prediction)
        targets = list(targets)
        if not targets:
            raise ValueError("targets: empty (score_multi needs at least one target)")
        dicts = [self._score_tokenized(t, prediction) for t in targets]
        best = {}
        for k in self.rouge_types:
            i = max(range(len(dicts)), key=lambda j: (dicts[j][k].fmeasure, -j))
            best[k] = dicts[i][k]
        return best

    def score_batch(self, targets, predictions, *, threads=0, errors="raise"):
        """``[score(t, p) for t, p in zip(targets, predictions)]`` computed on ``threads``
        cores (0: all): pairs are scored with the GIL released while the calling thread builds
        the dicts of the pairs already scored; in input order, identical to ``score``.

        ``errors="raise"`` raises at the first bad pair; ``errors="return"`` puts the
        exception (``ValueError`` / ``TypeError``) in its place. With a custom tokenizer or
        ``split_summaries`` the tokenizing runs in Python, one pair after the other.
        """
        if self._fast:
            return self._native.score_batch(targets, predictions, threads=threads, errors=errors)
        if errors not in ("raise", "return"):
            raise ValueError(f'errors: must be one of "raise", "return", got {errors!r}')
        targets, predictions = list(targets), list(predictions)
        if len(targets) != len(predictions):
            raise ValueError(
                f"targets and predictions differ in length ({len(targets)} and {len(predictions)})")
        out = []
        for t, p in zip(targets, predictions):
            try:
                out.append(self._score_tokenized(t, p))
            except (TypeError, ValueError) as e:
                if errors == "raise":
                    raise
                out.append(e)
        return out

    # -- custom tokenizer / split_summaries -------------------------------------------------

    def _tokens(self, text):
        if self._tokenizer is None:
            return _precis.tokenize(text, bool(self._use_stemmer))
        return list(self._tokenizer.tokenize(text))

    def _sentences(self, text):
        if self._split_summaries:
            import nltk

            sents = nltk.sent_tokenize(text)
        else:
            sents = text.split("\n")
        return [s for s in sents if len(s)]

    def _score_tokenized(self, target, prediction):
        for name, text in (("target", target), ("prediction", prediction)):
            if not isinstance(text, str):
                raise TypeError(f"{name} must be str, not {type(text).__name__}")
        only_lsum = len(self.rouge_types) == 1 and self.rouge_types[0] == "rougeLsum"
        tt = [] if only_lsum else self._tokens(target)
        pt = [] if only_lsum else self._tokens(prediction)
        if "rougeLsum" in self.rouge_types:
            tl = [self._tokens(s) for s in self._sentences(target)]
            pl = [self._tokens(s) for s in self._sentences(prediction)]
        else:
            tl, pl = [], []
        return self._native.score_tokens(tt, tl, pt, pl)
