"""Text-path article extraction, cross-validated by site, beside two baselines in the same run.

Data: ``../shared/eval/article-extraction-dev`` (91 pages) and ``../shared/eval/wcxb-dev``
(790 pages; WCXB, CC-BY-4.0, © 2026 Murrough Foley, Murrough-Foley/web-content-extraction-benchmark),
the flattened ``text/<id>.txt`` of each page scored against ``ground-truth.json`` with the
benchmark's metric (4-token shingles of ``\\w+`` runs, per-page normalised counts, F1 of mean
precision and mean recall, as ``../shared/eval/score_extraction.py``).

* **newsgraph, CV**: K-fold cross-validation grouped by site over both sets together: the line
  model is trained (``scripts/train_line_model.py``) on the other folds' pages and the text
  path (normalise, segment, the longest article with its subheadings) scored on the held-out
  fold; mean ± standard deviation of the folds' F1, per set. This is the honest figure.
* **shipped, in-sample**: the shipped model (``newsgraph/data/line_model.json``) on the same
  pages it was trained on. Not an estimate of quality on new pages.
* **as-is**: the whole flattened text. **density**: a twenty-line line-density heuristic
  (the densest run of long lines, see :func:`density_baseline`).
* pages that have prose (at least ``min_article_words`` words on sentence lines of 8+ words)
  but got no article; text-path time per page (median, CPU, shipped model, cold caches).
* ``--without RULE``: the same CV with structural rules of ``segment.py`` switched off
  (training and scoring); ``--ablate``: each fold's model (trained with the rules on) also
  scored with each rule switched off in turn, the with/without figure of every kept rule;
  ``--ablate-constants``: the same for every tuning constant of ``segment.TUNING``, scored
  at its "without it" setting (the comparison it sits in always holds: no maximum, a zero
  minimum; or, where it adds a case, never does).

    python bench/extract_text.py [--folds 5] [--model logreg|trees] [--without RULE]... [--ablate]
        [--ablate-constants]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from newsgraph import segment as seg
from newsgraph.linemodel import LineModel, default_model
from newsgraph.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def trainer() -> ModuleType:
    """``scripts/train_line_model.py`` as a module (data loading, labels, fitting, CV)."""
    spec = importlib.util.spec_from_file_location("train_line_model", ROOT / "scripts" / "train_line_model.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_line_model"] = module
    spec.loader.exec_module(module)
    return module


def density_baseline(text: str, min_words: int = 10) -> str:
    """Lines in the maximum-sum run of (words - ``min_words``), keeping lines of ``min_words``+ words."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    best, best_i, best_j, cur, cur_i = 0, 0, -1, 0, 0
    for j, ln in enumerate(lines):
        w = len(ln.split()) - min_words
        if cur <= 0:
            cur, cur_i = w, j
        else:
            cur += w
        if cur > best:
            best, best_i, best_j = cur, cur_i, j
    return "\n".join(ln for ln in lines[best_i : best_j + 1] if len(ln.split()) >= min_words)


_SENTENCE_LINE = re.compile(r"[.!?…。！？][\"”’»)]?$")


def has_prose(text: str, min_words: int) -> bool:
    """At least ``min_words`` words on lines of 8+ words that end a sentence."""
    total = 0
    for ln in text.split("\n"):
        n = ln.count(" ") + 1
        if n >= 8 and _SENTENCE_LINE.search(ln):
            total += n
            if total >= min_words:
                return True
    return False


def _fold_stats(rows: Sequence[dict[str, float]]) -> dict[str, float]:
    f1s = [r["f1"] for r in rows]
    return {"mean": statistics.mean(f1s), "std": statistics.pstdev(f1s), "min": min(f1s), "max": max(f1s)}


def timing(texts: Sequence[str]) -> float:
    """Median CPU milliseconds of the text path (segment) per page, cold line caches."""
    model = default_model()
    out = []
    for text in texts:
        seg.clear_line_cache()
        t0 = time.process_time()
        seg.segment(text, model=model)
        out.append(time.process_time() - t0)
    return 1000 * statistics.median(out)


Config = tuple[frozenset[str], dict[str, float]]
"""Rules on, tuning constants set away from their defaults."""


