"""Event coding on the two CAMEO-coded validation sets, converted to PLOVER.

Usage: python bench/eval_events.py [--set petr|gsr|all] [--verbose] [--why] [--json]

Sets (development sets, MIT, in ../shared/resources; neither was used to write the
dictionary, both are read here only):

- ``petr``: PETRARCH2's unit-test records (``PETR.UnitTest.records.xml``, 284 records).
  Their actors are fictional (Arnor, Gondor, Hobbits... coded ``ARN``, ``GON``, ``HOB``;
  the set's own actor dictionary is not in the resources) and some real (USA, PHL...).
  A gold code is scored by its first three letters (the ISO3 country for real codes,
  ``IGO``/``NGO`` for organisations), and a predicted party with no country by the first
  three letters of its name (which is how the set's fictional codes are formed). Stated, not hidden: this is
  the scoring's reading of the set, the coder has no knowledge of the fictional names.
- ``gsr``: UniversalPetrarch's 78 validation records (``PETR2_GSR_validation.xml``),
  real news sentences coded with the Phoenix dictionaries.

Which set was looked at: while the matcher and the actor resolution were written (issue 9,
i9a), the errors of ``petr`` were read item by item (its figures are in-sample); ``gsr``
was held out, only its summary figures read. Since session 17 each set is also split in
halves by story (``halves``): the errors of half A of both sets are read with ``--verbose``,
half B's never (its figures are the honest ones), and the confidence calibration
(``scripts/calibrate_events.py``) is fitted on half A only. Sets are never pooled.

Each record's CAMEO codes are converted with the official CAMEO -> PLOVER table;
codes PLOVER drops (01 statements, 02 appeals) or does not know mean "no PLOVER
event". Figures per set:

- type accuracy: sentences with a gold PLOVER event whose most confident predicted
  event has one of the gold types (no prediction counts as wrong); also among the
  sentences with a prediction;
- (type, actor country, target country) precision / recall / F1 over distinct triples;
- no-event share: gold-event sentences with no predicted event;
- false events: gold no-event sentences with a predicted event;
- a reliability table: predicted events by confidence band, with the share whose type
  is one of the sentence's gold types.

Negated and hypothetical events are left out, as in ``newsgraph events``.

With ``--why``, each half also gets a diagnosis of its gold-event sentences that get no
event, as counts only (so half B's may be printed): the furthest stage any trigger of the
sentence reached before it was dropped (``events.DROP_STAGES``: article scope or relevance,
a discard phrase, the party stages, the listing rules; then "negated or hypothetical" when
events were coded but all are uncertain), or, when no trigger was found at all, whether the
sentence has no verb or noun of the lexicon (project verbs, phrasal verbs, event nouns,
CAMEO dictionary verbs), or only such words that gave no PLOVER event. Two more counts
follow: the wrong types where an event is given (the top event's type for the gold types),
and the best agreement of a predicted (type, actor country, target country) triple with a
gold one (which of the three parts match).
Then, when ``tests/gold/events/audit.jsonl`` exists, the precision audit on the eval
articles per half of ``tests/gold/events/split.json`` (half A in-sample, half B held out:
judged once after the code was final), at the default listing floor and at every
confidence, with the events judged and not judged (``bench/audit_events.py``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from newsgraph.enrich.cameo import to_plover  # noqa: E402
from newsgraph.model import Event  # noqa: E402

SHARED = Path(os.environ.get("NEWSGRAPH_SHARED") or ROOT.parent / "shared")
RESOURCES = SHARED / "resources"
SETS = {
    "petr": RESOURCES / "petrarch2" / "PETR.UnitTest.records.xml",
    "gsr": RESOURCES / "universal-petrarch" / "PETR2_GSR_validation.xml",
}
AUDIT = ROOT / "tests" / "gold" / "events" / "audit.jsonl"
HALF_ROLES = {
    "A": "half A by story (development: its errors are read with --verbose; IN-SAMPLE)",
    "B": "half B by story (HELD OUT: only its figures are printed, never its errors)",
}
BANDS = ((0.0, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01))

_ATTR = re.compile(r'(\w+)\s*=\s*"([^"]*)"')


@dataclass
class Record:
    """One validation sentence with its gold CAMEO codings."""

    id: str
    date: str | None
    text: str
    codings: list[dict[str, str]] = field(default_factory=list)
    evaluate: bool = True


def read_records(path: Path) -> list[Record]:
    """The records of a PETRARCH validation file (not well-formed XML: read by pattern)."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    out: list[Record] = []
    for chunk in raw.split("<Sentence ")[1:]:
        head = chunk.split(">", 1)[0]
        attrs = dict(_ATTR.findall(head))
        text_m = re.search(r"<Text>(.*?)</Text>", chunk, re.S)
        if text_m is None:
            continue
        codings = [dict(_ATTR.findall(m)) for m in re.findall(r"<EventCoding([^>]*)>", chunk)]
        date = attrs.get("date")
        iso = f"{date[:4]}-{date[4:6]}-{date[6:8]}" if date and len(date) == 8 else None
        evaluate = attrs.get("evaluate", "true") != "false" and attrs.get("sentence", "true") != "false"
        out.append(Record(attrs.get("id", str(len(out))), iso, " ".join(text_m.group(1).split()),
                          codings, evaluate))
    return out


