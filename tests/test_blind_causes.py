"""General causes of errors on blind real articles (issue 8): conjuncts share a type, ..."""

from __future__ import annotations

from spacy.language import Language

from newsgraph.enrich.entities import extract_entities
from newsgraph.enrich.nlp import parse


def _types(nlp: Language, text: str) -> dict[str, str]:
    doc = next(parse(nlp, [text]))
    mentions, _ = extract_entities(doc)
    return {m.text: m.type for m in mentions}


def test_a_name_listed_with_organisations_is_one(nlp: Language) -> None:
    types = _types(
        nlp, "Engineers from Zentrix, Volaris Systems and Quorvane Technologies met in Austin."
    )
    assert types["Zentrix"] == "ORG"
    assert types["Volaris Systems"] == "ORG"
    assert types["Austin"] == "PLACE"  # outside the list


def test_one_certain_conjunct_decides(nlp: Language) -> None:
    types = _types(
        nlp, "Investors in Brackwell and Tollmere Media Group lost money after the merger."
    )
    assert types["Brackwell"] == "ORG"


def test_an_untagged_name_in_a_list_of_organisations(nlp: Language) -> None:
    types = _types(nlp, "The deal was backed by Goldman Sachs, Morgan Stanley and Qorvex.")
    assert types.get("Qorvex") == "ORG"


def test_a_person_with_a_given_name_stays_a_person(nlp: Language) -> None:
    types = _types(nlp, "Taylor Swift and Big Machine Records fought over the masters.")
    assert types["Taylor Swift"] == "PERSON"
