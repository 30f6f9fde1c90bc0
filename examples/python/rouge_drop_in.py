"""precis.rouge_score as a drop-in for Google's rouge_score (same classes, same numbers).

    python examples/python/rouge_drop_in.py ../shared/data/cnndm-test-frank250.jsonl
"""

import json
import sys

import numpy as np

from precis.rouge_score import rouge_scorer, scoring  # was: from rouge_score import ...


def main(src):
    recs = [json.loads(line) for line in open(src, encoding="utf-8") if line.strip()]
    targets = [r["highlights"] for r in recs]
    predictions = [r["systems"]["bart"] for r in recs]
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    aggregator = scoring.BootstrapAggregator()
    for scores in scorer.score_batch(targets, predictions):  # all cores; == [scorer.score(t, p) ...]
        aggregator.add_scores(scores)
    np.random.seed(0)  # the intervals rouge-score gives after the same seed
    for name, agg in aggregator.aggregate().items():
        print(f"{name}: F {100 * agg.mid.fmeasure:.2f} ({100 * agg.low.fmeasure:.2f}-{100 * agg.high.fmeasure:.2f})")


if __name__ == "__main__":
    main(sys.argv[1])
