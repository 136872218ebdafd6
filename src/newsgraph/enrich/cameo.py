"""The CAMEO verb-pattern dictionary matched over spaCy's dependency parse.

The dictionary (PETRARCH2's ``CAMEO.2.0.txt``, converted by
``scripts/convert_petrarch.py`` into ``data/cameo_verbs.json.gz``) groups verbs
into synonym blocks; each block has a default CAMEO code and patterns: nouns
before the verb (in its subject), nouns and particles after it (its objects),
and prepositional phrases, each noun possibly a synonym set (``&WEAPON``) or a
phrase whose last word is its head (``{FINANCIAL AID}``). PETRARCH matched them
on constituency trees; here a pattern matches when each of its words is found
in the corresponding dependency slot of the verb, and the pattern with the most
matched words wins (ties: the one whose comment names this verb as the one it was
written for, then the one matched in objects and prepositions rather than the subject, an
act's code rather than a bare statement's, the code a repeated pattern is given more often,
else the first in the file: see :func:`_specificity`); a pattern of one subject word written for
another verb of the block is not carried over to this one. A pattern with the null code
``---`` says the verb is not an event in that use. A synonym without a code of its own takes
its block's code when it stands alone only in blocks of one act (see :data:`_ACT_BLOCKS`).
``bench/selfcheck_events.py`` checks the matcher against the dictionary itself: sentences
made from its entries and patterns must get their codes.

CAMEO codes become PLOVER types and modes through the official conversion table
(``data/cameo_plover.tsv``, CC BY-SA 4.0); CAMEO 01 (statements) and 02
(appeals) are dropped by PLOVER and so give no event.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from spacy.tokens import Token

_OBJECT_DEPS = frozenset({"dobj", "obj", "prt", "attr", "oprd", "dative", "acomp", "advmod",
                          "npadvmod", "xcomp", "ccomp", "appos", "nsubjpass", "obl"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
_PREP_DEPS = frozenset({"prep", "agent", "dative"})
_ACT_BLOCKS = frozenset({"07", "08", "10", "11", "12", "13", "15", "16", "17", "18", "19", "20"})
"""CAMEO roots whose synonym blocks group verbs of one act (aid, yielding, demands,
disapproval, rejection, threats, force, sanctions, coercion, assault: "decapitate" under
KILL, "evict" and "exile" under DEPORT); the blocks of 03-06, 09 and 14 (intent,
consultation, support, cooperation, investigation, protest) group verbs by a looser sense
("leave" and "journey" under GO SOMEWHERE, "govern" and "handle" under OVERSEE MANAGE,
"harass" and "pester" under DISTURB, a protest code)."""
_LOOSE_WORDS = """
    compete contrast contradict counterbalance contend match pit conflict best master overcome
    overshadow overtake surmount ring inhabit reside infest fill bide satify retire detach
    disconnect recede tend enable empower permit table remit catch grab bill tax contain
    moderate enclose crack damage spoil tear rip mar corrupt contaminate tarnish impair vitiate
    bruise upset bother annoy irk vex plague rag disquiet discomfit disconcert agonise agonize
    stun stupefy pique cry weep wail grieve whine sadden discourage dishearten humble swear aver
    avow settle resettle intermediate garner stabilize stabilise interfere necessitate stone
    hang untie undo tease unloose disentangle inflict appropriate authorise authorize legislate
    degrade appall disgust outrage scandalise scandalize revolutionise revolutionize bust
    shatter quarrel retaliate dishonor dishonour arbitrate conciliate intercede
"""
_LOOSE_SYNONYMS = frozenset(_LOOSE_WORDS.split())
"""Synonyms of those blocks whose everyday sense is not the block's act ("Moscow competes with
Washington" under VERBAL CONFLICT, "overtook" under DESTROY, "damaged" under HURT, "upset"
under DISTURB, "inflicted" whose act is its object's: losses or a fine; "retaliated" and
"quarrelled" under PHYSICAL CONFLICT, "authorized" under ALLOW, "interceded" under
COMPROMISE, "outraged" whose subject is not the one who accuses): our reading of the words,
as for the project's own verbs; they keep their block's patterns."""


@dataclass(frozen=True, slots=True)
class Plover:
    """A PLOVER reading of a CAMEO code."""

    type: str
    mode: str | None
    context: str | None


@dataclass(slots=True)
class CameoMatch:
    """The CAMEO code a verb gets in its clause, and what in the clause chose it."""

    code: str
    verb: str
    """The verb's dictionary form."""
    words: list[Token]
    """Tokens the pattern matched besides the verb (objects, particles, prepositions)."""
    reverse: bool = False
    """True for ``[:code]`` patterns: the target acts on the source."""
    pattern: bool = False
    """True when a pattern (not the verb's default code) gave the code."""
    own: bool = False
    """True when the code is the one the dictionary writes for this verb itself (its entry
    ``CONVICT [173]``), not its synonym block's."""


