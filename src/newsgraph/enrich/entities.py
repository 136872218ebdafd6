"""Entities of one parsed article: mentions with body offsets, canonical names and roles.

``extract_entities(doc)`` starts from spaCy's named entities and corrects them
where knowledge is certain, with general rules (none names an article):

1. Spans are cleaned: cut at line breaks, leading "the" and trailing possessives
   stripped ("Russia's" -> "Russia"), a leading country or city before a
   possessive split off ("Türkiye's Recep Tayyip Erdogan"), a run of country
   names split into countries ("Mali Russia's").
2. Gazetteers (:mod:`newsgraph.enrich.countries`) win over the model: a country
   name is a COUNTRY whatever the label (never a PERSON), unless it is a dependent
   territory (Hong Kong: a PLACE); a demonym ("Turkish", "Russians") is a NORP
   mention with ``demonym=True`` and its country's code and name, never a COUNTRY;
   a listed capital is a PLACE. Country names and demonyms the model missed are added.
3. Evidence from the parse votes per surface form across the article: a head
   noun of place ("the Al Hol camp", "Bamako, the Malian capital") or a
   locative preposition ("in", "near") votes PLACE, an organisation noun ("Child
   Focus, a center for...") or "of" after a role ("chief executive of X") votes
   ORG, each vote outweighing one model label. A PERSON ending in an
   organisation word ("... House", "... Institute") is an ORG.
4. Junk is dropped: photo credits ("Credit: ...", "(... via AP)"), lone titles,
   lowercase or numeric "names", plural "persons" ("Sultans").
5. People: titles are stripped from names into roles ("Maj. Gen. Andrey
   Averyanov"; "Turkish President X" -> president of Türkiye, "Kremlin
   spokesman X" -> spokesman of Kremlin, "Sudanese army chief Gen. X" -> army
   chief of Sudan and "Gen."), surnames and short forms resolve to the nearest
   full name in the article before them ("De Pauw" -> "Heidi De Pauw"; a given
   name or East Asian family name resolves when one full name starts with it),
   names are joined across particles ("Ursula von der Leyen"), and spelling
   slips of a full name resolve to its most frequent spelling. Appositions with
   a singular noun become roles ("X, the chief executive of Child Focus");
   relations to other people ("his son, X") do not. A person's ``country`` is
   the country of their title or possessive ("Russia's Vladimir Putin").
6. Organisations: an acronym resolves to a spelled-out name in the article whose
   initials it is ("AP" -> "Associated Press"), "X" to "X Group" when both
   appear, and well-known aliases to their full name (``canon.ORG_ALIASES``).

Types are PERSON, ORG, COUNTRY, PLACE (spaCy PERSON, ORG, GPE/LOC/FAC, NORP
demonyms). Other groups the model labels NORP ("Kurdish", "European", "Muslims",
"Republicans") are NORP mentions without a country. A single-word "person" with no
known first name, no title and no full name in the article, or a "person" ending in
an object word ("Davis Cup", "MacBook Pro", "HMS ..."), is not a person.

Knowledge that decides types over all mentions (2026-12-02):

7. Given names (``data/first_names.tsv``, mixed-use names included as ``u``): a given
   name of clear gender and a surname make a PERSON the model missed or typed ORG
   ("Marta Ekholm", "Tomás Ibarra"); a surname-only PERSON takes the given name before
   it ("Rian" Johnson). A "person" of two or more words whose first word is no given name
   (nor initials) and who has no title, no speech verb, no role and stands beside no
   quote is not a person ("Zephyr Roam", "Orbit Switch"); nor is one whose first word
   is a mixed-use name the article also writes as a common word ("Recent Acme TVs").
8. Organisations and places: an acronym in brackets after a name is that name everywhere
   ("International Criminal Court (ICC)"); an ORG named once is named at its other bare
   mentions; abbreviations of common nouns ("AI", "CEO", "EVs") are no names; names of
   laws, indices, awards and events ("... Act", "... Index") and headlines (a verb or
   "a" inside) are no entities; "the Communist party", "McDonald's", "Apple Inc." keep
   their last word; a country name the model cut in pieces is one country ("St Vincent
   and the Grenadines"); US states and their abbreviations after a place ("Miami, FL")
   are places; a city standing for its team ("Denver center") is an ORG.
9. Things and venues (2026-12-02, second pass): names of programming and markup languages
   (Pygments' lexer names) are no entities in an article about code; venues are places
   ("Harlow Arena", "Linden Music Center", a name after a listing's spaced "@"); a
   name before a comma and a US state, Canadian province or Australian state is a town
   ("Charlotte, NC"), and a state named like a country is the state there ("Atlanta,
   Georgia"); a state code after a person is a degree ("Lauren Doe, MS").
10. Organisations by their cues: what an organisation has after its name ("Twitter users",
   "a Netflix special", "Ubisoft's games"), its people when the name is no person's
   ("WeWork CEO"), its kind before the name ("the energy company Burisma"), a company word
   at its end ("... Productions", "... Systems"); a tie between ORG and PLACE evidence is an
   ORG; so does a place of work after a title or staff noun ("CEO of X", "a manager at X") and
   a name listed after a plural kind of company ("startups like X"); the subject or object of
   a verb of the mind or of harm to a body ("X believes", "attacking X") votes PERSON, and
   keeps a lone surname a person, as does a leader's "the X administration". A plural proper name is a team or band ("the Steelers") unless the article writes
   it in the singular (a family, "the Bidens"); a city before a playing position and a
   name is its team ("Pittsburgh center Jo Doe").
11. No names: credentials in the comma list after a person ("Jo Doe, MS, RDN"), degrees
   ("Bachelor of Science in ..."), acronyms the article defines by lower-case words
   ("graphic information technology (GIT)", "FIRE (financial independence, retire early)",
   "pneumonitis, or HP") or by capitalised words ending in a process noun ("Net Energy
   Metering (NEM)"; not a body: "... Administration (FAA)"), with those words; a one-word
   "organisation" the article also writes in lower case and capitalises only where any word
   may be (a sentence's first word, a heading) is a common noun ("Solar").
12. People the model half-saw: a "person" with a title or person noun in apposition after
   the name is one ("Ana Ruiz, Head of Research at ..."); a surname of a full name in
   the article that the tagger read as a common word is a person before a speech verb
   ("Early still says").
13. Sides of games (in an article of sport words and results such as "45-17"): a city or
   state that is the subject or object of a result ("Denver beat Halifax", "to lift
   Florida past ...", "scored for Ottawa", "Minnesota's game") is its team (ORG), and so
   are its other mentions there unless "in" it; a capitalised plural after "the" or
   opening a result line ("the Otters", "Rays 3, Otters 1:") is a team.
14. Group words: a region word before a demonym is part of it ("North American"), two
   demonyms in a row are one group ("African Americans"), and a group word the article
   also writes in lower case is a common noun ("Clinicians", opening a sentence).
15. Pages of products and services (2026-12-04): a bare web name is a site's organisation
   ("told Dailyplanet.com"); table-row labels ("Delivery | 2 days") and words of short title-case
   headings never used in running text ("Pros and Cons") are no names; initials in brackets
   after a person are that person ("(MEC)"); "according to X", "app X", "X report" are an
   organisation's cues, and "consulting firm X" counts twice; an all-caps word counted with
   "a" ("a BMI of 30"), a code of capitals and a number ("GLP-1"), a generation ("Gen Z"),
   a unit after "degrees", more common-noun abbreviations (SSH, ROI ...) and a name said
   right after a kind of product or work ("the drug Calmora", "the film X") are no names;
   "X at Y" is cut to the organisation Y, a field after a teacher's title ("professor of
   Marine Ecology") is none, and "Washington, D.C." is one place.
16. Types by use (2026-12-04, evening): a one-word "place" no gazetteer knows, never used as
   a location and used as an organisation ("via X", "X's dashboard", "X launched") is an
   ORG, and a registered given name read as a place and the subject of a clause a PERSON; a
   "person" with no person's name used as a company at a third of its mentions is an ORG,
   not dropped; a name alone in brackets after a common noun is a brand ("orvatide
   (Calmora)"); a maker's name and more capitalised words beside the maker alone is a product
   line ("Acme Books"); proper nouns apposed to a job noun are a person, and so is their
   surname alone later; a capitalised plural also written as a lower-case plural noun is a
   common noun; an organisation's "'s" before a participle and a noun is a possessive; a
   "place" of two or more words ending in an organisation or newspaper word is an ORG
   ("Kansas City Star"; not "... State", "... Center").

The last word (2026-12-07) is learned: :mod:`newsgraph.enrich.mention_model` scores every
PERSON, ORG or PLACE mention that no gazetteer fixed and no knowledge base names, over all
its mentions in the article, and keeps it, gives it another type or drops it.
``extract_entities(doc, learned=False)`` gives the rules alone.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import pycountry
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from newsgraph.enrich import mention_model
from newsgraph.enrich.actors import lookup_agent
from newsgraph.enrich.canon import ORG_ALIASES, same_person_spelling
from newsgraph.enrich.countries import (
    FIRST_WORDS,
    MAX_NAME_WORDS,
    ORG_COUNTRY,
    PROVINCES,
    REGIONAL_DEMONYMS,
    US_STATE_ABBREVIATIONS,
    US_STATE_NAMES,
    city_code,
    country_code,
    country_name,
    demonym_code,
    fold,
    sovereign,
)
from newsgraph.enrich.mention_model import MentionModel
from newsgraph.enrich.resolve import line_bounds
from newsgraph.model import Mention, Role

_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE",
           "NORP": "NORP"}


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Titles before a name; matched on the token text without a final ".".
_TITLES = _wordset("""
president vice prime minister premier chancellor king queen prince princess emperor pope sheikh
emir sultan ayatollah secretary general secretary-general ambassador envoy senator sen rep
representative gov governor mayor judge justice gen lt col maj capt cmdr adm sgt brig marshal
field commander chief spokesman spokeswoman spokesperson leader head director chairman
chairwoman chair ceo foreign defense defence interior finance deputy acting supreme crown
speaker attorney lieutenant colonel major captain sergeant admiral brigadier officer
lawmaker mp rabbi imam cardinal archbishop bishop rev reverend
""")
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady"})
_ABBREVIATED = frozenset({"gen", "lt", "col", "maj", "capt", "cmdr", "adm", "sgt", "brig", "sen",
                          "rep", "gov", "dr", "mr", "mrs", "ms", "prof", "rev", "st"})
_MODIFIERS = frozenset({"former", "then", "late", "outgoing", "incoming", "interim", "ex",
                        "senior", "junior"})
# Last words of company names: "Ruiz Productions", "Harlow Systems".
_COMPANY_HEADS = _wordset("""
Productions Studios Pictures Records Holdings Industries Systems Technologies Aerospace Robotics
Airlines Airways Motors Pharmaceuticals Securities Interactive Ventures Enterprises Partners
Labs Laboratories Communications Telecom Insurance Logistics Solutions Inc Corp Corporation
Ltd LLC Plc GmbH
""")
# Last words that make a "person" an organisation.
_ORG_HEADS = _wordset("""
House Institute University College Ministry Council Group Corps Party Organization Organisation
Agency Bank Company Committee Commission Court Army Forces Force Foundation Watch Association
Union Program Programme Movement Front Alliance Fund Office Department Center Centre Service
Network Federation Board Authority Brigade Brigades Coalition Press Times Post News State
""") | _COMPANY_HEADS
# Last words of newspapers and media named after their town ("Kansas City Star").
_PRESS_HEADS = _wordset("""
Star Tribune Herald Journal Gazette Chronicle Examiner Courier Observer Inquirer Dispatch
Sentinel Bulletin Telegraph Guardian Independent Media
""")
# Last words that make a "person" or "organisation" a place.
_PLACE_HEADS = _wordset("""
Channel Sea Strait Straits River Mountains Valley Island Islands Bay Gulf Peninsula Lake Desert
Ocean Avenue Street Square Province Camp Canal Coast Plateau Basin Delta
""")
_PLACE_NOUNS = _wordset("""
camp city town village capital region province district port border area state county valley
island islands sea coast river desert camps neighborhood neighbourhood suburb airport strait
gulf peninsula territory enclave settlement crossing prison
""")
_ORG_NOUNS = _wordset("""
group organization organisation center centre agency charity company firm party militia
ministry institute university council union network foundation association movement
broadcaster newspaper bank alliance coalition faction court
""")
# Nouns of what an organisation has or makes, after its name: "Twitter users", "Netflix special".
_ORG_THINGS = _wordset("""
users user account accounts feed post posts tweet tweets app apps platform trends subscribers
subscriber shares stock stocks headquarters subscription subscriptions customers documentary
special series games titles products brand stores store website site commenter commenters
followers report reports survey participants dashboard discussion thread threads clients
""")
# People of an organisation, after its name: "WeWork CEO" (a person has no CEO).
_ORG_PEOPLE = _wordset("""
ceo cfo chairman chairwoman executives executive employees staff leaders founder cofounder
co-founder owner owners spokesman spokeswoman spokesperson shareholders investors
""")
# Kinds of organisation before a name: "energy company Burisma", "developer Valve".
_ORG_KINDS = _wordset("""
company firm startup start-up developer publisher retailer maker manufacturer carrier airline
insurer lender bank broker brokerage automaker chipmaker conglomerate studio label network
broadcaster newspaper channel outlet agency charity group platform giant operator provider
app service website site marketplace
""")
_PERSON_NOUNS = _wordset("""
founder cofounder co-founder member official researcher analyst expert professor lawyer activist journalist
son daughter wife husband father mother brother sister widow candidate lawmaker psychologist
doctor economist historian diplomat negotiator adviser advisor aide veteran
""")
# Verbs of a mind or of harm to a body: their subject or object is a person.
_MIND_VERBS = frozenset({"believe", "think", "feel", "hope", "fear", "want", "wish", "realize",
                         "realise", "wonder", "doubt", "love", "hate", "like", "dislike", "attack",
                         "torment", "impeach", "marry", "kill", "arrest", "resign", "die",
                         "forgive", "pardon", "praise", "blame", "insult", "mock"})
# What a leader has, named after them: "the X administration".
_LEADER_THINGS = frozenset({"administration", "presidency", "government", "cabinet"})
# People who work at a place of work: "a manager at X" is at an organisation.
_STAFF_NOUNS = _wordset("""
manager engineer director scientist researcher analyst editor reporter officer architect
designer developer professor student intern employee worker staffer head partner consultant
spokesperson spokesman spokeswoman economist strategist lead fellow executive associate
specialist
""")
# Relations to another person, not roles ("his son, Hunter Biden").
_RELATIONS = _wordset("""
son daughter wife husband father mother brother sister widow widower child grandson
granddaughter nephew niece cousin uncle aunt friend partner fiancé fiancée girlfriend boyfriend
predecessor successor counterpart rival ally opponent namesake
""")
# Nouns a demonym turns into a country: "the Rwandan government" is Rwanda.
_STATE_NOUNS = _wordset("government army military ministry authorities state forces navy police")
_LOC_PREPS = frozenset({"in", "near", "into", "inside", "outside", "across", "throughout",
                        "around"})
_WEAK_LOC_PREPS = frozenset({"at", "to", "from"})
_CONNECTORS = frozenset({"to", "and", "vs", "vs.", "versus", "or"})
_POSSESSIVES = frozenset({"'s", "’s", "'", "’"})
_DETERMINERS = frozenset({"the", "a", "an"})
_CREDITS = re.compile(
    r"\b(?:Credit|Credits|Photo|Photos|Photograph|Image|Images|Picture|Video)\s*(?::|by\b)[^\n]*"
    r"|\([^()\n]{0,120}?\b(?:via|Photo|Pool|File|Getty|Reuters|AFP|AP|EPA)\b[^()\n]{0,120}?\)"
)
_LINK_WORDS = frozenset({"of", "the", "for", "and", "on", "de", "du", "des", "la", "le", "in"})
# A group word the model labels NORP: a capitalised adjective or plural of nationality,
# religion, ethnicity or party ("Kurdish", "Sunni", "Muslims", "Republicans"), one word.
_GROUP_WORD = re.compile(
    r"[A-Z][a-z]+(?:an|ans|ian|ians|ish|ese|ic|ics|ist|ists|ite|ites|im|ims|ew|ews|i|is|ni|"
    r"ic|ox|crats|licans|ives|ries)")
_STRONG = 3  # weight of one piece of parse evidence against one model label
_NAME_KINDS = frozenset({"PERSON", "ORG", "PLACE", "COUNTRY"})


class _Vocab(NamedTuple):
    """The lower-case words of a document, which many rules ask about."""

    lower: frozenset[str]
    """Every lower-case token ("the", "u.s.", "e-mail")."""
    words: frozenset[str]
    """The alphabetic ones."""
    plural: frozenset[str]
    """The alphabetic ones tagged as plural nouns."""


_VOCAB_KEY = "newsgraph.entities.vocab"


def lower_words(doc: Doc) -> frozenset[str]:
    """The alphabetic words ``doc`` writes in lower case (what the mention model reads)."""
    return _vocab(doc).words


def _vocab(doc: Doc) -> _Vocab:
    """The lower-case words of ``doc``, collected once and kept in ``doc.user_data``."""
    found = doc.user_data.get(_VOCAB_KEY)
    if found is None:
        low = [t for t in doc if t.is_lower]
        found = _Vocab(frozenset(t.lower_ for t in low),
                       frozenset(t.lower_ for t in low if t.is_alpha),
                       frozenset(t.lower_ for t in low if t.is_alpha and t.tag_ == "NNS"))
        doc.user_data[_VOCAB_KEY] = found
    return found


@dataclass(slots=True)
class _Cand:
    start: int
    """Token index (inclusive)."""
    end: int
    """Token index (exclusive)."""
    type: str
    label: str
    country: str | None = None
    demonym: bool = False
    fixed: bool = False
    """Typed by a gazetteer: votes do not change it."""
    canonical: str | None = None


def extract_entities(doc: Doc, learned: MentionModel | bool = True
                     ) -> tuple[list[Mention], list[Role]]:
    """Mentions (body offsets, type, canonical name, country) and roles of one article.

    ``learned``: the mention model that has the last word on PERSON / ORG / PLACE
    mentions (:mod:`newsgraph.enrich.mention_model`); True for the shipped one, False for
    the rules alone.
    """
    if not len(doc):
        return [], []
    cands, persons = rule_candidates(doc)
    return mentions_of(doc, cands, persons, learned)


def mentions_of(doc: Doc, cands: list[_Cand], persons: dict[str, _Cand],
                learned: MentionModel | bool = True) -> tuple[list[Mention], list[Role]]:
    """:func:`extract_entities` from the rules' output (:func:`rule_candidates`), which it
    changes in place: the mention model's last word, roles, canonical names, countries."""
    model = mention_model.shipped() if learned is True else learned or None
    if model is not None:
        cands = _learned_types(doc, cands, model)
    body = doc.text  # built from the tokens on every access: read it once
    cands.sort(key=lambda c: c.start)
    roles = _title_roles(doc, cands) + _apposition_roles(doc, cands)
    _canonical_orgs(doc, cands)
    _person_countries(cands, roles, persons)
    mentions = []
    for c in cands:
        first, last = doc[c.start], doc[c.end - 1]
        start, end = first.idx, last.idx + len(last.text)
        mentions.append(Mention(start=start, end=end, text=body[start:end], type=c.type,
                                canonical=c.canonical or body[start:end],
                                country=c.country, demonym=c.demonym))
    return mentions, _unique_roles(roles)


