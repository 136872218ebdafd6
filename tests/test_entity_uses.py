"""Entity types decided by how the article uses a name (sentences we wrote, invented names)."""

from __future__ import annotations

from spacy.language import Language

from newsgraph.enrich.entities import extract_entities
from newsgraph.enrich.nlp import parse


def types(nlp: Language, text: str) -> dict[str, set[str]]:
    """Types of each mention text."""
    out: dict[str, set[str]] = {}
    for m in extract_entities(next(parse(nlp, [text])))[0]:
        out.setdefault(m.text, set()).add(m.type)
    return out


def test_unknown_one_word_place_used_as_a_service_is_an_organisation(nlp: Language) -> None:
    got = types(nlp, "Kestavia launched a plan for small shops. Owners pay via Kestavia "
                     "each month.")
    assert got["Kestavia"] == {"ORG"}


def test_unknown_one_word_place_written_with_in_stays_a_place(nlp: Language) -> None:
    got = types(nlp, "Kestavia launched a plan for small shops. Owners in Kestavia pay "
                     "each month.")
    assert got["Kestavia"] == {"PLACE"}


def test_given_name_read_as_a_place_and_subject_of_a_clause_is_a_person(
        nlp: Language) -> None:
    assert types(nlp, "Becca tried the boots and loved them.")["Becca"] == {"PERSON"}
    got = types(nlp, "Becca tried the boots. Later Becca wore them on a hike.")
    assert got["Becca"] == {"PERSON"}


def test_lone_person_listed_with_an_organisation_is_an_organisation(nlp: Language) -> None:
    assert types(nlp, "Brenholm and Acme Corp. signed the deal.")["Brenholm"] == {"ORG"}


def test_lone_person_that_acquires_or_employs_is_an_organisation(nlp: Language) -> None:
    assert types(nlp, "Brenholm acquired a small lab last year.")["Brenholm"] == {"ORG"}
    assert types(nlp, "She is an engineer at Brenholm.")["Brenholm"] == {"ORG"}


def test_names_in_brackets_after_a_common_noun_are_brands(nlp: Language) -> None:
    got = types(nlp, "Doctors often prescribe orvatide (Calmora, Restiva). Calmora is "
                     "injected once a week, and Restiva costs less.")
    assert "Calmora" not in got and "Restiva" not in got


def test_name_in_brackets_after_a_site_noun_stays_a_place(nlp: Language) -> None:
    got = types(nlp, "In 2027 the chain opens its first airport location (Kestavia), "
                     "the owner said.")
    assert got["Kestavia"] == {"PLACE"}


def test_proper_names_apposed_to_a_job_are_a_person(nlp: Language) -> None:
    got = types(nlp, "As the bakery's Head of Wholesale Accounts, Lysis "
                     "Varrent-Ovel, put it, that is the plan.")
    assert got["Lysis Varrent-Ovel"] == {"PERSON"}
    got = types(nlp, "The store's design lead, Quorin Bell-Hatter, picked the fabric.")
    assert got["Quorin Bell-Hatter"] == {"PERSON"}


def test_workplace_after_an_apposed_job_stays_an_organisation(nlp: Language) -> None:
    got = types(nlp, "Tom Davis, owner, Arola Creative, said prices rose.")
    assert got["Arola Creative"] == {"ORG"}


def test_maker_name_and_more_capitalised_words_is_a_product_line(nlp: Language) -> None:
    got = types(nlp, "Zorvia sells accounting tools. Zorvia Ledger costs less than Zorvia "
                     "Payroll, and Zorvia grows fast.")
    assert got["Zorvia"] == {"ORG"}
    assert "Zorvia Ledger" not in got and "Zorvia Payroll" not in got


def test_maker_name_and_a_sector_word_is_a_body_of_the_maker(nlp: Language) -> None:
    got = types(nlp, "Zorvia Health runs clinics. Zorvia also sells tools.")
    assert got["Zorvia Health"] == {"ORG"}


def test_capitalised_plural_written_as_a_lower_case_plural_is_no_organisation(
        nlp: Language) -> None:
    from newsgraph.enrich.entities import _Cand, _common_words

    doc = next(parse(nlp, ["Zorvia is a good tool for Freelancers who bill by the hour. "
                           "Many freelancers work alone."]))
    i = next(t.i for t in doc if t.text == "Freelancers")
    kept = _common_words(doc, [_Cand(i, i + 1, "ORG", "ORG")])
    assert kept == []


def test_possessive_before_a_participle_and_noun_is_stripped(nlp: Language) -> None:
    got = types(nlp, "The new rules, Zorvia Labs's fund, Brightwell AI's evolving position "
                     "and the court's view all matter.")
    assert "Brightwell AI" in got and "Brightwell AI's" not in got


def test_place_label_on_a_name_ending_in_a_newspaper_word_is_an_organisation(
        nlp: Language) -> None:
    from newsgraph.enrich.entities import _classify

    doc = next(parse(nlp, ["She wrote for the Harlow City Star for years."]))
    start = next(t.i for t in doc if t.text == "Harlow")
    cand = _classify(doc, start, start + 3, "GPE")
    assert cand is not None and cand.type == "ORG"
    doc = next(parse(nlp, ["She moved to Harlow City last year."]))
    start = next(t.i for t in doc if t.text == "Harlow")
    cand = _classify(doc, start, start + 2, "GPE")
    assert cand is not None and cand.type == "PLACE"
