"""PLOVER events from the dependency parse: who did what to whom, where and when.

Every event is anchored on a verb. Its type comes from the verb itself
("shelled" -> ASSAULT), from verb + particle ("shot down"), or from an event
noun the verb governs ("imposed sanctions", "targeted X with sanctions",
"supplied Kyiv with weapons"). The actor is the verb's subject (or the agent
of a passive, or the subject inherited from a governing verb: "Russia tried to
sponsor talks"); the target its object or the object of a preposition. Both
resolve through the article's mentions, and things resolve to their owners
("a Turkish fighter jet" -> Türkiye). Place and date come from the same clause.
Negation ("did not respond", "refused to"), hypotheticals ("could", "would like
to", "if attacked") and future ("will", "plans to") are flagged and lower the
confidence: those events did not (yet) happen.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from newsgraph.enrich import calibration, cameo
from newsgraph.enrich.actors import (
    POLITICAL_SECTORS,
    lookup_actor,
    lookup_agent,
    unlisted_party,
)
from newsgraph.enrich.gender import FEMALE_NOUNS, MALE_NOUNS
from newsgraph.enrich.plover import (
    FRAME_TYPES,
    LIGHT_VERBS,
    NOUNS,
    PATIENT_VERBS,
    PHRASAL,
    RELATIONS,
    RENEWING_VERBS,
    REVERSE_VERBS,
    VERBS,
    VERBS_NEEDING_TARGET,
    WITH_VERBS,
    words,
)
from newsgraph.enrich.quotes import find_quote_spans
from newsgraph.enrich.resolve import (
    GROUP_PRONOUNS,
    PERSON_PRONOUNS,
    MentionIndex,
    Resolved,
    credit_spans,
)
from newsgraph.enrich.scope import Scope
from newsgraph.incidents import REPORTED
from newsgraph.model import DateExpr, Event, Mention

_SUBJ = frozenset({"nsubj", "nsubjpass"})
_INHERIT = frozenset({"xcomp", "conj", "advcl", "pcomp", "acl"})
_TARGET_PREPS = ("on", "against", "at", "with", "to", "into", "from", "toward", "towards", "over",
                 "for")
_PLACE_PREPS = frozenset({"in", "near", "at", "outside", "across", "along", "inside", "off",
                          "around", "into", "from", "through", "over"})
_MODAL_HYPO = frozenset({"could", "might", "may", "would", "should", "must", "can"})
_MODAL_FUTURE = frozenset({"will", "shall", "'ll", "wo"})
_HYPO_GOVERNORS = words(
    "like want wish hope seek try attempt consider propose threaten offer ask urge call"
    " demand suggest aim prefer pressure persuade encourage"
    # an opinion or a need is no act ("believed Ukraine needed to investigate")
    " believe think feel suppose assume suspect doubt imagine need"
)
_ASSERTING_ADJECTIVES = words("quick swift fast slow first last right wrong about")
"""Adjectives governing an infinitive that tell how or when the act was done, not a
disposition towards it ("was quick to condemn", "the first to recognise", "about to sign":
imminent); any other adjective makes its infinitive hypothetical ("eager to withdraw",
"willing to negotiate", "likely to expel")."""
_FUTURE_GOVERNORS = words("plan intend expect prepare vow pledge promise set schedule slate")
_SCHEDULING = words("schedule slate")
_FORECASTING = words("expect set")
"""Future governors that forecast an act rather than state the actor's intention: a
schedule ("Bush is scheduled to meet", "Bush scheduled to visit"), an expectation or a
setting in the passive ("is expected to sign", "is set to visit"; "Iran expects to sign"
is its own intention)."""
_REPORTING = words("say announce tell state declare confirm add insist report vow pledge promise"
                   " decide agree warn indicate signal reiterate")
_ALLEGING_ANY = words("allege accuse")
_ALLEGING = _ALLEGING_ANY | words("claim charge contend say")
_ALLEGING_ATTACK = words("say")
"""Verbs that allege only an attack by another party: the CAMEO dictionary's transformation
"a says b attacked" = a accuses b (112)."""
_HOSTILE_ACTS = frozenset({"ASSAULT", "COERCE", "THREATEN", "SANCTION", "MOBILIZE", "PROTEST"})
_HOSTED_ACTS = _HOSTILE_ACTS | {"CONSULT"}
"""Types whose target, when no other side is named, is the foreign country they happen in."""
_PLACE_TARGETS = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "AID"})
"""Types whose target may be a place, standing for its country ("an attack on Kyiv")."""
_NEG_GOVERNORS = words("refuse decline fail deny avoid reject stop cease halt")
_MAX_PARTIES = 4
_SYMMETRIC = frozenset({"AGREE", "CONSULT", "COOPERATE"})
"""Types where parties named together act towards each other."""
_TOPIC_PREPS = frozenset({"on", "over"})
"""Prepositions giving the topic of talks, agreement or cooperation, not the other party."""
_HAZARDS = frozenset({"typhoon", "hurricane", "cyclone", "storm", "tropical", "earthquake",
                      "flood", "floods", "wildfire", "tornado"})
"""A natural disaster is never an actor ("Typhoon Yagi killed 200 people")."""
_MISHAPS = _HAZARDS | frozenset({"crash", "accident", "collision", "derailment", "disease",
                                 "illness", "virus", "outbreak", "blaze", "landslide",
                                 "avalanche", "heatwave", "drought"})
"""Mishaps and nature, which kill without an actor ("killed by the crash", "died in the
storm"): the CAMEO dictionary null-codes such uses."""
_BORDER_NOUNS = frozenset({"border", "frontier", "boundary"})
_PLACE_HEADS = _BORDER_NOUNS | frozenset({"coast", "capital", "waters", "airspace", "territory",
                                          "side", "region", "province"})
"""Heads that make a nationality adjective a place ("near the Syrian border")."""
_QUANTITIES = words("dozen dozens hundred hundreds thousand thousands score scores number group"
                    " couple handful million millions")
_SANCTION_NOUNS = frozenset({"sanction", "sanctions"})
_INTENT_TYPES = frozenset({"AGREE", "THREATEN", "REJECT"})
_COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE", "AGREE"})
_HOSTILE = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "THREATEN"})
_PROMISE_GOVERNORS = words("promise pledge vow agree offer commit undertake")
_THREAT_GOVERNORS = words("threaten warn vow")
_REFUSE_GOVERNORS = words("refuse decline reject rule")
_STATED_INTENTS = _PROMISE_GOVERNORS | _THREAT_GOVERNORS | _REFUSE_GOVERNORS
"""Verbs that state an intention as an act ("threatened to", "offered to"), unlike verbs of
striving ("seeking to", "trying to")."""
_GOVERNORS = (_HYPO_GOVERNORS | _FUTURE_GOVERNORS | _NEG_GOVERNORS | _STATED_INTENTS
              | _REPORTING | words("schedule slate expect set"))
"""Every verb whose lemma decides the modality of the act it governs."""
_VERBAL_ACTS = frozenset({"ACCUSE", "REQUEST", "REJECT", "SUPPORT", "THREATEN", "AGREE"})
"""Acts done by saying: without a speaker (a passive with no agent) nobody did them."""
_NEEDS_NAMED_TARGET = frozenset({"CONSULT", "AGREE", "REQUEST", "REJECT", "CONCEDE"})
"""Types whose target is a party, never a thing owned by one ("hosted a Russian base")."""


def extract_events(doc: Doc, mentions: list[Mention], dates: list[DateExpr],
                   published: str | None = None, *, calibrated: bool = True,
                   why: list[tuple[int, str]] | None = None) -> list[Event]:
    """PLOVER events of ``doc`` with actors/targets resolved through ``mentions``.

    ``published`` (ISO date) anchors the actor dictionaries' date ranges ("President
    Bush" in 2003 is George W. Bush, US government) when the sentence gives no date.
    Confidences are calibrated (:mod:`newsgraph.enrich.calibration`) unless
    ``calibrated`` is false (the coder's raw confidence, which calibration is fitted on).
    ``why``, when given, collects (character offset, stage) for each trigger found that gave
    no event, the stage being the one that dropped it (one of :data:`DROP_STAGES`; offset -1
    for the whole text): the benchmark's diagnosis of missed events.
    """
    text = doc.text  # spaCy rebuilds doc.text on every access: read it once
    # a label that is a name is a dateline or a speaker, not a link's ("KABUL: ...")
    names = [(m.start, m.end) for m in mentions] + [
        (t.idx, t.idx + len(t)) for t in doc if t.pos_ == "PROPN" and not t.is_upper]
    scope = Scope(text, names)
    share = calibration.relevance(mentions)
    if not scope.article_in_scope or share < calibration.MIN_RELEVANCE:
        _drop(why, None, "article out of scope" if not scope.article_in_scope
              else "article not political")
        return []  # a sports, entertainment, product or lifestyle story: no political events
    quotes = [(o, c) for o, c, _, _ in find_quote_spans(text)]
    # the article's authors (a byline, credits, its reporter) are never its parties
    index = MentionIndex(_placed(mentions, published), quotes, credit_spans(doc, mentions))
    extra = _fragment_objects(doc, text)
    events: list[Event] = []
    seen: set[tuple[int, str | None, str | None]] = set()
    background: set[int] = set()
    kinds: set[tuple[int, str, str | None]] = set()
    untargeted: dict[tuple[int, str, str | None], Event] = {}
    found: dict[int, _Trig] = {}
    for tok in doc:
        if (tok.pos_ not in ("VERB", "AUX") and not _mistagged_verb(tok)) or tok.lemma_ == "be" \
                or tok.dep_ in ("prep", "case"):
            continue  # "according to", "including": prepositions tagged as verbs
        trig = _classify(tok, extra)
        if trig is not None:
            found[tok.i] = trig
    for tok in doc:
        if tok.lemma_.lower() in _ALLEGING:
            _allegation(tok, found)
    for i, trig in sorted(found.items()):
        tok = doc[i]
        if not scope.sentence_in_scope(tok.sent.start_char, tok.sent.end_char):
            _drop(why, tok, "sentence discard phrase")
            continue
        if scope.in_link(tok.idx):
            _drop(why, tok, "link to another story")
            continue
        if trig.kind in _CONTEST_KINDS and _scored(tok, text):
            _drop(why, tok, "a match result (a score)")
            continue
        if trig.kind in _INTENT_TYPES and any(
                c.i in found and not (_flags(c, found[c.i].noun)[1]
                                      and tok.lemma_.lower() in _STATED_INTENTS)
                for c in tok.children if c.dep_ in ("xcomp", "ccomp")):
            # "refused to release prisoners": the embedded act carries the intent, unless it
            # is only possible ("threatened to attack", "agree that disputes should be
            # resolved"): then the statement itself is the event
            _drop(why, tok, "intent left to the embedded act")
            continue
        built = _build(text, tok, trig, extra, index, dates, quotes, published, why)
        listed = [ev for ev in built if _listable(ev, tok)]
        if built and not listed:
            _drop(why, tok, "not listable (unnamed, media report, question)",
                  "media report" if built[0].type == "ACCUSE" and built[0].actor_sector == "MED"
                  else "question" if built[0].type == "REQUEST" and built[0].actor is not None
                  else f"no actor, {tok.tag_} {tok.dep_}")
        for ev in listed:
            key = (tok.i, ev.actor, ev.target)
            if tok.dep_ in ("xcomp", "advcl", "conj") and ev.target is None \
                    and (tok.head.i, ev.type, ev.actor) in kinds:
                continue  # "took to the streets to protest": one act told twice
            told = untargeted.get((tok.head.i, ev.type, ev.actor))
            if told is not None and ev.target is not None and tok.dep_ in ("xcomp", "advcl") \
                    and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
                # "sent aid to help the people of Haiti": one act, its party named in the
                # purpose clause; the purpose's event stands for both
                events = [e for e in events if e is not told]
                background.discard(id(told))
                del untargeted[(tok.head.i, ev.type, ev.actor)]
            kinds.add((tok.i, ev.type, ev.actor))
            if key not in seen:
                seen.add(key)
                events.append(ev)
                if ev.target is None:
                    untargeted[(tok.i, ev.type, ev.actor)] = ev
                if _background(tok):
                    background.add(id(ev))
    if calibrated and events:
        for ev in events:
            ev.confidence = calibration.calibrate(ev, share, scope.discard_phrases,
                                                  background=id(ev) in background)
    return events


_CONTEST_KINDS = frozenset({"ASSAULT", "COERCE", "PROTEST"})
"""Types a contest's report takes for its verbs: a side beaten, crushed, downed, a lead seized,
a player rallying."""
_SCORE = re.compile(r"(?<![\w.,:/-])\d{1,2} ?[-–—] ?\d{1,2}(?![\w%.:/-]|,\d)")
"""A score ("3-0", "6–4", "2 - 1"); not a time, a date, a decimal or part of a longer range."""
_RESULT_NOUNS = frozenset({"win", "victory", "defeat", "loss", "draw", "tie", "triumph",
                           "thrashing", "drubbing", "comeback", "scoreline", "result"})
