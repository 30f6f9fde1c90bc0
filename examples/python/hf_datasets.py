"""Summarize and score a Hugging Face `datasets.Dataset` with `map(..., batched=True)`.

    python examples/python/hf_datasets.py ../shared/data/cnndm-test-frank250.jsonl

With the Hub at hand, `datasets.load_dataset("cnn_dailymail", "3.0.0", split="test")` gives the
same fields; here a local JSONL file is loaded. `num_proc=2` pickles the Summarizer into two
worker processes.
"""

import sys

import datasets

import precis
from precis.rouge_score import compute


def main(src):
    ds = datasets.load_dataset("json", data_files=src, split="train")
    summarizer = precis.Summarizer(method="auto")

    def add_highlights(batch):
        out = summarizer.summarize_batch(batch["article"], errors="return")
        return {"precis": [None if isinstance(s, Exception) else str(s) for s in out]}

    ds = ds.map(add_highlights, batched=True, batch_size=256, num_proc=2)
    print(ds[0]["precis"])
    # The dict evaluate.load("rouge").compute(...) returns, computed by precis.
    print(compute(predictions=ds["precis"], references=ds["highlights"], use_stemmer=True))


if __name__ == "__main__":
    main(sys.argv[1])
