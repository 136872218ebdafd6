"""Quote and event accuracy on the gold set in tests/gold/knowledge/.

Each gold article is parsed with the installed spaCy pipeline, its entities found
by the entity stage, then quotes, dates and events extracted exactly as in
enrichment. Printed figures:

- quote speaker accuracy: gold quotes whose (overlapping) predicted quote names the
  gold speaker, over all gold quotes (a missed quote counts as wrong);
- event precision / recall: predicted events that happened (not negated,
  hypothetical or future) matched to gold on type + actor + target;
- non-event flagging: gold statements of events that did not happen, found and flagged;
- time of each stage beside the spaCy parse.

Gold names may list alternatives separated by "|" (metonyms: "Russia|Moscow").

Usage: .venv/bin/python bench/eval_knowledge.py [--split dev|heldout] [--verbose] [--json]
       .venv/bin/python bench/eval_knowledge.py --speed 5
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from newsgraph.enrich.dates import extract_dates
from newsgraph.enrich.entities import extract_entities
from newsgraph.enrich.events import extract_events
from newsgraph.enrich.nlp import load_nlp, parse
from newsgraph.enrich.quotes import extract_quotes
from newsgraph.model import Event, Quote

GOLD = Path(__file__).resolve().parent.parent / "tests" / "gold" / "knowledge"


def _norm(name: str | None) -> str | None:
    if name is None:
        return None
    name = " ".join(name.casefold().split())
    return name.removeprefix("the ")


def names_match(gold: str | None, predicted: str | None) -> bool:
    """``predicted`` is one of the "|"-separated ``gold`` names (None matches None)."""
    if gold is None or predicted is None:
        return gold is None and predicted is None
    return _norm(predicted) in {_norm(g) for g in gold.split("|")}


def load_gold(gold_dir: Path = GOLD) -> list[dict[str, Any]]:
    """The gold articles, in file-name order."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.json"))]


def _event_key(e: Event) -> tuple[str, str | None, str | None]:
    return (e.type, e.actor, e.target)


def _happened(e: Event) -> bool:
    return not (e.negated or e.hypothetical or e.future)


def _match_event(gold: dict[str, Any], e: Event) -> bool:
    return (gold["type"] == e.type and names_match(gold["actor"], e.actor)
            and names_match(gold["target"], e.target))


def _find_quote(text: str, gold: dict[str, Any], quotes: list[Quote]) -> Quote | None:
    start = text.find(gold["text"])
    end = start + len(gold["text"])
    hits = [q for q in quotes if q.start < end and start < q.end]
    same = [q for q in hits if q.direct == gold.get("direct", True)]
    return (same or hits or [None])[0]


def evaluate(gold_dir: Path = GOLD, verbose: bool = False,
             split: str | None = None) -> dict[str, Any]:
    """Run the knowledge stages on the gold set and score them.

    ``split`` keeps only the articles of one split: "dev" (the articles the rules were
    developed on) or "heldout" (written after the rules were frozen); None takes all.
    """
    articles = [a for a in load_gold(gold_dir)
                if split is None or a.get("split", "dev") == split]
    nlp = load_nlp()
    t0 = time.perf_counter()
    docs = list(parse(nlp, [a["text"] for a in articles]))
    parse_s = time.perf_counter() - t0
    q_total = q_found = q_right = 0
    e_pred = e_pred_ok = e_gold = e_gold_ok = 0
    n_total = n_flagged = 0
    entity_s = knowledge_s = 0.0
    for art, doc in zip(articles, docs, strict=True):
        t1 = time.perf_counter()
        mentions, _roles = extract_entities(doc)
        t2 = time.perf_counter()
        quotes = extract_quotes(doc, mentions)
        dates = extract_dates(doc, art.get("published"))
        events = extract_events(doc, mentions, dates, art.get("published"))
        entity_s += t2 - t1
        knowledge_s += time.perf_counter() - t2
        for gq in art["quotes"]:
            q_total += 1
            q = _find_quote(art["text"], gq, quotes)
            ok = q is not None and names_match(gq["speaker"], q.speaker)
            q_found += q is not None
            q_right += ok
            if verbose and not ok:
                print(f"  [{art['id']}] quote {gq['text'][:40]!r}: gold {gq['speaker']!r}, "
                      f"got {q.speaker if q else 'no quote'!r}")
        happened = {}
        for e in events:
            if _happened(e):
                happened.setdefault(_event_key(e), e)
        for e in happened.values():
            e_pred += 1
            ok = any(_match_event(g, e) for g in art["events"])
            e_pred_ok += ok
            if verbose and not ok:
                print(f"  [{art['id']}] extra event {e.type} {e.actor!r} -> {e.target!r} "
                      f"({e.trigger})")
        for g in art["events"]:
            e_gold += 1
            ok = any(_match_event(g, e) for e in happened.values())
            e_gold_ok += ok
            if verbose and not ok:
                print(f"  [{art['id']}] missed event {g['type']} {g['actor']!r} -> {g['target']!r}")
        for g in art.get("non_events", []):
            n_total += 1
            flagged = any(
                g["type"] == e.type and names_match(g["actor"], e.actor)
                and (g["target"] is None or names_match(g["target"], e.target))
                and getattr(e, g["flag"])
                for e in events
            )
            n_flagged += flagged
            if verbose and not flagged:
                print(f"  [{art['id']}] non-event not flagged: {g}")
    return {
        "articles": len(articles),
        "gold_quotes": q_total,
        "quote_recall": round(q_found / q_total, 3) if q_total else 0.0,
        "quote_speaker_accuracy": round(q_right / q_total, 3) if q_total else 0.0,
        "gold_events": e_gold,
        "predicted_events": e_pred,
        "event_precision": round(e_pred_ok / e_pred, 3) if e_pred else 0.0,
        "event_recall": round(e_gold_ok / e_gold, 3) if e_gold else 0.0,
        "non_events": n_total,
        "non_events_flagged": round(n_flagged / n_total, 3) if n_total else 0.0,
        "parse_seconds": round(parse_s, 3),
        "entity_seconds": round(entity_s, 3),
        "quotes_dates_events_seconds": round(knowledge_s, 3),
    }


