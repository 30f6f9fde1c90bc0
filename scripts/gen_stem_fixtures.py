#!/usr/bin/env python3
"""Writes crates/precis-text/tests/data/stems.tsv: `token<TAB>stem` per line, stems from
nltk's PorterStemmer() (NLTK_EXTENSIONS mode, as rouge-score uses it).

Tokens: every distinct token that rouge-score's tokenizer (lowercase, [^a-z0-9]+ -> space)
yields from every string field (article, highlights, each system output) of both shared
jsonl files, plus synthetic suffix-shaped tokens (deterministic, seed 1234) and a few
non-ASCII / odd words.  Run: .venv/bin/python scripts/gen_stem_fixtures.py
"""
import ast
import json
import os
import random
import re
import sys

from nltk.stem.porter import PorterStemmer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("PRECIS_SHARED", os.path.join(ROOT, "..", "shared", "data"))
OUT = os.path.join(ROOT, "crates", "precis-text", "tests", "data", "stems.tsv")
FILES = ["cnndm-test-frank250.jsonl", "xsum-test-frank251.jsonl"]


def strings(v):
    if isinstance(v, str):
        # xsum's `systems` may be a string repr of a dict
        if v.startswith("{") and v.endswith("}"):
            try:
                d = ast.literal_eval(v)
                if isinstance(d, dict):
                    yield from strings(d)
                    return
            except (ValueError, SyntaxError):
                pass
        yield v
    elif isinstance(v, dict):
        for x in v.values():
            yield from strings(x)
    elif isinstance(v, list):
        for x in v:
            yield from strings(x)


def rouge_tokens(text):
    return [t for t in re.split(r"\s+", re.sub(r"[^a-z0-9]+", " ", text.lower())) if t]


def main():
    toks = set()
    for f in FILES:
        with open(os.path.join(SHARED, f), encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                for k, v in rec.items():
                    if k in ("id", "url"):
                        continue
                    for s in strings(v):
                        toks.update(rouge_tokens(s))
    n_data = len(toks)
    rng = random.Random(1234)
    suffixes = [
        "ational", "tional", "enci", "anci", "izer", "bli", "alli", "entli", "eli", "ousli",
        "ization", "ation", "ator", "alism", "iveness", "fulness", "ousness", "aliti", "iviti",
        "biliti", "fulli", "logi", "icate", "ative", "alize", "iciti", "ical", "ful", "ness",
        "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion",
        "sion", "tion", "ou", "ism", "ate", "iti", "ous", "ive", "ize", "e", "ll", "sses", "ies",
        "ied", "eed", "ed", "ing", "s", "ss", "y", "ly", "ings", "ies", "ied", "yed", "ying",
    ]
    letters = "abcdefghijklmnopqrstuvwxyz"
    weighted = "aeiouy" * 3 + letters
    synth = set()
    while len(synth) < 6000:
        stem_len = rng.randint(0, 6)
        s = "".join(rng.choice(weighted) for _ in range(stem_len))
        for _ in range(rng.randint(1, 3)):
            s += rng.choice(suffixes)
        synth.add(s)
    for s in ["y", "yy", "yyy", "yyyy", "yyyyy", "syzygy", "toy", "ay", "a", "i", "is",
              "aed", "eed", "ied", "ies", "sky", "skies", "dying", "lying", "tying", "news",
              "innings", "outings", "cannings", "howe", "proceed", "exceed", "succeed",
              "0000", "1990s", "10lbs", "3rd", "x" * 50]:
        synth.add(s)
    toks |= synth
    stemmer = PorterStemmer()
    rows = sorted(toks)
    # Odd, non-ASCII and mixed-case words: nltk lowercases them and works on code points.
    extra = ["café", "naïve", "Running", "RUNNING", "İstanbul", "\u212aelvins", "straße",
             "ΣΊΣΥΦΟΣ", "ﬁshing", "a*ded", "x-rated", "can't", "dogs'", "hélloing",
             "ökonomies", "ñandúes", "İİİ", "İ", "ÀÉÎÕÜS"]
    with open(OUT, "w", encoding="utf-8", newline="\n") as fh:
        for t in rows + extra:
            fh.write(f"{t}\t{stemmer.stem(t)}\n")
    print(f"{OUT}: {len(rows) + len(extra)} tokens ({n_data} from data, {len(synth)} synthetic, "
          f"{len(extra)} extra)", file=sys.stderr)


if __name__ == "__main__":
    main()