class _Dictionary:
    def __init__(self, data: dict[str, Any]):
        self.blocks: list[dict[str, Any]] = data["blocks"]
        for block in self.blocks:
            block["patterns"] = [alt for p in block["patterns"] for alt in _alternatives(p)]
        self.verbs: dict[str, list[Any]] = data["verbs"]
        self.compounds: dict[str, list[list[Any]]] = data["compounds"]
        self.forms: dict[str, str] = data["forms"]
        self.single: dict[str, frozenset[str]] = {}
        self.multi: dict[str, list[list[str]]] = {}
        for name, members in data["synsets"].items():
            self.single[name] = frozenset(m for m in members if " " not in m)
            self.multi[name] = [m.split() for m in members if " " in m]
        written = {self.forms.get(p.get("for"), p.get("for")) for b in self.blocks
                   for p in b["patterns"]}
        self.inheriting: frozenset[str] = frozenset(
            v for v, (block_i, own, _) in self.verbs.items()
            if own == "" and v != self.blocks[block_i]["name"] and v not in written
            and (self.blocks[block_i]["code"] or "")[:2] in _ACT_BLOCKS
            and v not in _LOOSE_SYNONYMS)
        """Synonyms that carry their block's code when they stand alone (see :func:`match`)."""


def _alternatives(pattern: dict[str, Any]) -> list[dict[str, Any]]:
    """A pattern with the dictionary's alternations ("(BY/WITH SANCTIONS)", "{AIR
    ATTACK/BOMBING/RAID}") as one pattern per alternative, in order."""
    text = json.dumps(pattern)
    if "/" not in text:
        return [pattern]
    out = [pattern]
    for slot in ("pre", "post", "prep"):
        for i, item in enumerate(pattern[slot]):
            words = item if slot != "prep" else [item[0], *item[1]]
            for j, word in enumerate(words):
                if "/" in word and not word.startswith("&"):
                    alts = []
                    for alt in word.split("/"):
                        copy = json.loads(text)
                        if slot == "prep":
                            if j == 0:
                                copy["prep"][i][0] = alt
                            else:
                                copy["prep"][i][1][j - 1] = alt
                        else:
                            copy[slot][i][j] = alt
                        alts.extend(_alternatives(copy))
                    return alts
    return out


@cache
def dictionary() -> _Dictionary:
    """The converted verb dictionary (loaded once)."""
    path = resources.files("newsgraph") / "data" / "cameo_verbs.json.gz"
    return _Dictionary(json.loads(gzip.decompress(path.read_bytes())))


@cache
def plover_table() -> dict[str, Plover]:
    """CAMEO code -> PLOVER (type, mode, context) from the official table."""
    path = resources.files("newsgraph") / "data" / "cameo_plover.tsv"
    out: dict[str, Plover] = {}
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        code, kind, mode, context = [*line.split("\t"), "", "", ""][:4]
        out[code] = Plover(kind, mode.strip() or None, context.strip() or None)
    return out


@cache
def weapon_verbs() -> frozenset[str]:
    """Verbs the dictionary codes as an attack with heavy or aerial weapons (194, 195) when
    their object is a weapon ("FIRE * ROCKET", "LAUNCH * &WEAPON (FROM)", "DROP * &WEAPON"):
    the verbs that discharge one."""
    d = dictionary()
    weapons = d.single.get("&WEAPON", frozenset())
    return frozenset(
        p["for"] for b in d.blocks for p in b["patterns"]
        if p.get("for") and p["code"] in ("194", "195") and len(p["post"]) == 1
        and len(p["post"][0]) == 1 and (p["post"][0][0] == "&WEAPON" or p["post"][0][0] in weapons))


