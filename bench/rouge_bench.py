#!/usr/bin/env python3
"""ROUGE speed: rouge-score vs rouge-score-rs vs precis-rouge, one thread, same run.

Usage (via bench/rouge.sh): rouge_bench.py DATA.jsonl PRECIS_BENCH_BINARY OUTDIR [--full]

Sets: pairs10x = the 1,250 (highlights, system output) CNN/DM pairs x 10 (12,500 pairs);
long = 250 (highlights, full article) pairs. All: RougeScorer(['rouge1','rouge2','rougeL',
'rougeLsum'], use_stemmer=True).score(reference, candidate), texts in memory, scorer built,
50-pair warm-up, medians of 3 rounds, CPU time (time.process_time / per-thread schedstat) as
the primary measure (the machine is shared and noisy), wall time alongside.
rouge-score is timed on the 1,250 distinct pairs per round (pairs10x is those pairs repeated
10 times, so pairs/s is the same workload) unless --full, to keep the bench under ~5 minutes.
"""
import json
import os
import statistics
import subprocess
import sys
import time

os.environ.setdefault("RAYON_NUM_THREADS", "1")

TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]


def load(path):
    with open(path, encoding="utf-8") as fh:
        recs = [json.loads(line) for line in fh if line.strip()]
    pairs = [(r["highlights"], out) for r in recs for out in r["systems"].values()]
    long = [(r["highlights"], r["article"]) for r in recs]
    return pairs, long


def write_jsonl(path, pairs):
    with open(path, "w", encoding="utf-8") as fh:
        for ref, cand in pairs:
            fh.write(json.dumps({"reference": ref, "candidate": cand}) + "\n")


def time_py(scorer, pairs, rounds=3):
    for ref, cand in pairs[:50]:
        scorer.score(ref, cand)
    cpu, wall = [], []
    chk = 0.0
    for _ in range(rounds):
        c0, w0 = time.process_time(), time.perf_counter()
        chk = 0.0
        for ref, cand in pairs:
            s = scorer.score(ref, cand)
            chk += sum(s[t].fmeasure for t in TYPES)
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    n = len(pairs)
    return {"cpu": n / statistics.median(cpu), "wall": n / statistics.median(wall), "checksum": chk}


def time_precis(binary, path, label, threads):
    out = subprocess.run([binary, path, "--threads", str(threads), "--rounds", "3", "--label", label],
                         check=True, capture_output=True, text=True).stdout
    r = json.loads(out.strip().splitlines()[-1])
    return {"cpu": r["pairs_per_s_cpu"], "wall": r["pairs_per_s_wall"], "checksum": r["checksum"]}


def main():
    data, binary, outdir = sys.argv[1], sys.argv[2], sys.argv[3]
    full = "--full" in sys.argv
    from rouge_score import rouge_scorer
    import rouge_score_rs

    pairs, long = load(data)
    sets = {"pairs10x": pairs * 10, "long": long}
    results = {}
    for name, ps in sets.items():
        path = os.path.join(outdir, f"rouge_{name}.jsonl")
        write_jsonl(path, ps)
        ref_pairs = ps if (full or name == "long") else pairs
        res = {}
        res["rouge-score"] = time_py(rouge_scorer.RougeScorer(TYPES, use_stemmer=True), ref_pairs)
        res["rouge-score-rs"] = time_py(rouge_score_rs.RougeScorer(TYPES, use_stemmer=True), ps)
        res["precis 1 thread"] = time_precis(binary, path, name, 1)
        res["precis 2 threads"] = time_precis(binary, path, name, 2)
        results[name] = res
        base = res["rouge-score"]
        rs = res["rouge-score-rs"]
        print(f"\n(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
        print(f"## {name}: {len(ps)} pairs (rouge-score timed on {len(ref_pairs)}), 4 types, stemmer, medians of 3")
        print(f"{'implementation':<18} {'pairs/s CPU':>12} {'x rouge-score':>14} {'x rouge-score-rs':>17} {'pairs/s wall':>13}")
        for k, v in res.items():
            print(f"{k:<18} {v['cpu']:>12,.0f} {v['cpu'] / base['cpu']:>14.1f} {v['cpu'] / rs['cpu']:>17.2f} {v['wall']:>13,.0f}")
        one, two = res["precis 1 thread"], res["precis 2 threads"]
        print(f"precis 2 vs 1 thread (wall): {two['wall'] / one['wall']:.2f}x  "
              f"(process CPU/s with 2 threads: {two['cpu']:,.0f} pairs per CPU-second)")
        # Same numbers check: mean F sums must agree (precis is bit-exact; the sums run in the same order
        # only for the same pair list, so compare per-pair means rounded).
        per_pair = lambda r, n: r["checksum"] / n
        print(f"mean sum-of-F per pair: rouge-score {per_pair(base, len(ref_pairs)):.12f}  "
              f"rouge-score-rs {per_pair(rs, len(ps)):.12f}  precis {per_pair(one, len(ps)):.12f}")
    with open(os.path.join(outdir, "rouge_bench.json"), "w") as fh:
        json.dump(results, fh, indent=1)


if __name__ == "__main__":
    main()
