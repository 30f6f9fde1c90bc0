"""Scores `precis summarize -f jsonl` outputs against their references with Google's Python
rouge-score (rouge1/rouge2/rougeLsum, use_stemmer=True): candidate = highlights joined by "\n",
reference = the record's reference highlights joined by "\n". Prints mean F x100 and words."""
import json
import sys

from rouge_score import rouge_scorer


def main():
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    print("| output | records | R1 | R2 | RLsum | words |")
    print("|---|---:|---:|---:|---:|---:|")
    for path in sys.argv[1:]:
        recs = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
        recs = [r for r in recs if "highlights" in r and r.get("reference")]
        tot, words = [0.0, 0.0, 0.0], 0
        for r in recs:
            cand = "\n".join(h["text"] for h in r["highlights"])
            s = scorer.score("\n".join(r["reference"]), cand)
            for i, k in enumerate(["rouge1", "rouge2", "rougeLsum"]):
                tot[i] += s[k].fmeasure
            words += len(cand.split())
        n = max(len(recs), 1)
        cells = " | ".join(f"{100 * t / n:.2f}" for t in tot)
        print(f"| {path.rsplit('/', 1)[-1]} | {len(recs)} | {cells} | {words / n:.1f} |")


if __name__ == "__main__":
    main()