def in_set(name: str, tok: Token) -> bool:
    """True when ``tok`` heads a member of the dictionary's synonym set ``name`` ("&WEAPON":
    "ballistic missile", "rockets")."""
    return _word_matches(name, tok)


def to_plover(code: str | None) -> Plover | None:
    """The PLOVER reading of a CAMEO code: the code itself, else its parent (``0234`` ->
    ``023`` -> ``02``); None for codes PLOVER drops (statements, appeals) or does not know."""
    if not code:
        return None
    table = plover_table()
    for n in range(len(code), 1, -1):
        found = table.get(code[:n])
        if found is not None:
            return found
    return None


def verb_base(tok: Token) -> str | None:
    """The dictionary verb ``tok`` is a form of: its lemma, or its surface form when the
    lemmatizer slipped ("staged" -> "stag")."""
    d = dictionary()
    lemma = tok.lemma_.lower()
    if lemma in d.verbs or lemma in d.compounds:
        return lemma
    low = tok.lower_
    base = d.forms.get(low)
    if base is not None:
        return base
    if low in d.verbs:
        return low
    for stem in _stems(low):
        if stem in d.verbs or stem in d.compounds:
            return stem
    return None


def names_act(tok: Token) -> bool:
    """True when ``tok`` is a form of a dictionary verb that codes an act by itself ("attack",
    "visit", "demand"); a noun of a verb the dictionary codes only in patterns ("position",
    "base", "post", of ARRANGE [---]) names a thing."""
    base = verb_base(tok)
    if base is None:
        return False
    d = dictionary()
    if base not in d.verbs:
        return True  # known only with a particle ("SHUT_DOWN"): taken for an act, as before
    block_i, own_code, _ = d.verbs[base]
    return bool(own_code) or d.blocks[block_i]["code"] is not None


def regular_bases(word: str) -> list[str]:
    """Regular English bases an inflected verb form may have (see :func:`_stems`)."""
    return _stems(word)


def _stems(word: str) -> list[str]:
    """Regular English bases an inflected verb form may have ("cordoned" -> "cordon",
    "stopped" -> "stop", "taxes" -> "tax"), for forms the lemmatizer got wrong."""
    out: list[str] = []
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            out.append(stem)
            if suffix in ("ing", "ed"):
                out.append(stem + "e")
                if len(stem) > 2 and stem[-1] == stem[-2]:
                    out.append(stem[:-1])
            if suffix == "ed" and stem.endswith("i"):
                out.append(stem[:-1] + "y")
    if word.endswith("d") and len(word) > 3:
        out.append(word[:-1])
    return out


def _word_matches(word: str, tok: Token) -> bool:
    if word.startswith("&"):
        d = dictionary()
        single = d.single.get(word)
        if single is None:
            return False
        if tok.lower_ in single or tok.lemma_.lower() in single:
            return True
        return any(_phrase_matches(m, tok) for m in d.multi.get(word, ()))
    if "-" in word:
        return word == _hyphenated(tok)
    return word == tok.lower_ or word == tok.lemma_.lower()


def _hyphenated(tok: Token) -> str:
    return hyphenated(tok).lower()


def hyphenated(tok: Token) -> str:
    """The hyphenated word ``tok`` is a piece of, which the tokenizer split ("sit-in" ->
    "sit", "-", "in"); the token itself when it is none."""
    doc = tok.doc
    lo = hi = tok.i
    while lo > 0 and not doc[lo - 1].whitespace_ and (doc[lo - 1].text == "-"
                                                      or doc[lo].text == "-"):
        lo -= 1
    while hi + 1 < len(doc) and not doc[hi].whitespace_ and (doc[hi + 1].text == "-"
                                                            or doc[hi].text == "-"):
        hi += 1
    return doc[lo:hi + 1].text


def hyphen_prefix(verb: Token) -> Token | None:
    """The first part of a hyphenated verb the tokenizer split ("test-fired": ``test``), or
    None."""
    doc = verb.doc
    i = verb.i
    if i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ \
            and not doc[i - 2].whitespace_ and doc[i - 2].is_alpha:
        return doc[i - 2]
    return None


