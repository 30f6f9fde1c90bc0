"""Scores and aggregation, as ``rouge_score.scoring``.

``BootstrapAggregator.aggregate()`` draws from numpy's *global* legacy random state exactly as
rouge-score's does (``np.random.choice`` per resample, numpy's MT19937 stream, 'linear'
percentiles): it reads the state with ``np.random.get_state()``, resamples in Rust on all cores,
and leaves the state where rouge-score's loop would have (``np.random.set_state``). So
``np.random.seed(s)`` followed by ``aggregate()`` gives rouge-score's intervals for the same
scores, and later numpy draws are unchanged too. Without numpy installed, or with
``BootstrapAggregator(seed=s)``, the draws start from ``np.random.seed(s)``'s state (``s = 0``
when numpy is absent) and no global state is touched.
"""

import abc
import collections

from .._precis import Score, bootstrap_intervals

AggregateScore = collections.namedtuple("AggregateScore", ["low", "mid", "high"])
AggregateScore.__module__ = __name__

__all__ = ["AggregateScore", "BaseScorer", "BootstrapAggregator", "Score", "fmeasure"]


class BaseScorer(abc.ABC):
    """Base class of scorers (``score(target, prediction) -> {type: Score}``)."""

    @abc.abstractmethod
    def score(self, target, prediction):
        """The scores of ``prediction`` against ``target``."""


def fmeasure(precision, recall):
    """rouge-score's F-measure: ``2 * P * R / (P + R)``, 0.0 when ``P + R`` is not positive."""
    if precision + recall > 0:
        return 2 * precision * recall / (precision + recall)
    return 0.0


def _numpy_random():
    """numpy's legacy global ``RandomState`` functions, or None without numpy."""
    try:
        import numpy as np
    except ImportError:
        return None
    return np


class BootstrapAggregator:
    """Confidence intervals of mean scores by bootstrap resampling, as rouge-score's.

    Args:
      confidence_interval: in [0, 1] (default 0.95).
      n_samples: resamples per score type (default 1000).
      seed: None (default) to draw from numpy's global random state like rouge-score;
        an int to draw as after ``np.random.seed(seed)`` without touching numpy's state.
      threads: worker threads for the resampling (0: all cores); the result is the same at
        any count.
    """

    def __init__(self, confidence_interval=0.95, n_samples=1000, *, seed=None, threads=0):
        if isinstance(n_samples, bool) or not hasattr(n_samples, "__index__"):
            raise TypeError(f"n_samples must be int, not {type(n_samples).__name__}")
        if n_samples <= 0:
            raise ValueError("n_samples must be positive")
        if not 0 <= confidence_interval <= 1:
            raise ValueError("confidence_interval must be in range [0, 1]")
        if seed is not None and (isinstance(seed, bool) or not 0 <= int(seed) < 2**32):
            raise ValueError(f"seed must be an int in [0, 2**32), got {seed!r}")
        self._n_samples = int(n_samples)
        self._confidence_interval = confidence_interval
        self._seed = seed
        self._threads = threads
        self._scores = collections.defaultdict(list)

    def add_scores(self, scores):
        """Adds one ``{type: Score}`` dict (a ``score()`` result)."""
        for score_type, score in scores.items():
            self._scores[score_type].append(score)

    def aggregate(self):
        """``{type: AggregateScore(low, mid, high)}`` in the order types were first added."""
        keys = list(self._scores)
        groups = [self._scores[k] for k in keys]
        np = _numpy_random() if self._seed is None else None
        if np is not None:
            state = np.random.get_state()
            if state[0] != "MT19937":  # pragma: no cover - numpy's legacy state is MT19937
                raise ValueError(f"numpy's global random state is {state[0]}, not MT19937")
            out, key, pos = bootstrap_intervals(
                groups, self._confidence_interval, self._n_samples,
                key=state[1].tolist(), pos=int(state[2]), threads=self._threads)
            np.random.set_state((state[0], np.asarray(key, dtype=np.uint32), pos, state[3], state[4]))
        else:
            out, _, _ = bootstrap_intervals(
                groups, self._confidence_interval, self._n_samples,
                seed=self._seed or 0, threads=self._threads)
        result = {}
        for k, group, v in zip(keys, groups, out):
            cls = type(group[0])
            if not (isinstance(group[0], tuple) and hasattr(cls, "_fields")):
                cls = Score
            result[k] = AggregateScore(low=cls(*v[0:3]), mid=cls(*v[3:6]), high=cls(*v[6:9]))
        return result