def _seed_bodies() -> list[str]:
    from newsgraph.clean import normalize_text
    from newsgraph.segment import segment

    seeds = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
    bodies: dict[str, str] = {}
    for path in sorted(seeds.glob("*.txt")):
        for art in segment(normalize_text(path.read_text(encoding="utf-8"))):
            bodies.setdefault(art.title or "", art.body)
    return list(bodies.values())


def speed(repeat: int = 5) -> dict[str, float]:
    """Seconds for ``nlp.pipe`` and for each knowledge stage over the gold and seed texts."""
    texts = ([a["text"] for a in load_gold()] + _seed_bodies()) * repeat
    nlp = load_nlp()
    list(parse(nlp, texts[:4]))  # warm up
    t0 = time.perf_counter()
    docs = list(parse(nlp, texts))
    out = {"texts": float(len(texts)), "chars": float(sum(map(len, texts))),
           "nlp_pipe": time.perf_counter() - t0,
           "entities": 0.0, "quotes": 0.0, "dates": 0.0, "events": 0.0}
    for doc in docs:
        t = time.perf_counter()
        mentions, _ = extract_entities(doc)
        t1 = time.perf_counter()
        extract_quotes(doc, mentions)
        t2 = time.perf_counter()
        dates = extract_dates(doc, "2024-12-20")
        t3 = time.perf_counter()
        extract_events(doc, mentions, dates)
        t4 = time.perf_counter()
        out["entities"] += t1 - t
        out["quotes"] += t2 - t1
        out["dates"] += t3 - t2
        out["events"] += t4 - t3
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--verbose", action="store_true", help="print every miss")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--split", choices=["dev", "heldout"], default=None,
                    help="score one split only (default: all articles)")
    ap.add_argument("--speed", type=int, metavar="N", default=0,
                    help="instead: time nlp.pipe and each stage over the texts repeated N times")
    args = ap.parse_args(argv)
    if args.speed:
        t = speed(args.speed)
        base = t["nlp_pipe"]
        print(f"{int(t['texts'])} texts, {int(t['chars'])} chars; nlp.pipe {base:.2f}s")
        for name in ("entities", "quotes", "dates", "events"):
            print(f"  {name:9} {t[name]:.3f}s  ({100 * t[name] / base:.1f}% of nlp.pipe)")
        mine = t["quotes"] + t["dates"] + t["events"]
        print(f"  quotes+dates+events {mine:.3f}s ({100 * mine / base:.1f}% of nlp.pipe)")
        return 0
    result = evaluate(verbose=args.verbose, split=args.split)
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    print(f"gold articles            {result['articles']}")
    print(f"quote speaker accuracy   {result['quote_speaker_accuracy']:.3f}  "
          f"(quotes found {result['quote_recall']:.3f} of {result['gold_quotes']})")
    print(f"event precision          {result['event_precision']:.3f}  "
          f"({result['predicted_events']} predicted)")
    print(f"event recall             {result['event_recall']:.3f}  "
          f"({result['gold_events']} gold)")
    print(f"non-events flagged       {result['non_events_flagged']:.3f}  "
          f"(of {result['non_events']})")
    print(f"time: nlp.pipe {result['parse_seconds']:.3f}s, entities "
          f"{result['entity_seconds']:.3f}s, quotes+dates+events "
          f"{result['quotes_dates_events_seconds']:.3f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
