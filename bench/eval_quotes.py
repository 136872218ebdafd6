"""Quotes, speakers and entities on the real-article gold (tests/gold/real/), and corpus checks.

The gold articles are ground-truth bodies of ``../shared/eval`` pages (real news by
others), annotated by us with offsets only (see tests/gold/real/README.md). The dev
half (``tests/gold/real/*.json``) was written before the extractor changes it is
used to develop; the held-out half (``tests/gold/real/heldout/``) was written blind by
another annotator and is scored separately (``--split heldout``).

Figures per split:

- direct quote span P/R/F1: a predicted direct quote matches a gold quote when their
  spans (first part to last part, edge punctuation trimmed) overlap with IoU >= 0.75,
  one to one; a split quote is one quote, so predicting its parts apart is a miss;
- speaker mention accuracy: matched quotes whose predicted speaker mention overlaps
  the gold mention (or both have none); ``exact`` also requires the same span modulo
  a leading determiner;
- canonical speaker accuracy: matched quotes with a gold speaker whose predicted
  speaker names the same entity (case, titles and "the" ignored; a surname-only or
  first-name-only form of the same name counts);
- pronoun speaker accuracy: the same over gold quotes with a pronoun speaker;
- entity P/R/F1: mentions with the same span and type (PERSON ORG COUNTRY PLACE NORP).

``--corpus`` ingests the 98 real pages (demo/pages, ../shared/seeds and the 91
article-extraction-dev HTML pages) into a temporary store, enriches them and prints the
share of quotes with no speaker mention, the PERSON entities named Trump, and the
top 200 PERSON entities (by mentions) whose first word is no registered given name, for
review.

The fresh split (``tests/gold/real/fresh/``) was written blind by another annotator
after the rules of 2026-12-02 (morning), and fresh2 (``tests/gold/real/fresh2/``) blind
before the rules of 2026-12-02 (afternoon) were written, and fresh3
(``tests/gold/real/fresh3/``) blind before those of 2026-12-02 (evening); fresh4 (10 aed
articles, 2 quotes) and fresh5 (20 wcxb-dev articles, 188 quotes) blind on 2026-12-03, and
fresh6 (28 wcxb-dev articles, 65 quotes, 1,986 entity mentions) blind on 2026-12-04, fresh7
(25 articles, 21 quotes, 1,136 mentions) blind on 2026-12-07 (its errors read on 2026-12-08: a
validation set since), and fresh8 (25 wcxb-dev articles, 2 quotes, 1,365 mentions: an entity
set) blind on 2026-12-08, each folder's README says how; ``--gold-dir`` reads a split from
another folder.

Usage: .venv/bin/python bench/eval_quotes.py [--split dev|heldout|fresh|fresh2 ... fresh8|all]
           [--gold-dir DIR] [--verbose] [--json]
       .venv/bin/python bench/eval_quotes.py --corpus
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold" / "real"
SHARED = Path(os.environ.get("NEWSGRAPH_SHARED") or ROOT.parent / "shared")
EVAL = SHARED / "eval"
SETS = {"aed": "article-extraction-dev", "wcxb": "wcxb-dev"}
_TITLES = re.compile(
    r"^(?:the |a |an )?(?:(?:president|prime minister|dr|mr|mrs|ms|prof|sen|rep|gov|gen|"
    r"secretary|minister|chancellor|king|queen|prince|princess|pope|judge)\.? )+", re.I)


def bodies() -> dict[tuple[str, str], str]:
    """Ground-truth bodies of both eval sets by (set, id)."""
    out: dict[tuple[str, str], str] = {}
    for key, folder in SETS.items():
        path = EVAL / folder / "ground-truth.json"
        if path.exists():
            for doc_id, rec in json.loads(path.read_text(encoding="utf-8")).items():
                out[(key, doc_id)] = rec["articleBody"]
    return out


SPLITS = ("dev", "heldout", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7",
          "fresh8", "all")


def load_gold(split: str = "dev", folder: Path | None = None) -> list[dict[str, Any]]:
    """Gold records of ``split`` (dev, heldout, fresh, fresh2 ... fresh8 or all) with their body
    under ``"body"``.

    ``folder`` replaces the split's folder (e.g. a fresh set not yet merged).
    """
    subfolders = [s for s in SPLITS if s not in ("dev", "all")]  # each split has its folder
    dirs = {"dev": [GOLD], "all": [GOLD, *(GOLD / s for s in subfolders)],
            **{s: [GOLD / s] for s in subfolders}}[split]
    if folder is not None:
        dirs = [folder]
    texts = bodies()
    out = []
    for d in dirs:
        for p in sorted(d.glob("*.json")):
            g = json.loads(p.read_text(encoding="utf-8"))
            body = texts.get((g["set"], g["id"]))
            if body is None:
                raise SystemExit(f"Error: {p.name}: body not found in {EVAL}")
            if hashlib.sha256(body.encode("utf-8")).hexdigest() != g["sha256"]:
                raise SystemExit(f"Error: {p.name}: body changed (sha256 differs)")
            g["body"] = body
            g["file"] = p.name
            out.append(g)
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


def _iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union > 0 else 0.0


def norm_name(name: str | None) -> str:
    """Lower case, no title, no "the", single spaces, no possessive."""
    if not name:
        return ""
    name = " ".join(name.replace("’", "'").split()).removesuffix("'s")
    return _TITLES.sub("", name).casefold().strip()


def same_entity(gold: str | None, pred: str | None) -> bool:
    """Two names of one entity: equal once normalised, or one is the other's last or first word."""
    g, p = norm_name(gold), norm_name(pred)
    if not g or not p:
        return False
    if g == p:
        return True
    gw, pw = g.split(), p.split()
    if len(gw) > 1 and len(pw) == 1:
        return pw[0] in (gw[-1], gw[0])
    if len(pw) > 1 and len(gw) == 1:
        return gw[0] in (pw[-1], pw[0])
    return gw[-1] == pw[-1] and (gw[0] == pw[0] or gw[0][0] == pw[0][0])