def _counts(truth: dict[tuple[str, ...], int], pred: str, t: ModuleType) -> tuple[float, float, float]:
    """``page_counts`` with the truth's shingles counted once per page."""
    p = t.shingle_counts(pred)
    tp = sum(min(c, p[k]) for k, c in truth.items() if k in p)
    fp = sum(p.values()) - tp
    fn = sum(truth.values()) - tp
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def run_cv(
    t: ModuleType, pages: Sequence[Any], kind: str, folds: int, configs: dict[str, Config], log: bool
) -> dict[str, dict[str, Any]]:
    """Grouped K-fold CV: per fold, train on the other folds, then score the held-out pages once per
    configuration (name -> rules on and constants set). Returns per configuration the per-set fold
    figures and every page's answer."""
    fold = t.folds(pages, folds)
    truth = {(p.set, p.id): t.shingle_counts(p.truth) for p in pages}
    out: dict[str, dict[str, Any]] = {c: {"per_fold": {}, "answers": {}} for c in configs}
    for f in range(folds):
        t0 = time.perf_counter()
        model = LineModel(t.fit([p for p, g in zip(pages, fold, strict=True) if g != f], kind))
        held = [p for p, g in zip(pages, fold, strict=True) if g == f]
        for name, (rules, tuning) in configs.items():
            seg.set_rules(rules)
            seg.set_tuning(tuning)
            by_set: dict[str, list[tuple[float, float, float]]] = {}
            for p in held:
                pred = t.predict(p.text, model)
                out[name]["answers"][(p.set, p.id)] = pred
                by_set.setdefault(p.set, []).append(_counts(truth[(p.set, p.id)], pred, t))
            for s, counts in by_set.items():
                out[name]["per_fold"].setdefault(s, []).append(t.aggregate(counts))
        seg.set_rules(None)
        seg.set_tuning(None)
        if log:
            base = out[next(iter(configs))]["per_fold"]
            print(f"  fold {f + 1}/{folds}: " + ", ".join(f"{s} F1 {base[s][-1]['f1']:.3f}" for s in base)
                  + f" ({time.perf_counter() - t0:.0f} s)", flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--eval-root", type=Path, default=None, help="directory holding the two sets")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--model", default=None, help="logreg or trees (default: the shipped model's type)")
    ap.add_argument("--without", action="append", default=[], choices=sorted(seg.RULES),
                    help="switch a structural rule off (repeatable)")
    ap.add_argument("--ablate", action="store_true", help="also score each fold without each rule in turn")
    ap.add_argument("--ablate-constants", action="store_true",
                    help="also score each fold with each tuning constant at its 'without it' setting")
    ap.add_argument("--json", type=Path, help="write the figures here")
    ap.add_argument("--markdown", type=Path, help="write the with/without tables here (Markdown)")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args()
    t = trainer()
    eval_root = args.eval_root or t.EVAL
    if not all((eval_root / s / "ground-truth.json").exists() for s in t.SETS):
        sys.exit(f"Error: the eval sets are not under {eval_root}")
    kind = args.model or default_model().type
    rules = set(seg.RULES) - set(args.without)
    min_words = Settings().min_article_words

    seg.set_rules(rules)
    pages = t.load_pages(eval_root)
    seg.set_rules(None)
    on = frozenset(rules)
    configs: dict[str, Config] = {"main": (on, {})}
    if args.ablate:
        configs.update({f"without {r}": (on - {r}, {}) for r in sorted(rules)})
    if args.ablate_constants:
        configs.update({f"constant {c}": (on, {c: v}) for c, v in seg.TUNING.items()})
    runs = run_cv(t, pages, kind, args.folds, configs, not args.quiet)
    cv = runs["main"]
    res: dict[str, Any] = {"model": kind, "folds": args.folds, "rules_off": sorted(args.without), "sets": {}}
    shipped = default_model()
    for name in t.SETS:
        mine = [p for p in pages if p.set == name]
        per_fold = cv["per_fold"][name]
        answers = {p.id: cv["answers"][(p.set, p.id)] for p in mine}
        pooled = t.aggregate([t.page_counts(p.truth, answers[p.id]) for p in mine])
        seg.set_rules(rules)
        in_sample = t.aggregate([t.page_counts(p.truth, t.predict(p.text, shipped)) for p in mine])
        seg.set_rules(None)
        prose = [p for p in mine if has_prose(p.text, min_words)]
        res["sets"][name] = {
            "n": len(mine),
            "cv_f1": _fold_stats(per_fold),
            "cv_pooled": pooled,
            "shipped_in_sample": in_sample,
            "as_is": t.aggregate([t.page_counts(p.truth, p.text) for p in mine]),
            "density": t.aggregate([t.page_counts(p.truth, density_baseline(p.text)) for p in mine]),
            "no_article": sum(1 for p in mine if not answers[p.id]),
            "prose_no_article": sum(1 for p in prose if not answers[p.id]),
            "prose_pages": len(prose),
            "ms_per_page_median": timing([p.text for p in mine]),
        }
    for prefix, key in (("without ", "ablation"), ("constant ", "constants")):
        rows = {name[len(prefix):]: {s: _fold_stats(run["per_fold"][s]) for s in t.SETS}
                for name, run in runs.items() if name.startswith(prefix)}
        if rows:
            res[key] = rows
    _print(res, t.SETS)
    if args.json:
        args.json.write_text(json.dumps(res, indent=1, sort_keys=True), "utf-8")
    if args.markdown:
        args.markdown.write_text(markdown(res, t.SETS), "utf-8")


