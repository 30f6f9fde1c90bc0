"""Hugging Face datasets: dataset.map(..., batched=True) with a Summarizer, in 1 and 2 processes."""

import os

import pytest

os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
datasets = pytest.importorskip("datasets")

import precis  # noqa: E402
from precis.rouge_score import compute  # noqa: E402


def test_dataset_map_batched(dev_records, cli_summaries, tmp_path):
    ds = datasets.Dataset.from_list([{"id": r["id"], "article": r["article"], "highlights": r["highlights"]}
                                     for r in dev_records])
    summarizer = precis.Summarizer()

    def add_highlights(batch):
        out = summarizer.summarize_batch(batch["article"], errors="return")
        return {"precis": [None if isinstance(s, Exception) else str(s) for s in out]}

    want = ["\n".join(h["text"] for h in __import__("json").loads(line)["highlights"])
            for line in cli_summaries("auto")]
    for num_proc in (None, 2):
        mapped = ds.map(add_highlights, batched=True, batch_size=64, num_proc=num_proc,
                        cache_file_name=str(tmp_path / f"cache-{num_proc}.arrow"))
        assert mapped["precis"] == want
    scores = compute(predictions=mapped["precis"], references=mapped["highlights"], use_stemmer=True)
    assert 0.40 < scores["rouge1"] < 0.45