def _mention_ok(body: str, gold: dict[str, Any] | None, q: Any) -> tuple[bool, bool]:
    """(overlapping, exact) agreement of a predicted quote's speaker mention with gold."""
    if gold is None:
        return q.speaker_start is None, q.speaker_start is None
    if q.speaker_start is None:
        return False, False
    a, b = gold["start"], gold["end"]
    overlap = q.speaker_start < b and a < q.speaker_end
    det = re.compile(r"^(?:the|a|an)\s+", re.I)
    exact = det.sub("", body[a:b]) == det.sub("", body[q.speaker_start:q.speaker_end])
    return overlap, exact


def evaluate(split: str = "dev", verbose: bool = False,
             folder: Path | None = None) -> dict[str, Any]:
    """Figures for one split of the real-article gold."""
    from newsgraph.enrich.nlp import load_nlp, parse
    from newsgraph.enrich.run import extract_knowledge

    gold = load_gold(split, folder)
    nlp = load_nlp()
    c = {k: 0 for k in ("gold_q", "pred_q", "match_q", "mention_ok", "mention_exact",
                        "canon_n", "canon_ok", "pron_n", "pron_ok", "gold_e", "pred_e", "match_e",
                        "spoke_for_none")}
    by_kind: dict[str, list[int]] = {}
    ent_kinds: Counter[str] = Counter()
    spk_kinds: Counter[str] = Counter()
    docs = parse(nlp, [g["body"] for g in gold])
    for g, doc in zip(gold, docs, strict=True):
        body = g["body"]
        k = extract_knowledge(doc)
        preds = [q for q in k.quotes if q.direct]
        c["gold_q"] += len(g["quotes"])
        c["pred_q"] += len(preds)
        used: set[int] = set()
        for gq in g["quotes"]:
            gs = _trim(body, gq["start"], gq["end"])
            best, best_iou = None, 0.75
            for i, q in enumerate(preds):
                if i in used:
                    continue
                iou = _iou(gs, _trim(body, q.start, q.end))
                if iou >= best_iou:
                    best, best_iou = i, iou
            kind = gq["speaker_kind"]
            if best is None:
                spk_kinds[f"quote missed ({kind})"] += 1
                if verbose:
                    print(f"  MISS {g['file']} {body[gs[0]:gs[0] + 60]!r}")
                continue
            used.add(best)
            q = preds[best]
            c["match_q"] += 1
            ok, exact = _mention_ok(body, gq["speaker_mention"], q)
            c["mention_ok"] += ok
            c["mention_exact"] += exact
            by_kind.setdefault(kind, [0, 0])
            by_kind[kind][0] += 1
            by_kind[kind][1] += ok
            if gq["speaker"]:
                c["canon_n"] += 1
                right = same_entity(gq["speaker"], q.speaker)
                c["canon_ok"] += right
                if kind == "pronoun":
                    c["pron_n"] += 1
                    c["pron_ok"] += right
            else:
                right = q.speaker is None
                c["spoke_for_none"] += q.speaker is not None and kind != "description"
            spk_kinds[_speaker_error(g, gq, q, ok)] += 1
            if verbose and not (ok and right):
                gm = gq["speaker_mention"]
                print(f"  {g['file']} {body[gs[0]:gs[0] + 50]!r}\n"
                      f"     gold {kind}: {body[gm['start']:gm['end']] if gm else None!r} -> "
                      f"{gq['speaker']!r}\n     pred {q.speaker_kind}: {q.speaker_text!r} -> "
                      f"{q.speaker!r}")
        if verbose:
            for i, q in enumerate(preds):
                if i not in used:
                    print(f"  EXTRA {g['file']} {body[q.start:q.start + 60]!r}")
        gold_e = {(e["start"], e["end"], e["type"]) for e in g["entities"]}
        pred_e = {(m.start, m.end, m.type) for m in k.mentions}
        c["gold_e"] += len(gold_e)
        c["pred_e"] += len(pred_e)
        c["match_e"] += len(gold_e & pred_e)
        _entity_kinds(gold_e, pred_e, ent_kinds)
        if verbose == 2:
            for s, e, t in sorted(gold_e - pred_e):
                print(f"  ENT-MISS {g['file']} {body[s:e]!r} {t}")
            for s, e, t in sorted(pred_e - gold_e):
                print(f"  ENT-EXTRA {g['file']} {body[s:e]!r} {t}")

    def ratio(a: int, b: int) -> float:
        return round(a / b, 3) if b else 0.0

    def f1(p: float, r: float) -> float:
        return round(2 * p * r / (p + r), 3) if p + r else 0.0

    qp, qr = ratio(c["match_q"], c["pred_q"]), ratio(c["match_q"], c["gold_q"])
    ep, er = ratio(c["match_e"], c["pred_e"]), ratio(c["match_e"], c["gold_e"])
    return {
        "split": split, "articles": len(gold), "gold_quotes": c["gold_q"],
        "quote_precision": qp, "quote_recall": qr, "quote_f1": f1(qp, qr),
        "speaker_mention_accuracy": ratio(c["mention_ok"], c["match_q"]),
        "speaker_mention_exact": ratio(c["mention_exact"], c["match_q"]),
        "canonical_speaker_accuracy": ratio(c["canon_ok"], c["canon_n"]),
        "pronoun_speaker_accuracy": ratio(c["pron_ok"], c["pron_n"]),
        "pronoun_quotes": c["pron_n"],
        "mention_accuracy_by_kind": {k: ratio(v[1], v[0]) for k, v in sorted(by_kind.items())},
        "entity_precision": ep, "entity_recall": er, "entity_f1": f1(ep, er),
        "entity_f1_by_type": {t: f1(ratio(ent_kinds[f"{t}:match"], ent_kinds[f"{t}:pred"]),
                                    ratio(ent_kinds[f"{t}:match"], ent_kinds[f"{t}:gold"]))
                              for t in _ENTITY_TYPES},
        "entity_errors": {k: v for k, v in sorted(ent_kinds.items()) if ":" not in k},
        "speaker_errors": dict(sorted(spk_kinds.items())),
    }


