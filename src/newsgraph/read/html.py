"""HTML pages: main text and metadata with trafilatura, under a per-page time limit.

The text handed on keeps one block per line (paragraph, heading, list item,
caption), which is the shape newsgraph's segmentation reads. When trafilatura
finds no main text, the page body is flattened instead (block elements on their
own lines, scripts and styles dropped) so the segmentation can still try; a page
with no text at all is an error.
"""

from __future__ import annotations

import inspect
import logging
import re
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import TypeVar
from urllib.parse import urlsplit

import lxml.etree
import lxml.html
import trafilatura
import trafilatura.metadata as tmeta
from courlan import normalize_url
from htmldate import find_date
from trafilatura.core import trafilatura_sequence
from trafilatura.settings import Extractor
from trafilatura.utils import load_html
from trafilatura.xml import xmltotxt

from newsgraph.clean import normalize_text
from newsgraph.errors import BadInput
from newsgraph.model import Page
from newsgraph.read.decode import DecodeError, decode_bytes, meta_charset, safe_text
from newsgraph.settings import Settings

# trafilatura and htmldate log every page they discard; the reader reports failures itself.
for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

T = TypeVar("T")


class PageTimeout(BaseException):
    """Extraction of one page took longer than ``Settings.page_timeout_s``.

    A BaseException, so that the ``except Exception`` blocks inside the extractors
    cannot swallow it when the timer fires in the middle of them.
    """


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def on_alarm(signum: int, frame: object) -> None:
        raise PageTimeout(f"extraction took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    outer = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer[0]:  # an enclosing timer was running: give it back what is left of it
            signal.setitimer(signal.ITIMER_REAL, max(outer[0] - seconds, 0.001), outer[1])


def run_with_time_limit(func: Callable[[], T], seconds: float) -> T:
    """Call ``func`` and raise :class:`PageTimeout` when it runs longer than ``seconds``.

    In the main thread a ``SIGALRM`` timer interrupts the work itself. Elsewhere
    (signals are main-thread only) ``func`` runs in a daemon worker thread that is
    abandoned on timeout: the caller goes on, the stray thread ends on its own.
    """
    if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
        with _alarm(seconds):
            return func()
    box: dict[str, object] = {}

    def work() -> None:
        try:
            box["value"] = func()
        except BaseException as exc:
            box["error"] = exc

    worker = threading.Thread(target=work, name="newsgraph-page", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise PageTimeout(f"extraction took longer than {seconds:g} s")
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]


@dataclass(slots=True)
class Extraction:
    """What came out of one HTML page."""

    text: str
    """Main text, one block per line (not yet normalised)."""
    method: str
    """``trafilatura`` or ``flatten`` (trafilatura found nothing)."""
    title: str | None = None
    author: str | None = None
    published: str | None = None
    site_name: str | None = None
    canonical_url: str | None = None
    description: str | None = None
    language: str | None = None
    agency: str | None = None
    """A news agency named by the page's byline (meta author, JSON-LD author, byline element)."""
    captions: list[str] = field(default_factory=list)
    """``<figcaption>`` texts of the article's figures (trafilatura leaves them out)."""
    headings: list[str] = field(default_factory=list)
    """Texts of the headings trafilatura kept in the main content (``<head>`` elements)."""


FAVOR_PRECISION = False
"""trafilatura's precision mode (see the README's benchmark notes for the measurement)."""

MAX_CAPTIONS = 30
MAX_CAPTION_CHARS = 800


def figure_captions(tree: lxml.html.HtmlElement) -> list[str]:
    """The captions of the page's figures, once each, in page order.

    Figures inside ``<article>`` (else ``<main>``) when the page has such an element,
    so teaser cards elsewhere on the page are not taken for the article's photos.
    """
    found = list(tree.iter("figcaption"))  # one walk of the tree; few pages have many figures
    for scope in ("article", "main"):
        inside = [el for el in found if next(el.iterancestors(scope), None) is not None]
        if inside:
            found = inside
            break
    captions: list[str] = []
    for el in found:
        text = " ".join(" ".join(el.itertext()).split())
        if text and len(text) <= MAX_CAPTION_CHARS and text not in captions:
            captions.append(text)
        if len(captions) >= MAX_CAPTIONS:
            break
    return captions


_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?", re.I)
_OG_LOCALE = re.compile(
    r"<meta[^>]+property\s*=\s*[\"']og:locale[\"'][^>]+content\s*=\s*[\"']([A-Za-z]{2,3})", re.I
)


def html_language(html: str) -> str | None:
    """The page's declared language (``<html lang>``, else ``og:locale``), lower-case primary tag."""
    head = html[:20000]
    match = _LANG.search(head) or _OG_LOCALE.search(head)
    return match.group(1).lower() if match else None


def extract_html(html: str, url: str | None = None) -> Extraction:
    """Main text and metadata of ``html``; falls back to a flattened body when trafilatura finds nothing.

    The page is parsed once: the metadata and figure captions are read from the tree
    first, then trafilatura extracts the main text from the same tree (see
    :func:`main_text`). Raises ``ValueError`` when the page has no text.
    """
    tree = load_html(html)
    if tree is None:
        raise ValueError("HTML could not be parsed (no document tree)")
    meta = page_metadata(tree, url, html)
    meta.captions = figure_captions(tree)
    found = main_text(tree, url)
    text = found[0] if found is not None else None
    if text and found is not None:
        meta.headings = main_headings(found[1])
    method = "trafilatura"
    if not text or not text.strip():
        text, title = flatten_html(html)
        method = "flatten"
        if not text.strip():
            raise ValueError("HTML has no text (no article and no body text)")
        meta.title = meta.title or title
    meta.text = text
    meta.method = method
    meta.language = html_language(html)
    return meta


def _options(url: str | None) -> Extractor:
    """trafilatura's options for newsgraph: main text with tables, no comments, no markup."""
    return Extractor(
        output_format="python",
        precision=FAVOR_PRECISION,
        comments=False,
        tables=True,
        images=False,
        formatting=False,
        links=False,
        url=url,
    )


def _sequence_takes_a_tree() -> bool:
    """Whether this trafilatura's extraction cascade is the one :func:`main_text` runs directly."""
    try:
        params = list(inspect.signature(trafilatura_sequence).parameters)
    except (TypeError, ValueError):  # pragma: no cover - not introspectable
        return False
    return params == ["tree", "options", "url"]


_DIRECT_SEQUENCE = _sequence_takes_a_tree()


def main_text(
    tree: lxml.html.HtmlElement, url: str | None = None
) -> tuple[str, lxml.etree._Element] | None:
    """trafilatura's main text of a parsed page and its main-content tree; None when it finds none.

    What ``trafilatura.bare_extraction`` returns for newsgraph's options, without its first
    step: a copy of the whole document, which protects a caller's tree from the cascade's
    in-place pruning and costs a few per cent of the page's time. The reader has read what
    it needs from the tree before, so the cascade runs on ``tree`` itself, which it changes.
    """
    options = _options(url)
    if not _DIRECT_SEQUENCE or options.max_tree_size or options.dedup or options.lang:
        doc = trafilatura.bare_extraction(tree, url=url, options=options)
        if doc is None or not doc.text:  # type: ignore[union-attr]
            return None
        return doc.text, doc.body  # type: ignore[union-attr]
    try:  # as bare_extraction: a page its cascade cannot handle has no main text
        body, text, _comments, comments_text = trafilatura_sequence(tree, options, url)
    except (TypeError, ValueError):
        return None
    if len(text) < options.min_output_size and len(comments_text) < options.min_output_comm_size:
        return None
    return xmltotxt(body, options.formatting), body


def main_headings(body: lxml.etree._Element) -> list[str]:
    """The heading texts of trafilatura's main-content tree (its ``<head>`` elements), in order."""
    found: list[str] = []
    for el in body.iter("head"):
        text = " ".join("".join(el.itertext()).split())
        if text:
            found.append(text)
    return found


def page_metadata(
    tree: lxml.html.HtmlElement, url: str | None = None, html: str | None = None
) -> Extraction:
    """Title, author, publication date, site name, canonical URL and description of a page.

    trafilatura's metadata steps minus the costly ones newsgraph does not use
    (categories, tags, licence, author hunted in the page body): meta tags and
    OpenGraph, then JSON-LD, then ``<title>``/``<h1>``, ``<link rel=canonical>``,
    and htmldate's quick search for the original publication date. Its extensive
    search (free text through dateparser) dates 283 rather than 268 of the 333
    wcxb-dev pages with a known date (every second page), but costs about 30 ms a
    page on average (one page in seven falls through to it), as much as trafilatura's
    whole extraction: the HTML path would not stay within 1.3x of trafilatura's time.
    ``html``, the page's source when known, spares the byline search on pages that name none.
    """
    found = tmeta.examine_meta(tree)
    agency = byline_agency(found.author)
    if found.author and " " not in found.author:
        found.author = None  # a single token is a handle, not a name
    with suppress(Exception):
        found = tmeta.extract_meta_json(tree, found)
    agency = (
        agency
        or byline_agency(found.author)
        or (_byline_element_agency(tree) if html is None or _may_have_byline(html) else None)
    )
    title = found.title or tmeta.extract_title(tree)
    canonical = found.url or tmeta.extract_url(tree, url)
    params = tmeta.set_date_params(False)  # htmldate's quick search: markup, URL, no free text
    params["url"] = canonical or url
    try:
        date = find_date(tree, **params)
    except (ValueError, TypeError, OverflowError):
        date = None
    site_name = found.sitename or tmeta.extract_sitename(tree)
    if site_name:
        site_name = site_name.lstrip("@")
    return Extraction(
        text="",
        method="",
        title=_clean(title),
        author=_clean(found.author),
        published=_iso_date(date),
        site_name=_clean(site_name),
        canonical_url=_clean(canonical),
        description=_clean(found.description),
        agency=agency,
    )


# News agencies as bylines name them: the name printed on the article (``agency``) and the
# forms a byline uses. Full names match in any case; the short codes only in capitals, as
# whole words ("AP", not "ap" or "APs"), so a name like "Apollo" or "Pti Singh" is not one.
_AGENCY_FORMS: dict[str, tuple[str, ...]] = {
    "AP": ("Associated Press", "AP"),
    "Reuters": ("Reuters", "Thomson Reuters"),
    "AFP": ("Agence France-Presse", "Agence France Presse", "AFP"),
    "PTI": ("Press Trust of India", "PTI"),
    "ANI": ("Asian News International", "ANI"),
    "IANS": ("Indo-Asian News Service", "IANS"),
    "UNI": ("United News of India",),
    "dpa": ("Deutsche Presse-Agentur", "dpa", "DPA"),
    "EFE": ("Agencia EFE", "EFE"),
    "ANSA": ("ANSA",),
    "Xinhua": ("Xinhua",),
    "Kyodo": ("Kyodo News", "Kyodo"),
    "Yonhap": ("Yonhap",),
    "TASS": ("TASS",),
    "Interfax": ("Interfax",),
    "UPI": ("United Press International", "UPI"),
    "Anadolu": ("Anadolu Agency", "Anadolu Ajansı"),
    "Bernama": ("Bernama",),
    "Antara": ("Antara News Agency",),
    "PA Media": ("PA Media", "Press Association"),
    "AAP": ("Australian Associated Press", "AAP"),
    "The Canadian Press": ("The Canadian Press", "Canadian Press"),
    "Europa Press": ("Europa Press",),
    "Lusa": ("Agência Lusa", "Lusa"),
    "CNA": ("Central News Agency",),
    "Bloomberg": ("Bloomberg News",),
}


def _agency_pattern() -> re.Pattern[str]:
    parts: list[str] = []
    for forms in _AGENCY_FORMS.values():
        alts = "|".join(
            f"(?i:{re.escape(f)})" if not f.isupper() else re.escape(f)
            for f in sorted(forms, key=len, reverse=True)
        )
        parts.append(f"(?P<g{len(parts)}>{alts})")
    return re.compile(rf"(?<![\w-])(?:{'|'.join(parts)})(?![\w-])")


_AGENCY_BYLINE = _agency_pattern()
_AGENCY_NAMES = list(_AGENCY_FORMS)
MAX_BYLINE_CHARS = 160


def byline_agency(byline: str | None) -> str | None:
    """The news agency a byline names (``By Jane Doe, Associated Press`` → ``AP``), else None."""
    if not byline or len(byline) > MAX_BYLINE_CHARS:
        return None
    match = _AGENCY_BYLINE.search(byline)
    if match is None or match.lastgroup is None:
        return None
    return _AGENCY_NAMES[int(match.lastgroup[1:])]


# The elements with rel="author" or itemprop="author", or "byline" or "Byline" in their class,
# in page order. Reached through their attributes (the elements' own predicates
# ``//*[@rel='author' or contains(@class, 'byline')...]`` take twice as long).
_BYLINE_XPATH = lxml.etree.XPath(
    "//@class[contains(., 'byline') or contains(., 'Byline')]/.. | //@rel[. = 'author']/.. "
    "| //@itemprop[. = 'author']/.."
)
MAX_BYLINE_ELEMENTS = 10


_AUTHOR_ATTR_BEFORE = re.compile(r"""(?:rel|itemprop)\s*=\s*["']?$""", re.I)


def _may_have_byline(html: str) -> bool:
    """Whether the source can hold an element :data:`_BYLINE_XPATH` finds: "byline" in a class,
    or an attribute ``rel`` or ``itemprop`` whose value is "author" (a few substring scans,
    where the XPath visits every element)."""
    if "yline" in html:
        return True
    i = html.find("author")
    while i >= 0:
        if _AUTHOR_ATTR_BEFORE.search(html, max(0, i - 20), i):
            return True
        i = html.find("author", i + 6)
    return False


def _byline_element_agency(tree: lxml.html.HtmlElement) -> str | None:
    """An agency named by one of the page's byline elements (``class="byline"``, ``rel=author``)."""
    for el in _BYLINE_XPATH(tree)[:MAX_BYLINE_ELEMENTS]:
        agency = byline_agency(" ".join(" ".join(el.itertext()).split()))
        if agency:
            return agency
    return None


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _iso_date(value: object) -> str | None:
    if isinstance(value, str) and _ISO_DATE.match(value):
        return value[:10] if len(value) == 10 else value
    return None


_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "head", "object")