def story_of(rec: Record) -> str:
    """The group a record is split by: its story (the id without its sentence number, so
    ``AFP0808020840_1`` and ``_2`` go together, as do a test suite's variants ``PASSIVE_0``,
    ``PASSIVE_1``...)."""
    return re.sub(r"[_.-]?\d+(?:\.\d+)?$", "", rec.id) or rec.id


def halves(records: list[Record]) -> dict[str, str]:
    """Record id -> half ``A`` or ``B``, grouped by story: stories in the order of the
    SHA-256 of their name, each put in the half with fewer records so far. Half A is the
    development half whose errors may be read; half B is held out (its errors are never
    printed, only its figures)."""
    sizes: dict[str, int] = {}
    for r in records:
        sizes[story_of(r)] = sizes.get(story_of(r), 0) + 1
    count = {"A": 0, "B": 0}
    half_of: dict[str, str] = {}
    for story in sorted(sizes, key=lambda s: hashlib.sha256(s.encode()).hexdigest()):
        h = "A" if count["A"] <= count["B"] else "B"
        half_of[story] = h
        count[h] += sizes[story]
    return {r.id: half_of[story_of(r)] for r in records}


def _gold_country(code: str | None) -> str | None:
    if not code or code.startswith("---"):
        return None
    return code[:3].upper()


def _pred_country(name: str | None, country: str | None, sector: str | None) -> str | None:
    if name is None:
        return None
    if country:
        return country
    if sector in ("IGO", "NGO", "IMG"):
        return sector
    letters = re.sub(r"[^A-Za-z]", "", name.split()[-1] if name.startswith("the ") else name)
    return letters[:3].upper() or None


def gold_of(rec: Record) -> list[tuple[str, str | None, str | None]]:
    """(PLOVER type, actor country, target country) of each gold coding PLOVER keeps."""
    out = []
    for c in rec.codings:
        if c.get("noevents", "").lower() == "true":
            continue
        p = to_plover(c.get("eventcode"))
        if p is None:
            continue
        out.append((p.type, _gold_country(c.get("sourcecode")),
                    _gold_country(c.get("targetcode"))))
    return out


def predict(texts: list[tuple[str, str | None]],
            why: list[str | None] | None = None) -> list[list[Event]]:
    """Events of each ``(text, date)`` through the real pipeline stages; with ``why``, the
    stage that left each text without events is appended to it (None when it has one)."""
    from newsgraph.enrich.dates import extract_dates
    from newsgraph.enrich.entities import extract_entities
    from newsgraph.enrich.events import extract_events
    from newsgraph.enrich.nlp import load_nlp, parse

    nlp = load_nlp()
    out = []
    for doc, (_, date) in zip(parse(nlp, [t for t, _ in texts]), texts, strict=True):
        mentions, _ = extract_entities(doc)
        drops: list[tuple[int, str]] = []
        events = extract_events(doc, mentions, extract_dates(doc, date), date,
                                why=drops if why is not None else None)
        kept = [e for e in events if not e.uncertain]
        out.append(kept)
        if why is not None:
            why.append(None if kept else _why_none(doc, drops, bool(events)))
    return out


