#!/usr/bin/env python3
"""Fit and cross-validate the weights of `precis verify`'s score on the FRANK validation split.

usage: verify_fit.py SIGNALS.jsonl FRANK_VALIDATION.jsonl [--repeats 10] [--seed 0]

SIGNALS.jsonl: the output of `cargo run --release -p precis --example verify_signals --
FRANK_VALIDATION.jsonl` (per summary, per sentence: coverage, p[1..4] n-gram shares, unsupported
items per kind).

The model: per summary sentence, score = w_cov * coverage + w_copy * copied_n + w_clean * clean,
with clean = 1 / (1 + unsupported items), copied_n the share of the sentence's word n-grams
found in the source (shorter n-grams for sentences under n words); the summary's score is the
mean over its sentences. The weights are non-negative and sum to 1 (a grid of step 0.05: 231
points), chosen to maximise the partial Pearson correlation with human factuality (system as
control), overall, as FRANK reports it. The one hyperparameter, n in {2, 3, 4}, is chosen by
inner 5-fold cross-validation.

Nested CV: outer 5 folds grouped by article (all summaries of an article in one fold), repeated
`--repeats` times with different fold assignments; in each outer fold n is chosen by inner
5-fold CV on the training part and the weights fitted on the whole training part; the held-out
scores of the 5 folds are pooled and correlated. Reported: mean and standard deviation over
the repeats (the estimate for unseen data), then the in-sample fit on the whole split (the
shipped constants).
"""
import argparse
import itertools
import json
import sys

import numpy as np
from scipy.stats import pearsonr, spearmanr

NS = (2, 3, 4)
STEP = 0.05


def paired(signals_path, frank_path):
    """(signals, FRANK record) of every summary with sentence signals, in the signals' order."""
    ref = {}
    with open(frank_path) as f:
        for line in f:
            r = json.loads(line)
            ref[r['id']] = r
    with open(signals_path) as f:
        for line in f:
            s = json.loads(line)
            r = ref.get(s['id'])
            if r is not None and 'sentences' in s:
                yield s, r


def single_signals(signals_path, frank_path):
    """Partial correlations of each raw signal alone (summary mean over its sentences; item
    counts negated and summed), as a record of what each one carries: nothing is fitted."""
    rows = []
    for s, r in paired(signals_path, frank_path):
        S = s['sentences']
        feats = {'coverage (support cover)': np.mean([x['coverage'] for x in S]),
                 'best single sentence': np.mean([x['best'] for x in S]),
                 'content words anywhere': np.mean([x['anywhere'] for x in S])}
        for n in range(1, 5):
            feats[f'copied n={n}'] = np.mean([x['p'][min(max(x['tokens'], 1), n) - 1] for x in S])
        feats['clean 1/(1+items)'] = np.mean([1.0 / (1.0 + sum(x['items'])) for x in S])
        for k, name in enumerate(('number', 'date', 'name', 'quote', 'word')):
            feats[f'- {name} items'] = -float(sum(x['items'][k] for x in S))
        rows.append((r['model_name'], r['dataset'], float(r['factuality']), feats))
    print(f'{"signal alone":26s} {"all":>15s} {"cnndm":>15s} {"bbc":>15s}   (partial pearson / spearman)')
    for key in rows[0][3]:
        cells = []
        for sub in ('all', 'cnndm', 'bbc'):
            sel = [r for r in rows if sub == 'all' or r[1] == sub]
            sysv = np.array([r[0] for r in sel])
            x = resid(np.array([r[3][key] for r in sel]), sysv)
            y = resid(np.array([r[2] for r in sel]), sysv)
            if np.allclose(x, 0):
                cells.append(f'{"(constant)":>15s}')
            else:
                cells.append(f'{pearsonr(x, y)[0]:7.3f}/{spearmanr(x, y)[0]:7.3f}')
        print(f'{key:26s} ' + ' '.join(cells))


def load(signals_path, frank_path):
    rows = []
    for s, r in paired(signals_path, frank_path):
        sents = s['sentences']
        feats = {}
        for n in NS:
            cov = np.mean([x['coverage'] for x in sents])
            cp = np.mean([x['p'][min(max(x['tokens'], 1), n) - 1] for x in sents])
            clean = np.mean([1.0 / (1.0 + sum(x['items'])) for x in sents])
            feats[n] = (cov, cp, clean)
        rows.append({'id': s['id'], 'hash': r['hash'], 'sys': r['model_name'],
                     'ds': r['dataset'], 'y': r['factuality'], 'feats': feats})
    return rows


def grid():
    w = [p for p in itertools.product(np.arange(0, 1 + 1e-9, STEP), repeat=2) if sum(p) <= 1 + 1e-9]
    return np.array([[a, b, 1 - a - b] for a, b in w])


W = grid()


def resid(v, groups):
    out = np.array(v, dtype=float).copy()
    for g in set(groups):
        m = groups == g
        out[m] -= out[m].mean(axis=0)
    return out


