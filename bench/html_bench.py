"""Scores precis-html's output (JSONL from crates/precis-html/examples/html_bench.rs: one
{"id","text"} line per page, then a summary line) and runs Python trafilatura on the same
pages, favor_precision=True and plain, timing them the same way (CPU time of this thread,
time.thread_time, median of passes). Prints F1/P/R (the article-extraction-benchmark metric)
and pages/s for each, with the speed ratio.
   python html_bench.py HTML_DIR PRECIS.jsonl [--passes N]"""
import gzip
import json
import os
import re
import statistics
import sys
import time
from collections import Counter

WORD = re.compile(r"\w+")


def shingles(text):
    toks = WORD.findall(text or "")
    if not toks:
        return Counter()
    if len(toks) < 4:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i : i + 4]) for i in range(len(toks) - 3))


def score(truths, preds):
    ps, rs = [], []
    for t, p in zip(truths, preds):
        T, P = shingles(t), shingles(p)
        tp = sum((T & P).values())
        np_, nt = sum(P.values()), sum(T.values())
        if np_:
            ps.append(tp / np_)
        if nt:
            rs.append(tp / nt)
    P = sum(ps) / len(ps) if ps else 0.0
    R = sum(rs) / len(rs) if rs else 0.0
    F = 2 * P * R / (P + R) if P + R else 0.0
    return F, P, R


def main():
    args = sys.argv[1:]
    passes = 3
    if "--passes" in args:
        i = args.index("--passes")
        passes = int(args[i + 1])
        del args[i : i + 2]
    data, precis_file = args
    gt = [json.loads(l) for l in open(os.path.join(data, "ground-truth.jsonl"), encoding="utf-8") if l.strip()]
    htmls = []
    for g in gt:
        with gzip.open(os.path.join(data, "pages", g["id"] + ".html.gz"), "rb") as f:
            htmls.append(f.read().decode("utf-8", errors="replace"))
    truths = [g["articleBody"] for g in gt]

    precis_rows, summary = {}, None
    for line in open(precis_file, encoding="utf-8"):
        d = json.loads(line)
        if "id" in d:
            precis_rows[d["id"]] = d.get("text") or ""
        elif d.get("system"):
            summary = d
    rows = []
    F, P, R = score(truths, [precis_rows.get(g["id"], "") for g in gt])
    rows.append(("precis-html (dom_smoothie 0.19 + pre-clean)", F, P, R, summary["pages_per_s_cpu"], summary["cpu_s"]))

    import trafilatura

    for name, kwargs in [
        ("trafilatura 2.3.1 favor_precision", {"favor_precision": True}),
        ("trafilatura 2.3.1", {}),
    ]:
        times, outs = [], None
        for _ in range(passes):
            t0 = time.thread_time()
            res = [trafilatura.extract(h, include_comments=False, **kwargs) or "" for h in htmls]
            times.append(time.thread_time() - t0)
            outs = res
        cpu = statistics.median(times)
        F, P, R = score(truths, outs)
        rows.append((name, F, P, R, len(htmls) / cpu, cpu))

    base = rows[1][4]
    print(f"{len(htmls)} pages, one thread, CPU time, median of {passes} passes")
    print(f"{'system':46} {'F1':>7} {'P':>7} {'R':>7} {'pages/s':>8} {'vs traf-prec':>12}")
    for name, F, P, R, pps, _ in rows:
        print(f"{name:46} {F:7.4f} {P:7.4f} {R:7.4f} {pps:8.1f} {pps / base:11.1f}x")


if __name__ == "__main__":
    main()
