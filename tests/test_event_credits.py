"""The article's authors are never its parties: a byline, credits, a name given a reporter's
title or reporting from a place is neither an actor nor the antecedent of a pronoun; nor is a
name before someone new ("a gunman ... he").
Sentences written for these tests."""

from __future__ import annotations

import pytest
from spacy.language import Language

from newsgraph.enrich.entities import extract_entities
from newsgraph.enrich.nlp import parse
from newsgraph.enrich.resolve import credit_spans
from nlpkit import coded_events as _events

_STORY = "A gunman opened fire at an army base in Chad on Monday. He killed four soldiers."


@pytest.mark.parametrize("text", [
    f"By Lena Virtanen\n\n{_STORY}",
    f"Lena Virtanen, Reuters\n\n{_STORY}",
    f"{_STORY}\n\n(Reporting by Lena Virtanen in N'Djamena; Editing by Omar Haddad)",
    f"{_STORY}\n\nLena Virtanen contributed reporting.",
    f"Lena Virtanen reports from N'Djamena.\n\n{_STORY}",
    f"Correspondent Lena Virtanen visited the base.\n\n{_STORY}",
])
def test_an_author_is_never_an_actor(nlp: Language, text: str) -> None:
    actors = {e.actor for e in _events(nlp, text)}
    assert not actors & {"Lena Virtanen", "Omar Haddad"}, actors


def test_prose_naming_a_writer_is_no_credit(nlp: Language) -> None:
    doc = next(parse(nlp, ["A letter written by Chadian President Ali Sow urged Niger to act.\n\n"
                           "Niger contributed troops to the mission."]))
    mentions, _ = extract_entities(doc)
    assert credit_spans(doc, mentions) == []


def test_a_named_actor_still_acts(nlp: Language) -> None:
    text = ("By Lena Virtanen\n\nChadian President Ali Sow met Nigerien officials on Monday. "
            "He accused Libya of arming the rebels.")
    ev = [e for e in _events(nlp, text) if e.type == "ACCUSE"]
    assert [e.actor for e in ev] == ["Ali Sow"]


def test_a_person_introduced_after_the_name_takes_the_pronoun(nlp: Language) -> None:
    text = ("Chadian President Ali Sow toured the capital on Sunday.\n\n"
            "A gunman opened fire at an army base in Chad on Monday. He killed four soldiers.")
    assert "Ali Sow" not in {e.actor for e in _events(nlp, text) if e.type == "ASSAULT"}
    # an object introduced after the name does not take the pronoun
    text = ("Chadian President Ali Sow met a Nigerien minister on Sunday. He accused Libya of "
            "arming the rebels.")
    assert [e.actor for e in _events(nlp, text) if e.type == "ACCUSE"] == ["Ali Sow"]
