"""Entity accuracy on the gold set in tests/gold/entities (articles written and annotated by us).

Two levels, micro-averaged over all articles:

* span: a predicted mention counts when its (start, end, type) equals a gold one;
* canonical: per article, the set of (canonical name, type) predicted vs annotated;
* roles: per article, the set of (person, role, organisation) predicted vs annotated
  (``roles_head`` compares only the role's last word: "army chief" = "chief").

Usage::

    .venv/bin/python bench/eval_entities.py              # table of figures
    .venv/bin/python bench/eval_entities.py --errors     # plus each miss and false alarm
    .venv/bin/python bench/eval_entities.py --json
    .venv/bin/python bench/eval_entities.py --speed     # cost beside bare nlp.pipe
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

GOLD = Path(__file__).resolve().parent.parent / "tests" / "gold" / "entities"


@dataclass(slots=True)
class PRF:
    """Counts and the precision, recall and F1 they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: set, gold: set) -> None:
        """Count one article's predicted and gold items."""
        self.tp += len(predicted & gold)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def figures(self) -> dict[str, float]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass(slots=True)
class Scores:
    """Entity scores over the gold set."""

    articles: int = 0
    span: PRF = field(default_factory=PRF)
    canonical: PRF = field(default_factory=PRF)
    roles: PRF = field(default_factory=PRF)
    """(person, role, organisation), exact (role lower-cased)."""
    roles_head: PRF = field(default_factory=PRF)
    """(person, last word of the role, organisation): "army chief" = "chief"."""
    errors: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"articles": self.articles, "span": self.span.figures(),
                "canonical": self.canonical.figures(), "roles": self.roles.figures(),
                "roles_head": self.roles_head.figures()}


def _head(role: tuple[str, str, str | None]) -> tuple[str, str, str | None]:
    person, words, organisation = role
    return person, words.split()[-1] if words.split() else "", organisation


def load_gold(gold_dir: Path = GOLD) -> list[dict]:
    """The annotated articles: {id, title, text, entities: [{start, end, text, type, canonical}],
    roles: [{person, role, organisation}]}.

    These files were written when a nationality word was a COUNTRY mention; it is now
    a NORP mention (same span, same canonical country), so such entries are read as NORP.
    """
    from newsgraph.enrich.countries import demonym_code

    articles = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.json"))]
    for article in articles:
        for e in article["entities"]:
            if e["type"] == "COUNTRY" and demonym_code(e["text"]):
                e["type"] = "NORP"
    return articles


def evaluate(gold_dir: Path = GOLD, model: str | None = None) -> Scores:
    """Run the entity stage over the gold articles and score it."""
    from newsgraph.enrich.entities import extract_entities
    from newsgraph.enrich.nlp import load_nlp, parse

    articles = load_gold(gold_dir)
    scores = Scores(articles=len(articles))
    nlp = load_nlp(model)
    for article, doc in zip(articles, parse(nlp, [a["text"] for a in articles]), strict=True):
        mentions, roles = extract_entities(doc)
        if "roles" in article:
            found = {(r.person, r.role.lower(), r.organisation) for r in roles}
            wanted = {(r["person"], r["role"].lower(), r["organisation"])
                      for r in article["roles"]}
            scores.roles.add(found, wanted)
            scores.roles_head.add({_head(r) for r in found}, {_head(r) for r in wanted})
            for kind, items in (("extra role", found - wanted), ("missing role", wanted - found)):
                for person, role, org in sorted(items, key=str):
                    scores.errors.append({"article": article["id"], "kind": kind,
                                          "text": f"{person} | {role} | {org}", "type": "ROLE"})
        predicted = {(m.start, m.end, m.type) for m in mentions}
        gold = {(e["start"], e["end"], e["type"]) for e in article["entities"]}
        scores.span.add(predicted, gold)
        names_p = {(m.canonical, m.type) for m in mentions}
        names_g = {(e["canonical"], e["type"]) for e in article["entities"]}
        scores.canonical.add(names_p, names_g)
        text = article["text"]
        for start, end, type_ in sorted(predicted - gold):
            scores.errors.append({"article": article["id"], "kind": "false alarm",
                                  "text": text[start:end], "type": type_})
        for start, end, type_ in sorted(gold - predicted):
            scores.errors.append({"article": article["id"], "kind": "miss",
                                  "text": text[start:end], "type": type_})
        for name, type_ in sorted(names_p ^ names_g):
            kind = "extra name" if (name, type_) in names_p else "missing name"
            scores.errors.append({"article": article["id"], "kind": kind, "text": name,
                                  "type": type_})
    return scores


def speed(model: str | None = None, repeat: int = 5) -> dict[str, float]:
    """Seconds for bare ``nlp.pipe`` and for ``extract_entities`` on its Docs (same texts).

    Texts: the gold articles plus the seed page bodies when ../shared is present,
    ``repeat`` times over.
    """
    import time

    from newsgraph.enrich.entities import extract_entities
    from newsgraph.enrich.nlp import load_nlp

    texts = [a["text"] for a in load_gold()]
    seeds = GOLD.parents[2].parent / "shared" / "seeds"
    if seeds.is_dir():
        from newsgraph.clean import normalize_text
        from newsgraph.segment import segment

        for path in sorted(seeds.glob("*.txt")):
            texts += [a.body for a in segment(normalize_text(path.read_text(encoding="utf-8")))]
    texts = texts * repeat
    nlp = load_nlp(model)
    list(nlp.pipe(texts[:4]))  # warm up
    started = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    pipe_s = time.perf_counter() - started
    started = time.perf_counter()
    mentions = sum(len(extract_entities(doc)[0]) for doc in docs)
    entities_s = time.perf_counter() - started
    return {"texts": len(texts), "chars": sum(map(len, texts)), "mentions": mentions,
            "pipe_s": round(pipe_s, 3), "entities_s": round(entities_s, 3),
            "overhead": round(entities_s / pipe_s, 4)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--model", default=None, help="spaCy pipeline (default: first installed)")
    parser.add_argument("--errors", action="store_true", help="list every error")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--speed", action="store_true",
                        help="time extract_entities against bare nlp.pipe instead")
    args = parser.parse_args(argv)
    if args.speed:
        figures = speed(args.model)
        if args.json:
            print(json.dumps(figures, indent=2))
        else:
            print(f"{figures['texts']} texts, {figures['chars']} chars, "
                  f"{figures['mentions']} mentions")
            print(f"nlp.pipe          {figures['pipe_s']:.3f} s")
            print(f"extract_entities  {figures['entities_s']:.3f} s "
                  f"(+{figures['overhead']:.1%} over nlp.pipe)")
        return 0
    scores = evaluate(args.gold, args.model)
    if args.json:
        data = scores.to_dict()
        if args.errors:
            data["errors"] = scores.errors
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    print(f"gold articles: {scores.articles}")
    print(f"{'level':<10} {'precision':>9} {'recall':>7} {'F1':>6} {'tp':>5} {'fp':>4} {'fn':>4}")
    for level in ("span", "canonical", "roles", "roles_head"):
        prf: PRF = getattr(scores, level)
        print(f"{level:<10} {prf.precision:>9.3f} {prf.recall:>7.3f} {prf.f1:>6.3f} "
              f"{prf.tp:>5} {prf.fp:>4} {prf.fn:>4}")
    if args.errors:
        for e in scores.errors:
            print(f"  {e['article']:<24} {e['kind']:<13} {e['type']:<8} {e['text']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["PRF", "Scores", "evaluate", "load_gold"]