"""Nouns a score modifies when it is a match's result ("in a 2-1 win")."""
_SUBCLAUSES = frozenset({"advcl", "ccomp", "xcomp", "relcl", "acl", "conj", "parataxis"})
"""Dependents of a verb that are clauses of their own, with their own acts."""


def _scored(verb: Token, text: str) -> bool:
    """True when a score follows ``verb`` in its own clause ("Portugal beat Belgium 3-0",
    "crushed his rival 6-4, 6-2"): a match result, whatever the sport. A count ("killed 10-15
    villagers") has its noun after it; a vote on a clause above the verb ("voted 52-48 to
    sanction") is outside the verb's phrase, and a clause under the verb is another act
    ("arrested fans after Spain beat Croatia 2-1")."""
    doc = verb.doc
    lo, hi = _end(verb), _end(verb.right_edge)
    inner = [(c.left_edge.idx, _end(c.right_edge)) for c in verb.children
             if c.dep_ in _SUBCLAUSES]
    for m in _SCORE.finditer(text, lo, hi):
        if any(a <= m.start() < b for a, b in inner):
            continue
        nxt = next((t for t in doc[verb.i:verb.right_edge.i + 2] if t.idx >= m.end()), None)
        if nxt is not None and nxt.pos_ in ("NOUN", "PROPN") and nxt.idx - m.end() <= 1 \
                and nxt.sent.start == verb.sent.start \
                and nxt.lemma_.lower() not in _RESULT_NOUNS:
            continue  # a count of things ("10-15 villagers"), not a result ("a 2-1 win")
        return True
    return False


DROP_STAGES = (
    "article out of scope", "article not political", "sentence discard phrase",
    "link to another story", "a match result (a score)",
    "intent left to the embedded act", "mishap or nature as agent",
    "verbal act without speaker", "allegation: accused unresolved",
    "acted on no party (an animal or a thing)", "verb needing a target: none", "no party named",
    "no party resolved",
    "only generic agents, unplaced", "verb alone, one side only", "own side's report",
    "no political party", "not listable (unnamed, media report, question)",
)
"""Where a trigger the coder found can be dropped, in the order the coder reaches them."""


def _drop(why: list[tuple[int, str]] | None, verb: Token | None, stage: str,
          detail: str | None = None) -> list[Event]:
    """Record in ``why`` that the trigger ``verb`` (None: the whole text) gave no event at
    ``stage`` (with ``detail``: ``"stage | detail"``); no events."""
    if why is not None:
        why.append((verb.idx if verb is not None else -1,
                    f"{stage} | {detail}" if detail else stage))
    return []


def _kind_of(r: Resolved, code: tuple[str | None, str | None, bool]) -> str:
    """What a party is, for the diagnosis: its type, whether it has a country, its sector."""
    via = " via pronoun" if r.via_pronoun else " via agent" if r.via_agent else ""
    return (f"{r.type}{via} {'with' if code[0] else 'no'} country"
            f"{' ' + code[1] if code[1] else ''}")


_REQUESTED = frozenset({"xcomp", "ccomp", "dobj"})
"""What a request asks for: an act ("asked him to leave"), a clause ("asked that ..."), a thing
("asked help"); "asked about", "asked if", "when asked" put a question."""
_QUESTION_MARKS = frozenset({"if", "whether"})
_EMBEDDED = frozenset({"acl", "pcomp", "xcomp", "advcl", "relcl", "ccomp"})


def _listable(ev: Event, verb: Token) -> bool:
    """Whether an event the coder built is one to list: an act named without anyone doing
    it in a non-finite clause is mentioned, not reported ("efforts to urge Ukraine",
    "tantamount to investigating Biden"); the news media telling of an attack report it,
    they do not accuse ("a CNN reporter said troops raided the camp": CAMEO's "a says b
    attacked" is an accusation between parties); a question is no request."""
    if ev.type == "ACCUSE" and ev.actor_sector == "MED" and verb.lemma_.lower() in _REPORTING:
        return False
    if ev.actor is None and ev.actor_sector is None and verb.tag_ in ("VB", "VBG") \
            and verb.dep_ in _EMBEDDED:
        return False
    if ev.type == "REQUEST" and verb.lemma_.lower() == "ask" and " " not in ev.trigger:
        asked = [c for c in verb.children if c.dep_ in _REQUESTED and not (
            c.dep_ == "ccomp" and (any(m.lower_ in _QUESTION_MARKS for m in c.children
                                       if m.dep_ == "mark") or c.tag_ in ("WDT", "WP", "WRB")
                                   or any(w.tag_ in ("WDT", "WP", "WRB") and w.i < c.i
                                          for w in c.subtree)))]
        asked += [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "for"]
        if not asked or all(c.dep_ == "dobj" and _party_like(c) for c in asked):
            return False  # "asked Morrison about", "asked her if", "when asked": a question
    return True


def _party_like(tok: Token) -> bool:
    """A pronoun, name or generic agent ("the ambassador"): someone asked, not what is asked."""
    return (tok.pos_ in ("PRON", "PROPN") or tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
            or _generic_sector([tok]) is not None)


def _placed(mentions: list[Mention], date: str | None) -> list[Mention]:
    """The mentions, a place the entity layer gave no country taking the one the actor
    dictionaries give its name ("Gaza Strip" -> PSE, "Idlib" -> SYR)."""
    out = []
    for m in mentions:
        if m.type == "PLACE" and m.country is None:
            found = lookup_actor(m.canonical, date) or lookup_actor(m.text, date)
            if found is not None and found.country is not None:
                m = replace(m, country=found.country)
        out.append(m)
    return out


_BACKGROUND_DEPS = frozenset({"relcl", "acl", "pcomp", "advcl"})


def _background(verb: Token) -> bool:
    """True when ``verb`` sits in a clause that gives the background of the sentence's
    report (a relative clause, a participle, a gerund after a preposition, an adverbial
    clause: "victims killed by the crash", "after crowds trashed its embassy"), not in the
    main clause or a clause reported by it ("said it attacked")."""
    v = verb
    for _ in range(8):
        if v.dep_ in _BACKGROUND_DEPS:
            return True
        if v.head is v or v.dep_ not in ("xcomp", "conj", "ccomp", "prep", "pobj", "dobj"):
            return False
        v = v.head
    return False


# -- classification -------------------------------------------------------------------


_CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "conj"})


def _mistagged_verb(tok: Token) -> bool:
    """A dictionary verb the tagger read as a noun or an adjective while the parser gave it a
    verb's dependents, a subject and an object ("the army flogs Brazil", "Turkish troops
    relaxed rules": present "-s" forms and past participles look like plurals and
    adjectives)."""
    if tok.pos_ not in ("NOUN", "ADJ", "PROPN") or tok.dep_ not in _CLAUSE_DEPS:
        return False
    deps = {c.dep_ for c in tok.children}
    return "nsubj" in deps and "dobj" in deps and cameo.verb_base(tok) is not None


def _children(tok: Token, extra: dict[int, Token]) -> list[Token]:
    kids = list(tok.children)
    if tok.i in extra:
        kids.append(extra[tok.i])
    return kids


def _dep(tok: Token, extra: dict[int, Token]) -> str:
    return "dobj" if any(v.i == tok.i for v in extra.values()) else tok.dep_


def _fragment_objects(doc: Doc, text: str) -> dict[int, Token]:
    """Repair sentences split inside a noun phrase ("targeted Unit 29155 Maj. Gen. | Andrey
    Averyanov with sanctions"): a verbless fragment following a sentence that does not end
    in punctuation becomes the object of that sentence's root verb."""
    extra: dict[int, Token] = {}
    sents = list(doc.sents)
    for prev, sent in itertools.pairwise(sents):
        last = prev[-1]
        if last.is_punct or "\n" in text[last.idx + len(last.text): sent.start_char]:
            continue
        root = sent.root
        if root.pos_ in ("PROPN", "NOUN") and prev.root.pos_ == "VERB" and not any(
            c.dep_ == "dobj" for c in prev.root.children
        ):
            extra[prev.root.i] = root
    return extra


def _objects(verb: Token, extra: dict[int, Token]) -> list[Token]:
    out: list[Token] = []
    for c in _children(verb, extra):
        if _dep(c, extra) in ("dobj", "oprd", "dative"):
            if c.pos_ == "ADP":  # "offered asylum to Assad": the dative is a preposition
                out.extend(p for p in c.children if p.dep_ == "pobj")
            else:
                out.append(c)
    if not out and verb.pos_ == "VERB" and verb.lemma_.lower() in PATIENT_VERBS:
        # "detained, questioned and released two journalists": a verb that never goes
        # without an object shares the party the conjoined verb after it acts on (not a
        # thing: "killed and ate a rabbit")
        out = next((shared for c in verb.conjuncts if c.i > verb.i
                    for shared in [[g for g in c.children if g.dep_ == "dobj"]] if shared), [])
        out = [o for o in out if _party_like(o)]
    return out


def _with_nouns(verb: Token, extra: dict[int, Token]) -> list[Token]:
    heads = [verb, *_objects(verb, extra)]
    return [
        pobj
        for h in heads
        for prep in _children(h, extra)
        if prep.dep_ == "prep" and prep.lower_ == "with"
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    ]


@dataclass(slots=True)
class _Trig:
    """What a verb reports: PLOVER type and mode, the event noun it took them from, whether
    the verb alone gave them (``plain``), and the CAMEO code when the dictionary coded it."""

    kind: str
    mode: str | None
    noun: Token | None = None
    plain: bool = False
    code: str | None = None
    reverse: bool = False
    about: Token | None = None
    """For an allegation, the reported clause whose subject is the accused."""


def _classify(verb: Token, extra: dict[int, Token]) -> _Trig | None:
    """The event ``verb`` reports in its clause, if any.

    In order: a verb + particle of the project's lexicon ("shot down"); a verb undoing an
    event noun ("lifted sanctions"); a pattern of the CAMEO dictionary (verb + object /
    preposition / particle); the project's event nouns ("imposed sanctions", "supplied X
    with arms"); the project's verbs (written for news use: the dictionary's code for a
    verb alone is its synonym block's, often loose, "mediate" sits in COMPROMISE), unless the
    dictionary writes a code for that verb itself of another type ("convicted" is COERCE
    arrest, "extradited" judicial COOPERATE); the dictionary's code for the verb alone. A
    verb the dictionary codes as a statement or appeal (CAMEO 01, 02, which PLOVER drops)
    gives no event by itself. A dictionary pattern that names the object as well as the
    particle comes before the project's verb + particle ("pulled out its staff": PULL * STAFF
    OUT [166], a diplomatic withdrawal, not the troops' RETREAT of "pull out").
    """
    lemma = verb.lemma_.lower()
    known = cameo.verb_base(verb)
    m = cameo.match(verb) if known else None
    prefix = cameo.hyphen_prefix(verb)
    coded = cameo.to_plover(m.code) if m is not None else None
    if m is not None and coded is not None and coded.type in _HOSTILE \
            and prefix is not None and prefix.lower_ == "test":
        # a weapon test is a show of force, as the dictionary codes "test-fired" (FIRE's
        # TEST * [150]), whatever verb carries it ("test-launched a missile" is no attack)
        return _from_cameo(cameo.CameoMatch(_SHOW_OF_FORCE, m.verb, m.words, pattern=True))
    weapon = _weapon_fired(verb, extra)
    if weapon is not None and known is not None and (m is None or not m.pattern):
        # "fired a ballistic missile": the dictionary's attack with a weapon for object
        # ("FIRE * ROCKET", "LAUNCH * &WEAPON (FROM)") whatever else its patterns name; with
        # no side aimed at it is a show of force (see _build)
        return _from_cameo(cameo.CameoMatch(_WEAPON_ATTACK, known, [weapon], pattern=True))
    for child in verb.children:
        if child.dep_ == "prt" or (child.dep_ == "prep" and child.i == verb.i + 1):
            trig = PHRASAL.get(f"{lemma} {child.lower_}")
            if trig is not None:
                if m is not None and m.pattern and child in m.words and any(
                        t.pos_ in ("NOUN", "PROPN") and t.dep_ in ("dobj", "nsubjpass")
                        for t in m.words):
                    coded = _from_cameo(m)
                    if coded is not None and coded.kind != trig[0]:
                        return coded
                return _Trig(trig[0], trig[1])  # the particle makes it unambiguous
    # the verb with its particle, for the undoing verbs ("called off the protest")
    undo = next((f"{lemma} {c.lower_}" for c in verb.children if c.dep_ == "prt"), lemma)
    for obj in _objects(verb, extra):
        for word in (obj.lower_, obj.lemma_.lower()):
            if word in NOUNS and undo in REVERSE_VERBS.get(NOUNS[word][0], {}):
                trig = REVERSE_VERBS[NOUNS[word][0]][undo]
                return _Trig(trig[0], trig[1], obj)  # "lifted sanctions": the act undone
            if word in RELATIONS and lemma in RENEWING_VERBS:
                trig = RENEWING_VERBS[lemma]
                return _Trig(trig[0], trig[1], obj)  # "renewed ties": the relation rebuilt
    # a pattern of a preposition alone ("MEET * (AT)" -> intent to meet) is weaker evidence
    # than the project's own reading of the verb; a particle is not ("backed out" is a
    # retreat, whatever "back" alone reads as)
    weak = (m is not None and bool(m.words) and lemma in VERBS
            and all(t.pos_ == "ADP" and t.dep_ != "prt"
                    and any(c.dep_ in ("pobj", "pcomp") for c in t.children) for t in m.words))
    if m is not None and m.pattern and not weak:
        coded = _from_cameo(m)
        if coded is not None:
            return coded
    for noun in _with_nouns(verb, extra):
        nl = noun.lemma_.lower()
        if lemma in WITH_VERBS and (nl in NOUNS or noun.lower_ in NOUNS):
            trig = NOUNS.get(noun.lower_) or NOUNS[nl]
            if lemma in FRAME_TYPES:
                return _Trig(FRAME_TYPES[lemma], trig[1])
            return _Trig(trig[0], trig[1])
    for obj in _objects(verb, extra):
        for word in (obj.lower_, obj.lemma_.lower()):
            if word in NOUNS:
                kind = NOUNS[word][0]
                if lemma in REVERSE_VERBS.get(kind, {}):
                    trig = REVERSE_VERBS[kind][lemma]
                    return _Trig(trig[0], trig[1], obj)
                if lemma in LIGHT_VERBS[word]:
                    return _Trig(NOUNS[word][0], NOUNS[word][1], obj)
                break
    trig = VERBS.get(lemma)
    own = cameo.to_plover(m.code) if m is not None and m.own else None
    if trig is not None and (own is None or own.type == trig[0]):
        # the project's reading of a verb where the dictionary has none of its own: a code
        # written for the verb itself ("CONVICT [173]") is the dictionary's specific word on
        # it and wins where the two differ; a synonym block's code does not (see above)
        return _Trig(trig[0], trig[1], plain=True)
    if m is not None:
        coded = _from_cameo(m)
        if coded is not None:
            coded.plain = True
        return coded
    return None


