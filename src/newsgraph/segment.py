"""Page text -> articles: a role for every line, then the articles cut out of the page.

A page (``Page.text``, already normalised by :func:`newsgraph.clean.normalize_text`)
is processed line by line:

1. lines of a hard-wrapped paragraph (line breaks of the page source inside it) are
   joined into one unit; every unit gets a first-pass kind from its own text: blank;
   furniture (UI tokens, counters, share/nav/ad/cookie/subscribe/byline/date lines in
   several languages, and the site's learned furniture keys); a *wall* ("Comments",
   "Most read", tags) or a *box* header ("Related articles"); a caption or a credit line;
   an agency line; prose (sentence-like) or a short line. Kinds depend only on the line,
   so they are cached: the navigation of a site is classified once;
2. neighbours refine kinds: captions known from a credit after them or printed twice,
   lists announced by a colon;
3. the line model (:mod:`newsgraph.linemodel`, trained by ``scripts/train_line_model.py``
   and chosen by cross-validation grouped by site) gives every line the probability that
   it is body text, from layout features of the line and its neighbours;
4. headlines printed twice close together (only captions and furniture between) and
   agency lines after prose cut the page into regions, one per article when a page holds
   several (a counted comment header, "34 responses to ...", cuts even past a share bar);
   a region opening after a comment section's header or a "More ..." list gives no article
   without a headline of its own; in each region the body is the maximum-sum run of (probability - threshold)
   × words (a line repeated on the page is a feature of the model, not a cut: cutting at a
   "second copy" cost 0.013 F1 under cross-validation). One page gives one article
   unless another has a headline of its own; a page with prose always gives its article;
5. inside the run: lines the model calls body are paragraphs (captions, credits, agency
   lines and furniture never are); a short headline-like line opening a paragraph is a
   subheading; a subheading glued onto its paragraph is split off when the article has
   standalone subheadings too and the glued prefix reads like a heading; a long paragraph
   printed a second time in the run (pages that print their article twice) is kept once. The agency is
   the agency line after the body, or the one a dateline or byline prints.

Every structural rule of steps 1, 2, 4 and 5 can be switched off (:func:`set_rules`) and
every tuning constant set to its "without it" value (:data:`TUNING`, :func:`set_tuning`), so
that ``bench/extract_text.py --ablate --ablate-constants`` measures what each earns under
cross-validation (the table is in ``docs/extraction.md``).
Every paragraph is an exact slice of the page text (``text[s:e] == paragraph``; a
rejoined paragraph keeps its line breaks).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

import numpy as np

from newsgraph.clean import line_key
from newsgraph.linemodel import LineModel, default_model, page_features
from newsgraph.model import PARAGRAPH_SEP, Article, Caption, Subheading
from newsgraph.settings import Settings

__all__ = [
    "LineRole",
    "Role",
    "agency_lines",
    "article_text",
    "classify",
    "clear_line_cache",
    "is_boilerplate",
    "segment",
    "segment_with_roles",
    "split_caption",
]


class Role(StrEnum):
    """What a line of a page is."""

    BLANK = "blank"
    TITLE = "title"
    CAPTION = "caption"
    CREDIT = "credit"
    """A photo credit on its own line (it belongs to the caption before it)."""
    FURNITURE = "furniture"
    AGENCY = "agency"
    SUBHEADING = "subheading"
    BODY = "body"
    OTHER = "other"
    """Text outside any article (navigation, teasers, comments...)."""


# The members bound once: reading ``Role.X`` is an enum attribute lookup, slow in the per-line loops.
_R_TITLE, _R_CAPTION, _R_CREDIT, _R_FURNITURE = Role.TITLE, Role.CAPTION, Role.CREDIT, Role.FURNITURE
_R_AGENCY, _R_SUBHEADING, _R_BODY, _R_OTHER = Role.AGENCY, Role.SUBHEADING, Role.BODY, Role.OTHER


@dataclass(slots=True)
class LineRole:
    """One line of the page, where it is, and its role (``article`` indexes the result)."""

    start: int
    end: int
    text: str
    role: Role
    article: int | None = None


# -- first-pass kinds ----------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())



_K_BLANK, _K_FURN, _K_CAPTION, _K_CREDIT, _K_AGENCY, _K_PROSE, _K_SHORT, _K_WALL, _K_BOX = range(9)

_AGENCIES = (
    r"(?:The )?Associated Press|AP|Reuters|AFP|Agence France[- ]Presse|dpa|DPA|EFE|ANSA|"
    r"Bloomberg(?: News)?|The New York Times|The Washington Post|Xinhua|TASS|Tass|UPI|"
    r"Kyodo(?: News)?|Yonhap|CNN|BBC(?: News)?|Anadolu(?: Agency)?|Interfax|Europa Press|"
    r"Press Association|PA(?: Media)?|Al Jazeera|The Guardian|Financial Times|"
    r"The Wall Street Journal|Los Angeles Times|AAP|CP|The Canadian Press|NTB|ANP|APA|Belga|"
    r"Lusa|RIA Novosti|IANS|PTI|ANI|SDA|Ritzau|STT|Ukrinform|Press Trust of India|"
    r"Jiji Press|Bernama|Antara|KCNA|Prensa Latina|Notimex|Agencia EFE|Associated Press of Pakistan|"
    r"WAM|QNA|KUNA|MENA|IRNA|Sputnik|Agenzia Nova|CTK|PAP|MTI|BTA|HINA|Tanjug"
)
# Datelines and bylines as news prints them: "KABUL, Afghanistan (AP) —", "LONDON, Dec 5 (Reuters) -",
# "NEW DELHI (PTI):", "By The Associated Press", "By AFP": a known agency, or in a dateline any
# short acronym in brackets followed by a dash or colon.
_DATELINE_AGENCY = re.compile(
    rf"^[A-ZÀ-Þ][^()\n]{{0,80}}?\((?P<a>{_AGENCIES}|[A-Z]{{2,6}})\)\s*[-—–:]+\s"
)
_BYLINE_AGENCY = re.compile(rf"^(?:By|From|Source:?)\s+(?P<a>{_AGENCIES})(?:\s+(?:Staff|Reporters?|News))?\.?$",
                            re.IGNORECASE)
_AGENCY_LINE = re.compile(
    rf"^(?:[-—–©(]\s*)?(?:\d{{4}}\s+)?(?:{_AGENCIES})(?:\s*[/,&]\s*(?:{_AGENCIES}))*\)?\.?$"
)

# Photo credits: "... Credit: Ivor Prickett for The New York Times", "... (Planet Labs PBC via AP)".
_CREDIT_LABEL = (
    r"(?:Photo(?:graph)?s?|Picture|Image|Foto|Fotos|Bild|Crédit(?: photo)?|Credit|Credits|"
    r"Photo credit|Image credit|Source|Quelle|Fuente|Фото)"
)
_CAPTION_LABEL_END = re.compile(rf"\s{_CREDIT_LABEL}\s*:", re.IGNORECASE)
_CAPTION_CUE_MAX_WORDS = 50
_CREDIT_TAIL_WORDS = 12
_MORE_MAX_WORDS = 4
_LIST_MAX_ITEMS = 60
_LINK_LIST_HEADS = (
    "related", "more ", "see also", "also read", "read more", "recommended", "popular", "latest",
    "top ", "trending", "follow", "share", "watch", "listen",
)
_CTA_MAX_WORDS = 40
_CTA_INITIALS = frozenset("fjlsdgctarhk")
_CREDIT_CUE = re.compile(
    r"\bvia\b|\b(?:AP|AFP|Reuters|Getty|EPA|Pool|Photos?|Foto|Images?|Shutterstock|File|Courtesy|"
    r"Bloomberg|dpa|Xinhua|Sputnik|Alamy|iStock|Handout|Imago|Keystone|ANSA|EFE|TASS)\b|/"
)
_CREDIT_LINE = re.compile(
    rf"^(?:{_CREDIT_LABEL}\s*:|(?:Photo|Image|Picture)s? by\b|©\s*\w[^.]*(?:Getty|Images|Photo|AP|"
    r"Reuters|AFP|Shutterstock)|(?:Getty Images|Shutterstock|Alamy|iStock)(?:\s.*)?$)",
    re.IGNORECASE,
)
# "A. Photographer/Outlet": a photographer and an outlet.
_CREDIT_SLASH = re.compile(r"^[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3} ?/ ?[A-Z][\w.&'’ -]{1,30}$")
# A short line ending with a photo agency: "Name | Outlet | Getty Images".
_CREDIT_TAIL = re.compile(
    r"(?:[|/,]|\bvia|\bfor|\bphoto)\s*(?:getty images|getty|shutterstock|alamy|istock(?:photo)?|afp|"
    r"ap(?: photo)?|reuters|epa(?:-efe)?|bloomberg|associated press|pool|handout|imago|dpa|"
    r"xinhua|sipa|anadolu|tass)\W*$"
)

# Captions without a credit, known from how photos are described.
_CAPTION_CUE = re.compile(
    r"^(?:An? |The )?(?:artist's |artist’s )?(?:illustration|rendering|file photo|screenshot)\b|"
    r"\bpictured\b(?! above| below)|, (?:left|right|center|centre|second from (?:left|right)|foreground|background),|"
    r"\bin this (?:photo|image|picture|file photo|handout photo|undated photo)\b"
)
_CAPTION_HINTS = ("pictured", "illustration", "rendering", "file photo", "screenshot", "in this ")
_CAPTION_COMMA_HINTS = (", left,", ", right,", ", center,", ", centre,", " from left,", " from right,",
                        "ground,")
"""Cues that hold a comma: looked for only in a line with one."""


def _caption_cue(low: str) -> bool:
    """Whether the lowercased line holds a literal cue of :data:`_CAPTION_CUE` (a cheap pre-filter)."""
    for hint in _CAPTION_HINTS:  # a plain loop is faster than any() here
        if hint in low:
            return True
    if "," in low:
        for hint in _CAPTION_COMMA_HINTS:
            if hint in low:
                return True
    return False


# Calls to action: follow us, join, listen, sign up, download the app...
_CTA = re.compile(
    r"^(?:follow|join|listen to|listen live|subscribe|sign up|download|like us|get access|"
    r"get the latest|get breaking|get our|click|tap|siga|sigue|síguenos|folgen sie|folge|suivez|"
    r"abonnez|abonnieren sie|registrieren sie|clique|cliquez|haz clic|haga clic|klicken sie|"
    r"clicca|appuyez)\b"
)

_CREDIT_TAIL_ENDS = (
    "images", "getty", "shutterstock", "alamy", "istock", "istockphoto", "afp", "ap", "ap photo", "reuters",
    "epa", "epa-efe", "bloomberg", "associated press", "pool", "handout", "imago", "dpa", "xinhua",
    "sipa", "anadolu", "tass",
)

# Furniture: UI tokens, counters, share/nav/ad/cookie/subscribe lines (several languages).
_UI_TOKEN = re.compile(r"^(?:[A-Z]{1,3}|\d{1,6}(?:[.,:/]\d+)*[%+kKmM]?|[^\w\s]+|\w|of|von|de|di|/\s*\d+)$")
_KEY_ENDS = " 0123456789.,:;!?()[]{}<>\"'«»“”‘’-–—|/\\•·›‹»#*+=_~…"


def _phrase_key(line: str) -> str:
    """A short line lowercased, without digits and punctuation at its ends ("12 Comments:")."""
    return line.lower().strip(_KEY_ENDS)


def _phrases(text: str) -> frozenset[str]:
    return frozenset(_phrase_key(p) for p in text.split("|"))


# Whole short lines that are UI furniture (matched on their phrase key).
_FURNITURE_PHRASES = _phrases(
    "advertisement|advertising|advert|adverts|anzeige|werbung|pub|publicidad|publicité|pubblicità|"
    "реклама|sponsored|sponsored content|ad|ads|share|shares|tweet|facebook|twitter|linkedin|"
    "whatsapp|pinterest|reddit|instagram|youtube|telegram|email|e-mail|print|copy link|buffer|pin|"
    "pin it|flipboard|pocket|tumblr|xing|messenger|sms|copied|link copied|"
    "compartir|teilen|partager|condividi|compartilhar|поделиться|subscribe|subscribe now|sign up|"
    "sign in|log in|login|logout|log out|register|my account|abonnieren|s'abonner|abonnez-vous|"
    "suscríbete|assine|iscriviti|подписаться|newsletter|newsletters|menu|search|close|open|"
    "skip to content|skip to main content|back to top|return to top|top|home|next|previous|prev|"
    "more|load more|show more|see more|view more|read more|continue reading|weiterlesen|"
    "lire la suite|leer más|leia mais|also read|see also|lesen sie auch|lire aussi|ver también|"
    "leggi anche|reply|loading|cookies|cookie|accept|accept all|ok|got it|privacy|privacy policy|"
    "privacy notice|terms|terms of use|terms of service|terms and conditions|cookie policy|"
    "contact|contact us|about|about us|imprint|impressum|faq|help|follow|follow us|caption|image|"
    "photo|video|watch|listen|play|audio|gallery|back to gallery|enlarge|toggle caption|"
    "hide caption|expand|collapse|click here|topics|updated|published|posted|by|written by|"
    "author|and|or|"
)
_FURNITURE_PREFIXES = (
    "follow us on ", "share on ", "more on ", "sign up for ", "subscribe to ", "see more:", "read more:",
    "also read:", "read also:", "related:", "more:", "watch:", "see also:", "lesen sie auch:",
    "lire aussi:", "leia também:", "leer más:", "ver también:",
)
# Short lines that end an article: comment sections, share bars, tags, lists of other stories.
_WALL_PHRASES = _phrases(
    "comments|comment|responses|replies|reactions|kommentare|commentaires|comentarios|"
    "comentários|commenti|комментарии|leave a comment|leave a reply|post a comment|add a comment|"
    "join the conversation|join the discussion|show comments|view comments|share this|"
    "share this article|share this story|share this post|more stories|more news|more articles|"
    "most popular|most read|most viewed|most shared|recommended|recommended for you|"
    "recommended stories|read next|up next|what to read next|you may also like|"
    "you might also like|you may also be interested in|you might also be interested in|trending|"
    "trending now|trending stories|popular stories|popular posts|popular now|latest news|"
    "latest stories|latest posts|das könnte sie auch interessieren|sur le même sujet|"
    "te puede interesar|about the author|tags|tag|filed under|categories|post navigation"
)
_COMMENT_PHRASES = _phrases(
    "comments|comment|responses|replies|reactions|kommentare|commentaires|comentarios|"
    "comentários|commenti|комментарии|leave a comment|leave a reply|post a comment|add a comment|"
    "join the conversation|join the discussion|show comments|view comments"
)
# Headers of boxes that also sit inside articles ("Related articles", "Don't miss").
_BOX_PHRASES = _phrases(
    "related|related articles|related stories|related posts|related content|related news|"
    "related coverage|related topics|related links|useful links|further reading|don't miss|ähnliche artikel|mehr zum thema|"
    "à lire aussi|noticias relacionadas|leia também|notícias relacionadas|articoli correlati|"
    "читайте также|по теме|see also|also read|read more|lesen sie auch|lire aussi|ver también|"
    "leggi anche"
)
# "10 thoughts on “Title”", "34 responses to “Title”": the header of a comment section.
_COMMENTS_HEADER = re.compile(
    r"^(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten) (?:thoughts?|responses?|comments?|"
    r"replies|reply|reactions?) (?:on|to)\b"
)
_COUNT_INITIALS = frozenset("otfsen")
"""First letters of the counts a comment header opens with ("one" ... "ten"; or a digit)."""
_WALL_PREFIXES = (
    "more from ", "more stories from ", "more news from ", "more articles from ", "about ", "sobre ",
    "über ", "à propos de ", "acerca de ", "a proposito di ", "o autorze", "об авторе",
)

# Boilerplate anywhere in a line: a cheap literal pre-filter on the lowercased line
# (``in`` tests are much faster than a regex alternation), then the precise pattern.
_BOILER_HINTS = (
    "cookie", "©", "copyright", "rights", "privacy", "newsletter", "subscri", "sign up",
    "javascript", "browser", "site", "trademark", "terms of", "(c)", "click here", "blocker",
    "rechte", "droits", "derechos", "follow", "@",
)


def _boiler(low: str, words: int) -> bool:
    if words > _WEAK_BOILER_WORDS:
        # A paragraph may mention a browser or JavaScript; only a legal notice or a cookie
        # banner makes a long line boilerplate.
        for hint in _LONG_HINTS:
            if hint in low:
                return _BOILER_LONG.search(low) is not None
        return False
    for hint in _BOILER_HINTS:
        if hint in low:
            if _BOILER_STRONG.search(low):
                return True
            return _BOILER_WEAK.search(low) is not None
    return False


# Legal notices and cookie banners: the only boilerplate a line of over 30 words can be.
_LONG_HINTS = ("©", "(c)", "rights reserved", "copyright", "privacy policy", "terms of", "vorbehalten",
               "droits réservés", "derechos reservados", "trademark", "cookie")
_BOILER_LONG = re.compile(
    r"©|\(c\)\s*\d{4}|\ball rights reserved\b|\bcopyright\b|\bprivacy policy\b|"
    r"\bterms of (?:use|service)\b|\balle rechte vorbehalten\b|\btous droits réservés\b|"
    r"\btodos los derechos reservados\b|\bregistered trademarks?\b|"
    r"\bcookies?\b.{0,80}\b(?:website|site|browser|consent|experience|privacy|settings|accept|partners)\b|"
    r"\b(?:website|site|browser)\b.{0,80}\bcookies?\b"
)
_BOILER_STRONG = re.compile(
    r"©|\(c\)\s*\d{4}|\ball rights reserved\b|\bcopyright\b|\bprivacy policy\b|"
    r"\bterms of (?:use|service)\b|\balle rechte vorbehalten\b|\btous droits réservés\b|"
    r"\btodos los derechos reservados\b|\bjavascript\b|\byour browser\b|\bad ?blocker\b|"
    r"\bregistered trademarks?\b|"
    r"\bcookies?\b.{0,80}\b(?:website|site|browser|consent|experience|privacy|settings|accept|partners)\b|"
    r"\b(?:website|site|browser)\b.{0,80}\bcookies?\b"
)
# ...and vocabulary that only marks a short line as boilerplate (calls to action, contacts).
_BOILER_WEAK = re.compile(
    r"\bnewsletters?\b|\bsubscri(?:be|ption)\b|\bsign up\b|\bclick here\b|\b(?:this|our) (?:web)?site\b|"
    r"\bfollow (?:us|him|her|me|them)\b|[\w.+-]+@[\w-]+\.[a-z]{2,}|\bcookies?\b|\bunsubscribe\b|"
    r"\bregistered trademarks?\b"
)
_DIGIT = re.compile(r"\d")
_AGENCY_FIRST_WORDS = _words(
    "the associated ap reuters afp agence dpa efe ansa bloomberg xinhua tass upi kyodo "
    "yonhap cnn bbc anadolu interfax europa press pa al financial los aap cp ntb anp apa "
    "belga lusa ria ians pti ani sda ritzau stt ukrinform jiji bernama antara kcna prensa notimex "
    "agencia wam qna kuna mena irna sputnik agenzia ctk pap mti bta hina tanjug"
)
_CREDIT_WORDS = _words(
    "photo photos photograph photographs picture image images foto fotos bild crédit credit "
    "credits source quelle fuente фото getty shutterstock alamy istock"
)
# Bylines, datelines, timestamps, comment headers ("jdoe says:").
_META_DATE = re.compile(
    r"\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}\b|"
    r"\b\d{1,2}\.? (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|févr|mars|avr|mai|juin|"
    r"juil|août|déc|ene|abr|ago|dic|mär|okt|dez|de \w+ de)"
)
# "5 min read", "3 hours ago", "vor 2 Stunden", "il y a 3 heures", "hace 2 horas": a timestamp.
# A duration inside an instruction ("rest for 10 minutes") is text.
_META_RELATIVE = re.compile(r"\b\d+ (?:min|hour|day|stunde|heure|hora)")
_META_RELATIVE_CUES = re.compile(
    r"\b(?:ago|read|reading|lesezeit|lecture|leitura|lectura|lettura|vor|il y a|hace|há|fa|назад)\b"
)
_META_WORD = re.compile(r"\b(?:updated|published|posted|aktualisiert|publié|publicado|pubblicato)\b")
_META_HINTS = ("updat", "publi", "posted", "aktualisiert")
_BYLINE_WORDS = _words(
    "by von par por di door av posted written author autor"
)


def _meta(line: str, low: str, first: str) -> bool:
    """Bylines, datelines, timestamps and comment headers (``jdoe says:``)."""
    if first in _BYLINE_WORDS or low.endswith(("says:", "wrote:", "said:")):
        return True
    if _DIGIT.search(line):
        if _META_DATE.search(low):
            return True
        if _META_RELATIVE.search(low) and (
            _META_RELATIVE_CUES.search(low)
        ):
            return True
    for hint in _META_HINTS:
        if hint in low:
            return _META_WORD.search(low) is not None
    return False


_SENTENCE_END = frozenset(".!?…;。！？")
_CLOSERS = frozenset("\"”’»)]'」』")
_BEFORE_CLOSER = frozenset(".!?…,。！？")
# The text of an embedded social post ends with its short link.
_EMBED_URL_END = re.compile(r"(?:https?://t\.co/|pic\.twitter\.com/)\w+$")
_SYMBOL_CATEGORIES = frozenset(("So", "Sk", "Mn", "Cf", "Cs"))
_EMOJI_TAIL_CHARS = "\ufe0f\u200d"
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")
_HEAD_END_BAD = frozenset(".,;:")
_FUNCTION_WORDS = _words(
    "a an the and or but of to in on at by for with from as into than that which who whose "
    "its their his her our your my is are was were be been has have had will would can "
    "could de la le les des du et à en un une der die das und den dem ein eine von zu im el "
    "los las y del al about above across after against along amid among around before "
    "behind below between beyond during despite except including inside like near off onto "
    "out outside over per since through toward towards under until upon via within without "
    "then also not only just even still very more most so such all some any no each every "
    "both this these those there here it he she they we i you him them us me"
)

# Question and answer turns of an interview ("Q: ...", "A: ...") are text, not headings.
_INTERVIEW_TURN = re.compile(r"^(?:Q|A|P|R|F|В|О)\s?[:.]\s")

_AUXILIARIES = _words(
    "is are was were be been has have had will would can could shall should may might must do "
    "does did"
)
_CLAUSE_SCAN_WORDS = 25
_ENGLISH_COMMON = _words("the and of to in is that for on with was as it by at from are be has have")
_ENGLISH_SAMPLE = 200
_ENGLISH_MIN_SHARE = 0.15
_CLAUSE_WORDS = _words(
    "that which who whom whose when where while whether how why what because although "
    "though since if unless said says say told noted added according asked"
)

_PROSE_MIN_WORDS_UNPUNCTUATED = 20
_CHARS_PER_WORD_MAX = 12
_META_MAX_WORDS = 12
_SHORT_LINE_WORDS = 16
_PHRASE_MAX_WORDS = 7
_WEAK_BOILER_WORDS = 30
_BOILER_MAX_WORDS = 80
_AGENCY_LINE_MAX_WORDS = 8
_CAPTION_MIN_WORDS = 5
_UI_TOKEN_MAX_WORDS = 3
_TITLE_MAX_WORDS = 30
_TITLE_REPEAT_WINDOW = 16
_SUBHEADING_MAX_WORDS = 12
_TITLE_MIN_WORDS = 3
_DIVERSITY_SAMPLE = 300
_DIVERSITY_MIN = 0.15
_FALLBACK_TITLE_MIN_WORDS = 5
_COPY_MIN_WORDS = 12
_FALLBACK_MIN_THRESHOLD = 1e-3


@dataclass(slots=True)
class _Line:
    start: int
    end: int
    text: str
    words: int
    kind: int
    role: Role = Role.OTHER
    article: int | None = None
    caption: Caption | None = None
    p: float = 0.0
    """The line model's probability that the line is body text."""


