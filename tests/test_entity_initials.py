"""An organisation's initials name it even when the text never defines them in brackets."""

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
