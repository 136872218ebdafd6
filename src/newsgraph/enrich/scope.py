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
from functools import cache
from importlib import resources

from newsgraph.settings import Settings

ARTICLE_DISCARD_PHRASES = Settings().event_article_discards
"""Distinct discard phrases that put a whole article out of scope."""


_CHRONOLOGY = re.compile(r"^\d+$|\b(?:ago|later)$")
"""Discards for historical chronology (bare years 1914-2013, "years ago", "months later"):
left out, since the date stage dates events and a year in a sentence is no sign of scope."""


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(sentence-level, story-level) discard regexes over lower-cased text."""
    path = resources.files("newsgraph") / "data" / "petrarch_discards.tsv"
    sentence: list[str] = []
    story: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        phrase, scope, match = line.split("\t")
        if _CHRONOLOGY.search(phrase):
            continue
        body = r"\s+".join(re.escape(w) for w in phrase.split())
        rx = rf"(?<![\w]){body}" + (r"(?![\w])" if match == "word" else "")
        (story if scope == "story" else sentence).append(rx)
    return (re.compile("|".join(sentence), re.IGNORECASE),
            re.compile("|".join(story), re.IGNORECASE))


class Scope:
    """The discard decisions for one article's text."""

    def __init__(self, text: str):
        sentence_rx, story_rx = _patterns()
        self._hits = [(m.start(), m.end()) for m in sentence_rx.finditer(text)]
        distinct = {text[a:b].lower() for a, b in self._hits}
        self.story_discard = story_rx.search(text) is not None
        self.article_in_scope = not self.story_discard and len(distinct) < ARTICLE_DISCARD_PHRASES

    def sentence_in_scope(self, start: int, end: int) -> bool:
        """False when the sentence ``[start, end)`` holds a discard phrase."""
        return not any(start <= a < end for a, _ in self._hits)