def _first_pass_all(text: str, furniture: Collection[str], settings: Settings) -> list[_Line]:
    """:func:`_first_pass` over every line of ``text`` (inlined: this loop is the hot path).

    Lines of a hard-wrapped paragraph (the page source's line breaks inside it) are one
    :class:`_Line` spanning them, its text the exact slice of the page (line breaks kept).
    """
    out: list[_Line] = []
    append = out.append
    line_cls, kind_of, wrapped, blank = _Line, _kind, _wrapped, Role.BLANK
    pos = 0
    cache = _KIND_CACHE
    max_words = settings.site_furniture_max_words
    max_cached, min_wrap = _KIND_CACHE_MAX_CHARS, _WRAP_MIN_CHARS
    raw = text.split("\n")
    n = len(raw)
    wrap = "wrap" in _rules_on
    i = 0
    while i < n:
        line = raw[i]
        end = pos + len(line)
        if not line:
            append(line_cls(pos, end, line, 0, _K_BLANK, blank))
            i += 1
            pos = end + 1
            continue
        j = i
        while (
            wrap and j + 1 < n and len(raw[j]) >= min_wrap and raw[j][-1] not in _WRAP_STOP
            and wrapped(raw[j], raw[j + 1])
        ):
            j += 1
            end += 1 + len(raw[j])
        if j > i:
            joined = " ".join(raw[i : j + 1])
            ln = _first_pass(pos, end, joined, furniture, settings)
            ln.text = text[pos:end]
            append(ln)
        else:
            cached = cache.get(line)
            if cached is None:
                kind, words, caption = kind_of(line)
                if caption is None and len(line) <= max_cached:
                    if len(cache) >= _KIND_CACHE_SIZE:
                        cache.clear()
                    cache[line] = (kind, words)
            else:
                kind, words = cached
                caption = None
            if furniture and words <= max_words and line_key(line) in furniture:
                kind = _K_FURN
            ln = line_cls(pos, end, line, words, kind)
            if caption is not None:
                ln.caption = caption
            append(ln)
        pos = end + 1
        i = j + 1
    return out


