"""Precision audit of the events newsgraph lists on the 91 eval articles, by half.

Usage: python bench/audit_events.py [--list A|B|all] [--json] [--all-confidences]

The articles of ``../shared/eval/article-extraction-dev`` are split into two halves
grouped by site (``tests/gold/events/split.json``, written by ``--write-split``: a
site's half is the parity of the first byte of the SHA-256 of its host name, so the
split depends on nothing we chose). Scope and confidence rules were developed looking
at half A only; half B was judged once, after that code was final. Each event listed
now is matched to its judgement in ``tests/gold/events/audit.jsonl`` by (article id,
sentence start, trigger, type, actor, target); an event not judged is counted, not
scored. Printed per half: events listed and judged, precision of type + actor (and
with the target), out-of-scope events (sports, market, product...), dateline actors,
and a reliability table (confidence band -> events, mean confidence, observed
precision). ``--list`` prints the listed events with their sentences as JSONL, to judge.

Events are listed as ``newsgraph events`` lists them: negated and hypothetical ones
left out, and those under the default minimum confidence
(``Settings.event_min_confidence``) left out unless ``--all-confidences``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

GOLD = ROOT / "tests" / "gold" / "events"
AUDIT = GOLD / "audit.jsonl"
SPLIT = GOLD / "split.json"
SHARED = Path(os.environ.get("NEWSGRAPH_SHARED") or ROOT.parent / "shared")
EVAL = SHARED / "eval" / "article-extraction-dev" / "ground-truth.json"
BANDS = ((0.0, 0.3), (0.3, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01))


def site(url: str) -> str:
    """The host of ``url`` without ``www.``."""
    return urlparse(url).netloc.lower().removeprefix("www.")


def half_of(host: str) -> str:
    """``A`` or ``B``: the parity of the first byte of the host's SHA-256."""
    return "AB"[hashlib.sha256(host.encode()).digest()[0] % 2]


