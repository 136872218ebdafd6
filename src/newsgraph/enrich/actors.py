"""Actors as the Phoenix dictionaries code them: country (ISO3) and sector, dated.

``data/petrarch_actors.tsv.gz`` (PETRARCH2's country and international actor
dictionaries) maps phrases to codes such as ``USAGOV`` (the US government),
``IGOUNO`` (the UN) or ``TUR``, office holders with date ranges ("President
Bush" is ``USAGOV`` from 2001-01-20 to 2009-01-20, and also, as the elder Bush,
1989-1993), so the code depends on the article's date. ``data/petrarch_agents.tsv``
maps generic agents ("soldiers", "police", "fighter jet", "foreign minister")
to sector codes (``MIL``, ``COP``, ``GOV``...), to combine with the country the
phrase is owned by ("a Turkish fighter jet" -> TUR MIL).
"""

from __future__ import annotations

import gzip
import itertools
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pycountry
from spacy.tokens import Token

from newsgraph.enrich.resolve import Resolved

POLITICAL_SECTORS = frozenset({
    "GOV", "MIL", "COP", "REB", "OPP", "JUD", "LEG", "IGO", "NGO", "SPY", "PTY", "ELI",
    "UAF", "CVL", "INS", "SEP", "IMG", "HRI", "REF", "MOD", "RAD", "LAB", "MED", "CRM",
})
"""Sectors whose actions are political events (business, sports and the like are not)."""

_NON_COUNTRY = {"IGO": "IGO", "NGO": "NGO", "IMG": "IMG", "MNC": "BUS", "---": None, "UAF": "UAF"}
_EXTRA_ISO = frozenset({"XKX"})
_PROJECT_AGENTS = {
    # Agents the 2014 dictionary lacks, in its own codes (the dictionary wins where both have one).
    "civilians": "CVL", "jihadists": "REB",
    "jihadist": "REB", "militants": "REB", "militant": "REB", "gunmen": "REB",
    "insurgents": "REB", "rebels": "REB", "troops": "MIL", "forces": "MIL",
    "mercenaries": "UAF", "mercenary": "UAF", "government": "GOV", "ministry": "GOV",
    "minister": "GOV", "president": "GOV", "prime minister": "GOV", "defence secretary": "GOV",
    "defense secretary": "GOV", "foreign minister": "GOV", "army": "MIL", "military": "MIL",
    "police": "COP", "junta": "MIL", "parliament": "LEG", "lawmakers": "LEG",
    "court": "JUD", "prosecutors": "JUD", "negotiator": "GOV", "diplomats": "GOV",
    "officials": "GOV", "official": "GOV", "authorities": "GOV", "spokesman": "GOV",
}


@dataclass(frozen=True, slots=True)
class ActorCode:
    """A dictionary reading of a phrase: its country (ISO3) and sector, when known."""

    code: str
    country: str | None
    sector: str | None


@cache
def _iso3() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.countries) | _EXTRA_ISO


@cache
def _actors() -> dict[str, list[tuple[str, list[tuple[str, str, str]]]]]:
    path = resources.files("newsgraph") / "data" / "petrarch_actors.tsv.gz"
    out: dict[str, list[tuple[str, list[tuple[str, str, str]]]]] = {}
    for line in gzip.decompress(path.read_bytes()).decode("utf-8").splitlines()[1:]:
        phrase, default, dated = line.split("\t")
        spans = []
        if dated:
            for item in dated.split("|"):
                code, lo, hi = item.split(":")
                spans.append((code, lo, hi))
        out.setdefault(phrase, []).append((default, spans))
    return out


@cache
def _agents() -> dict[str, str]:
    path = resources.files("newsgraph") / "data" / "petrarch_agents.tsv"
    out = dict(_PROJECT_AGENTS)
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        phrase, code = line.split("\t")
        out[phrase] = code
    return out


def _day(date: str | None) -> str | None:
    """YYYYMMDD of an ISO date prefix (a month or year is taken at its middle)."""
    if not date:
        return None
    digits = date.replace("-", "")[:8]
    if len(digits) == 4 and digits.isdigit():
        return digits + "0701"
    if len(digits) == 6 and digits.isdigit():
        return digits + "15"
    return digits if len(digits) == 8 and digits.isdigit() else None