_WRAP_MIN_CHARS = 40
_WRAP_OPEN_ENDS = frozenset(",;(")
_WRAP_STOP = _SENTENCE_END | _CLOSERS | {":"}
"""Last characters of a line that ends its paragraph (:func:`_wrapped` says no at once)."""
# Words a sentence or a heading does not end on: articles, prepositions, conjunctions, auxiliaries.
_WRAP_WORDS = _words(
    "a an the and or but nor of to in on at by for with from as into than that which whose its "
    "their his her our your my is are was were be been has have had will would can could shall "
    "should de la le les des du et à en un une der die das und den dem ein eine von zu im el los "
    "las y del al"
)


def _wrapped(line: str, nxt: str) -> bool:
    """Whether ``nxt`` continues the paragraph of ``line`` (a line break inside a paragraph).

    The line is running text (several words) that stops without ending its sentence, and
    the next line starts lowercase, or the line ends on a comma or on a function word
    ("of", "the", "and") that a sentence cannot end on. A line in title case is a headline.
    """
    if not nxt or len(line) < _WRAP_MIN_CHARS:
        return False
    last = line[-1]
    if last in _SENTENCE_END or last in _CLOSERS or last == ":":
        return False
    first = nxt[0]
    return first.islower() or (
        (first.isalnum() or first in "\"“‘'(«")
        and (last in _WRAP_OPEN_ENDS or line[line.rfind(" ") + 1 :].lower() in _WRAP_WORDS)
    )


