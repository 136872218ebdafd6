"""An act inside an open question ("whether ...", "if" as a complement) is uncertain: flagged
hypothetical, and what governs the question (negation, future, refusal) is not the act's
(sentences written for these tests)."""

from __future__ import annotations

from spacy.language import Language

from newsgraph.model import Event
from nlpkit import coded_events


def _events(nlp: Language, text: str) -> list[Event]:
    return coded_events(nlp, text, "2022-06-01")


def _act(events: list[Event], trigger: str) -> Event:
    found = [e for e in events if e.trigger.split()[0] == trigger]
    assert found, f"no event on {trigger!r} in {events}"
    return found[0]


def test_whether_to_under_a_deciding_verb_is_hypothetical(nlp: Language) -> None:
    ev = _act(_events(nlp, "Austria is weighing whether to send aid to Moldova."), "send")
    assert ev.hypothetical and ev.intent is None


def test_negated_governor_of_a_question_is_not_the_acts(nlp: Language) -> None:
    # "has yet to say" is not a refusal to act, and the act is open, not negated
    ev = _act(_events(nlp, "Belgium has yet to say whether it will send aid to Moldova."),
              "send")
    assert ev.hypothetical and not ev.negated
    assert ev.type == "AID" and ev.intent is None


def test_refusing_to_say_whether_is_no_refusal_of_the_act(nlp: Language) -> None:
    ev = _act(_events(nlp, "Belgium refused to say whether it sent aid to Moldova."), "sent")
    assert ev.type == "AID" and ev.hypothetical and ev.intent is None


def test_future_inside_the_question_is_no_promise(nlp: Language) -> None:
    ev = _act(_events(nlp, "No decision was taken on whether Austria will send aid to "
                           "Moldova."), "send")
    assert ev.type == "AID" and ev.hypothetical and ev.intent is None


def test_subjectless_whether_to_clause_shares_its_governors_subject(nlp: Language) -> None:
    ev = _act(_events(nlp, "Austria has yet to decide whether to send aid to Moldova."),
              "send")
    assert ev.actor_country == "AUT" and ev.hypothetical


def test_a_person_introduced_in_an_object_is_the_next_sentences_pronoun(nlp: Language) -> None:
    text = ("The ministry said Dr. Ana Kovac had examined the first two patients. On Monday a "
            "third case was found in a 55-year-old farmer. He had killed a villager before he "
            "was taken to hospital.")
    assert all(e.actor != "Ana Kovac" for e in _events(nlp, text))
