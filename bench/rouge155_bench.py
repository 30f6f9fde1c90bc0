#!/usr/bin/env python3
"""ROUGE-1.5.5 drop-in: pyrouge through scripts/ROUGE-1.5.5.pl, and speed against the script's
recorded run times and against rouge-score in the same run.

Usage (via bench/rouge155.sh): rouge155_bench.py REPO PRECIS_BINARY BOOTSTRAP_BENCH_BINARY FIXTURES DATA.jsonl OUTDIR

1. pyrouge 0.1.3 (PyPI), unchanged, with rouge_dir = REPO/scripts: its default options
   (-e data -c 95 -2 -1 -U -r 1000 -n 4 -w 1.2 -a -m) on the 250 bart/highlights pairs; every
   Average line must equal the script's recorded output (fixtures/rouge155/outputs/raw/bart250__O1.out).
2. CPU (user+sys) time of `precis rouge155` (one worker thread), median of 5 runs, on the
   fixture's bart250 config (the script: 3.44 s user, outputs/timing.txt) and on all 5 systems
   x 250 (1,250 pairs written as pyrouge writes them; the script: 17.09 s user).
3. rouge-score 0.1.2 on the same 250 pairs in the same run (rouge1/2/L/Lsum, stemmer,
   BootstrapAggregator after np.random.seed(0)), CPU time, median of 3.
4. rouge-score's bootstrap in precis on 1 and 2 threads (examples/bootstrap_bench).
"""
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

REPO, PRECIS, BOOT, FIX, DATA, OUT = sys.argv[1:7]
R155 = os.path.join(FIX, "rouge155")
O1 = "-c 95 -2 -1 -U -r 1000 -n 4 -w 1.2 -a -m".split()


def child_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_timed(cmd, cwd=None, env=None):
    c0, w0 = child_cpu(), time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, check=True)
    return child_cpu() - c0, time.perf_counter() - w0, p.stdout.decode()


def averages(text):
    return [l for l in text.splitlines() if " Average_" in l]


def load_pairs(path):
    with open(path, encoding="utf-8") as fh:
        return [json.loads(l) for l in fh if l.strip()]


def pyrouge_demo(tmp):
    from pyrouge import Rouge155
    pairs = load_pairs(os.path.join(R155, "inputs/bart250/pairs.jsonl"))
    sysd, refd = os.path.join(tmp, "system"), os.path.join(tmp, "reference")
    os.makedirs(sysd)
    os.makedirs(refd)
    for p in pairs:
        k = p["eval_id"]
        with open(os.path.join(sysd, f"{int(k):04d}.txt"), "w", encoding="utf-8") as fh:
            fh.write(p["candidate"])
        for j, ref in enumerate(p["references"]):
            with open(os.path.join(refd, f"{int(k):04d}.{'ABCD'[j]}.txt"), "w", encoding="utf-8") as fh:
                fh.write(ref)
    r = Rouge155(rouge_dir=os.path.join(REPO, "scripts"))
    r.system_dir, r.model_dir = sysd, refd
    r.system_filename_pattern = r"(\d+).txt"
    r.model_filename_pattern = "#ID#.[A-Z].txt"
    c0, w0 = child_cpu(), time.perf_counter()
    output = r.convert_and_evaluate()
    cpu, wall = child_cpu() - c0, time.perf_counter() - w0
    with open(os.path.join(R155, "outputs/raw/bart250__O1.out"), encoding="utf-8") as fh:
        want = averages(fh.read())
    got = averages(output)
    d = r.output_to_dict(output)
    return {
        "average_lines": len(got),
        "identical_to_script": got == want,
        "rouge_1_f": d["rouge_1_f_score"],
        "rouge_2_f": d["rouge_2_f_score"],
        "rouge_l_f": d["rouge_l_f_score"],
        "cpu_s": cpu,
        "wall_s": wall,
    }


def write_see(path, text):
    # pyrouge 0.1.3's convert_text_to_rouge_format, byte for byte.
    from pyrouge import Rouge155
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(Rouge155.convert_text_to_rouge_format(text))


def five250(tmp):
    """All 5 systems x 250 documents, system-major EVAL IDs 1..1250, as in SPEC §9."""
    recs = load_pairs(DATA)
    systems = ["bart", "bertsum", "bottom_up", "pointer_generator", "seq2seq"]
    root = os.path.join(tmp, "five250")
    os.makedirs(os.path.join(root, "peers"))
    os.makedirs(os.path.join(root, "models"))
    evals = []
    k = 0
    for s in systems:
        for r in recs:
            k += 1
            write_see(os.path.join(root, "peers", f"{k:04d}.html"), r["systems"][s])
            write_see(os.path.join(root, "models", f"{k:04d}.A.html"), r["highlights"])
            evals.append(
                f'<EVAL ID="{k}">\n<MODEL-ROOT>models</MODEL-ROOT>\n<PEER-ROOT>peers</PEER-ROOT>\n'
                f'<INPUT-FORMAT TYPE="SEE">\n</INPUT-FORMAT>\n<PEERS>\n<P ID="1">{k:04d}.html</P>\n</PEERS>\n'
                f'<MODELS>\n<M ID="A">{k:04d}.A.html</M>\n</MODELS>\n</EVAL>'
            )
    with open(os.path.join(root, "config.xml"), "w", encoding="utf-8") as fh:
        fh.write('<ROUGE-EVAL version="1.55">\n' + "\n".join(evals) + "\n</ROUGE-EVAL>\n")
    return root


