"""Date expressions: found in text, normalised with precision, relative ones resolved."""

from __future__ import annotations

import pytest
from spacy.language import Language

from newsgraph.enrich.dates import extract_dates, normalize_date
from newsgraph.enrich.nlp import parse

PUBLISHED = "2024-12-20"  # a Friday



@pytest.mark.parametrize(
    ("expr", "value", "precision"),
    [
        ("November 2015", "2015-11", "month"),
        ("July 3, 2024", "2024-07-03", "day"),
        ("3 July 2024", "2024-07-03", "day"),
        ("Sept. 11, 2001", "2001-09-11", "day"),
        ("2018", "2018", "year"),
        ("the 1990s", "1990s", "decade"),
        ("the '80s", "1980s", "decade"),
        ("2024-05-29", "2024-05-29", "day"),
    ],
)
def test_absolute_dates(expr: str, value: str, precision: str) -> None:
    norm = normalize_date(expr)
    assert norm is not None
    assert (norm.value, norm.precision, norm.relative) == (value, precision, False)


@pytest.mark.parametrize(
    ("expr", "value", "precision"),
    [
        ("last July", "2024-07", "month"),
        ("June", "2024-06", "month"),
        ("December", "2024-12", "month"),
        ("early this year", "2024", "year"),
        ("last year", "2023", "year"),
        ("this month", "2024-12", "month"),
        ("last month", "2024-11", "month"),
        ("Thursday", "2024-12-19", "day"),
        ("Friday", "2024-12-20", "day"),
        ("yesterday", "2024-12-19", "day"),
        ("two years ago", "2022", "year"),
        ("March 5", "2024-03-05", "day"),
    ],
)
def test_relative_dates_resolved_against_publication(expr: str, value: str,
                                                     precision: str) -> None:
    from datetime import date

    norm = normalize_date(expr, date.fromisoformat(PUBLISHED))
    assert norm is not None
    assert (norm.value, norm.precision, norm.relative, norm.resolved) == (
        value, precision, True, True)


def test_relative_without_anchor_is_flagged_unresolved() -> None:
    norm = normalize_date("last July", None)
    assert norm is not None
    assert norm.relative and not norm.resolved and norm.value is None


def test_story_relative_dates_stay_unresolved() -> None:
    from datetime import date

    for expr in ("months later", "two months later", "the following year", "Later that year"):
        norm = normalize_date(expr, date.fromisoformat(PUBLISHED))
        assert norm is not None, expr
        assert norm.relative and not norm.resolved, expr


@pytest.mark.parametrize("expr", ["29155", "two-year-old", "annual", "for years", "may"])
def test_non_dates_are_dropped(expr: str) -> None:
    assert normalize_date(expr) is None


def test_extract_dates_from_text(nlp: Language) -> None:
    text = (
        "Tensions spiraled when a jet was shot down in November 2015. In 2018, the two "
        "governments negotiated a deal. The ships docked in late May, and officials met on "
        "Thursday. Insurgents attacked the base last July, during the 1990s-style campaign."
    )
    doc = next(parse(nlp, [text]))
    found = {d.text: (d.value, d.precision, d.relative) for d in extract_dates(doc, PUBLISHED)}
    assert found["November 2015"] == ("2015-11", "month", False)
    assert found["2018"] == ("2018", "year", False)
    assert found["late May"] == ("2024-05", "month", True)
    assert found["Thursday"] == ("2024-12-19", "day", True)
    assert found["last July"] == ("2024-07", "month", True)
    for d in extract_dates(doc, PUBLISHED):
        assert doc.text[d.start:d.end] == d.text


def test_extract_dates_without_publication(nlp: Language) -> None:
    doc = next(parse(nlp, ["The EU acted in December, months after talks began in 2023."]))
    dates = {d.text: d for d in extract_dates(doc, None)}
    assert dates["2023"].value == "2023" and dates["2023"].resolved
    assert dates["December"].relative and not dates["December"].resolved
    assert dates["December"].value is None


def test_dates_out_of_the_calendar_stay_unresolved() -> None:
    from datetime import date

    from newsgraph.enrich.dates import normalize_date

    for expr, anchor in (("3000000 days ago", date(2015, 11, 24)), ("tomorrow", date(9999, 12, 31)),
                         ("yesterday", date(1, 1, 1)), ("300 years ago", date(101, 1, 1))):
        norm = normalize_date(expr, anchor)
        assert norm is None or (norm.value is None and not norm.resolved), expr
