"""precis.summarize / summarize_batch / Summarizer / extract against the CLI."""

import gzip
import json
import pickle
import subprocess
import threading

import pytest

import precis

from conftest import DEV, REPO

SEED = REPO / "examples" / "cnn-trump-putin.txt"
PAGE = REPO / "examples" / "nypost-plague.html.gz"


def test_seed_article_matches_the_cli_json(cli):
    text = SEED.read_text(encoding="utf-8")
    want = json.loads(subprocess.run([cli, "summarize", "-f", "json", "-"], input=text, check=True,
                                     capture_output=True, text=True).stdout)
    s = precis.summarize(text, id="stdin")
    assert s.to_dict() == want
    assert s.lang == "en" and s.method == "auto"
    assert [h.text for h in s.highlights] == [h["text"] for h in want["highlights"]]
    for h in s.highlights:
        assert text.encode() and h.end > h.start
    kinds = [r.kind for r in s.removed]
    assert "dateline" in kinds and "story_highlights" in kinds
    assert s.reference, "the Story highlights block becomes the reference"
    assert str(s) == "\n".join(h.text for h in s.highlights)


def test_offsets_are_utf8_bytes_into_the_cleaned_text():
    s = precis.summarize(SEED.read_text(encoding="utf-8"), include_text=True, sentences=3)
    b = s.text.encode("utf-8")
    assert len(s.highlights) == 3
    for h in s.highlights:
        assert b[h.start:h.end].decode("utf-8") == h.text


@pytest.mark.parametrize("method", ["auto", "lead", "textrank", "oracle"])
def test_summarize_equals_the_cli_on_the_dev_set(dev_records, cli_summaries, method):
    lines = cli_summaries(method)
    assert len(lines) == len(dev_records) == 250
    for rec, line in zip(dev_records, lines):
        s = precis.summarize(rec["article"], method=method, id=rec["id"], reference=rec["highlights"])
        assert s.to_json() == line, rec["id"]


@pytest.mark.parametrize("method", ["lexrank", "centroid"])
def test_batch_with_corpus_idf_equals_the_cli_on_the_dev_set(dev_records, cli_summaries, method):
    got = precis.summarize_batch([r["article"] for r in dev_records], method=method, corpus_idf=True,
                                 ids=[r["id"] for r in dev_records],
                                 references=[r["highlights"] for r in dev_records])
    assert [s.to_json() for s in got] == cli_summaries(method)


def test_lengths_match_the_cli(dev_records, cli_summaries):
    for extra, kw in [(("-n", "2"), {"sentences": 2}), (("--words", "40"), {"words": 40}),
                      (("--ratio", "0.2"), {"ratio": 0.2})]:
        lines = cli_summaries("lead", *extra)
        for rec, line in list(zip(dev_records, lines))[:60]:
            s = precis.summarize(rec["article"], method="lead", id=rec["id"], reference=rec["highlights"], **kw)
            assert s.to_json() == line


@pytest.mark.parametrize("threads", [0, 1, 2, 3])
def test_batch_equals_single_in_order_at_any_thread_count(dev_records, threads):
    texts = [r["article"] for r in dev_records]
    single = [precis.summarize(t) for t in texts]
    batch = precis.summarize_batch(texts, threads=threads)
    assert batch == single
    summ = precis.Summarizer(method="lexrank", sentences=2)
    assert summ.summarize_batch(texts[:50], threads=threads) == [summ.summarize(t) for t in texts[:50]]


def test_batch_releases_the_gil(dev_records):
    texts = [r["article"] for r in dev_records] * 4
    ticks = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            ticks.append(1)
            stop.wait(0.001)

    t = threading.Thread(target=ticker)
    t.start()
    try:
        precis.summarize_batch(texts, threads=1)
    finally:
        stop.set()
        t.join()
    assert len(ticks) > 5, "a Python thread ran while the batch was computing"


