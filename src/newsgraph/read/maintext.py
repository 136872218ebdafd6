"""Articles from text that a DOM extractor has already cut down to the page's main content.

For an HTML page read with trafilatura (``Page.extraction == "trafilatura"``) the
page text is the main content already: the DOM, not line statistics, decided
what belongs to the article. Segmentation still finds the title, captions,
credits, agency lines, furniture and subheadings, but its search for the densest
run of prose (made for flattened text full of navigation) drops lists, tables,
short paragraphs and text without spaces (Chinese, Japanese) that belong to the
article. Here the body is every line segmentation does not set aside.

This is the HTML side of segmentation; the pipeline calls
:func:`main_text_articles` instead of :func:`newsgraph.segment.segment` for such pages.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from newsgraph.model import Article, Caption, Page, Subheading
from newsgraph.segment import Role, segment_with_roles
from newsgraph.settings import Settings

_KEEP = frozenset({Role.BODY, Role.OTHER})
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def text_words(text: str) -> int:
    """Words in ``text``, counting two CJK characters as a word (those scripts use no spaces)."""
    return len(text.split()) + len(_CJK.findall(text)) // 2


def main_text_articles(
    page: Page, *, furniture: Collection[str] = frozenset(), settings: Settings | None = None
) -> list[Article]:
    """The articles of ``page``; for main-content text, one article holding all its body lines.

    Pages not read by a main-content extractor, and pages on which segmentation
    finds several articles, are segmented as usual.
    """
    settings = settings or Settings()
    articles, roles = segment_with_roles(page.text, furniture=furniture, title_hint=page.title,
                                         settings=settings)
    if page.extraction != "trafilatura" or len(articles) > 1:
        return articles
    paragraphs: list[str] = []
    spans: list[tuple[int, int]] = []
    subheadings: list[Subheading] = []
    captions: list[Caption] = []
    title: str | None = None
    for line in roles:
        if not line.text:
            continue
        if line.role in _KEEP:
            paragraphs.append(line.text)
            spans.append((line.start, line.end))
        elif line.role == Role.SUBHEADING:
            subheadings.append(Subheading(line.text, before=len(paragraphs)))
        elif line.role == Role.TITLE and title is None:
            title = line.text
        elif line.role == Role.CAPTION and not articles:
            captions.append(Caption(line.text))
    if not paragraphs or text_words(" ".join(paragraphs)) < settings.min_article_words:
        return articles
    found = articles[0] if articles else None
    return [
        Article(
            title=found.title if found and found.title else title or page.title,
            paragraphs=paragraphs,
            spans=spans,
            start=min(spans[0][0], found.start) if found else spans[0][0],
            end=max(spans[-1][1], found.end) if found else spans[-1][1],
            captions=found.captions if found else captions,
            subheadings=subheadings,
            agency=found.agency if found else None,
            published=page.published,
            author=page.author,
            language=page.language,
        )
    ]