def _phrase_matches(words: list[str], tok: Token) -> bool:
    """``words`` (head last) match the phrase headed by ``tok``."""
    if not words or not _word_matches(words[-1], tok):
        return False
    if len(words) == 1:
        return True
    mods = [t for left in tok.lefts for t in left.subtree]
    return all(any(_word_matches(w, m) for m in mods) for w in words[:-1])


def _post_tokens(verb: Token) -> list[Token]:
    out: list[Token] = []
    for c in verb.children:
        if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX"):
            continue  # a clause, not the noun a pattern names ("said they will attack")
        if c.dep_ in _OBJECT_DEPS and c.i > verb.i - 1 and c.dep_ != "nsubjpass":
            out.append(c)
            out.extend(c.conjuncts)
        elif c.dep_ == "nsubjpass":
            out.append(c)
    return out


def _preps(holders: list[Token]) -> list[tuple[str, Token | None, Token]]:
    out: list[tuple[str, Token | None, Token]] = []
    for h in holders:
        for c in h.children:
            if c.dep_ in _PREP_DEPS and c.pos_ == "ADP":
                pobj = next((p for p in c.children if p.dep_ in ("pobj", "pcomp")), None)
                out.append((c.lower_, pobj, c))
    return out


def _subject_tokens(verb: Token) -> list[Token]:
    v = verb
    for _ in range(4):
        subs = [t for c in v.children if c.dep_ in _SUBJECT_DEPS for t in (c, *c.conjuncts)]
        if subs:
            return subs
        if v.dep_ in ("xcomp", "conj", "advcl") and v.head is not v:
            v = v.head
        else:
            break
    return []


_PARTICLES = frozenset({"up", "down", "off", "out", "away", "back", "aside"})
"""Words that are a verb's particle or a preposition, as the parser chooses ("wrote off the
debt": ``off`` a preposition with ``debt`` its object; "set aside the enmity": ``aside`` an
adverb with ``enmity`` the verb's object), whichever way the dictionary wrote the pattern
(``* OFF DEBT``, ``* (ASIDE ENMITY)``)."""


def _proceeding(particle: Token) -> bool:
    """A particle followed by a "with" phrase of its verb ("pressed on with reforms", "pushed
    ahead with the vote", "went on with the talks"): the verb + particle + "with" is to carry on
    doing what "with" names, not the phrasal verb's own act done to it."""
    if particle.dep_ not in ("prt", "prep", "advmod") or particle.pos_ not in ("ADP", "ADV", "PART") \
            or any(c.dep_ in ("pobj", "pcomp") for c in particle.children):
        return False
    nxt = particle.nbor(1) if particle.i + 1 < len(particle.doc) else None
    return nxt is not None and nxt.lower_ == "with" and nxt.head in (particle.head, particle)


def match(verb: Token) -> CameoMatch | None:
    """The CAMEO code of ``verb`` in its clause, or None (not in the dictionary, or a use the
    dictionary codes as no event).

    A verb + particle entry of the dictionary ("SHUT_DOWN", "LOOK_FOR") takes its own block;
    when none of that block's patterns matches, a pattern of the verb's own block that spells
    the particle out ("SHUT * DOWN HEADQUARTERS", "LOOK * (FOR WAY)") still codes the clause,
    before the entry's code for the verb + particle alone."""
    d = dictionary()
    base = verb_base(verb)
    if base is None:
        return None
    entry = own_entry = d.verbs.get(base)
    consumed: list[Token] = []
    for before, after, block_i, own_code, own_rev in d.compounds.get(base, ()):
        following = [t for t in verb.children if t.dep_ in ("prt", "prep") and t.i > verb.i]
        if after and [t.lower_ for t in following[: len(after)]] != after:
            continue
        if before and [t.lower_ for t in verb.doc[max(verb.i - len(before), 0):verb.i]] != before:
            continue
        entry, own_entry = [block_i, own_code, own_rev], entry
        consumed = following[: len(after)]
        break
    if entry is None:
        return None
    block_i, own_code, own_rev = entry
    block = d.blocks[block_i]
    best, best_words = _best_pattern(verb, base, block, consumed)
    if best is None and consumed and own_entry is not None:
        own, own_words = _best_pattern(verb, base, d.blocks[own_entry[0]], [])
        if own is not None and all(t in own_words for t in consumed):
            best, best_words, consumed = own, own_words, []
    if best is not None:
        if best["code"] is None:
            return None
        return CameoMatch(best["code"], base, consumed + best_words,
                          reverse=bool(best.get("reverse")), pattern=True)
    if own_code == "" and base != block["name"] and not consumed \
            and base not in d.inheriting:
        # A synonym inherits its block's patterns; its block's code for the verb alone only
        # when the block groups verbs of one act and the dictionary wrote no pattern for the
        # synonym (patterns are how it tells a polysemous verb's uses apart: "take", "hit",
        # "give" have dozens). Otherwise the block's code stands for its head verb only
        # ("mediate" sits in COMPROMISE [080], "compete" under a disapproval block).
        return None
    code = own_code if own_code != "" else block["code"]
    if code is None:
        return None
    return CameoMatch(code, base, consumed, reverse=bool(own_rev) if own_code else False,
                      own=own_code != "")