def flatten_html(html: str) -> tuple[str, str | None]:
    """(body text with a line per block element, ``<title>``) of a page, for pages with no main text."""
    try:
        root = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return "", None
    title_el = root.find(".//title")
    title = _clean(title_el.text_content()) if title_el is not None else None
    for tag in _DROP_TAGS:
        for el in root.iter(tag):
            el.drop_tree() if el.getparent() is not None else None
    for comment in root.xpath("//comment()"):
        if comment.getparent() is not None:
            comment.getparent().remove(comment)
    body = root.find("body")
    chunks: list[str] = []
    _walk(body if body is not None else root, chunks)
    lines = (" ".join(line.split()) for line in "".join(chunks).split("\n"))
    return "\n".join(line for line in lines if line), title


def _walk(el: lxml.html.HtmlElement, out: list[str]) -> None:
    block = isinstance(el.tag, str) and el.tag.lower() in _BLOCK_TAGS
    if block:
        out.append("\n")
    if el.text and isinstance(el.tag, str):
        out.append(el.text)
    for child in el:
        _walk(child, out)
        if child.tail:
            out.append(child.tail)
    if block:
        out.append("\n")


def host_of(url: str | None) -> str | None:
    """The host of ``url`` without ``www.``, lower-case; None when there is none."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def clean_url(url: str | None) -> str | None:
    """``url`` normalised with courlan (lower-case host, sorted query), fragment dropped; None if unusable."""
    if not url or not url.strip():
        return None
    url = url.strip()
    with suppress(ValueError, AttributeError):
        url = normalize_url(url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return parts._replace(fragment="").geturl()


_OPEN_TAG = re.compile(
    r"<(?:div|span|section|article|main|p|li|ul|ol|table|tr|td|b|i|em|font|a)\b", re.I
)
_CLOSE_TAG = re.compile(
    r"</(?:div|span|section|article|main|p|li|ul|ol|table|tr|td|b|i|em|font|a)\s*>", re.I
)
_LIBXML2_MAX_DEPTH = 256
_SCRIPT = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>", re.I | re.S)
_BLOCK = re.compile(
    r"</?(?:p|div|br|h[1-6]|li|tr|section|article|header|footer|blockquote)\b[^>]*>", re.I
)
_ANY_TAG = re.compile(r"<[^>]*>")


def _past_parser_limits(html: str) -> Extraction | None:
    """The text of a page nested deeper than libxml2 parses (it stops at 256 levels and the
    page looks empty), read by stripping its tags; None for any other page."""
    if len(_OPEN_TAG.findall(html)) - len(_CLOSE_TAG.findall(html)) < _LIBXML2_MAX_DEPTH:
        return None
    import html as html_lib

    body = _SCRIPT.sub(" ", html)
    title = re.search(r"<title[^>]*>(.*?)</title>", body, re.I | re.S)
    body = re.sub(r"<head\b.*?</head\s*>", " ", body, flags=re.I | re.S)
    text = html_lib.unescape(_ANY_TAG.sub(" ", _BLOCK.sub("\n", body)))
    lines = (" ".join(line.split()) for line in text.split("\n"))
    text = "\n".join(line for line in lines if line)
    if not text.strip():
        return None
    return Extraction(
        text=text,
        method="flatten",
        title=_clean(html_lib.unescape(title.group(1))) if title else None,
    )


_LONG_TAG = re.compile(r"<[A-Za-z][^<>]{4096,}>")
_ATTRIBUTE = re.compile(r"""\s+[^\s=>/"']+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?""")