def _from_cameo(m: cameo.CameoMatch) -> _Trig | None:
    p = cameo.to_plover(m.code)
    if p is None:
        return None
    noun = next((t for t in m.words if t.pos_ in ("NOUN", "PROPN")), None)
    kind, mode = p.type, p.mode
    if kind == "COERCE" and mode == "restrict" and noun is not None and \
            noun.lemma_.lower() in _SANCTION_NOUNS:
        # PLOVER manual, SANCTION modes: international sanctions are SANCTION `discontinue'
        kind, mode = "SANCTION", "discontinue"
    return _Trig(kind, mode, noun, code=m.code, reverse=m.reverse)


def _allegation(verb: Token, found: dict[int, _Trig]) -> None:
    """"Rwanda alleged that France helped plan the killings", "the US claimed that ISIL had
    attacked Iraq": an allegation (PLOVER ACCUSE `allege') by the speaker against the subject
    of the reported clause. "Allege" and "accuse" say so of any clause; "claim" and "charge"
    only of a hostile act (a claim that the economy grew accuses nobody)."""
    lemma = verb.lemma_.lower()
    if lemma not in _ALLEGING or verb.pos_ != "VERB":
        return
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if clause is None or not any(c.dep_ in _SUBJ for c in clause.children):
        return
    inner = found.get(clause.i)
    if lemma not in _ALLEGING_ANY and (inner is None or inner.kind not in _HOSTILE_ACTS):
        return
    if lemma in _ALLEGING_ATTACK and (inner is None or inner.kind != "ASSAULT" or any(
            c.dep_ == "neg" or (c.dep_ == "aux" and c.tag_ == "MD") for c in clause.children)):
        return  # only an attack said to have happened ("could attack" accuses nobody)
    own = found.get(verb.i)
    if own is not None and own.kind != "ACCUSE":
        return
    found[verb.i] = _Trig("ACCUSE", "allege", code=own.code if own else None, about=clause)


# -- arguments --------------------------------------------------------------------------


def _is_passive(verb: Token, kind: str | None = None) -> bool:
    """Whether ``verb``'s subject is its patient (see :func:`_reduced_passive` for ``kind``)."""
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return True
    if _participle_of_noun(verb) or (verb.tag_ == "VBN" and verb.dep_ == "advcl" and not any(
            c.dep_ == "nsubj" for c in verb.children)):
        return True
    return _reduced_passive(verb, kind)


def _participle_of_noun(verb: Token) -> bool:
    """A past participle modifying a noun, its patient ("two soldiers wounded in the attack",
    "rebels attacked near the city"): an ``acl`` past form with no subject of its own, which
    the tagger may tag as a simple past (then with no object either: a past with one is a
    finite verb the parser attached to a noun)."""
    if verb.dep_ != "acl" or verb.tag_ not in ("VBN", "VBD"):
        return False
    marks = {c.dep_ for c in verb.children}
    return not marks & _SUBJ and (verb.tag_ == "VBN" or "dobj" not in marks)


_ACTIVE_MARKS = frozenset({"aux", "auxpass", "dobj", "dative", "oprd", "attr", "ccomp", "xcomp",
                           "nsubjpass", "expl"})
"""Dependents that show a clause is active (an auxiliary: "have shot down"; an object) or
already read as passive."""
_DONE_TO = frozenset({"ASSAULT", "COERCE", "SANCTION"})
"""Types of acts done to a party, which a headline's bare past form reports in the passive."""


def _reduced_passive(verb: Token, kind: str | None = None) -> bool:
    """A passive without its auxiliary that the parser read as active, as headlines and
    captions write it ("Russian jet shot down over Syria", "Helicopter shot down by rebels"):
    a past form with a subject (not a pronoun), no auxiliary and no object, and one of: a
    by-agent (only a passive has one); a verb that never goes without an object
    (:data:`PATIENT_VERBS`); or, for an act done to a party (``kind`` in :data:`_DONE_TO`), a
    resultative adjective with no object for it to describe ("teen shot dead": the subject is
    what became dead) or a headline, which tells a past act in the present and writes a bare
    past form for the passive ("embassy attacked in Kyiv", "journalist beaten in Minsk"; the
    tagger's VBN alone is no proof: it tags active pasts so). Not in a relative clause, whose
    object is its head ("the drone Iran shot down"), nor when a conjoined verb carries the
    shared object ("police arrested and jailed the activist")."""
    if verb.tag_ not in ("VBD", "VBN") or verb.dep_ in ("relcl", "acl", "amod"):
        return False
    subj: Token | None = None
    result = False
    for c in verb.children:
        if c.dep_ == "oprd" and c.pos_ == "ADJ":
            result = True
        elif c.dep_ in _ACTIVE_MARKS:
            return False
        if c.dep_ == "nsubj":
            subj = c
    if subj is None or subj.pos_ == "PRON" or any(
            c.i > verb.i and c.pos_ == "VERB" and any(g.dep_ == "dobj" for g in c.children)
            for c in verb.conjuncts):
        return False
    if any(c.dep_ == "agent" for c in verb.children):
        return True
    if kind in _DONE_TO and (result or _headline(verb.sent)):
        return True
    lemma = verb.lemma_.lower()
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
    return (f"{lemma} {particle}" if particle else lemma) in PATIENT_VERBS


_HEADLINE_MAX_TOKENS = 20
_STOPS = frozenset({".", "!", "?", ":", ";", "…"})


def _headline(sent: Span) -> bool:
    """A headline or caption line: short, a line (or text) of its own, ending without the
    punctuation that closes a sentence of prose ("Russian embassy attacked in Kyiv")."""
    words = [t for t in sent if not t.is_space]
    if not words or len(words) > _HEADLINE_MAX_TOKENS:
        return False
    last = next((t for t in reversed(words) if not t.is_quote and t.text not in (")", "]")),
                words[-1])
    if last.text in _STOPS:
        return False
    text = sent.doc.text
    end = words[-1].idx + len(words[-1].text)
    start = words[0].idx
    return (text[end:].lstrip(" \t")[:1] in ("", "\n")
            and text[:start].rstrip(" \t")[-1:] in ("", "\n"))


def _subject(verb: Token) -> tuple[Token | None, bool]:
    """The verb's own or inherited subject, and whether it is a passive one (the patient).

    Only a conjunct shares its governor's voice ("was arrested and charged"); the subject
    of a passive governing an infinitive, a participle or an adverbial clause does the
    embedded act ("Bush is scheduled to meet Putin", "Israel was forced to withdraw", "he
    was wounded while fighting rebels")."""
    v: Token = verb
    embedded = False
    for _ in range(6):
        subj = _own_subject(v)
        if subj is not None:
            patient = subj.dep_ == "nsubjpass" and not embedded
            if subj.lower_ in ("which", "who", "that") and v.dep_ == "relcl":
                return v.head, patient
            return _speaker(v, _cataphora(v, subj)), patient
        if _participle_of_noun(v):
            return v.head, not embedded
        if v.dep_ == "relcl":
            return v.head, False
        controller = _object_control(v) or _gerund_subject(v)
        if controller is not None:
            return controller, False
        controller = _object_controller(v)
        if controller is not None:
            return controller, False
        nxt = _governor(v)
        if nxt is None:
            break
        embedded = embedded or v.dep_ != "conj"
        v = nxt
    return None, False


def _own_subject(v: Token) -> Token | None:
    """The subject of ``v``; of a descriptor and the names it describes, which the parser
    made two subjects ("old foes Ethiopia and Eritrea renewed ties", "rivals India and
    Pakistan held talks"), the names."""
    subjects = [c for c in v.children if c.dep_ in _SUBJ]
    if not subjects:
        return None
    first = subjects[0]
    if len(subjects) > 1 and first.pos_ not in ("PROPN", "PRON") and subjects[1].pos_ == "PROPN" \
            and subjects[1].left_edge.i == first.i + 1:
        return subjects[1]
    return first


_SUBJECT_CONTROL = words("promise vow pledge threaten")
"""Verbs whose subject, not their object, does the act of their infinitive ("promised Iran
to help")."""


def _object_controller(v: Token) -> Token | None:
    """The object of the verb governing infinitive ``v``, which does its act ("urged Iran to
    release the sailors", "forced Georgia to withdraw": Iran releases, Georgia withdraws)."""
    head = v.head
    if v.dep_ != "xcomp" or head is v or head.pos_ != "VERB" or \
            head.lemma_.lower() in _SUBJECT_CONTROL or \
            not any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children):
        return None
    return next((c for c in head.children if c.dep_ == "dobj" and c.i < v.i
                 and c.pos_ in ("PROPN", "NOUN", "PRON")), None)


_REASON_PREPS = frozenset({"for", "of", "into"})
_COMPLEMENT_PREPS = frozenset({"into", "for", "of", "to", "about", "toward", "towards"})
"""Prepositions whose gerund completes the verb ("pressured X into announcing"), unlike
those of time ("before leaving")."""


def _gerund_subject(v: Token) -> Token | None:
    """The subject of a gerund clause the parser split from its verb's preposition ("objected
    to Ukraine opening an investigation": Ukraine opens it, not the one who objected)."""
    if v.dep_ != "xcomp" or v.tag_ != "VBG":
        return None
    for prep in v.head.children:
        if prep.dep_ == "prep" and prep.i < v.i:
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and pobj.right_edge.i == v.i - 1 \
                        and pobj.pos_ in ("PROPN", "NOUN", "PRON"):
                    return pobj
    return None


def _object_control(v: Token) -> Token | None:
    """The object that does the act of a gerund giving the reason of its governing verb
    ("jailed a student for helping militants", "accused Rwanda of arming rebels"): the
    governing verb's object, not its subject."""
    head = v.head
    if v.dep_ != "pcomp" or v.tag_ != "VBG" or head.dep_ != "prep" or \
            head.lower_ not in _REASON_PREPS or head.head.pos_ != "VERB":
        return None
    return next((c for c in head.head.children if c.dep_ in ("dobj", "nsubjpass")), None)