def time_precis(cwd, runs=5):
    env = dict(os.environ, RAYON_NUM_THREADS="1")
    cpu, wall = [], []
    out = ""
    for _ in range(runs):
        c, w, out = run_timed([PRECIS, "rouge155", "-e", "data", *O1, "-d", "config.xml"], cwd=cwd, env=env)
        cpu.append(c)
        wall.append(w)
    return statistics.median(cpu), statistics.median(wall), out


def time_rouge_score(rounds=3):
    import numpy as np
    from rouge_score import rouge_scorer, scoring
    pairs = load_pairs(os.path.join(R155, "inputs/bart250/pairs.jsonl"))
    sc = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL", "rougeLsum"], use_stemmer=True)
    cpu = []
    for _ in range(rounds):
        c0 = time.process_time()
        agg = scoring.BootstrapAggregator()
        for p in pairs:
            agg.add_scores(sc.score(p["references"][0], p["candidate"]))
        np.random.seed(0)
        res = agg.aggregate()
        cpu.append(time.process_time() - c0)
    return statistics.median(cpu), res["rouge1"].mid.fmeasure


def recorded(name):
    with open(os.path.join(R155, "outputs/timing.txt"), encoding="utf-8") as fh:
        for line in fh:
            m = re.match(rf"{re.escape(name)} [0-9.]+ s wall ([0-9.]+) s user", line)
            if m:
                return float(m.group(1))
    return None


def main():
    res = {}
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["HOME"] = tmp  # pyrouge writes ~/.pyrouge/settings.ini
        os.environ["PATH"] = os.path.dirname(PRECIS) + os.pathsep + os.environ["PATH"]
        res["pyrouge"] = pyrouge_demo(tmp)
        py = res["pyrouge"]
        print(f"pyrouge 0.1.3 through scripts/ROUGE-1.5.5.pl: {py['average_lines']} Average lines, "
              f"{'identical to' if py['identical_to_script'] else 'DIFFERENT FROM'} the script's recorded output; "
              f"R1/R2/RL F {py['rouge_1_f']:.5f}/{py['rouge_2_f']:.5f}/{py['rouge_l_f']:.5f}")
        for name, cwd in [("bart250__O1", os.path.join(R155, "inputs/bart250")),
                          ("five250__O1", five250(tmp))]:
            cpu, wall, out = time_precis(cwd)
            script = recorded(name)
            n = sum(1 for l in out.splitlines() if " ROUGE-1 Eval " in l)
            res[name] = {"pairs": n, "precis_cpu_s": cpu, "precis_wall_s": wall, "script_user_s": script,
                         "speedup": script / cpu if script else None,
                         "averages_F": [l.split()[3] for l in averages(out) if "Average_F" in l][:5]}
            print(f"{name}: {n} pairs, precis rouge155 {cpu * 1000:.0f} ms CPU ({wall * 1000:.0f} ms wall, 1 thread) "
                  f"vs ROUGE-1.5.5.pl {script:.2f} s user (recorded): {script / cpu:.0f}x")
        rs_cpu, r1 = time_rouge_score()
        b = res["bart250__O1"]
        res["rouge_score_bart250"] = {"cpu_s": rs_cpu, "rouge1_mid_f": r1}
        print(f"rouge-score 0.1.2 on the same 250 pairs (rouge1/2/L/Lsum, stemmer, bootstrap): {rs_cpu:.2f} s CPU; "
              f"precis rouge155 (8 metrics + bootstrap) is {rs_cpu / b['precis_cpu_s']:.0f}x faster")
    boot = json.loads(subprocess.run([BOOT, DATA, "--repeat", "10", "--rounds", "5"],
                                     capture_output=True, check=True, text=True).stdout)
    res["bootstrap_threads"] = boot
    print(f"rouge-score bootstrap in precis, {boot['scores_per_type']} scores x 4 types x 1000 resamples: "
          f"1 thread {boot['wall_1_thread_s'] * 1000:.0f} ms, 2 threads {boot['wall_2_threads_s'] * 1000:.0f} ms wall, "
          f"ratio {boot['ratio_2_over_1']:.2f} (identical: {boot['identical']})")
    print(f"load average during the run: {os.getloadavg()}")
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "rouge155.json"), "w") as fh:
        json.dump(res, fh, indent=1)
    if not py["identical_to_script"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