def is_boilerplate(line: str) -> bool:
    """Whether a line on its own reads as page furniture (share, subscribe, ads, walls)."""
    line = line.strip()
    return bool(line) and _kind(line)[0] in (_K_FURN, _K_WALL, _K_BOX)


def split_caption(text: str) -> Caption:
    """A caption with its photo credit split off (``credit`` None when it names none)."""
    text = text.strip()
    return (_split_caption(text) if text else None) or Caption(text)


def _split_caption(line: str) -> Caption | None:
    """A caption with its photo credit split off, or None when the line has no credit."""
    if line[-1] in ")]" or line[-2:] in (").", "]."):
        bracket = "(" if line.rstrip(".")[-1] == ")" else "["
        open_at = line.rfind(bracket)
        close_at = line.rfind(")" if bracket == "(" else "]")
        credit = line[open_at + 1 : close_at].strip()
        text = line[:open_at].rstrip()
        if (
            open_at >= 0 and len(credit) >= 2 and bracket not in credit and _CREDIT_CUE.search(credit)
        ):
            return Caption(text, credit)
        return None
    colon = line.rfind(":")
    if colon < 0:
        return None
    m = _CAPTION_LABEL_END.search(line, 0, colon + 1)
    if m is None or m.end() != colon + 1:
        return None
    credit = line[colon + 1 :].strip()
    text = line[: m.start()].rstrip()
    if len(credit) < 2:
        return None
    return Caption(text, credit)


def _ends_sentence(line: str, words: int) -> bool:
    last = line[-1]
    if last in _SENTENCE_END:
        return True
    if last in _CLOSERS:
        return len(line) > 1 and line[-2] in _BEFORE_CLOSER
    if last > "\u2000" and unicodedata.category(last) in _SYMBOL_CATEGORIES:
        # A sentence that ends with an emoji: "See you soon! 🙂"
        stripped = line.rstrip(_EMOJI_TAIL_CHARS + " ")
        while stripped and unicodedata.category(stripped[-1]) in _SYMBOL_CATEGORIES:
            stripped = stripped[:-1].rstrip()
        return bool(stripped) and stripped != line and _ends_sentence(stripped, words)
    return last == ":"


def _first_pass(
    start: int, end: int, line: str, furniture: Collection[str], settings: Settings
) -> _Line:
    """The cheap evidence about one line (see :func:`_kind`), plus the site's learned furniture."""
    if not line:
        return _Line(start, end, line, 0, _K_BLANK, Role.BLANK)
    cached = _KIND_CACHE.get(line)
    if cached is None:
        kind, words, caption = _kind(line)
        if caption is None and len(line) <= _KIND_CACHE_MAX_CHARS:
            if len(_KIND_CACHE) >= _KIND_CACHE_SIZE:
                _KIND_CACHE.clear()
            _KIND_CACHE[line] = (kind, words)
    else:
        (kind, words), caption = cached, None
    if furniture and words <= settings.site_furniture_max_words and line_key(line) in furniture:
        kind = _K_FURN
    ln = _Line(start, end, line, words, kind)
    ln.caption = caption
    return ln


# Navigation and footer lines repeat across the pages of a site: remember their kinds.
# Only short lines (prose is unique to its article), and a bounded number of them, so the
# cache stays a few MB however large the corpus.
_KIND_CACHE: dict[str, tuple[int, int]] = {}
_KIND_CACHE_SIZE = 50_000
_KIND_CACHE_MAX_CHARS = 160


def clear_line_cache() -> None:
    """Forget remembered line kinds (for benchmarks that want cold figures)."""
    _KIND_CACHE.clear()


def _kind(line: str) -> tuple[int, int, Caption | None]:
    """(kind, words, caption) of a non-empty line; checks are ordered and guarded by length."""
    words = line.count(" ") + 1
    if words * _CHARS_PER_WORD_MAX < len(line) and _CJK.search(line):
        words = len(line) // 2  # scripts written without spaces: count characters
    low = line.lower()
    if words <= _SHORT_LINE_WORDS:
        if words <= _PHRASE_MAX_WORDS:
            key = low.strip(_KEY_ENDS)
            first = key.partition(" ")[0].rstrip(_KEY_ENDS)
        else:
            key = "-"  # too long to be a furniture phrase
            first = low.partition(" ")[0].strip(_KEY_ENDS)
        if words <= _AGENCY_LINE_MAX_WORDS and first in _AGENCY_FIRST_WORDS and _AGENCY_LINE.match(line):
            return _K_AGENCY, words, None
        if words <= _UI_TOKEN_MAX_WORDS and _UI_TOKEN.match(line):
            return _K_FURN, words, None
        if key in _WALL_PHRASES or low.startswith(_WALL_PREFIXES):
            return _K_WALL, words, None
        if (
            (low[0] in _COUNT_INITIALS or low[0].isdigit()) and _COMMENTS_HEADER.match(low)
        ) or (words <= _MORE_MAX_WORDS and key.startswith("more ")):
            return _K_WALL, words, None
        if key in _BOX_PHRASES:
            return _K_BOX, words, None
        if key in _FURNITURE_PHRASES or low.startswith(_FURNITURE_PREFIXES):
            return _K_FURN, words, None
        if words <= 2:
            if "©" in line:
                return _K_FURN, words, None
        else:
            if _boiler(low, words):
                return _K_FURN, words, None
            if (first in _CREDIT_WORDS and _CREDIT_LINE.match(line)) or (
                "/" in line and _CREDIT_SLASH.match(line)
            ) or (
                words <= _CREDIT_TAIL_WORDS and low.rstrip(" .)").endswith(_CREDIT_TAIL_ENDS)
                and _CREDIT_TAIL.search(low)
            ):
                return _K_CREDIT, words, None
            if words <= _META_MAX_WORDS and _meta(line, low, first):
                return _K_FURN, words, None
    elif words <= _BOILER_MAX_WORDS and _boiler(low, words):
        return _K_FURN, words, None
    if words <= _CTA_MAX_WORDS and low[:1] in _CTA_INITIALS and _CTA.match(low):
        return _K_FURN, words, None
    if words >= _CAPTION_MIN_WORDS:
        # _split_caption needs a bracket at the end or a colon.
        cap = _split_caption(line) if line[-1] in ")]" or line[-2:] in (").", "].") or ":" in line else None
        if cap is not None:
            return _K_CAPTION, words, cap
        if words <= _CAPTION_CUE_MAX_WORDS and _caption_cue(low) and _CAPTION_CUE.search(line):
            return _K_CAPTION, words, Caption(line)
    if (
        _ends_sentence(line, words) or words >= _PROSE_MIN_WORDS_UNPUNCTUATED
        or (words >= 3 and "/" in line[-30:] and _EMBED_URL_END.search(line))
    ):
        return _K_PROSE, words, None
    return _K_SHORT, words, None


def _title_like(ln: _Line) -> bool:
    if ln.kind not in (_K_SHORT, _K_PROSE) or not 1 <= ln.words <= _TITLE_MAX_WORDS:
        return False
    t = ln.text
    return (
        t[-1] not in _HEAD_END_BAD
        and (t[0].isupper() or t[0].isdigit() or t[0] in "\"“‘'«¿¡")
        and _BREADCRUMB.search(t) is None
        and not _table_row(t)
    )


