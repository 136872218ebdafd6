"""The PLOVER trigger lexicon: verbs, phrasal verbs and event nouns to (type, mode).

PLOVER (Political Language Ontology for Verifiable Event Records) has 16 event
types; modes refine some of them (ASSAULT by weapon, SANCTION and AID by domain,
COERCE and RETREAT by act). The tables are written once at import time as
plain dicts keyed by lemma, so classifying a token is a dictionary look-up.
"""

from __future__ import annotations

Trigger = tuple[str, str | None]
"""(PLOVER type, mode or None)."""


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` as a set."""
    return frozenset(text.split())


def _table(spec: str) -> dict[str, Trigger]:
    """Parse ``TYPE[/mode]: lemma lemma ...`` lines into a lemma -> trigger dict."""
    out: dict[str, Trigger] = {}
    for line in spec.strip().splitlines():
        head, _, words = line.partition(":")
        kind, _, mode = head.strip().partition("/")
        for word in words.split():
            out[word.replace("_", " ")] = (kind, mode or None)
    return out


VERBS: dict[str, Trigger] = _table("""
AGREE: agree pledge settle
CONSULT: meet negotiate discuss consult confer
CONSULT/mediate: mediate
CONSULT/visit: visit tour
CONSULT/host: host
CONSULT/phone: phone telephone
SUPPORT: support back endorse praise defend welcome congratulate recognize recognise thank
SUPPORT/apologize: apologize apologise
CONCEDE: concede yield capitulate relent
COOPERATE: cooperate collaborate partner
AID: aid assist
AID/economic: fund finance bankroll subsidize subsidise
AID/military: arm
RETREAT/withdraw: withdraw retreat evacuate
RETREAT/release: release free
RETREAT/disarm: surrender disarm demobilize demobilise
REQUEST: request demand urge appeal implore ask
ACCUSE: accuse blame criticize criticise condemn denounce slam rebuke oppose
ACCUSE/investigate: investigate probe
ACCUSE/legal: sue indict convict prosecute
REJECT: reject refuse rebuff dismiss veto snub stonewall spurn
THREATEN: threaten
PROTEST: protest demonstrate rally
PROTEST/riot: riot
MOBILIZE/troops: mobilize mobilise deploy
SANCTION/economic: sanction embargo blacklist
SANCTION/expel: expel
COERCE/arrest: arrest detain jail imprison
COERCE/deport: deport extradite
COERCE/confiscate: seize confiscate occupy annex capture
COERCE/ban: ban outlaw
COERCE/restrict: blockade censor
ASSAULT: attack assault raid invade storm kill murder target strike rout crush
ASSAULT/firearms: shoot ambush gun
ASSAULT/heavy-weapons: shell bombard pound
ASSAULT/explosives: bomb
ASSAULT/abduct: abduct kidnap hijack
ASSAULT/assassinate: assassinate
ASSAULT/aerial: down
ASSAULT/torture: torture
ASSAULT/sexual: rape
ASSAULT/beat: beat
ASSAULT/cleansing: massacre slaughter
""")

PHRASAL: dict[str, Trigger] = _table("""
ASSAULT/aerial: shoot_down
ASSAULT: open_fire
RETREAT/withdraw: pull_out pull_back
CONCEDE: back_off back_down give_in
COOPERATE: team_up
COERCE/arrest: round_up lock_up
SANCTION/withdraw: cut_off
REQUEST: call_for call_on
CONSULT: sit_down
""")
"""Verb + particle (or + preposition for "call for") keyed as ``lemma particle``."""

NOUNS: dict[str, Trigger] = _table("""
AGREE: deal agreement accord treaty pact ceasefire truce memorandum
CONSULT: talks talk meeting negotiation negotiations summit call conversation consultations
SANCTION/economic: sanction sanctions embargo embargoes tariff tariffs
AID/military: weapon weapons arms ammunition tank tanks howitzer howitzers artillery missile missiles
AID/military: equipment hardware weaponry munitions drone drones
AID/humanitarian: aid food medicine medicines relief supplies
AID/economic: loan loans funding money grant grants
AID/asylum: asylum
AID/peacekeeping: security protection
ASSAULT: attack attacks offensive assault raid raids
ASSAULT/aerial: airstrike airstrikes strike strikes bombing bombings
PROTEST: protest protests demonstration demonstrations rally rallies march
MOBILIZE/troops: troops forces soldiers
MOBILIZE: drills exercises manoeuvres maneuvers wargames
SANCTION/withdraw: ties relations ambassador ambassadors envoy envoys diplomats
SUPPORT: solidarity support condolences sympathy
REQUEST: request demand appeal
RETREAT/withdraw: withdrawal pullout
COERCE/restrict: siege sieges blockade blockades
""")
"""Event nouns; each becomes an event only with a verb of its class (see LIGHT_VERBS)."""

_NOUN_VERBS: dict[str, str] = {
    "AGREE": "sign reach strike broker conclude seal negotiate agree finalize finalise clinch",
    "CONSULT": "hold host attend join open resume convene have",
    "SANCTION/economic": "impose slap levy announce adopt approve target hit extend expand"
                         " tighten respond retaliate punish put place",
    "COERCE/restrict": "lay impose enforce tighten declare",
    "AID/military": "send deliver supply provide ship transfer give sell donate",
    "AID/humanitarian": "send deliver supply provide ship give donate",
    "AID/economic": "provide give grant extend approve lend",
    "AID/asylum": "offer grant give",
    "AID/peacekeeping": "provide offer",
    "ASSAULT": "launch carry conduct stage mount order",
    "ASSAULT/aerial": "launch carry conduct order",
    "PROTEST": "stage hold organize organise lead",
    "MOBILIZE/troops": "send deploy mass move station",
    "MOBILIZE": "hold conduct stage launch begin start carry",
    "SANCTION/withdraw": "cut sever suspend break downgrade recall withdraw",
    "SUPPORT": "express voice show pledge offer declare",
    "REQUEST": "make issue submit file",
    "RETREAT/withdraw": "announce complete begin order start finish",
}

# Verbs that turn an event noun into its opposite: lifting sanctions is RETREAT.
REVERSE_VERBS: dict[str, dict[str, Trigger]] = {
    "SANCTION": {v: ("RETREAT", "ease") for v in words("lift ease remove relax end drop waive")},
    "MOBILIZE": {v: ("RETREAT", "withdraw") for v in words("withdraw pull recall")},
    # the manual's CONCEDE: "suspending protests"
    "PROTEST": {v.replace("_", " "): ("CONCEDE", None)
                for v in words("suspend cancel end halt call_off")},
}

RELATIONS = words("ties relations")
"""Nouns of a relation between two sides: building one is mutual ("X and Y renewed ties")."""

RENEWING_VERBS: dict[str, Trigger] = {v: ("SUPPORT", None) for v in words(
    "renew normalize normalise")}
"""Verbs (re)building a relation the CAMEO dictionary lacks beside its RESTORE, RESUME and
REPAIR patterns (``* TIES [050]``): diplomatic cooperation, PLOVER SUPPORT."""

LIGHT_VERBS: dict[str, frozenset[str]] = {}
for _noun, (_kind, _mode) in NOUNS.items():
    _key = f"{_kind}/{_mode}" if _mode else _kind
    LIGHT_VERBS[_noun] = words(_NOUN_VERBS.get(_key, ""))

WITH_VERBS = words(
    "target hit slap punish respond retaliate supply provide arm equip strike pound threaten"
)
"""Verbs whose event noun comes with "with": "targeted X with sanctions", "supplied X with arms"."""

FRAME_TYPES: dict[str, str] = {"threaten": "THREATEN", "warn": "THREATEN"}
"""Verbs that keep their own type whatever noun they take ("threatened X with sanctions")."""

VERBS_NEEDING_TARGET = words(
    "target strike storm beat crush rout pound host visit back support endorse praise capture"
    " occupy welcome thank defend ask down"
)
"""Ambiguous verbs that report an event only with an entity as their target."""

PATIENT_VERBS = frozenset(w.replace("_", " ") for w in words(
    "kill murder assassinate execute behead wound injure abduct kidnap hijack torture rape"
    " massacre slaughter arrest detain jail imprison deport extradite expel seize confiscate"
    " capture annex release free shoot_down round_up lock_up down"
))
"""Verbs (``lemma particle`` for phrasal ones) that never go without an object: with a
subject and no object they are passives without their auxiliary ("jet shot down over Syria",
"activists arrested in Minsk"), their subject the patient."""
