"""Train the text path's line model and choose its type by cross-validation grouped by site.

Data: ``../shared/eval/article-extraction-dev`` (91 pages, scrapinghub/article-extraction-benchmark,
MIT) and ``../shared/eval/wcxb-dev`` (790 pages of WCXB, the Web Content eXtraction Benchmark,
CC-BY-4.0, © 2026 Murrough Foley, Murrough-Foley/web-content-extraction-benchmark): the
flattened ``text/<id>.txt`` of each page and its ``ground-truth.json`` body.

Each non-blank line is labelled body when at least half of the word 4-gram shingles touching
it (the benchmark's ``\\w+`` tokens, shingles running across line ends as the benchmark's do)
are shingles of the true body. Candidates (logistic regression, shallow gradient-boosted trees)
are compared by K-fold cross-validation grouped by site, scoring the whole text path
(segmentation with the candidate model, benchmark F1 per page) on each held-out fold; the
best is refitted on all pages and written, as plain JSON, to
``src/newsgraph/data/line_model.json``. Deterministic: fixed folds and seeds, numpy only.

    python scripts/train_line_model.py [--folds 5] [--candidates logreg,trees] [--out PATH]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np

from newsgraph.clean import normalize_text
from newsgraph.linemodel import FEATURE_NAMES, LineModel
from newsgraph.segment import article_text, line_table, segment

ROOT = Path(__file__).resolve().parents[1]
EVAL = Path(os.environ.get("NEWSGRAPH_SHARED") or ROOT.parent / "shared") / "eval"
SETS = ("article-extraction-dev", "wcxb-dev")
OUT = ROOT / "src" / "newsgraph" / "data" / "line_model.json"
_TOKEN = re.compile(r"\w+")
SEED = 7
_CROP_MARGIN = 6


@dataclass(slots=True)
class Page:
    """One training page: its normalised text, truth, site, features and line labels."""

    set: str
    id: str
    site: str
    text: str
    truth: str
    x: np.ndarray
    y: np.ndarray
    w: np.ndarray
    crop: Page | None = None
    """The same page cut down around its body (training data only)."""


def _site(url: str) -> str:
    host = urlsplit(url).netloc.lower().split(":")[0]
    return host[4:] if host.startswith("www.") else host


def shingle_counts(text: str, n: int = 4) -> dict[tuple[str, ...], int]:
    toks = _TOKEN.findall(text)
    if len(toks) < n:
        return {tuple(toks): 1} if toks else {}
    out: dict[tuple[str, ...], int] = {}
    for i in range(len(toks) - n + 1):
        key = tuple(toks[i : i + n])
        out[key] = out.get(key, 0) + 1
    return out


def line_labels(text: str, spans: Sequence[tuple[int, int]], truth: str) -> tuple[np.ndarray, np.ndarray]:
    """(label, weight) of each line: share of the 4-gram shingles touching it found in ``truth``."""
    true = shingle_counts(truth)
    toks: list[str] = []
    owner: list[int] = []
    for i, (s, e) in enumerate(spans):
        for t in _TOKEN.findall(text[s:e]):
            toks.append(t)
            owner.append(i)
    n_lines = len(spans)
    hit = np.zeros(n_lines)
    seen = np.zeros(n_lines)
    ntok = np.bincount(np.asarray(owner, dtype=np.int64), minlength=n_lines) if owner else np.zeros(n_lines)
    if len(toks) >= 4:
        for i in range(len(toks) - 3):
            inside = tuple(toks[i : i + 4]) in true
            for j in {owner[i], owner[i + 1], owner[i + 2], owner[i + 3]}:
                seen[j] += 1
                hit[j] += inside
    share = np.divide(hit, seen, out=np.zeros(n_lines), where=seen > 0)
    label = (share >= 0.5).astype(np.float64)
    weight = np.sqrt(np.minimum(ntok, 100.0)) + 0.5
    return label, weight


def load_pages(eval_root: Path = EVAL, sets: Iterable[str] = SETS, *, crops: bool = True) -> list[Page]:
    """Every page of the training sets with its features and labels (and a cropped copy)."""
    rng = np.random.default_rng(SEED)
    pages: list[Page] = []
    for name in sets:
        d = eval_root / name
        truth = json.loads((d / "ground-truth.json").read_text("utf-8"))
        meta_path = d / "meta.json"
        meta = json.loads(meta_path.read_text("utf-8")) if meta_path.exists() else {}
        for pid in sorted(truth):
            text = normalize_text((d / "text" / f"{pid}.txt").read_text("utf-8"))
            site = (meta.get(pid) or {}).get("domain") or _site(truth[pid].get("url") or pid)
            site = site[4:] if site.startswith("www.") else site
            body = truth[pid].get("articleBody") or ""
            spans, x = line_table(text)
            y, w = line_labels(text, spans, body)
            page = Page(name, pid, site, text, body, x, y, w)
            pages.append(page)
            if crops:
                page.crop = _crop(page, spans, rng)
    return pages


def _crop(page: Page, spans: Sequence[tuple[int, int]], rng: np.random.Generator) -> Page | None:
    """The page cut down to its body and a few lines around it: a page saved as article text
    only (as text-only scrapers save them), so the model also sees pages that start or end
    at the article. Used for training only; scores are always taken on the real pages."""
    body = np.flatnonzero(page.y > 0)
    if body.size == 0:
        return None
    lo = max(0, int(body[0]) - int(rng.integers(0, _CROP_MARGIN + 1)))
    hi = min(len(spans) - 1, int(body[-1]) + int(rng.integers(0, _CROP_MARGIN + 1)))
    text = page.text[spans[lo][0] : spans[hi][1]]
    cspans, x = line_table(text)
    y, w = line_labels(text, cspans, page.truth)
    return Page(page.set, page.id, page.site, text, page.truth, x, y, w)


def folds(pages: Sequence[Page], k: int) -> list[int]:
    """A fold per page, whole sites together: sites ordered by a hash of their name, then dealt
    out to the currently smallest fold (deterministic, balanced by page count)."""
    sites: dict[str, int] = {}
    for p in pages:
        sites[p.site] = sites.get(p.site, 0) + 1
    order = sorted(sites, key=lambda s: (-sites[s], hashlib.sha1(f"{SEED}:{s}".encode()).hexdigest()))
    sizes = [0] * k
    fold_of: dict[str, int] = {}
    for s in order:
        f = min(range(k), key=lambda i: (sizes[i], i))
        fold_of[s] = f
        sizes[f] += sites[s]
    return [fold_of[p.site] for p in pages]


# -- models -----------------------------------------------------------------------------


def fit_logreg(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float = 1.0, iters: int = 12) -> dict[str, Any]:
    """Weighted L2-regularised logistic regression by Newton's method on standardised features."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = (x - mean) / scale
    n, d = z.shape
    a = np.hstack((z, np.ones((n, 1))))
    beta = np.zeros(d + 1)
    reg = np.full(d + 1, l2)
    reg[-1] = 0.0
    wn = w / w.mean()
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-np.clip(a @ beta, -30, 30)))
        g = a.T @ (wn * (p - y)) + reg * beta
        h = (a * (wn * p * (1 - p))[:, None]).T @ a + np.diag(reg + 1e-6)
        step = np.linalg.solve(h, g)
        beta -= step
        if np.abs(step).max() < 1e-4:
            break
    return {"type": "logreg", "features": list(FEATURE_NAMES), "mean": mean.tolist(), "scale": scale.tolist(),
            "coef": beta[:-1].tolist(), "intercept": float(beta[-1]), "threshold": 0.5}