NO_TRIGGER_WORD = "no trigger: no verb or noun of the lexicon"
NO_TRIGGER_VERB = "no trigger: a lexicon verb gave no PLOVER event (statement, appeal, no match)"
NO_TRIGGER_NOUN = "no trigger: only an event noun, no verb reading it"


def _why_none(doc: Any, drops: list[tuple[int, str]], uncertain: bool) -> str:
    """The stage that left ``doc`` without a listed event: all its events uncertain, else
    the furthest drop stage of its triggers, else why no trigger was found."""
    from newsgraph.enrich import cameo
    from newsgraph.enrich.events import DROP_STAGES
    from newsgraph.enrich.plover import NOUNS, PHRASAL, VERBS

    if uncertain:
        return "negated or hypothetical"
    if drops:
        return max((stage for _, stage in drops),
                   key=lambda stage: DROP_STAGES.index(stage.split(" | ")[0]))
    phrasal_heads = {k.split()[0] for k in PHRASAL}
    verb = noun = False
    for tok in doc:
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("VERB", "AUX") and lemma != "be" and (
                lemma in VERBS or lemma in phrasal_heads or cameo.verb_base(tok)):
            verb = True
        elif tok.pos_ in ("NOUN", "PROPN") and (lemma in NOUNS or tok.lower_ in NOUNS):
            noun = True
    return NO_TRIGGER_VERB if verb else NO_TRIGGER_NOUN if noun else NO_TRIGGER_WORD


def score(records: list[Record], verbose: bool = False) -> dict[str, Any]:
    """The figures of one set, with ``why_no_event``: the gold-event sentences without an
    event counted by the stage that left them so (counts only)."""
    records = [r for r in records if r.evaluate and r.text.strip()]
    why: list[str | None] = []
    preds = predict([(r.text, r.date) for r in records], why)
    why_none: dict[str, int] = {}
    confused: dict[str, int] = {}
    matched: dict[str, int] = {}
    n_gold = n_right = n_given = n_right_given = n_none = 0
    n_noevent = n_false = 0
    tp = n_pred = n_goldtrip = 0
    dtp = d_pred = d_gold = 0
    bands: dict[tuple[float, float], list[int]] = {b: [0, 0] for b in BANDS}
    for rec, events, stage in zip(records, preds, why, strict=True):
        gold = gold_of(rec)
        gold_types = {g[0] for g in gold}
        for e in events:
            band = next(b for b in BANDS if b[0] <= e.confidence < b[1])
            bands[band][0] += 1
            bands[band][1] += e.type in gold_types
        if not gold:
            n_noevent += 1
            n_false += bool(events)
            if verbose and events:
                print(f"  [{rec.id}] false event {events[0].type} {events[0].trigger!r}: "
                      f"{rec.text[:90]}")
            continue
        n_gold += 1
        if not events:
            n_none += 1
            stage = stage or "?"
            why_none[stage] = why_none.get(stage, 0) + 1
            if verbose:
                print(f"  [{rec.id}] no event (gold {sorted(gold_types)}; {stage}): "
                      f"{rec.text[:100]}")
        else:
            top = max(events, key=lambda e: e.confidence)
            n_given += 1
            ok = top.type in gold_types
            n_right += ok
            n_right_given += ok
            if not ok:
                pair = f"{top.type} for {'/'.join(sorted(gold_types))}"
                confused[pair] = confused.get(pair, 0) + 1
            if verbose and not ok:
                print(f"  [{rec.id}] type {top.type} ({top.trigger!r}, cameo {top.cameo}) "
                      f"gold {sorted(gold_types)}: {rec.text[:90]}")
        pred_trips = {(e.type, _pred_country(e.actor, e.actor_country, e.actor_sector),
                       _pred_country(e.target, e.target_country, e.target_sector))
                      for e in events}
        gold_trips = set(gold)
        if events:
            best = max(((p[0] == g[0], p[1] == g[1], p[2] == g[2]) for p in pred_trips
                        for g in gold_trips), key=lambda m: (sum(m), m))
            agree = "+".join(n for n, ok in zip(("type", "actor", "target"), best, strict=True)
                             if ok) or "nothing"
            matched[agree] = matched.get(agree, 0) + 1
        tp += len(pred_trips & gold_trips)
        n_pred += len(pred_trips)
        n_goldtrip += len(gold_trips)
        pred_dyads = {t[1:] for t in pred_trips}
        gold_dyads = {t[1:] for t in gold_trips}
        dtp += len(pred_dyads & gold_dyads)
        d_pred += len(pred_dyads)
        d_gold += len(gold_dyads)
        if verbose and events and not pred_trips & gold_trips:
            print(f"  [{rec.id}] triples {sorted(pred_trips, key=str)} gold {sorted(gold_trips, key=str)}")
    for rec, events in zip(records, preds, strict=True):
        if not gold_of(rec):
            n_pred += len({(e.type, e.actor, e.target) for e in events})
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_goldtrip if n_goldtrip else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    dp = dtp / d_pred if d_pred else 0.0
    dr = dtp / d_gold if d_gold else 0.0
    return {
        "records": len(records),
        "gold_event_sentences": n_gold,
        "type_accuracy": round(n_right / n_gold, 3) if n_gold else 0.0,
        "type_accuracy_where_given": round(n_right_given / n_given, 3) if n_given else 0.0,
        "triple_precision": round(precision, 3),
        "triple_recall": round(recall, 3),
        "triple_f1": round(f1, 3),
        "dyad_f1": round(2 * dp * dr / (dp + dr), 3) if dp + dr else 0.0,
        "no_event_share": round(n_none / n_gold, 3) if n_gold else 0.0,
        "gold_no_event_sentences": n_noevent,
        "false_event_share": round(n_false / n_noevent, 3) if n_noevent else 0.0,
        "why_no_event": dict(sorted(why_none.items(), key=lambda kv: (-kv[1], kv[0]))),
        "type_errors": dict(sorted(confused.items(), key=lambda kv: (-kv[1], kv[0]))),
        "triple_agreement": dict(sorted(matched.items(), key=lambda kv: (-kv[1], kv[0]))),
        "reliability": [{"band": f"{lo:.1f}-{min(hi, 1.0):.1f}", "events": n,
                         "type_precision": round(ok / n, 3) if n else None}
                        for (lo, hi), (n, ok) in bands.items()],
    }


