"""Text normalisation and line keys."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.clean import line_key, normalize_text


def test_line_endings_spaces_and_zero_width() -> None:
    raw = "  Title\u00a0here \r\nSecond\u200b line\rThird\u2028fourth\t\t end  "
    assert normalize_text(raw) == "Title here\nSecond line\nThird\nfourth end"


def test_nfc_and_soft_hyphen() -> None:
    assert normalize_text("Tu\u0308rkiye co\u00adoperation") == "Türkiye cooperation"
    assert unicodedata.is_normalized("NFC", normalize_text("e\u0301te\u0301"))


def test_mojibake_repaired() -> None:
    assert normalize_text("T\u00c3\u00bcrkiye\u00e2\u20ac\u2122s") == "Türkiye’s"
    # Only the encoding is repaired: quotes and full-width forms stay as written.
    assert normalize_text("â€œHiâ€\x9d ＡＢＣ ﬁne") == "“Hi” ＡＢＣ ﬁne"


def test_blank_lines_kept() -> None:
    assert normalize_text("a\n\n\nb\n") == "a\n\n\nb\n"


def test_line_key_folds_case_digits_and_spaces() -> None:
    assert line_key("Most  Read 12") == line_key("most read 3")
    assert line_key("Subscribe") != line_key("Subscribed")


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_normalize_is_idempotent_and_keeps_lines(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert all(line == line.strip() for line in once.split("\n"))
    assert unicodedata.is_normalized("NFC", once)