def fit_trees(
    x: np.ndarray, y: np.ndarray, w: np.ndarray, *, trees: int = 120, depth: int = 4, rate: float = 0.2,
    bins: int = 32, subsample: float = 0.25, l2: float = 1.0, min_hess: float = 5.0,
) -> dict[str, Any]:
    """Gradient-boosted binary trees of fixed depth (2**depth leaves) on quantile bins, logistic
    loss, row subsampling; numpy only, deterministic."""
    rng = np.random.default_rng(SEED)
    n, d = x.shape
    qs = np.linspace(0, 1, bins + 1)[1:-1]
    edges = [np.unique(np.quantile(x[:, j], qs)) for j in range(d)]
    xb = np.empty((n, d), dtype=np.int64)
    for j in range(d):
        xb[:, j] = np.searchsorted(edges[j], x[:, j], side="left")
    wn = w / w.mean()
    prior = float(np.clip(np.average(y, weights=wn), 1e-4, 1 - 1e-4))
    base = float(np.log(prior / (1 - prior)))
    f = np.full(n, base)
    n_inner = 2**depth - 1
    feat = np.zeros((trees, n_inner), dtype=np.int64)
    split = np.full((trees, n_inner), np.inf)
    sbin = np.full((trees, n_inner), 1 << 30, dtype=np.int64)
    leaf = np.zeros((trees, 2**depth))
    offs = (np.arange(d) * bins)[None, :]
    for t in range(trees):
        p = 1.0 / (1.0 + np.exp(-f))
        g = wn * (p - y)
        h = wn * p * (1 - p)
        rows = np.flatnonzero(rng.random(n) < subsample)
        node = np.zeros(rows.size, dtype=np.int64)
        xr = xb[rows]
        gr, hr = g[rows], h[rows]
        for level in range(depth):
            n_nodes = 2**level
            first = n_nodes - 1
            local = node - first
            key = (local[:, None] * d * bins + offs + xr).ravel()
            size = n_nodes * d * bins
            hg = np.bincount(key, weights=np.repeat(gr, d), minlength=size).reshape(n_nodes, d, bins)
            hh = np.bincount(key, weights=np.repeat(hr, d), minlength=size).reshape(n_nodes, d, bins)
            cg, ch = hg.cumsum(axis=2), hh.cumsum(axis=2)
            tg, th = cg[:, :, -1:], ch[:, :, -1:]
            lg, lh = cg[:, :, :-1], ch[:, :, :-1]
            rg, rh = tg - lg, th - lh
            gain = lg**2 / (lh + l2) + rg**2 / (rh + l2) - tg**2 / (th + l2)
            gain[(lh < min_hess) | (rh < min_hess)] = -np.inf
            for m in range(n_nodes):
                flat = int(np.argmax(gain[m]))
                j, b = divmod(flat, bins - 1)
                if not np.isfinite(gain[m, j, b]) or gain[m, j, b] <= 0:
                    continue  # no split: every row goes left (split = +inf)
                # Bin index <= b goes left: the threshold is the upper edge of bin b.
                feat[t, first + m] = j
                sbin[t, first + m] = b
                split[t, first + m] = edges[j][b]
            go = xr[np.arange(rows.size), feat[t, node]] > sbin[t, node]
            node = 2 * node + 1 + go
        leaf_idx = node - n_inner
        sg = np.bincount(leaf_idx, weights=gr, minlength=2**depth)
        sh = np.bincount(leaf_idx, weights=hr, minlength=2**depth)
        leaf[t] = -rate * sg / (sh + l2)
        f += leaf[t][_apply(x, feat[t], split[t], depth)]
    return {"type": "trees", "features": list(FEATURE_NAMES), "depth": depth, "feature": feat.tolist(),
            "split": [[float(v) if np.isfinite(v) else 1e300 for v in row] for row in split],
            "leaf": leaf.tolist(), "base": base, "threshold": 0.5}