def _speaker_error(g: dict[str, Any], gq: dict[str, Any], q: Any, mention_ok: bool) -> str:
    """The category of a matched quote's canonical speaker outcome (aggregate only).

    ``gold kind/type`` then what happened: ``ok``; ``no canonical`` (with whether the mention
    was right); ``wrong (pred kind)`` split into ``alias`` (another name sharing a word with
    gold's) and ``other``; for gold with no speaker, ``none ok`` or ``given one``.
    """
    kind = gq["speaker_kind"]
    types = {e["canonical"]: e["type"] for e in g["entities"] if e.get("canonical")}
    if not gq["speaker"]:
        return f"{kind}/-: " + ("none ok" if q.speaker is None else f"given one ({q.speaker_kind})")
    head = f"{kind}/{types.get(gq['speaker'], '?')}: "
    if same_entity(gq["speaker"], q.speaker):
        return head + "ok"
    men = "mention ok" if mention_ok else "mention wrong"
    if q.speaker is None:
        return head + f"no canonical, {men} ({q.speaker_kind})"
    shared = set(norm_name(gq["speaker"]).split()) & set(norm_name(q.speaker).split())
    return head + f"wrong ({q.speaker_kind}), {'alias' if shared else 'other'}, {men}"


_ENTITY_TYPES = ("PERSON", "ORG", "COUNTRY", "PLACE", "NORP")


