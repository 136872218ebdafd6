"""A descriptor before the names it describes, which the parser makes a second subject
("old rivals X and Y"): the names act. Sentences written for these tests."""

from __future__ import annotations

from spacy.language import Language

from nlpkit import coded_events as _events


def test_described_names_are_the_actors(nlp: Language) -> None:
    for text in (
        "Old foes Peru and Ecuador have renewed diplomatic ties after a long break.",
        "Bitter rivals Armenia and Azerbaijan signed a peace agreement on Friday.",
    ):
        actors = {e.actor_country for e in _events(nlp, text) if not e.uncertain}
        assert actors >= ({"PER", "ECU"} if "Peru" in text else {"ARM", "AZE"}), (text, actors)