def write_split() -> dict[str, Any]:
    """The split file: each article id with its site and half."""
    data = json.loads(EVAL.read_text(encoding="utf-8"))
    split = {k: {"site": site(data[k]["url"]), "half": half_of(site(data[k]["url"]))}
             for k in sorted(data)}
    SPLIT.write_text(json.dumps(split, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return split


def bodies() -> tuple[list[str], list[str]]:
    """Ids and true bodies (lines joined by blank lines) of the non-empty eval articles."""
    data = json.loads(EVAL.read_text(encoding="utf-8"))
    ids = [k for k in sorted(data) if data[k]["articleBody"].strip()]
    texts = ["\n\n".join(p.strip() for p in data[k]["articleBody"].split("\n") if p.strip())
             for k in ids]
    return ids, texts


def listed_events(min_confidence: float | None, halves: str = "AB") -> list[dict[str, Any]]:
    """Every event ``newsgraph events`` would list on the eval bodies of ``halves``, with its
    sentence."""
    from newsgraph.enrich.dates import extract_dates
    from newsgraph.enrich.entities import extract_entities
    from newsgraph.enrich.events import extract_events
    from newsgraph.enrich.nlp import load_nlp, parse

    ids, texts = bodies()
    if halves != "AB":
        split = json.loads(SPLIT.read_text(encoding="utf-8"))
        keep = [k for k, i in enumerate(ids) if split[i]["half"] in halves]
        ids, texts = [ids[k] for k in keep], [texts[k] for k in keep]
    nlp = load_nlp()
    out = []
    for art_id, text, doc in zip(ids, texts, parse(nlp, texts), strict=True):
        mentions, _ = extract_entities(doc)
        for e in extract_events(doc, mentions, extract_dates(doc, None), None):
            if e.uncertain or (min_confidence is not None and e.confidence < min_confidence):
                continue
            out.append({"id": art_id, "start": e.start, "end": e.end, "trigger": e.trigger,
                        "type": e.type, "actor": e.actor, "target": e.target,
                        "actor_country": e.actor_country, "target_country": e.target_country,
                        "confidence": e.confidence, "sentence": text[e.start:e.end]})
    return out


def key(r: dict[str, Any]) -> tuple[Any, ...]:
    """What identifies a judged event."""
    return (r["id"], r["start"], r["trigger"], r["type"], r["actor"], r["target"])


def judgements() -> dict[tuple[Any, ...], dict[str, Any]]:
    """The audit's judgements by event key."""
    rows = [json.loads(line) for line in AUDIT.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    return {key(r): r for r in rows if r.get("type_ok") is not None}


def figures(listed: list[dict[str, Any]], judged: dict[tuple[Any, ...], dict[str, Any]]
            ) -> dict[str, Any]:
    """Precision, scope and reliability figures of ``listed`` events against ``judged``."""
    pairs = [(e, judged[key(e)]) for e in listed if key(e) in judged]
    ok = [(e, j) for e, j in pairs if j["type_ok"] and j["actor_ok"]]
    bands = []
    for lo, hi in BANDS:
        inside = [(e, j) for e, j in pairs if lo <= e["confidence"] < hi]
        if inside:
            good = sum(1 for _, j in inside if j["type_ok"] and j["actor_ok"])
            bands.append({"band": f"{lo:.1f}-{min(hi, 1.0):.1f}", "events": len(inside),
                          "mean_confidence": round(sum(e["confidence"] for e, _ in inside)
                                                   / len(inside), 3),
                          "observed_precision": round(good / len(inside), 3)})
    n = len(pairs)
    return {
        "events_listed": len(listed),
        "events_judged": n,
        "events_unjudged": len(listed) - n,
        "precision_type_actor": round(len(ok) / n, 3) if n else None,
        "precision_type_actor_target": round(
            sum(1 for _, j in ok if j.get("target_ok")) / n, 3) if n else None,
        "out_of_scope_events": sum(1 for _, j in pairs if j.get("out_of_scope")),
        "dateline_actors": sum(1 for _, j in pairs if j.get("dateline_actor")),
        "reliability": bands,
    }


def audit(floor: float | None, halves: str = "AB") -> dict[str, Any]:
    """The audit's figures per half (``A``, ``B``, ``all``; of the articles of ``halves``),
    for the events listed at the minimum confidence ``floor`` (``listed``) and at every
    confidence (``every``)."""
    split = json.loads(SPLIT.read_text(encoding="utf-8"))
    every = listed_events(None, halves)
    judged = judgements()
    out: dict[str, Any] = {"floor": floor}
    for name, events in (("listed", [e for e in every if floor is None
                                     or e["confidence"] >= floor]), ("every", every)):
        out[name] = {half: figures([e for e in events if half in ("all", split[e["id"]]["half"])],
                                   judged) for half in ("A", "B", "all")}
    return out


def summary(r: dict[str, Any]) -> str:
    """One line of figures: judged / unjudged, precision, scope and dateline counts."""
    p, pt = r["precision_type_actor"], r["precision_type_actor_target"]
    return (f"{r['events_judged']} of {r['events_listed']} judged ({r['events_unjudged']} "
            f"unjudged); type+actor precision {p if p is not None else '-'}, with target "
            f"{pt if pt is not None else '-'}; sports/market/product {r['out_of_scope_events']}, "
            f"dateline actors {r['dateline_actors']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--list", choices=["A", "B", "all"], help="print the listed events as JSONL")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--all-confidences", action="store_true",
                    help="also the events under the default minimum confidence")
    ap.add_argument("--write-split", action="store_true", help="(re)write the split file")
    args = ap.parse_args(argv)
    if not EVAL.exists():
        print(f"Error: eval set not found: {EVAL}", file=sys.stderr)
        return 1
    split = write_split() if args.write_split or not SPLIT.exists() else json.loads(
        SPLIT.read_text(encoding="utf-8"))
    from newsgraph.settings import Settings

    floor = None if args.all_confidences else Settings().event_min_confidence
    listed = listed_events(floor)
    for e in listed:
        e["half"] = split[e["id"]]["half"]
    if args.list:
        for e in listed:
            if args.list in ("all", e["half"]):
                print(json.dumps(e, ensure_ascii=False))
        return 0
    judged = judgements()
    results = {half: figures([e for e in listed if e["half"] == half], judged)
               for half in ("A", "B")}
    results["all"] = figures(listed, judged)
    if args.json:
        print(json.dumps(results, indent=1))
        return 0
    articles = {h: sum(1 for v in split.values() if v["half"] == h) for h in "AB"}
    roles = {"A": "half A (rules developed on it: in-sample)",
             "B": "half B (judged once after the code was final: held out)",
             "all": "both halves"}
    print(f"minimum confidence {floor if floor is not None else 'none'}; "
          f"articles: A {articles['A']}, B {articles['B']}")
    for half in ("A", "B", "all"):
        r = results[half]
        print(f"{roles[half]}: {summary(r)}")
        print("  reliability: band   events  mean confidence  observed precision")
        for row in r["reliability"]:
            print(f"    {row['band']}  {row['events']:5d}  {row['mean_confidence']:15.3f}  "
                  f"{row['observed_precision']:18.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
