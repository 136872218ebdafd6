"""Tables as a terminal shows them: short values whole, headers broken between words."""

from __future__ import annotations

import pytest

from newsgraph.cli.common import print_rows
from newsgraph.cli.knowledge import _EVENT_TABLE_NARROW, _event_table_row


def test_a_narrow_terminal_folds_the_text_columns_not_the_codes(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    rows = [{"id": 12, "date": "2022-02-24", "type": "ASSAULT", "actor_country": "RUS",
             "sentence": "Russian forces crossed the border at dawn and shelled the outskirts "
                         "of the capital, officials of the regional administration said.",
             "confidence": 0.82}] * 2
    print_rows(rows, ["id", "date", "type", "actor_country", "sentence", "confidence"])
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert any("2022-02-24" in line and "ASSAULT" in line and "RUS" in line and "0.82" in line
               for line in lines)  # every short value on one line, whole
    assert "actor" in out and "country" in out and "acto" not in out.replace("actor", "")
    assert max(len(line) for line in lines) <= 80


def test_an_event_row_shows_each_party_with_its_country() -> None:
    row = _event_table_row({"actor": "Moscow", "actor_country": "RUS", "target": None,
                            "target_country": "UKR", "confidence": 0.7, "source_count": 2})
    assert (row["actor"], row["target"], row["conf"], row["sources"]) == (
        "Moscow (RUS)", "UKR", 0.7, 2)
    assert {"actor", "target", "type", "date"} <= set(_EVENT_TABLE_NARROW)


@pytest.mark.parametrize(("width", "shown"), [(80, False), (150, True)])
def test_a_table_keeps_its_narrow_columns_on_a_narrow_terminal(
        width: int, shown: bool, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    print_rows([{"speaker": "Jane Doe", "cue": "told", "text": "We will stay."}],
               ["speaker", "cue", "text"], narrow=["speaker", "text"])
    out = capsys.readouterr().out
    assert "Jane Doe" in out and "We will stay." in out
    assert ("told" in out) is shown