def corrs(x, y):
    """Pearson of each column of x with y (both already residualised)."""
    x = x - x.mean(axis=0)
    y = y - y.mean()
    den = np.sqrt((x * x).sum(axis=0) * (y * y).sum())
    with np.errstate(invalid='ignore', divide='ignore'):
        return np.where(den > 0, (x * y[:, None]).sum(axis=0) / den, -1.0)


class Data:
    def __init__(self, rows):
        self.rows = rows
        self.y = np.array([r['y'] for r in rows])
        self.sys = np.array([r['sys'] for r in rows])
        self.ds = np.array([r['ds'] for r in rows])
        self.hash = np.array([r['hash'] for r in rows])
        self.X = {n: np.array([r['feats'][n] for r in rows]) for n in NS}


def fit(d, idx, n):
    """The grid weights with the best overall partial Pearson on rows idx."""
    xr = resid(d.X[n][idx], d.sys[idx])
    yr = resid(d.y[idx], d.sys[idx])
    c = corrs(xr @ W.T, yr)
    return W[int(np.argmax(c))]


def folds(d, idx, k, rng):
    hashes = sorted(set(d.hash[idx]))
    perm = rng.permutation(len(hashes))
    fold_of = {hashes[i]: j % k for j, i in enumerate(perm)}
    f = np.array([fold_of[h] for h in d.hash[idx]])
    return [(idx[f != j], idx[f == j]) for j in range(k)]


def cv_score(d, idx, n, rng, k=5):
    """Pooled held-out overall partial Pearson of fitting weights for n, k-fold on idx."""
    sc = np.zeros(len(d.y))
    for tr, te in folds(d, idx, k, rng):
        sc[te] = d.X[n][te] @ fit(d, tr, n)
    return partial(d, sc, idx)[0]


def choose_n(d, idx, rng):
    scores = {n: cv_score(d, idx, n, rng) for n in NS}
    return max(NS, key=lambda n: scores[n]), scores


def partial(d, sc, idx):
    x = resid(sc[idx], d.sys[idx])
    y = resid(d.y[idx], d.sys[idx])
    return pearsonr(x, y)[0], spearmanr(x, y)[0]


def report(d, sc):
    out = {}
    allidx = np.arange(len(d.y))
    for name, m in (('all', allidx), ('cnndm', allidx[d.ds == 'cnndm']), ('bbc', allidx[d.ds == 'bbc'])):
        out[name] = partial(d, sc, m)
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('signals')
    ap.add_argument('frank')
    ap.add_argument('--repeats', type=int, default=10)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--json', action='store_true')
    ap.add_argument('--single', action='store_true', help='also print each signal alone')
    a = ap.parse_args(argv)
    if a.single:
        single_signals(a.signals, a.frank)
        print()
    d = Data(load(a.signals, a.frank))
    allidx = np.arange(len(d.y))
    rng = np.random.default_rng(a.seed)
    reps = []
    chosen = []
    for _ in range(a.repeats):
        sc = np.zeros(len(d.y))
        for tr, te in folds(d, allidx, 5, rng):
            n, _ = choose_n(d, tr, rng)
            chosen.append(n)
            sc[te] = d.X[n][te] @ fit(d, tr, n)
        reps.append(report(d, sc))
    n, inner = choose_n(d, allidx, rng)
    w = fit(d, allidx, n)
    insample = report(d, d.X[n] @ w)
    cv = {k: {'pearson': [float(np.mean([r[k][0] for r in reps])), float(np.std([r[k][0] for r in reps]))],
              'spearman': [float(np.mean([r[k][1] for r in reps])), float(np.std([r[k][1] for r in reps]))]}
          for k in ('all', 'cnndm', 'bbc')}
    result = {'summaries': len(d.y), 'n': n, 'inner_cv_by_n': {str(k): float(v) for k, v in inner.items()},
              'weights': {'coverage': float(w[0]), 'copied': float(w[1]), 'clean': float(w[2])},
              'n_chosen_in_outer_folds': {str(k): chosen.count(k) for k in NS},
              'nested_cv': cv, 'in_sample': {k: {'pearson': float(v[0]), 'spearman': float(v[1])}
                                             for k, v in insample.items()}}
    if a.json:
        print(json.dumps(result, indent=1))
        return
    print(f'FRANK validation: {len(d.y)} summaries; nested CV ({a.repeats} x 5 folds by article, '
          f'n chosen by inner 5-fold CV: {result["n_chosen_in_outer_folds"]})')
    print(f'{"subset":8s} {"pearson (cv)":>16s} {"spearman (cv)":>16s}')
    for k in ('all', 'cnndm', 'bbc'):
        p, s = cv[k]['pearson'], cv[k]['spearman']
        print(f'{k:8s} {p[0]:9.3f} ±{p[1]:.3f} {s[0]:9.3f} ±{s[1]:.3f}')
    print(f'in-sample fit: n = {n}, weights coverage {w[0]:.2f}, copied {w[1]:.2f}, clean {w[2]:.2f}')
    for k in ('all', 'cnndm', 'bbc'):
        print(f'{k:8s} {insample[k][0]:9.3f}        {insample[k][1]:9.3f}')


if __name__ == '__main__':
    sys.exit(main())
