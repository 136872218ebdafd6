"""Event precision: who is acted on in a verb + object pattern, the side of a threatened act,
opinions and needs that are no acts. Sentences written for these tests."""

from __future__ import annotations

from spacy.language import Language

from newsgraph.model import Event
from nlpkit import coded_events as _events


def _listed(events: list[Event]) -> list[Event]:
    return [e for e in events if not e.uncertain]


def test_pattern_noun_naming_an_agent_is_the_target(nlp: Language) -> None:
    # the CAMEO pattern's object ("arrest + journalist") is also the side acted on
    ev = _listed(_events(nlp, "Soldiers arrested the journalist."))
    assert [(e.actor_sector, e.target_sector) for e in ev] == [("MIL", "MED")]
    ev = _listed(_events(nlp, "The government arrested the protesters."))
    assert [(e.actor_sector, e.target_sector) for e in ev] == [("GOV", "OPP")]


def test_threat_is_coded_with_the_side_of_the_act_threatened(nlp: Language) -> None:
    ev = _listed(_events(nlp, "The government threatened to arrest the opposition leader."))
    assert [(e.type, e.mode, e.actor_sector, e.target_sector) for e in ev] == [
        ("THREATEN", "arrest", "GOV", "OPP")
    ]
    ev = _listed(_events(nlp, "The army threatened to attack the rebels."))
    assert [(e.type, e.mode, e.actor_sector, e.target_sector) for e in ev] == [
        ("THREATEN", "violence", "MIL", "REB")
    ]


def test_opinions_and_needs_are_no_acts(nlp: Language) -> None:
    for text in (
        "He believed Ukraine needed to investigate the company.",
        "Many analysts think Russia attacked the convoy.",
        "Israel needs to withdraw from Gaza.",
    ):
        events = _events(nlp, text)
        assert events, text
        assert _listed(events) == [], text
    # a report is an act reported, not an opinion
    ev = _listed(_events(nlp, "Officials said Russia attacked Ukraine."))
    assert [(e.type, e.actor, e.target) for e in ev] == [("ASSAULT", "Russia", "Ukraine")]


def test_habits_and_rules_are_no_events(nlp: Language) -> None:
    # a "when" clause in the simple present, or a "whenever" clause, tells what happens as a
    # rule; the same clause in the past tells an event
    for text in (
        "When China puts tariffs on steel, builders bear the cost.",
        "Whenever Russia attacks Ukraine, Europe responds with sanctions.",
    ):
        events = _events(nlp, text)
        assert events, text
        assert _listed(events) == [], text
    ev = _listed(_events(nlp, "When Russia attacked Ukraine, Europe imposed sanctions."))
    assert ("ASSAULT", "Russia", "Ukraine") in [(e.type, e.actor, e.target) for e in ev]


def test_a_capital_standing_for_its_state_is_the_other_side(nlp: Language) -> None:
    ev = _listed(_events(nlp, "The European Union imposed new sanctions on Moscow."))
    assert [(e.type, e.target, e.target_country) for e in ev] == [("SANCTION", "Moscow", "RUS")]
    # a place one goes to is no side
    ev = _listed(_events(nlp, "Protesters marched to Moscow."))
    assert all(e.target is None for e in ev)


def test_opposing_is_disapproval_as_the_cameo_dictionary_codes_it(nlp: Language) -> None:
    # CAMEO's 'oppose' is 110 (disapprove, PLOVER ACCUSE); its patterns keep their codes
    ev = _listed(_events(nlp, "Canada strongly opposes the use of force by any side."))
    assert [(e.type, e.actor) for e in ev] == [("ACCUSE", "Canada")]
    ev = _listed(_events(nlp, "Germany opposed the plan to send troops."))
    assert ("REJECT", "Germany") in [(e.type, e.actor) for e in ev]


def test_an_attack_on_an_animal_or_a_thing_no_side_owns_is_no_event(nlp: Language) -> None:
    # CAMEO and PLOVER targets are actors: an animal or a stray thing is none
    for text in ("Ugandan soldiers shot a hippo near the lake on Sunday.",
                 "Croatian border guards killed a stray bull.",
                 "Customs officers in Latvia seized six crates of cigarettes."):
        assert [e for e in _events(nlp, text) if e.type in ("ASSAULT", "COERCE")] == [], text
    # people, by a name, a nationality, a number, the dictionaries' agents and sets or the
    # act itself (an arrest is of a person), and things a dictionary pattern names, stay
    for text, kind in (("Croatian border guards killed two smugglers.", "ASSAULT"),
                       ("Croatian border guards shot a Bosnian man.", "ASSAULT"),
                       ("Croatian troops killed 14 near the river.", "ASSAULT"),
                       ("Croatian police detained a teenager in Split.", "COERCE"),
                       ("Croatian troops occupied the bridge at dawn.", "COERCE")):
        assert kind in {e.type for e in _events(nlp, text)}, text