def _governor(v: Token) -> Token | None:
    """The verb whose subject ``v`` shares: through infinitives, conjuncts and adverbial
    clauses, gerunds under prepositions ("echoed Putin in accusing"), and the object noun an
    infinitive hangs on ("pooled efforts ... to broker a deal")."""
    head = v.head
    if head is v:
        return None
    if v.dep_ in ("xcomp", "conj", "advcl"):
        return head
    if v.dep_ == "acomp" and head.pos_ in ("VERB", "AUX"):
        return head  # "is about to restore", "is ready to sign": the adjective's subject
    if v.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        return head.head
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children)
    if v.dep_ == "acl" and infinitive and head.dep_ == "dobj" and head.head.pos_ == "VERB":
        return head.head
    if v.dep_ == "ccomp" and infinitive and _question(v) and head.pos_ in ("VERB", "AUX"):
        return head  # "has yet to decide whether to send": the decider's act, if any
    return None


def _speaker(v: Token, subj: Token) -> Token:
    """"Israel announced it would free prisoners", "Obama and Putin said they will attack": a
    pronoun subject of a reported clause is the reporter, when they agree in number."""
    if subj.pos_ != "PRON" or subj.lower_ not in ("he", "she", "it", "they", "we"):
        return subj
    clause = v
    while clause.dep_ == "conj" and clause.head is not clause:
        clause = clause.head
    head = clause.head
    if clause.dep_ != "ccomp" or head is clause or head.lemma_.lower() not in _REPORTING:
        return subj
    speaker = next((c for c in head.children if c.dep_ == "nsubj"), None)
    if speaker is None or speaker.pos_ not in ("PROPN", "NOUN"):
        return subj
    plural = bool(speaker.conjuncts) or speaker.tag_ in ("NNS", "NNPS")
    low = subj.lower_
    if (low in ("they", "we") and plural) or (low in ("he", "she", "it") and not plural):
        return speaker
    return subj


def _cataphora(verb: Token, subj: Token) -> Token:
    """"Even as it pounds Ukraine, Russia is expanding": a pronoun in a fronted clause means
    the main clause's subject."""
    if subj.pos_ != "PRON" or verb.dep_ != "advcl" or verb.i > verb.head.i:
        return subj
    main = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    return main if main is not None and main.i > subj.i and main.pos_ != "PRON" else subj


def _agent(verb: Token) -> Token | None:
    """The by-agent of a passive; also a "by" the parser hung on the noun of the verb's
    prepositional phrase ("Iran was hit with new sanctions by the United States")."""
    for c in verb.children:
        if c.dep_ == "agent":
            return next((p for p in c.children if p.dep_ == "pobj"), None)
    if not any(c.dep_ == "auxpass" for c in verb.children):
        return None
    for c in verb.children:
        if c.dep_ == "prep" and c.i > verb.i:
            for pobj in c.children:
                if pobj.dep_ == "pobj":
                    by = next((g for g in pobj.children if g.dep_ == "prep"
                               and g.lower_ == "by"), None)
                    if by is not None:
                        return next((p for p in by.children if p.dep_ == "pobj"), None)
    return None


def _origin(verb: Token, index: MentionIndex) -> Token | None:
    """The place a passive attack without agent came from ("a rocket was fired from Gaza",
    "shells launched from Lebanese territory"): its country stands for the attacker, as
    PETRARCH reads a source place."""
    if not any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return None
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "from":
            for pobj in prep.children:
                m = index.at_token(pobj) if pobj.dep_ == "pobj" else None
                if m is not None and m.country and m.type in ("PLACE", "COUNTRY"):
                    return pobj
    return None


_ACT_PREPS = frozenset({"in", "during", "by", "from"})
_UNDERGO = frozenset({"die", "perish"})
"""Verbs whose subject undergoes the act ("died in an airstrike"): the subject is the patient."""


def _instrument_agent(verb: Token) -> Token | None:
    """The act or weapon a passive verb without agent happened through, when it names its
    owner ("were killed in a Turkish airstrike", "wounded by Israeli tank fire"): the owner
    is the actor, as the agent of the act."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in _ACT_PREPS:
            continue
        for pobj in prep.children:
            if pobj.dep_ != "pobj" or pobj.pos_ != "NOUN":
                continue
            low = {pobj.lower_, pobj.lemma_.lower()}
            if pobj.lower_.endswith("ing"):  # "shelling", "bombing": the act of a verb
                low |= {pobj.lower_[:-3], pobj.lower_[:-3] + "e"}
            # an attack, a weapon (the event nouns of military aid), a military agent
            act = any(NOUNS.get(w, ("", None))[0] in ("ASSAULT", "COERCE")
                      or NOUNS.get(w) == ("AID", "military")
                      or VERBS.get(w, ("",))[0] == "ASSAULT" or lookup_agent(w) == "MIL"
                      for w in low) or _instrument(pobj, civil=False)
            owned = any(c.dep_ in ("amod", "compound", "poss", "nmod") and c.i < pobj.i
                        for c in pobj.children)
            if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in pobj.children):
                continue  # "shot down in his Navy jet": the victim's own, not the attacker's
            if act and owned:
                return pobj
    return None


def _conjuncts(tok: Token) -> list[Token]:
    """``tok`` and the parties listed with it. Beyond the parse's conjuncts: a list the parser
    read as an apposition ("the US, Russia, and Switzerland": Russia apposed, Switzerland its
    conjunct), and conjuncts hanging on the last word of a name whose first word was mis-tagged
    ("Barack Obama and Vladimir Putin" with "Barack" as a preposition)."""
    out = [tok]
    # a name after a prepositional phrase of the same kind belongs to it, whatever the parse
    # ("operations in Mali and neighboring Burkina Faso": Burkina Faso is no second object)
    after_pp = [p.i for p in tok.children if p.dep_ == "prep" and p.i > tok.i
                and any(o.dep_ == "pobj" and o.pos_ == "PROPN" for o in p.children)]
    out.extend(c for c in tok.conjuncts if c.i > tok.i and not (
        c.pos_ == "PROPN" and tok.pos_ != "PROPN" and any(i < c.i for i in after_pp)))
    for c in tok.children:
        listed = c.dep_ == "appos" and c.pos_ == "PROPN" and any(
            g.dep_ == "conj" and g.pos_ == "PROPN" for g in c.children)
        split_name = (tok.pos_ not in ("NOUN", "PROPN", "PRON") and c.dep_ == "pobj"
                      and c.pos_ == "PROPN" and c.i == tok.i + 1)
        if listed or split_name:
            out.extend(t for t in (c, *c.conjuncts) if t.i > tok.i and t not in out)
    return out[:_MAX_PARTIES]


def _resolve_all(
    heads: list[Token], index: MentionIndex, exclude: str | None = None, objects: bool = False,
    where: dict[int, Token] | None = None, date: str | None = None,
) -> list[Resolved]:
    """Entities the phrases headed by ``heads`` (and their conjuncts) name; ``where`` records
    the head token of each (by ``id``). A dateline ("HANOI -") is never a party. A phrase no
    mention stands for is read through the actor dictionaries (on ``date``)."""
    out: list[Resolved] = []
    for head in heads:
        for tok in _conjuncts(head):
            if index.credits and index.in_credit(tok.idx, _end(tok)):
                continue  # a byline or a credit names the article's authors
            if objects and tok.lower_ in GROUP_PRONOUNS:
                continue  # "stonewalled them": object "it/them" are mostly things
            if _is_dateline(tok):
                # "HANOI, Vietnam (AP) — U.S. Defense Secretary Mark Esper accused": the party
                # is the phrase after the dateline's dash, parsed as its apposition
                dash = next((c.i for c in tok.children
                             if c.dep_ == "punct" and c.text in ("-", "—", "–")), None)
                tok = next((c for c in tok.children if c.dep_ == "appos"
                            and dash is not None and c.i > dash), None)
                if tok is None:
                    continue
            r = index.resolve_np(tok, agents=True, exclude=exclude)
            if r is not None and r.via_pronoun and tok.lower_ in PERSON_PRONOUNS \
                    and _new_referent(tok, index, exclude):
                continue  # "Ali Sow spoke. A gunman opened fire. He killed": not Ali Sow
            if r is None and not index.overlapping(tok.left_edge.idx, _end(tok.right_edge)):
                r = unlisted_party(tok, date) or _name_party(tok, index)
                if r is not None and r.name == exclude:
                    r = None
            elif r is None:
                r = _name_party(tok, index)  # a name owning an agent ("soldiers from Zembla")
                if r is not None and r.name == exclude:
                    r = None
            found = [r] if r is not None else []
            if r is not None and r.via_agent:
                # "US and British activists": each listed owner is a party
                for mod in tok.children:
                    if mod.dep_ in ("amod", "compound", "nmod") and mod.i < tok.i:
                        for cj in mod.conjuncts:
                            m = index.at_token(cj)
                            if m is not None and (m.type == "COUNTRY" or m.demonym):
                                extra_owner = index.resolved(m)
                                extra_owner.via_agent = True
                                extra_owner.via_demonym = m.demonym
                                found.append(extra_owner)
            for r in found:
                if all(r.name != o.name for o in out):
                    out.append(r)
                    if where is not None:
                        where[id(r)] = tok
    return out


_REFERENT_REACH = 60
"""How many tokens back a pronoun looks for a person introduced after its named antecedent."""


def _new_referent(pronoun: Token, index: MentionIndex, exclude: str | None) -> bool:
    """True when, between a person pronoun and the named person it would stand for, a
    clause's subject (or, in an earlier sentence, an object or predicate) introduces someone
    new by an indefinite phrase naming a person ("a gunman opened fire ... he killed"): the
    pronoun is that someone, no name."""
    m = index.antecedent(pronoun.idx, ("PERSON",), exclude)
    if m is None:
        return False
    doc = pronoun.doc
    for k in range(pronoun.i - 1, max(pronoun.i - _REFERENT_REACH, 0) - 1, -1):
        t = doc[k]
        if t.idx < m.end:
            return False
        if t.tag_ == "NN" and lookup_agent(t.lemma_.lower()) is not None \
                and (t.dep_ in _SUBJ or (t.dep_ in _NEW_REFERENT_DEPS
                                         and t.sent.start != pronoun.sent.start
                                         and m.end <= t.sent.start_char)) \
                and any(d.dep_ == "det" and d.lower_ in ("a", "an") for d in t.children) \
                and not index.overlapping(t.idx, _end(t)):
            return True
    return False


_NEW_REFERENT_DEPS = frozenset({"pobj", "dobj", "attr"})
"""Beyond subjects, where an indefinite person in an earlier sentence is the one a pronoun
then stands for ("a case was found in a 55-year-old man. He had eaten ..."), when the name
is not in that sentence too ("X met a minister. He accused ...": X goes on)."""


_NAME_ENTS = frozenset({"", "PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
"""Entity labels (or none) a party's name may carry; a date, sum or work is never one."""
_NAME_DEPS = frozenset({"compound", "flat"})
UNKNOWN = "NAME"
"""The type of a party named by a name no mention or dictionary knows."""


def _name_party(tok: Token, index: MentionIndex) -> Resolved | None:
    """A party no mention and no actor dictionary knows, coded by its name with no country
    (as PETRARCH codes an actor of its own dictionary): a proper name ("Zembla", "Novo
    Selo"), or the name owning a generic agent ("soldiers from Zembla", "Zembla's
    army", "the government of Zembla"), the agent keeping its sector."""
    owner: Token | None = tok
    if tok.pos_ == "NOUN":
        if not (lookup_agent(tok.lower_) or lookup_agent(tok.lemma_.lower())):
            return None
        owner = next((c for c in tok.children if c.dep_ in ("poss", "compound")
                      and c.pos_ == "PROPN" and c.i < tok.i), None)
        if owner is None:
            owner = next((p for prep in tok.children if prep.dep_ == "prep"
                          and prep.lower_ in ("of", "from") for p in prep.children
                          if p.dep_ == "pobj" and p.pos_ == "PROPN"), None)
        if owner is None:
            return None
        m = index.at_token(owner)
        if m is not None:
            found = index.resolved(m)
            found.via_agent = True
            return found
    if owner.pos_ != "PROPN" or not owner.text[:1].isupper() or owner.ent_type_ not in _NAME_ENTS:
        return None
    if cameo.hyphenated(owner) != owner.text:
        return None  # a piece of a hyphenated word ("Wi-Fi")
    if _is_dateline(owner) or lookup_agent(owner.lower_):
        return None  # "President", "Police": a title or agent, not a name
    words = sorted([owner, *(t for c in owner.lefts if c.dep_ in _NAME_DEPS
                             and c.pos_ == "PROPN" for t in c.subtree if t.pos_ == "PROPN")],
                   key=lambda t: t.i)
    if any(b.i != a.i + 1 for a, b in itertools.pairwise(words)):
        words = [owner]
    if index.overlapping(words[0].idx, _end(words[-1])) or not all(_name_word(t) for t in words):
        return None
    lo, hi = min(words[0].i, tok.i), max(words[-1].i, tok.i)
    if any("\n" in t.whitespace_ or t.is_space for t in tok.doc[lo:hi]):
        return None  # a byline or heading the parse joined to the next paragraph
    name = " ".join(t.text for t in words)
    return Resolved(name, None, UNKNOWN, words[0].idx, _end(words[-1]), via_agent=owner is not tok)


