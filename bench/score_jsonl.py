"""Scores `precis summarize -f jsonl` (or `precis train --cv-output`) outputs against their
references with Google's Python rouge-score (rouge1/rouge2/rougeLsum, use_stemmer=True):
candidate = highlights joined by "\n", reference = the record's reference highlights joined by
"\n". Prints mean F x100 and words; with `--baseline FILE`, also each output's paired
per-article difference from that file (mean +- standard error), records matched by id."""
import json
import math
import sys

from rouge_score import rouge_scorer

KEYS = ["rouge1", "rouge2", "rougeLsum"]


def score_file(scorer, path):
    recs = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    recs = [r for r in recs if "highlights" in r and r.get("reference")]
    out = []
    for r in recs:
        cand = "\n".join(h["text"] for h in r["highlights"])
        s = scorer.score("\n".join(r["reference"]), cand)
        out.append((r["id"], [100 * s[k].fmeasure for k in KEYS], len(cand.split())))
    return out


def paired(base, other):
    # Records are matched by id, in order (ids may repeat: the i-th occurrence pairs with the i-th).
    seen = {}
    for rid, f, _ in base:
        seen.setdefault(rid, []).append(f)
    diffs = []
    for rid, f, _ in other:
        if seen.get(rid):
            b = seen[rid].pop(0)
            diffs.append([x - y for x, y in zip(f, b)])
    n = len(diffs)
    cells = []
    for k in range(3):
        d = [x[k] for x in diffs]
        m = sum(d) / max(n, 1)
        var = sum((x - m) ** 2 for x in d) / (n - 1) if n > 1 else 0.0
        cells.append(f"{m:+.2f}±{math.sqrt(var / max(n, 1)):.2f}")
    return n, cells


def main():
    args = sys.argv[1:]
    baseline = None
    if len(args) >= 2 and args[0] == "--baseline":
        baseline, args = args[1], args[2:]
    scorer = rouge_scorer.RougeScorer(KEYS, use_stemmer=True)
    paths = ([baseline] if baseline else []) + [p for p in args if p != baseline]
    scored = {p: score_file(scorer, p) for p in paths}
    print("| output | records | R1 | R2 | RLsum | words |" + (" ΔR1 | ΔR2 | ΔRLsum |" if baseline else ""))
    print("|---|---:|---:|---:|---:|---:|" + ("---:|---:|---:|" if baseline else ""))
    for p in paths:
        recs = scored[p]
        n = max(len(recs), 1)
        cells = " | ".join(f"{sum(f[k] for _, f, _ in recs) / n:.2f}" for k in range(3))
        words = sum(w for _, _, w in recs) / n
        row = f"| {p.rsplit('/', 1)[-1]} | {len(recs)} | {cells} | {words:.1f} |"
        if baseline:
            if p == baseline:
                row += " (baseline) | | |"
            else:
                _, d = paired(scored[baseline], recs)
                row += " " + " | ".join(d) + " |"
        print(row)


if __name__ == "__main__":
    main()
