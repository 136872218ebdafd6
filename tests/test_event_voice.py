"""Passives without their auxiliary, as headlines and captions write them: the subject is
the patient, the actor the by-agent or nobody named. Sentences written for these tests."""

from __future__ import annotations

from spacy.language import Language

from newsgraph.model import Event
from nlpkit import coded_events as _events


def _coded(events: list[Event]) -> list[tuple[str, str | None, str | None]]:
    return [(e.type, e.actor_country, e.target_country) for e in events if not e.uncertain]


def test_headline_passive_codes_the_victim_as_target(nlp: Language) -> None:
    for text in (
        "Belgian army drone shot down over Zembla",
        "A Dutch military helicopter shot down near the Danish coast on Friday.",
    ):
        coded = _coded(_events(nlp, text))
        assert coded, text
        assert all(actor is None for _, actor, _ in coded), (text, coded)
        assert any(target in ("BEL", "NLD") for _, _, target in coded), (text, coded)


def test_headline_passive_with_by_agent(nlp: Language) -> None:
    coded = _coded(_events(nlp, "Chilean police helicopter shot down by Peruvian soldiers"))
    assert ("ASSAULT", "PER", "CHL") in coded


def test_active_clauses_keep_their_actor(nlp: Language) -> None:
    # an object, a verb that may go without an object, an object shared by conjoined verbs
    assert ("ASSAULT", "PER", "CHL") in _coded(
        _events(nlp, "Peruvian soldiers shot down a Chilean police helicopter."))
    assert ("RETREAT", "ESP", "MAR") in _coded(
        _events(nlp, "Spanish troops withdrew from Morocco on Monday."))
    coded = _coded(_events(nlp, "Greek police arrested and jailed two Turkish activists."))
    assert ("COERCE", "GRC", "TUR") in coded
    # the object shared by conjoined verbs: the first verb is active too
    coded = _coded(_events(nlp, "Greek police detained, questioned and released two Turkish"
                                " activists."))
    assert [actor for kind, actor, _ in coded if kind == "COERCE"] == ["GRC"], coded


def test_conjoined_verbs_share_the_party_acted_on(nlp: Language) -> None:
    coded = _coded(_events(nlp, "Greek police detained, questioned and released two Turkish"
                                " activists."))
    assert ("COERCE", "GRC", "TUR") in coded, coded
    # a thing is no party: "killed and ate a rabbit" is no attack on the place it was in
    assert _coded(_events(nlp, "A farmer who killed and ate a goat in Turkey fell ill.")) == []


def test_a_headlines_bare_past_of_an_act_done_to_a_party_is_passive(nlp: Language) -> None:
    # a headline tells a past act in the present: its bare past form is the passive, even of
    # a verb that may go without an object ("attacked", "beaten")
    for text, victim in (("Danish consulate attacked in Tirana", "DNK"),
                         ("Estonian reporter beaten in Minsk", "EST"),
                         ("Polish rebels attacked near Lviv\nThe army said it would"
                          " respond.", "POL")):
        coded = _coded(_events(nlp, text))
        assert coded and all(actor != victim for _, actor, _ in coded), (text, coded)
        assert any(target == victim for _, _, target in coded), (text, coded)
    # in prose, a past with no object stays active
    coded = _coded(_events(nlp, "Danish troops attacked near Tirana on Monday."))
    assert [actor for kind, actor, _ in coded if kind == "ASSAULT"] == ["DNK"], coded


def test_a_resultative_with_no_object_makes_its_subject_the_patient(nlp: Language) -> None:
    # "shot dead": with no object, the subject is what became dead, in prose too
    for text in ("A Dutch soldier shot dead near Ghent, the ministry said.",
                 "Dutch soldier shot dead by Belgian troops"):
        coded = [c for c in _coded(_events(nlp, text)) if c[0] == "ASSAULT"]
        assert coded and all(actor != "NLD" and target == "NLD" for _, actor, target in coded), (
            text, coded)
    assert ("ASSAULT", "BEL", "NLD") in _coded(
        _events(nlp, "Dutch soldier shot dead by Belgian troops"))
