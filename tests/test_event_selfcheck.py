"""The event coder against its own knowledge (``bench/selfcheck_events.py``): sentences made
from the CAMEO verb dictionary's entries and patterns must get the dictionary's PLOVER type,
and, for the causes of misses fixed in the matcher, sentences written for these tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from spacy.language import Language

from nlpkit import coded_events as _events

ROOT = Path(__file__).resolve().parent.parent


def _selfcheck() -> ModuleType:
    spec = importlib.util.spec_from_file_location("selfcheck_events",
                                                  ROOT / "bench" / "selfcheck_events.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up
    spec.loader.exec_module(module)
    return module


def _coded(nlp: Language, text: str) -> list[tuple[str, str | None, str | None]]:
    return [(e.type, e.actor_country, e.target_country) for e in _events(nlp, text)]


def test_selfcheck_coverage_floor(nlp: Language) -> None:
    # The fixed sample (every 8th entry of the converted data: 2028 sentences). Measured on
    # s23-h31: type 0.798, type + actor + target 0.790 (before that session's matcher
    # changes 0.736 / 0.729); on s24-h37 (ties by specificity, chained prepositions, the
    # dictionary's own verb codes): 0.803 / 0.797.
    # Floors a little below the measured values, so a change that loses coverage of the
    # dictionary fails here.
    sc = _selfcheck()
    summary = sc.summary(sc.run(nlp, sc.cases(8)))
    assert summary["cases"] == 2028
    assert summary["type"] >= 0.79, summary
    assert summary["all"] >= 0.785, summary
    # the verbs' own codes and the patterns (measured 0.953 / 0.927) are the matcher's core
    assert summary["type_own"] >= 0.92, summary
    assert summary["type_pattern"] >= 0.90, summary


def test_synonym_of_a_block_of_one_act_carries_its_code(nlp: Language) -> None:
    # "exile" sits under DEPORT [174], "chide" under DENOUNCE [111], with no code of their own
    assert _coded(nlp, "Saudi Arabia exiled the Qatari envoy.") == [("COERCE", "SAU", "QAT")]
    assert _coded(nlp, "China chided Japan over the visit.") == [("ACCUSE", "CHN", "JPN")]


def test_loose_synonyms_stay_without_an_event(nlp: Language) -> None:
    # a loose block (GO SOMEWHERE [040]), a synonym whose everyday sense is not its block's
    # act (VERBAL CONFLICT [110]), a protest block of annoyance verbs (DISTURB [140])
    assert _coded(nlp, "Fiona Hill left the State Department in 2019.") == []
    assert _coded(nlp, "Moscow competes with Washington for influence in Africa.") == []
    assert not any(t == "PROTEST" for t, _, _ in
                   _coded(nlp, "Police in Belarus harassed Polish journalists."))


def test_verb_tagged_as_noun_with_subject_and_object(nlp: Language) -> None:
    # the tagger reads "flogs" as a plural noun; the parse gives it a subject and an object
    assert _coded(nlp, "The Egyptian army flogs Brazil, officials said.") == [
        ("ASSAULT", "EGY", "BRA")]


def test_particle_entry_keeps_the_verbs_own_patterns(nlp: Language) -> None:
    # SHUT_DOWN is an entry of its own; "SHUT * DOWN HEADQUARTERS" [160] is SHUT's pattern
    assert _coded(nlp, "Russia shut down the Ukrainian embassy's headquarters.") == [
        ("SANCTION", "RUS", "UKR")]


def test_particle_and_preposition_either_way(nlp: Language) -> None:
    # "* OFF DEBT" [071] with "off" parsed as a preposition; "* (ASIDE ENMITY)" [050] with
    # "aside" parsed as an adverb and "enmity" as the object
    assert _coded(nlp, "Japan wrote off Kenya's debt.") == [("AID", "JPN", "KEN")]
    assert _coded(nlp, "France set aside its enmity with Germany.") == [("SUPPORT", "FRA", "DEU")]


def test_passive_whose_subject_is_the_act(nlp: Language) -> None:
    # the pattern's noun is the passive subject: the target is still the "on" side
    ev = _events(nlp, "Sanctions were imposed on Iran by the European Union.")
    assert [(e.type, e.actor, e.target_country) for e in ev] == [
        ("SANCTION", "European Union", "IRN")]


def test_alternation_in_a_pattern_and_a_misplaced_agent(nlp: Language) -> None:
    # "HIT * (BY/WITH SANCTIONS)" [163]; the parser hangs "by the United States" on the noun
    assert _coded(nlp, "The United States hit Iran with new sanctions.") == [
        ("SANCTION", "USA", "IRN")]
    assert _coded(nlp, "Iran has been hit with new sanctions by the United States.") == [
        ("SANCTION", "USA", "IRN")]


def test_particle_alone_weighs_less_than_a_named_object(nlp: Language) -> None:
    # BREAK * OFF [130] and BREAK * RELATIONS [161] both match: the object noun decides
    assert _coded(nlp, "Saudi Arabia broke off diplomatic relations with Iran.") == [
        ("SANCTION", "SAU", "IRN")]


def test_siege_and_blockade_are_restrictions(nlp: Language) -> None:
    assert _coded(nlp, "Israel imposed a blockade on Gaza.") == [("COERCE", "ISR", "PSE")]
    assert _coded(nlp, "Britain put sanctions on Russian oligarchs.") == [
        ("SANCTION", "GBR", "RUS")]


def test_no_longer_and_yet_to_negate(nlp: Language) -> None:
    def flags(text: str) -> list[list[str]]:
        return [e.flags for e in _events(nlp, text)]

    assert flags("Serbia no longer recognises Kosovo.") == [["negated"]]
    assert flags("Kenya is yet to sign the deal with Somalia.") == [["negated"]]
    # a quantity is no negation
    assert flags("Serbia recognised Kosovo, no more than a year ago.") == [[]]


def test_synonyms_whose_sense_is_not_their_blocks_act(nlp: Language) -> None:
    # RETALIATE and QUARREL sit under PHYSICAL CONFLICT [190], AUTHORIZE under ALLOW [080]
    assert _coded(nlp, "France and Germany quarrelled over the budget.") == []
    assert _coded(nlp, "Congress authorized the use of force against Iraq.") == []
