"""How the CAMEO matcher chooses among dictionary patterns, and the cases it codes
(sentences written for these tests)."""

from __future__ import annotations

from spacy.language import Language

from newsgraph.enrich import cameo
from newsgraph.enrich.nlp import parse
from newsgraph.model import Event
from nlpkit import coded_events


def _events(nlp: Language, text: str) -> list[Event]:
    return coded_events(nlp, text, "2021-03-02")


def _verb_match(nlp: Language, text: str, verb: str) -> cameo.CameoMatch | None:
    doc = next(parse(nlp, [text]))
    tok = next(t for t in doc if t.lower_ == verb)
    return cameo.match(tok)


def test_object_pattern_beats_subject_pattern_of_equal_score(nlp: Language) -> None:
    # WITHDRAW: "&MILITARY *" (a pullback) and "* AMBASSADOR" (a diplomatic sanction)
    m = _verb_match(nlp, "The Chilean army withdrew its ambassador from Lima.", "withdrew")
    assert m is not None and m.code == "161"


def test_act_code_beats_bare_statement_code_of_one_pattern(nlp: Language) -> None:
    # VOICE * REGRET is written twice: [018] (a statement PLOVER drops) and [055] (apology)
    m = _verb_match(nlp, "Norway voiced regret over the incident.", "voiced")
    assert m is not None and m.code == "055"


def test_pattern_written_twice_with_one_code_wins(nlp: Language) -> None:
    # WARN * (OF &FIGHT): once [110], twice [138]
    m = _verb_match(nlp, "Peru warned of war with its neighbour.", "warned")
    assert m is not None and m.code == "138"


def test_singular_and_plural_patterns_keep_file_order(nlp: Language) -> None:
    m = _verb_match(nlp, "Estonia expelled three diplomats on Friday.", "expelled")
    assert m is not None and cameo.to_plover(m.code).type == "SANCTION"


def test_dictionary_code_written_for_the_verb_beats_own_reading(nlp: Language) -> None:
    # CONVICT [173] is the dictionary's own entry for the verb: COERCE (arrest), not ACCUSE
    ev = _events(nlp, "A court in Quito convicted the Ecuadorian opposition leader on Monday.")
    assert [e.type for e in ev] == ["COERCE"]
    # EXTRADITE [063]: judicial cooperation
    ev = _events(nlp, "Spain extradited the suspect to Argentina last week.")
    assert ev and ev[0].type == "COOPERATE"


def test_own_reading_stays_where_the_block_code_is_loose(nlp: Language) -> None:
    # "rebuff" heads a disapproval block [110]: the project's REJECT stays
    ev = _events(nlp, "Hungary rebuffed Slovakia on Tuesday.")
    assert ev and ev[0].type == "REJECT"


def test_particle_pattern_is_not_weak_preposition_evidence(nlp: Language) -> None:
    # BACK * OUT [0874]: the particle makes it a retreat, not the project's SUPPORT for "back"
    ev = _events(nlp, "Chile backed out of the pipeline deal with Bolivia.")
    assert ev and ev[0].type == "RETREAT"


def test_hyphenated_verb_prefix_matches_a_pattern_word_before_the_verb(nlp: Language) -> None:
    # FIRE's "TEST *" [150]: a weapons test is a show of force, not an attack
    ev = _events(nlp, "Pakistan test-fired a cruise missile on Thursday.")
    assert [(e.type, e.trigger, e.actor_country) for e in ev] == [
        ("MOBILIZE", "test-fired", "PAK")]


def test_other_party_inside_the_occasion_noun_two_levels_down(nlp: Language) -> None:
    # verb/noun -> "in"/"during" -> event noun -> "with" -> the other party
    ev = _events(nlp, "Qatar acted as a mediator in the talks with Eritrea.")
    assert ev and (ev[0].type, ev[0].actor_country, ev[0].target_country) == (
        "CONSULT", "QAT", "ERI")
    ev = _events(nlp, "Kenya took part in talks with Somalia on Friday.")
    assert ev and ev[0].target_country == "SOM"


