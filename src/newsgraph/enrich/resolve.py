"""Resolve parse tokens to entity mentions: shared by quotes and events.

A :class:`MentionIndex` answers "which entity does this token / noun phrase /
pronoun stand for" from the article's mentions, using character offsets, so it
works with any mention list (the entity stage's or hand-made ones in tests).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsgraph.model import Mention

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS = frozenset({"it", "they", "them"})
GROUP_REACH = 200
"""How far back (characters) "it"/"they" may look for an organisation or country."""
# First-person pronouns ("I", "we") speak from inside a quote: they have no antecedent in
# the narrative and are left unresolved here.
PRONOUNS = PERSON_PRONOUNS | GROUP_PRONOUNS
# Dependents that stay inside a noun phrase (its name, its nationality, its owner).
_NP_DEPS = frozenset({"compound", "amod", "poss", "nmod", "flat", "nn", "appos", "npadvmod"})
_NP_PREP_OWNERS = frozenset({"of"})
_PLACE_NOUNS = frozenset({"city", "town", "village", "capital", "province", "region", "district",
                          "port", "island", "county", "municipality", "enclave", "strip"})
"""Heads that a place's name fills ("the town of Goma", "the port city of Odesa")."""


@dataclass(slots=True)
class Resolved:
    """An entity standing for a phrase: canonical name, ISO code, and where it was named."""

    name: str
    country: str | None
    type: str
    start: int
    end: int
    via_pronoun: bool = False
    via_agent: bool = False
    """True when a thing ("a Turkish jet") was resolved to its owner (Türkiye)."""
    via_demonym: bool = False
    """True when that owner was named by an adjective of nationality."""