def _entity_kinds(gold: set[tuple[int, int, str]], pred: set[tuple[int, int, str]],
                  out: Counter[str]) -> None:
    """Count entity errors by kind (aggregate only, never item by item).

    ``type:G>P`` same span, other type; ``boundary`` a gold mention overlapped by a
    prediction of the same type with other edges; ``missed`` gold with no overlapping
    prediction; ``spurious`` a prediction overlapping no gold mention.
    """
    for t in _ENTITY_TYPES:
        out[f"{t}:gold"] += sum(g[2] == t for g in gold)
        out[f"{t}:pred"] += sum(p[2] == t for p in pred)
        out[f"{t}:match"] += sum(g[2] == t for g in gold & pred)
    spans = {(p[0], p[1]): p[2] for p in pred}
    for g in gold - pred:
        if (g[0], g[1]) in spans:
            out[f"type {g[2]}>{spans[g[0], g[1]]}"] += 1
        elif any(p[0] < g[1] and g[0] < p[1] and p[2] == g[2] for p in pred):
            out["boundary"] += 1
        elif any(p[0] < g[1] and g[0] < p[1] for p in pred):
            out["boundary+type"] += 1
        else:
            out[f"missed {g[2]}"] += 1
    for p in pred - gold:
        if not any(g[0] < p[1] and p[0] < g[1] for g in gold):
            out[f"spurious {p[2]}"] += 1


# -- the 98 real pages -------------------------------------------------------------------------


def corpus_pages() -> list[Path]:
    """The demo pages, the seeds and the article-extraction-dev HTML pages (files, recursively)."""
    roots = [ROOT / "demo" / "pages", SHARED / "seeds", EVAL / SETS["aed"] / "html"]
    return [p for root in roots for p in sorted(root.rglob("*")) if p.is_file()]


def corpus(verbose: bool = False) -> dict[str, Any]:
    """Speaker coverage and person-entity checks on the 98 real pages."""
    from newsgraph.enrich.gender import is_first_name
    from newsgraph.enrich.run import enrich_pending
    from newsgraph.pipeline import ingest
    from newsgraph.store import Store

    pages = corpus_pages()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "corpus.db")
        try:
            ingest([str(p) for p in pages], store)
            enrich_pending(store)
            conn = store.conn
            n_pages = conn.execute("SELECT COUNT(*) FROM pages").fetchone()[0]
            total, no_mention = conn.execute(
                "SELECT COUNT(*), SUM(speaker_start IS NULL) FROM quotes WHERE direct = 1"
            ).fetchone()
            missing = [
                f"{body[max(0, a - 80):a]!r} <<{body[a:b][:80]!r}>> {body[b:b + 80]!r}"
                for a, b, body in conn.execute(
                    'SELECT q.start, q."end", a.body FROM quotes q JOIN articles a '
                    "ON a.id = q.article_id WHERE q.direct = 1 AND q.speaker_start IS NULL "
                    "AND q.caption_id IS NULL")]
            trumps = [{"name": r[0], "type": r[1], "mentions": r[2]} for r in conn.execute(
                "SELECT e.name, e.type, COUNT(m.entity_id) AS n FROM entities e "
                "LEFT JOIN mentions m ON m.entity_id = e.id "
                "WHERE e.name LIKE '%Trump%' GROUP BY e.id ORDER BY n DESC")]
            top = [{"name": r[0], "mentions": r[1]} for r in conn.execute(
                "SELECT e.name, COUNT(*) AS n FROM entities e JOIN mentions m "
                "ON m.entity_id = e.id WHERE e.type = 'PERSON' GROUP BY e.id "
                "ORDER BY n DESC, e.name LIMIT 200")]
        finally:
            store.close()
    unnamed = [t["name"] for t in top if not is_first_name(t["name"].split()[0].split("-")[0])]
    person_trumps = [t for t in trumps if t["type"] == "PERSON"
                     and t["name"].split()[-1] == "Trump" and "Jr" not in t["name"]]
    return {"files": len(pages), "pages": n_pages, "direct_quotes": total,
            "no_speaker_mention_share": round((no_mention or 0) / total, 3) if total else 0.0,
            "trump_entities": trumps, "trump_person_entities": len(person_trumps),
            "top200_person_without_known_first_name": unnamed,
            **({"quotes_without_speaker_mention": missing,
                "top200_person": [t["name"] for t in top]} if verbose else {})}


def main(argv: list[str] | None = None) -> int:
    """Print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=list(SPLITS))
    ap.add_argument("--gold-dir", type=Path, default=None,
                    help="read the split's gold from this folder instead")
    ap.add_argument("--verbose", "-v", action="count", default=0)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--corpus", action="store_true", help="the 98 real pages instead of the gold")
    args = ap.parse_args(argv)
    if not EVAL.exists():
        print(f"Error: {EVAL} not found (the eval pages are needed)", file=sys.stderr)
        return 1
    result = corpus(args.verbose) if args.corpus else evaluate(args.split, args.verbose,
                                                                args.gold_dir)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        for key, value in result.items():
            print(f"{key:40} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