def _best_pattern(verb: Token, base: str, block: dict[str, Any],
                  consumed: list[Token]) -> tuple[dict[str, Any] | None, list[Token]]:
    """The pattern of ``block`` that matches the most words of ``verb``'s clause, and the
    tokens it matched; (None, []) when none matches."""
    scored = scored_patterns(verb, base, block, consumed)
    if not scored:
        return None, []
    top = max(score for _, score, _ in scored)
    tied = [(pattern, words) for pattern, score, words in scored if score == top]
    if len(tied) > 1:
        # max() keeps the first of equal keys: file order decides what specificity does not
        best = max(tied, key=lambda pw: _specificity(pw[0], tied))
        return best[0], best[1]
    return tied[0]


def _specificity(pattern: dict[str, Any],
                 tied: list[tuple[dict[str, Any], list[Token]]]) -> tuple[int, int, int]:
    """How specifically ``pattern`` fits the clause, to choose among patterns of equal score:
    words matched in the verb's objects and prepositions rather than its subject ("the army
    withdrew the ambassador": ``* AMBASSADOR``, not ``&MILITARY *``); a code of an act rather
    than a bare statement or appeal (CAMEO 01, 02, which PLOVER drops: "voiced regret" is an
    apology); and, where the dictionary writes one pattern twice with different codes, the
    code it gives more often. A plural written out beside its singular (``* DIPLOMATS`` [174],
    ``* DIPLOMAT`` [161]) is not read as a different use: file order keeps the first.
    """
    slots = sum(len(phrase) for phrase in pattern["post"]) + sum(
        1 + len(obj) for _, obj in pattern["prep"])
    code = pattern["code"]
    act = int(code is None or to_plover(code) is not None)
    same = (pattern["pre"], pattern["post"], pattern["prep"])
    repeated = sum(1 for p, _ in tied if (p["pre"], p["post"], p["prep"]) == same
                   and p["code"] == code)
    return slots, act, repeated