_NUMBER = re.compile(r"\d+(?:[.,:/-]\d+)*")


def _table_row(text: str) -> bool:
    """A row of a results or stats table ("1. A. Driver 5040 5 17"): three figures or more,
    or two making half its words; a headline is words."""
    figures = len(_NUMBER.findall(text))
    return figures >= 3 or (figures >= 2 and 2 * figures > text.count(" ") + 1)


# A headline is one sentence.
_TWO_SENTENCES = re.compile(r"[.!?] [A-Z]")
# "Home > News > World", "Sport | Football": navigation, not a headline.
_BREADCRUMB = re.compile(r" [>»|›/] ")


def _norm_title(s: str) -> str:
    return " ".join(s.casefold().split())


def _densest_run(lines: list[_Line], lo: int, hi: int, threshold: float) -> tuple[int, int, float]:
    """Maximum-sum run of line weights in ``lines[lo:hi]``: (first, last, sum); last < first if none.

    A line weighs its words (plus one) times how far the line model's probability is
    above ``threshold``: body lines count for, everything else against.
    """
    best, best_i, best_j = 0.0, lo, lo - 1
    cur, cur_i = 0.0, lo
    furniture = "furniture" in _rules_on
    skip, furniture_kinds = _OUTSIDE_RUNS, _FURNITURE_KINDS
    for j in range(lo, hi):
        ln = lines[j]
        kind = ln.kind
        if kind in skip:
            continue  # captions, credits and agency lines neither extend nor break a run
        w = (ln.p - threshold) * (ln.words + 1)
        if furniture and w > 0 and kind in furniture_kinds:
            w = 0.0  # furniture never counts for a run (it is never body)
        if cur <= 0:
            cur, cur_i = w, j
        else:
            cur += w
        if cur > best:
            best, best_i, best_j = cur, cur_i, j
    return best_i, best_j, best


def _find_titles(lines: list[_Line]) -> dict[int, list[int]]:
    """Headlines printed twice close together: first index -> indices of all its copies."""
    seen: dict[str, list[int]] = {}
    for i, ln in enumerate(lines):
        if (ln.kind == _K_SHORT or ln.kind == _K_PROSE) and ln.words <= _TITLE_MAX_WORDS:
            seen.setdefault(ln.text, []).append(i)
    titles: dict[int, list[int]] = {}
    for idx in seen.values():
        if len(idx) < 2 or lines[idx[0]].words < _TITLE_MIN_WORDS or not _title_like(lines[idx[0]]):
            continue
        first = idx[0]
        copies = [first]
        for j in idx[1:]:
            if j - copies[-1] > _TITLE_REPEAT_WINDOW:
                break
            # Between two copies of a headline there are only captions, furniture, short lines.
            if any(lines[k].kind == _K_PROSE for k in range(copies[-1] + 1, j)):
                break
            copies.append(j)
        if len(copies) < 2:
            continue
        # A headline inside running text (a related-story card) does not start an article:
        # it needs the previous article to have ended, or photo captions of its own.
        prev = _prev_content(lines, first, max(0, first - _TITLE_REPEAT_WINDOW))
        has_caption = any(lines[k].kind in (_K_CAPTION, _K_CREDIT) for k in range(first, copies[-1] + 4)
                          if k < len(lines))
        if prev is None or prev.kind != _K_PROSE or has_caption:
            titles[first] = copies
    return titles


def _prev_content(lines: list[_Line], i: int, lo: int) -> _Line | None:
    for k in range(i - 1, lo - 1, -1):
        if lines[k].kind != _K_BLANK:
            return lines[k]
    return None


def _next_content(lines: list[_Line], i: int, hi: int) -> _Line | None:
    for k in range(i + 1, hi + 1):
        if lines[k].kind != _K_BLANK:
            return lines[k]
    return None


class _Region(NamedTuple):
    """A stretch ``lines[lo:hi]`` of the page that holds at most one article."""

    lo: int
    hi: int
    title: int | None = None
    """The headline printed twice that opens the region, if any."""
    after_wall: bool = False
    """The region opens after a comment section's header or a "More ..." list."""


def _regions(lines: list[_Line], titles: dict[int, list[int]]) -> list[_Region]:
    """Cut the page at headlines, after agency lines and after the header of a comment section
    or a "More ..." list that follows prose. Other walls ("Most read", "Tags") are not cuts:
    under grouped cross-validation cutting at every wall cost 0.005 F1 on
    article-extraction-dev; they are features of the line model."""
    cuts: list[tuple[int, int | None, bool]] = [(0, None, False)]
    rules = _rules_on
    walls = "walls" in rules
    counted = "comment_header" in rules
    for i, ln in enumerate(lines):
        if i in titles:
            cuts.append((i, i, False))
        elif ln.kind == _K_AGENCY or (walls and ln.kind == _K_WALL and _closing_wall(ln.text)):
            prev = _prev_content(lines, i, 0)
            if prev is not None and prev.kind == _K_PROSE:
                cuts.append((i + 1, None, ln.kind == _K_WALL))
            elif (
                counted and ln.kind == _K_WALL and _COMMENTS_HEADER.match(ln.text.lower())
                and _prose_above(lines, i)
            ):
                # "34 responses to <title>": a comment section however much of a share bar,
                # permalink or "back to top" sits between it and the text.
                cuts.append((i + 1, None, True))
    out = []
    for n, (lo, t, after_wall) in enumerate(cuts):
        hi = cuts[n + 1][0] if n + 1 < len(cuts) else len(lines)
        if hi > lo:
            out.append(_Region(lo, hi, t, after_wall))
    return out



def _prose_above(lines: list[_Line], i: int) -> bool:
    """Whether a line above line ``i`` is prose."""
    return any(lines[k].kind == _K_PROSE for k in range(i - 1, -1, -1))


def _closing_wall(text: str) -> bool:
    """A wall that closes the article above it: a comment section's header ("12 Comments",
    "3 thoughts on ...") or a "More ..." list of other stories."""
    low = text.lower()
    key = low.strip(_KEY_ENDS)
    return (key in _COMMENT_PHRASES or _COMMENTS_HEADER.match(low) is not None
            or (key.startswith("more ") and text.count(" ") < _MORE_MAX_WORDS))


def _heading_like(ln: _Line) -> bool:
    t = ln.text
    return (
        ln.kind in (_K_SHORT, _K_PROSE)
        and ln.words <= _SUBHEADING_MAX_WORDS
        and t[-1] not in _HEAD_END_BAD
        and (t[0].isupper() or t[0].isdigit() or t[0] in "\"“‘'«¿¡")
        and not _INTERVIEW_TURN.match(t)
    )


def _glued_split(line: str, max_words: int) -> int:
    """Length of a subheading glued onto the start of ``line`` (0 when the evidence is unclear).

    The prefix must read like a heading: it starts with a capital, has no sentence
    punctuation and no clause words ("that", "said"...), and holds a lowercase content
    word. The rest must start a new sentence with a capitalised word (not an acronym or a
    number) right after either

    * a plural noun ending a verbless heading: "Conflicts and deals | Russia and ...", or
    * a name closing a heading with a verb, when the rest starts a clause of its own
      with a possessive name and an auxiliary: "... are trucked to Mali | Russia's
      8,800-ton Baltic Leader ... are among ...". Two clauses side by side with no
      punctuation between cannot be one sentence; "billionaire Warren | Buffett's
      favourite investment" is one.
    """
    if not line[:1].isupper():
        return 0
    words = line.split(" ", max_words + 4)
    limit = min(max_words, len(words) - 4)
    for w in words[3 : limit + 1]:  # _sentence_start_word, inlined (called for every paragraph)
        if len(w) > 1 and w[0].isupper() and w[1].islower():
            break
    else:
        return 0  # a split needs a capitalised word (not an acronym) at the fourth word or later
    has_content = False
    has_aux = False
    for k in range(1, limit + 1):
        prev, word = words[k - 1], words[k]
        low_prev = prev.casefold().strip(",")
        if prev[-1:] in ".!?;:" or low_prev in _CLAUSE_WORDS:
            return 0
        has_aux = has_aux or low_prev in _AUXILIARIES
        if k > 1 and prev[:1].islower() and low_prev not in _FUNCTION_WORDS:
            has_content = True
        if k < 3 or not has_content or not _sentence_start_word(word):
            continue
        if prev[:1].islower():
            # A verbless heading ending on a plural noun.
            if (
                not has_aux and _plural_noun(prev) and not words[k + 1][:1].isupper()
                and not any("," in w for w in words[:k])
            ):
                return len(" ".join(words[:k]))
            continue
        if (
            prev[:1].isupper() and has_aux and word.endswith(("'s", "’s"))
            and words[k - 2][:1].islower()
            and _aux_in_first_clause(" ".join(words[k + 1 :]).split(" ", _CLAUSE_SCAN_WORDS))
        ):
            return len(" ".join(words[:k]))
    return 0