def split_code(code: str) -> tuple[str | None, str | None]:
    """(ISO3 country, sector) of a Phoenix code: ``USAGOVPRS`` -> (USA, GOV), ``IGOUNO`` ->
    (None, IGO), ``TUR`` -> (TUR, None)."""
    head = code[:3]
    if head in _iso3():
        rest = code[3:6]
        return head, rest or None
    if head in _NON_COUNTRY:
        return None, _NON_COUNTRY[head] or (code[3:6] or None)
    return None, None


def lookup_actor(phrase: str, date: str | None = None) -> ActorCode | None:
    """The code the actor dictionaries give ``phrase`` on ``date`` (ISO prefix).

    A record whose date range contains the date wins over a record's default
    code; without a date, the default code (else the most recent range) is used.
    """
    records = _actors().get(" ".join(phrase.lower().split()))
    if not records:
        return None
    day = _day(date)
    chosen: str | None = None
    if day is not None:
        for _default, spans in records:
            for code, lo, hi in spans:
                if (not lo or lo <= day) and (not hi or day <= hi):
                    chosen = code
                    break
            if chosen:
                break
    if chosen is None:
        defaults = [d for d, _ in records if d]
        if defaults:
            chosen = defaults[0]
        else:
            spans = sorted((s for _, ss in records for s in ss), key=lambda s: s[2] or "99999999")
            chosen = spans[-1][0] if spans else None
    if not chosen:
        return None
    country, sector = split_code(chosen)
    return ActorCode(chosen, country, sector)


def lookup_agent(phrase: str) -> str | None:
    """The sector code the agents dictionary gives ``phrase`` ("soldiers" -> MIL)."""
    code = _agents().get(" ".join(phrase.lower().split()))
    if not code:
        return None
    return code.strip("~")[:3] or None


_NAME_DEPS = frozenset({"compound", "flat", "amod", "nmod", "poss", "nn"})
_OWNER_PREPS = frozenset({"of", "from"})
_MAX_PHRASE = 6


def _phrase_tokens(head: Token) -> list[Token]:
    """The head and its pre-modifiers (names, adjectives, possessors), in order."""
    toks = [head]
    for left in head.lefts:
        if left.dep_ in _NAME_DEPS:
            toks.extend(t for t in left.subtree if t.dep_ not in ("det", "case", "punct", "cc"))
    return sorted(toks, key=lambda t: t.i)


def _name_like(run: list[Token]) -> bool:
    """Words that can be a dictionary name: capitalised, a short one written as an acronym
    ("EPA", not "ePA"), not a lone common noun."""
    if not any(t.text[:1].isupper() for t in run):
        return False
    if len(run) == 1:
        tok = run[0]
        if tok.pos_ not in ("PROPN", "ADJ"):
            return False
        if len(tok.text) <= 4 and not tok.is_upper and tok.text != tok.text.capitalize():
            return False
    return True


def _dictionary_party(head: Token, date: str | None) -> Resolved | None:
    """The longest run of the phrase's words that the actor dictionary knows ("White House
    security officials" -> White House, USA)."""
    toks = _phrase_tokens(head)
    for size in range(min(len(toks), _MAX_PHRASE), 0, -1):
        for k in range(len(toks) - size + 1):
            run = toks[k:k + size]
            if any(b.i != a.i + 1 for a, b in itertools.pairwise(run)):
                continue
            if not _name_like(run):
                continue
            phrase = " ".join(t.text for t in run)
            found = lookup_actor(phrase, date)
            if found is None or (found.country is None and found.sector is None):
                continue
            first, last = run[0], run[-1]
            kind = "COUNTRY" if found.country and not found.sector else "ORG"
            return Resolved(phrase, found.country, kind, first.idx, last.idx + len(last.text),
                            via_agent=head not in run)
    return None


def unlisted_party(head: Token, date: str | None = None) -> Resolved | None:
    """A party the article's entity mentions miss, read through the actor dictionaries (on
    ``date``): the phrase headed by ``head`` ("White House security officials" -> White
    House, USA), else its owner ("soldiers of Zembla"). A name no dictionary knows stays
    unknown, as in PETRARCH."""
    if head.pos_ not in ("PROPN", "NOUN"):
        return None
    found = _dictionary_party(head, date)
    if found is not None or head.pos_ != "NOUN":
        return found
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in _OWNER_PREPS:
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and pobj.pos_ == "PROPN":
                    owner = _dictionary_party(pobj, date)
                    if owner is not None:
                        owner.via_agent = True
                        return owner
    return None