def _name_word(tok: Token) -> bool:
    """A word of a name: letters (hyphens, apostrophes), capitalised, an acronym at most
    five letters long ("Zembla", "Al-Sadr", "ECOWAS"; not a model number "UN43NU6900")."""
    text = tok.text.replace("-", "").replace("'", "").replace("’", "")
    return text.isalpha() and tok.text[:1].isupper() and (not text.isupper() or len(text) <= 6)


def _end(tok: Token) -> int:
    return tok.idx + len(tok.text)


def _is_dateline(tok: Token) -> bool:
    """A place in capitals opening a paragraph, followed by a dash or an agency ("HANOI -",
    "KYIV (Reuters) -"): the dateline of a wire story."""
    doc = tok.doc
    first = tok.left_edge
    if first.i > 0 and "\n" not in doc[first.i - 1].whitespace_ + doc[first.i - 1].text:
        return False
    words = [t for t in doc[first.i:tok.i + 1] if t.is_alpha]
    if not words or not all(t.is_upper and len(t) > 1 for t in words):
        return False
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    return nxt is not None and nxt.text in ("-", "—", "–", "(", ",", ":")


def _targets(verb: Token, noun: Token | None, extra: dict[int, Token], passive_subj: Token | None,
             index: MentionIndex, actor: str | None, where: dict[int, Token],
             kind: str | None = None, date: str | None = None) -> list[Resolved]:
    if passive_subj is not None and noun is not None and passive_subj.i == noun.i:
        passive_subj = None  # the act itself is the subject ("sanctions were imposed on Iran")
    if passive_subj is not None:
        found = _resolve_all([passive_subj], index, actor, where=where, date=date)
        if found or not _instrument(passive_subj, civil=False):
            return found
        # a weapon was fired: its target is where it was aimed ("rockets were fired at
        # northern Israel")
    objs = [o for o in _objects(verb, extra) if noun is None or o.i != noun.i]
    # the doer of the act the verb answers ("condemned an attack by Ruritanian soldiers",
    # "welcomed the release of the journalist by Iran")
    doers = [p for o in [*objs, *([noun] if noun is not None else [])]
             if o.lower_ in NOUNS or o.lemma_.lower() in NOUNS or cameo.verb_base(o)
             for prep in o.children if prep.dep_ == "prep" and prep.lower_ == "by"
             for p in prep.children if p.dep_ == "pobj"]
    found = _resolve_all(doers, index, actor, where=where, date=date)
    if found:
        return found
    found = _resolve_all(objs, index, actor, objects=True, where=where, date=date)
    if found:
        return found
    if noun is not None and noun.dep_ == "dobj" and noun.lemma_.lower() not in NOUNS \
            and noun.lower_ not in NOUNS and not cameo.names_act(noun):
        # the pattern named a thing, not an event ("seized the town of Goma", "attacked
        # Ukrainian positions")
        found = _resolve_all([noun], index, actor, objects=True, where=where, date=date)
        if found:
            return found
    if noun is not None and noun.dep_ in ("dobj", "pobj"):
        # the owner of the act or claim the verb answers ("rejected Turkey's demand")
        owners = [c for c in noun.children if c.dep_ == "poss"]
        found = _resolve_all(owners, index, actor, where=where, date=date)
        if found:
            return found
    holders = [verb] + ([noun] if noun is not None else []) + objs
    # the event noun of a purpose phrase or of the occasion the act is part of, two levels
    # down from the verb or its noun ("travel to Washington for talks with Bush", "acted as
    # mediator in the talks with Tehran", "took part in talks with Nairobi")
    holders += [p for h in holders[:2] for prep in h.children
                if prep.dep_ == "prep" and prep.lower_ in _OCCASION_PREPS
                for p in prep.children if p.dep_ == "pobj"
                and (p.lower_ in NOUNS or p.lemma_.lower() in NOUNS)]
    # the complement of an object carries the parties of the act it names ("welcomed the
    # resumption of ties with Ruritania", "ties between Zembla and Florin")
    nominals = [*objs, *([noun] if noun is not None and noun.dep_ == "dobj" else [])]
    holders += [p for o in nominals if _act_noun(o) for prep in o.children
                if prep.dep_ == "prep" and prep.lower_ == "of"
                for p in prep.children if p.dep_ == "pobj" and p.pos_ == "NOUN"]
    # what one withdraws from is the other party ("withdrew from Mali to Niger")
    order = ("from", *(p for p in _TARGET_PREPS if p != "from")) if kind == "RETREAT" \
        else _TARGET_PREPS
    order = (*order, "between")
    for prep_word in order:
        if kind in _SYMMETRIC and prep_word in _TOPIC_PREPS:
            continue  # "cooperated on Syria", "talks over Idlib": the topic, not the partner
        for h in holders:
            for prep in h.children:
                if prep.dep_ == "prep" and prep.lower_ == prep_word:
                    pobjs = [p for p in prep.children if p.dep_ == "pobj"]
                    pobjs += [q for p in pobjs if p.lemma_.lower() in _BORDER_NOUNS
                              for w in p.children if w.dep_ == "prep" and w.lower_ == "with"
                              for q in w.children if q.dep_ == "pobj"]
                    found = _resolve_all(pobjs, index, actor, objects=True, where=where,
                                         date=date)
                    if found:
                        # a place is a target as its country ("an attack on Kyiv"); a
                        # place no country is known for is a name taken for one ("ties with
                        # Florin"), a party like any other name
                        return [f for f in found if f.type != "PLACE" or f.country is None or (
                            f.country and kind in _PLACE_TARGETS
                            and prep_word in ("on", "against", "at", "into", "to")) or (
                            f.country and kind == "RETREAT" and prep_word in ("from", "on")) or (
                            f.country and kind == "CONSULT" and prep_word == "to") or (
                            prep_word in _SIDE_PREPS and _names_country(f))]
    if noun is not None and kind in (*_HOSTILE_ACTS, "RETREAT") and _act_noun(noun):
        # the side an act noun's "of" names is the one acted on ("lifted its blockade of
        # Gaza", "ended the occupation of Crimea")
        found = _resolve_all(_pobjs(noun, ("of",)), index, actor, objects=True, where=where,
                             date=date)
        found = [f for f in found if f.type != "PLACE" or f.country]
        if found:
            return found
    if noun is not None and noun.dep_ in ("dobj", "nsubjpass") and (
            lookup_agent(noun.lower_) or lookup_agent(noun.lemma_.lower())) in POLITICAL_SECTORS:
        # the event noun names the people acted on ("expelled two Russian diplomats")
        return _resolve_all([noun], index, actor, objects=True, where=where, date=date)
    if kind in _INTENT_TYPES:
        # the party of the act intended ("threatened to attack Israel")
        for c in verb.children:
            if c.dep_ == "xcomp" and c.pos_ == "VERB":
                found = _targets(c, None, extra, None, index, actor, where, None, date)
                if found:
                    return found
    if kind in _PLACE_TARGETS:
        # a hostile act on things in a place hits that place's country ("struck targets in
        # southern Lebanon")
        for obj in [*objs, *([noun] if noun is not None and noun.dep_ == "dobj" else [])]:
            for prep in obj.children:
                if prep.dep_ == "prep" and prep.lower_ in ("in", "inside", "across"):
                    for pobj in prep.children:
                        m = index.at_token(pobj) if pobj.dep_ == "pobj" else None
                        if m is not None and m.country and m.type in ("PLACE", "COUNTRY") \
                                and m.canonical != actor:
                            return [index.resolved(m)]
    return []


_SHOW_OF_FORCE = "150"
"""CAMEO code of a demonstration of military power (PLOVER MOBILIZE): a weapon test, a weapon
fired at no one."""
_WEAPON_ATTACK = "194"
"""CAMEO code the dictionary gives a verb firing a weapon ("FIRE * ROCKET")."""
_AIM_PREPS = ("at", "on", "upon", "against", "toward", "towards")
"""Prepositions naming what a weapon is fired at ("fired rockets at the convoy")."""


_PARTY_ACTS = frozenset({"ASSAULT", "COERCE"})
"""Types whose patient, the object or a passive's subject, must be a party (CAMEO and PLOVER
targets are actors): an attack on an animal or a thing no side owns is no event."""
_PERSON_MODES = frozenset({"arrest", "deport", "abduct", "assassinate", "torture", "sexual"})
"""PLOVER modes whose act is done to a person whatever the noun ("arrested a teenager")."""
_PARTY_SETS = ("&PEOPLE", "&HOSTAGE", "&SUSPECT", "&LEADER", "&NEGOTIATOR", "&REFUGEE",
               "&OPPOSITION", "&MILITARY", "&PKO")
"""The dictionary's synonym sets of people and armed bodies."""
_STAND_IN_SETS = ("&TOWN", "&STRONGHOLD", "&AIRCRAFT", "&CAR", "&WEAPON")
"""The dictionary's places and equipment, which stand for the side they belong to."""


def _no_party(tok: Token, index: MentionIndex) -> bool:
    """True when ``tok`` heads a phrase naming no party nor anything standing for one: not a
    pronoun, name or number, no entity in its phrase (a name, a nationality owning it), no
    owner, not a generic agent of the agents dictionary, not a person by a gendered noun
    or the dictionary's sets of people, not a place, post or piece of equipment: an animal or
    a thing ("shot a deer")."""
    if tok.pos_ not in ("NOUN", "ADJ") or tok.lemma_.lower() in _QUANTITIES:
        return False
    core = _np_core(tok)
    if any(index.overlapping(t.idx, t.idx + len(t.text)) for t in core) or any(
            c.dep_ == "poss" for c in tok.children):
        return False
    words = {tok.lower_, tok.lemma_.lower()}
    if words & (MALE_NOUNS | FEMALE_NOUNS | _PLACE_HEADS | _PLACE_TARGET_HEADS | _PLACE_PARTS):
        return False
    if _generic_sector([tok]) is not None:
        return False
    return not any(cameo.in_set(name, tok) for name in (*_PARTY_SETS, *_STAND_IN_SETS))


def _weapon_fired(verb: Token, extra: dict[int, Token]) -> Token | None:
    """The weapon ``verb`` fires ("fired a ballistic missile", "launched rockets"): its
    object of the dictionary's ``&WEAPON`` set, for a verb the dictionary codes as an attack
    with a weapon for object (:func:`cameo.weapon_verbs`)."""
    base = cameo.verb_base(verb)
    if base is None or base not in cameo.weapon_verbs():
        return None
    return next((o for o in _objects(verb, extra) if cameo.in_set("&WEAPON", o)), None)


def _aimed(verb: Token, weapon: Token) -> bool:
    """True when the clause names what the weapon was fired at, party or not ("at a
    convoy", "on the town")."""
    return any(p.ent_type_ not in ("DATE", "TIME")
               for p in (*_pobjs(verb, _AIM_PREPS), *_pobjs(weapon, _AIM_PREPS)))
_OCCASION_PREPS = frozenset({"for", "in", "at", "during"})
"""Prepositions whose event-noun object may carry the act's other party ("in talks with")."""
_SIDE_PREPS = frozenset({"on", "against", "with", "toward", "towards"})
"""Prepositions whose object is the other side of any act ("sanctions on Moscow")."""


def _names_country(place: Resolved) -> bool:
    """True for a place the actor dictionaries code as its country, with no sector of its
    own (a capital standing for the state: "sanctions on Moscow", "talks with Beijing")."""
    code = lookup_actor(place.name)
    return code is not None and code.country == place.country and code.sector is None


def _pobjs(head: Token, preps: tuple[str, ...]) -> list[Token]:
    """Objects of ``head``'s prepositions ``preps``."""
    return [p for prep in head.children if prep.dep_ == "prep" and prep.lower_ in preps
            for p in prep.children if p.dep_ == "pobj"]


_ACT_SUFFIXES = ("tion", "sion", "ment", "ance", "ence")


def _act_noun(tok: Token) -> bool:
    """A noun naming an act ("resumption", "attack", "withdrawal"), not a thing ("the
    transcript of his call")."""
    low, lemma = tok.lower_, tok.lemma_.lower()
    return (low in NOUNS or lemma in NOUNS or lemma.endswith(_ACT_SUFFIXES)
            or cameo.verb_base(tok) is not None)


def _place(verb: Token, noun: Token | None, index: MentionIndex,
           used: set[str]) -> str | None:
    holders = [verb] + ([noun] if noun is not None else [])
    for h in holders:
        for prep in h.children:
            if prep.dep_ != "prep" or prep.lower_ not in _PLACE_PREPS:
                continue
            for pobj in prep.children:
                if pobj.dep_ != "pobj":
                    continue
                core = _np_core(pobj)
                ms = [m for t in core for m in index.overlapping(t.idx, t.idx + len(t.text))
                      if (m.type in ("PLACE", "COUNTRY") or m.demonym) and m.canonical not in used
                      and (not m.demonym or pobj.lemma_.lower() in _PLACE_HEADS)]
                if not ms:
                    continue
                own = index.at_token(pobj)
                if own is not None and own in ms:
                    return own.canonical
                kept = [t for t in core if t.dep_ not in ("det", "poss")]
                return "".join(t.text_with_ws for t in kept).strip()
    return None