class MentionIndex:
    """Mentions sorted by offset, with lookups by character span and by token."""

    def __init__(self, mentions: list[Mention], blocked: list[tuple[int, int]] | None = None,
                 credits: list[tuple[int, int]] | None = None):
        self.credits = sorted(credits or [])
        """Spans naming the article's authors (:func:`credit_spans`): their names stand for no
        party and are no antecedents."""
        if self.credits:
            mentions = [m for m in mentions if not self.in_credit(m.start, m.end)]
        self.mentions = sorted(mentions, key=lambda m: (m.start, m.end))
        self._starts = [m.start for m in self.mentions]
        self._max_len = max((m.end - m.start for m in self.mentions), default=0)
        self._blocked = sorted(blocked or [])
        """Spans (direct quotes) whose mentions are not antecedents of pronouns."""
        self._countries = {m.country: m.canonical for m in self.mentions
                           if m.type == "COUNTRY" and m.country and not m.demonym}

    def in_credit(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` lies in a span naming the article's authors."""
        i = bisect_right(self.credits, (start, 1 << 62)) - 1
        return i >= 0 and self.credits[i][0] <= start and end <= self.credits[i][1]

    def overlapping(self, start: int, end: int) -> list[Mention]:
        """Mentions overlapping ``[start, end)``."""
        lo = bisect_left(self._starts, start - self._max_len)
        hi = bisect_right(self._starts, end - 1)
        return [m for m in self.mentions[lo:hi] if m.start < end and start < m.end]

    def at_token(self, token: Token) -> Mention | None:
        """The mention covering ``token``, if any."""
        found = self.overlapping(token.idx, token.idx + len(token.text))
        return found[0] if found else None

    def antecedent(
        self, before: int, types: tuple[str, ...] = ("PERSON",), exclude: str | None = None
    ) -> Mention | None:
        """The last mention of one of ``types`` ending before offset ``before``, outside quotes.

        ``exclude`` skips one canonical name (the subject of the clause, which a
        non-reflexive object pronoun cannot stand for).
        """
        hi = bisect_left(self._starts, before)
        for m in reversed(self.mentions[:hi]):
            if (m.type in types and not m.demonym and m.end <= before and m.canonical != exclude
                    and not self._inside_blocked(m)):
                return m
        return None

    def _inside_blocked(self, m: Mention) -> bool:
        i = bisect_right(self._blocked, (m.start, 1 << 62)) - 1
        return i >= 0 and self._blocked[i][0] <= m.start and m.end <= self._blocked[i][1]

    def by_surname(self, text: str, before: int) -> Mention | None:
        """A named PERSON whose canonical name ends with ``text`` (a bare surname)."""
        key = text.strip().lower()
        best = None
        for m in self.mentions:
            if m.type == "PERSON" and m.canonical.lower().endswith(" " + key):
                best = m
                if m.start > before:
                    break
        return best

    def resolve_np(
        self, head: Token, agents: bool = True, exclude: str | None = None
    ) -> Resolved | None:
        """The entity a noun phrase headed by ``head`` names.

        The head's own mention wins ("Vladimir Putin"); then a name inside the
        phrase ("the EU sanctions ruling" -> EU); with ``agents``, a thing owned
        by a country or organisation resolves to it ("a Turkish fighter jet" ->
        Türkiye, "Russia's army" -> Russia). Pronouns resolve to the most recent
        named PERSON (he, she) or group (it, they).
        """
        low = head.lower_
        if head.pos_ == "PRON":
            if low in PERSON_PRONOUNS:
                m = self.antecedent(head.idx, ("PERSON",), exclude)
            elif low in GROUP_PRONOUNS:
                m = self.antecedent(head.idx, ("ORG", "COUNTRY"), exclude)
                if m is not None and head.idx - m.end > GROUP_REACH:
                    m = None  # "it"/"they" far from any named group is mostly a thing
            else:
                m = None
            if m is None:
                return None
            return Resolved(m.canonical, m.country, m.type, head.idx, head.idx + len(head.text),
                            via_pronoun=True)
        own = self.at_token(head)
        if own is not None and not own.demonym:
            return self._resolved(own)
        if own is None and head.pos_ == "PROPN":
            sur = self.by_surname(head.text, head.idx)
            if sur is not None and not any(c.dep_ == "compound" for c in head.children):
                return Resolved(sur.canonical, sur.country, sur.type, head.idx,
                                head.idx + len(head.text))
        inner: list[Mention] = []
        apposed: list[Mention] = []
        for child in head.children:
            if child.dep_ in _NP_DEPS:
                found_here = self.overlapping(child.left_edge.idx, _end(child.right_edge))
                inner.extend(found_here)
                if (child.dep_ in ("appos", "flat") or (child.dep_ == "compound"
                                                         and head.pos_ == "PROPN")) \
                        and child.i > head.i - 2:
                    # the phrase itself ("Türkiye's ally Azerbaijan"), not a modifier owning
                    # a thing ("U.S. consumers")
                    apposed.extend(m for m in self.overlapping(child.idx, _end(child))
                                   if m in found_here)
            elif child.dep_ == "prep" and child.lower_ in _NP_PREP_OWNERS:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        found = self.resolve_np(pobj, agents)
                        if found is not None:
                            inner.append(Mention(found.start, found.end, pobj.text, found.type,
                                                 found.name, found.country))
        if own is not None:
            inner.append(own)
        if not inner:
            return None
        if head.lemma_.lower() in _PLACE_NOUNS:
            named_place = [m for m in inner if m.type in ("PLACE", "COUNTRY") and not m.demonym]
            if named_place:  # "the town of Goma" is Goma
                return self._resolved(named_place[-1])
        named = [m for m in inner if not m.demonym and m.type in ("PERSON", "ORG")]
        if named:
            return self._resolved(named[-1])
        same = [m for m in apposed if m.type == "COUNTRY" and not m.demonym]
        if same:  # "Türkiye's ally Azerbaijan": the apposed name is the phrase itself
            return self._resolved(same[0])
        if not agents:
            return None
        owners = [m for m in inner if m.type == "COUNTRY" or m.demonym or m.type == "ORG"]
        if not owners:
            return None
        res = self._resolved(owners[0])
        res.via_agent = True
        res.via_demonym = owners[0].demonym
        return res

    def resolved(self, m: Mention) -> Resolved:
        """The entity ``m`` names (a demonym: its country)."""
        return self._resolved(m)

    def _resolved(self, m: Mention) -> Resolved:
        if m.demonym:
            # A demonym names its country: use the country's name as the article spells it.
            name = self._countries.get(m.country or "", m.canonical)
            return Resolved(name, m.country, "COUNTRY", m.start, m.end)
        return Resolved(m.canonical, m.country, m.type, m.start, m.end)


def _end(token: Token) -> int:
    return token.idx + len(token.text)


_BYLINE = re.compile(r"(?m)^[ \t]*By[ \t]+[A-Z][^\n]{0,120}$")
_CREDIT = re.compile(
    r"(?m)(?:^|(?<=[;(\[|])) ?(?:(?:[Aa]dditional |[Ee]xtra )?[Rr]eporting|[Ee]dit(?:ing|ed)|"
    r"[Ww]rit(?:ing|ten)|[Cc]ompil(?:ing|ed)|[Pp]hotos?|[Pp]hotographs?|[Ii]mages?|[Vv]ideo|"
    r"[Gg]raphics?|[Tt]ranslat(?:ion|ed)|[Pp]roduc(?:tion|ed))(?: and [a-z]+)? by\b[^;)\]|\n]*")
"""A credit where credits stand: opening a line, or after ";", "(", "[" or "|" ("Reporting
by ...; Editing by ...", "(Writing by ...)"); "a letter written by the minister" is prose."""
_CONTRIBUTED = re.compile(
    r"(?m)(?:^|(?<=[.;(]) )[^.;()\n]{3,80} contributed (?:additional )?(?:reporting|research"
    r"|to this (?:report|story|article))\b")
REPORTER_NOUNS = frozenset({"reporter", "reporters", "correspondent", "correspondents",
                            "columnist", "photographer", "anchor"})
"""Nouns that make a name the article's reporter ("correspondent Ana Silva")."""
_BYLINE_WORDS = 14


def line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Character bounds of the line holding ``text[start:end]``."""
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    return lo, len(text) if hi < 0 else hi


def credit_spans(doc: Doc, mentions: list[Mention]) -> list[tuple[int, int]]:
    """Character spans naming the article's authors, whose names are never its parties:
    a short line opening with "By", credits ("Reporting by ...; Editing by ...", "... contributed
    reporting"), a short verbless line of a name then an organisation ("Ana Silva, Reuters"),
    and a name given a reporter's title ("correspondent Ana Silva", "Ana Silva, our
    reporter") or reporting from a place ("Ana Silva reports from Kyiv")."""
    text = doc.text
    spans = [m.span() for m in _BYLINE.finditer(text)
             if len(m.group().split()) <= _BYLINE_WORDS]
    spans += [m.span() for m in _CREDIT.finditer(text)]
    spans += [m.span() for m in _CONTRIBUTED.finditer(text)]
    people = [m for m in mentions if m.type == "PERSON"]
    if not people:
        return sorted(spans)
    orgs = [m for m in mentions if m.type == "ORG"]
    for m in people:
        line_start, line_end = line_bounds(text, m.start, m.end)
        if m.start == line_start and text[m.end:m.end + 3].lstrip()[:1] in (
                ",", "|", "-", "–", "—"):
            line = doc.char_span(line_start, line_end, alignment_mode="expand")
            if line is not None and len(line) <= 8 and any(
                    m.end < o.start < line_end for o in orgs) and not any(
                    t.pos_ in ("VERB", "AUX") for t in line):
                spans.append((line_start, line_end))  # "Ana Silva, Reuters"
                continue
        name = doc.char_span(m.start, m.end, alignment_mode="expand")
        if name is None:
            continue
        root = name.root
        near = [*root.children, root.head] if root.head.i != root.i else list(root.children)
        if any(t.lower_ in REPORTER_NOUNS and (t.dep_ in ("compound", "appos", "nmod")
                                               or t.i == root.head.i) for t in near):
            spans.append((m.start, m.end))  # "correspondent Ana Silva", "Ana Silva, a reporter"
        elif root.dep_ == "nsubj" and root.head.lemma_ == "report" and root.head.tag_ in (
                "VBZ", "VBG") and any(c.dep_ == "prep" and c.lower_ == "from"
                                      for c in root.head.children):
            spans.append((m.start, m.end))  # "Ana Silva reports from Kyiv"
    return sorted(spans)


def span_chars(span: Span) -> tuple[int, int]:
    """Character offsets of a spaCy span."""
    return span.start_char, span.end_char


def token_at(doc: Doc, offset: int) -> Token | None:
    """The token starting at or covering character ``offset``."""
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None
