#!/usr/bin/env python3
"""The Python package's speed, in one Python process, against its peers in the same run.

Usage (via bench/python.sh): python_bench.py DATA.jsonl PRECIS_CLI [--quick]

ROUGE (rouge1, rouge2, rougeL, rougeLsum, stemmer) on 12,500 pairs (the 1,250 dev pairs x 10):
  precis  RougeScorer.score (one pair per call) and score_batch (all cores)
  rouge-score-rs 0.2.1  RougeScorer.score and its own score_batch (all cores)
  rouge-score 0.1.2  RougeScorer.score (timed on the 1,250 distinct pairs: same workload per pair)
Summarizing the 250 dev articles x 10 (2,500 articles, method auto unless said):
  precis  summarize_batch(threads=1), summarize() per article, summarize_batch(threads=0)
  the CLI  `precis summarize FILE -f jsonl -j 1 -o /dev/null` on the same 2,500 records (CPU time
           of the child, from getrusage), its Python overhead = 1 - python/cli articles per CPU-s
  sumy 0.13.0 LexRank (3 sentences), on the 250 articles, against precis lexrank
CPU time (process_time, all threads) is the primary measure (the machine is shared); wall time
beside it, and for the all-core rows wall time is what matters. Medians of ROUNDS (default 3).
"""
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

from summarize_bench import punkt_data_dir  # the same punkt_tab directory for sumy

TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]
ROUNDS = int(os.environ.get("ROUNDS", "3"))


def timed(fn, rounds=ROUNDS):
    fn_out = None
    cpu, wall = [], []
    for _ in range(rounds):
        c0, w0 = time.process_time(), time.perf_counter()
        fn_out = fn()
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    return statistics.median(cpu), statistics.median(wall), fn_out


def rate(n, t):
    return n / t if t > 0 else float("inf")


def loop_score(scorer, pairs):
    def run():
        chk = 0.0
        for t, p in pairs:
            s = scorer.score(t, p)
            chk += s["rouge1"].fmeasure + s["rougeLsum"].fmeasure
        return chk
    return run