def _np_core(head: Token) -> list[Token]:
    """The noun phrase of ``head`` without clauses or prepositions, except one "of"
    ("the city of Bamako")."""
    toks = [head]
    for c in head.children:
        if c.dep_ in ("compound", "amod", "nmod", "det", "punct") and c.i < head.i:
            toks.extend(t for t in c.subtree)
        elif c.dep_ == "prep" and c.lower_ == "of":
            toks.extend(p for p in c.children if p.dep_ == "pobj")
            toks.extend(t for p in c.children if p.dep_ == "pobj"
                        for t in p.children if t.dep_ == "compound")
    return sorted(toks, key=lambda t: t.i)


def _date(verb: Token, sent: Span, dates: list[DateExpr]) -> DateExpr | None:
    inside = [d for d in dates if sent.start_char <= d.start and d.end <= sent.end_char]
    if not inside:
        return None
    doc = verb.doc
    ancestors = {verb.i, *(a.i for a in verb.ancestors)}
    owned: DateExpr | None = None
    for d in inside:
        span = doc.char_span(d.start, d.end, alignment_mode="expand")
        if span is None:
            continue
        owner = _owning_verb(span.root)
        if owner is not None and owner.i == verb.i:
            return d
        if owner is not None and owner.i in ancestors and owned is None:
            owned = d
    return owned


def _owning_verb(tok: Token) -> Token | None:
    t = tok
    while t.head.i != t.i:  # spaCy makes a new Token per access: compare indices
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            return t
    return t if t.pos_ in ("VERB", "AUX") else None


# -- flags ------------------------------------------------------------------------------


def _flags(verb: Token, noun: Token | None) -> tuple[bool, bool, bool]:
    """(negated, hypothetical, future) for the clause of ``verb``, looking up its governors."""
    negated = hypothetical = future = False
    if noun is not None and any(c.lower_ in ("no", "never") for c in noun.children):
        negated = True
    v: Token = verb
    via_conj = False
    infinitive = False  # whether the clause just left is an infinitive ("eager to withdraw"),
    # not a that-clause ("angry that Russia attacked" tells of an attack)
    for depth in range(4):
        for c in v.children:
            low = c.lower_
            if c.dep_ == "neg" or (c.dep_ == "advmod" and (low == "never" or (
                    low == "longer" and any(g.dep_ == "neg" for g in c.children)))):
                negated = True  # "did not", "never", "no longer recognises"
            elif c.dep_ == "advmod" and low == "yet" and depth > 0 and infinitive \
                    and v.lemma_ in ("have", "be"):
                negated = True  # "has yet to recognise", "is yet to sign": not (yet) done
            elif c.dep_ == "aux" and c.tag_ == "MD":
                if low in _MODAL_FUTURE or (low == "would" and _reported(v)):
                    future = True
                elif low in _MODAL_HYPO:
                    hypothetical = True
            elif c.dep_ == "mark" and low in ("if", "unless", "whether"):
                hypothetical = True
            elif c.dep_ == "aux" and low == "going" and depth == 0:
                future = True
        if _question(v):
            # "has yet to say whether it will send", "refused to say whether it sent": what
            # governs the question (its negation, future, refusal) is not the act's; the act
            # itself is open
            break
        if depth > 0 and not via_conj:
            lemma = _governor_lemma(v)
            if lemma in _NEG_GOVERNORS:
                negated = True
            elif lemma in _FUTURE_GOVERNORS:
                future = True
            elif lemma in _HYPO_GOVERNORS:
                hypothetical = True
            elif infinitive and _disposition(v):
                # "is eager to withdraw", "ready to release", "eager for troops to leave": a
                # disposition towards the act (its wish, readiness, likelihood), not the act;
                # a gerund is left alone ("angry about Russia attacking" tells of an attack)
                hypothetical = True
        via_conj = False
        if v.dep_ in ("xcomp", "ccomp", "pcomp") or (v.dep_ == "advcl" and depth == 0 and (
                _has_if(v) or _governed_infinitive(v))):
            if v.head is v:
                break
            infinitive = v.dep_ in ("xcomp", "advcl") and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in v.children)
            v = v.head
            if v.dep_ == "prep" and v.lower_ in _COMPLEMENT_PREPS and v.head is not v \
                    and v.head.pos_ == "VERB":
                v = v.head  # "pressured X into announcing": the verb over the preposition
            continue
        if v.dep_ == "conj" and depth == 0:
            v, via_conj = v.head, True
            continue
        break
    # "if attacked": a conditional clause headed by the trigger itself
    if verb.dep_ == "advcl" and _has_if(verb):
        hypothetical = True
    if _generic_when(verb) or (verb.tag_ in _PRESENT and any(
            c.dep_ == "advcl" and _generic_when(c) for c in verb.children)):
        hypothetical = True
    return negated, hypothetical, future


_PRESENT = frozenset({"VBZ", "VBP"})


def _generic_when(v: Token) -> bool:
    """True for a clause of what happens whenever something does ("whenever Russia
    attacked", "when the United States slaps tariffs on goods"): a habit or a rule, not an
    event (a "when" clause in the simple present, or any "whenever" clause)."""
    if v.dep_ != "advcl":
        return False
    marks = {c.lower_ for c in v.children if c.dep_ in ("mark", "advmod") and c.i < v.i}
    if "whenever" in marks:
        return True
    return "when" in marks and v.tag_ in _PRESENT and not any(
        c.dep_ in ("aux", "auxpass") for c in v.children)


def _governor_lemma(v: Token) -> str:
    """The lemma of a verb that may govern another's modality, or the regular base of its
    form when the lemmatizer slipped and that base is such a verb ("hopes" -> "hop": "hope")."""
    lemma = v.lemma_.lower()
    if lemma in _GOVERNORS or v.pos_ not in ("VERB", "AUX"):
        return lemma
    return next((stem for stem in cameo.regular_bases(v.lower_) if stem in _GOVERNORS), lemma)


def _governed_infinitive(v: Token) -> bool:
    """True when ``v`` is a to-infinitive the parser attached as an adverbial clause to a verb
    that governs infinitives ("needed to investigate", "wants to attack"): a complement."""
    return (v.head is not v and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children)
            and (_governor_lemma(v.head) in _HYPO_GOVERNORS | _FUTURE_GOVERNORS | _NEG_GOVERNORS
                 or _disposition(v.head)))


def _disposition(v: Token) -> bool:
    """True for an adjective of disposition towards an act, or the verb it is the complement
    of ("eager", "is eager for troops to withdraw"); not one telling how or when it was done
    ("quick to condemn")."""
    if v.pos_ == "ADJ":
        return v.lower_ not in _ASSERTING_ADJECTIVES
    return v.pos_ in ("AUX", "VERB") and any(
        c.dep_ == "acomp" and c.pos_ == "ADJ" and c.lower_ not in _ASSERTING_ADJECTIVES
        for c in v.children)


def _reported(v: Token) -> bool:
    """True when clause ``v`` is reported by a verb in the past ("Israel announced it would
    free prisoners"): its "would" is the future of reported speech, not a conditional."""
    head = v.head
    return (v.dep_ == "ccomp" and head is not v and head.lemma_.lower() in _REPORTING
            and head.tag_ in ("VBD", "VBN"))


def _question(v: Token) -> bool:
    """True for a clause that is an open question ("whether to send troops", "asked if it
    would join"): marked "whether", or "if" as a complement (not a condition)."""
    return any(c.dep_ == "mark" and (c.lower_ == "whether" or (
        c.lower_ == "if" and v.dep_ in ("ccomp", "xcomp", "pcomp"))) for c in v.children)


def _has_if(v: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in v.children)


# -- assembly ---------------------------------------------------------------------------