def _english(lines: list[_Line], first: int, last: int) -> bool:
    """Whether the run reads as English: enough of its words are common English words."""
    sample: list[str] = []
    for k in range(first, last + 1):
        if lines[k].kind == _K_PROSE:
            sample.extend(lines[k].text.lower().split(" ", _ENGLISH_SAMPLE)[:_ENGLISH_SAMPLE])
            if len(sample) >= _ENGLISH_SAMPLE:
                break
    common = sum(1 for w in sample if w in _ENGLISH_COMMON)
    return bool(sample) and common >= _ENGLISH_MIN_SHARE * len(sample)


def _sentence_start_word(word: str) -> bool:
    """A capitalised word that is not an acronym or a number ("Russia", not "SUV" or "2019")."""
    return len(word) > 1 and word[0].isupper() and word[1].islower()


def _plural_noun(word: str) -> bool:
    w = word.casefold()
    return (
        len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "'s", "’s"))
        and w not in _FUNCTION_WORDS
    )


def _aux_in_first_clause(rest: list[str]) -> bool:
    for word in rest[:_CLAUSE_SCAN_WORDS]:
        if word.casefold().strip(",.;:") in _AUXILIARIES:
            return True
        if word[-1:] in ",.;:":
            return False
    return False


def _title_for(
    lines: list[_Line], lo: int, first: int, title_idx: int | None, hint: str | None
) -> int | None:
    """The headline of the article whose body starts at ``first`` (None when unclear).

    A headline printed twice wins (when the body follows it closely); then the line nearest above the body that matches the
    metadata title; then a headline-like line just above the body (bylines, dates,
    captions and at most one standfirst between), unless it sits in a list of short lines.
    """
    if title_idx is not None:
        return title_idx
    if hint:
        h = _norm_title(hint)
        for k in range(first - 1, lo - 1, -1):
            ln = lines[k]
            if ln.kind in (_K_SHORT, _K_PROSE) and ln.words >= 2:
                t = _norm_title(ln.text)
                if t == h or h.startswith(t) or h.endswith(t):
                    return k
    skipped = seen = 0
    k = first - 1
    while k >= lo:
        ln = lines[k]
        if ln.kind in (_K_SHORT, _K_PROSE):
            seen += 1
            if _title_like(ln) and ln.words >= _FALLBACK_TITLE_MIN_WORDS and (
                "|" not in ln.text and not _TWO_SENTENCES.search(ln.text)
            ) and not (
                _DIGIT.search(ln.text) and _META_DATE.search(ln.text.lower())
            ) and not (
                k > lo and lines[k - 1].kind == _K_SHORT and lines[k - 1].words < _TITLE_MIN_WORDS
                and k - 1 > lo and lines[k - 2].kind == _K_SHORT
            ):
                return k
            skipped += 1
            if skipped > 1:
                return None
        elif ln.kind != _K_BLANK:
            seen += 1
        k -= 1
    return None


def _mark_captions(lines: list[_Line]) -> None:
    """Captions without a credit of their own, known from their neighbours.

    A long line printed twice in a row (or once cut short) is a photo caption (slideshows,
    figures); so is a prose line followed by a photo-credit line.
    """
    for i in range(1, len(lines)):
        a, b = lines[i - 1], lines[i]
        if b.kind == _K_CREDIT and a.kind == _K_PROSE:
            a.kind = _K_CAPTION
        elif (
            a.kind in (_K_PROSE, _K_CAPTION) and b.kind in (_K_PROSE, _K_CAPTION)
            and (a.text.startswith(b.text) or b.text.startswith(a.text))
        ):
            a.kind = b.kind = _K_CAPTION


def _mark_announced_lists(lines: list[_Line]) -> None:
    """Items of a list announced by a paragraph ending with a colon are text of the article.

    A paragraph ending "...these dates:" followed by "June 9 -- Venue, Town" lines: those look
    like datelines and short lines on their own, but belong to the text.
    """
    n = len(lines)
    for i, ln in enumerate(lines):
        if ln.kind != _K_PROSE or ln.text[-1] != ":" or ln.text.lower().startswith(_LINK_LIST_HEADS):
            continue
        k = i + 1
        items: list[_Line] = []
        while k < n and len(items) < _LIST_MAX_ITEMS:
            nxt = lines[k]
            if nxt.kind == _K_BLANK:
                k += 1
                continue
            if nxt.kind not in (_K_SHORT, _K_FURN):
                break
            items.append(nxt)
            k += 1
        if len(items) >= 2:
            for item in items:
                item.kind = _K_PROSE


RULES = frozenset(("wrap", "captions", "lists", "regions",
                   "one_article", "subheadings", "fallback", "furniture", "run_title", "copies", "walls",
                   "comment_header", "after_wall"))
"""Structural rules around the line model, each switchable off for ablation (``bench/extract_text.py``)."""
_rules_on: frozenset[str] = RULES


def set_rules(on: Collection[str] | None = None) -> None:
    """Switch the structural rules named in ``on`` on and the others off (None: all on); for benchmarks."""
    global _rules_on
    _rules_on = RULES if on is None else frozenset(on) & RULES


_NO_LIMIT = 10**9
"""A bound no page reaches (the "without it" setting of a maximum)."""

TUNING: dict[str, float] = {
    # Kept because the with/without figure earns them under grouped CV.
    "_MORE_MAX_WORDS": _NO_LIMIT, "_WEAK_BOILER_WORDS": _NO_LIMIT, "_PROSE_MIN_WORDS_UNPUNCTUATED": _NO_LIMIT,
    "_WRAP_MIN_CHARS": 0, "_TITLE_MIN_WORDS": 0, "_TITLE_REPEAT_WINDOW": _NO_LIMIT, "_COPY_MIN_WORDS": 0,
    # Kept although F1 cannot see them: titles, subheadings, filler pages, English-only glued subheadings.
    "_TITLE_MAX_WORDS": _NO_LIMIT, "_FALLBACK_TITLE_MIN_WORDS": 0, "_SUBHEADING_MAX_WORDS": _NO_LIMIT,
    "_CREDIT_TAIL_WORDS": _NO_LIMIT, "_DIVERSITY_MIN": 0, "_ENGLISH_MIN_SHARE": 0,
    # Bounds on work (how much of a line or run a check reads); F1 0 without them, time more.
    "_SHORT_LINE_WORDS": _NO_LIMIT, "_PHRASE_MAX_WORDS": _NO_LIMIT, "_CHARS_PER_WORD_MAX": 0,
    "_AGENCY_LINE_MAX_WORDS": _NO_LIMIT, "_UI_TOKEN_MAX_WORDS": _NO_LIMIT, "_META_MAX_WORDS": _NO_LIMIT,
    "_BOILER_MAX_WORDS": _NO_LIMIT, "_CTA_MAX_WORDS": _NO_LIMIT, "_CAPTION_CUE_MAX_WORDS": _NO_LIMIT,
    "_CAPTION_MIN_WORDS": 0,
    "_LIST_MAX_ITEMS": _NO_LIMIT, "_DIVERSITY_SAMPLE": _NO_LIMIT, "_CLAUSE_SCAN_WORDS": _NO_LIMIT,
    "_ENGLISH_SAMPLE": _NO_LIMIT, "_FALLBACK_MIN_THRESHOLD": 0,
}
"""Every tuning constant of the text path and its "without it" setting, for ablation
(``bench/extract_text.py --ablate-constants``): the comparison the constant sits in always
holds (a maximum has no limit, a minimum is 0) or, where it adds a case, never does."""
_TUNED = {name: globals()[name] for name in TUNING}


def set_tuning(values: Mapping[str, float] | None = None) -> None:
    """Set tuning constants named in ``values`` (the others back to their defaults); for benchmarks.

    Line kinds depend on the constants, so the line cache is cleared."""
    unknown = set(values or ()) - set(TUNING)
    if unknown:
        raise KeyError(f"not tuning constants: {sorted(unknown)}")
    g = globals()
    g.update(_TUNED)
    g.update(values or {})
    _KIND_CACHE.clear()


def _score_lines(text: str, lines: list[_Line], titles: dict[int, list[int]], model: LineModel) -> None:
    """Set every non-blank line's body probability from the line model."""
    scored = [ln for ln in lines if ln.kind != _K_BLANK]
    if not scored:
        return
    copies = {k for ks in titles.values() for k in ks}
    title_copy = [i in copies for i, ln in enumerate(lines) if ln.kind != _K_BLANK] if copies else None
    feats = page_features(
        text, [(ln.start, ln.end) for ln in scored], [ln.kind for ln in scored], title_copy,
        [ln.text for ln in scored])
    for ln, p in zip(scored, model.predict(feats).tolist(), strict=True):
        ln.p = p


