"""The other flavours and the segmenter: precis.segment against `precis segment`, the
multilingual RougeScorer(lang=...) against XL-Sum's package output (shared fixtures), and
precis.rouge_score.rouge155 against the ROUGE-1.5.5 Perl script's printed numbers."""

import json
import subprocess

import pytest

import precis
from precis.rouge_score import rouge155, rouge_scorer

from conftest import shared_data

FIXTURES = shared_data().parent / "fixtures"
TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]

MIXED = [
    "Die Wahl ist am 26. Oktober. Dr. Müller kommt.",
    "北京很大。上海也很大！",
    "Le président est arrivé à 10 h. Il a parlé aux journalistes. « Nous verrons », a-t-il dit.",
    "the lower-cased text goes on . and on -- without capitals ! does it split ?",
    "One line without a final mark",
]


def test_segment_equals_the_cli(cli, dev_records, tmp_path):
    texts = [r["article"] for r in dev_records[:80]] + MIXED
    src = tmp_path / "texts.jsonl"
    src.write_text("".join(json.dumps({"id": str(i), "text": t}) + "\n" for i, t in enumerate(texts)),
                   encoding="utf-8")
    out = subprocess.run([cli, "segment", str(src), "-f", "jsonl", "-q"], check=True,
                         capture_output=True, text=True).stdout.splitlines()
    want = [json.loads(line) for line in out]
    assert len(want) == len(texts)
    batch = precis.segment_batch(texts, output="record", threads=2)
    for t, w, b in zip(texts, want, batch):
        spans = [tuple(s) for s in w["sentences"]]
        got = precis.segment(t, output="record")
        assert got == b
        assert got["lang"] == w["lang"]
        assert got["sentences"] == spans
        raw = t.encode("utf-8")
        assert got["texts"] == [raw[a:e].decode("utf-8") for a, e in spans]
        assert precis.segment(t) == got["texts"]
        assert precis.segment(t, output="spans") == spans


def test_segment_lang_and_bad_input():
    assert precis.segment("Dr. Müller kommt. Er ist da.", lang="de") == ["Dr. Müller kommt.", "Er ist da."]
    with pytest.raises(TypeError, match="text must be str, not None"):
        precis.segment(None)
    with pytest.raises(ValueError, match="text: empty"):
        precis.segment("  \n ")
    with pytest.raises(ValueError, match="lang: unknown language"):
        precis.segment("A text.", lang="klingon")
    with pytest.raises(ValueError, match="output: must be one of"):
        precis.segment("A text.", output="words")
    out = precis.segment_batch(["A text. Another.", None, ""], errors="return")
    assert out[0] == ["A text.", "Another."]
    assert isinstance(out[1], TypeError) and "texts[1]" in str(out[1])
    assert isinstance(out[2], ValueError) and "texts[2]" in str(out[2])
    with pytest.raises(TypeError, match=r"texts\[1\] must be str"):
        precis.segment_batch(["A text.", 3])


@pytest.mark.parametrize("lang", ["english", "french", "german", "spanish", "dutch", "hindi", "chinese",
                                  "korean", "russian", "edge_cases"])
def test_multilingual_is_xlsums_package(lang):
    path = FIXTURES / "multilingual-rouge" / f"{lang}.jsonl"
    if not path.exists():
        pytest.fail(f"fixture not found: {path}")
    checked = refused = 0
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            continue
        row = json.loads(line)
        name = row["lang"] if row["lang"] is not None else "porter"
        try:
            scorer = rouge_scorer.RougeScorer(TYPES, use_stemmer=row["use_stemmer"], lang=name)
        except ValueError as e:
            assert "lang:" in str(e)
            refused += 1
            continue
        got = scorer.score(row["reference"], row["candidate"])
        for t in TYPES:
            assert list(got[t]) == row["scores"][t], (row["id"], t)
        assert scorer.score_batch([row["reference"]], [row["candidate"]])[0] == got
        checked += 1
    assert checked > 0
    if lang == "russian":
        assert refused > 0, "russian with the stemmer is refused, never approximated"


