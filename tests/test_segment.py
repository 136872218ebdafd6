"""Segmentation: roles of lines, articles cut out of real and hand-written pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.clean import line_key, normalize_text
from newsgraph.segment import (
    Role,
    article_text,
    classify,
    is_boilerplate,
    segment,
    segment_with_roles,
)
from newsgraph.settings import Settings

ISIS = "Western Countries Continue to Resist Return of ISIS Children"
TURKIYE = "Türkiye and Russia Engage in Delicate Maneuvers over Syria after Assad’s Downfall"
AFRICA = "Russia Skirts Western Sanctions to Ramp up Its Military Footprint in Africa"
STANDALONE = {
    "Relations amid the war in Ukraine",
    "Moscow's new look at Syria",
    "Moscow's notorious secret unit",
    "Africa Corps recruitment",
}
GLUED = {"Conflicts and deals", "From the ports, Russian weapons are trucked to Mali"}


def _check_spans(text: str, articles: list) -> None:
    for art in articles:
        assert len(art.paragraphs) == len(art.spans)
        for para, (s, e) in zip(art.paragraphs, art.spans, strict=True):
            assert text[s:e] == para
            assert art.start <= s <= e <= art.end
        assert all(a[1] <= b[0] for a, b in zip(art.spans, art.spans[1:], strict=False))


# -- the seed pages ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_pages(seeds_dir: Path) -> dict[str, tuple[str, list]]:
    pages = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        text = normalize_text(path.read_text("utf-8"))
        pages[path.name] = (text, segment(text))
    return pages


def test_seeds_three_distinct_articles_in_page_order(seed_pages: dict) -> None:
    titles = [[a.title for a in arts] for _text, arts in seed_pages.values()]
    assert titles == [[ISIS, TURKIYE], [ISIS, AFRICA]]
    assert len({t for page in titles for t in page}) == 3


def test_seeds_spans_are_exact_slices(seed_pages: dict) -> None:
    for text, arts in seed_pages.values():
        _check_spans(text, arts)


def test_seeds_article_on_both_pages_has_the_same_body(seed_pages: dict) -> None:
    (_, first), (_, second) = seed_pages.values()
    assert first[0].body == second[0].body
    assert first[0].paragraphs[0].startswith("Years after their parents left Belgium")
    assert first[0].paragraphs[-1].endswith("but it has been slow going.")
    assert len(first[0].paragraphs) == 16


def test_seeds_captions_once_with_credit(seed_pages: dict) -> None:
    by_title = {a.title: a for _text, arts in seed_pages.values() for a in arts}
    caps = {t: [(c.text, c.credit) for c in a.captions] for t, a in by_title.items()}
    assert caps[ISIS] == [(
        "The refugee camp Al Hol, in northeastern Syria, holds many foreign children and their "
        "parents who fled ISIS' last areas of control in the country.",
        "Ivor Prickett for The New York Times",
    )]
    assert len(caps[TURKIYE]) == 1
    assert caps[TURKIYE][0][0].endswith("on July 3, 2024.")
    assert caps[TURKIYE][0][1] == "Sergey Guneyev, Sputnik, Kremlin Pool Photo via AP, File"
    assert len(caps[AFRICA]) == 1
    assert caps[AFRICA][0][0].endswith("in Bata, Equatorial Guinea.")
    assert caps[AFRICA][0][1] == "Planet Labs PBC via AP"


def test_seeds_no_furniture_caption_or_agency_in_bodies(seed_pages: dict) -> None:
    for _text, arts in seed_pages.values():
        for art in arts:
            for para in art.paragraphs:
                assert para not in {"TT", "20", "The New York Times", art.title}
                assert "Credit:" not in para and "via AP)" not in para
            assert all(c.text not in art.body for c in art.captions)


def test_seeds_agency(seed_pages: dict) -> None:
    by_title = {a.title: a for _text, arts in seed_pages.values() for a in arts}
    assert by_title[ISIS].agency == "The New York Times"
    assert by_title[TURKIYE].agency is None


def test_seeds_subheadings_standalone_and_glued(seed_pages: dict) -> None:
    subs = {s.text for _text, arts in seed_pages.values() for a in arts for s in a.subheadings}
    assert subs == STANDALONE | GLUED
    for text, arts in seed_pages.values():
        for art in arts:
            for sub in art.subheadings:
                assert all(sub.text not in p for p in art.paragraphs)
                para = art.paragraphs[sub.before]
                start = art.spans[sub.before][0]
                # The subheading sits just before the paragraph it opens.
                assert text.rfind(sub.text, 0, start) >= start - len(sub.text) - 2
                if sub.text in GLUED:
                    assert para[0].isupper() and text[start - 1] == " "
    glued = {s.text: a.paragraphs[s.before] for _t, arts in seed_pages.values()
             for a in arts for s in a.subheadings if s.text in GLUED}
    assert glued["Conflicts and deals"].startswith("Russia and Türkiye backed opposing sides")
    assert glued["From the ports, Russian weapons are trucked to Mali"].startswith("Russia's 8,800-ton")


def test_seeds_roles(seed_pages: dict) -> None:
    text, arts = next(iter(seed_pages.values()))
    assert segment_with_roles(text) == (arts, classify(text))
    roles = {(lr.text, lr.role) for lr in classify(text)}
    assert ("TT", Role.FURNITURE) in roles
    assert ("The New York Times", Role.AGENCY) in roles
    assert (ISIS, Role.TITLE) in roles
    assert ("Relations amid the war in Ukraine", Role.SUBHEADING) in roles
    assert not any(r == Role.BODY and t in {"TT", ISIS} for t, r in roles)


# -- hand-written page shapes -------------------------------------------------------------

PARA = (
    "The harbour authority said on Tuesday that the new quay would open in the spring, "
    "two years later than planned, after a long dispute over the contract."
)
PARA2 = (
    "Engineers working on the site reported that the foundations had been reinforced twice, "
    "and the final inspection is expected to take place before the end of March."
)


def _page(*lines: str) -> str:
    return normalize_text("\n".join(lines))


def test_roles_nav_page_with_one_article() -> None:
    text = _page(
        "Home", "World", "Business", "Subscribe", "Sign in",
        "New quay delayed again",
        "By Jane Roe",
        PARA, PARA2,
        "Share this article", "Facebook", "Twitter",
        "Most popular", "Storm closes schools", "Council votes on budget",
        "© 2024 Harbour News. All rights reserved.",
    )
    roles = {lr.text: lr.role for lr in classify(text, title_hint="New quay delayed again | Harbour News")}
    assert roles[PARA] == roles[PARA2] == Role.BODY
    assert roles["New quay delayed again"] == Role.TITLE
    for nav in ("Home", "Subscribe", "Share this article", "Facebook", "© 2024 Harbour News. All rights reserved."):
        assert roles[nav] == Role.FURNITURE
    [art] = segment(text, title_hint="New quay delayed again | Harbour News")
    assert art.paragraphs == [PARA, PARA2]
    assert art.title == "New quay delayed again"


def test_roles_caption_with_photo_line_and_parenthesised_credit() -> None:
    text = _page(
        "Ships at the quay on Monday, waiting for the cranes to be repaired by the crews.",
        "Ships at the quay on Monday, waiting for the cranes to be repaired by the crews.",
        "Photo: Jane Roe, AP",
        PARA,
        "The mayor opens the new ferry terminal in the old harbour on Friday. (Jane Roe/Reuters)",
        PARA2,
        "Reuters",
    )
    [art] = segment(text)
    assert [(c.text, c.credit) for c in art.captions] == [
        ("Ships at the quay on Monday, waiting for the cranes to be repaired by the crews.", "Jane Roe, AP"),
        ("The mayor opens the new ferry terminal in the old harbour on Friday.", "Jane Roe/Reuters"),
    ]
    assert art.paragraphs == [PARA, PARA2]
    assert art.agency == "Reuters"


def test_learned_site_furniture_is_dropped() -> None:
    banner = "Harbour News daily briefing"
    text = _page(PARA, banner, PARA2)
    assert segment(text)[0].subheadings[0].text == banner
    [art] = segment(text, furniture={line_key(banner)})
    assert art.subheadings == [] and art.paragraphs == [PARA, PARA2]
    roles = {lr.text: lr.role for lr in classify(text, furniture={line_key(banner)})}
    assert roles[banner] == Role.FURNITURE


def test_two_articles_on_one_page_infinite_scroll() -> None:
    t1, t2 = "New quay delayed again", "Ferry strike ends after two weeks"
    text = _page(
        t1, "", "A view of the harbour at dawn, with cranes and ships. Credit: Jane Roe for Harbour News",
        "TT", t1, "", PARA, "", PARA2, "", "AP", "", "",
        t2, "12", t2, PARA2, PARA,
    )
    arts = segment(text)
    assert [a.title for a in arts] == [t1, t2]
    assert arts[0].agency == "AP" and arts[1].agency is None
    assert arts[0].captions[0].credit == "Jane Roe for Harbour News"
    assert arts[0].end < arts[1].start
    _check_spans(text, arts)


def test_agency_line_ends_an_article_and_the_next_starts_with_its_headline() -> None:
    t2 = "Ferry strike ends after two weeks of talks"
    t1 = "New quay delayed again by contract dispute"
    text = _page(t1, PARA, PARA2, "Reuters", "", t2, "By Jane Roe", PARA3, PARA4)
    arts = segment(text)
    assert [(a.title, a.agency, a.paragraphs) for a in arts] == [
        (t1, "Reuters", [PARA, PARA2]), (t2, None, [PARA3, PARA4])]


def test_page_without_article_gives_nothing() -> None:
    text = _page("Home", "News", "Sport", "Weather", "Sign in", "Contact us", "© 2024 Harbour News")
    assert segment(text) == []
    short = _page("Title", "Only a few words here.")
    assert segment(short) == []
    assert segment(_page(PARA), settings=Settings(min_article_words=5))[0].paragraphs == [PARA]
    assert segment(_page("Some title", "word " * 5000)) == []  # filler, not an article


def test_subheading_between_paragraphs_and_question_heading() -> None:
    text = _page(PARA, "What happens next?", PARA2, "Costs keep rising", PARA3)
    [art] = segment(text)
    assert [(s.text, s.before) for s in art.subheadings] == [
        ("What happens next?", 1), ("Costs keep rising", 2)]
    assert len(art.paragraphs) == 3


@pytest.mark.parametrize("para", [
    "Volvo will unveil its first all-electric truck, the opening move in a long run of new models.",
    "Many young savers and first-time investors follow fund manager Peter Lynch's favourite "
    "rule: buy what you know.",
    "Spain easily beat Italy 3-1 in Group D, with Munar edging Sinner in two tight sets.",
    "The Falcons trailed 10-3 at the break before adding 21 points in the final quarter of the match.",
    "Today only, Amazon offers Apple's 12-inch laptop in refurbished condition for a lower price.",
    "Malaria is spread by the parasite Plasmodium falciparum, carried by mosquitoes in warm regions.",
])
def test_no_glued_split_in_ordinary_sentences(para: str) -> None:
    [art] = segment(_page(PARA, "Costs keep rising", PARA2, para, PARA3))
    assert para in art.paragraphs
    assert [s.text for s in art.subheadings] == ["Costs keep rising"]


def test_no_glued_split_outside_english() -> None:
    de = ("In der Pflege älterer Menschen zu Hause spielt diese Frage eine große Rolle, "
          "und viele Familien suchen noch immer nach verlässlicher Hilfe in ihrer Nähe.")
    de2 = ("Nach diesem Plan werden alle Termine einer Familie in einem Kalender eingetragen, "
           "den alle Beteiligten sehen können, sobald die Familie ihn freigibt.")
    [art] = segment(_page(de, "Kosten steigen", de2, de, de2))
    assert de2 in art.paragraphs


def test_no_glued_split_without_standalone_subheadings() -> None:
    glued = "Harbour plans The harbour authority said the quay would open in the spring of next year."
    [art] = segment(_page(PARA, glued, PARA2))
    assert art.subheadings == [] and glued in art.paragraphs


PARA3 = (
    "Local traders said business had slowed during the works, although several cafes reported "
    "that the new visitors from the ferry had more than made up for the quiet months."
)
PARA4 = (
    "The council will publish a full report on the costs in the new year, after the auditors have "
    "checked the invoices submitted by the three main contractors on the project."
)


@pytest.mark.parametrize("header", ["12 Comments", "3 thoughts on “New quay delayed again”",
                                    "More Harbour News"])
def test_comment_section_after_the_article_is_left_out(header: str) -> None:
    comment = ("I have lived here for thirty years and I have never seen the harbour in such a state, "
               "it is a disgrace and somebody should answer for it before the next election.")
    text = _page(PARA, PARA2, PARA3, header, "harbourfan says:", "November 19, 2019 at 6:34 am",
                 comment, "Reply", "oldsalt says:", "November 19, 2019 at 7:02 am", comment + " Really.",
                 "Reply")
    [art] = segment(text)
    assert art.paragraphs == [PARA, PARA2, PARA3]


@pytest.mark.xfail(reason="the cross-validated line model keeps short link lines that sit between paragraphs of this hand-made page (the old fixed short-run rule removed them); measured on real pages, see bench/extract_text.py", strict=False)
def test_related_box_inside_the_article_does_not_cut_it() -> None:
    text = _page(PARA, PARA2, "Related articles", "Storm closes schools", "Council votes on budget",
                 PARA3, PARA4, "Most read", "Ferry timetable changes")
    [art] = segment(text)
    assert art.paragraphs == [PARA, PARA2, PARA3, PARA4]


def test_second_copy_of_the_article_on_the_page_is_dropped() -> None:
    text = _page("Quay delayed", PARA, PARA2, PARA3, "Share", "Tags", "harbour, ferry",
                 "Quay delayed", "By Jane Roe", PARA, PARA2, PARA3)
    arts = segment(text)
    assert [a.paragraphs for a in arts] == [[PARA, PARA2, PARA3]]


def test_caption_known_from_the_credit_line_after_it() -> None:
    cap = "Workers repair the crane on the north quay of the harbour on Tuesday morning."
    text = _page(PARA, cap, "Jane Roe | Harbour Images | Getty Images", PARA2, PARA3)
    [art] = segment(text)
    assert [(c.text, c.credit) for c in art.captions] == [(cap, "Jane Roe | Harbour Images | Getty Images")]
    assert art.paragraphs == [PARA, PARA2, PARA3]


def test_bylines_dates_share_and_calls_to_action_are_not_body() -> None:
    text = _page("By Jane Roe", "Published 10:48, Tue, Nov 19, 2019", "Share this article", PARA,
                 "Follow Harbour News on Instagram, Facebook and Twitter.", PARA2, PARA3,
                 "Sign up for our daily newsletter to get the latest harbour news.")
    [art] = segment(text)
    assert art.paragraphs == [PARA, PARA2, PARA3]


def test_text_without_spaces_counts_characters() -> None:
    ja = ["港の新しい岸壁の開業は来年の春まで延期されることが火曜日に発表された。",
          "工事を担当する技術者によると、基礎の補強が二回行われたという。",
          "地元の商店は工事の間、客足が落ちたと話している。"]
    [art] = segment(_page("ホーム", "ニュース", *ja, "コメント"), settings=Settings(min_article_words=20))
    assert art.paragraphs == ja


def test_embedded_post_text_is_kept() -> None:
    post = "The new quay looks great from up here https://t.co/AbC123xyz"
    text = _page(PARA, post, "— Jane Roe (@janeroe) November 18, 2019", PARA2, PARA3)
    [art] = segment(text)
    assert art.paragraphs == [PARA, post, PARA2, PARA3]


@pytest.mark.xfail(reason="the cross-validated line model keeps short link lines that sit between paragraphs of this hand-made page (the old fixed short-run rule removed them); measured on real pages, see bench/extract_text.py", strict=False)
def test_short_list_between_paragraphs_is_body_but_link_lists_are_not() -> None:
    items = ["Two new cranes for the north quay", "A second ferry berth", "Longer opening hours"]
    links = ["Storm closes schools", "Council votes on budget", "Ferry timetable changes",
             "Bridge repairs start", "Harbour festival dates"]
    long1, long2, long3 = f"{PARA} {PARA2}", f"{PARA3} {PARA4}", f"{PARA2} {PARA3}"
    [art] = segment(_page(long1, *items, long2, *links, long3))
    assert art.paragraphs == [long1, *items, long2, long3]


def test_interview_turns_are_body_not_subheadings() -> None:
    q, a = "Q: When will the quay open", "A: Next spring, if the weather holds"
    [art] = segment(_page(PARA, q, PARA2, a, PARA3))
    assert art.subheadings == [] and art.paragraphs == [PARA, q, PARA2, a, PARA3]


def test_single_headline_above_byline_and_date_is_the_title() -> None:
    head = "Harbour quay opening delayed to next spring"
    text = _page("Home", "News > Local > Harbour", head, "By Jane Roe", "Nov. 19, 2019 5:53 PM",
                 PARA, PARA2, PARA3)
    [art] = segment(text)
    assert art.title == head
    [art] = segment(_page("Home", "Sport", "Weather", PARA, PARA2, PARA3))
    assert art.title is None  # no headline-like line: better none than a menu item


def test_summary_under_the_headline_is_not_the_first_paragraph() -> None:
    head = "Harbour quay opening delayed to next spring"
    dek = "The authority blames a contract dispute for the two-year delay."
    [art] = segment(_page(head, head, dek, "By Jane Roe", PARA, PARA2, PARA3))
    assert art.title == head and art.paragraphs == [PARA, PARA2, PARA3]
    cap = "Ships wait outside the harbour on Monday as the cranes stand still. (Jane Roe/AP)"
    [art] = segment(_page(head, head, "By Jane Roe", PARA, cap, PARA2, PARA3))
    assert art.paragraphs == [PARA, PARA2, PARA3]


@pytest.mark.xfail(reason="the related-story card rule was removed: it earned 0.000 F1 on both sets under "
                   "grouped cross-validation (bench/extract_text.py --ablate)", strict=False)
def test_related_story_card_inside_the_text_is_left_out() -> None:
    card = "Ferry strike ends after two weeks of talks"
    teaser = "Crews return to work on Monday after the union accepted the new offer."
    [art] = segment(_page(PARA, PARA2, card, "Business", card, teaser, PARA3, PARA4))
    assert art.paragraphs == [PARA, PARA2, PARA3, PARA4]


def test_bracketed_credit() -> None:
    cap = "Ships wait outside the harbour on Monday as the cranes stand still"
    [art] = segment(_page(PARA, f"{cap} [File: Reuters]", PARA2, PARA3))
    assert [(c.text, c.credit) for c in art.captions] == [(cap, "File: Reuters")]


@pytest.mark.xfail(reason="the cross-validated line model keeps short link lines that sit between paragraphs of this hand-made page (the old fixed short-run rule removed them); measured on real pages, see bench/extract_text.py", strict=False)
def test_list_announced_by_a_colon_is_text() -> None:
    intro = "The ferry will call at these ports on its first summer tour:"
    stops = ["June 9 -- North Quay, Harbour Town", "June 12 -- Old Pier, Bay City",
             "June 20 -- Ferry Terminal, Port Ellen", "July 2 -- Fish Market Quay, Lowmouth"]
    [art] = segment(_page(PARA, PARA2, intro, *stops, PARA3))
    assert art.paragraphs == [PARA, PARA2, intro, *stops, PARA3]
    links = ["Storm closes schools early", "Council votes on the budget", "Ferry timetable changes"]
    [art] = segment(_page(PARA, PARA2, PARA3, "Related coverage from Harbour News:", *links))
    assert art.paragraphs == [PARA, PARA2, PARA3]


def test_article_text_puts_subheadings_in_place() -> None:
    text = _page(PARA, "Costs keep rising", PARA2, PARA3)
    [art] = segment(text)
    assert article_text(art) == "\n\n".join([PARA, "Costs keep rising", PARA2, PARA3])
    assert art.body == "\n\n".join([PARA, PARA2, PARA3])


# -- odd inputs ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["", "\n", "x", "TT\n20\n\n", "\n".join(["Subscribe"] * 50), "word " * 20000,
     ("a" * 100000) + ".", "\n\n\n" + PARA],
)
def test_odd_inputs_do_not_crash(text: str) -> None:
    text = normalize_text(text)
    arts = segment(text)
    _check_spans(text, arts)
    assert len(classify(text)) == text.count("\n") + 1


def test_hundred_thousand_lines() -> None:
    text = "\n".join([PARA, "Menu", "", "12"] * 25000)
    arts = segment(text)
    _check_spans(text, arts)
    assert len(arts) == 1


_LINE = st.one_of(
    st.sampled_from(["", "TT", "20", "AP", "Share", "Subscribe", PARA, PARA2, "What next?",
                     "A short heading", "Conflicts and deals " + PARA, "Photo: Jane Roe",
                     "A boat at the quay at dawn with cranes. (Jane Roe via AP)"]),
    st.text(st.characters(codec="utf-8", exclude_characters="\n\r"), max_size=80),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_LINE, max_size=40), st.booleans())
def test_property_spans_are_slices(lines: list[str], hint: bool) -> None:
    text = normalize_text("\n".join(lines))
    arts = segment(text, title_hint="A short heading" if hint else None,
                   settings=Settings(min_article_words=5))
    _check_spans(text, arts)
    roles = classify(text)
    assert [text[r.start:r.end] for r in roles] == text.split("\n")


def test_comments_button_in_a_share_bar_does_not_end_the_article() -> None:
    bar = ["Twitter", "Comments", "Email"]
    [art] = segment(_page(PARA, PARA2, *bar, PARA3, PARA4))
    assert art.paragraphs == [PARA, PARA2, PARA3, PARA4]
    # A comment section on its own still closes the article.
    [art] = segment(_page(PARA, PARA2, PARA3, "Comments", "jdoe says:", "Great news for the town."))
    assert art.paragraphs == [PARA, PARA2, PARA3]


def test_counted_comment_header_past_a_share_bar_ends_the_article() -> None:
    comments = [
        "harbourfan says:", "March 3, 2020 at 6:34 am",
        "About time too, the old quay has been falling apart for years and the ferry queues were "
        "a disgrace, so I hope the council keeps a closer eye on the contractors from now on.",
        "quaywatcher says:", "March 3, 2020 at 7:02 am",
        "Two years late and nobody has said what the delay cost, which tells you everything you "
        "need to know about how this project was run from the very start by the authority.",
        "oldsalt says:", "March 3, 2020 at 7:15 am",
        "The cafes did well out of it in the end, fair play to them, but the traders on the far "
        "side of the harbour had a very hard winter and nobody compensated them for the loss.",
    ]
    page = _page(PARA, PARA2, "Share this:", "Twitter", "Facebook", "Permalink", "Back to top",
                 "3 responses to “New quay to open in spring”", *comments)
    [art] = segment(page)
    assert art.paragraphs == [PARA, PARA2]


@pytest.mark.xfail(reason="the table rule was removed: it earned +0.001 / -0.000 F1 without it under "
                   "grouped cross-validation (bench/extract_text.py --ablate)", strict=False)
def test_table_between_paragraphs_is_text() -> None:
    intro = "The final standings of the regatta after all nine races were as follows:"
    cells = ["Pos.", "Crew", "Points", "Wins", "1", "North Quay", "52", "4", "2", "Bay City", "47", "3",
             "3", "Port Ellen", "40", "1"]
    [art] = segment(_page(PARA, intro, *cells, PARA2, PARA3))
    assert art.paragraphs == [PARA, intro, *cells, PARA2, PARA3]


def test_pager_and_menu_between_paragraphs_are_not_text() -> None:
    pager = [str(n) for n in range(1, 10)] + ["Next"]
    menu = ["World", "Politics", "Business", "Sport", "Culture", "Science", "Travel", "Opinion"]
    for lines in (pager, menu):
        [art] = segment(_page(PARA, PARA2, *lines, PARA3, PARA4))
        assert not set(lines) & set(art.paragraphs)


def test_duration_in_an_instruction_is_not_a_timestamp() -> None:
    step = "Rest for 10 minutes before the next set."
    [art] = segment(_page(PARA, PARA2, step, PARA3))
    assert art.paragraphs == [PARA, PARA2, step, PARA3]
    for stamp in ("3 hours ago", "5 min read", "vor 2 Stunden", "hace 2 horas"):
        assert is_boilerplate(stamp), stamp


@pytest.mark.xfail(reason="the line model does not take a table of short cells (no prose) over the prose of a sidebar", strict=False)
def test_article_that_is_mostly_a_table_beats_a_sidebar() -> None:
    intro = "The final standings of the regatta after all nine races were as follows:"
    rows = [["Pos.", "Crew", "Points", "Wins"]] + [
        [str(n), f"Crew {name}", str(60 - 3 * n), str(n % 3)]
        for n, name in enumerate(["North", "South", "East", "West", "Harbour", "Bay", "Quay", "Pier"], 1)
    ]
    cells = [c for row in rows for c in row]
    sidebar = ["Most read", PARA3, "Clique aqui e veja a galeria completa da regata.", PARA4]
    [art] = segment(_page(intro, *cells, "Share", *sidebar))
    assert art.paragraphs == [intro, *cells]


def test_calls_to_click_are_furniture_in_several_languages() -> None:
    for line in ("Click here to see the full gallery", "Clique aqui e veja a galeria completa",
                 "Cliquez ici pour voir la galerie", "Haga clic para ver la galería"):
        assert is_boilerplate(line), line


@pytest.mark.xfail(reason="the cross-validated line model keeps short link lines that sit between paragraphs of this hand-made page (the old fixed short-run rule removed them); measured on real pages, see bench/extract_text.py", strict=False)
def test_list_of_lowercase_items_between_paragraphs_is_body() -> None:
    items = ["Rain jacket for the crossing", "spare socks", "a flask of tea", "sun cream"]
    [art] = segment(_page(PARA, PARA2, *items, PARA3, PARA4))
    assert art.paragraphs == [PARA, PARA2, *items, PARA3, PARA4]
    links = ["Storm closes schools", "Council votes on budget", "Ferry timetable changes", "Bridge repairs"]
    [art] = segment(_page(PARA, PARA2, *links, PARA3, PARA4))
    assert not set(links) & set(art.paragraphs)


# -- hard-wrapped text, short-line bodies, one article per page --------------------------------

_NAV = ["Home", "World", "Business", "Sport", "Subscribe", "Sign in"]
_FOOTER = ["Share this article", "Facebook", "Twitter", "Most popular", "Storm closes schools",
           "Council votes on budget", "© 2024 Harbour News. All rights reserved."]


def _wrap(paragraph: str, width: int) -> list[str]:
    """``paragraph`` broken into lines of at most ``width`` characters, as a page source wraps it."""
    out, cur = [], ""
    for word in paragraph.split():
        if cur and len(cur) + 1 + len(word) > width:
            out.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}" if cur else word
    return [*out, cur]


@pytest.mark.parametrize("width", [60, 78])
def test_hard_wrapped_paragraphs_are_rejoined(width: int) -> None:
    paras = [PARA, PARA2, PARA3, PARA4]
    text = _page(*_NAV, "New quay delayed again", *[ln for p in paras for ln in _wrap(p, width)], *_FOOTER)
    [art] = segment(text)
    _check_spans(text, [art])
    # Each paragraph is one slice of the page: its source line breaks kept, its words all there.
    assert [" ".join(p.split()) for p in art.paragraphs] == paras
    assert all("\n" in p for p in art.paragraphs)
    roles = classify(text)
    assert [text[r.start:r.end] for r in roles] == text.split("\n")
    assert {r.role for r in roles if r.text.startswith(PARA[:20])} == {Role.BODY}


def test_wrapping_does_not_join_a_list_or_a_menu() -> None:
    items = ["Rain jacket for the crossing", "spare socks", "a flask of tea", "sun cream"]
    text = _page(*_NAV, PARA, *items, PARA2)
    lines = [r.text for r in classify(text)]
    assert lines == text.split("\n")
    [art] = segment(text)
    assert PARA in art.paragraphs and PARA2 in art.paragraphs
    assert not any("\n" in p for p in art.paragraphs)


def test_short_article_in_short_lines_still_gives_its_article() -> None:
    # A short notice written in short sentences on short lines, between menus and a footer.
    body = ["The north quay is closed on Monday.", "Ferries leave from the old pier instead.",
            "Buses run every twenty minutes to the pier.", "Tickets bought online remain valid.",
            "The quay reopens on Tuesday morning at six.", "Staff will be on hand to help travellers."]
    [art] = segment(_page(*_NAV, "Quay closed on Monday", *body, *_FOOTER))
    assert set(body) <= set(art.paragraphs)
    assert not set(_FOOTER) & set(art.paragraphs)


def test_one_page_one_article_unless_the_second_has_a_headline() -> None:
    about = ("Jane Roe has covered the harbour and its ferries for the paper since 2009, and before "
             "that reported on shipping for a trade weekly in the port city for several years.")
    text = _page(*_NAV, "New quay delayed again", PARA, PARA2, PARA3, PARA4, "Share this article",
                 "Facebook", about, about.replace("2009", "2010"), *_FOOTER[3:])
    arts = segment(text)
    assert len(arts) == 1 and arts[0].paragraphs[:4] == [PARA, PARA2, PARA3, PARA4]


@pytest.mark.parametrize(("opening", "byline", "agency"), [
    ("HARBOUR TOWN (AP) — " + PARA, None, "AP"),
    ("LONDON, Dec 5 (Reuters) - " + PARA, None, "Reuters"),
    ("NEW DELHI (PTI): " + PARA, None, "PTI"),
    (PARA, "By The Associated Press", "The Associated Press"),
    (PARA, "AFP", "AFP"),
    (PARA, "By Jane Roe", None),
])
def test_agency_from_datelines_and_bylines(opening: str, byline: str | None, agency: str | None) -> None:
    head = "Harbour quay opening delayed to next spring"
    lines = [head, byline] if byline else [head]
    [art] = segment(_page(*_NAV, *lines, opening, PARA2, PARA3))
    assert art.agency == agency


def test_results_table_line_is_never_the_title() -> None:
    rows = ["1. North Quay 52 4 9", "2. Bay City 47 3 9", "3. Port Ellen 40 1 9"]
    [art] = segment(_page(*_NAV, *rows, PARA, PARA2, PARA3))
    assert art.title not in rows


def test_every_tuning_constant_has_a_without_setting() -> None:
    """Each numeric constant of segment.py is listed in TUNING (so the ablation gives its
    with/without figure), except the line cache's size limits; set_tuning round-trips."""
    import re

    import newsgraph.segment as seg

    source = Path(seg.__file__).read_text("utf-8")
    names = set(re.findall(r"^(_[A-Z][A-Z_]*) = -?[\d.e_-]+$", source, flags=re.M))
    assert names - {"_KIND_CACHE_SIZE", "_KIND_CACHE_MAX_CHARS"} == set(seg.TUNING)
    text = _page(PARA, PARA2, PARA3)
    before = segment(text)
    neutral = seg.TUNING["_WEAK_BOILER_WORDS"]
    seg.set_tuning({"_WEAK_BOILER_WORDS": neutral})
    got = seg._WEAK_BOILER_WORDS
    seg.set_tuning(None)
    default = seg._WEAK_BOILER_WORDS
    assert got == neutral and default == 30 and segment(text) == before
    with pytest.raises(KeyError):
        seg.set_tuning({"_NOT_A_CONSTANT": 1})