def rule_candidates(doc: Doc) -> tuple[list[_Cand], dict[str, _Cand]]:
    """The rules' mentions as token spans, and full person names by canonical."""
    blocked = _credit_chars(doc.text)
    texts_seen = Counter(_key(ent) for ent in doc.ents if ent.label_ in _LABELS)
    labels = Counter((_key(ent), ent.label_ in _THING_LABELS) for ent in doc.ents)
    cands: list[_Cand] = []
    for ent in doc.ents:
        if ent.label_ not in _LABELS or _blocked(ent.start_char, blocked):
            continue
        for start, end in _clean(doc, ent.start, ent.end, texts_seen, ent.label_):
            for part_start, part_end in _split_list(doc, start, end):
                cand = _classify(doc, part_start, part_end, ent.label_)
                if cand is not None:
                    cands.append(cand)
    cands = _join_particles(doc, cands)
    cands = _long_countries(doc, cands)
    cands.extend(_scan_gazetteers(doc, cands, blocked))
    cands.extend(_given_names(doc, cands, blocked))
    cands = _venues(doc, cands, blocked)
    _towns(doc, cands, blocked)
    cands = _comma_names(doc, cands)
    cands = _name_edges(doc, cands)
    _vote(doc, cands)
    _unknown_places(doc, cands)
    cands.extend(_listed_orgs(doc, cands, blocked))
    cands.extend(_acronyms(doc, cands, blocked))
    cands = _common_acronyms(doc, cands)
    _teams(doc, cands)
    cands.extend(_team_names(doc, cands))
    languages = _languages_in(doc)
    cands = [c for c in cands if c.type != "DROP" and not _mostly_thing(doc, c, labels)
             and not (languages and not c.fixed
                      and doc[c.start : c.end].text in languages)]
    cands = _groups(doc, cands)
    cands = _common_words(doc, cands)
    cands = _heading_labels(doc, cands)
    cands = _split_at(doc, cands)
    cands = _things_by_kind(doc, cands)
    persons = _people(doc, cands, blocked)
    cands = _not_people(doc, cands)
    cands.extend(_same_names(doc, cands, blocked))
    cands = _role_people(doc, cands, blocked)
    cands = _makers_of_models(doc, cands)
    cands = _product_lines(doc, cands)
    cands = _web_names(doc, cands, blocked)
    return cands, persons


def _learned_types(doc: Doc, cands: list[_Cand], model: MentionModel) -> list[_Cand]:
    """Apply the mention model's changes: drop a mention or give it another type."""
    changes = model.decide(doc, cands, lower_words(doc))
    out = []
    for i, c in enumerate(cands):
        new = changes.get(i)
        if new == "DROP":
            continue
        if new is not None:
            c.type, c.canonical, c.country = new, None, None
        out.append(c)
    return out


# -- cleaning ----------------------------------------------------------------------------------