def line_table(
    text: str, *, furniture: Collection[str] = frozenset(), settings: Settings | None = None
) -> tuple[list[tuple[int, int]], np.ndarray]:
    """The (start, end) of every non-blank line of ``text`` and its line-model features (for training)."""
    lines, titles = _prepare(text, furniture, settings or _DEFAULT_SETTINGS)
    idx = [i for i, ln in enumerate(lines) if ln.kind != _K_BLANK]
    copies = {k for ks in titles.values() for k in ks}
    feats = page_features(
        text, [(lines[i].start, lines[i].end) for i in idx], [lines[i].kind for i in idx],
        [i in copies for i in idx], [lines[i].text for i in idx])
    return [(lines[i].start, lines[i].end) for i in idx], feats


def _prepare(text: str, furniture: Collection[str], settings: Settings) -> tuple[list[_Line], dict[int, list[int]]]:
    lines = _first_pass_all(text, furniture, settings)
    rules = _rules_on
    if "captions" in rules:
        _mark_captions(lines)
    if "lists" in rules:
        _mark_announced_lists(lines)
    titles = _find_titles(lines)
    return lines, titles


def _analyse(
    text: str, furniture: Collection[str], title_hint: str | None, settings: Settings,
    model: LineModel | None = None,
) -> tuple[list[_Line], list[Article]]:
    model = model or default_model()
    lines, titles = _prepare(text, furniture, settings)
    _score_lines(text, lines, titles, model)
    rules = _rules_on
    regions = _regions(lines, titles) if "regions" in rules else [_Region(0, len(lines))]
    articles = _cut_articles(lines, regions, titles, title_hint, settings, model.threshold)
    if not articles and "fallback" in rules:
        # A page with prose always yields its article: when no line is confident enough,
        # the bar comes down to the most body-like lines that make an article's length.
        # The bar halves until the densest run holds an article (a run of one long line may not).
        threshold = _fallback_threshold(lines, settings.min_article_words)
        while threshold is not None and not articles:
            articles = _cut_articles(lines, [_Region(0, len(lines))], titles, title_hint, settings, threshold)
            threshold = threshold / 2 if threshold > _FALLBACK_MIN_THRESHOLD else None
    if "one_article" in rules and len(articles) > 1:
        # One page, one article, unless another article has a headline of its own.
        main = max(range(len(articles)), key=lambda i: len(articles[i].body))
        keep = [i for i, a in enumerate(articles) if i == main or a.title is not None]
        if len(keep) < len(articles):
            renumber = {old: new for new, old in enumerate(keep)}
            for ln in lines:
                if ln.article is not None:
                    if ln.article in renumber:
                        ln.article = renumber[ln.article]
                    else:
                        ln.article = None
                        ln.role = _R_FURNITURE if ln.kind in _FURNITURE_KINDS else _R_OTHER
            articles = [articles[i] for i in keep]
    return lines, articles


def _cut_articles(
    lines: list[_Line], regions: list[_Region], titles: dict[int, list[int]],
    title_hint: str | None, settings: Settings, threshold: float,
) -> list[Article]:
    """The article of each region (its densest run of body lines)."""
    articles: list[Article] = []
    after_wall = "after_wall" in _rules_on
    for lo, hi, title_idx, opens_after_wall in regions:
        if opens_after_wall and after_wall:
            continue  # comments or a list of other stories: not an article without a headline
        first, last, _score = _densest_run(lines, lo, hi, threshold)
        if last < first:
            continue
        art = _build(lines, lo, hi, first, last, title_idx, titles, title_hint, settings, threshold,
                     len(articles))
        if art is not None:
            articles.append(art)
    return articles




def _fallback_threshold(lines: list[_Line], min_words: int) -> float | None:
    """Half the body probability above which the page's lines hold ``min_words`` words, when the
    page has that much prose (sentences on lines of several words); None when it has not."""
    prose = [ln for ln in lines if ln.kind == _K_PROSE]
    if sum(ln.words for ln in prose) < min_words:
        return None
    total = 0
    for ln in sorted((ln for ln in lines if ln.kind not in _NEVER_BODY and ln.kind != _K_BLANK),
                     key=lambda ln: -ln.p):
        total += ln.words
        if total >= min_words:
            return ln.p / 2
    return None


def _caption_scan_start(lines: list[_Line], lo: int, first: int) -> int:
    """Where captions above an untitled article may start: a few lines up, no prose between."""
    k = first
    while k > lo and lines[k - 1].kind != _K_PROSE:
        k -= 1
    return k


def _repetitive(lines: list[_Line], first: int, last: int) -> bool:
    """Text that repeats a handful of words ("word word word ..."): filler, not an article.

    Each distinct line is sampled once (a paragraph printed many times is not filler)."""
    sample: list[str] = []
    seen: set[str] = set()
    for k in range(first, last + 1):
        t = lines[k].text
        if lines[k].kind == _K_PROSE and t not in seen and not _CJK.search(t[:40]):
            seen.add(t)
            sample.extend(lines[k].text.lower().split(" ", _DIVERSITY_SAMPLE)[:_DIVERSITY_SAMPLE])
            if len(sample) >= _DIVERSITY_SAMPLE:
                break
    return len(set(sample)) < _DIVERSITY_MIN * len(sample)


def _build(
    lines: list[_Line], lo: int, hi: int, first: int, last: int, title_idx: int | None,
    titles: dict[int, list[int]], title_hint: str | None, settings: Settings, threshold: float, n: int,
) -> Article | None:
    rules = _rules_on
    body_words = sum(lines[k].words for k in range(first, last + 1)
                     if lines[k].p >= threshold and lines[k].kind not in _NEVER_BODY
                     and not ("furniture" in rules and lines[k].kind in _FURNITURE_KINDS))
    if body_words < settings.min_article_words or _repetitive(lines, first, last):
        return None
    t_idx = _title_for(lines, lo, first, title_idx, title_hint)
    if t_idx is None and "run_title" in rules and lines[first].kind == _K_SHORT and _title_like(lines[first]):
        # The run opens with its own headline (short, headline-like; bylines and dates, then the body).
        k = first + 1
        while k <= last and lines[k].kind in (_K_BLANK, _K_FURN):
            k += 1
        if k <= last and lines[k].kind == _K_PROSE:
            t_idx = first
            first = next(j for j in range(first + 1, last + 1) if lines[j].kind != _K_BLANK)
    roles: dict[int, Role] = {}
    # Roles inside the run: the line model decides what is text; a short headline-like
    # line opening a paragraph is a subheading. A long paragraph printed again later in the
    # run is a copy of the body (pages that print their article twice), not more text.
    copies_on = "copies" in rules
    furniture_on = "furniture" in rules
    seen_paras: set[str] = set()
    for k in range(first, last + 1):
        ln = lines[k]
        kind = ln.kind
        if kind in _NEVER_BODY or kind == _K_BLANK:
            continue
        body = ln.p >= threshold and not (furniture_on and kind in _FURNITURE_KINDS)
        if (kind == _K_SHORT or (kind == _K_PROSE and ln.text[-1] == "?")) and _heading_like(ln):
            nxt = _next_content(lines, k, last)
            prev = _prev_content(lines, k, first)
            opens = nxt is not None and nxt.p >= threshold and nxt.kind == _K_PROSE
            if opens and (body or ("subheadings" in rules and (prev is None or prev.kind != _K_SHORT))):
                roles[k] = _R_SUBHEADING
                continue
        if body:
            if copies_on and ln.words >= _COPY_MIN_WORDS:
                if ln.text in seen_paras:
                    roles[k] = _R_OTHER  # the page prints the body again (a second copy)
                    continue
                seen_paras.add(ln.text)
            roles[k] = _R_BODY
    # The article's end: an agency line right after the run.
    agency_idx = None
    for k in range(last + 1, hi):
        if lines[k].kind == _K_AGENCY:
            agency_idx = k
            break
        if lines[k].kind != _K_BLANK:
            break
    start_idx = t_idx if t_idx is not None else first
    end_idx = agency_idx if agency_idx is not None else last
    if title_idx is not None:
        start_idx = min(start_idx, lo)
    # Captions: in the article's region up to the end of the run.
    captions: list[Caption] = []
    seen_caps: set[str] = set()
    last_caption: Caption | None = None
    cap_lo = lo if title_idx is not None else _caption_scan_start(lines, lo, start_idx)
    for k in range(cap_lo, end_idx + 1):
        ln = lines[k]
        if ln.kind == _K_CAPTION:
            cap = ln.caption or Caption(ln.text)
            if cap.text not in seen_caps:
                seen_caps.add(cap.text)
                captions.append(cap)
            last_caption = next(c for c in captions if c.text == cap.text)
            roles[k] = _R_CAPTION
        elif ln.kind == _K_CREDIT:
            if last_caption is not None and last_caption.credit is None:
                last_caption.credit = ln.text.split(":", 1)[-1].strip() if ":" in ln.text else ln.text
            roles[k] = _R_CREDIT
        elif ln.kind != _K_BLANK and k not in roles:
            roles[k] = _R_FURNITURE if ln.kind in _FURNITURE_KINDS else _R_OTHER
    caption_lines = [k for k in range(cap_lo, start_idx) if k in roles]
    if caption_lines:
        start_idx = caption_lines[0]
    # Title copies.
    title_text = None
    if t_idx is not None:
        title_text = lines[t_idx].text.rstrip()
        for k in titles.get(t_idx, [t_idx]):
            roles[k] = _R_TITLE
        roles[t_idx] = _R_TITLE
    if agency_idx is not None:
        roles[agency_idx] = _R_AGENCY
    # Paragraphs and subheadings.
    # Glued subheadings are looked for only in English text (the evidence is English
    # grammar) of an article that also has subheadings of its own.
    standalone = [lines[k] for k, r in roles.items() if r == _R_SUBHEADING]
    if standalone and not _english(lines, first, last):
        standalone = []
    max_glued = _SUBHEADING_MAX_WORDS
    paragraphs: list[str] = []
    spans: list[tuple[int, int]] = []
    subheadings: list[Subheading] = []
    for k in range(first, last + 1):
        r = roles.get(k)
        ln = lines[k]
        if r == _R_SUBHEADING:
            subheadings.append(Subheading(ln.text, len(paragraphs)))
        elif r == _R_BODY:
            s, t = ln.start, ln.text
            if standalone and paragraphs:
                cut = _glued_split(t, max_glued)
                if cut:
                    subheadings.append(Subheading(t[:cut], len(paragraphs)))
                    rest = t[cut:]
                    s += cut + len(rest) - len(rest.lstrip())
                    t = rest.lstrip()
            paragraphs.append(t)
            spans.append((s, ln.end))
    if not paragraphs:
        return None  # nothing but headings: not an article
    agency = lines[agency_idx].text.strip("—–-©() .") if agency_idx is not None else None
    if agency is None:
        agency = _printed_agency(lines, start_idx, first, paragraphs[0])
    for k, r in roles.items():
        lines[k].role = r
        lines[k].article = n
    for k in range(start_idx, end_idx + 1):
        if lines[k].article is None and lines[k].kind != _K_BLANK:
            lines[k].article = n
            lines[k].role = _R_FURNITURE if lines[k].kind in _FURNITURE_KINDS else _R_OTHER
    return Article(
        title=title_text,
        paragraphs=paragraphs,
        spans=spans,
        start=lines[start_idx].start,
        end=lines[end_idx].end,
        captions=captions,
        subheadings=subheadings,
        agency=agency,
    )