def test_multilingual_refusals_and_multi():
    with pytest.raises(ValueError, match="lang: .*japanese"):
        rouge_scorer.RougeScorer(["rouge1"], lang="japanese")
    with pytest.raises(ValueError, match="lang: .*stemmer cannot be reproduced"):
        rouge_scorer.RougeScorer(["rouge1"], use_stemmer=True, lang="russian")
    with pytest.raises(ValueError, match="lang: the multilingual flavour has its own tokenizer"):
        rouge_scorer.RougeScorer(["rouge1"], lang="english", split_summaries=True)
    s = rouge_scorer.RougeScorer(["rouge1", "rougeL"], use_stemmer=True, lang="english")
    targets = ["Les chats dorment.", "The cats are sleeping.", "cats sleep"]
    best = s.score_multi(targets, "the cat sleeps")
    each = [s.score(t, "the cat sleeps") for t in targets]
    for k in ("rouge1", "rougeL"):
        assert best[k] == max((e[k] for e in each), key=lambda x: x.fmeasure)
    assert "lang='english'" in repr(s)


def _fixture_pairs(name):
    rows = [json.loads(line) for line in
            (FIXTURES / "rouge155" / "inputs" / name / "pairs.jsonl").read_text(encoding="utf-8").split("\n")
            if line.strip()]
    return rows


@pytest.mark.parametrize("name", ["bart250", "multiref"])
def test_rouge155_is_the_perl_scripts_output(name):
    parsed = FIXTURES / "rouge155" / "outputs" / "parsed" / f"{name}__O1.json"
    if not parsed.exists():
        pytest.fail(f"fixture not found: {parsed}")
    want = json.loads(parsed.read_text(encoding="utf-8"))["metrics"]
    rows = _fixture_pairs(name)
    refs = [r["references"] for r in rows]
    out = rouge155([r["candidate"] for r in rows], refs, threads=2)
    assert out["options"] == "-c 95 -2 -1 -U -r 1000 -n 4 -w 1.2 -a -m"
    assert out["types"] == list(want)
    for t, w in want.items():
        for row, s in zip(rows, out["scores"]):
            assert ["%.5f" % x for x in (s[t].recall, s[t].precision, s[t].fmeasure)] == \
                w["per_eval"][f"{row['eval_id']}.1"], (t, row["eval_id"])
        avg = out["average"][t]
        for j, which in enumerate(("average", "low", "high")):
            got = [avg[which].recall, avg[which].precision, avg[which].fmeasure]
            assert ["%.5f" % x for x in got] == [w["average"][k][j] for k in "RPF"], (t, which)
    assert out == rouge155([r["candidate"] for r in rows], refs, threads=1)


def test_rouge155_bad_input():
    with pytest.raises(ValueError, match="options: .*-z"):
        rouge155(["a"], ["a"], options="-z SPL")
    with pytest.raises(ValueError, match="options: .*data directory"):
        rouge155(["a"], ["a"], options="-e /tmp -s -n 2")
    with pytest.raises(ValueError, match="use_stemmer does not apply"):
        rouge155(["a"], ["a"], options="-n 2", use_stemmer=False)
    with pytest.raises(ValueError, match="differ in length"):
        rouge155(["a", "b"], ["a"])
    with pytest.raises(TypeError, match=r"predictions\[0\] must be str"):
        rouge155([None], ["a"])
    with pytest.raises(TypeError, match="must be lists"):
        rouge155("a", "a")
    with pytest.raises(ValueError, match="options: -n 100000: at most -n 9"):
        rouge155(["a"], ["a"], options="-n 100000")
    with pytest.raises(ValueError, match="pair 0: ROUGE-L: .*MAX_LCS_CELLS"):
        rouge155(["a " * 200_000], ["a " * 200_000], options="-n 1 -r 1")
    with pytest.raises(ValueError, match="options: .*-r"):
        rouge155(["a"], ["a"], options="-n 2 -r 100000000")
    small = rouge155(["the cat sat on the mat"], ["the cat sat"], options="-n 2 -a")
    assert small["types"] == ["ROUGE-1", "ROUGE-2", "ROUGE-L"]  # -x would drop ROUGE-L
    assert small["scores"][0]["ROUGE-1"].recall == 1.0