def scored_patterns(verb: Token, base: str, block: dict[str, Any], consumed: list[Token]
                    ) -> list[tuple[dict[str, Any], float, list[Token]]]:
    """Every pattern of ``block`` that matches ``verb``'s clause, in file order, with its
    score (the words it matched, weighted) and the tokens it matched."""
    d = dictionary()
    post = [t for t in _post_tokens(verb) if t not in consumed]
    objects = [t for t in post if t.pos_ in ("NOUN", "PROPN", "PRON", "NUM")]
    preps = _preps([verb, *objects])
    # the head of an "of" complement stands in the object's place ("fired a barrage of
    # rockets"), and a bare preposition of a pattern ("FIRE * AT") is the verb's preposition
    post += [pobj for word, pobj, _ in preps if word == "of" and pobj is not None
             and pobj.head.head in objects]
    # a preposition of time is not the verb's particle ("pressed Kyiv on Tuesday" is no
    # "PRESS * ON")
    bare = [tok for _, pobj, tok in preps if tok.head.i == verb.i and tok not in consumed
            and (pobj is None or pobj.ent_type_ not in ("DATE", "TIME"))]
    # a particle read as a preposition brings its object along ("wrote off the debt")
    post += [pobj for word, pobj, tok in preps if word in _PARTICLES and pobj is not None
             and tok.head.i == verb.i and tok.i == verb.i + 1 and tok not in consumed]
    subject = _subject_tokens(verb) if any(p["pre"] for p in block["patterns"]) else []
    prefix = hyphen_prefix(verb)
    chained = _preps([pobj for _, pobj, tok in preps if pobj is not None and tok.head.i == verb.i])
    out: list[tuple[dict[str, Any], float, list[Token]]] = []
    for pattern in block["patterns"]:
        words: list[Token] = []
        score = 0.0
        ok = True
        for phrase in pattern["post"]:
            hit = next((t for t in post if _phrase_matches(phrase, t)), None)
            if hit is None and len(phrase) == 1:
                hit = next((t for t in bare if t.lower_ == phrase[0]), None)
            if hit is None:
                ok = False
                break
            words.append(hit)
            # a particle alone is weaker evidence than a named object, as a bare preposition
            # is ("broke off relations": BREAK * RELATIONS [161], not BREAK * OFF [130])
            score += 0.5 if len(phrase) == 1 and hit.pos_ in ("ADP", "ADV", "PART") \
                and hit.dep_ in ("prt", "prep", "advmod") else len(phrase)
        if not ok:
            continue
        if pattern["post"] and not pattern["prep"] and all(
                len(phrase) == 1 and _proceeding(hit)
                for phrase, hit in zip(pattern["post"], words, strict=True)):
            continue  # "pressed on with reforms": the verb + particle alone names another act
        # of two prepositional phrases, the second may hang on the first's object ("ruled in
        # favour of extradition": ``(IN FAVOUR) (OF EXTRADITION)``)
        pool = preps if len(pattern["prep"]) < 2 else preps + chained
        for prep_word, obj in pattern["prep"]:
            hit_prep = next((p for p in pool if p[0] == prep_word
                             and (not obj or (p[1] is not None and _phrase_matches(obj, p[1])))),
                            None)
            if hit_prep is None and obj and prep_word in _PARTICLES:
                # "set aside the enmity": the preposition a particle, its object the verb's
                particle = next((t for t in post if t.lower_ == prep_word
                                 and t.dep_ in ("prt", "advmod")), None)
                thing = next((t for t in post if t.pos_ in ("NOUN", "PROPN")
                              and _phrase_matches(obj, t)), None)
                if particle is not None and thing is not None:
                    hit_prep = (prep_word, thing, particle)
            if hit_prep is None:
                ok = False
                break
            words.append(hit_prep[2])
            if hit_prep[1] is not None and obj:
                words.append(hit_prep[1])
            score += (1 if obj else 0.5) + len(obj)  # a bare preposition is weaker evidence
            # than a named object ("broken relations with": RELATIONS, not WITH)
        if not ok:
            continue
        for phrase in pattern["pre"]:
            # a word before the verb is in its subject, or the first part of a hyphenated
            # verb the tokenizer split ("test-fired": FIRE's ``TEST *``)
            if not any(_phrase_matches(phrase, t) for t in subject) and not (
                    prefix is not None and len(phrase) == 1 and _word_matches(phrase[0], prefix)):
                ok = False
                break
            score += len(phrase)
        if not ok or score == 0:
            continue
        written_for = pattern.get("for")
        if written_for == base:
            score += 0.5  # of equal patterns, the one written for this verb of the block
        elif written_for in d.verbs and score < 2 and not pattern["post"] \
                and not pattern["prep"]:
            continue  # a subject word alone does not carry another verb's pattern over
            # ("PROSECUTOR *" was written for "charge", not for "accuse")
        elif written_for in d.verbs and pattern["post"] and not pattern["pre"] \
                and not pattern["prep"] and all(
                len(phrase) == 1 and hit.pos_ in ("ADP", "ADV", "PART")
                for phrase, hit in zip(pattern["post"], words, strict=False)):
            continue  # nor does a particle alone: a phrasal verb is its verb's ("PRESS * ON"
            # [190] is not "needed help on the front"); a preposition's frame is shared
            # ("EXCLUDE * (FROM)" [160] codes "barred Russia from markets")
        out.append((pattern, score, words))
    return out