def _printed_agency(lines: list[_Line], start: int, first: int, opening: str) -> str | None:
    """The news agency named by the dateline of the opening paragraph ("PARIS (AFP) —") or by a
    byline or agency line between the headline and the body ("By The Associated Press", "PTI")."""
    m = _DATELINE_AGENCY.match(opening[:160])
    if m:
        return m.group("a")
    for k in range(start, first):
        ln = lines[k]
        if ln.kind == _K_AGENCY:
            return ln.text.strip("—–-©() .")
        if ln.words <= 8:
            m = _BYLINE_AGENCY.match(ln.text)
            if m:
                return m.group("a")
    return None


def agency_lines(
    text: str, *, furniture: Collection[str] = frozenset(), settings: Settings | None = None
) -> tuple[set[int], str | None]:
    """For a page whose text is all article (a main-content extractor's output): where its
    agency lines start ("(AP)", "Reuters" on a line of their own) and the agency, from such a
    line, else from the dateline of the first paragraph or a byline above it. Only the
    first-pass kinds of the lines are needed: no line model, no runs.

    The lines are those of :func:`_first_pass_all`; after the first prose line only the lines
    short enough to be agency lines (at most ``_AGENCY_LINE_MAX_WORDS`` words) are classified.
    """
    settings = settings or _DEFAULT_SETTINGS
    wrap = "wrap" in _rules_on
    raw = text.split("\n")
    n = len(raw)
    head: list[_Line] = []  # every line up to the first prose line, for the byline above it
    first: int | None = None
    starts: set[int] = set()
    agency: str | None = None
    pos = i = 0
    while i < n:
        line = raw[i]
        end = pos + len(line)
        j = i
        if line:
            while (
                wrap
                and j + 1 < n
                and len(raw[j]) >= _WRAP_MIN_CHARS
                and _wrapped(raw[j], raw[j + 1])
            ):
                j += 1
                end += 1 + len(raw[j])
            joined = " ".join(raw[i : j + 1]) if j > i else line
            # More spaces than an agency line has words: past the opening, nothing to learn.
            if first is None or joined.count(" ") < _AGENCY_LINE_MAX_WORDS:
                ln = _first_pass(pos, end, joined, furniture, settings)
                if j > i:
                    ln.text = text[pos:end]
                if ln.kind == _K_AGENCY:
                    starts.add(pos)
                    if agency is None:
                        agency = ln.text.strip("—–-©() .")
                if first is None:
                    if ln.kind == _K_PROSE:
                        first = len(head)
                    head.append(ln)
        elif first is None:
            head.append(_Line(pos, end, line, 0, _K_BLANK, Role.BLANK))
        pos = end + 1
        i = j + 1
    if agency is None and first is not None:
        agency = _printed_agency(head, 0, first, head[first].text)
    return starts, agency


_DEFAULT_SETTINGS = Settings()
_FURNITURE_KINDS = frozenset((_K_FURN, _K_WALL, _K_BOX))
_NEVER_BODY = frozenset((_K_CAPTION, _K_CREDIT, _K_AGENCY))
_OUTSIDE_RUNS = _NEVER_BODY | {_K_BLANK}
"""Kinds that neither extend nor break a run (:func:`_densest_run`)."""


def segment(
    text: str,
    *,
    furniture: Collection[str] = frozenset(),
    title_hint: str | None = None,
    settings: Settings | None = None,
    model: LineModel | None = None,
) -> list[Article]:
    """The articles on a page, in page order (``[]`` when the page holds none).

    ``furniture`` holds :func:`newsgraph.clean.line_key` keys of lines known to be
    furniture on this site; ``title_hint`` is the title from the page's metadata.
    """
    return _analyse(text, furniture, title_hint, settings or _DEFAULT_SETTINGS, model)[1]


def article_text(article: Article) -> str:
    """The article as read: its subheadings in place among the body paragraphs."""
    by_para: dict[int, list[str]] = {}
    for sub in article.subheadings:
        by_para.setdefault(sub.before, []).append(sub.text)
    parts: list[str] = []
    for i, para in enumerate(article.paragraphs):
        parts.extend(by_para.pop(i, ()))
        parts.append(para)
    for rest in by_para.values():
        parts.extend(rest)
    return PARAGRAPH_SEP.join(parts)


def classify(
    text: str,
    *,
    furniture: Collection[str] = frozenset(),
    title_hint: str | None = None,
    settings: Settings | None = None,
    model: LineModel | None = None,
) -> list[LineRole]:
    """The role of every line of ``text`` (one entry per ``\\n``-separated line)."""
    return segment_with_roles(text, furniture=furniture, title_hint=title_hint, settings=settings,
                              model=model)[1]


def segment_with_roles(
    text: str,
    *,
    furniture: Collection[str] = frozenset(),
    title_hint: str | None = None,
    settings: Settings | None = None,
    model: LineModel | None = None,
) -> tuple[list[Article], list[LineRole]]:
    """:func:`segment` and :func:`classify` in one pass: the articles and every line's role."""
    lines, articles = _analyse(text, furniture, title_hint, settings or _DEFAULT_SETTINGS, model)
    for ln in lines:
        if ln.role == Role.OTHER and ln.article is None and ln.kind in _FURNITURE_KINDS:
            ln.role = Role.FURNITURE
    out: list[LineRole] = []
    for ln in lines:
        if "\n" in ln.text:  # a hard-wrapped paragraph: each of its lines has its role
            s = ln.start
            for part in ln.text.split("\n"):
                out.append(LineRole(s, s + len(part), part, ln.role, ln.article))
                s += len(part) + 1
        else:
            out.append(LineRole(ln.start, ln.end, ln.text, ln.role, ln.article))
    return articles, out
