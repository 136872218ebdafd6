"""Helpers for store and corpus-CLI tests: articles written by us, laid out on pages."""

from __future__ import annotations

from newsgraph.model import Article, Caption, Page, Subheading

BRIDGE = (
    "Harbour bridge in Port Ellery reopens after two years of repairs",
    [
        "The harbour bridge in Port Ellery reopened to traffic on Tuesday morning, two years after "
        "engineers closed it when inspectors found deep cracks in three of its steel supports.",
        "Mayor Ines Caldwell cut a ribbon at the northern end while a brass band played and a queue "
        "of delivery vans waited with their engines running behind a row of orange cones.",
        "The repairs cost the city about 48 million euros, nearly twice the first estimate, after "
        "divers discovered that the foundations under the central pier had also been weakened by "
        "decades of salt water and the wake of container ships.",
        "Shopkeepers on the waterfront said the closure had cut their takings by a third, because "
        "visitors from the southern districts no longer came across for the weekend market.",
        "The council plans to open a cycle lane on the bridge in the spring and to add sensors that "
        "report vibration in the supports to an office in the town hall every ten minutes.",
    ],
)

FERRY = (
    "Port Ellery ferry crews vote to strike over new rosters",
    [
        "Ferry crews in Port Ellery voted on Monday to strike for three days next month, saying new "
        "rosters would leave too few sailors on the night crossings to the islands.",
        "The operator, Ellery Marine, said the rosters followed rules agreed with the regulator and "
        "that no crossing would sail with fewer people than the law requires.",
        "Union officials said the vote was the first in eleven years and that talks could resume if "
        "the company withdrew the rosters, which take effect at the start of the summer timetable.",
        "Island residents, who rely on the ferries for groceries and hospital visits, asked both "
        "sides to keep at least one crossing a day running during any stoppage.",
    ],
)

TRADE = (
    "Türkiye and Georgia sign a rail freight agreement",
    [
        "Türkiye and Georgia signed an agreement on Friday to double the number of freight trains "
        "crossing their border, officials in Ankara said after a meeting of transport ministers.",
        "The line through Kars carries grain, cement and machinery, and both governments want more "
        "of the trade that now moves by lorry over the mountain passes to shift onto rail.",
        "Engineers will lengthen sidings at two stations so that longer trains can pass each other, "
        "work that is expected to take eighteen months and to be paid for by both countries.",
    ],
)

LIBRARY = (
    "A village library lends tools as well as books",
    [
        "The library in the village of Marrow Green now lends drills, ladders and sewing machines "
        "alongside its books, and the tool shelf has a waiting list longer than the new novels.",
        "Volunteers check every tool when it comes back and keep a notebook of repairs, which the "
        "librarian says has become the most read document in the building.",
        "Neighbouring villages have asked for copies of the lending rules, and a regional grant will "
        "pay for a second shed and a van to carry tools between the libraries on Saturdays.",
    ],
)


def make_page(source: str, stories: list[tuple[str, list[str]]], *, site: str | None = "ellery.example",
              url: str | None = None, furniture: tuple[str, ...] = ("Share", "Advertisement"),
              captions: dict[int, list[Caption]] | None = None) -> tuple[Page, list[Article]]:
    """A page holding ``stories`` one after another (with furniture lines between), and its
    articles with exact spans."""
    parts: list[str] = []
    pos = 0
    articles: list[Article] = []

    def add(line: str) -> tuple[int, int]:
        nonlocal pos
        start = pos
        parts.append(line)
        pos += len(line) + 2  # joined by blank lines
        return start, start + len(line)

    for i, (title, paras) in enumerate(stories):
        for line in furniture:
            add(line)
        start, _ = add(title)
        spans = [add(p) for p in paras]
        articles.append(Article(
            title=title, paragraphs=list(paras), spans=spans, start=start, end=spans[-1][1],
            captions=list((captions or {}).get(i, [])),
            subheadings=[Subheading("What comes next", len(paras) - 1)] if len(paras) > 2 else [],
            agency="Ellery Post" if i == 0 else None,
        ))
    text = "\n\n".join(parts)
    page = Page(source=source, text=text, format="text", raw=text.encode("utf-8"), site=site,
                url=url or f"https://{site or 'example.org'}/{source}")
    for art in articles:
        for para, (a, b) in zip(art.paragraphs, art.spans, strict=True):
            assert text[a:b] == para
    return page, articles
