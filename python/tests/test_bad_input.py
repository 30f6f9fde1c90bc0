"""Bad input is a clear TypeError / ValueError naming the argument, never a crash."""

import pytest

import precis
from precis.rouge_score import rouge_scorer, scoring

GOOD = "The storm hit the coast on Monday. Thousands of homes lost power. Officials said repairs would take a week."


@pytest.mark.parametrize("value, exc, match", [
    (None, TypeError, "text must be str, not None"),
    (b"bytes", TypeError, "text must be str, not bytes.*decode"),
    (42, TypeError, "text must be str, not int"),
    (["a list"], TypeError, "text must be str, not list"),
    ("", ValueError, "text: empty"),
    ("   \n\t ", ValueError, "text: empty"),
    ("12345 678 !!!", ValueError, "text: no text"),
    ("\x00\x01 binary", ValueError, "text: binary"),
    ("a lone \udcff surrogate. Another sentence here.", ValueError, "text: not valid Unicode"),
])
def test_bad_text(value, exc, match):
    with pytest.raises(exc, match=match):
        precis.summarize(value)
    with pytest.raises(exc, match=match.replace("text", r"texts\[0\]", 1)):
        precis.summarize_batch([value])


def test_huge_text_is_refused_before_any_work():
    huge = "word " * (precis.MAX_TEXT_BYTES // 5 + 10)
    with pytest.raises(ValueError, match="text: text too long"):
        precis.summarize(huge)
    wide = "é" * (precis.MAX_TEXT_BYTES // 2 + 10)  # under the limit in characters, over it in bytes
    with pytest.raises(ValueError, match="bytes of UTF-8"):
        precis.summarize(wide)
    with pytest.raises(ValueError, match="html: .*too large|html: text too long"):
        precis.extract("<p>" + "x" * (70 << 20))


@pytest.mark.parametrize("kwargs, exc, match", [
    ({"method": "bogus"}, ValueError, "method: unknown method `bogus`"),
    ({"method": 3}, TypeError, "method must be str, not int"),
    ({"sentences": 0}, ValueError, "sentences: must be between 1"),
    ({"sentences": -1}, ValueError, "sentences: must be between 1"),
    ({"sentences": 10**30}, ValueError, "sentences: must be between 1"),
    ({"sentences": 2.5}, TypeError, "sentences must be int, not float"),
    ({"sentences": True}, TypeError, "sentences must be int, not bool"),
    ({"sentences": "many"}, ValueError, "sentences: must be a number"),
    ({"words": 0}, ValueError, "words: must be between 1"),
    ({"words": 2**40}, ValueError, "words: must be between 1"),
    ({"ratio": 0}, ValueError, r"ratio: must be in \(0, 1\]"),
    ({"ratio": 1.5}, ValueError, r"ratio: must be in \(0, 1\]"),
    ({"ratio": float("nan")}, ValueError, r"ratio: must be in \(0, 1\]"),
    ({"ratio": "half"}, TypeError, "ratio must be float, not str"),
    ({"sentences": 2, "words": 30}, ValueError, "at most one of sentences, words, ratio"),
    ({"html": "yes"}, TypeError, "html must be bool, not str"),
    ({"lang": "klingon"}, ValueError, "lang: unknown language"),
    ({"lang": 7}, TypeError, "lang must be str, not int"),
    ({"model": "/nonexistent/model.json"}, ValueError, "model: cannot read model file"),
    ({"model": 5}, TypeError, "model must be a path"),
    ({"order": "random"}, ValueError, "order: must be one of"),
    ({"include_text": 1}, TypeError, "include_text must be bool"),
])
def test_bad_options(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        precis.summarize(GOOD, **kwargs)
    with pytest.raises(exc, match=match):
        precis.Summarizer(**kwargs)
    with pytest.raises(exc, match=match):
        precis.summarize_batch([GOOD], **kwargs)


def test_bad_batch_arguments():
    with pytest.raises(TypeError, match="texts must be a list"):
        precis.summarize_batch(GOOD)
    with pytest.raises(TypeError, match="texts must be a list"):
        precis.summarize_batch(None)
    with pytest.raises(TypeError, match="threads must be int"):
        precis.summarize_batch([GOOD], threads="4")
    with pytest.raises(ValueError, match="threads: must be between 0 and 1024"):
        precis.summarize_batch([GOOD], threads=-1)
    with pytest.raises(ValueError, match="ids: 2 ids for 1 texts"):
        precis.summarize_batch([GOOD], ids=["a", "b"])
    with pytest.raises(TypeError, match=r"ids\[0\] must be str, int or None"):
        precis.summarize_batch([GOOD], ids=[1.5])
    with pytest.raises(TypeError, match=r"references\[0\]"):
        precis.summarize_batch([GOOD], references=[42])
    with pytest.raises(TypeError, match="unexpected keyword argument"):
        precis.summarize(GOOD, sentence=3)


def test_oracle_without_reference():
    with pytest.raises(ValueError, match="text: method `oracle` needs reference highlights"):
        precis.summarize(GOOD, method="oracle")
    assert precis.summarize(GOOD, method="oracle", reference="Homes lost power.").highlights


def test_extract_bad_input():
    with pytest.raises(TypeError, match="html must be str or bytes, not None"):
        precis.extract(None)
    with pytest.raises(ValueError, match="html: empty page"):
        precis.extract("   ")
    with pytest.raises(ValueError, match="html: not an HTML page"):
        precis.extract(b"\x00\x01\x02" * 100)
    with pytest.raises(ValueError, match="html: no article text"):
        precis.extract("<html><body></body></html>")
    with pytest.raises(TypeError, match="url must be str"):
        precis.extract("<p>x</p>", url=3)


def test_rouge_bad_input():
    scorer = rouge_scorer.RougeScorer(["rouge1", "rougeL"])
    with pytest.raises(TypeError, match="target must be str, not None"):
        scorer.score(None, "x")
    with pytest.raises(TypeError, match="prediction must be str, not bytes"):
        scorer.score("x", b"x")
    with pytest.raises(ValueError, match="rouge_types: invalid rouge type"):
        rouge_scorer.RougeScorer(["rouge0"])
    with pytest.raises(ValueError, match="rouge_types: invalid rouge type"):
        rouge_scorer.RougeScorer(["rougeX"])
    with pytest.raises(TypeError, match="rouge_types must be a list of str"):
        rouge_scorer.RougeScorer("rouge1")
    with pytest.raises(TypeError, match=r"rouge_types\[0\] must be str"):
        rouge_scorer.RougeScorer([1])
    with pytest.raises(TypeError, match="use_stemmer must be bool"):
        rouge_scorer.RougeScorer(["rouge1"], use_stemmer="yes")
    with pytest.raises(ValueError, match="targets: empty"):
        scorer.score_multi([], "x")
    with pytest.raises(ValueError, match="differ in length"):
        scorer.score_batch(["a"], ["a", "b"])
    with pytest.raises(TypeError, match=r"predictions\[1\] must be str"):
        scorer.score_batch(["a", "b"], ["a", None])
    out = scorer.score_batch(["a", "b"], ["a", None], errors="return")
    assert out[0]["rouge1"].fmeasure == 1.0 and isinstance(out[1], TypeError)
    with pytest.raises(ValueError, match="target: text too long"):
        scorer.score("x " * (precis.MAX_TEXT_BYTES // 2 + 1), "x")
    # ROUGE-L work over 2^34 token pairs: refused, named, immediate.
    big = "a " * 140_000
    with pytest.raises(ValueError, match="target/prediction"):
        scorer.score(big, big)
    with pytest.raises(ValueError, match="n_samples must be positive"):
        scoring.BootstrapAggregator(n_samples=0)
    with pytest.raises(ValueError, match="confidence_interval"):
        scoring.BootstrapAggregator(confidence_interval=1.5)
    agg = scoring.BootstrapAggregator()
    agg.add_scores({"rouge1": "not a score"})
    with pytest.raises(TypeError, match="Score"):
        agg.aggregate()