def _apply(x: np.ndarray, feat: np.ndarray, split: np.ndarray, depth: int) -> np.ndarray:
    node = np.zeros(x.shape[0], dtype=np.int64)
    rows = np.arange(x.shape[0])
    for _ in range(depth):
        node = 2 * node + 1 + (x[rows, feat[node]] > split[node])
    return node - (2**depth - 1)


CANDIDATES: dict[str, Callable[[np.ndarray, np.ndarray, np.ndarray], dict[str, Any]]] = {
    "logreg": fit_logreg,
    "trees": fit_trees,
}


def fit(pages: Sequence[Page], kind: str) -> dict[str, Any]:
    """Fit candidate ``kind`` on ``pages`` (and their cropped copies). The sets are balanced:
    a page weighs (mean pages per set) / (pages of its set), so the 91 news pages count as
    much as the 790 WCXB pages and the larger set does not drown the kinds of page only the
    smaller one holds (chosen by grouped CV over unweighted, page-balanced and line-weight-
    balanced training)."""
    train = [p for page in pages for p in (page, page.crop) if p is not None]
    x = np.vstack([p.x for p in train])
    y = np.concatenate([p.y for p in train])
    sizes: dict[str, int] = {}
    for p in pages:
        sizes[p.set] = sizes.get(p.set, 0) + 1
    mean_size = statistics.mean(sizes.values())
    w = np.concatenate([p.w * (mean_size / sizes[p.set]) for p in train])
    return CANDIDATES[kind](x, y, w)


# -- scoring ----------------------------------------------------------------------------


def page_counts(true: str, pred: str) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of one page, as the benchmark computes them."""
    t, p = shingle_counts(true), shingle_counts(pred)
    tp = sum(min(c, p[k]) for k, c in t.items() if k in p)
    fp = sum(p.values()) - tp
    fn = sum(t.values()) - tp
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def _ratio(tp: float, other: float, fp: float, fn: float) -> float:
    if fp == 0 and fn == 0:
        return 1.0
    return tp / (tp + other) if tp + other else 0.0


def aggregate(counts: Sequence[tuple[float, float, float]]) -> dict[str, float]:
    """F1 / precision / recall over pages (empty predictions skipped for precision)."""
    ps = [_ratio(tp, fp, fp, fn) for tp, fp, fn in counts if tp + fp > 0]
    rs = [_ratio(tp, fn, fp, fn) for tp, fp, fn in counts if tp + fn > 0]
    p = statistics.mean(ps) if ps else 0.0
    r = statistics.mean(rs) if rs else 0.0
    return {"f1": 2 * p * r / (p + r) if p + r else 0.0, "precision": p, "recall": r, "n": len(counts)}


def predict(text: str, model: LineModel | None) -> str:
    """The text path's answer for a page: the longest article, subheadings in place ("" when none)."""
    articles = segment(text, model=model)
    if not articles:
        return ""
    return article_text(max(articles, key=lambda a: len(a.body)))


