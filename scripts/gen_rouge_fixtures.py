#!/usr/bin/env python3
"""Writes rouge-score 0.1.2's exact outputs as fixtures for crates/precis-rouge/tests/.

Run with the project venv:  .venv/bin/python scripts/gen_rouge_fixtures.py
Floats are written as Python repr strings (round-trip exact; parsed in Rust with
`str::parse::<f64>`). Source texts of the shared data are NOT copied: the tests read
../shared/data (or $PRECIS_SHARED) and compare against the numbers here.

Files (crates/precis-rouge/tests/data/):
- pairs.json: (a) cnndm 1,250 (highlights, system output) pairs keyed "id|system", (b) 250
  (highlights, article) pairs keyed by id; each with use_stemmer True ("stem") and False
  ("nostem"): 12 numbers = rouge1, rouge2, rougeL, rougeLsum x (P, R, F).
- edge.json: hand-written edge cases, generated big texts and random texts (texts included),
  plus score_multi cases.
- bootstrap.json: numpy legacy choice() draws, and BootstrapAggregator CIs after
  np.random.seed(seed) over the bart pairs (and small prefixes of them).
"""
import json
import os
import random
import sys

import numpy as np
from rouge_score import rouge_scorer, scoring

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("PRECIS_SHARED", os.path.join(ROOT, "..", "shared", "data"))
OUT = os.path.join(ROOT, "crates", "precis-rouge", "tests", "data")
TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]
SC = {True: rouge_scorer.RougeScorer(TYPES, use_stemmer=True),
      False: rouge_scorer.RougeScorer(TYPES, use_stemmer=False)}


def nums(s):
    return " ".join(repr(float(x)) for t in TYPES for x in s[t])


def both(ref, cand):
    return {"stem": nums(SC[True].score(ref, cand)), "nostem": nums(SC[False].score(ref, cand))}


def both_multi(refs, cand):
    return {"stem": nums(SC[True].score_multi(refs, cand)),
            "nostem": nums(SC[False].score_multi(refs, cand))}


# Deterministic generated texts, reproduced by tests/common/mod.rs `gen_text`.
GEN_VOCAB = ["the", "running", "runs", "ran", "happiness", "happy", "cat", "cats", "a", "of",
             "generalization", "news", "skies", "agreed", "x", "2015", "relational", "controlling"]