def _build(text: str, verb: Token, trig: _Trig, extra: dict[int, Token], index: MentionIndex,
           dates: list[DateExpr], quotes: list[tuple[int, int]],
           published: str | None, why: list[tuple[int, str]] | None = None) -> list[Event]:
    """Events of one trigger (``why`` collects the stage that dropped it, if one did)."""
    kind, mode, noun, plain = trig.kind, trig.mode, trig.noun, trig.plain
    subj, subj_is_patient = _subject(verb)
    passive = _is_passive(verb, kind) or subj_is_patient or verb.lemma_.lower() in _UNDERGO
    actor_heads: list[Token] = []
    patient: Token | None = None
    if passive:
        patient = subj
        agent = _agent(verb) or _instrument_agent(verb)
        if agent is None and kind == "ASSAULT":
            agent = _origin(verb, index)
        if agent is not None and agent.lemma_.lower() in _MISHAPS:
            # "victims killed by the crash": no one acted (CAMEO's null patterns)
            return _drop(why, verb, "mishap or nature as agent")
        if agent is not None:
            actor_heads = [agent]
    elif subj is not None:
        actor_heads = [subj]
    act = actor_heads[0] if len(actor_heads) == 1 and actor_heads[0].pos_ == "NOUN" \
        and _act_noun(actor_heads[0]) else None
    if act is not None:
        # an act as the subject ("the attack by Russian forces on Kharkiv killed ten"): its
        # doer acts, on the side its "on"/"against" names
        actor_heads = _pobjs(act, ("by",))[:1] or actor_heads
    where: dict[int, Token] = {}
    sent = verb.sent
    date = _date(verb, sent, dates)
    anchor = date.value if date is not None else published
    actors = [a for a in _resolve_all(actor_heads, index, where=where, date=anchor)
              if not _is_hazard(a.name) and not _idle_owner(a, where.get(id(a)), anchor)]
    first_actor = actors[0].name if actors else None
    if passive and not actor_heads and kind in _VERBAL_ACTS and trig.about is None:
        # "officials accused of playing a role": a statement nobody is said to make
        return _drop(why, verb, "verbal act without speaker")
    if trig.about is not None:
        # the reported act's doer: its active subject, or a passive's agent (the subject of
        # "a helicopter was shot down" is its victim)
        accused = [] if _reduced_passive(trig.about) else [
            c for c in trig.about.children if c.dep_ == "nsubj"]
        if not accused and _agent(trig.about) is not None:
            accused = [_agent(trig.about)]
        if not accused and _origin(trig.about, index) is not None:
            # "Israel said a mortar bomb was fired at it from the Gaza Strip"
            accused = [_origin(trig.about, index)]
        targets = _resolve_all(accused, index, first_actor, where=where, date=anchor)
        if not targets:
            return _drop(why, verb, "allegation: accused unresolved")
    else:
        targets = _targets(verb, noun, extra, patient, index, first_actor, where, kind, anchor)
        if act is not None and kind in _HOSTILE_ACTS:
            acted_on = _resolve_all([p for h in {act.i: act, **{a.i: a for a in actor_heads}}
                                     .values() for p in _pobjs(h, ("on", "against"))],
                                    index, first_actor, objects=True, where=where, date=anchor)
            acted_on = [t for t in acted_on if t.type != "PLACE" or t.country]
            if acted_on and all(t.via_agent or t.type == "NAME" for t in targets):
                targets = acted_on  # the side attacked, not the people it killed
    if any(a.type == "PERSON" or a.country
           or _party_code(a, where.get(id(a)), anchor, index)[0] for a in actors):
        # a place or name no country is known for is a party only beside collective sides
        # no country is known for either ("Zembla restored ties with Florin"); beside a
        # person or a known country's side it is a spot of its story or a topic ("visited
        # Hoa Lo", "attacked each other's policies on Brexit")
        targets = [t for t in targets if t.type not in ("PLACE", UNKNOWN)
                   or t.country is not None]
    weapon = _weapon_fired(verb, extra) if kind == "ASSAULT" and trig.code else None
    shown: Token | None = None  # the weapon of a show of force, which is no side acted on
    if weapon is not None and not targets and not _aimed(verb, weapon) and _generic_party(
            [h for h in _object_heads(verb, noun, extra, patient) if h.i != weapon.i],
            index, None) is None and _host(
            verb, noun, index, {_party_code(a, where.get(id(a)), anchor, index)[0]
                                for a in actors}) is None:
        # a weapon fired at no one, nor in another country ("fired a ballistic missile into
        # the sea") demonstrates military power (CAMEO 150), as a weapon test does
        p = cameo.to_plover(_SHOW_OF_FORCE)
        if p is not None:
            kind, mode, shown = p.type, p.mode, weapon
            trig = replace(trig, kind=kind, mode=mode, code=_SHOW_OF_FORCE)
    if kind in _PARTY_ACTS and mode not in _PERSON_MODES and not targets \
            and trig.about is None and not trig.reverse:
        # a thing a dictionary pattern names is its word that acting on it is an event
        # ("blew up the pipeline"), as is an act ("the raid was carried out")
        acted_on = [o for o in ([patient] if patient is not None else _objects(verb, extra))
                    if not _act_noun(o) and (noun is None or o.i != noun.i)]
        if acted_on and all(_no_party(o, index) for o in acted_on):
            # "shot a deer", "killed a rabbit": what is acted on is no actor of politics
            return _drop(why, verb, "acted on no party (an animal or a thing)",
                         f"{kind}: {' + '.join(o.lemma_ for o in acted_on)}")
    if kind in _NEEDS_NAMED_TARGET:
        # a thing a nationality owns is no party ("hosted a Russian base"), a political body
        # it names is ("received ministers from the Georgian government")
        targets = [t for t in targets if not t.via_demonym or (
            id(t) in where and (lookup_agent(where[id(t)].lower_)
                                or lookup_agent(where[id(t)].lemma_.lower())) in POLITICAL_SECTORS)]
    if plain and verb.lemma_.lower() in VERBS_NEEDING_TARGET and not targets:
        return _drop(why, verb, "verb needing a target: none")
    clause_country = _clause_country(verb, noun, index)
    if not actors and not targets:
        # Only generic agents: an event when one of them is placed ("protesters in Lima",
        # "protesters staged a rally in Lima"), or when both are political ("the army killed
        # militants").
        object_heads = _object_heads(verb, noun, extra, patient)
        sides = [g for g in (_generic_party(actor_heads, index, clause_country),
                             _generic_party(object_heads, index, clause_country))
                 if g is not None]
        political = [g for g in sides if g[0] in POLITICAL_SECTORS]
        if not (any(g[1] is not None for g in political) or len(political) == 2):
            return _drop(why, verb, "only generic agents, unplaced" if sides
                         else "no party resolved" if actor_heads or object_heads
                         else "no party named", kind + ": " + (" + ".join(sorted(
                             f"{g[0]}{' placed' if g[1] else ''}" for g in sides)) or (
                             " and ".join(side for side, heads in (("actor", actor_heads),
                                                                   ("object", object_heads))
                                          if heads) + " heads")))
    if (plain and trig.code is not None and not (actors and targets)
            and verb.lemma_.lower() not in VERBS
            and not (kind in _SYMMETRIC and len(actors) > 1)
            and not (kind in _HOSTED_ACTS and not targets and _host(
                verb, noun, index, {_party_code(a, where.get(id(a)), anchor, index)[0]
                                    for a in actors}) is not None) and not (
                (actors or _generic_party(actor_heads, index, clause_country))
                and (targets or _generic_party(_object_heads(verb, noun, extra, patient),
                                               index, clause_country)))):
        # a verb alone is an event only between two parties (PETRARCH's dyads; a generic
        # agent is a party, as PETRARCH's "---CVL")
        return _drop(why, verb, "verb alone, one side only", kind + ": " + (
                     "actor side only" if actors or actor_heads else
                     "object side only" if targets or _object_heads(verb, noun, extra, patient)
                     else "neither side"))
    if trig.reverse:  # "[:173]" patterns: the object acts on the subject
        actors, targets = targets, actors
    used = {r.name for r in actors + targets}
    place = _place(verb, noun, index, used)
    negated, hypothetical, future = _flags(verb, noun)
    kind, mode, intent = _intent(verb, kind, mode, future, negated)
    if intent is None and kind in _INTENT_TYPES and any(c.dep_ in ("xcomp", "ccomp")
                                                        for c in verb.children):
        intent = {"AGREE": "promise", "THREATEN": "threat", "REJECT": "refusal"}[kind]
        if mode is None and kind != "AGREE":
            # the content of the threat or refusal is the act intended ("threatened to
            # expel the ambassador" -> THREATEN `expel')
            act = next((t for c in verb.children if c.dep_ == "xcomp"
                        for t in [_classify(c, extra)] if t is not None), None)
            if act is not None:
                mode = (_threatened(act.kind, act.mode) if kind == "THREATEN"
                        else _refused(act.kind))
    if intent == "refusal":
        negated = hypothetical = future = False  # the refusal is what happened
    in_quote = any(a <= verb.idx < b for a, b in quotes)
    prefix = cameo.hyphen_prefix(verb)
    said = verb.text if prefix is None else f"{prefix.text}-{verb.text}"  # "test-fired"
    trigger = said if noun is None else f"{said} {cameo.hyphenated(noun)}"
    start, end = sent.start_char, sent.end_char
    if verb.i in extra:
        end = max(end, extra[verb.i].sent.end_char)
    # never across a paragraph break
    start = max(start, text.rfind("\n", 0, verb.idx) + 1)
    line_end = text.find("\n", verb.idx)
    if line_end != -1:
        end = min(end, line_end)
    codes = {id(r): _party_code(r, where.get(id(r)), anchor, index) for r in actors + targets}
    if trig.about is not None and verb.lemma_.lower() in _ALLEGING_ATTACK:
        # "the US Central Command said the United States launched a strike": one side
        # reporting its own act (the dictionary's statement, 015), not an accusation; nor is
        # a direct quote, mostly a side's own account of its fighting
        if not actors or any(a <= trig.about.idx < b for a, b in quotes):
            # an unnamed speaker ("the army said") may be either side
            return _drop(why, verb, "own side's report")
        own = {codes[id(a)][0] for a in actors} - {None}
        targets = [t for t in targets if codes[id(t)][0] not in own]
        if not targets:
            return _drop(why, verb, "own side's report")
    # A side no entity stands for may still be a generic agent ("killed dozens of soldiers"):
    # no name, but its sector (PETRARCH's "---MIL").
    heads_a = actor_heads if not trig.reverse else _object_heads(verb, noun, extra, patient)
    heads_t = _object_heads(verb, noun, extra, patient) if not trig.reverse else actor_heads
    heads_t = [h for h in heads_t if shown is None or h.i != shown.i]
    generic_a = _generic_party(heads_a, index, clause_country) if not actors else None
    generic_t = _generic_party(heads_t, index, clause_country) if not targets else None
    if not any(codes[id(r)][2] for r in actors + targets) and not any(
            g is not None and g[0] in POLITICAL_SECTORS for g in (generic_a, generic_t)) \
            and not _named_dyad(actors, targets, kind, codes):
        # no political party: a business, sports or everyday story
        return _drop(why, verb, "no political party", kind + ": " + " + ".join(sorted(
            [_kind_of(r, codes[id(r)]) for r in actors + targets]
            + [f"generic {g[0]}" for g in (generic_a, generic_t) if g is not None])))
    # a side that is the actor itself is no target: the event stands without one
    targets = [t for t in targets if not any(_same_party(a, t, codes) for a in actors)]
    if not targets and kind in _HOSTED_ACTS and (generic_t is None or generic_t[1] is None):
        # a hostile act by a foreign side in a country names that country as its target, as
        # PETRARCH reads a place in the verb phrase ("US activists staged a protest in
        # Beijing" -> CHN); so does a meeting with no other party named, whose host is the
        # country it is held in ("Bush will hold talks in Seoul" -> KOR); a side acting in
        # its own country names none
        here = _host(verb, noun, index, {codes[id(a)][0] for a in actors})
        if here is not None:
            target = index.resolved(here)
            codes[id(target)] = (here.country, None, True)
            targets = [target]
            generic_t = None
    pairs: list[tuple[Resolved | None, Resolved | None]] = [
        (a, t) for a in actors or [None] for t in targets or [None]
    ]
    mutual = kind in _SYMMETRIC or (noun is not None and noun.lower_ in RELATIONS
                                    and kind in _COOPERATIVE)
    if mutual and mode != "mediate" and not targets and len(actors) > 1:
        # "China and Vietnam signed an agreement": each party acts towards the other
        pairs = [(a, b) for a in actors for b in actors if a is not b]
    events: list[Event] = []
    for actor, target in pairs:
        if actor is not None and target is not None and _same_party(actor, target, codes):
            continue
        a_code = codes[id(actor)] if actor is not None else (
            (generic_a[1], generic_a[0], False) if generic_a else (None, None, False))
        t_code = codes[id(target)] if target is not None else (
            (generic_t[1], generic_t[0], False) if generic_t else (None, None, False))
        conf = _confidence(actor, target, noun is not None, negated, hypothetical, future,
                           in_quote, trig.code is not None and not plain)
        events.append(Event(
            type=kind, start=start, end=end, trigger=trigger,
            actor=actor.name if actor else None,
            actor_country=a_code[0],
            target=target.name if target else None,
            target_country=t_code[0],
            mode=mode, place=place,
            date=date.value if date else (published[:10] if published else None),
            date_precision=date.precision if date else (REPORTED if published else None),
            confidence=conf, negated=negated, hypothetical=hypothetical, future=future,
            actor_sector=a_code[1], target_sector=t_code[1], cameo=trig.code, intent=intent,
        ))
        if len(events) >= _MAX_PARTIES:
            break
    return events


def _named_dyad(actors: list[Resolved], targets: list[Resolved], kind: str,
                codes: dict[int, tuple[str | None, str | None, bool]]) -> bool:
    """True when the act is between two named sides that no dictionary knows, neither with a
    sector outside politics ("Zembla restored ties with Ruritania"): PETRARCH codes such a dyad
    with the names as the actors' codes; a side the dictionaries know as a business, or one
    side alone, is no political event."""
    parties = actors + targets
    if not actors or not (targets or (kind in _SYMMETRIC and len(actors) > 1)):
        return False
    return any(r.type == UNKNOWN for r in parties) and all(
        r.country is None and codes[id(r)][0] is None and codes[id(r)][1] is None
        and r.type in (UNKNOWN, "ORG", "PLACE", "COUNTRY") and not r.via_pronoun
        for r in parties)


def _same_party(a: Resolved, b: Resolved,
                codes: dict[int, tuple[str | None, str | None, bool]]) -> bool:
    """One party named twice, unless two sectors of one country ("Georgian protesters" and
    "the Georgian government")."""
    if a.name != b.name:
        return False
    sa, sb = codes[id(a)][1], codes[id(b)][1]
    return not ((a.via_agent or b.via_agent) and sa is not None and sb is not None and sa != sb)


def _intent(verb: Token, kind: str, mode: str | None, future: bool, negated: bool = False
            ) -> tuple[str, str | None, str | None]:
    """PLOVER codes intentions by what is intended: a promise of cooperation is AGREE, a
    hostile intention THREATEN, a refusal REJECT (the governing verb decides, or a negated
    future: "said it would not provide support", "will not withdraw"). A threat's and a
    refusal's mode is its content, as the manual's mode tables give it ("threatened to
    arrest" -> THREATEN `arrest', "refused to release" -> REJECT `yield'). A forecast states
    no one's intention ("Bush is scheduled to meet Putin", "talks are expected to resume"):
    the act keeps its type, flagged future."""
    v = verb
    if v.dep_ == "conj" and v.head is not v:
        v = v.head  # "scheduled to give a speech and meet dissidents": as _flags reads it
    for _ in range(3):
        if _question(v):
            # an open question intends nothing ("refused to say whether it will send")
            return kind, mode, None
        if v.dep_ not in ("xcomp", "ccomp") or v.head is v:
            break
        v = v.head
        lemma = _governor_lemma(v)
        if lemma in _SCHEDULING or (lemma in _FORECASTING and (v.tag_ == "VBN" or any(
                c.dep_ == "auxpass" for c in v.children))):
            return kind, mode, None
        if lemma in _REFUSE_GOVERNORS:
            return "REJECT", _refused(kind), "refusal"
        if lemma in _THREAT_GOVERNORS and kind in _HOSTILE:
            return "THREATEN", _threatened(kind, mode), "threat"
        if lemma in _PROMISE_GOVERNORS and kind in _COOPERATIVE:
            return "AGREE", None, "promise"
    if future and negated and kind in _COOPERATIVE:
        return "REJECT", _refused(kind), "refusal"
    if future and kind in _HOSTILE and kind != "THREATEN":
        return "THREATEN", _threatened(kind, mode), "threat"
    if future and kind in _COOPERATIVE and kind != "AGREE":
        return "AGREE", None, "promise"
    return kind, mode, None


_THREAT_CONTENT = {
    "ASSAULT": "violence", "MOBILIZE": "violence", "COERCE/arrest": "arrest",
    "COERCE/deport": "expel", "SANCTION/expel": "expel", "COERCE/ban": "restrict",
    "COERCE/restrict": "restrict", "COERCE/curfew": "restrict", "COERCE/seize": "territory",
    "SANCTION/withdraw": "relations", "SANCTION/economic": "restrict",
    "SANCTION/discontinue": "restrict",
}
"""PLOVER THREATEN modes (the content of the threat) of the act threatened."""
_REFUSED_CONTENT = {"CONSULT": "meet", "AID": "assist", "COOPERATE": "assist",
                    "SUPPORT": "assist", "RETREAT": "yield", "CONCEDE": "yield"}