def cross_validate(
    pages: Sequence[Page], kind: str, k: int = 5, *, log: Callable[[str], None] | None = None
) -> dict[str, Any]:
    """Grouped K-fold CV of candidate ``kind``: per set, per fold figures and every page's answer."""
    fold = folds(pages, k)
    per_fold: dict[str, list[dict[str, float]]] = {}
    answers: dict[tuple[str, str], str] = {}
    for f in range(k):
        t0 = time.perf_counter()
        train = [p for p, g in zip(pages, fold, strict=True) if g != f]
        model = LineModel(fit(train, kind))
        held = [p for p, g in zip(pages, fold, strict=True) if g == f]
        by_set: dict[str, list[tuple[float, float, float]]] = {}
        for p in held:
            pred = predict(p.text, model)
            answers[(p.set, p.id)] = pred
            by_set.setdefault(p.set, []).append(page_counts(p.truth, pred))
        for name, counts in by_set.items():
            per_fold.setdefault(name, []).append(aggregate(counts))
        if log:
            log(f"  {kind} fold {f + 1}/{k}: {len(train)} train pages, "
                + ", ".join(f"{n} F1 {per_fold[n][-1]['f1']:.3f}" for n in by_set)
                + f" ({time.perf_counter() - t0:.0f} s)")
    return {"per_fold": per_fold, "answers": answers, "fold": fold}


def summary(cv: dict[str, Any], pages: Sequence[Page]) -> dict[str, dict[str, float]]:
    """Mean and spread (standard deviation) across folds of each set's F1, and pooled figures."""
    out: dict[str, dict[str, float]] = {}
    for name, rows in cv["per_fold"].items():
        f1s = [r["f1"] for r in rows]
        pooled = aggregate([page_counts(p.truth, cv["answers"][(p.set, p.id)]) for p in pages if p.set == name])
        out[name] = {"f1_mean": statistics.mean(f1s), "f1_std": statistics.pstdev(f1s),
                     "f1_min": min(f1s), "f1_max": max(f1s), "pooled_f1": pooled["f1"],
                     "precision": pooled["precision"], "recall": pooled["recall"]}
    return out


NOTICE = """The line model in line_model.json was trained by scripts/train_line_model.py on:

- article-extraction-dev: half of scrapinghub/article-extraction-benchmark (MIT licence,
  Copyright (c) Zyte / Scrapinghub); flattened page text and ground-truth bodies.
- wcxb-dev: the article pages of the development split of WCXB, the Web Content
  eXtraction Benchmark (Murrough-Foley/web-content-extraction-benchmark), licensed
  CC-BY-4.0, (c) 2026 Murrough Foley; flattened page text and ground-truth bodies.
  https://creativecommons.org/licenses/by/4.0/  Changes: pages flattened to text; only
  numeric model parameters derived from the data are distributed here, no text.
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--eval-root", type=Path, default=EVAL)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--candidates", default="logreg,trees")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    if not all((args.eval_root / s / "ground-truth.json").exists() for s in SETS):
        sys.exit(f"Error: training sets not found under {args.eval_root}")
    t0 = time.perf_counter()
    pages = load_pages(args.eval_root)
    print(f"{len(pages)} pages, {sum(len(p.y) for p in pages)} lines, "
          f"{len({p.site for p in pages})} sites ({time.perf_counter() - t0:.0f} s)")
    results = {}
    for kind in args.candidates.split(","):
        cv = cross_validate(pages, kind, args.folds, log=print)
        results[kind] = summary(cv, pages)
        for name, m in results[kind].items():
            print(f"{kind:<7} {name:<24} CV F1 {m['f1_mean']:.3f} ± {m['f1_std']:.3f} "
                  f"(folds {m['f1_min']:.3f}-{m['f1_max']:.3f})")
    # The choice: the best mean over the two sets of the mean fold F1.
    best = max(results, key=lambda k: statistics.mean(m["f1_mean"] for m in results[k].values()))
    params = fit(pages, best)
    params["cv"] = {k: results[k] for k in results}
    params["chosen_by"] = f"{args.folds}-fold CV grouped by site, mean F1 over {', '.join(SETS)}"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(params, separators=(",", ":")) + "\n", "utf-8")
    (args.out.parent / "line_model.NOTICE").write_text(NOTICE, "utf-8")
    print(f"chose {best}; wrote {args.out}")


if __name__ == "__main__":
    main()
