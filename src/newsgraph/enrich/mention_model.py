"""A learned last word on PERSON / ORG / PLACE mentions: keep with a type, or drop.

The entity rules (:mod:`newsgraph.enrich.entities`) decide spans and types from spaCy's
labels, gazetteers and parse evidence. What they cannot weigh well is the many weak signs
together: a capitalised product line in a heading, a brand said like a company, a surname
the model called an organisation. This module scores every rule-made PERSON, ORG or PLACE
mention that no gazetteer fixed and no knowledge base names (the actor dictionaries, the
organisation aliases: knowledge outranks the model) with a multinomial logistic regression
over hashed sparse features (the rules' type and spaCy's label, the span's words, shape and
length, the words around it, its syntactic head, the line it sits on, how often the article
repeats it and whether the article also writes it in lower case). The classes are ``DROP``,
``PERSON``, ``ORG`` and ``PLACE``; the mentions of one surface form and type in one article
are decided together (their log-probabilities averaged), so one name keeps one type. Another
type replaces the rules' only when it beats it by ``margin`` log-odds, and ``DROP`` by
``drop_margin``.

The weights are trained by ``scripts/train_mention_model.py`` on our own annotated real
articles (``tests/gold/real/``, the in-sample splits only), chosen by cross-validation
grouped by article, and shipped as ``newsgraph/data/mention_model.npz`` (numpy only at run
time). Without the file the rules' output stands unchanged.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Protocol

import numpy as np
import xxhash

from newsgraph.enrich.actors import lookup_actor
from newsgraph.enrich.canon import ORG_ALIASES
from newsgraph.enrich.countries import ORG_COUNTRY
from newsgraph.enrich.resolve import line_bounds

if TYPE_CHECKING:
    from spacy.tokens import Doc

CLASSES = ("DROP", "PERSON", "ORG", "PLACE")
SCORED = frozenset(CLASSES[1:])
DIM = 1 << 16
_DIGIT = re.compile(r"\d")


class Candidate(Protocol):
    """What the model reads of a rule-made mention (token span, type, spaCy label)."""

    start: int
    end: int
    type: str
    label: str
    fixed: bool


def _shape(text: str) -> str:
    out = []
    for ch in text:
        s = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if not out or out[-1] != s:
            out.append(s)
    return "".join(out)[:8]


@dataclass(slots=True)
class _Context:
    """Per-article facts shared by all its mentions."""

    text: str
    lower: frozenset[str]
    counts: Counter[str]
    lines: dict[int, tuple[int, str]]


def _context(doc: Doc, cands: list[Candidate], lower: frozenset[str]) -> _Context:
    counts = Counter(doc[c.start : c.end].text for c in cands)
    return _Context(doc.text, lower, counts, {})


def _line(doc: Doc, ctx: _Context, i: int) -> tuple[int, str]:
    """(token count bucket, kind) of the line holding token ``i``: heading-like or prose."""
    char = doc[i].idx
    lo, hi = line_bounds(ctx.text, char, char)
    if lo in ctx.lines:
        return ctx.lines[lo]
    line = ctx.text[lo:hi].strip()
    words = line.split()
    caps = sum(w[:1].isupper() for w in words if w[:1].isalpha())
    alpha = sum(w[:1].isalpha() for w in words) or 1
    kind = ("title" if caps / alpha >= 0.6 else "prose") + (
        "." if line.endswith((".", "!", "?", '"', "”", ":")) else "")
    out = (min(len(words) // 4, 5), kind)
    ctx.lines[lo] = out
    return out


def features(doc: Doc, c: Candidate, ctx: _Context) -> list[str]:
    """The feature strings of one mention (hashed by the model)."""
    span = doc[c.start : c.end]
    text = span.text
    words = [t.lower_ for t in span]
    n = len(words)
    prev = doc[c.start - 1] if c.start > 0 else None
    prev2 = doc[c.start - 2] if c.start > 1 else None
    nxt = doc[c.end] if c.end < len(doc) else None
    nxt2 = doc[c.end + 1] if c.end + 1 < len(doc) else None
    root = span.root
    lines, kind = _line(doc, ctx, c.start)
    count = ctx.counts[text]
    f = [
        "bias", f"t={c.type}", f"l={c.label}", f"tl={c.type}|{c.label}", f"n={min(n, 5)}",
        f"tn={c.type}|{min(n, 5)}", f"shape={_shape(text)}", f"first={words[0]}",
        f"last={words[-1]}", f"suf={words[-1][-3:]}", f"tlast={c.type}|{words[-1]}",
        f"prev={prev.lower_ if prev is not None else '<s>'}",
        f"prev2={prev2.lower_ if prev2 is not None else '<s>'}",
        f"next={nxt.lower_ if nxt is not None else '</s>'}",
        f"next2={nxt2.lower_ if nxt2 is not None else '</s>'}",
        f"prevpos={prev.pos_ if prev is not None else '<s>'}",
        f"nextpos={nxt.pos_ if nxt is not None else '</s>'}",
        f"dep={root.dep_}", f"tdep={c.type}|{root.dep_}", f"head={root.head.lemma_.lower()}",
        f"headpos={root.head.pos_}", f"pos={'_'.join(t.pos_ for t in span[:3])}",
        f"line={kind}|{lines}", f"tline={c.type}|{kind}", f"count={min(count, 4)}",
        f"tcount={c.type}|{min(count, 4)}",
    ]
    f.extend(f"w={w}" for w in words)
    if doc[c.start].is_sent_start:
        f.append("sentstart")
    if text.isupper() and len(text) > 1:
        f.append("allcaps")
    if _DIGIT.search(text):
        f.append("digit")
    if any(w in ctx.lower for w in words if w.isalpha()):
        # capitals say something only where a common word would be written in lower case:
        # not at a sentence's start nor in a title-case line
        where = "free" if doc[c.start].is_sent_start or kind.startswith("title") else "mid"
        f.append(f"lowerseen|{c.type}|{where}")
        if all(w in ctx.lower for w in words if w.isalpha()):
            f.append(f"alllower|{c.type}|{where}")
    return f


def _index(feats: list[str]) -> np.ndarray:
    return np.fromiter((xxhash.xxh32_intdigest(s.encode()) & (DIM - 1) for s in feats),
                       dtype=np.int64, count=len(feats))


@dataclass(frozen=True, slots=True)
class MentionModel:
    """Weights ``(DIM, len(CLASSES))`` and biases of the multinomial logistic regression."""

    weights: np.ndarray
    bias: np.ndarray
    margin: float = 0.0
    """Log-odds by which another type must beat the rules' type to replace it."""
    drop_margin: float = 0.0
    """Log-odds by which ``DROP`` must beat the rules' type to remove the mention."""

    def log_probs(self, rows: list[np.ndarray]) -> np.ndarray:
        """Log-probabilities per row of hashed feature indices."""
        logits = np.stack([self.weights[r].sum(axis=0) for r in rows]) + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        return logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))

    def decide(self, doc: Doc, cands: list[Candidate], lower: frozenset[str]) -> dict[int, str]:
        """New class per candidate position, for those the model changes; ``lower``: the
        article's lower-case alphabetic words (``entities.lower_words``)."""
        idx = _scored(doc, cands)
        if not idx:
            return {}
        ctx = _context(doc, cands, lower)
        rows = [_index(features(doc, cands[i], ctx)) for i in idx]
        lp = self.log_probs(rows)
        groups: dict[tuple[str, str], list[int]] = {}
        for k, i in enumerate(idx):
            groups.setdefault((doc[cands[i].start : cands[i].end].text, cands[i].type),
                              []).append(k)
        out = {}
        for ks in groups.values():
            total = lp[ks].sum(axis=0) / len(ks)
            current = CLASSES.index(cands[idx[ks[0]]].type)
            best = int(total.argmax())
            margin = self.drop_margin if best == 0 else self.margin
            if best != current and total[best] - total[current] > margin:
                for k in ks:
                    out[idx[k]] = CLASSES[best]
        return out


