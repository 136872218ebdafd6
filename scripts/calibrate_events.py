"""Fit the event-confidence calibration on the development sets.

Usage: python scripts/calibrate_events.py [--dry-run] [--compare]

Training events (the coder's raw confidences, negated and hypothetical events left out):

- half A (by story, ``eval_events.halves``) of the two CAMEO validation sets of
  ``bench/eval_events.py`` (PETRARCH2 unit tests, UniversalPetrarch's validation records):
  an event is right when its type is one of the sentence's gold PLOVER types and its actor
  country is that coding's source. Half B, whose figures are the held-out ones, is never
  read here;
- half A of the precision audit (``tests/gold/events/split.json``): an event is right
  when judged right in type and actor. Half B is never read here.

Audit events weigh ``AUDIT_WEIGHT`` times a validation event: they are real articles of
every kind, the validation sentences are all political. The model is a logistic
regression with a small L2 penalty (Newton steps), written with its training counts to
``src/newsgraph/data/event_calibration.json``; an in-sample reliability table is printed.
``--compare`` prints, for each candidate feature set of ``CANDIDATES``, the weighted log loss
of 5-fold cross-validation over those development events, folds grouped by sentence record
or audit article (repeated over 10 shuffles),
beside the base rate's: the model's features are the set that does best.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

OUT = ROOT / "src" / "newsgraph" / "data" / "event_calibration.json"
AUDIT_WEIGHT = 8.0
L2 = 1.0


def _inputs(e: Any) -> dict[str, float]:
    """Every candidate input of an event (raw confidence, as the coder gives it)."""
    from newsgraph.enrich.calibration import _political

    return {
        "bias": 1.0, "actor": float(e.actor is not None), "raw": e.confidence,
        "agent": float(e.actor is not None or e.actor_sector is not None),
        "actor_political": float(_political(e.actor_country, e.actor_sector)),
        "target_political": float(_political(e.target_country, e.target_sector)),
        "actor_country": float(e.actor_country is not None),
        "dyad": float(e.actor_country is not None and e.target_country is not None),
        "pattern": float(e.cameo is not None),
        "dyad_pattern": float(e.cameo is not None and e.actor_country is not None
                              and e.target_country is not None),
    }


CANDIDATES = (
    ("bias", "actor", "actor_political", "target_political", "raw"),
    ("bias", "actor", "actor_political", "target_political", "pattern", "raw"),
    ("bias", "actor", "actor_political", "target_political", "dyad", "pattern", "raw"),
    ("bias", "actor", "actor_country", "dyad", "pattern", "raw"),
    ("bias", "actor", "dyad", "pattern", "raw"),
    ("bias", "actor", "dyad", "pattern"),
    ("bias", "actor", "dyad"),
    ("bias", "dyad"),
    ("bias", "agent", "dyad"),
    ("bias", "agent", "dyad", "raw"),
    ("bias", "agent", "dyad", "pattern"),
    ("bias", "actor", "dyad", "pattern", "dyad_pattern"),
    ("bias", "agent", "dyad", "pattern", "dyad_pattern"),
    ("bias", "dyad", "pattern", "dyad_pattern"),
    ("bias", "dyad", "pattern"),
)
"""Feature sets compared by ``--compare`` (the first is the model of session 17)."""


EVENTS: list[Any] = []
"""The training events in the order of their rows (validation, then audit)."""
GROUPS: list[str] = []
"""Each training event's sentence record or audit article: cross-validation folds keep a
group together, so no fold learns from another event of the same story."""


def rows_for(texts: list[tuple[str, str | None]]) -> list[list[tuple[list[float], object]]]:
    """Per text: (features, event) of each listed event, with raw confidences."""
    from newsgraph.enrich import calibration
    from newsgraph.enrich.dates import extract_dates
    from newsgraph.enrich.entities import extract_entities
    from newsgraph.enrich.events import extract_events
    from newsgraph.enrich.nlp import load_nlp, parse
    from newsgraph.enrich.scope import Scope

    nlp = load_nlp()
    out = []
    for doc, (text, date) in zip(parse(nlp, [t for t, _ in texts]), texts, strict=True):
        mentions, _ = extract_entities(doc)
        events = extract_events(doc, mentions, extract_dates(doc, date), date, calibrated=False)
        share, discards = calibration.relevance(mentions), Scope(text).discard_phrases
        out.append([(calibration.features(e, share, discards), e) for e in events
                    if not e.uncertain])
    return out


def validation_rows() -> tuple[list[list[float]], list[float]]:
    """Features and labels of the events on the two validation sets."""
    from eval_events import SETS, _pred_country, gold_of, halves, read_records

    xs: list[list[float]] = []
    ys: list[float] = []
    for path in SETS.values():
        every = read_records(path)
        half = halves(every)
        records = [r for r in every if r.evaluate and half[r.id] == "A"]
        for rec, found in zip(records, rows_for([(r.text, r.date) for r in records]),
                              strict=True):
            gold = gold_of(rec)
            for x, e in found:
                actor = _pred_country(e.actor, e.actor_country, e.actor_sector)  # type: ignore[attr-defined]
                right = any(t == e.type and a == actor for t, a, _ in gold)  # type: ignore[attr-defined]
                xs.append(x)
                ys.append(float(right))
                EVENTS.append(e)
                GROUPS.append(f"{path.name}:{rec.id}")
    return xs, ys


def audit_rows() -> tuple[list[list[float]], list[float]]:
    """Features and labels of the judged events of audit half A."""
    from audit_events import SPLIT, bodies, judgements, key

    split = json.loads(SPLIT.read_text(encoding="utf-8"))
    judged = judgements()
    ids, texts = bodies()
    keep = [(i, t) for i, t in zip(ids, texts, strict=True) if split[i]["half"] == "A"]
    xs: list[list[float]] = []
    ys: list[float] = []
    for (art_id, _), found in zip(keep, rows_for([(t, None) for _, t in keep]), strict=True):
        for x, e in found:
            k = key({"id": art_id, "start": e.start, "trigger": e.trigger, "type": e.type,  # type: ignore[attr-defined]
                     "actor": e.actor, "target": e.target})  # type: ignore[attr-defined]
            if k in judged:
                xs.append(x)
                ys.append(float(judged[k]["type_ok"] and judged[k]["actor_ok"]))
                EVENTS.append(e)
                GROUPS.append(art_id)
    return xs, ys


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float) -> np.ndarray:
    """Weighted L2-penalised logistic regression by Newton steps (the bias is not penalised)."""
    beta = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(x @ beta)))
        grad = x.T @ (w * (p - y)) + penalty * beta
        hess = (x * (w * p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return beta


def reliability(p: np.ndarray, y: np.ndarray) -> list[tuple[str, int, float, float]]:
    """(band, events, mean predicted, observed precision) per confidence band."""
    out = []
    for lo, hi in ((0.0, 0.3), (0.3, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9),
                   (0.9, 1.01)):
        inside = (p >= lo) & (p < hi)
        if inside.any():
            out.append((f"{lo:.1f}-{min(hi, 1.0):.1f}", int(inside.sum()),
                        float(p[inside].mean()), float(y[inside].mean())))
    return out


def compare(y: np.ndarray, w: np.ndarray, folds: int = 5, repeats: int = 10) -> None:
    """Cross-validated weighted log loss of each candidate feature set, and the base rate's."""
    rng = np.random.default_rng(0)
    names = sorted(set(GROUPS))
    group = np.array([names.index(g) for g in GROUPS])
    splits = [rng.permutation(len(names))[group] for _ in range(repeats)]

    def cv(x: np.ndarray) -> tuple[float, float]:
        losses = []
        for fold_of in splits:
            loss = 0.0
            for k in range(folds):
                test = fold_of % folds == k
                beta = fit(x[~test], y[~test], w[~test], L2)
                p = np.clip(1.0 / (1.0 + np.exp(-(x[test] @ beta))), 1e-6, 1 - 1e-6)
                loss -= float((w[test] * (y[test] * np.log(p) + (1 - y[test]) * np.log(1 - p)))
                              .sum())
            losses.append(loss / w.sum())
        return float(np.mean(losses)), float(np.std(losses))

    mean, sd = cv(np.ones((len(y), 1)))
    print(f"cross-validated log loss ({folds} folds by story x {repeats}): base rate {mean:.4f} ± {sd:.4f}")
    inputs = [_inputs(e) for e in EVENTS]
    for names in CANDIDATES:
        mean, sd = cv(np.array([[d[n] for n in names] for d in inputs]))
        print(f"  {mean:.4f} ± {sd:.4f}  {', '.join(names)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dry-run", action="store_true", help="print, do not write the model")
    ap.add_argument("--compare", action="store_true",
                    help="cross-validate the candidate feature sets (writes nothing)")
    args = ap.parse_args(argv)
    from newsgraph.enrich.calibration import FEATURES

    vx, vy = validation_rows()
    ax, ay = audit_rows()
    x = np.array(vx + ax, dtype=float)
    y = np.array(vy + ay, dtype=float)
    w = np.array([1.0] * len(vx) + [AUDIT_WEIGHT] * len(ax))
    if args.compare:
        compare(y, w)
        return 0
    beta = fit(x, y, w, L2)
    p = 1.0 / (1.0 + np.exp(-(x @ beta)))
    print(f"validation events {len(vx)} (right {int(sum(vy))}), audit half A events {len(ax)} "
          f"(right {int(sum(ay))})")
    for name, b in zip(FEATURES, beta, strict=True):
        print(f"  {name:18s} {b:+.3f}")
    for label, sel in (("validation sets", slice(0, len(vx))), ("audit half A", slice(len(vx), None))):
        print(f"in-sample reliability, {label}: band, events, mean predicted, observed")
        for band, n, mean, obs in reliability(p[sel], y[sel]):
            print(f"  {band}  {n:4d}  {mean:.3f}  {obs:.3f}")
    if not args.dry_run:
        OUT.write_text(json.dumps({
            "features": list(FEATURES), "coefficients": [round(float(b), 4) for b in beta],
            "trained_on": {"validation_events": len(vx), "audit_half_a_events": len(ax),
                           "audit_weight": AUDIT_WEIGHT, "l2": L2},
        }, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