def _name_edges(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """Edges the model cuts inside one name.

    A capital "The" inside a sentence is part of the name after it ("reported by The
    Times"); a place right before an organisation makes one organisation ("Paris
    Baguette").
    """
    by_start = {c.start: c for c in cands}
    out: list[_Cand] = []
    skip: set[int] = set()
    for c in sorted(cands, key=lambda c: c.start):
        if id(c) in skip:
            continue
        if c.type in ("ORG", "PLACE") and not c.fixed and c.start > 1:
            the, before = doc[c.start - 1], doc[c.start - 2]
            if the.text == "The" and not the.is_sent_start and before.text not in _SENT_MARKS \
                    and not before.is_space and "\n" not in before.whitespace_ \
                    and before.text[:1].islower():
                c.start -= 1
        nxt = by_start.get(c.end)
        if c.type == "PLACE" and nxt is not None and nxt.type == "ORG" and not nxt.fixed \
                and not c.demonym and doc[c.end - 1].whitespace_ == " " \
                and doc[c.end].text[:1].isupper():
            out.append(_Cand(c.start, nxt.end, "ORG", "EDGE"))
            skip.add(id(nxt))
            continue
        out.append(c)
    return out


_SENT_MARKS = frozenset({".", "!", "?", ":", "\u201c", '"', "\u2014", "-", "\u2013"})


def _key(span: Span) -> str:
    return fold(span.text)


def _credit_chars(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _CREDITS.finditer(text)]


def _blocked(char: int, blocked: list[tuple[int, int]]) -> bool:
    return any(a <= char < b for a, b in blocked)


def _clean(doc: Doc, start: int, end: int, seen: Counter[str],
           label: str = "") -> list[tuple[int, int]]:
    """Token ranges of the real names inside an entity span labelled ``label``."""
    # Cut at line breaks: keep the longest line.
    parts: list[tuple[int, int]] = []
    s = start
    for i in range(start, end):
        tok = doc[i]
        if "\n" in tok.text or tok.is_space:
            if s < i:
                parts.append((s, i))
            s = i + 1
        elif "\n" in tok.whitespace_:
            parts.append((s, i + 1))
            s = i + 1
    if s < end:
        parts.append((s, end))
    if not parts:
        return []
    start, end = max(parts, key=lambda p: p[1] - p[0])
    # Strip determiners, punctuation and possessives at the edges.
    while start < end and (doc[start].lower_ in _DETERMINERS or doc[start].is_punct
                           or doc[start].text in _POSSESSIVES):
        if doc[start].lower_ == "the" and city_code(doc[start:end].text):
            break  # "The Hague"
        start += 1
    while end > start and ((doc[end - 1].text in _POSSESSIVES and not _name_s(doc, end, label))
                           or (doc[end - 1].is_punct and not _abbreviated_end(doc, start, end))
                           or (end - start > 1 and doc[end - 1].is_lower
                               and doc[end - 1].is_alpha and doc[end - 2].whitespace_
                               and not (label == "ORG" and doc[end - 1].lower_ in _LOWER_HEADS
                                        and doc[end - 2].text[:1].isupper()))):
        end -= 1  # "Russia's", "the scandal-hit" (not "Cho Tae-yul", "Communist party")
    if start >= end:
        return []
    if label == "PERSON":  # "rang Ekholm", "Dana beats Lee": a name has no verbs in it
        runs, s = [], start
        for i in range(start, end + 1):
            if i == end or (doc[i].is_lower and doc[i].is_alpha
                            and doc[i].lower_ not in _PARTICLES and doc[i - 1].whitespace_
                            and (i + 1 == end or doc[i].whitespace_)):
                if s < i:
                    runs.append((s, i))
                s = i + 1
        if runs and runs != [(start, end)]:
            return [r for a, b in runs for r in _clean(doc, a, b, seen, label)]
    # A demonym before an acronym or a name the article also uses alone: "Chinese" + "CDC".
    if label == "ORG" and end - start >= 2 and demonym_code(doc[start].text):
        rest = doc[start + 1 : end]
        if (len(rest) == 1 and rest.text.isupper() and len(rest.text) > 1) \
                or seen[fold(rest.text)] > 0:
            return [(start, start + 1), *_clean(doc, start + 1, end, seen, label)]
    # Split at "@" ("NC @ PNC Music Pavilion": a place, then a venue).
    for i in range(start, end):
        if doc[i].text == "@":
            return [*_clean(doc, start, i, seen, label), *_clean(doc, i + 1, end, seen, label)]
    # Cut at an opening bracket or quote mark that does not close inside the span.
    for i in range(start + 1, end):
        mark = doc[i].text
        if mark in _OPENERS and _OPENERS[mark] not in doc[i + 1 : end].text:
            return _clean(doc, start, i, seen, label)
    # Split at an inner possessive after a country, city or name seen on its own.
    for i in range(start + 1, end - 1):
        if doc[i].text in _POSSESSIVES:
            left = doc[start:i]
            if (country_code(left.text) or city_code(left.text) or doc[i - 1].text in _ORG_HEADS
                    or demonym_code(left.text) or seen[fold(left.text)] > 0):
                return [(start, i), *_clean(doc, i + 1, end, seen)]
    # Split at a connector between two names seen on their own ("Wagner to Africa Corps").
    for i in range(start + 1, end - 1):
        if doc[i].lower_ in _CONNECTORS and doc[i].is_lower:
            left, right = doc[start:i], doc[i + 1 : end]
            if _known(left.text, seen) and _known(right.text, seen):
                return [(start, i), (i + 1, end)]
    # A run of country names ("Mali Russia").
    if end - start > 1:
        runs = _country_runs(doc, start, end)
        inside = {i for a, b, _ in runs for i in range(a, b)}
        if len(runs) > 1 and all(i in inside or doc[i].is_punct or doc[i].lower_ in _CONNECTORS
                                 for i in range(start, end)):
            return [(a, b) for a, b, _ in runs]
    return [(start, end)]


_LIST_JOINS = frozenset({",", "and", "to", "-", "\u2013"})


def _split_list(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Split one model span that lists several names ("Uber and Lyft", "Trump, Farage",
    "U.S.-Mexico") at its commas, "and", "to" or hyphens.

    It splits only when every part is a capitalised name of its own (no lower-case word, no
    lone letter or compass word): a country, or words the article also writes outside
    this span. "Procter and Gamble" written only whole stays one name.
    """
    joins = [i for i in range(start + 1, end - 1) if doc[i].lower_ in _LIST_JOINS]
    if not joins:
        return [(start, end)]
    text = doc.text
    lo, hi = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
    parts, left = [], start
    for i in [*joins, end]:
        parts.append((left, i))
        left = i + 1
    for a, b in parts:
        if a >= b or not doc[a].text[:1].isupper() or any(t.is_lower for t in doc[a:b]):
            return [(start, end)]  # "Centers for Disease Control and Prevention"
        name = doc[a:b].text
        if len(name) < 2 or name in _COMPASS:
            return [(start, end)]  # "Central and South America": one elliptical name
        hyphen = any(doc[j].text in ("-", "\u2013") for j in joins)
        if country_code(name):
            continue
        if hyphen or not _written_apart(text, name, lo, hi):
            return [(start, end)]
    return parts


def _written_apart(text: str, name: str, lo: int, hi: int) -> bool:
    """``name`` occurs as a whole word in ``text`` outside ``text[lo:hi]``."""
    for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
        if m.end() <= lo or m.start() >= hi:
            return True
    return False


_COMPANY_ABBREVIATIONS = frozenset({"inc", "corp", "co", "ltd", "bros", "plc"})


def _name_s(doc: Doc, end: int, label: str) -> bool:
    """An organisation's "'s" that is part of its name ("McDonald's, and", "Lowe's was"):
    no possessed noun after it."""
    if label != "ORG" or doc[end - 1].text not in ("'s", "’s") or end - 1 == 0:
        return False
    nxt = doc[end] if end < len(doc) else None
    if nxt is not None and nxt.tag_ in ("VBG", "VBN") and nxt.head.i > nxt.i \
            and nxt.head.pos_ in ("NOUN", "PROPN"):
        return False  # "Acme's evolving position": a participle before the possessed noun
    return nxt is None or nxt.pos_ in ("PUNCT", "VERB", "AUX", "CCONJ", "ADP", "SCONJ")


def _abbreviated_end(doc: Doc, start: int, end: int) -> bool:
    """A final "." of a company abbreviation ("Apple Inc" ".")."""
    return end - start > 1 and doc[end - 1].text == "." and \
        doc[end - 2].lower_ in _COMPANY_ABBREVIATIONS and not doc[end - 2].whitespace_


_OPENERS = {"(": ")", "[": "]", '"': '"', "“": "”", "«": "»"}
# Last words of names of laws, market indices, awards and events: no entities of their own.
_NOT_NAME_HEADS = _wordset("""
Act Bill Index Indices Award Awards Prize Prizes Trophy Cup Medal Festival Expo Championship
Championships Olympics Tournament
""")
_DEGREES = frozenset({"Bachelor", "Bachelors", "Master", "Masters", "Doctor", "Associate"})
_LOWER_HEADS = frozenset({"party", "network", "movement"})
"""Lower-case last words that belong to an organisation's name ("the Communist party")."""
_PARTICLES = frozenset({"von", "van", "der", "den", "de", "du", "da", "dos", "das", "del", "della",
                        "di", "le", "la", "al", "el", "bin", "ibn", "ben", "ter", "zu"})


def _join_particles(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """One person across name particles the model cut at: "Ursula" von der "Leyen"."""
    cands.sort(key=lambda c: c.start)
    out: list[_Cand] = []
    for c in cands:
        prev = out[-1] if out else None
        if (prev is not None and prev.type == "PERSON" and not c.fixed and c.start > prev.end
                and all(t.lower_ in _PARTICLES and t.is_lower for t in doc[prev.end : c.start])
                and doc[c.start].text[:1].isupper()):
            prev.end = c.end
            continue
        out.append(c)
    return out


def _known(text: str, seen: Counter[str]) -> bool:
    return bool(seen[fold(text)] or country_code(text) or city_code(text))


def _country_runs(doc: Doc, start: int, end: int) -> list[tuple[int, int, str]]:
    """Maximal country-name matches between token ``start`` and ``end``."""
    runs = []
    i = start
    while i < end:
        match = _match_country(doc, i, end)
        if match:
            runs.append((i, match[0], match[1]))
            i = match[0]
        else:
            i += 1
    return runs


def _match_country(doc: Doc, i: int, limit: int) -> tuple[int, str] | None:
    """(end token, code) of the longest country name starting at token ``i``."""
    tok = doc[i]
    if not tok.text[:1].isupper():
        return None
    lower = fold(tok.text)
    if lower in FIRST_WORDS:
        for n in range(min(MAX_NAME_WORDS, limit - i), 1, -1):
            code = country_code(doc[i : i + n].text)
            if code:
                return i + n, code
    code = country_code(tok.text)
    return (i + 1, code) if code else None


# -- typing ------------------------------------------------------------------------------------


_COMPASS = frozenset({"North", "South", "East", "West", "Central", "Northern", "Southern",
                      "Eastern", "Western", "Northeast", "Northwest", "Southeast", "Southwest",
                      "Sub-Saharan"})


def _compass_demonym(text: str) -> bool:
    """A region's demonym made of compass words and a demonym that is no country's under this
    name ("North American", "West African"; not "South Korean", a country's)."""
    words_ = text.split()
    return (len(words_) >= 2 and all(w in _COMPASS for w in words_[:-1])
            and demonym_code(text) is None
            and (demonym_code(words_[-1]) is not None or words_[-1] in REGIONAL_DEMONYMS))


def _classify(doc: Doc, start: int, end: int, label: str) -> _Cand | None:
    span = doc[start:end]
    text = span.text
    code = country_code(text)
    if code:
        if not sovereign(code):
            return _Cand(start, end, "PLACE", label, country=code, fixed=True,
                         canonical=country_name(code))
        return _Cand(start, end, "COUNTRY", label, country=code, fixed=True,
                     canonical=country_name(code))
    code = demonym_code(text)
    if code:
        return _Cand(start, end, "NORP", label, country=code, demonym=True, fixed=True,
                     canonical=country_name(code))
    if label == "NORP" or text in REGIONAL_DEMONYMS or _compass_demonym(text):
        if text in REGIONAL_DEMONYMS or _GROUP_WORD.fullmatch(text) or _compass_demonym(text):
            return _Cand(start, end, "NORP", label, fixed=True, canonical=text)
        if end - start == 1 and doc[start].tag_ == "NNPS":
            return _plural_name(doc, start, end, label)
        return None
    if not any(t.text[:1].isupper() for t in span) or any(t.like_num for t in span):
        return None
    if _state_abbreviation(doc, start, end) or (text in US_STATE_NAMES and label in ("GPE", "LOC")):
        return _Cand(start, end, "PLACE", label, country=PROVINCES.get(text, "USA"),
                     fixed=True)  # "Miami, FL", "Toronto, ON"
    city = city_code(text)
    if (city and label != "ORG") or (city and end - start == 1):
        return _Cand(start, end, "PLACE", label, country=city, fixed=True)
    kind = _LABELS[label]
    if end - start == 1 and kind in ("ORG", "PLACE"):
        tok = doc[start]
        if kind == "ORG" and tok.text in _ORG_HEADS and tok.text not in ("Times", "Post"):
            return None  # "the Institute", "the Agency": a reference, not a name
        if tok.is_sent_start and not tok.is_upper and tok.dep_ in ("compound", "amod", "nmod") and \
                tok.head.is_lower and tok.head.pos_ == "NOUN" and tok.head.lower_ not in _TEAM_NOUNS:
            return None  # "Bonus points, ...": a capitalised first word, not a place
    if kind == "PERSON":
        words = [t for t in span if not t.is_punct]
        if all(_title_word(t) or t.lower_ in _HONORIFICS for t in words):
            return None
        if span[-1].text in _ORG_HEADS:
            return _Cand(start, end, "ORG", label, fixed=True)
        if len(words) == 1 and words[0].tag_ == "NNPS":
            return _plural_name(doc, start, end, label)
    if kind in ("ORG", "PLACE") and end - start > 2 and any(
            (t.pos_ in ("VERB", "AUX") and t.tag_ != "VBN") or (t.is_lower and t.lower_ in ("a", "an"))
            for t in span[1:]):
        return _Cand(start, end, "DROP", label, fixed=True)  # a headline: "Moon Are Spewing Water"
    if kind in ("ORG", "PLACE") and end - start > 2 and span[0].text in _DEGREES \
            and span[1].lower_ == "of":
        return _Cand(start, end, "DROP", label, fixed=True)  # "Bachelor of Science": a degree
    if kind in ("ORG", "PLACE") and end - start > 1 and span[-1].text in _NOT_NAME_HEADS:
        # "Hang Seng Index", "Hong Kong Human Rights and Democracy Act": no name inside either
        return _Cand(start, end, "DROP", label, fixed=True)
    if kind in ("PERSON", "ORG") and end - start > 1 and span[-1].text in _PLACE_HEADS:
        return _Cand(start, end, "PLACE", label, fixed=True)  # "Bashi Channel", "Red Sea"
    if kind == "PLACE" and end - start > 1 and (span[-1].text in _PRESS_HEADS or (
            span[-1].text in _ORG_HEADS and span[-1].text not in ("State", "Center", "Centre"))):
        kind = "ORG"  # "Kansas City Star", "Lakeside University": a body named after a place
    if kind == "PLACE" and end - start == 1 and _CAMEL.fullmatch(doc[start].text):
        kind = "ORG"  # "OpenAI", "SiliconANGLE": places have no capitals inside a word
    cand = _Cand(start, end, kind, label)
    if kind == "ORG":
        cand.country = ORG_COUNTRY.get(text) or _leading_country(doc, start, end)
    return cand


def _plural_name(doc: Doc, start: int, end: int, label: str) -> _Cand | None:
    """A plural proper name ("the Steelers", "the Beatles") names a team or band, an
    organisation; none when it is a group word ("Stoics") or a family whose name the
    article also writes in the singular ("the Bidens")."""
    text = doc[start].text
    if not text.endswith("s") or _GROUP_WORD.fullmatch(text) or not text[1:].islower():
        return None
    singular = text[:-2] if text.endswith("es") and text[:-2] in doc.text else text[:-1]
    if any(t.text == singular or t.text == text[:-1] for t in doc):
        return None
    return _Cand(start, end, "ORG", label)


def _leading_country(doc: Doc, start: int, end: int) -> str | None:
    """Code of a country or demonym opening an organisation's name ("Russian Ministry..."),
    else of the country of a US state, Canadian province or Australian state opening it
    ("New York State Attorney General", "Ontario Provincial Police")."""
    if end - start < 2:
        return None
    match = _match_country(doc, start, end - 1)
    if match:
        return match[1]
    code = demonym_code(doc[start].text)
    if code:
        return code
    for size in range(min(3, end - start - 1), 0, -1):
        code = _region_country(doc[start : start + size].text)
        if code:
            return code
    return None


def _region_country(name: str) -> str | None:
    """Country of a US state, Canadian province or Australian state named in full."""
    if name in US_STATE_NAMES:
        return "USA"
    return PROVINCES[name] if name in PROVINCES and not name.isupper() else None


def _state_abbreviation(doc: Doc, start: int, end: int) -> bool:
    """A US state's postal code or AP abbreviation after a place and a comma ("Miami, FL")."""
    text = doc[start].text
    return end - start == 1 and (text in US_STATE_ABBREVIATIONS or (
        text in PROVINCES and text.isupper())) and start > 1 \
        and doc[start - 1].text == "," and doc[start - 2].text[:1].isupper()


def _title_word(tok: Token) -> bool:
    return tok.lower_.rstrip(".") in _TITLES


def _long_countries(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """A country name of several words the model cut into pieces is one country mention
    ("St Vincent" PLACE + "Grenadines" ORG -> "St Vincent and the Grenadines")."""
    n = len(doc)
    for i, tok in enumerate(doc):
        if fold(tok.text) not in FIRST_WORDS or not tok.text[:1].isupper():
            continue
        match = _match_country(doc, i, n)
        if match is None or match[0] - i < 3:
            continue
        end, code = match
        inside = [c for c in cands if c.start < end and i < c.end]
        if len(inside) < 2 or any(c.start < i or c.end > end or c.type == "PERSON"
                                  for c in inside):
            continue
        cands = [c for c in cands if not any(c is x for x in inside)]
        cands.append(_Cand(i, end, "COUNTRY" if sovereign(code) else "PLACE", "GAZ",
                           country=code, fixed=True, canonical=country_name(code)))
    return sorted(cands, key=lambda c: c.start)


# Labels whose spans may hold a country or demonym ("the Afghan war", "the end of the Soviet Union").
_OPEN_LABELS = frozenset({"EVENT", "DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY",
                          "PERCENT"})


def _scan_gazetteers(doc: Doc, cands: list[_Cand], blocked: list[tuple[int, int]]) -> list[_Cand]:
    """Country names, demonyms and listed cities the model did not tag."""
    covered = bytearray(len(doc))
    for c in cands:
        covered[c.start : c.end] = b"\x01" * (c.end - c.start)
    for ent in doc.ents:  # also skip what else the model tagged (works, products, languages)
        if ent.label_ not in _LABELS and ent.label_ not in _OPEN_LABELS:
            covered[ent.start : ent.end] = b"\x01" * (ent.end - ent.start)
    found = []
    i, n = 0, len(doc)
    while i < n:
        tok = doc[i]
        if covered[i] or not tok.text[:1].isupper() or _blocked(tok.idx, blocked):
            i += 1
            continue
        if i > 0 and doc[i - 1].text[:1].isupper() and not doc[i - 1].is_sent_start \
                and not covered[i - 1] and doc[i - 1].pos_ == "PROPN":
            i += 1  # inside a longer name the model left untagged ("South America")
            continue
        state = next((k for k in (2, 1) if i + k <= n and not any(covered[i : i + k])
                      and (doc[i : i + k].text in US_STATE_NAMES
                           or (k == 1 and _state_abbreviation(doc, i, i + 1)))), 0)
        if state:
            found.append(_Cand(i, i + state, "PLACE", "GAZ",
                               country=PROVINCES.get(doc[i].text, "USA"), fixed=True))
            i += state
            continue
        match = _match_country(doc, i, n)
        if match and not any(covered[i : match[0]]):
            end, code = match
            found.append(_Cand(i, end, "COUNTRY" if sovereign(code) else "PLACE", "GAZ",
                               country=code, fixed=True, canonical=country_name(code)))
            i = end
            continue
        code = demonym_code(tok.text)
        if code and i > 0 and _compass_demonym(doc[i - 1 : i + 1].text):
            # "North American", "West African": a region's people, not the country's
            found.append(_Cand(i - 1, i + 1, "NORP", "GAZ", fixed=True,
                               canonical=doc[i - 1 : i + 1].text))
        elif code:
            found.append(_Cand(i, i + 1, "NORP", "GAZ", country=code, demonym=True,
                               fixed=True, canonical=country_name(code)))
        elif tok.pos_ == "PROPN" and city_code(tok.text) and not (
                i + 1 < n and doc[i + 1].pos_ == "PROPN"):
            found.append(_Cand(i, i + 1, "PLACE", "GAZ", country=city_code(tok.text),
                               fixed=True))
        i += 1
    return found


# Last words of names of venues and facilities: places, whatever the model said.
_VENUE_HEADS = _wordset("""
Amphitheatre Amphitheater Arena Stadium Pavilion Coliseum Colosseum Auditorium Ballpark
Speedway Raceway Velodrome Airport Airfield Racecourse Garden Gardens Plaza
""")
# Words before "Center", "Centre", "Theater" or "Theatre" that make it a venue ("Linden
# Music Center"), not an organisation ("Harlow Research Center", a theatre company).
_VENUE_CENTER_WORDS = _wordset("""
Music Arts Convention Events Event Civic Sports Exhibition Shopping Performing Conference Trade
Aquatic Aquatics Entertainment Concert Expo Tennis Beach
""")


def _venue_head(doc: Doc, i: int) -> bool:
    """Token ``i`` ends a venue's name: "Arena", "Amphitheatre", "Music Center"."""
    tok = doc[i]
    if tok.text in _VENUE_HEADS:
        return True
    return tok.text in ("Center", "Centre", "Theater", "Theatre") and i > 0 \
        and doc[i - 1].text in _VENUE_CENTER_WORDS


def _venues(doc: Doc, cands: list[_Cand], blocked: list[tuple[int, int]]) -> list[_Cand]:
    """Venues and facilities are places: a name ending in a venue word ("Harlow
    Arena", "Linden Music Center"), grown over a venue word the model left outside
    ("MIDFLORIDA Credit Union" + "Amphitheatre"), and so is a company over a company word
    ("ICICI" + "Securities"); a venue the model missed is added. A name
    after a spaced "@" is a listing's venue ("Denver, CO @ Pepsi Center")."""
    by_end = {c.end: c for c in cands}
    covered = bytearray(len(doc))
    for c in cands:
        covered[c.start : c.end] = b"\x01" * (c.end - c.start)
    for c in cands:
        if c.fixed or c.type not in ("ORG", "PLACE", "PERSON") or c.end - c.start < 2:
            continue
        if _venue_head(doc, c.end - 1) and not (c.type == "PERSON"
                                                 and _first_gender(doc[c.start].text)):
            c.type, c.fixed = "PLACE", True
    found = []
    for i, tok in enumerate(doc):
        company = tok.text in _COMPANY_HEADS
        if covered[i] or not (company or _venue_head(doc, i)) or _blocked(tok.idx, blocked) \
                or i == 0:
            continue
        prev = by_end.get(i)
        if prev is not None and prev.type in ("ORG", "PLACE") and not prev.fixed \
                and doc[i - 1].whitespace_ == " ":
            prev.end, prev.type, prev.fixed = i + 1, "ORG" if company else "PLACE", True
            covered[i] = 1
            continue
        start = i
        while start > 0 and not covered[start - 1] and not doc[start].is_sent_start \
                and doc[start - 1].whitespace_ == " " and doc[start - 1].text[:1].isupper() \
                and doc[start - 1].text.lower() not in _DETERMINERS and i - start < 5:
            start -= 1
        if start < i and not company:
            found.append(_Cand(start, i + 1, "PLACE", "VENUE", fixed=True))
            covered[start : i + 1] = b"\x01" * (i + 1 - start)
    for c in cands:  # "NY @ Pepsi Center": a listing's venue
        if c.type in ("ORG", "PERSON") and not c.fixed and c.start > 0 \
                and _listing_at(doc, c.start - 1):
            c.type, c.fixed = "PLACE", True
    for i in range(1, len(doc) - 1):  # and one the model left unlabelled
        if not _listing_at(doc, i) or covered[i + 1] or _blocked(doc[i + 1].idx, blocked):
            continue
        end = i + 1
        while end < len(doc) and end - i <= 5 and not covered[end] \
                and doc[end].text[:1].isupper() and doc[end].is_alpha \
                and (end == i + 1 or doc[end - 1].whitespace_ == " "):
            end += 1
        if end > i + 1:
            found.append(_Cand(i + 1, end, "PLACE", "VENUE", fixed=True))
            covered[i + 1 : end] = b"\x01" * (end - i - 1)
    return sorted(cands + found, key=lambda c: c.start)


def _listing_at(doc: Doc, i: int) -> bool:
    """Token ``i`` is a spaced "@" inside a line, as in a listing's "Denver, CO @ Pepsi Center"
    (not a handle's "@name")."""
    return (doc[i].text == "@" and i > 0 and doc[i].whitespace_ == " "
            and doc[i - 1].whitespace_ == " ")


def _towns(doc: Doc, cands: list[_Cand], blocked: list[tuple[int, int]]) -> None:
    """A name before a comma and a US state, Canadian province or Australian state
    ("Charlotte, NC", "Fairfield, New Jersey", "Toronto, ON") is a town; a state that is also a country's name is the state there ("Atlanta, Georgia"),
    unless the town is a listed city of that country."""
    by_end = {c.end: c for c in cands}
    by_start = {c.start: c for c in cands}
    for c in list(cands):
        text = doc[c.start : c.end].text
        if c.start < 2 or doc[c.start - 1].text != "," or c.type not in ("PLACE", "COUNTRY") \
                or not (text in US_STATE_ABBREVIATIONS or text in US_STATE_NAMES
                        or text in PROVINCES):
            continue
        town = by_end.get(c.start - 1)
        if town is not None and town.end - town.start > 1 and town.type == "PERSON" \
                and _given_form(doc[town.start].text):
            if c.end - c.start == 1:
                c.type, c.fixed = "DROP", True
            continue  # "Lauren Doe, MS": a degree after a person
        if town is not None and town.type == "PLACE" and town.country \
                and town.country != "USA" and c.type == "COUNTRY":
            continue  # "Tbilisi, Georgia"
        if c.type == "COUNTRY":
            c.type, c.country, c.canonical = "PLACE", "USA", None
        if town is not None:
            if town.type != "COUNTRY" and not town.demonym:
                town.type, town.fixed = "PLACE", True
            continue
        end = c.start - 1
        start = end
        opened = False
        while start > 0 and doc[start - 1].text[:1].isupper() and doc[start - 1].is_alpha \
                and end - start < 3 and (start - 1) not in by_start \
                and (start == end or doc[start - 1].whitespace_ == " "):
            start -= 1
            if doc[start].is_sent_start:
                opened = True
                break
        if not opened and start > 0 and doc[start - 1].text[:1].isupper() \
                and doc[start - 1].is_alpha and (start - 1) not in by_start:
            continue  # a longer capitalised run: not sure where the town begins
        if start < end and not _blocked(doc[start].idx, blocked) \
                and not any(k in by_start or k in by_end for k in range(start + 1, end)):
            cands.append(_Cand(start, end, "PLACE", "TOWN",
                               country=PROVINCES.get(text, "USA"), fixed=True))
    cands.sort(key=lambda c: c.start)


_DISTRICT = frozenset({"D.C.", "DC"})


def _comma_names(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """The US capital written with its district after a comma ("Washington, D.C.",
    "Washington, DC"), which the model cuts in two (a town and a state code): one place."""
    by_start = {c.start: c for c in cands}
    gone: set[int] = set()
    for c in cands:
        if id(c) in gone or c.end + 1 >= len(doc) or doc[c.end].text != ",":
            continue
        if c.type == "PLACE" and doc[c.start : c.end].text == "Washington" \
                and doc[c.end + 1].text in _DISTRICT:
            nxt = by_start.get(c.end + 1)
            if nxt is not None:
                gone.add(id(nxt))
            c.end = c.end + 2
            c.fixed, c.country, c.canonical = True, "USA", None
    return [c for c in cands if id(c) not in gone]


def _given_name(tok: Token, clear: bool) -> bool:
    """A capitalised word that is a given name (of clear gender when ``clear``), not a place,
    title or honorific."""
    from newsgraph.enrich.gender import first_name_gender, honorific_gender, is_first_name

    text = tok.text
    if not (text[:1].isupper() and text[1:].islower() and text.isalpha()) or _title_word(tok) \
            or tok.lower_ in _HONORIFICS or honorific_gender(text) or country_code(text) \
            or city_code(text) or demonym_code(text) or text in REGIONAL_DEMONYMS or tok.is_stop:
        return False
    return first_name_gender(text) is not None if clear else is_first_name(text)


def _surname_word(tok: Token) -> bool:
    text = tok.text
    return (tok.pos_ == "PROPN" and text[:1].isupper() and not text.isupper()
            and _NAME_WORD.fullmatch(text) is not None and text not in _ORG_HEADS
            and text not in _PLACE_HEADS and not _title_word(tok)
            and country_code(text) is None and demonym_code(text) is None)


def _given_names(doc: Doc, cands: list[_Cand], blocked: list[tuple[int, int]]) -> list[_Cand]:
    """People the model missed or mislabelled, known by a given name before a surname.

    A given name of clear gender and a capitalised surname make a PERSON when the model
    tagged neither word as a name, or tagged the pair (or the given name and two surname
    words, not a body's name: :func:`_body_like`) as an organisation ("Marta Ekholm",
    "Tomás Ibarra", "Ana Lima Costa", not "Harvard Medical School"); a person the model
    tagged by surname alone takes the given name before it, of any gender ("Rian" Johnson).
    """
    by_token: dict[int, _Cand] = {}
    for c in cands:
        for i in range(c.start, c.end):
            by_token[i] = c
    things = {i for e in doc.ents if e.label_ in _THING_LABELS for i in range(e.start, e.end)}
    found = []
    for c in cands:
        if c.fixed or c.type not in ("PERSON", "ORG") or c.start == 0:
            continue
        span = doc[c.start : c.end]
        if c.type == "ORG" and len(span) in (2, 3) and _given_name(span[0], True) \
                and all(_surname_word(t) and not t.is_sent_start for t in span[1:]) \
                and not (len(span) == 3 and _body_like(span)):
            c.type = "PERSON"
        elif c.type == "PERSON" and len(span) <= 2 and c.start - 1 not in by_token \
                and _given_name(doc[c.start - 1], not doc[c.start - 1].is_sent_start) \
                and _surname_word(span[0]) \
                and not doc[c.start].is_sent_start and doc[c.start - 1].whitespace_ == " ":
            c.start -= 1
            by_token[c.start] = c
    n = len(doc)
    for i in range(n - 1):
        first, second = doc[i], doc[i + 1]
        if i in by_token or i + 1 in by_token or i in things or i + 1 in things \
                or not first.whitespace_ or "\n" in first.whitespace_ \
                or _blocked(first.idx, blocked):
            continue
        if not (_given_name(first, True) and _surname_word(second)):
            continue
        prev = doc[i - 1] if i > 0 else None
        if (prev is not None and prev.text[:1].isupper() and prev.is_alpha
                and not prev.is_sent_start and not _title_word(prev)
                and prev.lower_ not in _HONORIFICS and demonym_code(prev.text) is None) or (
                i + 2 < n and doc[i + 2].text[:1].isupper() and doc[i + 2].is_alpha
                and not doc[i + 2].is_sent_start and "\n" not in second.whitespace_):
            continue  # part of a longer capitalised run ("Apple Music Awards")
        found.append(_Cand(i, i + 2, "PERSON", "GIVEN"))
        by_token[i] = by_token[i + 1] = found[-1]
    lower = _vocab(doc).lower
    for tok in doc:  # "...,” Petrides said": a lone surname speaking after a quote
        i = tok.i
        if i in by_token or i in things or tok.dep_ != "nsubj" or tok.tag_ in ("NNS", "NNPS") \
                or not _surname_word(tok) or tok.lower_ in lower \
                or not (tok.text[:1].isupper() and tok.text[1:].islower() and tok.is_alpha) \
                or tok.head.lemma_.lower() not in _SPEECH or tok.head.i != i + 1 \
                or city_code(tok.text) or _blocked(tok.idx, blocked) \
                or (i > 0 and doc[i - 1].pos_ == "PROPN") or i == 0 \
                or not any(ch in doc[i - 1].text for ch in _QUOTE_MARKS + ","):
            continue
        found.append(_Cand(i, i + 1, "PERSON", "SPEAKER"))
    return found


def _acronyms(doc: Doc, cands: list[_Cand], blocked: list[tuple[int, int]]) -> list[_Cand]:
    """An acronym in brackets after a name is that name: "International Criminal Court (ICC)".

    Every other mention of the acronym in the article takes the name's type and canonical.
    """
    by_token = {i: c for c in cands for i in range(c.start, c.end)}
    named: dict[str, _Cand] = {}
    for c in cands:
        if c.type not in ("ORG", "COUNTRY", "PLACE", "PERSON") or c.demonym \
                or c.end + 2 >= len(doc):
            continue
        op, acr, cl = doc[c.end], doc[c.end + 1], doc[c.end + 2]
        if op.text == "(" and cl.text == ")" and acr.is_upper and acr.is_alpha \
                and 2 <= len(acr) <= 8 and acr.text not in named and len(doc[c.start : c.end]) > 1 \
                and (c.type != "PERSON" or acr.text in _person_initials(doc[c.start : c.end])):
            named[acr.text] = c  # a person only by the initials of the name ("... (MEC)")
    for c in cands:  # "American College of Sports Medicine" ... "ACSM's list": its initials
        if c.type != "ORG" or c.demonym:
            continue
        initials = _name_initials(doc[c.start : c.end])
        if initials and initials not in named and initials != doc[c.start : c.end].text:
            named[initials] = c
    found = []
    for i, tok in enumerate(doc):
        long = named.get(tok.text)
        if long is None or _blocked(tok.idx, blocked):
            continue
        canonical = long.canonical or doc[long.start : long.end].text
        own = by_token.get(i)
        if own is None:
            found.append(_Cand(i, i + 1, long.type, "ACRONYM", country=long.country,
                               fixed=True, canonical=canonical))
        elif own.end - own.start == 1 and own.type != long.type and not own.fixed:
            own.type, own.country, own.fixed = long.type, long.country, True
            own.canonical = canonical
    return found


def _person_initials(span: Span) -> tuple[str, str]:
    """Initials of a person's name, by words and by hyphenated parts too ("Alexandria
    Ocasio-Cortez": AO-C, AOC)."""
    words = span.text.split()
    parts = [p for w in words for p in w.split("-") if p]
    return "".join(w[0] for w in words).upper(), "".join(p[0] for p in parts).upper()


def _name_initials(span: Span) -> str | None:
    """The initials of a name of three or more capitalised words ("Office of the Inspector
    General" -> "OIG"), link words left out; None for a shorter or lower-case name."""
    words_ = [t for t in span if t.is_alpha and t.lower_ not in _LINK_WORDS]
    if len(words_) < 3 or not all(t.text[:1].isupper() for t in words_):
        return None
    return _first_letters(words_)


# Abbreviations of common nouns, not names: "an AI model", "the company's CEO".
_COMMON_ACRONYMS = _wordset("""
AI AGI LLM LLMS GPT EV EVS CEO CFO CTO COO CMO VP GDP IPO ETF NFT TV PC GPU CPU API APP VR AR
XR DNA RNA HIV AIDS COVID PPE SUV UFO FAQ PDF URL USB OS IT HR PR QR SMS DIY MVP ESG CO2 IQ
RAM SSD HDD LED LCD OLED HD UHD MBA DJ ATM VAT GPS CLI GUI UI UX RSS DOM IOT SDK IDE VPN LAN
WIFI CSV RGB STEM ASAP FYI GENAI SSH IP ISP WAN VLAN SQL HTTP HTTPS HTML CSS JSON XML SLA KPI
ROI SEO CRM SAAS B2B B2C CTR RTB SBOM EKG ECG MRI HVAC XLR
""")


def _common_acronyms(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """Drop all-caps "names" the article uses as common nouns: a listed abbreviation of a
    common noun ("CLI", also in mixed case: "IoT"), one the text also writes in the
    plural ("LLMs"), or one the article defines as a common noun (see ``_defined_acronyms``),
    with the defining words when they were read as an organisation; a code of capitals and
    a number ("GLP-1", "COVID-19"); a generation ("Gen Z", "Millennials"); a unit after
    "degrees" ("Fahrenheit")."""
    tokens = {t.text for t in doc}
    defined, names = _defined_acronyms(doc)
    common = _COMMON_ACRONYMS | defined | _counted_acronyms(doc)
    out = []
    for c in cands:
        text = doc[c.start : c.end].text
        if c.type in ("ORG", "PLACE") and c.end - c.start == 1 and text in defined:
            continue
        if c.type == "ORG" and text in names:
            continue
        if not c.fixed and c.type in ("ORG", "PLACE") and c.end - c.start == 1 \
                and text.isalnum() and (
                    (text.isupper() and (text in common or text + "s" in tokens))
                    or (not text.istitle() and text.upper() in common)):
            continue
        if c.type in ("ORG", "PLACE") and c.end - c.start == 1 and _credential(doc, c.start):
            continue
        if not c.fixed and c.end - c.start == 1 and _CODE_NAME.fullmatch(text):
            continue
        if not c.fixed and _GENERATION.fullmatch(text):
            continue
        if not c.fixed and c.end - c.start == 1 and c.start > 0 \
                and doc[c.start - 1].lower_ in ("degree", "degrees", "°"):
            continue  # "212 degrees Fahrenheit": a unit
        out.append(c)
    return out


# A code of capitals and a number: a drug class, a protein, a virus, a summit ("GLP-1",
# "IL-6", "COVID-19", "COP27"), never a name on its own ("G20" is left alone).
# Generations are age groups, not groups of people of one nation, faith or party.
_GENERATION = re.compile(r"Gen(?:eration)? (?:[XYZ]|Alpha)(?:ers)?|[XYZ]ers|Millennials?|"
                         r"(?:Baby )?Boomers?|Zoomers?")
_CODE_NAME = re.compile(r"[A-Z]{2,5}\d{1,3}|[A-Z]{1,5}-\d{1,3}")


_COUNTING = frozenset({"a", "an", "another", "every", "each", "any"})


def _counted_acronyms(doc: Doc) -> set[str]:
    """All-caps words the article counts as things: the head of a noun phrase opened by "a",
    "an", "every" ... ("a BMI of 30", "a static IP", "every SSH session"), which a name of a
    body never is ("an FBI agent" counts the agent)."""
    return {t.text for t in doc if t.is_upper and t.is_alpha and len(t) >= 2
            and t.pos_ in ("PROPN", "NOUN")
            and any(c.dep_ == "det" and c.lower_ in _COUNTING
                    and all(w.pos_ == "ADJ" for w in doc[c.i + 1 : t.i])  # not "a rover NASA"
                    for c in t.children)}


# Nominal endings of a method, process or state, not of a body: "Stress Reduction",
# "Net Energy Metering"; the bodies among them are listed apart.
_PROCESS_END = re.compile(r"[a-z](?:tion|sion|ment|ing|ance|ence|ness|ity)$")
_BODY_NOUNS = _wordset("""
Administration Institution Conference Government Parliament Confederation Congregation Mission
Delegation Division Directorate Presidency Commandment Regiment Station Building Enforcement
Intelligence Defence Defense Assistance Settlement Ring Gang
""") | _ORG_HEADS


def _defined_acronyms(doc: Doc) -> tuple[set[str], set[str]]:
    """Acronyms an article defines as common nouns, and their title-case definitions.

    A definition is the acronym's words before it in brackets or after ", or" ("graphic
    information technology (GIT)", "Net Energy Metering (NEM)", "Stress Reduction, or
    SR"), or after it in brackets ("FIRE (financial independence, retire early)"). It is
    a common noun when its words are lower case, or when they are capitalised, joined by
    no link word, and end in a noun of a process or state that names no body
    ("... Reduction", "... Metering"; not "... Administration").
    """
    out: set[str] = set()
    names: set[str] = set()
    for i, tok in enumerate(doc):
        acr = tok.text
        if not (acr.isupper() and acr.isalpha() and 2 <= len(acr) <= 6):
            continue
        before = None
        if i >= 1 and i + 1 < len(doc) and doc[i - 1].text == "(" and doc[i + 1].text == ")":
            before = i - 1
        elif i >= 2 and doc[i - 1].lower_ == "or" and doc[i - 2].text == ",":
            before = i - 2
        if before is not None:
            window = doc[max(0, before - 2 * len(acr)) : before]
            words = [t for t in window if t.is_alpha and t.lower_ not in _LINK_WORDS]
            words = words[-len(acr):]
            if len(words) == len(acr) and _first_letters(words) == acr:
                if all(t.is_lower for t in words):
                    out.add(acr)
                elif all(t.text[:1].isupper() for t in words) and _process_name(doc, words):
                    out.add(acr)
                    names.add(doc[words[0].i : words[-1].i + 1].text)
        if i + 2 < len(doc) and doc[i + 1].text == "(":
            close = next((j for j in range(i + 2, min(len(doc), i + 3 * len(acr) + 2))
                          if doc[j].text == ")"), None)
            words = [t for t in doc[i + 2 : close or i + 2]
                     if t.is_alpha and t.lower_ not in _LINK_WORDS]
            if len(words) == len(acr) and all(t.is_lower for t in words) \
                    and _first_letters(words) == acr:
                out.add(acr)
    return out, names


def _first_letters(words: list[Token]) -> str:
    """The words' first letters, upper case."""
    return "".join(t.text[0] for t in words).upper()


def _process_name(doc: Doc, words: list[Token]) -> bool:
    """Capitalised words in one run (no link word between them) ending in a noun of a
    process or state that names no body."""
    ids = {t.i for t in words}
    last = words[-1].text
    return all(t.i in ids or t.text == "-" for t in doc[words[0].i : words[-1].i + 1]) \
        and _PROCESS_END.search(last) is not None \
        and last not in _BODY_NOUNS


_CREDENTIAL = re.compile(r"(?:[A-Z]\.){2,4}|[A-Z]{2,4}|Ph\.?D\.?")


def _credential(doc: Doc, i: int) -> bool:
    """An all-caps token in the comma list after a person's name: a degree or credential
    ("Lee Ames, MS, RDN", "Jo Doe, R.D.N.")."""
    if not _CREDENTIAL.fullmatch(doc[i].text) or (
            i + 1 < len(doc) and doc[i + 1].text not in (",", ".", ";", ")")
            and "\n" not in doc[i].whitespace_):
        return False  # "Jo Doe, BBC's reporter", "Akron, OH @ ..."
    k = i - 1
    while k > 0 and doc[k].text == ",":
        prev = doc[k - 1]
        if _CREDENTIAL.fullmatch(prev.text):
            k -= 2
            continue
        return prev.ent_type_ == "PERSON" and prev.text[:1].isupper()
    return False


def _same_names(doc: Doc, cands: list[_Cand], blocked: list[tuple[int, int]]) -> list[_Cand]:
    """One name, one reading per article: an organisation named where the model saw it is
    named wherever the same words stand on their own ("Coty", "Weibo")."""
    covered = bytearray(len(doc))
    for c in cands:
        covered[c.start : c.end] = b"\x01" * (c.end - c.start)
    known: dict[tuple[str, ...], _Cand] = {}
    for c in cands:
        if c.type == "ORG":
            known.setdefault(tuple(t.text for t in doc[c.start : c.end]), c)
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for words_ in known:
        by_first[words_[0]].append(words_)
    found = []
    n = len(doc)
    for i, tok in enumerate(doc):
        if covered[i] or tok.text not in by_first or not tok.text[:1].isupper() \
                or _blocked(tok.idx, blocked):
            continue
        for words_ in sorted(by_first[tok.text], key=len, reverse=True):
            end = i + len(words_)
            if end > n or any(covered[i:end]) or tuple(t.text for t in doc[i:end]) != words_ \
                    or any(t.ent_type_ for t in doc[i:end]):
                continue  # the model read these words as something else here (a product)
            before = doc[i - 1] if i > 0 else None
            after = doc[end] if end < n else None
            if any(t is not None and t.text[:1].isupper() and t.is_alpha and t.pos_ == "PROPN"
                   and not t.is_sent_start for t in (before, after)):
                continue  # part of a longer name
            src = known[words_]
            found.append(_Cand(i, end, src.type, "SAME", country=src.country, fixed=src.fixed,
                               canonical=src.canonical))
            covered[i:end] = b"\x01" * (end - i)
            break
    return found + _surnames(doc, cands, covered, blocked)


def _surnames(doc: Doc, cands: list[_Cand], covered: bytearray,
              blocked: list[tuple[int, int]]) -> list[_Cand]:
    """The surname of a person named in full, standing alone where the model saw nothing
    ("Millers agrees that ..."): that person, when no other person of the article has it."""
    owners: dict[str, set[str]] = defaultdict(set)
    for c in cands:
        if c.type == "PERSON" and c.end - c.start >= 2:
            last = doc[c.end - 1]
            if last.is_alpha and last.text[:1].isupper() and len(last.text) > 2:
                owners[last.text].add(c.canonical or doc[c.start : c.end].text)
    found = []
    n = len(doc)
    for i, tok in enumerate(doc):
        names = owners.get(tok.text)
        if names is None or len(names) != 1 or covered[i] or tok.ent_type_ \
                or tok.lower_ in STOP_WORDS or _blocked(tok.idx, blocked):
            continue
        before = doc[i - 1] if i > 0 else None
        after = doc[i + 1] if i + 1 < n else None
        if any(t is not None and t.text[:1].isupper() and t.is_alpha and not t.is_sent_start
               for t in (before, after)):
            continue  # part of a longer name
        if not (tok.pos_ == "PROPN" or (after is not None and (
                after.pos_ in ("VERB", "AUX") or after.text in _POSSESSIVES))):
            continue  # "Young people ...": a word, not the surname
        found.append(_Cand(i, i + 1, "PERSON", "SURNAME", canonical=next(iter(names))))
        covered[i] = 1
    return found


# Nouns of a sports team's people and play: "the Denver center", "Boston's coach".
_TEAM_NOUNS = _wordset("""
center centre forward guard quarterback coach goalie goalkeeper pitcher catcher defenseman
defender striker midfielder winger linebacker receiver cornerback safety tackle linesman
roster lineup captain rookie starter offense defence defense bullpen shortstop outfielder
infielder playmaker franchise
""")


# Abbreviated playing positions before a player's name: "Cleveland DL Jo Brandt".
_POSITIONS = frozenset({"QB", "RB", "WR", "TE", "DL", "DE", "DT", "LB", "CB", "OL", "OT", "OG",
                        "PG", "SG", "SF", "PF", "GK", "LHP", "RHP", "SS"})


def _teams(doc: Doc, cands: list[_Cand]) -> None:
    """A city standing for its sports team is an organisation ("Denver center Jo
    Brandt", "Boston's goalie"); the city elsewhere stays a place."""
    for c in cands:
        if c.type != "PLACE" or c.end - c.start > 3:
            continue
        root = doc[c.start : c.end].root
        head = root.head
        nxt = doc[c.end] if c.end + 1 < len(doc) else None
        if (root.dep_ in ("compound", "poss", "nmod") and head.i >= c.end
                and head.lower_ in _TEAM_NOUNS) or (
                nxt is not None and (nxt.lower_ in _TEAM_NOUNS or nxt.text in _POSITIONS)
                and doc[c.end + 1].pos_ == "PROPN" and doc[c.end + 1].text[:1].isupper()):
            c.type, c.fixed = "ORG", True  # "Pittsburgh center Jo Brandt", "Cleveland DL Al Ode"
    if not _sport_article(doc):
        return
    for c in cands:
        if c.type != "PLACE":
            continue  # a country stays one: national sides are named by their country
        root = doc[c.start : c.end].root
        head = root.head
        verb = head.lemma_.lower()
        if (root.dep_ == "nsubj" and verb in _GAME_VERBS) or (
                root.dep_ == "dobj" and verb in _GAME_VERBS | _CARRY_VERBS) or (
                root.dep_ == "pobj" and head.lower_ in ("past", "over")
                and head.head.lemma_.lower() in _GAME_VERBS | _CARRY_VERBS) or (
                root.dep_ == "pobj" and head.lower_ == "for"
                and head.head.lemma_.lower() in ("score", "play")) or (
                root.dep_ == "poss" and verb in _RESULT_NOUNS):
            c.type, c.fixed = "ORG", True  # "Minnesota beat Buffalo", "lift Florida past ..."
    teams = {_key(doc[c.start:c.end]) for c in cands if c.type == "ORG" and c.label != "ORG"
             and c.fixed}
    for c in cands:  # the team's other mentions, unless "in" it: "won in Boston" is the city
        root = doc[c.start : c.end].root
        if c.type == "PLACE" and _key(doc[c.start:c.end]) in teams and not (
                root.dep_ == "pobj" and root.head.lower_ in _LOC_PREPS):
            c.type, c.fixed = "ORG", True


# A game's result between two sides: a city or state as its subject or object is a team.
_GAME_VERBS = frozenset({"beat", "defeat", "top", "edge", "blank", "rout", "down", "outlast",
                         "outscore", "shut", "stun", "upset", "overcome", "hold", "rally",
                         "improve", "roll", "clinch", "sweep", "trounce", "thump", "outplay"})
_RESULT_NOUNS = frozenset({"game", "win", "loss", "victory", "defeat", "offense", "defense",
                           "schedule", "streak", "record", "quarterback", "coach"})
# A player carrying a side to a result: "to lead Boston", "to lift Florida".
_CARRY_VERBS = frozenset({"lead", "lift", "carry", "power", "propel", "help"})
_SPORT_WORDS = _wordset("""
goal goals assist assists saves touchdown touchdowns quarterback inning innings playoff playoffs
halftime scored scoring coach season standings rebounds pitcher shutout overtime
""")


def _sport_article(doc: Doc) -> bool:
    """An article about games: sport words and results ("45-17", "5-4") in it."""
    words = sum(1 for t in doc if t.lower_ in _SPORT_WORDS)
    scores = len(re.findall(r"\b\d{1,3}-\d{1,3}\b", doc.text))
    return words >= 4 and scores >= 2


def _team_names(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """In an article about games, a capitalised plural after "the" that names no one else is a
    team ("the Huskies", "the Chargers"), as is each side of a result line ("Wild 4, Sabres 1:")."""
    if not _sport_article(doc):
        return []
    taken = bytearray(len(doc) + 1)
    for c in cands:
        taken[c.start:c.end] = b"\x01" * (c.end - c.start)
    lower = _vocab(doc).lower
    out: list[_Cand] = []
    for t in doc:
        if taken[t.i] or not (t.text[:1].isupper() and t.text[1:].islower()) \
                or not t.text.endswith("s") or t.lower_ in lower or len(t.text) < 4:
            continue
        if demonym_code(t.text) or t.text in _LABEL_WORDS:
            continue
        prev = doc[t.i - 1] if t.i else None
        nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
        after_the = prev is not None and prev.lower_ == "the"
        result = (nxt is not None and nxt.like_num and (prev is None or "\n" in prev.text
                                                         or prev.text == ","))
        if after_the or result:
            start = t.i
            while start > 0 and not taken[start - 1] and doc[start - 1].pos_ == "PROPN" \
                    and doc[start - 1].text[:1].isupper() and start > t.i - 2:
                start -= 1
            out.append(_Cand(start, t.i + 1, "ORG", "ORG", fixed=True))
            taken[start:t.i + 1] = b"\x01" * (t.i + 1 - start)
    return out


_LABEL_WORDS = frozenset({"Notes", "News", "Sports", "Scores", "Results", "Highlights", "Details",
                          "Stats", "Statistics", "Comments", "Photos", "Videos", "Tickets"})


_COMPASS = frozenset({"North", "South", "East", "West", "Central", "Latin", "Northern",
                      "Southern", "Eastern", "Western"})


def _groups(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """Group words: a region word before a demonym is part of it ("North American"), a
    demonym before another is one group ("African Americans"), and a "group" the article
    also writes in lower case is a common noun ("Clinicians ...": a sentence's first word)."""
    lower = _vocab(doc).words
    by_start = {c.start: c for c in cands}
    drop: set[int] = set()
    for c in cands:
        if c.type != "NORP" or id(c) in drop:
            continue
        if c.end - c.start == 1 and doc[c.start].text.lower() in lower and not c.demonym:
            drop.add(id(c))
            continue
        nxt = by_start.get(c.end)
        if nxt is not None and nxt.type == "NORP" and id(nxt) not in drop:
            c.end, c.country, c.demonym = nxt.end, None, False
            drop.add(id(nxt))
        if c.start > 0 and doc[c.start - 1].text in _COMPASS and c.start - 1 not in by_start:
            c.start, c.country, c.demonym = c.start - 1, None, False
    return [c for c in cands if id(c) not in drop]


@lru_cache(maxsize=1)
def _language_names() -> tuple[dict[str, str], frozenset[str]]:
    """Names of programming, markup and configuration languages by lower-case form (Pygments'
    lexers, a dependency of rich): "Python", "TypeScript", "Zig", "YAML"; and the lower-case
    forms that are also given names ("Julia", "Haskell"). Stop words ("Go"), single
    letters, currency codes, places and sessions or templates ("Python console session",
    "HTML+PHP") are left out."""
    from pygments.lexers import get_all_lexers

    from newsgraph.enrich.gender import is_first_name

    out: dict[str, str] = {}
    given = set()
    for name, *_ in get_all_lexers():
        if len(name) < 2 or " " in name or "+" in name[1:-2] or "/" in name \
                or name.lower() in STOP_WORDS or country_code(name) or city_code(name) \
                or pycountry.currencies.get(alpha_3=name.upper()):
            continue
        out[name.lower()] = name
        if is_first_name(name):
            given.add(name.lower())
    return out, frozenset(given)


_CODE_WORDS = _wordset("""
language languages programming code coding compiler compilers syntax developer developers
library libraries runtime interpreter codebase framework frameworks software
""")


def _languages_in(doc: Doc) -> frozenset[str]:
    """Language names standing as words in an article about code: a name beside a word of
    programming ("the Zig language", "a Python library"), or two different names in an
    article that has such a word. A name inside a longer name ("Taylor Swift") or that the
    article also writes in lower case ("rust") is no language there; a language that is
    also a given name ("Julia") counts only beside two others."""
    names, given = _language_names()
    lower = _vocab(doc).lower
    inside = {i for e in doc.ents if len(e) > 1 for i in range(e.start, e.end)}
    toks = [t for t in doc if t.lower_ in names and t.text[:1].isupper() and t.i not in inside
            and (len(t) > 3 or t.text == names[t.lower_]) and t.lower_ not in lower]
    if not toks:
        return frozenset()
    strict = [t for t in toks if t.lower_ not in given]
    beside = any(n.lower_ in _CODE_WORDS for t in strict
                 for n in (t.head, *t.children, t.nbor(1) if t.i + 1 < len(doc) else t))
    distinct = {t.lower_ for t in strict}
    if not beside and not (len(distinct) >= 2 and any(t.lower_ in _CODE_WORDS for t in doc)):
        return frozenset()
    keep = distinct | ({t.lower_ for t in toks} if len(distinct) >= 2 else set())
    return frozenset(t.text for t in toks if t.lower_ in keep)


def _mostly_thing(doc: Doc, c: _Cand, labels: Counter[tuple[str, bool]]) -> bool:
    """An organisation the model names a product, work, event or law at least as often
    elsewhere in the article ("Windows" ORG once, PRODUCT twice): a thing."""
    if c.type != "ORG" or c.fixed:
        return False
    key = fold(doc[c.start : c.end].text)
    return labels[key, True] > 0 and labels[key, True] >= labels[key, False]


def _common_words(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """A one-word "organisation" the article also writes in lower case, and capitalises only
    where every word may be (opening a sentence, in a heading), is a common noun ("Solar" in
    a heading, "solar" in the text); not "Target" mid-sentence, nor a word that names a
    body on its own ("the Times", "the Council"). A capitalised plural the article also writes
    as a lower-case plural noun is a common noun wherever it stands ("Software for
    Freelancers" beside "freelancers").
    """
    lower = _vocab(doc).words
    named = {doc[c.start].text for c in cands if c.end - c.start == 1 and c.type == "ORG"
             and not _capital_anyway(doc, c.start)}
    plural = _vocab(doc).plural
    return [c for c in cands
            if not (c.type == "ORG" and not c.fixed and c.end - c.start == 1
                    and doc[c.start].text.istitle() and doc[c.start].lower_ in lower
                    and doc[c.start].text not in _ORG_HEADS
                    and (doc[c.start].text not in named or doc[c.start].lower_ in plural))]


_MODEL_CODE = re.compile(r"(?=.*\d)(?=.*[A-Za-z])[\w.+-]+")


# Nouns of a job that a name in apposition makes a person's ("the owner, Ana Ruiz").
_JOB_NOUNS = _STAFF_NOUNS | _ORG_PEOPLE | _wordset("""
owner co-owner planner president ceo cfo coo cto chef principal coordinator advisor adviser
producer curator chair attorney lawyer tester reviewer writer author
""")


def _role_people(doc: Doc, cands: list[_Cand], blocked: list[tuple[int, int]]) -> list[_Cand]:
    """A run of proper nouns in apposition to a job noun ("our head of design, Ana
    Duval-Ruiz") is a person's full name whatever type the model gave its words, and the last
    word of it standing alone later a mention of that person ("Duval-Ruiz"). Not a run ending
    in a company word ("the founder, Azure Studios") or holding a word the article writes in
    lower case, nor one after a job that is itself in apposition ("Jo Doe, owner, Azure
    Creative": the workplace).

    The quote stage's own people (``quotes._people_missed``) now find these as PERSON
    mentions. A given name alone as a clause's subject stays a person for the quote stage's
    pronouns only: as an entity it is too often a common word or a brand ("Comfort matters").
    """
    gone: set[int] = set()
    added: list[_Cand] = []
    covered = bytearray(len(doc))
    for c in cands:
        covered[c.start : c.end] = b"\x01" * (c.end - c.start)
    surnames: dict[str, str] = {}
    lower_words = _vocab(doc).words
    for tok in doc:
        if tok.dep_ != "appos" or tok.pos_ != "PROPN" or tok.head.lower_ not in _JOB_NOUNS \
                or tok.head.dep_ == "appos" \
                or _blocked(tok.idx, blocked):
            continue
        first = min([c.left_edge.i for c in tok.children if c.dep_ in ("compound", "flat")]
                    + [tok.i])
        run = doc[first : tok.i + 1]
        if len([t for t in run if t.is_alpha]) < 2 or "\n" in run.text \
                or run[-1].text in _ORG_HEADS or lower_words & {t.lower_ for t in run} or not all(
                (t.pos_ == "PROPN" and t.text[:1].isupper()) or t.text == "-" for t in run):
            continue
        inside = [c for c in cands if c.start < run.end and run.start < c.end]
        if any(c.type == "PERSON" or c.fixed or c.start < run.start or c.end > run.end
               for c in inside):
            continue
        gone.update(id(c) for c in inside)
        added.append(_Cand(run.start, run.end, "PERSON", "ROLE"))
        covered[run.start : run.end] = b"\x01" * len(run)
        surnames[run.text.split()[-1]] = run.text
    for c in cands:  # the surname alone later, typed otherwise
        text = doc[c.start : c.end].text
        if c.type in ("ORG", "PLACE") and not c.fixed and text in surnames and id(c) not in gone:
            c.type, c.canonical = "PERSON", surnames[text]
    return [c for c in cands if id(c) not in gone] + added


def _makers_of_models(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """Drop names that open or are a product's model name, where no entity is marked.

    An organisation followed by a model code of letters and digits ("Nikon D850", "Toyota
    RAV4", "Airbus A350-900") or a capitalised word then a number ("Fiat Panda 4") is a
    maker inside a product name. A title ("Amazon CEO"), a plain number ("Flyers 2") or a
    word of another mention after it keeps it. A "person" followed by a model number ("the
    Zephyr 9 has") or a one-letter suffix ("Vega-X") is a product; so are the other
    mentions of it and of its last words.
    """
    covered = bytearray(len(doc))
    for c in cands:
        covered[c.start : c.end] = b"\x01" * (c.end - c.start)
    out = []
    products: set[str] = set()
    for c in cands:
        nxt = doc[c.end] if c.end < len(doc) else None
        after = doc[c.end + 1] if c.end + 1 < len(doc) else None
        if nxt is None or covered[c.end] or c.fixed:
            out.append(c)
            continue
        spaced = doc[c.end - 1].whitespace_ == " "
        if c.type == "ORG" and spaced:
            if _MODEL_CODE.fullmatch(nxt.text) and not nxt.like_num:
                continue
            if nxt.is_alpha and nxt.text[:1].isupper() and not _title_word(nxt) \
                    and nxt.whitespace_ == " " and after is not None and after.is_digit \
                    and not covered[c.end + 1]:
                continue
        if c.type == "PERSON" and (_model_number(nxt, after) if spaced else _model_suffix(
                doc, c.end)):
            words = [t.text for t in doc[c.start : c.end]]
            products.update(" ".join(words[i:]) for i in range(len(words)))
            continue
        out.append(c)
    return [c for c in out if not (c.type == "PERSON" and doc[c.start : c.end].text in products)]


def _product_lines(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """An "organisation" of a maker's name and more capitalised words, where the article also
    names the maker alone as an organisation at least as often, is a product line of the
    maker ("Acme Books", "Acme Cloud Sync" beside "Acme"); not a body of the maker ("Acme
    Foundation", "Acme Labs", "Acme Healthcare", "Acme Inc."), nor words of a place ("Acme
    Tokyo")."""
    alone: Counter[str] = Counter(doc[c.start].text for c in cands
                                  if c.type == "ORG" and c.end - c.start == 1)
    longer: Counter[str] = Counter(doc[c.start : c.end].text for c in cands if c.type == "ORG")
    return [c for c in cands
            if not (c.type == "ORG" and not c.fixed and c.end - c.start > 1
                    and longer[doc[c.start : c.end].text] <= alone[doc[c.start].text]
                    and _product_words(doc[c.start + 1 : c.end]))]


# Words after a maker's name that make a body of it, not a product ("Acme Healthcare").
_BODY_WORDS = _wordset("""
Labs Research Healthcare Health Capital Media Airline Services Cloud Beauty Initiative Energy
Financial Pharma Entertainment Digital Foods Brands Studio Games Online Cities Music Records
West East North South Team
""")


def _product_words(words: Span) -> bool:
    """Words after a maker's name that name no body of it: capitalised words (or a code) with
    no organisation word, place or country among them."""
    return any(t.is_alpha for t in words) and all(
        t.text[:1].isupper() or t.text[:1].isdigit() for t in words if t.is_alpha) \
        and not any(t.text in _ORG_HEADS or t.text in _ORG_SUFFIXES or t.text in _BODY_WORDS
                    or t.lower_ in _ORG_NOUNS or country_code(t.text) or city_code(t.text)
                    for t in words)

# A bare web name: one dot, a name then a common top-level domain ("crates.io", "Wired.com").
_WEB_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z][A-Za-z0-9-]*\.(?:com|org|net|io|ai|co|"
                       r"news|press|tv|app|dev)")


def _web_names(doc: Doc, cands: list[_Cand], blocked: list[tuple[int, int]]) -> list[_Cand]:
    """A site named by its bare web name ("on Dailyplanet.com", "at trailshoes.com", "go to
    crates.io") is an organisation, its web name the whole mention; an entity the model ran
    over it ("Adidas.com Shop Women's") is cut to it. Not an address ("www.x.com",
    "https://x.com/a", "host.x.ts.net", "jo@x.com") nor a path piece."""
    text = doc.text
    sites = []
    for tok in doc:
        if not _WEB_NAME.fullmatch(tok.text) or _blocked(tok.idx, blocked):
            continue
        before = text[tok.idx - 1] if tok.idx else " "
        after = text[tok.idx + len(tok.text)] if tok.idx + len(tok.text) < len(text) else " "
        if before in "/@.:-_" or after in "/@-_" or before.isalnum() or _site_of_other(tok):
            continue
        sites.append(tok.i)
    if not sites:
        return cands
    taken = set(sites)
    out = [c for c in cands if not any(c.start <= i < c.end for i in taken)]
    out.extend(_Cand(i, i + 1, "ORG", "WEB", canonical=doc[i].text) for i in sites)
    return out


def _site_of_other(tok: Token) -> bool:
    """A web name in apposition with the site of someone ("stopsmog.org, the website for the
    campaign"): a website, not a body."""
    return any(t.dep_ == "appos" and t.lower_ in ("website", "site", "page")
               and any(c.dep_ == "prep" and c.lower_ in ("for", "of") for c in t.children)
               for t in tok.children)


def _model_number(nxt: Token, after: Token | None) -> bool:
    """``nxt`` is a model number after a name: a short integer then a word, a bracket, a dash
    or the line's end ("Zephyr 9 has"), not a score ("Lee 6-3") or a list number ("Lee 4.")."""
    if not (nxt.is_digit and len(nxt.text) <= 4):
        return False
    if after is None or "\n" in nxt.whitespace_:
        return True
    return after.is_alpha or after.text in ("(", "\u2014", "\u2013") or after.is_space


def _model_suffix(doc: Doc, i: int) -> bool:
    """A hyphen then one capital or digit closes the name before token ``i`` ("Vega-X")."""
    text = doc.text
    at = doc[i].idx
    return bool(re.match(r"-[A-Z0-9](?![\w-])", text[at : at + 4]))


def _heading_labels(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """Drop "organisations" that are the labels of a page's layout, not names.

    A field label opens a line (or a ``|`` cell) and is followed by a colon and its
    value ("Dimensions: 11 x 6 inches", "INTERVAL: 5,000 miles"), unless it is a short
    acronym. A section heading
    fills its line alone ("Fast Facts", "Cons") and its words never occur in the
    running text of the article, where a real name would ("TikTok" as a heading and
    in the text). Gazetteer types and people are left alone.
    """
    text = doc.text
    out = []
    for c in cands:
        if c.type == "PERSON" and not c.fixed and _row_label(text, doc[c.start : c.end]):
            continue
        if c.type != "ORG" or c.fixed:
            out.append(c)
            continue
        start = doc[c.start].idx
        end = doc[c.end - 1].idx + len(doc[c.end - 1].text)
        lo, hi = line_bounds(text, start, end)
        before = text[lo:start]
        cell = before.rsplit("|", 1)[-1]
        name = text[start:end]
        acronym = name.isalpha() and name.isupper() and len(name) <= 5
        if not cell.strip() and text[end:end + 1] == ":" and text[end + 1:hi].strip() \
                and not acronym:
            continue  # a field label (an acronym there is a source: "FTC: We use ...")
        if not before.strip() and _ROW_CELL.match(text[end:hi]) and not acronym:
            continue  # a label cell of a table row ("Delivery | 2 days")
        alone = not before.strip() and not text[end:hi].strip()
        if (alone or _short_heading(text[lo:hi].strip())) and not _in_running_text(text, name):
            continue  # a heading of its own, or a word of a heading never used in the text
        out.append(c)
    return out


_ROW_CELL = re.compile(r" +\| +\S")
"""What follows a table row's label cell ("Delivery | 2 days")."""


def _row_label(text: str, span: Span) -> bool:
    """``span`` opens a table row ("Delivery | 2 days") and opens another row of the article
    too: a label repeated down a table, not a person."""
    lo, _ = line_bounds(text, span.start_char, span.end_char)
    if lo != span.start_char:
        return False  # not at a line's start: no scan of the whole text for rows
    return len(re.findall(r"(?m)^" + re.escape(span.text) + _ROW_CELL.pattern, text)) >= 2


# Kinds of product or work, said right before a name: "the drug Calmora", "the film X".
_THING_KINDS = _wordset("""
drug drugs medication medications medicine medicines pill pills vaccine vaccines supplement
film films movie movies album albums novel novels song songs game games videogame sitcom
smartphone smartphones phone phones laptop laptops sedan sedans SUV SUVs truck trucks
""")


def _things_by_kind(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """Names the article calls a product or a work where it names them: right after a noun
    of such a kind ("sleep drug Calmora", "migraine drugs Nevrin and Solvex", "the film
    Harbour Lights") or after "brand name" or "marketed as"; their other mentions too.
    Not "the drug company Pfizer" (the noun before the name is "company"). A name in
    brackets after a common noun is a brand of that thing ("semaglutide (Calmora)",
    "the tea (Brand, Other)"); not an acronym ("the food agency (FSA)"), nor a person.
    """
    things: set[str] = set()
    covered = bytearray(len(doc))
    for c in cands:
        covered[c.start : c.end] = b"\x01" * (c.end - c.start)
    for c in cands:
        if c.fixed or c.type not in ("ORG", "PERSON", "PLACE") or c.start < 2:
            continue
        prev, prev2 = doc[c.start - 1], doc[c.start - 2]
        conj = doc[c.start - 2] if prev.lower_ == "and" else None
        kind = (prev.lower_ in _THING_KINDS and prev.pos_ == "NOUN") or (
            prev.lower_ == "name" and prev2.lower_ == "brand") or (
            prev.lower_ == "as" and prev2.lower_ in ("marketed", "sold")) or (
            prev.text == "(" and c.type != "PERSON" and _common_before(doc, prev2, covered)
            and not doc[c.start : c.end].text.isupper() and c.end < len(doc)
            and doc[c.end].text in (")", ","))
        if not kind and prev.text == "," and c.start >= 3:
            conj = prev2  # "(Brand, Other)": the list in the brackets goes on
        if not kind and conj is not None and c.start >= 3:
            first = next((o for o in cands if o.end == conj.i + 1), None)
            kind = first is not None and fold(doc[first.start : first.end].text) in things
        if kind:
            things.add(fold(doc[c.start : c.end].text))
    if not things:
        return cands
    return [c for c in cands
            if c.fixed or c.type not in ("ORG", "PERSON", "PLACE")
            or fold(doc[c.start : c.end].text) not in things]


# Nouns of a place where a business is: a name in brackets after one is the place.
_SITE_NOUNS = frozenset({"location", "locations", "site", "branch", "office", "store", "outlet",
                         "campus", "venue", "headquarters", "hometown", "base"})


def _common_before(doc: Doc, tok: Token, covered: bytearray) -> bool:
    """``tok`` is a common word that is no place: lower case and no noun of a site ("its
    first location (Town)"), or the only word opening its line in no name ("Calmorine
    (Brand)" as a list item)."""
    if tok.is_lower and tok.is_alpha:
        return tok.lower_ not in _PLACE_NOUNS and tok.lower_ not in _SITE_NOUNS
    text = doc.text
    return tok.is_alpha and tok.is_title and not covered[tok.i] and (
        tok.idx == 0 or text[tok.idx - 1] == "\n")


_TEACHERS = frozenset({"professor", "professors", "lecturer", "instructor", "teacher",
                       "physician", "reader", "scholar"})


def _body_like(span: Span) -> bool:
    """``span`` opens with a place ("Ontario", also a given name) or holds a word that heads a
    body's name or names an agent ("School", "Police"): an organisation's name, not a
    person's of three words."""
    first = span[0].text
    return (_has_body_word(span) or first in PROVINCES or first in US_STATE_NAMES
            or country_code(first) is not None or city_code(first) is not None
            or any(lookup_agent(t.lower_) is not None for t in span))


def _has_body_word(span: Span) -> bool:
    """``span`` holds a word that heads a body's name ("... School of Business")."""
    return any(t.text in _ORG_HEADS or t.text == "School" for t in span)


def _split_at(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """An "organisation" the model ran over a lower-case "at" is a unit or field at an
    organisation ("Product Design at Brightloop", "Rowan School of Law at Dunmore
    University"): the name after "at" is the organisation; the words before are one too
    when they hold a word of a body ("... School of Business"), else a field of work. A
    field after a teacher's title is no organisation ("professor of Marine
    Ecology", "lecturer of Applied Linguistics")."""
    out = []
    for c in cands:
        span = doc[c.start : c.end]
        if c.type == "ORG" and not c.fixed and c.start >= 2 \
                and doc[c.start - 1].lower_ in ("of", "in") \
                and doc[c.start - 2].lower_ in _TEACHERS \
                and not _has_body_word(span):
            continue  # "professor of Marine Ecology": a field, not a body
        cut = next((t.i for t in span if t.text == "at" and c.start < t.i < c.end - 1), None)
        if c.type != "ORG" or c.fixed or cut is None or not doc[cut + 1].text[:1].isupper():
            out.append(c)
            continue
        before = doc[c.start : cut]
        if _has_body_word(before):
            out.append(_Cand(c.start, cut, "ORG", c.label))
        out.append(_Cand(cut + 1, c.end, "ORG", c.label))
    return out


def _in_running_text(text: str, name: str) -> bool:
    """``name`` occurs somewhere in ``text`` inside a line that holds more than it and is
    no heading of capitalised words ("Pros and Cons" is one)."""
    i = text.find(name)
    while i >= 0:
        lo, hi = line_bounds(text, i, i + len(name))
        line = text[lo:hi].strip()
        if line != name and not _title_line(line):
            return True
        i = text.find(name, i + 1)
    return False


def _short_heading(line: str) -> bool:
    """A heading of two to four words and nothing else ("Pros and Cons", "It's Worth
    Noting")."""
    word = r"[^\W\d_]+(?:['’][^\W\d_]+)?"
    return bool(re.fullmatch(word + r"(?: (?:" + word + r"|&)){1,3}", line)) and _title_line(line)


def _title_line(line: str) -> bool:
    """A short line whose longer words are all capitalised and that ends in no sentence
    mark: a heading ("Pros and Cons", "The Best Picks")."""
    words = [w for w in re.findall(r"[^\W\d_]+", line) if len(w) > 3]
    return 0 < len(words) <= 8 and all(w[:1].isupper() for w in words) \
        and line[-1:] not in ".!?:;,\"”"


def _capital_anyway(doc: Doc, i: int) -> bool:
    """Token ``i`` opens a sentence, a line or a dashed signature, or sits in a title-case
    heading line."""
    tok = doc[i]
    if tok.is_sent_start or i == 0 or "\n" in doc[i - 1].text + doc[i - 1].whitespace_ \
            or doc[i - 1].text in ("--", "\u2014", "\u2013"):
        return True  # also after a dash that opens a signature ("-- Software engineer ...")
    lo = i
    while lo > 0 and "\n" not in doc[lo - 1].text + doc[lo - 1].whitespace_:
        lo -= 1
    hi = i
    while hi + 1 < len(doc) and "\n" not in doc[hi].text + doc[hi].whitespace_:
        hi += 1
    words = [t for t in doc[lo : hi + 1] if t.is_alpha and len(t) > 3]
    return len(words) <= 12 and all(t.text[:1].isupper() for t in words)


def _root(doc: Doc, cand: _Cand) -> Token:
    return doc[cand.start : cand.end].root


# What a company or an agency does, not a place (places in gazetteers are typed apart).
_ORG_ACTS = frozenset({"offer", "sell", "launch", "announce", "acquire", "hire", "release",
                       "unveil", "report", "employ", "operate", "manufacture", "ship",
                       "charge", "discount", "partner", "invest", "publish", "stream",
                       "say", "tell", "confirm", "state", "explain", "note"})


def _evidence(doc: Doc, cand: _Cand) -> Counter[str]:
    """Votes from the parse around one mention."""
    votes: Counter[str] = Counter()
    root = _root(doc, cand)
    head = root.head
    if root.dep_ == "pobj":
        prep = head.lower_
        if prep in _LOC_PREPS:  # "in NATO", "in Congress": strong only against PERSON
            votes["PLACE"] += _STRONG if cand.type == "PERSON" else 1
        elif prep in _WEAK_LOC_PREPS:
            votes["PLACE"] += 1
        elif prep == "of" and head.head.pos_ in ("NOUN", "PROPN") and _title_word(head.head):
            votes["ORG"] += _STRONG  # "chief executive of X", "CEO of X"
        if prep in ("at", "for") and head.head.pos_ in ("NOUN", "PROPN") and cand.type != "PERSON" \
                and (_title_word(head.head) or head.head.lower_ in _STAFF_NOUNS):
            votes["ORG"] += _STRONG  # "product manager at X", "a professor at X"
        elif prep in ("like", "including", "as") and head.head.lemma_.lower() in _ORG_KINDS \
                and head.head.tag_ == "NNS":
            votes["ORG"] += _STRONG  # "startups like X", "companies such as X"
    if root.dep_ in ("compound", "nmod", "amod") and head.i >= cand.end:
        if head.lower_ in _PLACE_NOUNS:
            votes["PLACE"] += _STRONG
        elif head.lower_ in _ORG_NOUNS or head.lower_ in _ORG_THINGS:
            votes["ORG"] += _STRONG  # "the Acme group", "Twitter users", "a Netflix special"
        elif head.lower_ in _ORG_PEOPLE and cand.type != "PERSON":
            votes["ORG"] += _STRONG  # "WeWork CEO", "Alibaba leaders"
    if root.dep_ == "poss" and (head.lower_ in _ORG_THINGS
                                or (head.lower_ in _ORG_PEOPLE and cand.type != "PERSON")):
        votes["ORG"] += _STRONG  # "Ubisoft's games", "Noble's owner"
    for t in root.lefts:  # "energy company Burisma", "developer Valve"
        if t.dep_ == "compound" and t.i < cand.start and t.pos_ == "NOUN" \
                and t.lower_ in _ORG_KINDS:
            votes["ORG"] += 2 * _STRONG  # the article says what it is: beats a label or two
    if root.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according" \
            and cand.type == "PLACE":
        votes["ORG"] += _STRONG  # "according to Fitlog": a source speaks, a place does not
    if root.dep_ == "nsubj" and cand.type == "PLACE" and head.lemma_.lower() in _ORG_ACTS:
        votes["ORG"] += _STRONG  # "Netflix offers", "Emirates announced": a place does not
    if root.dep_ in ("nsubj", "dobj") and head.lemma_.lower() in _MIND_VERBS \
            and not root.is_upper:
        votes["PERSON"] += 1  # "X believes", "X wants", "attacking X": a mind or a body
    apposed = [t for t in root.children if t.dep_ == "appos"]
    if root.dep_ == "appos":
        apposed.append(head)
    for t in apposed:
        if t.pos_ == "NOUN":
            if t.lower_ in _PLACE_NOUNS:
                votes["PLACE"] += _STRONG
            elif t.lower_ in _ORG_NOUNS or (cand.type != "PERSON" and t.lower_ in (
                    "site", "website", "service", "app", "platform", "startup", "retailer",
                    "developer", "publisher", "airline", "carrier", "maker")):
                votes["ORG"] += _STRONG  # "Weibo, a social media site"
            elif t.lower_ in _PERSON_NOUNS or _title_word(t):
                votes["PERSON"] += _STRONG
    return votes


def _vote(doc: Doc, cands: list[_Cand]) -> None:
    """One type per surface form in the article: model labels plus weighted parse evidence.

    Two rounds: the second adds, for each name in a coordinated list, the type the first
    round gave all the other names of the list ("Gannett and GateHouse Media", "Netflix,
    Peacock and Hulu": conjuncts are things of one kind).
    """
    groups: dict[str, list[_Cand]] = defaultdict(list)
    for c in cands:
        if not c.fixed:
            groups[fold(doc[c.start : c.end].text)].append(c)
    base = {id(c): c.type for group in groups.values() for c in group}
    evidence = {id(c): _evidence(doc, c) for group in groups.values() for c in group}
    _vote_groups(groups, base, evidence)
    for c, kind in _coordinated(doc, cands):
        if not c.fixed:
            evidence[id(c)][kind] += _STRONG
    _vote_groups(groups, base, evidence)


def _vote_groups(groups: dict[str, list[_Cand]], base: dict[int, str],
                 evidence: dict[int, Counter[str]]) -> None:
    for group in groups.values():
        votes: Counter[str] = Counter()
        for c in group:
            votes[base[id(c)]] += 1
            votes.update(evidence[id(c)])
        best = max(votes.values())
        winners = [t for t, v in votes.items() if v == best]
        # On a tie the model's label stays; else an organisation ("across Twitter" and
        # "Twitter users": a place by its preposition, an organisation by its users).
        first = base[id(group[0])]
        kind = first if first in winners else "ORG" if "ORG" in winners else winners[0]
        for c in group:
            c.type = kind


# Prepositions after which a name is a channel, a tool or an agent, not a location.
_USE_PREPS = frozenset({"via", "over", "through", "behind", "using", "by"})


def _place_use(tok: Token, places: set[int]) -> bool:
    """A one-word name used as a location: after a locative preposition ("in X", "moved to
    X"), before a place noun ("the X area"), or beside a known place ("X, Ohio")."""
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ in _LOC_PREPS | _WEAK_LOC_PREPS:
        return head.lower_ in _LOC_PREPS or head.head.pos_ in ("VERB", "AUX")
    if tok.dep_ in ("compound", "poss", "nmod") and (head.lower_ in _PLACE_NOUNS
                                                     or head.text.title() in _PLACE_HEADS):
        return True
    return any(i in places for i in (tok.i - 2, tok.i + 2, head.i))


def _org_use(tok: Token) -> bool:
    """A one-word name used as an organisation: the subject of a verb other than "be", the
    owner of what a company has ("X's dashboard", "X users") or a channel ("connect via X",
    "owned by X")."""
    head = tok.head
    if tok.dep_ in ("nsubj", "nsubjpass"):
        return head.pos_ == "VERB" and head.lemma_.lower() != "be"
    if tok.dep_ in ("poss", "compound"):
        return head.lower_ in _ORG_THINGS or head.lower_ in _ORG_PEOPLE
    return tok.dep_ == "pobj" and head.lower_ in _USE_PREPS


def _unknown_places(doc: Doc, cands: list[_Cand]) -> None:
    """A one-word "place" no gazetteer knows, never used as a location in the article and used
    as an organisation there, is an organisation ("X's dashboard", "over X", "X launched";
    not "in X", "X, Ohio"): the small model reads unfamiliar one-word names of companies and
    services as towns, while towns are written with "in" or a state. One that is a registered
    given name and the subject of a clause is a person ("X tried it")."""
    places = {i for c in cands if c.type in ("PLACE", "COUNTRY") and c.fixed
              for i in range(c.start, c.end)}
    surnames = {doc[c.end - 1].text for c in cands if c.type == "PERSON" and c.end - c.start > 1}
    groups: dict[str, list[_Cand]] = defaultdict(list)
    for c in cands:
        if c.end - c.start == 1 and not c.fixed:
            groups[doc[c.start].text].append(c)
    for name, group in groups.items():
        types = {c.type for c in group}
        if "PLACE" not in types or not name.istitle() or name in surnames:
            continue
        toks = [doc[c.start] for c in group]
        if any(_place_use(t, places) for t in toks if t.ent_type_ != "PERSON"):
            continue
        if _given_form(name):
            kind = "PERSON" if types <= {"PLACE", "PERSON"} and _first_gender(name) and any(
                t.dep_ in ("nsubj", "nsubjpass") for t in toks) else None
        else:
            kind = "ORG" if types == {"PLACE"} and all(
                c.label in ("GPE", "LOC", "FAC") for c in group) and any(
                _org_use(t) for t in toks) else None
        if kind is not None:
            for c in group:
                c.type = kind

def _conjuncts(tok: Token) -> list[Token]:
    """The tokens coordinated with ``tok`` ("A, B and C"), ``tok`` included; a name the
    parse hangs as an apposition while it opens the rest of the list ("A, B and C" read as
    A, then B (and C) in apposition) is a conjunct too."""
    def linked(t: Token) -> bool:
        return t.dep_ == "conj" or (t.dep_ == "appos" and t.pos_ == "PROPN" == t.head.pos_
                                    and any(c.dep_ == "conj" for c in t.children))

    top = tok
    while linked(top) and top.head.i != top.i:
        top = top.head
    out, todo = [], [top]
    while todo:
        t = todo.pop()
        out.append(t)
        todo.extend(c for c in t.children if linked(c))
    return out


def _listed_orgs(doc: Doc, cands: list[_Cand], blocked: list[tuple[int, int]]) -> list[_Cand]:
    """Proper names the model left untagged in a list of two or more organisations
    ("Netflix, Hulu and Peacock" with Hulu untagged): organisations too."""
    covered = bytearray(len(doc))
    for c in cands:
        covered[c.start : c.end] = b"\x01" * (c.end - c.start)
    for ent in doc.ents:
        covered[ent.start : ent.end] = b"\x01" * (ent.end - ent.start)
    at = {doc[c.start : c.end].root.i: c for c in cands if c.type in _NAME_KINDS}
    found: list[_Cand] = []
    seen: set[int] = set()
    for c in cands:
        if c.type != "ORG":
            continue
        conj = _conjuncts(doc[c.start : c.end].root)
        orgs = [at[t.i] for t in conj if t.i in at]
        if len(orgs) < 2 or any(o.type != "ORG" for o in orgs):
            continue
        for t in conj:
            if t.i in at or t.i in seen or covered[t.i] or t.pos_ != "PROPN" \
                    or not t.text[:1].isupper() or _blocked(t.idx, blocked):
                continue
            seen.add(t.i)
            start = end = t.i
            while start > 0 and doc[start - 1].dep_ in ("compound", "flat") \
                    and doc[start - 1].head.i == t.i and doc[start - 1].pos_ == "PROPN":
                start -= 1
            if any(covered[start : end + 1]) or any(
                    w.is_lower or w.like_num for w in doc[start : end + 1]):
                continue
            found.append(_Cand(start, end + 1, "ORG", "LIST"))
    return found


def _coordinated(doc: Doc, cands: list[_Cand]) -> list[tuple[_Cand, str]]:
    """Names whose coordinated names are all organisations (or all places) while they are
    not: each with that type; a lone given name listed with people named by their given names
    alone, a person. Two other names of the list are needed, or one certain one
    (typed by a gazetteer); a person with a given name of known gender stays a person
    ("Taylor Swift and Big Machine")."""
    at: dict[int, _Cand] = {}
    for c in cands:
        if c.type in _NAME_KINDS:
            at[doc[c.start : c.end].root.i] = c
    out = []
    for c in cands:
        if c.fixed or c.type not in _NAME_KINDS:
            continue
        members = [at[t.i] for t in _conjuncts(doc[c.start : c.end].root) if t.i in at]
        others = [m for m in members if m is not c]
        kinds = {m.type for m in others}
        if len(kinds) != 1:
            continue
        kind = kinds.pop()
        if kind == "PERSON" and c.type != kind:
            # "Dale and Martha": a given name listed with people named by their given
            # names alone is one of them ("Apple and Tim Cook" is not)
            from newsgraph.enrich.gender import is_first_name

            if c.end - c.start == 1 and is_first_name(doc[c.start].text) and all(
                    m.end - m.start == 1 and is_first_name(doc[m.start].text) for m in others):
                out.append((c, kind))
            continue
        if kind == c.type or kind not in ("ORG", "PLACE"):
            continue
        if len(others) < 2 and not others[0].fixed:
            continue
        if c.type == "PERSON" and _first_gender(doc[c.start].text) is not None:
            continue
        out.append((c, kind))
    return out


# -- people ------------------------------------------------------------------------------------


def _strip_titles(doc: Doc, cand: _Cand) -> None:
    while cand.end - cand.start > 1:
        tok = doc[cand.start]
        if _title_word(tok) or tok.lower_.rstrip(".") in _HONORIFICS or tok.text == ".":
            cand.start += 1
        else:
            break


def _words(doc: Doc, cand: _Cand) -> tuple[str, ...]:
    return tuple(fold(t.text) for t in doc[cand.start : cand.end] if not t.is_punct or
                 t.text == ".")


def _people(doc: Doc, cands: list[_Cand], blocked: list[tuple[int, int]]) -> dict[str, _Cand]:
    """Strip titles, resolve short forms to full names; returns full names by canonical."""
    for c in cands:
        if c.type == "PERSON":
            _strip_titles(doc, c)
    singles = {_words(doc, c) for c in cands if c.type == "PERSON" and c.end - c.start == 1}
    for c in cands:  # "Recep Tayyip Erdogan" tagged ORG beside a PERSON "Erdogan"
        words = _words(doc, c)
        if (not c.fixed and c.type != "PERSON" and len(words) >= 2 and words[-1:] in singles
                and doc[c.end - 1].text not in _ORG_HEADS
                and all(t.text[:1].isupper() for t in doc[c.start : c.end] if t.is_alpha)):
            c.type = "PERSON"
    lower = _vocab(doc).words
    labels = Counter((fold(e.text), e.label_) for e in doc.ents)
    full = [c for c in cands if c.type == "PERSON" and 2 <= len(_words(doc, c)) <= 6
            and _looks_like_name(doc[c.start : c.end]) and not _common_opening(doc, c, lower)
            and not _org_surname(doc, c, labels)]
    longer = {_words(doc, c) for c in full}
    full = [c for c in full if not any(
        len(w) > len(_words(doc, c)) and w[-len(_words(doc, c)):] == _words(doc, c)
        for w in longer)]
    # Spelling slips of one full name: the most frequent spelling wins, then the first.
    spellings = Counter(doc[c.start : c.end].text for c in full)
    order = list(dict.fromkeys(doc[c.start : c.end].text for c in full))
    chosen: dict[str, str] = {}
    for name in order:
        match = next((k for k in chosen.values() if same_person_spelling(name, k)), None)
        if match is None or spellings[name] > spellings[match]:
            for k, v in list(chosen.items()):
                if v == match:
                    chosen[k] = name
            chosen[name] = name
        else:
            chosen[name] = match
    for c in full:
        c.canonical = chosen[doc[c.start : c.end].text]
    # Short forms: proper suffixes of full names ("Erdogan", "De Pauw").
    suffixes: dict[tuple[str, ...], list[_Cand]] = defaultdict(list)
    for c in full:
        words = _words(doc, c)
        for k in range(1, len(words)):
            suffixes[words[k:]].append(c)
    names = {_words(doc, c) for c in full} | set(suffixes)
    covered = _extend_names(doc, cands, names)
    firsts: dict[tuple[str, ...], list[_Cand]] = defaultdict(list)
    for c in full:
        firsts[_words(doc, c)[:1]].append(c)
    unique_firsts = {k for k, v in firsts.items() if len({o.canonical for o in v}) == 1}
    for i, tok in enumerate(doc):  # surnames (or unique given names) the model did not tag
        key = (fold(tok.text),)
        if not covered[i] and (tok.pos_ == "PROPN" or _speaking_surname(doc, i, suffixes)) \
                and (key in suffixes or key in unique_firsts) \
                and not _blocked(tok.idx, blocked) and not (
                    i + 1 < len(doc) and doc[i + 1].pos_ == "PROPN" and not covered[i + 1]):
            cands.append(_Cand(i, i + 1, "PERSON", "SURNAME"))
    _extend_names(doc, cands, names)
    for c in cands:
        if (c.canonical is not None and c.type == "PERSON") or (c.fixed and c.type != "PLACE"):
            continue  # a city name can be a person's name ("Sofia", "Lima"); a country cannot
        options = suffixes.get(_words(doc, c))
        if not options and c.type == "PERSON" and len({
                o.canonical for o in firsts.get(_words(doc, c), [])}) == 1:
            options = firsts[_words(doc, c)]  # "Cho" of "Cho Tae-yul", "Heidi"
        if not options or c.type not in ("PERSON", "ORG", "PLACE"):
            continue
        before = [o for o in options if o.start < c.start]
        pick = max(before, key=lambda o: o.start) if before else min(
            options, key=lambda o: o.start)
        c.type, c.canonical = "PERSON", pick.canonical
    _extend_names(doc, cands, names)  # mentions that only now became people
    return {c.canonical: c for c in full if c.canonical}


def _speaking_surname(doc: Doc, i: int, suffixes: dict[tuple[str, ...], list[_Cand]]) -> bool:
    """A capitalised surname of a full name in the article that the tagger read as a common
    word, with a speech verb right after it ("Early says", "Early still says")."""
    tok = doc[i]
    return (fold(tok.text),) in suffixes and tok.text[:1].isupper() and tok.text[1:].islower() \
        and not tok.is_sent_start and any(
            t.lemma_.lower() in _SPEECH and t.pos_ in ("VERB", "AUX")
            for t in doc[i + 1 : min(i + 3, len(doc))])


# Last words of names of things, not people: trophies, products, ships' prefixes.
_OBJECT_HEADS = _wordset("""
Cup Trophy Prize Award Awards Medal Pro Max Plus Mini Air Ultra Series Edition Tour Festival
Games Championship Championships Open Bowl Classic Grand Prix Lung Syndrome Disease Virus
""")
_THING_LABELS = frozenset({"PRODUCT", "WORK_OF_ART", "EVENT", "LAW"})
_CAMEL = re.compile(r"[a-z]+[A-Z]\w*|[A-Z][a-z]+[A-Z]+")  # "iPhone", "SpaceX"; not "McCain"
_SHIP_PREFIXES = frozenset({"HMS", "USS", "RFS", "INS", "HMAS", "HMCS", "HMNZS", "MV", "SS"})
_SPEECH = frozenset({"say", "tell", "add", "write", "tweet", "explain", "ask", "note", "argue",
                     "insist", "claim", "warn", "reply", "announce", "admit", "recall",
                     "suggest", "acknowledge", "respond", "post", "testify", "state",
                     "point"})


def _not_people(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """Drop "people" that are things: object-word names, ships, products.

    Some signs mark a name as a thing's: an object word at its end ("Davis Cup"), a
    ship's prefix, digits or inner capitals ("SpaceX"), the model naming the same
    words a product, work or organisation elsewhere, an article before it ("the
    Switch Lite", "a Mach E"), a word the article also uses as a common word, or a
    single word that resolved to no full name. A name with a known first name, a title
    or honorific before one of its mentions, or a speech verb of its own is kept. Such a
    "person" used as a company at a third of its mentions (``_company_use``) is an ORG.
    """
    common = {t.lower_ for t in doc if t.is_lower and t.is_alpha
              and t.pos_ in ("NOUN", "ADJ", "VERB", "ADV")}
    lower = _vocab(doc).words
    things = {fold(e.text) for e in doc.ents if e.label_ in _THING_LABELS}
    labelled = {fold(e.text) for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")}
    orgs = {i for c in cands if c.type == "ORG" for i in range(c.start, c.end)}
    groups: dict[str, list[_Cand]] = defaultdict(list)
    out = []
    for c in cands:
        if c.type != "PERSON":
            out.append(c)
            continue
        span = doc[c.start : c.end]
        if span[-1].text in _OBJECT_HEADS or span[0].text in _SHIP_PREFIXES or any(
                t.text.endswith("+") or any(ch.isdigit() for ch in t.text)
                or _CAMEL.fullmatch(t.text) for t in span):
            continue
        groups[c.canonical or span.text].append(c)
        out.append(c)
    drop: set[int] = set()
    for name, group in groups.items():
        words = name.split()
        if _first_gender(words[0]) is not None:
            continue
        # "Zephyr Roam"; "Recent Acme" (a given name of mixed use opening a sentence)
        unnamed = len(words) > 1 and (not _given_form(words[0]) or all(
            _common_opening(doc, c, lower) for c in group if c.end - c.start > 1))
        lone = len(words) == 1 and all(
            c.canonical is None or c.canonical == doc[c.start : c.end].text for c in group)
        thing = fold(name) in things or any(
            w.lower() in common and w.lower() not in _PARTICLES and len(w) > 3 for w in words)
        evidence = quoted = False
        for c in group:
            span = doc[c.start : c.end]
            prev = doc[c.start - 1] if c.start > 0 else None
            if prev is not None and prev.is_lower and prev.lower_ in _THING_DETERMINERS \
                    and span.root.dep_ != "compound":
                thing = True  # "the Switch Lite" (not "a Riz Ahmed thriller")
            if fold(span.text) in things or (len(span) > 1 and fold(span.text) in labelled):
                thing = True
            if prev is not None and (_title_word(prev) or prev.lower_.rstrip(".") in _HONORIFICS) \
                    and not _in_heading(doc, prev):
                evidence = True
            root = span.root
            if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.lower() in _SPEECH:
                evidence = True  # a speaker: "X said"
            if (root.dep_ in ("nsubj", "dobj") and root.head.lemma_.lower() in _MIND_VERBS) or (
                    root.dep_ == "compound" and root.head.lower_ in _LEADER_THINGS):
                evidence = True  # "X believes", "attacking X", "the X administration"
            if unnamed and not quoted and _beside_quote(doc, span):
                quoted = True  # a speaker named outside a quote in its sentence
            if root.dep_ == "appos" and (root.head.lower_ in _PERSON_NOUNS
                                         or _title_word(root.head)):
                evidence = True  # "the party's founder, Jean-Marie Le Pen"
            if any(t.dep_ == "appos" and t.i >= c.end and (t.lower_ in _PERSON_NOUNS
                                                           or _title_word(t))
                   for t in root.children):
                evidence = True  # "Ana Ruiz, Head of Research at ..."
        if not evidence and (thing or lone or (unnamed and not quoted)):
            # a company the model read as a person: used as one at a third of its mentions
            if 3 * sum(_company_use(doc, c, orgs) for c in group) >= len(group):
                for c in group:
                    c.type = "ORG"
            else:
                drop.update(id(c) for c in group)
    return [c for c in out if id(c) not in drop]


# What a company does as the subject of an active verb (besides ``_ORG_ACTS``).
_COMPANY_ACTS = _ORG_ACTS | frozenset({"develop", "build", "make", "use", "raise", "acquire",
                                       "invest", "incorporate", "promise", "race", "buy"})


def _company_use(doc: Doc, c: _Cand, orgs: set[int]) -> bool:
    """A "person" with no name of a person used as a company: listed with an organisation
    ("Acme and Zorix"), owning what a company has ("Zorix's customers", "Zorix CEO"), the
    workplace after a title ("an engineer at Zorix"), or the subject of what companies do
    ("Zorix acquired", "Zorix is developing")."""
    root = doc[c.start : c.end].root
    head = root.head
    if any(t.i in orgs for t in _conjuncts(root) if not c.start <= t.i < c.end):
        return True
    if root.dep_ in ("poss", "compound") and head.i >= c.end and (
            head.lower_ in _ORG_THINGS or head.lower_ in _ORG_PEOPLE):
        return True
    if root.dep_ == "pobj" and head.lower_ in ("at", "for") and (
            _title_word(head.head) or head.head.lower_ in _STAFF_NOUNS):
        return True
    return root.dep_ == "nsubj" and head.pos_ == "VERB" and head.lemma_.lower() in _COMPANY_ACTS


def _org_surname(doc: Doc, c: _Cand, labels: Counter[tuple[str, str]]) -> bool:
    """A "full name" with no given name (or a mixed-use one opening a sentence) whose last word
    the model names an organisation more often than a person ("Recent Acme" beside five
    "Acme")."""
    first = doc[c.start]
    if _first_gender(first.text) is not None or (_given_form(first.text)
                                                 and not first.is_sent_start):
        return False
    last = fold(doc[c.end - 1].text)
    return labels[last, "ORG"] > labels[last, "PERSON"] + 1


def _common_opening(doc: Doc, c: _Cand, lower: set[str]) -> bool:
    """A "name" opened by a word of mixed use as a given name that the article also writes as
    a common word, at a sentence start or the word's only capital ("Recent Acme TVs")."""
    tok = doc[c.start]
    if _first_gender(tok.text) is not None:
        return False
    return tok.lower_ in lower and (tok.is_sent_start or not _given_form(tok.text))


def _in_heading(doc: Doc, tok: Token) -> bool:
    """A capitalised word after another capitalised word that is no title: title-case words
    of a heading ("How to Adopt an Online Leader Success Mindset"), not a title before a name."""
    if tok.i == 0 or tok.is_sent_start:
        return False
    prev = doc[tok.i - 1]
    return tok.text[:1].isupper() and prev.is_alpha and prev.text[:1].isupper() \
        and not _title_word(prev) and prev.lower_ not in _MODIFIERS \
        and demonym_code(prev.text) is None and country_code(prev.text) is None


_QUOTE_MARKS = "\"“”«»„"


def _beside_quote(doc: Doc, span: Span) -> bool:
    """True when the sentence of ``span`` (or the next one) quotes, and ``span`` is outside the
    quote marks."""
    sent = span.sent
    before = doc.text[sent.start_char : span.start_char]
    if sum(before.count(ch) for ch in _QUOTE_MARKS) % 2:
        return False
    text = sent.text
    if sent.end < len(doc):
        text += doc[sent.end].sent.text
    return any(ch in text for ch in _QUOTE_MARKS)
_THING_DETERMINERS = frozenset({"a", "an", "the", "this", "that", "these", "those", "my", "your",
                                "our", "their", "its", "every", "each", "any"})


_INITIALS = re.compile(r"(?:[A-Z]\.){1,3}|[A-Z]\.?")


def _given_form(word: str) -> bool:
    """A given name as a first word: a registered first name ("Tomás", "Pierre-Hugues" by
    its first part) or initials ("P.J.")."""
    from newsgraph.enrich.gender import is_first_name

    if _INITIALS.fullmatch(word):
        return True
    key = fold(word)
    return is_first_name(key) or is_first_name(key.split("-")[0])


def _first_gender(name: str) -> str | None:
    from newsgraph.enrich.gender import first_name_gender

    return first_name_gender(name)


def _looks_like_name(span: Span) -> bool:
    """Capitalised words, lower-case particles ("al", "bin", "de"), initials; no digits."""
    for tok in span:
        if tok.is_punct:
            continue
        text = tok.text
        if not _NAME_WORD.fullmatch(text) or (text.isupper() and len(text.rstrip(".")) > 1) \
                or (text.islower() and len(text) > 3):
            return False
    return True


_NAME_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*\.?")


def _extend_names(doc: Doc, cands: list[_Cand], names: set[tuple[str, ...]]) -> bytearray:
    """Grow person mentions leftwards to a known name ("Pen" -> "Le Pen"); tokens covered."""
    covered = bytearray(len(doc))
    for c in cands:
        covered[c.start : c.end] = b"\x01" * (c.end - c.start)
    for c in cands:
        while c.type == "PERSON" and c.start > 0 and not covered[c.start - 1] \
                and (fold(doc[c.start - 1].text), *_words(doc, c)) in names:
            c.start -= 1
            covered[c.start] = 1
    return covered


def _title_roles(doc: Doc, cands: list[_Cand]) -> list[Role]:
    """Roles from titles before a name: "Russian President Vladimir Putin"."""
    by_end = {c.end: c for c in cands}
    inside = {i for c in cands for i in range(c.start, c.end)}
    roles = []
    for c in cands:
        if c.type != "PERSON":
            continue
        i = c.start
        titles: list[Token] = []
        while i > 0:
            tok = doc[i - 1]
            if doc[i].is_sent_start and not _abbreviation_end(doc, i - 1):
                break  # "the Kremlin leader. Putin" is two sentences; "Gen. Andrey" is not
            if _title_word(tok) or tok.lower_ in _MODIFIERS or (i > 1 and (
                    (tok.text == "." and doc[i - 2].lower_ in _ABBREVIATED)
                    or (tok.text == "-" and _title_word(doc[i - 2])))):
                titles.insert(0, tok)
            elif titles and _role_modifier(tok, i) and tok.i not in inside:
                titles.insert(0, tok)  # "army chief", "air force spokesman"
            else:
                break
            i -= 1
        words = [t for t in titles if t.lower_.rstrip(".") not in _HONORIFICS]
        org = by_end.get(i)
        if org is None and i > 1 and doc[i - 1].text in _POSSESSIVES:
            org = by_end.get(i - 1)
        if not any(_title_word(t) for t in words):
            if org is not None and org.type == "COUNTRY" and not titles:
                c.country = c.country or org.country  # "Russia's Vladimir Putin"
            continue
        organisation = None
        if org is not None and (org.type in ("ORG", "COUNTRY") or org.demonym):
            organisation = org.canonical or doc[org.start : org.end].text
        end = doc[c.end - 1].idx + len(doc[c.end - 1].text)
        for k, part in enumerate(_title_parts(words)):
            start = doc[org.start].idx if org is not None and k == 0 else part[0].idx
            roles.append(Role(person=_name(doc, c), role=_role_text(doc, part[0].i, part[-1].i + 1),
                              organisation=organisation if k == 0 else None,
                              start=start, end=end))
    return roles


def _role_modifier(tok: Token, boundary: int) -> bool:
    """A common word modifying a title to its right: "army" chief, "military" spokesman."""
    return (tok.is_alpha and tok.dep_ in ("compound", "amod") and tok.head.i >= boundary
            and tok.pos_ in ("NOUN", "ADJ", "PROPN") and (tok.is_lower or tok.is_sent_start)
            and demonym_code(tok.text) is None)


def _is_abbreviation(tok: Token) -> bool:
    return tok.text == "." or tok.lower_.rstrip(".") in _ABBREVIATED


def _title_parts(words: list[Token]) -> list[list[Token]]:
    """One role per kind of title: "army chief Gen." -> "army chief", "Gen."."""
    last_word = max((k for k, t in enumerate(words)
                     if _title_word(t) and not _is_abbreviation(t)), default=None)
    if last_word is not None and any(_is_abbreviation(t) for t in words[last_word + 1 :]):
        return [words[: last_word + 1], words[last_word + 1 :]]
    return [words]


def _abbreviation_end(doc: Doc, i: int) -> bool:
    """True when token ``i`` ends an abbreviated title ("Gen." or "Maj" ".")."""
    tok = doc[i]
    if tok.text.endswith(".") and tok.lower_.rstrip(".") in _ABBREVIATED:
        return True
    return tok.text == "." and i > 0 and doc[i - 1].lower_ in _ABBREVIATED


def _role_text(doc: Doc, start: int, end: int) -> str:
    """Role words in lower case; abbreviations keep theirs ("Maj. Gen.", "CEO")."""
    text = doc[start:end].text
    if "." in text:
        return text
    return "".join((t.text if t.is_upper and len(t) > 1 else t.lower_) + t.whitespace_
                   for t in doc[start:end]).strip()


def _name(doc: Doc, cand: _Cand) -> str:
    return cand.canonical or doc[cand.start : cand.end].text


def _apposition_roles(doc: Doc, cands: list[_Cand]) -> list[Role]:
    """Roles from appositions: "Heidi De Pauw, the chief executive of Child Focus"."""
    by_token: dict[int, _Cand] = {}
    for c in cands:
        for i in range(c.start, c.end):
            by_token[i] = c
    roles = []
    for c in cands:
        if c.type != "PERSON":
            continue
        root = _root(doc, c)
        nouns = [t for t in root.children if t.dep_ == "appos" and t.i >= c.end]
        if root.dep_ == "appos" and root.head.i < c.start:
            nouns.append(root.head)
        for noun in nouns:
            if noun.pos_ != "NOUN" or noun.tag_ != "NN" or noun.i in by_token \
                    or not noun.is_alpha or len(noun) < 3 or noun.lower_ in _RELATIONS:
                continue  # one person has one role: "a psychologist", not "persons"
            left = [t for t in noun.lefts if t.dep_ in ("amod", "compound")
                    and t.i not in by_token and t.is_lower]
            first = left[0].i if left else noun.i
            last = noun.i + 1
            for prep in noun.rights:  # "secretary of state"
                if prep.lower_ == "of":
                    objs = [t for t in prep.children if t.dep_ == "pobj"]
                    if objs and objs[0].is_lower and not list(objs[0].lefts):
                        last = objs[0].i + 1
                break
            organisation = None
            for t in _phrase(noun):
                owner = by_token.get(t.i)
                if owner is not None and (owner.type in ("ORG", "COUNTRY") or owner.demonym) \
                        and owner is not c \
                        and not (owner.demonym and t.head is not noun
                                 and t.head.lower_ not in _STATE_NOUNS):
                    organisation = owner.canonical or doc[owner.start : owner.end].text
                    if owner.type == "ORG":
                        break
            span_end = max(t.i for t in noun.subtree if t.dep_ != "punct" or t.i == noun.i)
            lo, hi = min(c.start, first), max(c.end - 1, span_end)
            roles.append(Role(person=_name(doc, c), role=_role_text(doc, first, last),
                              organisation=organisation, start=doc[lo].idx,
                              end=doc[hi].idx + len(doc[hi].text)))
    return roles


def _phrase(noun: Token) -> list[Token]:
    """Tokens of an appositive noun phrase without its relative clauses, in order."""
    out: list[Token] = []
    stack = [noun]
    while stack:
        tok = stack.pop()
        out.append(tok)
        stack.extend(t for t in tok.children if t.dep_ not in ("relcl", "acl", "appos", "punct"))
    return sorted(out, key=lambda t: t.i)


def _person_countries(cands: list[_Cand], roles: list[Role],
                      persons: dict[str, _Cand]) -> None:
    """A person whose title names a country ("Russian President") carries its code."""
    codes = {}
    for c in cands:
        if (c.type == "COUNTRY" or c.demonym) and c.canonical:
            codes[c.canonical] = c.country
        elif c.type == "ORG" and c.canonical in ORG_COUNTRY:  # "Kremlin spokesman"
            codes[c.canonical] = ORG_COUNTRY[c.canonical]
    of_person = {}
    for r in roles:
        if r.organisation in codes and r.person not in of_person:
            of_person[r.person] = codes[r.organisation]
    for c in cands:
        if c.type == "PERSON" and c.country and c.canonical:
            of_person.setdefault(c.canonical, c.country)
    for c in cands:
        if c.type == "PERSON" and c.canonical in of_person:
            c.country = of_person[c.canonical]


def _unique_roles(roles: list[Role]) -> list[Role]:
    seen = set()
    out = []
    for r in sorted(roles, key=lambda r: r.start):
        key = (r.person, r.role, r.organisation)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


# -- organisations -----------------------------------------------------------------------------

_ORG_SUFFIXES = frozenset({"Group", "Company", "Inc", "Inc.", "Corp", "Corp.", "Corporation",
                           "Ltd", "Ltd.", "Co.", "Movement", "Organization", "Organisation"})


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w.lower() not in _LINK_WORDS and w[:1].isupper())


def _canonical_orgs(doc: Doc, cands: list[_Cand]) -> None:
    orgs = [c for c in cands if c.type == "ORG"]
    names = {doc[c.start : c.end].text for c in orgs}
    long_by_initials: dict[str, set[str]] = defaultdict(set)
    by_stem: dict[str, str] = {}
    for name in names:
        words = name.split()
        if len(words) > 1:
            long_by_initials[_initials(words)].add(name)
            if words[-1] in _ORG_SUFFIXES:
                by_stem[" ".join(words[:-1])] = name
    for c in orgs:
        text = doc[c.start : c.end].text
        canonical = text
        if text.isupper() and 2 <= len(text) <= 6 and len(long_by_initials.get(text, ())) == 1:
            canonical = next(iter(long_by_initials[text]))
        elif text in by_stem:
            canonical = by_stem[text]
        c.canonical = ORG_ALIASES.get(canonical, canonical)
    for c in cands:
        if c.type == "PLACE" and c.canonical is None:
            c.canonical = doc[c.start : c.end].text
