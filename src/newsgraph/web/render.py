"""Template helpers: an article's text with its facts drawn, a raw page with its regions, charts.

Everything that becomes markup here goes through :func:`newsgraph.web.text.render`,
which escapes each slice of text; charts are plain numbers that the templates
draw as SVG (so Jinja's autoescape covers their labels).
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from newsgraph.model import PARAGRAPH_SEP
from newsgraph.web.text import Span, entity_href, paragraph_spans, render

TYPE_CLASS = {"PERSON": "person", "ORG": "org", "COUNTRY": "country", "PLACE": "place",
              "NORP": "norp"}


def _mention_span(m: dict[str, Any]) -> Span:
    kind = TYPE_CLASS.get(str(m.get("type")), "other")
    return Span(m["start"], m["end"], 3, "a",
                {"class": f"ent ent-{kind}", "href": entity_href(m["entity"]),
                 "title": f"{m['entity']} ({m['type']})"}, label=m["type"])


def _quote_spans(q: dict[str, Any]) -> list[Span]:
    speaker = q.get("speaker")
    kind = q.get("speaker_kind")
    label = f"— {speaker}" if speaker else ("— " + kind if kind else "— unknown speaker")
    spans = [Span(q["start"], q["end"], 1, "span",
                  {"class": "quote" + ("" if q.get("direct") else " reported"),
                   "title": f"quote of {speaker or 'an unknown speaker'}"
                            + (f" ({q['cue']})" if q.get("cue") else "")},
                  label=label, label_href=entity_href(speaker) if speaker else None,
                  first_attrs={"id": f"q{q['id']}"})]
    sm = q.get("speaker_mention")
    if isinstance(sm, dict) and sm.get("start") is not None and sm.get("end") is not None:
        spans.append(Span(sm["start"], sm["end"], 2, "span",
                          {"class": "speaker", "title": "the speaker of a quote"}))
    return spans


def _event_spans(article: dict[str, Any], caption_id: int | None) -> list[Span]:
    body = article["body"]
    spans = []
    for e in article["events"]:
        for s in e["sources"]:
            if s["article_id"] != article["id"] or s.get("caption_id") != caption_id:
                continue
            trigger = s.get("trigger")
            if not trigger or caption_id is not None:
                continue
            at = body.find(trigger, s["start"], s["end"])
            if at < 0:
                continue
            spans.append(Span(at, at + len(trigger), 2, "a",
                              {"class": "event q-" + (e.get("quad_class") or "other")
                               .replace(" ", "-"), "href": f"#ev{e['id']}",
                               "title": f"event {e['type']}: {e.get('actor') or '?'} → "
                                        f"{e.get('target') or '?'}"},
                              label=e["type"]))
    return spans


def article_paragraphs(article: dict[str, Any]) -> list[dict[str, Any]]:
    """Each paragraph as markup: its sentences (``id="sK"``), quotes, events and names drawn."""
    heads = {h["before_paragraph"]: h["text"] for h in article.get("subheadings", [])}
    facts: list[Span] = []
    for m in article["mentions"]:
        if m["caption_id"] is None:
            facts.append(_mention_span(m))
    for q in article["quotes"]:
        if q["caption_id"] is None:
            facts.extend(_quote_spans(q))
    facts.extend(_event_spans(article, None))
    sentence_spans = [Span(a, b, 0, "span", {"class": "s"}, first_attrs={"id": f"s{k}"})
                      for k, (a, b) in enumerate(article["sentences"])]
    out = []
    paragraphs = article["paragraphs"]
    for i, ((start, _end), text) in enumerate(
            zip(paragraph_spans(paragraphs, PARAGRAPH_SEP), paragraphs, strict=True)):
        spans = [Span(s.start, s.end, s.layer, s.tag, dict(s.attrs), s.label, s.label_href,
                      dict(s.first_attrs)) for s in (*sentence_spans, *facts)
                 if s.end > start and s.start < start + len(text)]
        out.append({"heading": heads.get(i), "html": render(text, spans, start)})
    return out


def caption_html(article: dict[str, Any], caption: dict[str, Any]) -> Markup:
    """A caption's text with the names and quotes found in it."""
    cid = caption.get("id")
    spans: list[Span] = [_mention_span(m) for m in article["mentions"] if m["caption_id"] == cid]
    for q in article["quotes"]:
        if q["caption_id"] == cid and cid is not None:
            spans.extend(s for s in _quote_spans(q) if s.attrs.get("class") != "speaker")
    return render(caption["text"], spans if cid is not None else [])


def page_html(page: dict[str, Any]) -> Markup:
    """A raw page's text with each article's region and every fact on it marked."""
    spans: list[Span] = []
    for o in page["occurrences"]:
        spans.append(Span(o["start"], o["end"], 0, "span",
                          {"class": "region", "title": f"article {o['article_id']} ({o['match']})"},
                          first_attrs={"id": f"a{o['article_id']}"}))
    layer = {"quote": 1, "event": 2, "mention": 3}
    for f in page["facts"]:
        spans.append(Span(f["start"], f["end"], layer.get(f["kind"], 3), "mark",
                          {"class": f"f-{f['kind']}", "title": f["label"]}))
    return render(page["text"], spans)


def chart(periods: list[dict[str, Any]], width: int = 640, height: int = 150) -> dict[str, Any]:
    """A bar chart of counts by period, as numbers for an SVG template."""
    rows = [p for p in periods if p.get("period")]
    if not rows:
        return {"bars": [], "width": width, "height": height, "ticks": []}
    top = max(p["count"] for p in rows)
    left, bottom, right = 36, 22, 8
    inner_w, inner_h = width - left - right, height - bottom - 8
    step = inner_w / len(rows)
    bars = []
    every = max(1, round(len(rows) / 8))
    for i, p in enumerate(rows):
        h = inner_h * p["count"] / top
        w = min(36.0, max(1.0, step * 0.8))
        bars.append({"x": round(left + i * step + (step - w) / 2, 1), "w": round(w, 1),
                     "y": round(8 + inner_h - h, 1), "h": round(h, 1), "label": p["period"],
                     "count": p["count"], "tick": i % every == 0,
                     "cx": round(left + i * step + step / 2, 1)})
    return {"bars": bars, "width": width, "height": height, "top": top, "base": 8 + inner_h,
            "left": left}


def register_filters(env: Environment) -> None:
    """Make the helpers available to the templates."""
    env.filters["entity_href"] = entity_href
    env.globals.update(article_paragraphs=article_paragraphs, caption_html=caption_html,
                       page_html=page_html, chart=chart, type_class=TYPE_CLASS)
