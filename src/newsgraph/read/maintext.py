"""Articles from text that a DOM extractor has already cut down to the page's main content.

For an HTML page read with trafilatura (``Page.extraction == "trafilatura"``) the
page text is the main content already: the DOM, not line statistics, decided
what belongs to the article, and the markup said which lines are headings.
This module keeps that decision. Every line of the main text is body unless it
is something the DOM extractor cannot tell apart from body:

- the title, repeated at the top of the main text;
- a photo caption: a ``<figcaption>`` of the page, or a line ending in a photo
  credit (``... Photo: Jane Doe``), kept as the article's captions;
- an agency line (``(Reuters) -`` on a line of its own, ``Reporting by ...``),
  recognised by segmentation and kept as the article's agency;
- furniture learned across the site's pages (``furniture`` keys).

Headings of the markup become the article's subheadings, in place. Nothing else
is dropped: lists, tables, short paragraphs and text without spaces stay.

The pipeline calls :func:`main_text_articles` instead of
:func:`newsgraph.segment.segment` for such pages; other pages are segmented.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from newsgraph.clean import line_key
from newsgraph.model import Article, Caption, Page, Subheading
from newsgraph.segment import agency_lines, segment, split_caption
from newsgraph.settings import Settings

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_TOKEN = re.compile(r"\w+")

CAPTION_MAX_WORDS = 60
"""A main-text line ending in a photo credit is a caption only up to this many words."""


def text_words(text: str) -> int:
    """Words in ``text``, counting two CJK characters as a word (those scripts use no spaces)."""
    if text.isascii():  # O(1): no CJK to look for
        return len(text.split())
    return len(text.split()) + len(_CJK.findall(text)) // 2


def _norm(text: str) -> str:
    return " ".join(_TOKEN.findall(text.lower()))


def _is_title(line: str, title: str | None) -> bool:
    """Whether ``line`` is the page's title (or the title without its site suffix)."""
    if not title:
        return False
    a, b = _norm(line), _norm(title)
    return bool(a) and (a == b or (b.startswith(a + " ") and len(a) >= 0.5 * len(b)))


def main_text_articles(
    page: Page, *, furniture: Collection[str] = frozenset(), settings: Settings | None = None
) -> list[Article]:
    """The article of a main-content page: every line of it, less title, captions and agency.

    Pages not read by a main-content extractor are segmented as usual.
    """
    settings = settings or Settings()
    if page.extraction != "trafilatura":
        return segment(page.text, furniture=furniture, title_hint=page.title, settings=settings)
    # Segmentation is asked only what the markup cannot say: which lines are agency lines
    # (their first-pass kinds; the line model is not run on text that is all article).
    agency_starts, agency = agency_lines(page.text, furniture=furniture, settings=settings)
    headings = {_norm(h) for h in page.headings}
    figure = {_norm(c) for c in page.captions}
    marked = bool(headings or figure)
    paragraphs: list[str] = []
    spans: list[tuple[int, int]] = []
    subheadings: list[Subheading] = []
    captions: list[Caption] = []
    title: str | None = None
    pos = 0
    for raw in page.text.split("\n"):
        start, pos = pos, pos + len(raw) + 1
        line = raw.strip()
        if not line:
            continue
        start += raw.index(line[0])
        if _TOKEN.search(line) is None:
            continue
        # The normalised key only when there are headings or figure captions to match it with.
        key = _norm(line) if marked else ""
        if not paragraphs and _is_title(line, page.title):
            title = title or line
            continue
        if furniture and line_key(line) in furniture:
            continue
        if marked and key in figure:
            captions.append(split_caption(line))
            continue
        if start in agency_starts:
            continue
        if marked and key in headings:
            subheadings.append(Subheading(line, before=len(paragraphs)))
            continue
        if text_words(line) <= CAPTION_MAX_WORDS:
            cap = split_caption(line)
            if cap.credit is not None:
                captions.append(cap)
                continue
        paragraphs.append(line)
        spans.append((start, start + len(line)))
    if not paragraphs or text_words(" ".join(paragraphs)) < settings.min_article_words:
        return []
    return [
        Article(
            title=title or page.title,
            paragraphs=paragraphs,
            spans=spans,
            start=spans[0][0],
            end=spans[-1][1],
            captions=captions,
            subheadings=subheadings,
            agency=agency,
            published=page.published,
            author=page.author,
            language=page.language,
        )
    ]