EVAL = SHARED / "eval" / "article-extraction-dev" / "ground-truth.json"


def eval_events() -> list[dict[str, Any]]:
    """Every event ``newsgraph events`` would list on the eval articles' true bodies (ids and
    offsets into the body with paragraphs joined by blank lines; no text beyond the trigger)."""
    data = json.loads(EVAL.read_text(encoding="utf-8"))
    ids = [k for k in sorted(data) if data[k]["articleBody"].strip()]
    bodies = ["\n\n".join(p.strip() for p in data[k]["articleBody"].split("\n") if p.strip())
              for k in ids]
    out = []
    for art_id, events in zip(ids, predict([(b, None) for b in bodies]), strict=True):
        for e in events:
            out.append({"id": art_id, "start": e.start, "end": e.end, "trigger": e.trigger,
                        "type": e.type, "actor": e.actor, "target": e.target,
                        "confidence": e.confidence})
    return out


def audit() -> dict[str, Any] | None:
    """The precision audit on the eval articles per half of ``tests/gold/events/split.json``
    (``bench/audit_events.py``): events listed at the default minimum confidence and at
    every confidence, judged in tests/gold/events/audit.jsonl (an event not judged yet is
    counted, not scored)."""
    if not AUDIT.exists() or not EVAL.exists():
        return None
    from audit_events import audit as audit_halves  # bench/ is the script's directory
    from newsgraph.settings import Settings

    return audit_halves(Settings().event_min_confidence)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="PLOVER event coding on the validation sets")
    ap.add_argument("--set", choices=["petr", "gsr", "all"], default="all")
    ap.add_argument("--verbose", action="store_true", help="print every miss")
    ap.add_argument("--why", action="store_true",
                    help="count the gold-event sentences without an event by the stage that "
                         "dropped them (counts only, every half)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--no-audit", action="store_true", help="skip the eval-article audit")
    ap.add_argument("--audit-list", action="store_true",
                    help="print the events listed on the eval articles as JSONL, to judge")
    args = ap.parse_args(argv)
    if args.audit_list:
        for row in eval_events():
            print(json.dumps(row, ensure_ascii=False))
        return 0
    missing = [p for p in SETS.values() if not p.exists()]
    if missing:
        print(f"Error: validation set not found: {missing[0]}", file=sys.stderr)
        return 1
    names = list(SETS) if args.set == "all" else [args.set]
    results: dict[str, Any] = {}
    started = time.perf_counter()
    for name in names:
        every = read_records(SETS[name])
        half = halves(every)  # on every record of the file, so the split never moves
        records = [r for r in every if r.evaluate and r.text.strip()]
        if args.verbose:
            print(f"== {name}, half A (development half; half B's errors are not printed)")
        results[name] = score(records)
        for h in "AB":
            results[f"{name}.{h}"] = score([r for r in records if half[r.id] == h],
                                           verbose=args.verbose and h == "A")
    found = None if args.no_audit else audit()
    if found is not None:
        results["audit"] = found
    if args.json:
        print(json.dumps(results, indent=1))
        return 0
    roles = {"petr": "development set, LOOKED AT (its errors were read item by item while the "
                     "matcher and actor resolution were written; in-sample; its codes come from "
                     "PETRARCH's own validation dictionary, not CAMEO.2.0, and its actors are "
                     "fictional)",
             "gsr": "development set, held out until session 17, when half A's errors were "
                    "read (half B's never: its figures are the honest ones)"}
    for key in [k for name in names for k in (name, f"{name}.A", f"{name}.B")]:
        r = results[key]
        name, _, h = key.partition(".")
        label = roles[name] if not h else HALF_ROLES[h]
        print(f"{key}: {label}, {r['records']} records, "
              f"{r['gold_event_sentences']} with a PLOVER event")
        print(f"  type accuracy          {r['type_accuracy']:.3f}  "
              f"(where an event is given {r['type_accuracy_where_given']:.3f})")
        print(f"  (type, actor country, target country) P {r['triple_precision']:.3f} "
              f"R {r['triple_recall']:.3f} F1 {r['triple_f1']:.3f}")
        print(f"  (actor country, target country) F1 {r['dyad_f1']:.3f}  (any type)")
        print(f"  no-event share         {r['no_event_share']:.3f}")
        print(f"  false events           {r['false_event_share']:.3f}  "
              f"(of {r['gold_no_event_sentences']} sentences without a PLOVER event)")
        if args.why:
            print(f"  why no event ({sum(r['why_no_event'].values())} gold-event sentences "
                  "without one; counts only):")
            stages: dict[str, int] = {}
            for stage, n in r["why_no_event"].items():
                stages[stage.split(" | ")[0]] = stages.get(stage.split(" | ")[0], 0) + n
            for stage, n in sorted(stages.items(), key=lambda kv: (-kv[1], kv[0])):
                print(f"    {n:4d}  {stage}")
                for detail, k in r["why_no_event"].items():
                    if " | " in detail and detail.split(" | ")[0] == stage:
                        print(f"          {k:4d}  {detail.split(' | ', 1)[1]}")
            print("  wrong types where an event is given (top event's type for the gold types;"
                  " counts only):")
            for pair, n in r["type_errors"].items():
                print(f"    {n:4d}  {pair}")
            print("  best (type, actor country, target country) agreement where an event is "
                  "given (counts only):")
            for agree, n in r["triple_agreement"].items():
                print(f"    {n:4d}  {agree}")
        print("  reliability: confidence band -> events, observed type precision")
        for row in r["reliability"]:
            if row["events"]:
                print(f"    {row['band']}  {row['events']:4d}  {row['type_precision']:.3f}")
    if found is not None:
        from audit_events import summary

        roles = {"A": "half A (in-sample: rules and calibration developed on it)",
                 "B": "half B (held out: judged once after the code was final)",
                 "all": "both halves"}
        for name, label in (("listed", f"listed (confidence >= {found['floor']})"),
                            ("every", "every confidence")):
            print(f"audit (eval articles), events {label}:")
            for half in ("A", "B", "all"):
                print(f"  {roles[half]}: {summary(found[name][half])}")
    print(f"({time.perf_counter() - started:.1f}s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