def cap_attributes(html: str, limit: int) -> str:
    """``html`` with every tag cut to its first ``limit`` attributes.

    The cost of parsing one element grows with the square of its attribute
    count in libxml2 (30,000 attributes on one tag: 15 s; 100,000: about a
    minute), inside C code no timer can interrupt; no real page needs more than
    a few dozen. Only tags over 4 KB are looked at, so ordinary pages cost one
    regex scan.
    """
    if len(html) < 4096 or _LONG_TAG.search(html) is None:
        return html

    def cut(match: re.Match[str]) -> str:
        tag = match.group()
        name_end = re.match(r"<[A-Za-z][^\s/>]*", tag)
        assert name_end is not None
        kept: list[str] = []
        for n, attribute in enumerate(_ATTRIBUTE.finditer(tag, name_end.end(), len(tag) - 1)):
            if n >= limit:
                return name_end.group() + "".join(kept) + ">"
            kept.append(attribute.group())
        return tag

    return _LONG_TAG.sub(cut, html)


def decode_html(data: bytes, http_charset: str | None = None) -> str:
    """Decode page bytes: HTTP charset, then ``<meta charset>``, then detection."""
    text, _encoding = decode_bytes(data, (http_charset, meta_charset(data)))
    return text


def html_page(
    data: bytes | str,
    *,
    source: str,
    settings: Settings,
    record: str | None = None,
    url: str | None = None,
    http_charset: str | None = None,
    fetched_at: str | None = None,
    site: str | None = None,
    fmt: str = "html",
    known: dict[str, str] | None = None,
) -> Page:
    """Read one HTML page into a :class:`Page`; raises :class:`BadInput` with one clear reason.

    ``known`` holds metadata given alongside the page (a JSON line's ``title``,
    ``published``...); it wins over what is found in the HTML.
    """
    if isinstance(data, str):
        data = safe_text(data)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        html = data if isinstance(data, str) else decode_html(data, http_charset)
    except DecodeError as exc:
        raise BadInput(source, str(exc), record) from exc
    if not html.strip():
        raise BadInput(source, "empty HTML page", record)
    html = cap_attributes(html, settings.max_tag_attributes)
    try:
        found = run_with_time_limit(lambda: extract_html(html, url), settings.page_timeout_s)
    except PageTimeout as exc:
        raise BadInput(source, f"page skipped: {exc}", record) from exc
    except ValueError as exc:
        found = _past_parser_limits(html)
        if found is None:
            raise BadInput(source, str(exc) or "HTML could not be parsed", record) from exc
    except RecursionError as exc:
        raise BadInput(
            source, "HTML could not be parsed: nested too deeply for the parser", record
        ) from exc
    except lxml.etree.LxmlError as exc:
        raise BadInput(source, f"HTML could not be parsed: {exc}", record) from exc
    except Exception as exc:  # a bug in an extractor on one odd page must not end the run
        detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else "internal error"
        raise BadInput(source, f"HTML extraction failed: {detail}", record) from exc
    text = normalize_text(found.text)
    if not text.strip():
        raise BadInput(source, "HTML has no text", record)
    given = known or {}
    page_url = clean_url(url) or clean_url(found.canonical_url)
    return Page(
        source=source,
        text=text,
        format=fmt,
        record=record,
        raw=raw,
        url=page_url,
        site=site or host_of(page_url),
        fetched_at=fetched_at,
        published=given.get("published") or found.published,
        title=given.get("title") or (normalize_text(found.title) if found.title else None),
        author=found.author,
        agency=found.agency,
        language=found.language,
        description=found.description,
        canonical_url=clean_url(found.canonical_url),
        site_name=found.site_name,
        extraction=found.method,
        captions=[normalize_text(c) for c in found.captions],
        headings=[normalize_text(h) for h in found.headings],
    )
