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
    """A quote drawn over its text (each part of a quote split by "he said", the label of
    its speaker after the last), and its speaker's mention outlined."""
    speaker = q.get("speaker")
    kind = q.get("speaker_kind")
    sm = q.get("speaker_mention") if isinstance(q.get("speaker_mention"), dict) else None
    if speaker:
        label = f"— {speaker}"
    elif sm and sm.get("text"):
        label = f"— {sm['text']} ({kind})" if kind and kind != "name" else f"— {sm['text']}"
    else:
        label = "— unknown speaker"
    parts = [tuple(p) for p in q.get("parts") or [] if len(p) == 2] or [(q["start"], q["end"])]
    attrs = {"class": "quote" + ("" if q.get("direct") else " reported"),
             "title": f"quote of {speaker or 'an unknown speaker'}"
                      + (f" ({q['cue']})" if q.get("cue") else "")}
    spans = []
    for n, (start, end) in enumerate(parts):
        last = n == len(parts) - 1
        spans.append(Span(int(start), int(end), 1, "span", dict(attrs),
                          label=label if last else None,
                          label_href=entity_href(speaker) if speaker and last else None,
                          first_attrs={"id": f"q{q['id']}"} if n == 0 else {}))
    if sm and sm.get("start") is not None and sm.get("end") is not None:
        spans.append(Span(sm["start"], sm["end"], 2, "span",
                          {"class": "speaker", "title": "the speaker of a quote"}))
    return spans


def _event_spans(article: dict[str, Any], caption_id: int | None) -> list[Span]:
    """The trigger word of each event reported in the body; events sharing one trigger are
    drawn once, labelled with each of their types."""
    body = article["body"]
    found: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for e in article["events"]:
        for s in e["sources"]:
            if s["article_id"] != article["id"] or s.get("caption_id") != caption_id:
                continue
            trigger = s.get("trigger")
            if not trigger or caption_id is not None:
                continue
            at = body.find(trigger, s["start"], s["end"])
            if at >= 0:
                found.setdefault((at, at + len(trigger)), []).append(e)
    spans = []
    for (start, end), events in sorted(found.items()):
        first = events[0]
        types = list(dict.fromkeys(e["type"] for e in events))
        spans.append(Span(start, end, 2, "a",
                          {"class": "event q-" + (first.get("quad_class") or "other")
                           .replace(" ", "-"), "href": f"#ev{first['id']}",
                           "title": "; ".join(f"event {e['type']}: {e.get('actor') or '?'} → "
                                              f"{e.get('target') or '?'}" for e in events)},
                          label="/".join(types)))
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


def _when(period: str) -> tuple[float, float] | None:
    """(start, length) in years of a period ``YYYY`` or ``YYYY-MM``; None when it is neither."""
    try:
        if len(period) == 4:
            return float(int(period)), 1.0
        if len(period) == 7 and period[4] == "-":
            return int(period[:4]) + (int(period[5:7]) - 1) / 12, 1 / 12
    except ValueError:
        return None
    return None


def chart(periods: list[dict[str, Any]], width: int = 640, height: int = 150) -> dict[str, Any]:
    """A bar chart of counts by period on a time axis (gaps in time are gaps on the chart), as
    numbers for an SVG template. A year-only period is a wide, light bar over its year."""
    rows = [(p, w) for p in periods if p.get("period") and (w := _when(str(p["period"])))]
    if not rows:
        return {"bars": [], "width": width, "height": height, "ticks": []}
    start = min(w[0] for _, w in rows)
    end = max(w[0] + w[1] for _, w in rows)
    span = max(end - start, 1.0)
    top = max(p["count"] for p, _ in rows)
    left, bottom, right = 36, 22, 10
    inner_w, inner_h = width - left - right, height - bottom - 8

    def x(t: float) -> float:
        return left + (t - start) / span * inner_w

    bars = []
    for p, (t, length) in rows:
        h = inner_h * p["count"] / top
        w = max(3.0, x(t + length) - x(t) - 1)
        bars.append({"x": round(x(t), 1), "w": round(w, 1), "y": round(8 + inner_h - h, 1),
                     "h": round(h, 1), "label": p["period"], "count": p["count"],
                     "coarse": length >= 1})
    first, last = int(start), int(end - 1e-9)
    step = max(1, round((last - first + 1) / 8))
    ticks = [{"x": round(x(year), 1), "label": str(year)}
             for year in range(first, last + 1, step) if year >= start - 1e-9]
    if not ticks:  # less than a year, not starting in January: name the first period
        ticks = [{"x": bars[0]["x"], "label": bars[0]["label"]}]
    return {"bars": bars, "ticks": ticks, "width": width, "height": height, "top": top,
            "base": 8 + inner_h, "left": left}


def register_filters(env: Environment) -> None:
    """Make the helpers available to the templates."""
    env.filters["entity_href"] = entity_href
    env.globals.update(article_paragraphs=article_paragraphs, caption_html=caption_html,
                       page_html=page_html, chart=chart, type_class=TYPE_CLASS)