def known(text: str) -> bool:
    """Whether a knowledge base names ``text``: the actor dictionaries, or the project's
    organisation aliases and organisations of a country ("ISIL", "Gaza Strip", "Kremlin")."""
    return text in ORG_ALIASES or text in ORG_COUNTRY or lookup_actor(text) is not None


def _scored(doc: Doc, cands: list[Candidate]) -> list[int]:
    """Positions of the candidates the model decides: rule-typed PERSON / ORG / PLACE that no
    gazetteer fixed and no knowledge base names (knowledge outranks the model)."""
    return [i for i, c in enumerate(cands) if c.type in SCORED and not c.fixed
            and not known(doc[c.start : c.end].text)]


def rows_for(doc: Doc, cands: list[Candidate],
             lower: frozenset[str]) -> list[tuple[int, np.ndarray]]:
    """(candidate position, hashed features) of the candidates the model scores (training);
    ``lower`` as for :meth:`MentionModel.decide`."""
    ctx = _context(doc, cands, lower)
    return [(i, _index(features(doc, cands[i], ctx))) for i in _scored(doc, cands)]


@cache
def shipped() -> MentionModel | None:
    """The packaged model, or None when the package carries none."""
    ref = resources.files("newsgraph").joinpath("data/mention_model.npz")
    if not ref.is_file():
        return None
    with ref.open("rb") as fh, np.load(fh) as data:
        return MentionModel(weights=data["weights"].astype(np.float32),
                            bias=data["bias"].astype(np.float32),
                            margin=float(data["margin"]), drop_margin=float(data["drop_margin"]))