"""PLOVER REJECT modes of the act refused."""


def _threatened(kind: str, mode: str | None) -> str | None:
    """The THREATEN mode of threatening an act of ``kind``/``mode``."""
    return _THREAT_CONTENT.get(f"{kind}/{mode}") or _THREAT_CONTENT.get(kind)


def _refused(kind: str) -> str | None:
    """The REJECT mode of refusing an act of ``kind``."""
    return _REFUSED_CONTENT.get(kind)


def _object_heads(verb: Token, noun: Token | None, extra: dict[int, Token],
                  patient: Token | None) -> list[Token]:
    """Heads of the verb's object side: the patient, objects, then objects of prepositions.
    The noun of a verb + object pattern is a side too when it names a political agent
    ("arrested journalists", "repressed protesters": PETRARCH codes the object's actor
    whatever pattern matched)."""
    if patient is not None and (noun is None or patient.i != noun.i):
        return [patient]
    heads = [o for o in _objects(verb, extra) if noun is None or o.i != noun.i
             or _generic_sector([o]) in POLITICAL_SECTORS]
    for h in [verb, *([noun] if noun is not None else [])]:
        heads += [p for prep in h.children if prep.dep_ == "prep" and prep.lower_ in _TARGET_PREPS
                  for p in prep.children if p.dep_ == "pobj"]
    if not heads and verb.lemma_.lower() in _STATED_INTENTS:
        # the side of the act intended ("threatened to arrest the opposition leader")
        heads = [h for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"
                 for h in _object_heads(c, None, extra, None)]
    return heads


def _host(verb: Token, noun: Token | None, index: MentionIndex,
          own: set[str | None]) -> Mention | None:
    """The foreign place the clause happens in, for actors of the countries ``own`` (all
    known): the other side of what they do there ("Sarkozy arrived in Beijing")."""
    here = _clause_place(verb, noun, index)
    if here is None or not own or None in own or here.country in own:
        return None
    return here


def _clause_country(verb: Token, noun: Token | None, index: MentionIndex) -> str | None:
    """The country of the place the clause happens in ("staged a rally in Lima" -> PER)."""
    m = _clause_place(verb, noun, index)
    return m.country if m is not None else None


def _clause_place(verb: Token, noun: Token | None, index: MentionIndex) -> Mention | None:
    """The place (with a country) the clause happens in."""
    holders = [verb, *([noun] if noun is not None else [])]
    # one step down too: "killed 20 people at a market in Mogadishu"
    holders += [p for h in list(holders) for prep in h.children if prep.dep_ == "prep"
                and prep.lower_ in ("at", "near", "outside", "inside", "on", "against",
                                    *_ACT_PREPS)
                for p in prep.children if p.dep_ == "pobj"]
    for h in holders:
        for prep in h.children:
            if prep.dep_ != "prep":
                continue
            for pobj in prep.children:
                if pobj.dep_ != "pobj":
                    continue
                if pobj.lemma_.lower() in _PLACE_PARTS:
                    # "in the east of the Gaza Strip", "against a target southwest of Baghdad"
                    pobj = next((q for of in pobj.children if of.dep_ == "prep"
                                 and of.lower_ == "of" for q in of.children
                                 if q.dep_ == "pobj"), pobj)
                elif prep.lower_ not in ("in", "across", "throughout"):
                    continue
                m = index.at_token(pobj)
                if m is not None and m.country and m.type in ("PLACE", "COUNTRY"):
                    return m
    return None


_PLACE_PARTS = frozenset({
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
    "centre", "center", "outskirts", "suburb", "suburbs", "heart", "edge", "part", "parts",
    "vicinity", "interior",
})
"""Nouns naming a part of a place, whose "of" names the place ("in the north of Mali")."""


def _generic_party(heads: list[Token], index: MentionIndex, clause_country: str | None = None
                   ) -> tuple[str, str | None] | None:
    """(sector, country) of the first generic agent among ``heads`` ("police", "dozens of
    soldiers"); the country is the place the phrase puts it in ("protesters in Lima" ->
    CVL, PER), else the place of the clause (``clause_country``)."""
    for head in heads:
        sector = _generic_sector([head])
        if sector is None:
            continue
        country = None
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "from", "of"):
                for pobj in prep.children:
                    m = index.at_token(pobj) if pobj.dep_ == "pobj" else None
                    if m is not None and m.country and m.type in ("PLACE", "COUNTRY"):
                        country = m.country
        return sector, country or clause_country
    return None


def _generic_sector(heads: list[Token]) -> str | None:
    """The agents dictionary's sector for the first generic phrase among ``heads`` ("police",
    "dozens of soldiers" -> soldiers)."""
    for head in heads:
        tok = head
        if tok.pos_ in ("NUM", "NOUN") and tok.lemma_.lower() in _QUANTITIES:
            tok = next((p for prep in tok.children if prep.dep_ == "prep" and prep.lower_ == "of"
                        for p in prep.children if p.dep_ == "pobj"), tok)
        if tok.pos_ not in ("NOUN", "PROPN"):
            continue
        words = _np_words(tok)
        for k in range(len(words)):
            phrase = " ".join(t.lower_ for t in words[k:])
            sector = lookup_agent(phrase)
            if sector is not None:
                return sector
        if _PLACE_TARGET_HEADS & {tok.lower_, tok.lemma_.lower()}:
            # a body's building or post stands for the body ("a police station", "an army
            # checkpoint")
            for mod in tok.children:
                if mod.dep_ == "compound" and mod.i < tok.i:
                    sector = lookup_agent(mod.lower_)
                    if sector in POLITICAL_SECTORS:
                        return sector
    return None


_PLACE_TARGET_HEADS = frozenset({"station", "base", "post", "checkpoint", "headquarters",
                                 "barracks", "building", "convoy", "camp", "office", "compound"})


def _np_words(head: Token) -> list[Token]:
    """The head and the words before it in its phrase, without determiners or possessives."""
    lefts = [t for left in head.lefts if left.dep_ not in ("det", "poss", "case", "punct")
             for t in left.subtree if t.dep_ not in ("det", "punct", "case")]
    return sorted([*lefts, head], key=lambda t: t.i)


def _party_code(r: Resolved, head: Token | None, date: str | None,
                index: MentionIndex | None = None) -> tuple[str | None, str | None, bool]:
    """(country, sector, political) of a party through the actor and agent dictionaries.

    The phrase ("President Bush", "the Turkish fighter jet") is looked up whole, then without
    its first words; the agents dictionary gives the sector of a generic head ("jet" ->
    MIL). A party is political when its sector is, or when it is a country or place named
    as such (not a thing a demonym owns: "a Russian swimmer"); a party the dictionaries code
    in a sector of civil life with no country (a multinational company) is not."""
    country, sector = r.country, None
    coded = False
    candidates: list[str] = []
    if head is not None and head.lemma_.lower() in _QUANTITIES:
        # "thousands of Kenyans": the people counted
        head = next((p for prep in head.children if prep.dep_ == "prep" and prep.lower_ == "of"
                     for p in prep.children if p.dep_ == "pobj"), head)
    if head is not None and head.pos_ != "PRON":
        words = _np_words(head)
        candidates = [" ".join(t.text for t in words[k:]) for k in range(len(words))
                      if not _part_of_name(words, k, r)]
        if head.tag_ in ("NNS", "NNPS") and head.text[:1].isupper() and head.lower_.endswith("s"):
            candidates.append(head.text[:-1])  # "Kenyans": the nationality's people
    for phrase in candidates:
        found = lookup_actor(phrase, date)
        if found is not None:
            country = found.country or country
            sector = found.sector
            coded = True
            break
    if not coded:
        found = lookup_actor(r.name, date)
        if found is not None:
            # the entity's own code; for a thing it owns ("U.S. consumers", "China's GDP")
            # the country only: the thing's own sector decides whether it is political
            country = found.country or country
            if not r.via_agent:
                sector, coded = found.sector, True
    if head is not None and sector is None:
        words = _np_words(head) if head.pos_ != "PRON" else [head]
        for k in range(len(words)):
            phrase = " ".join(t.lower_ for t in words[k:])
            agent = lookup_agent(phrase) or lookup_agent(" ".join(
                [*(t.lower_ for t in words[k:-1]), words[-1].lemma_.lower()]))
            if agent is not None:
                sector = agent
                break
        if sector is None and head.pos_ == "PROPN" and r.type == "PERSON":
            # a title before a name ("Brazilian President Lula"): the title's sector, the
            # nationality's country
            for t in words[:-1]:
                if t.idx < r.start and lookup_agent(t.lower_) in POLITICAL_SECTORS:
                    sector = lookup_agent(t.lower_)
                    if country is None and index is not None:
                        owner = next((m for w in words[:-1] for m in [index.at_token(w)]
                                      if m is not None and (m.demonym or m.type == "COUNTRY")),
                                     None)
                        country = owner.country if owner is not None else None
                    break
    if country is None and head is not None and index is not None and r.type == "ORG":
        # an organisation a country owns by name ("Egypt's Muslim Brotherhood")
        for tok in head.subtree:
            if tok.dep_ == "poss":
                m = index.at_token(tok)
                if m is not None and m.type == "COUNTRY" and m.country:
                    country = m.country
                    break
    if sector is None and r.via_agent and head is not None and _instrument(head, civil=False):
        sector = "MIL"  # "Nigerien drones", "a Russian tank": the owner acts by arms
    owned_act = (r.via_agent and head is not None and country is not None
                 and (head.lemma_.lower() in NOUNS or head.lower_ in NOUNS))
    political = (sector in POLITICAL_SECTORS or owned_act  # "Israeli airstrikes"
                 or (coded and country is not None)  # a country's own ("Malaysia Airlines")
                 or (r.type in ("COUNTRY", "PLACE") and not r.via_agent)
                 or (r.via_pronoun and r.type in ("COUNTRY", "PERSON"))
                 or (r.type == "ORG" and country is not None and not r.via_agent))
    return country, sector, political


def _part_of_name(words: list[Token], k: int, r: Resolved) -> bool:
    """True when ``words[k:]`` is the tail of a person's name that starts earlier ("Simmons"
    of "Patrick Simmons"): a surname alone names someone else in the dictionary."""
    return (r.type == "PERSON" and k > 0 and r.start <= words[k - 1].idx < r.end
            and r.start <= words[k].idx < r.end)


def _idle_owner(r: Resolved, head: Token | None, date: str | None) -> bool:
    """True when ``r`` owns the thing that acted without being an actor: a company, or a name
    with no country that no dictionary codes, owning a thing that is no instrument or act; a
    country or a political body stays ("a Turkish jet", "the US State department")."""
    if head is None or head.pos_ != "NOUN" or head.tag_ != "NN" or r.start <= head.idx < r.end:
        return False  # the name itself, or a group it owns ("Calenardhon crowds")
    if r.via_demonym or r.type in ("COUNTRY", "PLACE") or _generic_sector([head]):
        return False
    if not any(c.dep_ in ("compound", "poss", "nmod") and c.left_edge.idx <= r.start
               and r.end <= c.right_edge.idx + len(c.right_edge.text) for c in head.lefts):
        return False  # not named as the thing's owner
    country, sector, _ = _party_code(r, None, date)
    low = head.lemma_.lower()
    return sector == "BUS" or (country is None and sector is None and not (
        _instrument(head) or low in NOUNS or cameo.verb_base(head)))


def _instrument(tok: Token, civil: bool = True) -> bool:
    """A weapon, aircraft, armed body (or, with ``civil``, vehicle) of the CAMEO synonym sets
    ("jet", "missile"): a thing through which its owner acts."""
    words = {tok.lower_, tok.lemma_.lower()}
    sets = ("&WEAPON", "&AIRCRAFT", "&MILITARY", *(("&CAR",) if civil else ()))
    return any(words & cameo.dictionary().single.get(name, frozenset()) for name in sets)


def _is_hazard(name: str) -> bool:
    return name.split(" ", 1)[0].casefold() in _HAZARDS


def _confidence(actor: Resolved | None, target: Resolved | None, nominal: bool, negated: bool,
                hypothetical: bool, future: bool, in_quote: bool, pattern: bool) -> float:
    conf = 0.85 if actor is not None and target is not None else 0.6
    if pattern:
        conf += 0.05
    if nominal:
        conf -= 0.05
    for r in (actor, target):
        if r is not None and r.via_pronoun:
            conf -= 0.1
    if in_quote:
        conf -= 0.15
    if negated or hypothetical:
        conf = min(conf * 0.3, 0.25)
    elif future:
        conf = min(conf * 0.5, 0.4)
    return round(max(conf, 0.05), 2)
