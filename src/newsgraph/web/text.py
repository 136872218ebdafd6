"""Article text as HTML: sentences addressable (``#s12``), facts highlighted, every slice escaped.

The HTML is built here, not in a template, because spans nest and cross
(a quote runs over two sentences, a name sits inside a quote): each piece of
text between two span boundaries is escaped on its own and wrapped in the
elements open over it, so no untrusted character ever reaches the page
unescaped. The result is a :class:`markupsafe.Markup`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import quote

from markupsafe import Markup, escape

# A sentence ends at . ! ? (or …), after any closing quotes or brackets, before white space
# and a capital, a digit or an opening quote; not after a title or an initial ("Mr.", "J.").
_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]?[A-ZÀ-ÖØ-Þ0-9])")
_NO_BREAK = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Sen|Rep|Gen|Col|Lt|Sgt|Capt|Gov|Pres|Rev|Jr|Sr|No|Vol|"
    r"Inc|Ltd|Co|Corp|vs|etc|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z])\.$")


def sentence_spans(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """(start, end) of each sentence of one paragraph, shifted by ``offset``."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        if _NO_BREAK.search(text[max(0, m.end() - 6):m.end()]):
            continue
        spans.append((start, m.end()))
        start = m.end()
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text):
        spans.append((start, len(text)))
    return [(offset + a, offset + b) for a, b in spans if b > a]


def paragraph_spans(paragraphs: Sequence[str], sep: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph in the body they were joined into with ``sep``."""
    spans, pos = [], 0
    for p in paragraphs:
        spans.append((pos, pos + len(p)))
        pos += len(p) + len(sep)
    return spans


def body_sentences(paragraphs: Sequence[str], sep: str) -> list[tuple[int, int]]:
    """Every sentence of the body, numbered by its position in this list (``#s0``, ``#s1``…)."""
    out: list[tuple[int, int]] = []
    for (start, _end), p in zip(paragraph_spans(paragraphs, sep), paragraphs, strict=True):
        out.extend(sentence_spans(p, start))
    return out


@lru_cache(maxsize=2048)
def sentences_in(body: str, sep: str) -> tuple[tuple[int, int], ...]:
    """:func:`body_sentences` of a whole body, remembered: the pages that link to an
    article's sentences (an entity's mentions and quotes, events) ask for the same ones."""
    return tuple(body_sentences(body.split(sep) if body else [], sep))


@lru_cache(maxsize=2048)
def _starts(sentences: tuple[tuple[int, int], ...]) -> list[int]:
    return [s for s, _ in sentences]


def sentence_at(sentences: Sequence[tuple[int, int]], offset: int) -> int:
    """The number of the sentence holding character ``offset`` (the last one before it)."""
    starts = _starts(sentences) if isinstance(sentences, tuple) else [s for s, _ in sentences]
    return max(0, bisect.bisect_right(starts, offset) - 1)


def entity_href(name: str) -> str:
    """The URL of an entity's page: every character of the name percent-encoded, ``/`` too
    (and the dots of a name made only of dots, which a browser would resolve as a path)."""
    encoded = quote(name, safe="")
    if encoded.strip(".") == "":
        encoded = encoded.replace(".", "%2E")
    return "/entities/" + encoded


@dataclass(slots=True)
class Span:
    """An element to draw over [start, end): its layer orders nesting (lower is outer)."""

    start: int
    end: int
    layer: int
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    label: str | None = None
    label_href: str | None = None
    first_attrs: dict[str, str] = field(default_factory=dict)
    """Attributes only on the first piece (an ``id`` must be unique)."""


def _open(span: Span, first: bool) -> str:
    attrs = {**span.attrs, **span.first_attrs} if first and span.first_attrs else dict(span.attrs)
    if not first:
        attrs["class"] = (attrs.get("class", "") + " cont").strip()
    parts = "".join(f' {k}="{escape(v)}"' for k, v in attrs.items())
    return f"<{span.tag}{parts}>"


def _label(span: Span) -> str:
    if span.label is None:
        return ""
    if span.label_href:
        return (f'<a class="tag" href="{escape(span.label_href)}">{escape(span.label)}</a>')
    return f'<span class="tag">{escape(span.label)}</span>'


def render(text: str, spans: Iterable[Span], offset: int = 0) -> Markup:
    """``text`` (which starts at ``offset`` of the spans' coordinates) with ``spans`` drawn.

    Spans are clipped to the text. Where two cross, the inner one is closed and
    reopened around the boundary (marked ``cont``); a label is drawn at the
    end of its span's last piece.
    """
    end_all = offset + len(text)
    items = [s for s in spans if s.end > offset and s.start < end_all and s.end > s.start]
    for s in items:
        s.start, s.end = max(s.start, offset), min(s.end, end_all)
    points = sorted({offset, end_all, *(s.start for s in items), *(s.end for s in items)})
    starts: dict[int, list[Span]] = {}
    for s in items:
        starts.setdefault(s.start, []).append(s)
    out: list[str] = []
    stack: list[Span] = []
    for i, p in enumerate(points):
        # Close everything down to the outermost span that ends here; reopen the rest.
        ending = [k for k, s in enumerate(stack) if s.end == p]
        reopen: list[Span] = []
        if ending:
            cut = ending[0]
            while len(stack) > cut:
                s = stack.pop()
                if s.end == p:
                    out.append(_label(s))
                    out.append(f"</{s.tag}>")
                else:
                    out.append(f"</{s.tag}>")
                    reopen.append(s)
        opening = [(s, False) for s in reopen] + [(s, True) for s in starts.get(p, ())]
        if len(opening) > 1:
            opening.sort(key=lambda item: (item[0].layer, -item[0].end))
        for s, first in opening:
            out.append(_open(s, first))
            stack.append(s)
        if i + 1 < len(points):
            out.append(escape(text[p - offset:points[i + 1] - offset]))
    while stack:  # only empty spans could be left; close them
        out.append(f"</{stack.pop().tag}>")
    return Markup("".join(out))
