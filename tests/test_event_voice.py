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