def markdown(res: dict[str, Any], sets: Sequence[str]) -> str:
    """The with/without tables of rules and constants, in Markdown."""
    base = {n: res["sets"][n]["cv_f1"]["mean"] for n in sets}
    head = " | ".join(f"{n} without (Δ)" for n in sets)
    out = [f"With every rule and constant: {', '.join(f'{n} {base[n]:.3f}' for n in sets)} "
           f"({res['folds']}-fold CV grouped by site, model {res['model']}).", ""]
    if "ablation" in res:
        out += [f"| rule | {head} |", "| --- | " + " | ".join("---:" for _ in sets) + " |"]
        out += [f"| `{r}` | " + " | ".join(f"{row[n]['mean']:.3f} ({row[n]['mean'] - base[n]:+.3f})" for n in sets)
                + " |" for r, row in res["ablation"].items()]
        out.append("")
    if "constants" in res:
        out += [f"| constant | value | without | {head} |", "| --- | ---: | ---: | "
                + " | ".join("---:" for _ in sets) + " |"]
        for c, row in res["constants"].items():
            without = "no limit" if seg.TUNING[c] >= seg._NO_LIMIT else f"{seg.TUNING[c]:g}"
            out.append(f"| `{c}` | {getattr(seg, c):g} | {without} | " + " | ".join(
                f"{row[n]['mean']:.3f} ({row[n]['mean'] - base[n]:+.3f})" for n in sets) + " |")
        out.append("")
    return "\n".join(out)


def _print(res: dict[str, Any], sets: Sequence[str]) -> None:
    off = ", ".join(res["rules_off"]) or "none"
    print(f"\ntext path, {res['folds']}-fold CV grouped by site, model {res['model']}, rules off: {off}")
    print(f"{'set':<24} {'n':>4}  {'CV F1 (mean ± sd, min-max)':<28} {'P':>6} {'R':>6}  "
          f"{'as-is':>6} {'density':>7}  {'shipped*':>8}  {'no art.':>7}  {'ms/page':>7}")
    for name in sets:
        m = res["sets"][name]
        cv = m["cv_f1"]
        print(f"{name:<24} {m['n']:>4}  {cv['mean']:.3f} ± {cv['std']:.3f} ({cv['min']:.3f}-{cv['max']:.3f})"
              f"   {m['cv_pooled']['precision']:6.3f} {m['cv_pooled']['recall']:6.3f}  "
              f"{m['as_is']['f1']:6.3f} {m['density']['f1']:7.3f}  {m['shipped_in_sample']['f1']:8.3f}  "
              f"{m['prose_no_article']:>3}/{m['prose_pages']:<3}  {m['ms_per_page_median']:7.2f}")
    print("* shipped: the shipped model on its own training pages (in-sample, not an estimate).")
    print("no art.: pages with prose that got no article / pages with prose. ms/page: median CPU time "
          "of segmentation with the shipped model, cold caches (noisy on a shared machine).")
    base = {n: res["sets"][n]["cv_f1"]["mean"] for n in sets}
    if "ablation" in res:
        print("\nablation: each fold's model (trained with every rule on) scored with one rule off;"
              " (delta) = without - with")
        print(f"{'without rule':<16} " + "  ".join(f"{n:>24}" for n in sets))
        for rule, row in res["ablation"].items():
            print(f"{rule:<16} " + "  ".join(
                f"{row[n]['mean']:.3f} ({row[n]['mean'] - base[n]:+.3f})".rjust(24) for n in sets))
    if "constants" in res:
        print("\nconstants: each fold's model scored with one tuning constant at its 'without it' setting;"
              " (delta) = without - with")
        print(f"{'constant':<30} {'value':>8} {'without':>10} " + "  ".join(f"{n:>24}" for n in sets))
        for name, row in res["constants"].items():
            print(f"{name:<30} {getattr(seg, name):>8g} {seg.TUNING[name]:>10g} " + "  ".join(
                f"{row[n]['mean']:.3f} ({row[n]['mean'] - base[n]:+.3f})".rjust(24) for n in sets))


if __name__ == "__main__":
    main()
