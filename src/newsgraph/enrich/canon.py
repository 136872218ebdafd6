"""Corpus-wide entity resolution: one entity per actor, whatever the article called it.

:class:`EntityResolver` holds the known entities (id, type, canonical name,
aliases, country) as plain data. ``resolve(name, type)`` returns the canonical
name of the entity ``name`` stands for, creating the entity when it is new.
An entity's canonical name is the first name it was created with (creation
order is deterministic: the store seeds the resolver from its ``entities``
table ordered by id), so a name once returned never changes.

Rules, from certain to conservative (types never mix: a PERSON "Jordan" and
the COUNTRY Jordan are two entities):

* Exact alias, compared case- and accent-insensitively ("Türkiye" = "turkiye"),
  after stripping a leading "the" and a trailing possessive.
* COUNTRY: every name of a country (``countries.country_code``) resolves to its
  canonical name ("Turkey" -> "Türkiye", "U.S." -> "United States").
* ORG: the alias table ``ORG_ALIASES`` (EU -> European Union, UN -> United
  Nations, Wagner -> Wagner Group...); an acronym resolves to the one known
  organisation whose initials it is (none when two are candidates); "X"
  resolves to a known "X Group" (and "X Group" to a known "X"). The Kremlin
  is kept as its own ORG (a seat of government, not the country); its mentions
  carry the country code RUS, so events can still attribute it to Russia.
* PERSON: spelling slips merge under :func:`same_person_spelling` ("Recep
  Tayyib Erdogan" = "Recep Tayyip Erdogan"); a lone surname resolves to the one
  known full name ending with it, and stays its own entity when several people
  share it ("Biden" with Joe and Hunter Biden known). Two different given names
  never merge ("Theo Francken" / "Anne Francken").

Serialisation for the store: ``to_rows()`` gives one dict per entity
``{"id", "type", "name", "country", "aliases": [...]}`` (ids are the
resolver's own, 1-based, in creation order); ``EntityResolver.from_rows(rows)``
rebuilds it from rows in that shape (the rows' own ids are not kept: entities
are numbered again in row order; aliases are attached as given, not re-resolved).
Seeding a resolver by calling ``resolve(name, type)`` on stored canonical names
in creation order gives the same canonical names.

Known limits (conservative on purpose): a lone surname seen before any full
name becomes its own entity ("Putin", then "Vladimir Putin" later is another);
an acronym seen before its spelled-out name stays apart unless it is in
``ORG_ALIASES``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz.distance import Levenshtein

from newsgraph.enrich.countries import country_code, country_name, fold

ORG_ALIASES: dict[str, str] = {
    "EU": "European Union", "E.U.": "European Union",
    "UN": "United Nations", "U.N.": "United Nations",
    "UNSC": "United Nations Security Council", "UN Security Council": "United Nations Security Council",
    "North Atlantic Treaty Organization": "NATO",
    "WHO": "World Health Organization", "IMF": "International Monetary Fund",
    "AP": "Associated Press", "AFP": "Agence France-Presse",
    "Wagner": "Wagner Group", "PMC Wagner": "Wagner Group", "Wagner PMC": "Wagner Group",
    "IS": "Islamic State", "ISIS": "Islamic State", "ISIL": "Islamic State", "Daesh": "Islamic State",
    "Islamic State group": "Islamic State",
    "OPEC": "Organization of the Petroleum Exporting Countries",
    "ECOWAS": "Economic Community of West African States",
    "OSCE": "Organization for Security and Co-operation in Europe",
    "ICRC": "International Committee of the Red Cross",
    "HRW": "Human Rights Watch", "MSF": "Doctors Without Borders",
    "Médecins Sans Frontières": "Doctors Without Borders",
    "IAEA": "International Atomic Energy Agency", "UNHCR": "UN Refugee Agency",
    "FBI": "Federal Bureau of Investigation", "CIA": "Central Intelligence Agency",
    "Hizbollah": "Hezbollah", "Hizballah": "Hezbollah",
}
"""Other name -> canonical name of well-known organisations (acronyms -> full names, except
where the acronym is the name everyone uses: NATO)."""

ENTITY_TYPES = ("PERSON", "ORG", "COUNTRY", "PLACE", "NORP")
_LINK_WORDS = frozenset({"of", "the", "for", "and", "on", "de", "du", "des", "la", "le", "in"})
_ORG_SUFFIXES = ("group", "company", "inc", "corp", "corporation", "ltd", "movement")


def _clean(name: str) -> str:
    name = " ".join(name.split())
    name = re.sub(r"^(?:the|The)\s+", "", name)
    return re.sub(r"(?:'s|’s|'|’)$", "", name).strip()


def _words(name: str) -> list[str]:
    return [w.strip(".,") for w in fold(name).split() if w.strip(".,")]


def same_person_spelling(a: str, b: str) -> bool:
    """True when two full names are one person's name spelt slightly differently.

    Conservative: both names have the same number (>= 2) of words, the same first
    word (given name), and differ in at most one other word, by one edit, with the
    same first letter, in a word of at least 6 letters ("Tayyib"/"Tayyip",
    "Zelensky"/"Zelenskyy"). Case and accents never count ("Erdoğan" = "Erdogan").
    """
    wa, wb = _words(a), _words(b)
    if len(wa) != len(wb) or len(wa) < 2 or wa[0] != wb[0]:
        return False
    differing = [(x, y) for x, y in zip(wa[1:], wb[1:], strict=True) if x != y]
    if not differing:
        return True
    if len(differing) > 1:
        return False
    x, y = differing[0]
    return (x[0] == y[0] and min(len(x), len(y)) >= 6
            and Levenshtein.distance(x, y, score_cutoff=1) <= 1)


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w.lower() not in _LINK_WORDS and w[:1].isupper())


@dataclass(slots=True)
class Entity:
    """A canonical actor."""

    id: int
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    country: str | None = None


class EntityResolver:
    """Known entities and the rules that map a name to one of them (see module docstring)."""

    def __init__(self) -> None:
        self._entities: list[Entity] = []
        self._alias: dict[tuple[str, str], int] = {}
        self._person_last: dict[str, set[int]] = defaultdict(set)
        self._person_first: dict[tuple[str, int], set[int]] = defaultdict(set)
        self._org_initials: dict[str, set[int]] = defaultdict(set)

    # -- reading -------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._entities)

    def __iter__(self) -> Iterator[Entity]:
        return iter(self._entities)

    def get(self, entity_id: int) -> Entity:
        """The entity with this id (KeyError when unknown)."""
        if not 1 <= entity_id <= len(self._entities):
            raise KeyError(entity_id)
        return self._entities[entity_id - 1]

    def lookup(self, name: str, type: str) -> Entity | None:
        """The known entity ``name`` resolves to, or None (nothing is added)."""
        name = _clean(name)
        if not name:
            return None
        hit = self._alias.get((type, fold(name)))
        if hit is not None:
            return self.get(hit)
        for candidate in self._candidates(name, type):
            hit = self._alias.get((type, fold(candidate)))
            if hit is not None:
                return self.get(hit)
        if type == "ORG":
            return self._lookup_org(name)
        if type == "PERSON":
            return self._lookup_person(name)
        return None

    def _candidates(self, name: str, type: str) -> list[str]:
        """Other spellings of ``name`` that certainly name the same entity."""
        if type == "COUNTRY":
            code = country_code(name)
            return [country_name(code)] if code else []
        if type == "ORG":
            out = []
            if name in ORG_ALIASES:
                out.append(ORG_ALIASES[name])
            words = name.split()
            if len(words) > 1 and words[-1].lower().rstrip(".") in _ORG_SUFFIXES:
                out.append(" ".join(words[:-1]))
            out.append(name + " Group")
            return out
        return []

    def _lookup_org(self, name: str) -> Entity | None:
        if name.isupper() and 2 <= len(name) <= 6:
            ids = self._org_initials.get(name, set())
            if len(ids) == 1:
                return self.get(next(iter(ids)))
        return None

    def _lookup_person(self, name: str) -> Entity | None:
        words = _words(name)
        if not words:
            return None
        if len(words) == 1:
            ids = self._person_last.get(words[0], set())
            full = [i for i in ids if len(_words(self.get(i).name)) >= 2]
            return self.get(full[0]) if len(full) == 1 else None
        for i in sorted(self._person_first.get((words[0], len(words)), set())):
            entity = self.get(i)
            if any(same_person_spelling(name, alias) for alias in entity.aliases):
                return entity
        return None

    # -- writing -------------------------------------------------------------------------------

    def resolve(self, name: str, type: str) -> str:
        """The canonical name ``name`` resolves to (a new entity when nothing matches)."""
        return self.entity(name, type).name

    def entity(self, name: str, type: str, country: str | None = None) -> Entity:
        """The entity ``name`` resolves to, created when new; ``name`` becomes an alias."""
        cleaned = _clean(name) or name.strip()
        found = self.lookup(cleaned, type)
        if found is None:
            canonical = cleaned
            if type == "COUNTRY":
                code = country_code(cleaned)
                canonical = country_name(code) if code else cleaned
                country = country or code
            elif type == "ORG":
                canonical = ORG_ALIASES.get(cleaned, cleaned)
            found = self._new(type, canonical, country)
        elif country and not found.country:
            found.country = country
        self._add_alias(found, cleaned)
        return found

    def add(self, name: str, type: str, aliases: Iterable[str] = (),
            country: str | None = None) -> Entity:
        """Resolve ``name`` (creating it when new) and attach ``aliases`` to the same entity."""
        entity = self.entity(name, type, country)
        for alias in aliases:
            self._add_alias(entity, _clean(alias) or alias)
        return entity

    def _new(self, type: str, name: str, country: str | None) -> Entity:
        entity = Entity(id=len(self._entities) + 1, type=type, name=name, country=country)
        self._entities.append(entity)
        self._add_alias(entity, name)
        if type == "ORG":
            initials = _initials(name)
            if len(name.split()) > 1 and len(initials) >= 2:
                self._org_initials[initials].add(entity.id)
        return entity

    def _add_alias(self, entity: Entity, alias: str) -> None:
        key = (entity.type, fold(alias))
        if not alias or (key in self._alias and self._alias[key] != entity.id):
            return
        if key not in self._alias:
            self._alias[key] = entity.id
        if alias not in entity.aliases:
            entity.aliases.append(alias)
        if entity.type == "PERSON":
            words = _words(alias)
            if words:
                self._person_last[words[-1]].add(entity.id)
                if len(words) >= 2:
                    self._person_first[(words[0], len(words))].add(entity.id)

    # -- rows ----------------------------------------------------------------------------------

    def to_rows(self) -> list[dict[str, Any]]:
        """One plain dict per entity: id, type, name, country, aliases."""
        return [{"id": e.id, "type": e.type, "name": e.name, "country": e.country,
                 "aliases": list(e.aliases)} for e in self._entities]

    @classmethod
    def from_rows(cls, rows: Iterable[dict[str, Any]]) -> EntityResolver:
        """A resolver holding ``rows`` (as ``to_rows`` gives them), in order."""
        resolver = cls()
        for row in rows:
            entity = resolver._new(row["type"], row["name"], row.get("country"))
            for alias in row.get("aliases", ()):
                resolver._add_alias(entity, alias)
        return resolver