def test_batch_errors_raise_or_return():
    texts = ["A good first sentence is here. Another one follows it now. And a third one ends.",
             "   ", None, b"bytes", 42, "123 456 !!!"]
    with pytest.raises(TypeError, match=r"texts\[2\] must be str, not None"):
        precis.summarize_batch(texts)
    out = precis.summarize_batch(texts, errors="return")
    assert isinstance(out[0], precis.Summary)
    assert isinstance(out[1], ValueError) and "texts[1]" in str(out[1]) and "empty" in str(out[1])
    assert isinstance(out[2], TypeError) and "None" in str(out[2])
    assert isinstance(out[3], TypeError) and "bytes" in str(out[3])
    assert isinstance(out[4], TypeError) and "int" in str(out[4])
    assert isinstance(out[5], ValueError)
    with pytest.raises(ValueError, match=r"texts\[1\]"):
        precis.summarize_batch(texts[:2])
    with pytest.raises(ValueError, match="errors"):
        precis.summarize_batch(texts, errors="ignore")
    assert precis.summarize_batch([]) == []
    assert precis.summarize_batch(iter(texts[:1]))[0] == out[0]


def test_summarizer_options_and_pickle():
    s = precis.Summarizer(lang="en", order="score")
    text = SEED.read_text(encoding="utf-8")
    for proto in range(2, pickle.HIGHEST_PROTOCOL + 1):
        t = pickle.loads(pickle.dumps(s, protocol=proto))
        assert t.options() == s.options()
        assert t.summarize(text) == s.summarize(text)
    assert "lang='en'" in repr(s) and "order='score'" in repr(s)
    s2 = precis.Summarizer(method="lead", sentences=4)
    assert (s2.method, s2.sentences, s2.words, s2.ratio) == ("lead", 4, None, None)
    assert len(s2(text).highlights) == 4
    summary = s2(text)
    assert pickle.loads(pickle.dumps(summary)) == summary


def test_model_file_is_read_and_shipped_with_the_pickle(tmp_path):
    src = REPO / "crates" / "precis" / "models" / "default.json"
    path = tmp_path / "model.json"
    path.write_bytes(src.read_bytes())
    s = precis.Summarizer(model=str(path))
    assert s.model == str(path)
    blob = pickle.dumps(s)
    path.unlink()
    t = pickle.loads(blob)
    text = SEED.read_text(encoding="utf-8")
    assert t.summarize(text) == precis.summarize(text)


def test_html(cli):
    raw = gzip.decompress(PAGE.read_bytes())
    want = json.loads(subprocess.run([cli, "summarize", "-f", "json", str(PAGE)], check=True,
                                     capture_output=True, text=True).stdout)
    s = precis.summarize(raw.decode("utf-8"), html=True, id=want["id"])
    assert s.to_dict() == want
    page = precis.extract(raw)
    want_page = json.loads(subprocess.run([cli, "extract", "-f", "json", str(PAGE)], check=True,
                                          capture_output=True, text=True).stdout)
    want_page.pop("source")
    assert page.to_dict() == want_page
    assert precis.extract(raw.decode("utf-8")) == page
    assert precis.extract(PAGE.read_bytes()) == page  # gzip bytes as fetched
    assert page.title.startswith("Chinese hunter") and page.lang == "en"


def test_html_str_is_not_re_decoded():
    html = ('<html><head><meta charset="windows-1252"><title>Café</title></head><body><article>'
            + "".join(f"<p>Le café numéro {i} a ouvert ses portes à Paris ce matin, disent les gens.</p>"
                      for i in range(8)) + "</article></body></html>")
    page = precis.extract(html)
    assert "café" in page.text and "Ã" not in page.text
    s = precis.summarize(html, html=True)
    assert "café" in s.highlights[0].text


def test_languages():
    zh = (REPO / "examples" / "zh-economy.txt").read_text(encoding="utf-8")
    s = precis.summarize(zh)
    assert s.lang == "zh" and s.highlights
    assert precis.summarize(zh, lang="zh") == s