def test_second_prepositional_phrase_may_hang_on_the_first(nlp: Language) -> None:
    # RULE * (IN FAVOUR) (OF EXTRADITION) [0313] over RULE * (IN FAVOUR) [051]
    m = _verb_match(nlp, "The tribunal ruled in favour of the extradition.", "ruled")
    assert m is not None and m.code == "0313"


def test_pattern_naming_object_and_particle_beats_own_phrasal_verb(nlp: Language) -> None:
    # PULL * STAFF OUT [166]: a diplomatic withdrawal; troops pulled out stay a RETREAT
    ev = _events(nlp, "Canada pulled out its staff from Niger.")
    assert ev and ev[0].type == "SANCTION"
    ev = _events(nlp, "Chad pulled out its troops from Niger.")
    assert ev and ev[0].type == "RETREAT"


def test_weapon_test_under_any_verb_is_a_show_of_force(nlp: Language) -> None:
    # "test-" before a hostile verb: CAMEO 150 as the dictionary codes "test-fired"
    ev = _events(nlp, "Iran test-launched a ballistic missile on Monday.")
    assert [(e.type, e.cameo) for e in ev] == [("MOBILIZE", "150")]


def test_particle_pattern_of_another_verb_is_not_carried_over(nlp: Language) -> None:
    # PRESS * ON [190] is written for "press"; "need" sits in the same block
    assert _events(nlp, "Mongolia needed more fuel on the front.") == []


def test_bare_preposition_frame_is_shared_by_the_block(nlp: Language) -> None:
    # EXCLUDE * (FROM) [160] codes its synonym "bar"
    ev = _events(nlp, "The sanctions barred Belarus from Western markets.")
    assert ev and ev[0].type == "SANCTION" and ev[0].target_country == "BLR"


def test_preposition_of_time_is_not_a_particle(nlp: Language) -> None:
    # PRESS * ON [190] wants the particle ("pressed on"), not "on" + a day
    assert [e.type for e in _events(nlp, "Mongolia pressed Laos on Tuesday.")] != ["ASSAULT"]


def test_purpose_clause_naming_the_party_makes_one_event(nlp: Language) -> None:
    # "sent aid" (no party) and "to help the people of X" are one act
    ev = _events(nlp, "Norway sent aid to help the people of Tonga.")
    assert [(e.type, e.actor_country, e.target_country) for e in ev] == [("AID", "NOR", "TON")]


def test_particle_then_with_is_carrying_on_not_the_phrasal_act(nlp: Language) -> None:
    # PRESS * ON [190] is an advance; "pressed on with" / "pushed ahead with" is to carry on
    for text in ("The Lithuanian cabinet pressed on with its pension plan despite strikes.",
                 "Chile pushed ahead with the new tax code on Friday."):
        assert not [e for e in _events(nlp, text) if e.type in ("ASSAULT", "COERCE")], text
    # the phrasal verb alone keeps its code
    ev = _events(nlp, "The Lithuanian army pressed on against Latvian positions.")
    assert [(e.type, e.actor_country, e.target_country) for e in ev] == [
        ("ASSAULT", "LTU", "LVA")]


def test_a_weapon_fired_at_no_one_is_a_show_of_force(nlp: Language) -> None:
    # "FIRE * ROCKET" / "LAUNCH * &WEAPON" [194] is an attack when a side is aimed at; with
    # none named it demonstrates military power (CAMEO 150), as a weapon test does
    for text in ("Pakistan fired a cruise missile on Thursday.",
                 "Japan said Russia launched three rockets into the sea."):
        ev = [e for e in _events(nlp, text) if e.type in ("ASSAULT", "MOBILIZE")]
        assert [(e.type, e.cameo) for e in ev] == [("MOBILIZE", "150")], (text, ev)
    ev = _events(nlp, "Pakistan fired a cruise missile at Indian positions on Thursday.")
    assert [(e.type, e.actor_country, e.target_country) for e in ev] == [
        ("ASSAULT", "PAK", "IND")]
