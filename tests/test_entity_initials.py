"""Organisations: initials never defined in brackets, and names that act as companies."""

from __future__ import annotations

from newsgraph.enrich.entities import extract_entities
from newsgraph.enrich.nlp import load_nlp, parse


def test_initials_of_an_organisation_named_before_are_that_organisation() -> None:
    nlp = load_nlp()
    text = (
        "The Federation of Small Builders asked for lower fees. Another point on FSB's "
        "list is training, and FSB said it will publish the list in May."
    )
    mentions, _ = extract_entities(next(parse(nlp, [text])))
    short = [m for m in mentions if m.text == "FSB"]
    assert len(short) == 2
    assert all(m.type == "ORG" and m.canonical == "Federation of Small Builders" for m in short)


def test_a_name_that_offers_and_announces_is_an_organisation_not_a_place() -> None:
    nlp = load_nlp()
    text = "Netflix offers three plans. Netflix announced a price rise on Monday."
    mentions, _ = extract_entities(next(parse(nlp, [text])))
    assert [m.type for m in mentions if m.text == "Netflix"] == ["ORG", "ORG"]


def test_name_edges_the_model_cuts() -> None:
    nlp = load_nlp()
    text = (
        "The story was first reported by The Times on Monday. Paris Baguette opened its "
        "first store in the town."
    )
    mentions, _ = extract_entities(next(parse(nlp, [text])))
    spans = {(m.text, m.type) for m in mentions}
    assert ("The Times", "ORG") in spans and ("Paris Baguette", "ORG") in spans


def test_a_lone_surname_of_a_person_named_in_full_is_that_person() -> None:
    nlp = load_nlp()
    text = (
        "Ashley Millers runs a studio in Leeds. Classes are booked out every week.\n\n"
        "Millers agrees that stretching classes have grown."
    )
    mentions, _ = extract_entities(next(parse(nlp, [text])))
    lone = [m for m in mentions if m.text == "Millers"]
    assert [(m.type, m.canonical) for m in lone] == [("PERSON", "Ashley Millers")]
