"""Political scope: is a sentence, or a whole story, one that event coding should read?

PETRARCH's discard list (``data/petrarch_discards.tsv``) names phrases that make a
sentence not codable (sports results, entertainment, disease outbreaks, historical
chronology); phrases marked for the story discard the whole article. One sports
phrase can occur in a political story ("after the World Cup"), so an article is
out of scope for its vocabulary only when several distinct discard phrases occur
in it; each sentence holding one is skipped either way. Events must also have a
political party (see :func:`newsgraph.enrich.events._party_code`): the actors'
types, not a word list, keep business and sports out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from importlib import resources

from newsgraph.settings import Settings

ARTICLE_DISCARD_PHRASES = Settings().event_article_discards
"""Distinct discard phrases that put a whole article out of scope."""


_CHRONOLOGY = re.compile(r"\d{4}|^\d+$|\b(?:ago|later)$|\bworld war\b")
"""Discards for historical chronology (bare years 1914-2013, "April 1942", "years ago",
"months later", the world wars): left out, since the date stage dates events, and a
comparison with history ("the largest conflict since World War II") is no sign of scope."""


_INFLECTIONS = ("", "s", "es", "'s")
"""A stem entry matches its word and plurals ("golfer", "golfers"), not longer words: PETRARCH
matched any continuation, which drops "championed the reform" for "champion"."""
_WORD = re.compile(r"[^\W_]+(?:['.-][^\W_]+)*")
_LINK_LABEL = re.compile(
    r"(?:^|(?<=[.!?]\s))[ \t]*(?P<label>[^\W\d_][\w'’&-]*(?:[ \t]+[\w'’&-]+){0,2})[ \t]*:"
    r"[ \t]+(?P<rest>[^\n]*[^\s.!?:;,\"'”’)\]])[\"'”’)\]]*[ \t]*$", re.MULTILINE)
"""A short label, a colon and, up to the end of the line, a headline (no closing
punctuation): "SEE MORE: ...", "Related: ...", "WATCH: ..."."""
_LINK_MAX_WORDS = 25


@cache
def _phrases() -> tuple[dict[str, list[tuple[tuple[str, ...], bool, bool]]], set[str]]:
    """Discard phrases by first word: (words, stem, story); and the single-word stems."""
    path = resources.files("newsgraph") / "data" / "petrarch_discards.tsv"
    by_first: dict[str, list[tuple[tuple[str, ...], bool, bool]]] = {}
    stems: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        phrase, scope, match = line.split("\t")
        if _CHRONOLOGY.search(phrase):
            continue
        words = tuple(_WORD.findall(phrase.lower()))
        if not words:
            continue
        stem, story = match == "stem", scope == "story"
        if len(words) == 1 and stem:
            stems.add(words[0])
        by_first.setdefault(words[0], []).append((words, stem, story))
    return by_first, stems


class Scope:
    """The discard decisions for one article's text."""

    def __init__(self, text: str, names: Sequence[tuple[int, int]] = ()):
        by_first, stems = _phrases()
        tokens = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text.lower())]
        self._hits: list[tuple[int, int]] = []
        distinct: set[str] = set()
        self.story_discard = False
        for i, (word, start, _end) in enumerate(tokens):
            found: list[tuple[tuple[str, ...], bool, bool]] = list(by_first.get(word, ()))
            for suffix in _INFLECTIONS:
                if suffix and word.endswith(suffix) and word[:-len(suffix)] in stems:
                    found.extend(by_first.get(word[:-len(suffix)], ()))
            for words, stem, story in found:
                n = len(words)
                if i + n > len(tokens):
                    continue
                seq = [t[0] for t in tokens[i:i + n]]
                if seq[:-1] != list(words[:-1]):
                    continue
                last, want = seq[-1], words[-1]
                if not (last == want or (stem and last.startswith(want)
                                         and last[len(want):] in _INFLECTIONS)):
                    continue
                self._hits.append((start, tokens[i + n - 1][2]))
                distinct.add(" ".join(words))
                self.story_discard = self.story_discard or story
        self.discard_phrases = len(distinct)
        """How many distinct discard phrases the article holds."""
        self.article_in_scope = not self.story_discard and len(distinct) < ARTICLE_DISCARD_PHRASES
        self.links = _link_lines(text, names)
        """Spans of the lines that are a link's label and headline, not the article's text."""

    def sentence_in_scope(self, start: int, end: int) -> bool:
        """False when the sentence ``[start, end)`` holds a discard phrase."""
        return not any(start <= a < end for a, _ in self._hits)

    def in_link(self, offset: int) -> bool:
        """True when ``offset`` is inside a link line (see :func:`_link_lines`)."""
        return any(a <= offset < b for a, b in self.links)


def _link_lines(text: str, names: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans of the text's links to other stories that page furniture left in the body: at
    a line's or sentence's start, a label of one to three words in capitals (or one capitalised
    word) and a colon, then a headline to the end of the line, which stops without the
    punctuation that ends a statement ("SEE MORE: ...", "Related: ..."). Not a label that is
    a name ``names`` spans (a dateline "KABUL: ...", a speaker "Putin: ..."), nor the text's
    first line (the article's own headline, "Exclusive: ...")."""
    first = text.lstrip()
    first_end = len(text) - len(first) + (first.find("\n") if "\n" in first else len(first))
    out: list[tuple[int, int]] = []
    for m in _LINK_LABEL.finditer(text):
        label = m.group("label")
        a, b = m.span("label")
        if m.start() < first_end or not (label.isupper() or (" " not in label.strip()
                                                            and label[0].isupper())):
            continue
        if len(m.group("rest").split()) > _LINK_MAX_WORDS or any(
                s < b and a < e for s, e in names):
            continue
        out.append((a, m.end()))
    return out
