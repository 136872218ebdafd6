"""The HTML path's shortcuts give what the plain calls they replace give.

- :func:`newsgraph.read.html.main_text` runs trafilatura's cascade on the parsed tree itself:
  the same text and main-content tree as ``trafilatura.bare_extraction`` on a copy.
- ``_BYLINE_XPATH`` reaches byline elements through their attributes: the same elements, in
  the same order, as the element predicates it replaced.
- :func:`newsgraph.segment.agency_lines` classifies only the lines that can matter: the same
  agency line starts and agency as reading every line's first-pass kind.
"""

from __future__ import annotations

from pathlib import Path

import lxml.etree
import pytest
import trafilatura
from trafilatura.utils import load_html

from newsgraph import segment
from newsgraph.read import html as html_reader
from newsgraph.settings import Settings

SETTINGS = Settings()
PARAS = (
    "The library on Mill Street will open on Sundays from next month, the first change to its "
    "hours since the building was extended, after a survey found that families wanted more time.",
    "Staff said the extra day would be covered by two new part-time posts and by volunteers from "
    "the reading club, who already run the children's storytelling mornings twice a week.",
)


def _pages(fixtures_dir: Path) -> list[str]:
    paras = "".join(f"<p>{p}</p>" for p in PARAS)
    return [
        (fixtures_dir / "html" / "harbour_article.html").read_text("utf-8"),
        f"<html><head><title>Library</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>Library Opens on Sundays</h1><h2>Hours</h2>{paras}<ul><li>Sunday 10-4</li>"
        f"<li>Monday closed</li></ul></article><footer>Contact us</footer></body></html>",
        "<html><body><div><a href='/a'>A</a> <a href='/b'>B</a></div></body></html>",  # no main text
    ]


def _bare(html: str) -> tuple[str, list[str]] | None:
    doc = trafilatura.bare_extraction(
        load_html(html),
        favor_precision=html_reader.FAVOR_PRECISION,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_formatting=False,
        include_links=False,
    )
    if doc is None or not doc.text:  # type: ignore[union-attr]
        return None
    return doc.text, html_reader.main_headings(doc.body)  # type: ignore[union-attr]


def test_main_text_is_bare_extraction(fixtures_dir: Path) -> None:
    results = []
    for html in _pages(fixtures_dir):
        found = html_reader.main_text(load_html(html))
        got = (found[0], html_reader.main_headings(found[1])) if found is not None else None
        assert got == _bare(html)
        results.append(got)
    assert results[0] is not None and "Who pays" in results[0][1]
    assert (
        results[1] is not None
        and results[1][1] == ["Library Opens on Sundays", "Hours"]
        and "Monday closed" in results[1][0]
    )


def test_main_text_falls_back_to_bare_extraction(
    fixtures_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A trafilatura whose cascade is not the one expected is called through bare_extraction."""
    html = _pages(fixtures_dir)[0]
    direct = html_reader.main_text(load_html(html))
    monkeypatch.setattr(html_reader, "_DIRECT_SEQUENCE", False)
    tree = load_html(html)
    before = lxml.etree.tostring(tree)
    found = html_reader.main_text(tree)
    assert found is not None and direct is not None and found[0] == direct[0]
    assert lxml.etree.tostring(tree) == before  # bare_extraction works on a copy


def test_main_text_spends_the_tree_only_after_metadata(fixtures_dir: Path) -> None:
    """The reader's metadata and captions are read before the cascade prunes the tree."""
    html = _pages(fixtures_dir)[0]
    found = html_reader.extract_html(html)
    meta = html_reader.page_metadata(load_html(html), None, html)
    assert (found.title, found.author, found.published) == (meta.title, meta.author, meta.published)
    assert found.method == "trafilatura" and found.text == _bare(html)[0]  # type: ignore[index]


@pytest.mark.parametrize(
    "markup",
    [
        '<p class="byline">By Jane Doe</p><span rel="author">Ann Lee</span>'
        '<div class="post-Byline meta">AP</div><a itemprop="author" href="/x">Bo Li</a>',
        '<p class="skyline">Views</p><p rel="authors">x</p><p itemprop="author name">y</p>',
        '<div class="bylines"><span class="byline">A</span><span class="byline">B</span></div>',
    ],
)
def test_byline_xpath_finds_what_element_predicates_find(markup: str) -> None:
    tree = load_html(
        f"<html><head><link rel='author' href='/me'></head><body>{markup}</body></html>"
    )
    old = tree.xpath(
        "//*[@rel='author' or @itemprop='author' or contains(@class, 'byline') "
        "or contains(@class, 'Byline')]"
    )
    assert html_reader._BYLINE_XPATH(tree) == old
    assert isinstance(html_reader._BYLINE_XPATH, lxml.etree.XPath)


def _agency_lines_reference(text: str) -> tuple[set[int], str | None]:
    lines = segment._first_pass_all(text, frozenset(), SETTINGS)
    starts = {ln.start for ln in lines if ln.kind == segment._K_AGENCY}
    agency = next((ln.text.strip("—–-©() .") for ln in lines if ln.kind == segment._K_AGENCY), None)
    if agency is None:
        first = next((k for k, ln in enumerate(lines) if ln.kind == segment._K_PROSE), None)
        if first is not None:
            agency = segment._printed_agency(lines, 0, first, lines[first].text)
    return starts, agency


AGENCY_TEXTS = [
    "Storm closes port\nBy The Associated Press\n\n" + "\n".join(PARAS),
    "PARIS (AFP) — " + PARAS[0] + "\n" + PARAS[1],
    "\n".join(PARAS) + "\n(Reuters)\nReporting by Jane Doe; Editing by Ann Lee",
    PARAS[0][:80] + "\n" + PARAS[0][80:] + "\nReuters\n" + PARAS[1],  # a hard-wrapped opening
    "Short line\nAnother\n\nPTI\n" + PARAS[0] + "\nAP\n" + PARAS[1],
    "no prose at all\njust lines",
    "",
]


@pytest.mark.parametrize("text", AGENCY_TEXTS)
def test_agency_lines_match_a_full_first_pass(text: str) -> None:
    assert segment.agency_lines(text, settings=SETTINGS) == _agency_lines_reference(text)


def test_agency_lines_find_agencies() -> None:
    assert segment.agency_lines(AGENCY_TEXTS[0], settings=SETTINGS)[1] == "The Associated Press"
    assert segment.agency_lines(AGENCY_TEXTS[1], settings=SETTINGS)[1] == "AFP"
    starts, agency = segment.agency_lines(AGENCY_TEXTS[4], settings=SETTINGS)
    assert agency == "PTI" and len(starts) == 2
    wrapped = AGENCY_TEXTS[3]  # the agency line after a paragraph broken over two lines
    assert segment.agency_lines(wrapped, settings=SETTINGS) == (
        {wrapped.index("\nReuters") + 1},
        "Reuters",
    )


def test_agency_lines_on_the_seed_texts(seeds_dir: Path) -> None:
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text("utf-8")
        assert segment.agency_lines(text, settings=SETTINGS) == _agency_lines_reference(text)
