"""Corpus-wide entity resolution: aliases and spelling slips merge, different people never do."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsgraph.enrich.canon import EntityResolver, same_person_spelling
from newsgraph.enrich.countries import country_code, country_name, demonym_code


@pytest.mark.parametrize(("a", "b"), [
    ("Recep Tayyib Erdogan", "Recep Tayyip Erdogan"),
    ("Recep Tayyip Erdoğan", "Recep Tayyip Erdogan"),
    ("Volodymyr Zelensky", "Volodymyr Zelenskyy"),
    ("VLADIMIR PUTIN", "Vladimir Putin"),
])
def test_spelling_slips_of_one_person_match(a: str, b: str) -> None:
    assert same_person_spelling(a, b)
    assert same_person_spelling(b, a)


@pytest.mark.parametrize(("a", "b"), [
    ("Hunter Biden", "Joe Biden"),
    ("Theo Francken", "Anne Francken"),
    ("Anna Francken", "Anne Francken"),
    ("George H. Bush", "George W. Bush"),
    ("George H. W. Bush", "George W. Bush"),
    ("John Smith", "John Smyth"),
    ("Maria Fernandez", "Maria Hernandez"),
    ("Kim Jong Un", "Kim Jong Il"),
    ("Mohammed bin Salman", "Mohammed bin Zayed"),
    ("Marine Le Pen", "Jean-Marie Le Pen"),
    ("Putin", "Vladimir Putin"),
    ("Recep Erdogan", "Recep Tayyip Erdogan"),
])
def test_different_people_never_match(a: str, b: str) -> None:
    assert not same_person_spelling(a, b)
    assert not same_person_spelling(b, a)


def test_resolver_merges_spelling_slips_and_keeps_both_as_aliases() -> None:
    r = EntityResolver()
    assert r.resolve("Recep Tayyip Erdogan", "PERSON") == "Recep Tayyip Erdogan"
    assert r.resolve("Recep Tayyib Erdogan", "PERSON") == "Recep Tayyip Erdogan"
    assert r.resolve("Erdogan", "PERSON") == "Recep Tayyip Erdogan"
    entity = r.lookup("Erdogan", "PERSON")
    assert entity is not None
    assert {"Recep Tayyip Erdogan", "Recep Tayyib Erdogan", "Erdogan"} <= set(entity.aliases)
    assert len(r) == 1


def test_resolver_never_merges_people_sharing_a_surname() -> None:
    r = EntityResolver()
    assert r.resolve("Joe Biden", "PERSON") == "Joe Biden"
    assert r.resolve("Hunter Biden", "PERSON") == "Hunter Biden"
    assert r.resolve("Theo Francken", "PERSON") == "Theo Francken"
    assert r.resolve("Anne Francken", "PERSON") == "Anne Francken"
    # A lone surname shared by two known people is ambiguous: it stays its own entity.
    assert r.resolve("Biden", "PERSON") == "Biden"
    assert r.resolve("Francken", "PERSON") == "Francken"
    assert len({e.name for e in r}) == 6


def test_lone_surname_resolves_to_the_one_known_full_name() -> None:
    r = EntityResolver()
    r.resolve("Vladimir Putin", "PERSON")
    assert r.resolve("Putin", "PERSON") == "Vladimir Putin"
    assert r.resolve("Putin's", "PERSON") == "Vladimir Putin"


def test_organisation_aliases_merge_both_ways() -> None:
    r = EntityResolver()
    assert r.resolve("EU", "ORG") == "European Union"
    assert r.resolve("the European Union", "ORG") == "European Union"
    assert r.resolve("UN", "ORG") == "United Nations"
    assert r.resolve("United Nations", "ORG") == "United Nations"
    assert r.resolve("Wagner", "ORG") == "Wagner Group"
    assert r.resolve("Wagner Group", "ORG") == "Wagner Group"
    # An organisation not in the table: "X" and "X Group" are one.
    assert r.resolve("Acme Shipping Group", "ORG") == "Acme Shipping Group"
    assert r.resolve("Acme Shipping", "ORG") == "Acme Shipping Group"
    # The Kremlin is kept apart from the country it speaks for.
    assert r.resolve("Kremlin", "ORG") == "Kremlin"
    assert r.resolve("Russia", "COUNTRY") == "Russia"


def test_acronym_resolves_only_when_one_organisation_fits() -> None:
    r = EntityResolver()
    r.resolve("Rapid Support Forces", "ORG")
    assert r.resolve("RSF", "ORG") == "Rapid Support Forces"
    r.resolve("International Criminal Court", "ORG")
    r.resolve("International Cricket Council", "ORG")
    assert r.resolve("ICC", "ORG") == "ICC"


def test_country_names_resolve_to_one_country() -> None:
    r = EntityResolver()
    for name in ("Turkey", "Türkiye", "turkiye", "Republic of Türkiye"):
        assert r.resolve(name, "COUNTRY") == "Türkiye"
    for name in ("US", "U.S.", "United States", "the United States", "America"):
        assert r.resolve(name, "COUNTRY") == "United States"
    for name in ("Britain", "UK", "United Kingdom"):
        assert r.resolve(name, "COUNTRY") == "United Kingdom"
    assert r.resolve("Ivory Coast", "COUNTRY") == r.resolve("Côte d'Ivoire", "COUNTRY")
    turkiye = r.lookup("Turkey", "COUNTRY")
    assert turkiye is not None and turkiye.country == "TUR" and "Turkey" in turkiye.aliases


def test_types_never_mix() -> None:
    r = EntityResolver()
    assert r.resolve("Jordan", "COUNTRY") == "Jordan"
    person = r.entity("Jordan", "PERSON")
    country = r.entity("Jordan", "COUNTRY")
    assert person.id != country.id


@pytest.mark.parametrize(("name", "code", "canonical"), [
    ("Turkey", "TUR", "Türkiye"), ("Türkiye", "TUR", "Türkiye"), ("Britain", "GBR", "United Kingdom"),
    ("U.S.", "USA", "United States"), ("America", "USA", "United States"),
    ("Russia", "RUS", "Russia"), ("Ivory Coast", "CIV", "Côte d'Ivoire"), ("Iran", "IRN", "Iran"),
    ("Syria", "SYR", "Syria"), ("South Korea", "KOR", "South Korea"),
    ("North Korea", "PRK", "North Korea"), ("Czech Republic", "CZE", "Czechia"),
    ("Democratic Republic of Congo", "COD", "DR Congo"),
    ("Republic of the Congo", "COG", "Republic of the Congo"), ("Vietnam", "VNM", "Vietnam"),
    ("Laos", "LAO", "Laos"), ("Moldova", "MDA", "Moldova"), ("Tanzania", "TZA", "Tanzania"),
    ("Venezuela", "VEN", "Venezuela"), ("Bolivia", "BOL", "Bolivia"),
    ("Palestine", "PSE", "Palestine"), ("Kosovo", "XKX", "Kosovo"),
])
def test_country_names_news_uses(name: str, code: str, canonical: str) -> None:
    assert country_code(name) == code
    assert country_name(code) == canonical


def test_lowercase_words_and_pronouns_are_not_countries() -> None:
    assert country_code("us") is None
    assert country_code("turkey") is None
    assert demonym_code("Turkish") == "TUR"
    assert demonym_code("Russians") == "RUS"
    assert demonym_code("turkish") is None


def test_rows_round_trip() -> None:
    r = EntityResolver()
    r.resolve("Recep Tayyip Erdogan", "PERSON")
    r.resolve("Erdogan", "PERSON")
    r.entity("Turkey", "COUNTRY")
    r.resolve("EU", "ORG")
    rows = r.to_rows()
    again = EntityResolver.from_rows(rows)
    assert again.to_rows() == rows
    assert again.resolve("Recep Tayyib Erdogan", "PERSON") == "Recep Tayyip Erdogan"
    assert again.resolve("European Union", "ORG") == "European Union"


_names = st.lists(st.sampled_from(["Anne", "Theo", "Joe", "Hunter", "Recep", "Tayyip", "Tayyib",
                                   "Francken", "Biden", "Erdogan", "Smith", "Smyth", "De", "Pauw"]),
                  min_size=1, max_size=4).map(" ".join)


@given(_names, _names)
def test_spelling_rule_is_symmetric_and_needs_the_same_given_name(a: str, b: str) -> None:
    assert same_person_spelling(a, b) == same_person_spelling(b, a)
    if same_person_spelling(a, b):
        assert a.split()[0].lower() == b.split()[0].lower()


@given(st.lists(st.tuples(_names, st.sampled_from(["PERSON", "ORG"])), max_size=12))
def test_resolution_is_stable(items: list[tuple[str, str]]) -> None:
    r = EntityResolver()
    first = [r.resolve(name, type_) for name, type_ in items]
    assert [r.resolve(name, type_) for name, type_ in items] == first
    for canonical, (_name, type_) in zip(first, items, strict=True):
        assert r.resolve(canonical, type_) == canonical