def main():
    data, cli = sys.argv[1], sys.argv[2]
    quick = "--quick" in sys.argv
    recs = [json.loads(line) for line in open(data, encoding="utf-8") if line.strip()]
    pairs1250 = [(r["highlights"], out) for r in recs for _, out in sorted(r["systems"].items())]
    pairs = pairs1250 * 10
    import precis
    from precis.rouge_score import rouge_scorer as prs
    import rouge_score_rs
    from rouge_score import rouge_scorer as grs

    print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; precis {precis.__version__}, "
          f"default threads {precis._precis.default_threads()}; medians of {ROUNDS})")
    ours = prs.RougeScorer(TYPES, use_stemmer=True)
    rs = rouge_score_rs.RougeScorer(TYPES, use_stemmer=True)
    g = grs.RougeScorer(TYPES, use_stemmer=True)
    for sc in (ours, rs, g):  # warm-up
        for t, p in pairs1250[:50]:
            sc.score(t, p)
    ts, ps = [t for t, _ in pairs], [p for _, p in pairs]
    rows = {}
    rows["rouge-score 0.1.2 score"] = timed(loop_score(g, pairs1250[: 250 if quick else 1250]), 1 if quick else ROUNDS)[:2]
    n_g = 250 if quick else 1250
    rows["rouge-score-rs score"] = timed(loop_score(rs, pairs))[:2]
    rows["rouge-score-rs score_batch (all cores)"] = timed(lambda: rs.score_batch(ts, ps))[:2]
    rows["precis score"] = timed(loop_score(ours, pairs))[:2]
    rows["precis score_batch threads=1"] = timed(lambda: ours.score_batch(ts, ps, threads=1))[:2]
    rows["precis score_batch (all cores)"] = timed(lambda: ours.score_batch(ts, ps))[:2]
    # Same numbers, all of them.
    a = ours.score_batch(ts[:1250], ps[:1250])
    b = [g.score(t, p) for t, p in pairs1250[:n_g]]
    assert a[:n_g] == b, "precis differs from rouge-score"
    base_cpu = rows["rouge-score-rs score"][0]
    base_wall = rows["rouge-score-rs score"][1]
    print(f"\n## ROUGE: {len(pairs):,} pairs, {', '.join(TYPES)}, stemmer (rouge-score timed on {n_g} pairs)")
    print("| implementation | pairs/s (CPU) | pairs/s (wall) | x rouge-score-rs score (CPU) | (wall) | x rouge-score (wall) |")
    print("|---|---:|---:|---:|---:|---:|")
    g_wall = rows["rouge-score 0.1.2 score"][1] / n_g
    for k, (c, w) in rows.items():
        n = n_g if k.startswith("rouge-score 0.1.2") else len(pairs)
        print(f"| {k} | {rate(n, c):,.0f} | {rate(n, w):,.0f} | {(base_cpu / len(pairs)) / (c / n):.2f} | "
              f"{(base_wall / len(pairs)) / (w / n):.2f} | {g_wall / (w / n):.1f} |")

    # Summarizing.
    arts = [r["article"] for r in recs]
    arts10 = arts * 10
    n = len(arts10)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
        for i, a in enumerate(arts10):
            fh.write(json.dumps({"id": str(i), "article": a}) + "\n")
        path = fh.name

    def cli_run(method, threads):
        def run():
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            w0 = time.perf_counter()
            subprocess.run([cli, "summarize", path, "-f", "jsonl", "-q", "-m", method, "-j", str(threads),
                            "-o", os.devnull], check=True)
            w = time.perf_counter() - w0
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            return (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime), w
        cpus, walls = zip(*[run() for _ in range(ROUNDS)])
        return statistics.median(cpus), statistics.median(walls)

    srows = {}
    srows["CLI -j 1 (auto)"] = cli_run("auto", 1)
    srows["precis.summarize_batch threads=1 (auto)"] = timed(lambda: precis.summarize_batch(arts10, threads=1))[:2]
    srows["precis.summarize per article (auto)"] = timed(lambda: [precis.summarize(a) for a in arts10])[:2]
    srows["CLI all cores (auto)"] = cli_run("auto", 0)
    srows["precis.summarize_batch all cores (auto)"] = timed(lambda: precis.summarize_batch(arts10))[:2]
    srows["CLI -j 1 (lexrank)"] = cli_run("lexrank", 1)
    srows["precis.summarize_batch threads=1 (lexrank, corpus IDF)"] = timed(
        lambda: precis.summarize_batch(arts10, threads=1, method="lexrank", corpus_idf=True))[:2]
    os.environ["NLTK_DATA"] = punkt_data_dir()
    import nltk

    nltk.data.path.insert(0, os.environ["NLTK_DATA"])
    from sumy.nlp.stemmers import Stemmer
    from sumy.nlp.tokenizers import Tokenizer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    tok = Tokenizer("english")
    lex = LexRankSummarizer(Stemmer("english"))
    lex.stop_words = get_stop_words("english")
    sumy_arts = arts[:50] if quick else arts

    def sumy_run():
        for a in sumy_arts:
            lex(PlaintextParser.from_string(a, tok).document, 3)

    c, w = timed(sumy_run, 1)[:2]
    srows["sumy 0.13.0 LexRank (3 sentences)"] = (c * n / len(sumy_arts), w * n / len(sumy_arts))
    print(f"\n## Summarizing: {n:,} articles (the 250 dev articles x 10); sumy timed on {len(sumy_arts)}")
    print("| what | articles/s (CPU) | articles/s (wall) |")
    print("|---|---:|---:|")
    for k, (c, w) in srows.items():
        print(f"| {k} | {rate(n, c):,.0f} | {rate(n, w):,.0f} |")
    cli1 = rate(n, srows["CLI -j 1 (auto)"][0])
    py1 = rate(n, srows["precis.summarize_batch threads=1 (auto)"][0])
    one = rate(n, srows["precis.summarize per article (auto)"][0])
    lexcli = rate(n, srows["CLI -j 1 (lexrank)"][0])
    lexpy = rate(n, srows["precis.summarize_batch threads=1 (lexrank, corpus IDF)"][0])
    sumy = rate(n, srows["sumy 0.13.0 LexRank (3 sentences)"][0])
    print(f"\nPython overhead against the CLI, one thread, CPU time: summarize_batch {100 * (1 - py1 / cli1):+.1f}% "
          f"(auto), {100 * (1 - lexpy / lexcli):+.1f}% (lexrank); summarize() per article {100 * (1 - one / cli1):+.1f}%")
    print(f"precis lexrank against sumy LexRank (CPU): {lexpy / sumy:,.0f}x; precis auto: {py1 / sumy:,.0f}x")
    os.unlink(path)


if __name__ == "__main__":
    main()
