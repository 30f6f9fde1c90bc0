"""A drop-in for Google's ``rouge_score`` package (rouge-score 0.1.2), computed by precis.

Replace ``from rouge_score import rouge_scorer, scoring`` by
``from precis.rouge_score import rouge_scorer, scoring``: the same classes, the same
arguments, the same numbers (bit for bit, stemmer on and off), and the bootstrap intervals
numpy's global random state gives after ``np.random.seed(s)``. Added: the parallel
``RougeScorer.score_batch`` and :func:`compute`, the dict Hugging Face
``evaluate.load("rouge").compute`` returns. Other flavours: ``RougeScorer(..., lang=...)``
(XL-Sum's multilingual ROUGE) and :func:`rouge155` (the ROUGE-1.5.5 Perl script's numbers).
"""

from . import rouge_scorer, scoring, tokenizers
from ._compute import compute
from ._rouge155 import rouge155

__all__ = ["compute", "rouge155", "rouge_scorer", "scoring", "tokenizers"]