def gen_text(n, mul, newline_every):
    out = []
    for i in range(n):
        out.append(GEN_VOCAB[(i * mul + i // 13) % len(GEN_VOCAB)])
        out.append("\n" if i % newline_every == newline_every - 1 else " ")
    return "".join(out)


def random_text(rng):
    pieces = ["the", "The", "THE", "cat", "cats", "running", "runs", "ran", "happily", "happy",
              "a", "of", "and", "in", "news", "agreed", "agree", "relational", "relate", "dogs",
              "x", "ab", "abc", "abcd", "2015", "10lbs", "1950s", "café", "naïve", "İstanbul",
              "\u212aelvin", "ＡＢＣ", "日本", "straße", "don't", "U.S.", "e-mail", "hello-world",
              "--", "...", "!", "?", ",", "'", '"', "(", ")", "_", "s", "yes", "generalization",
              "controlling", "skies", "dying", "flies", "tied", "caresses", "ponies"]
    seps = [" ", " ", " ", " ", "  ", "\n", "\n", "\t", "\r\n", "\n\n", " \n ", "", "-", ". "]
    n = rng.randint(0, 40)
    parts = []
    for _ in range(n):
        parts.append(rng.choice(pieces))
        parts.append(rng.choice(seps))
    return "".join(parts)


def edge_cases():
    long_line = " ".join(["the cat sat on the mat"] * 10)
    cases = [
        ("both_empty", "", ""),
        ("ref_empty", "", "the cat"),
        ("cand_empty", "the cat", ""),
        ("punct_only", "!!! ... ---", "?? ,,"),
        ("punct_vs_text", "...", "the cat sat"),
        ("dotted_I", "İstanbul is big", "istanbul is big"),
        ("dotted_I_alone", "İ İ İ", "i i i"),
        ("kelvin", "\u212aelvin scale", "kelvin scale"),
        ("kelvin_alone", "5 \u212a", "5 k"),
        ("cafe", "café au lait", "caf au lait"),
        ("crlf", "the cat\r\nsat on\r\nthe mat", "the cat sat\r\non the mat"),
        ("whitespace_lines", "the cat\n   \n\t\nsat on the mat", "  \nthe cat sat\n \non the mat"),
        ("blank_lines", "\n\nthe cat\n\n\nsat\n\n", "\nthe\n\ncat sat\n"),
        ("only_newlines", "\n\n\n", "\n\n"),
        ("repeated", "the the the the cat", "the the cat cat cat the"),
        ("repeated_lines", "a b a b\na b", "b a b a\nb a\na b"),
        ("union_lcs_paper", "w1 w2 w3 w4 w5", "w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5"),
        ("union_lcs_paper_rev", "w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5", "w1 w2 w3 w4 w5"),
        ("stem_merge", "The runners were running happily", "the runner runs happy"),
        ("short_tokens", "ran run runs", "run ran runs"),
        ("unicode_seps", "naïve résumé ＡＢＣ 日本語 straße", "na ve r sum stra e"),
        ("mixed_case", "The CAT Sat", "the cat SAT"),
        ("digits", "in 2015 there were 10lbs of 1950s", "2015 10lb 1950"),
        ("long_line", long_line, "the mat sat on the cat"),
        ("tabs", "the\tcat\tsat", "the cat\tsat"),
        ("single_token", "cat", "cat"),
        ("no_overlap", "alpha beta gamma", "delta epsilon"),
        ("apostrophes", "don't can't won't", "don t can t"),
        ("underscore", "snake_case_word", "snake case word"),
        ("ties_backtrack", "a b c\nc b a", "a c b\nb a c\nc a b"),
    ]
    # Candidate lines of 63/64/65/127/128/129 tokens: word boundaries of the bit-parallel LCS.
    brng = random.Random(64)
    words = ["a", "b", "c", "d", "the", "cat", "runs", "running"]
    for n in [63, 64, 65, 127, 128, 129]:
        cand = " ".join(brng.choice(words) for _ in range(n))
        ref = "\n".join(" ".join(brng.choice(words) for _ in range(brng.randint(5, 40)))
                        for _ in range(3))
        cases.append((f"line{n}", ref, cand))
        cases.append((f"line{n}_rev", cand, ref))
    out = []
    for name, ref, cand in cases:
        out.append(dict(name=name, ref=ref, cand=cand, **both(ref, cand)))
    # Big generated texts: 100,000 tokens against a short text, both directions.
    big = gen_text(100000, 7, 20)
    big_line = gen_text(100000, 5, 200000)  # one line
    short = gen_text(100, 3, 9)
    for name, ref, cand, spec in [
        ("big_cand", short, big, [[100, 3, 9], [100000, 7, 20]]),
        ("big_ref", big, short, [[100000, 7, 20], [100, 3, 9]]),
        ("big_one_line", short, big_line, [[100, 3, 9], [100000, 5, 200000]]),
    ]:
        print("scoring", name, file=sys.stderr)
        out.append(dict(name=name, gen=spec, **both(ref, cand)))
    rng = random.Random(20261125)
    for i in range(400):
        ref, cand = random_text(rng), random_text(rng)
        out.append(dict(name=f"random{i}", ref=ref, cand=cand, **both(ref, cand)))
    multi = []
    for i in range(60):
        refs = [random_text(rng) for _ in range(rng.randint(1, 4))]
        if i % 5 == 0:
            refs.append(refs[0])  # exact tie
        cand = random_text(rng)
        multi.append(dict(name=f"multi{i}", refs=refs, cand=cand, **both_multi(refs, cand)))
    return {"types": TYPES, "cases": out, "multi": multi}


def load(name):
    with open(os.path.join(SHARED, name), encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def main():
    os.makedirs(OUT, exist_ok=True)
    recs = load("cnndm-test-frank250.jsonl")
    pairs, longp = {}, {}
    for r in recs:
        for sysname, out in r["systems"].items():
            pairs[f"{r['id']}|{sysname}"] = both(r["highlights"], out)
        longp[r["id"]] = both(r["highlights"], r["article"])
    with open(os.path.join(OUT, "pairs.json"), "w") as fh:
        json.dump({"types": TYPES, "pairs": pairs, "long": longp}, fh, separators=(",", ":"))
    print(f"pairs: {len(pairs)}, long: {len(longp)}", file=sys.stderr)

    with open(os.path.join(OUT, "edge.json"), "w") as fh:
        json.dump(edge_cases(), fh, ensure_ascii=False, indent=0)

    choice = []
    for seed in [0, 1, 42, 12345, 4294967295]:
        for n in [1, 2, 3, 5, 64, 65, 250, 1000, 100003]:
            np.random.seed(seed)
            draws = np.random.choice(np.arange(n), size=20).tolist()
            choice.append({"seed": seed, "n": n, "draws": draws})
    ci = []
    bart = [(r["highlights"], r["systems"]["bart"]) for r in recs]
    for seed, n_pairs in [(0, 250), (42, 250), (12345, 250), (7, 1), (7, 2), (7, 3), (7, 17)]:
        agg = scoring.BootstrapAggregator()
        for ref, cand in bart[:n_pairs]:
            agg.add_scores(SC[True].score(ref, cand))
        np.random.seed(seed)
        res = agg.aggregate()
        ci.append({"seed": seed, "n_pairs": n_pairs, "types": {
            t: " ".join(repr(float(x)) for b in (res[t].low, res[t].mid, res[t].high) for x in b)
            for t in TYPES}})
    with open(os.path.join(OUT, "bootstrap.json"), "w") as fh:
        json.dump({"choice": choice, "ci": ci}, fh, indent=0)
    print("done", file=sys.stderr)


if __name__ == "__main__":
    main()
