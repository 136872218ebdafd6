"""Quotes: direct quotations and reported speech, with the speaker as named and as resolved.

Direct quotes are found from the quotation marks (curly and straight, and doubled single
marks standing for double ones: ‘‘...’’; paired within a paragraph; a mark left open at a paragraph's end runs on into the next paragraph when
that one opens with a mark). Quoted strings of fewer than four words (scare quotes,
terms), titles of works ("A Winter in Lisbon"; after a word naming a work, "she wrote
“…”", even with a cue) and short quoted slogans or names
used as nouns with no cue ("the slogan “...”", "the “Clean Air. Our Job.” campaign") are
not quotes.

Each quote gets its cue from the dependency parse, in this order:

1. after it, in the same sentence: a speech verb (a broad lexicon of lemmas: said,
   gushed, fumed, quipped...) reached from the closing mark through nothing but the
   verb's own subject (however long its apposition: "X, a senior adviser with ...,
   said"), adverbs and punctuation; or "according to X";
2. before it, in the same sentence: the nearest speech verb whose clause holds the
   quote ("He noted that ...", "X said in a statement: ..."), "according to X", or a
   name before a colon ("Theo Francken: ...");
3. a dash line right after it ("– Name"), or a signature after the closing mark ("“...” --
   Engineer at a bank"), as testimonials and pull quotes attribute; a line opening with a
   person's name and a role under a quoted paragraph or list item ("Name, CEO of X"), or a
   name by its form alone there (a given name first, or an initial last);
4. a name heading above it: quoted paragraphs under a line that names a person and a role
   (an expert round-up) are one quote of that person, in parts, up to the next heading.

The speaker mention is the cue's subject noun phrase (the "according to" object, the
name before the colon; the author of a document that speaks: "X issued a statement
warning that ..." is X's): a proper name (``name``), a pronoun (``pronoun``) or a
common-noun phrase (``description``). Names resolve through the article's entity
mentions; pronouns to the nearest compatible person before them (subject position
first, across paragraph breaks, outside quotes; a subject pronoun passes over a nearer
possessor or prepositional object to the subject of the two sentences before), where
gender comes from honorifics,
from first names (:mod:`newsgraph.enrich.gender`) and from earlier pronouns resolved
to the same person; in the pronoun's own sentence the subject of a clause holding it comes
first, and a fronted "For X, ..." makes X the topic. People the entity stage missed or typed
otherwise are antecedents too (a given name as a clause subject; a name apposed to a job the
entity stage itself types PERSON). A first-person "I" is the writer a byline line above names
("By X", "Chosen by X"). With nothing compatible the speaker stays unresolved. A cue's subject is never on another line
than the cue (a heading the parser ran into the sentence); a name apposed to the role that
speaks is the speaker ("Road Notes' chief tester, Ana Ruiz, said"), a person owning the role
is not ("Trump's lawyer said"), and "the group" is the organisation that noun named before.
Descriptions stay descriptions, linked to the organisation or country they name
("a Kremlin spokesman" -> Kremlin, "Turkish officials" -> Türkiye).

A quote part with no cue of its own after a cued part of the same paragraph (only the
cue clause between them, or the cue's sentence and nothing after it), a paragraph
continuing an open quote, or a cue-less quotation opening the paragraph right after
one that ends with a quote and its cue, is a part of the same quote (``parts``); a later
part has four words or is a sentence. Otherwise a cue-less quote opening the paragraph
after a quote or a report inherits its speaker, as does one later in the paragraph of a
person's quote with no one else named between them.
Reported speech is a speech verb whose clausal complement is not a quotation ("Putin
said Russia offered..."). Paragraphs of a transcript ("NAME: words") are quotes of
the named speaker; the answers of a Q/A interview ("Q: ..." / "A: ...") are quotes of
the person its introduction names most.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from newsgraph.enrich.gender import (
    first_name_gender,
    honorific_gender,
    is_first_name,
    noun_gender,
    pronoun_gender,
)
from newsgraph.enrich.plover import words
from newsgraph.enrich.resolve import GROUP_PRONOUNS, GROUP_REACH, MentionIndex
from newsgraph.model import Mention, Quote

CUE_LEMMAS = words("""
say tell add note warn tweet write post state declare announce explain insist argue claim
observe remark ask reply respond recall acknowledge admit confirm deny stress emphasise emphasize
suggest conclude predict complain urge vow promise assert testify caution allege contend maintain
mention report answer continue joke quip shout whisper boast concede reiterate pledge threaten
comment describe
""")
"""Verbs of reported speech (by lemma): "Putin said Russia offered..."."""

DIRECT_CUE_LEMMAS = CUE_LEMMAS | words("""
gush fume advise sigh exclaim laugh cry scream yell mutter murmur groan lament muse wonder counter
retort rebut snap plead beg demand propose recommend concur agree disagree interject interrupt
recount reveal disclose divulge elaborate clarify assure reassure inform notify proclaim affirm
aver attest swear vouch underline underscore highlight alert forecast estimate speculate reckon
surmise theorize theorise posit blog text email message sing chant cheer holler bellow roar
thunder growl hiss mumble stammer stutter blurt gasp sob weep wail moan whine grumble protest
object charge accuse reason confess allow recollect reminisce narrate characterize characterise
summarize summarise opine preach lecture instruct order command implore rave enthuse marvel rage
rant seethe snarl mourn bemoan deplore decry denounce condemn criticize criticise slam blast lash
scold chide rebuke praise hail laud applaud commend congratulate welcome greet counsel invite
inquire enquire query question challenge request rejoin repeat echo dispute refute dismiss reject
brag crow gloat jest tease mock scoff sneer jeer taunt quote recite read chime begin finish
call put share offer remember
""")
"""Verbs that introduce a direct quotation next to them (by lemma)."""

# Verbs that introduce a direct quotation only when right next to it.
_WEAK_CUES = frozenset({"continue", "describe", "report", "mention", "comment", "begin",
                        "finish", "read", "question", "challenge", "welcome", "allow", "order",
                        "offer", "remember"})
# Reported speech needs a clausal complement; these verbs alone are too common for it.
_REPORT_SKIP = frozenset({"ask", "continue", "describe", "answer", "promise", "threaten"})
_SUBJ = frozenset({"nsubj", "nsubjpass"})
_RELATIVES = frozenset({"who", "which", "that", "whom"})
"""Relative pronouns: as a cue's subject they stand for the noun their clause describes."""
_OBJECT_PRONOUNS = frozenset({"him", "them", "me", "us", "whom"})
"""Pronouns in the object case: the one spoken to, never the speaker."""
_MIN_WORDS = 4
"""A quoted string with fewer words than this is a term or a scare quote, not a quote."""
_AFTER_TOKENS = 60
"""How far after a quote its cue verb may come (tokens), subject included."""
_BEFORE_TOKENS = 40
_PRONOUN_SENTENCES = 12
"""How many sentences back a pronoun looks for its person."""
_NP_LEFT = frozenset({"det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "case",
                      "predet", "advmod"})
_ORG_NOUNS = words("""
company firm group ministry agency department institute institution government organization
organisation office bank party council commission committee union association court police
military army embassy campaign university school hospital newspaper network broadcaster
""")
# A document speaks for its author: "the EU ruling said", "the ministry's statement added".
_DOCUMENTS = words("""
ruling statement release report letter decision communique communiqué document filing
resolution declaration memo notice post tweet message announcement order verdict judgment
complaint lawsuit indictment study survey poll analysis
""")
# Definite nouns that do not name a person speaking.
_NON_PERSON = words("""
study survey research analysis review paper article book survey poll data website site
page video film show index model system program programme plan bill law rule
""")
_SENT_END = frozenset({".", "!", "?"})
_DASHES = ("\u2013", "\u2014", "-", "\u2015")
_OPEN_MARKS = "\u201c\u201e\""
_CLOSE_CURLY = "\u201d"
_LABEL = re.compile(r"([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})(?:, [A-Z][\w.&'’ -]{1,40})?:\s")


@dataclass(slots=True)
class _Raw:
    open: int  # offset of the opening mark
    close: int  # offset just past the closing mark (or the paragraph end)
    start: int  # quoted text (inside the marks, stripped)
    end: int
    para_start: int
    para_end: int
    closed: bool = True


@dataclass(slots=True)
class _Attr:
    """Who a quote is attributed to: the cue and the speaker mention, resolved."""

    cue: str | None
    start: int | None = None
    end: int | None = None
    kind: str = "none"
    speaker: str | None = None
    type: str | None = None
    link: str | None = None
    verb: int | None = None
    """Token index of the cue verb."""


@dataclass(slots=True)
class _Ctx:
    doc: Doc
    text: str
    starts: list[int]
    raws: list[_Raw]
    index: MentionIndex
    genders: dict[str, str] = field(default_factory=dict)
    extra: list[Mention] = field(default_factory=list)
    """Speakers the entity stage missed, and subject pronouns resolved to people: antecedents."""
    chain: dict[int, Mention] = field(default_factory=dict)
    """Person each narrative "he"/"she" (by offset) resolved to."""
    blocks: list[tuple[int, int, _Attr]] = field(default_factory=list)
    """Speaker blocks: (start, end, speaker) of the quoted paragraphs under a name heading."""


def find_quote_spans(text: str) -> list[tuple[int, int, int, int]]:
    """``(open, close, start, end)`` of each quotation: marks, and the text inside them."""
    return [(r.open, r.close, r.start, r.end) for r in _find_raw(text)]


def extract_quotes(doc: Doc, mentions: list[Mention]) -> list[Quote]:
    """Direct and reported quotes of ``doc`` with speakers resolved through ``mentions``."""
    text = doc.text
    raws = _find_raw(text)
    ctx = _Ctx(doc, text, [t.idx for t in doc], raws,
               MentionIndex(mentions, [(r.open, r.close) for r in raws]))
    ctx.genders = _genders(doc, text, ctx.index)
    _people_missed(ctx)
    _chain_pronouns(ctx)
    ctx.blocks = _speaker_blocks(ctx)
    reported = _reported(ctx, raws)
    quotes: list[Quote] = []
    prev: tuple[Quote, _Raw, _Attr] | None = None
    for raw in raws:
        attr = _attribution(ctx, raw)
        block = _block_of(ctx, raw)
        if block is not None and (attr is None or attr.start is None):
            attr = block
        n_words = _words(text, raw)
        if block is not None and prev is not None and prev[2] is block and n_words >= _MIN_WORDS:
            q = prev[0]  # the next quoted paragraph under the same name heading
            if not any(x is q for x in quotes):
                quotes.append(q)
            q.parts.append((raw.start, raw.end))
            q.end = raw.end
            q.text = _joined(text, q.parts)
            prev = (q, raw, block)
            continue
        if prev is not None and not raw.closed and prev[1].closed \
                and prev[1].para_start == raw.para_start and not _runs_on(ctx, raw):
            continue  # "“A,” says X. “B ...": a second part whose mark never closes
        if prev is not None and _is_part(ctx, prev, raw, attr):
            q, _last, pattr = prev
            if not any(x is q for x in quotes):
                quotes.append(q)  # a short cued utterance now continued
            q.parts.append((raw.start, raw.end))
            q.end = raw.end
            q.text = _joined(text, q.parts)
            if pattr.start is None and attr is not None and attr.start is not None:
                _apply(q, attr)
                pattr = attr
            prev = (q, raw, pattr)
            continue
        if n_words < _MIN_WORDS or (_is_title(text, raw) and (
                not _cued_after(ctx, raw, attr) or _names_work(ctx, raw))):
            if attr is not None and attr.start is not None and n_words >= 1 \
                    and _cued_after(ctx, raw, attr):
                # "“No,” he said. “No. You tell me one...”": too short to stand alone, but a
                # cued utterance the next part continues; kept only if a part joins it.
                ghost = Quote(raw.start, raw.end, text[raw.start:raw.end], None, None, True)
                ghost.parts = [(raw.start, raw.end)]
                _apply(ghost, attr)
                prev = (ghost, raw, attr)
            continue
        if attr is None:
            if not raw.closed and raw.open != raw.para_start:
                continue  # a stray mark mid-paragraph, closed nowhere: not a quotation
            if _inline_term(text, raw, n_words):
                continue
            attr = _dash_line(ctx, raw) or _lead_in(ctx, raw) or _clause_lead(ctx, raw) \
                or _name_line(ctx, raw) or _inherited(ctx, raw, quotes, reported)
        if (attr is None or attr.start is None) and not _speech_context(ctx, raw):
            continue  # no speaker, and no one who could be speaking nearby: not a quote
        if _not_speech(ctx, raw, attr):
            continue  # code, a prompt typed to a tool, a saying, a label, an example line
        q = Quote(raw.start, raw.end, text[raw.start:raw.end], None, None, True)
        q.parts = [(raw.start, raw.end)]
        _apply(q, attr or _Attr(None))
        quotes.append(q)
        prev = (q, raw, attr or _Attr(None))
    quotes.extend(_transcript(ctx))
    quotes.extend(_interview(ctx))
    for q in quotes:
        if len(q.parts) < 2:
            q.parts = []
    quotes.extend(reported)
    quotes.sort(key=lambda q: q.start)
    for q in quotes:
        if q.speaker_start is not None and q.speaker_end is not None:
            q.speaker_text = text[q.speaker_start:q.speaker_end]
        else:
            q.speaker_kind = "none"
    return quotes


_TITLE_ABBREV = frozenset({"dr", "mr", "mrs", "ms", "st", "gen", "sen", "rep", "gov", "prof", "jr",
                           "sr", "lt", "col", "capt", "sgt", "no", "rev", "maj", "adm", "vs"})
_ABBREV_END = re.compile(r"(?:\b[A-Z][a-z]{0,3}|\b[a-z])[.]$")


def _sentence_ends(text: str) -> int:
    """Sentence ends in ``text``: [.!?;], but not a "." closing an abbreviation that the
    sentence goes on after ("Monroe, La., on Nov. 6")."""
    n = 0
    for m in re.finditer(r"[.!?;]", text):
        if m.group() == "." and re.search(r"(?:^|[\s.])[A-Z]$", text[:m.start()]) and \
                re.match(r"\s*[A-Z](?:[a-z]|\.)", text[m.end():]):
            continue  # an initial: "Thomas W. Malone", "J.D. Power"
        word = re.search(r"(\w+)$", text[:m.start()])
        if m.group() == "." and word is not None and word.group(1).lower() in _TITLE_ABBREV:
            continue
        if m.group() == "." and _ABBREV_END.search(text[max(0, m.start() - 5):m.end()]):
            nxt = text[m.end():m.end() + 3].lstrip()
            if nxt and not (nxt[0].isupper() or nxt[0] in "\"\u201c"):
                continue
        n += 1
    return n


def _joined(text: str, parts: list[tuple[int, int]]) -> str:
    """The quoted words of all parts: " … " where a cue cut them, a blank line between paragraphs."""
    out = text[parts[0][0]:parts[0][1]]
    for (_, prev_end), (a, b) in pairwise(parts):
        out += ("\n\n" if "\n" in text[prev_end:a] else " … ") + text[a:b]
    return out


def _apply(q: Quote, a: _Attr) -> None:
    q.cue = a.cue.lower() if a.cue else q.cue
    q.speaker, q.speaker_type, q.speaker_kind, q.speaker_link = a.speaker, a.type, a.kind, a.link
    q.speaker_start, q.speaker_end = a.start, a.end
    q.speaker_text = None


def _words(text: str, raw: _Raw) -> int:
    return sum(1 for w in text[raw.start:raw.end].split() if any(ch.isalpha() for ch in w))


def _inline_term(text: str, raw: _Raw, n_words: int) -> bool:
    """A short cue-less quoted phrase used as a noun in a running sentence: a term, slogan or
    name, not a quotation ("the “Clean Air. Our Job.” campaign", "the slogan “...”")."""
    if n_words > 8 or not raw.closed:
        return False
    inner = text[raw.start:raw.end].rstrip()
    before = text[raw.para_start:raw.open].rstrip()
    after = text[raw.close:raw.para_end].lstrip()
    mid_before = bool(before) and ((before[-1].isalpha() and before[-1].islower())
                                   or before[-1] in _DASHES)
    mid_after = bool(after) and (after[0].islower() or after[0] in ",;")
    if mid_before and mid_after and inner[-1:] not in ".!?":
        return True
    if mid_before and n_words <= 5 and inner[:1].islower() and not re.search(r"[.!?]", inner):
        return True  # "seniors often cannot “hit the ground running”.": an idiom, a term
    if _naming_word(before):
        return True  # "with the slogan “...”", "a campaign dubbed “...”"
    # A subject or modifier: "“Clean Air. Our Job” is rolling out", "the “...” campaign".
    return bool(after) and after[0].islower() and (not before or mid_before) \
        and after.split()[0].lower().strip(",.") not in _PRONOUN_CUES


_NAMING = frozenset({"slogan", "tagline", "motto", "hashtag", "titled", "entitled", "headlined",
                     "dubbed", "nicknamed", "labelled", "labeled", "branded", "banner", "caption",
                     "captioned", "reading", "read:", "slogans", "chants", "chanting", "sign",
                     # words for a string that is typed, shown or repeated, not spoken
                     "phrase", "phrases", "saying", "proverb", "adage", "maxim", "mantra",
                     "refrain", "idiom", "expression", "catchphrase", "prompt", "prompts",
                     "query", "command", "keyword", "search", "label", "button", "option",
                     "setting", "settings", "menu", "tab", "field", "entry", "string",
                     "question", "questions"})
_NAMING_LINKS = frozenset({"of", "like", "as", "the", "a", "an", "this", "that", "following",
                           "simple", "old", "famous", "is", "was", "reads", "for"})
# Words that open a cue after a quote: the quote is an utterance, not a noun.
_PRONOUN_CUES = frozenset({"he", "she", "they", "we", "i", "you", "it", "said", "says", "added",
                           "wrote", "told", "according", "the", "a", "an", "one", "his", "her",
                           "their", "our", "its"})


def _naming_word(before: str) -> bool:
    """``before`` (the text up to a quotation mark) ends in a word that names a string rather
    than an utterance ("the slogan", "the old proverb", "a prompt like", "this simple
    prompt:"), a few linking words ("of", "like", "the", "this") aside."""
    ws = before.lower().split()[-4:]
    while ws and ws[-1].strip(",:") in _NAMING_LINKS:
        ws.pop()
    return bool(ws) and ws[-1].strip(",:") in _NAMING


_SMALL = frozenset({"a", "an", "the", "of", "in", "on", "and", "or", "to", "for", "at", "by",
                    "with", "from", "is", "vs", "vs."})


def _is_title(text: str, raw: _Raw) -> bool:
    """A title of a work: a few words, each significant one capitalised, no sentence in it."""
    ws = text[raw.start:raw.end].strip(" ,.").split()
    if len(ws) > 14 or not ws:
        return False
    return all(w[:1].isupper() or w.lower() in _SMALL or not w[:1].isalpha() for w in ws) \
        and (ws[0][:1].isupper() or ws[0].isdigit())  # "10 Things in Tech You Need to Know"


def _cued_after(ctx: _Ctx, raw: _Raw, attr: _Attr | None) -> bool:
    """The quotation's cue verb follows it ("“We Will Build It Again,” the mayor said"): the
    shape of an utterance. A title-cased string after its verb ("she began “Songs of the
    Valley”", "as we say here, “Our Motto Is …”") is the name of a work or a motto."""
    return attr is not None and attr.verb is not None and ctx.doc[attr.verb].idx >= raw.close


def _names_work(ctx: _Ctx, raw: _Raw) -> bool:
    """A title-cased quotation that is the object of a verb or noun naming a work ("she
    wrote “A Year of Small Gardens”", "his book, “…”"), not an utterance: no closing
    punctuation inside the marks, a colon or none at all."""
    inner = ctx.text[raw.start:raw.end].rstrip()
    if inner[-1:] in ".!?,;" or not raw.closed:
        return False
    before = ctx.text[raw.para_start:raw.open].rstrip(" ,:").split()
    return bool(before) and (before[-1].lower() in _WORK_WORDS or ":" in inner)


_WORK_WORDS = words("""
book novel memoir album song film movie show series podcast essay article column paper study
report poem play title titled called named entitled wrote write writes written published
publishes authored release released
""")


def _lead_in(ctx: _Ctx, raw: _Raw) -> _Attr | None:
    """A quotation opening its paragraph after a paragraph that ends in a speech verb and a
    colon ("SRLabs noted:", "As the report put it:"): that verb's subject speaks."""
    text = ctx.text
    if raw.open != raw.para_start:
        return None
    prev_end = len(text[:raw.para_start].rstrip())
    if prev_end == 0 or text[prev_end - 1] != ":" or raw.para_start - prev_end > 3:
        return None
    prev_start = text.rfind("\n", 0, prev_end) + 1
    if any(r.open >= prev_start and r.close <= prev_end for r in ctx.raws):
        return None  # the lead-in holds a quotation of its own
    toks = _tokens_between(ctx, prev_start, prev_end)
    sent_start = max((t.i for t in toks if t.is_sent_start), default=toks[0].i if toks else 0)
    for tok in reversed([t for t in toks if t.i >= sent_start]):
        if _cue_lemma(tok) is not None and not _infinitive(tok):
            subj = _subject(tok)
            if subj is not None and subj.i < tok.i:
                return _from_verb(ctx, tok, subj)
    return None


def _clause_lead(ctx: _Ctx, raw: _Raw) -> _Attr | None:
    """A quotation run on after a comma or colon from a clause about a named person, with no
    speech verb ("Our tester Ana was pleased with the fit, “I would buy it again.”"): that
    person speaks. Only a name that the entities call a PERSON, the subject of the clause's
    top verb or apposed to it ("our tester, Ana, was ..."), in the quote's sentence and
    paragraph."""
    text = ctx.text
    before = text[raw.para_start : raw.open].rstrip()
    if not before or before[-1] not in ",:" or raw.open - (raw.para_start + len(before)) > 2:
        return None
    toks = _tokens_between(ctx, raw.para_start, raw.para_start + len(before))
    if not toks or any(_quoted(ctx, t.idx) for t in toks):
        return None
    lo, hi = toks[0].i, toks[-1].i
    sent_start = toks[-1].sent.start
    # the clause's top verb: the sentence root, or hung under a verb after the clause
    verbs = [t for t in toks if t.i >= sent_start and t.pos_ in ("VERB", "AUX")
             and (t.head.i == t.i or not lo <= t.head.i <= hi)]
    if len(verbs) != 1:
        return None
    root = verbs[0]
    subjects = [c for c in root.children if c.dep_ in _SUBJ and c.i < root.i]
    names = [c for c in subjects if c.pos_ == "PROPN"] + [  # "our reviewer Ana": apposed
        a for c in subjects for a in c.children if a.dep_ == "appos" and a.pos_ == "PROPN"]
    if not names:
        return None
    subj = names[0]
    m = ctx.index.at_token(subj)
    if m is None or m.type != "PERSON":
        return None
    found = _from_subject(ctx, subj, root.text, root)
    return found if found.start is not None and found.kind == "name" else None


def _speech_context(ctx: _Ctx, raw: _Raw) -> bool:
    """Someone could be speaking a cue-less quotation: its paragraph, the one before or the
    one after names a person or organisation, holds a speech verb or a "he"/"she"/"they"
    subject (quoted words aside). A slogan or a mantra in instructions has none of these."""
    text = ctx.text
    lo = text.rfind("\n\n", 0, max(0, raw.para_start - 2))
    lo = 0 if lo < 0 else lo
    hi = text.find("\n\n", raw.para_end + 2)
    hi = len(text) if hi < 0 else hi
    if any(m.type in ("PERSON", "ORG") and not _quoted(ctx, m.start)
           for m in ctx.index.overlapping(lo, hi)):
        return True
    for tok in _tokens_between(ctx, lo, hi):
        if _quoted(ctx, tok.idx):
            continue
        if tok.lower_ in ("he", "she", "they") and tok.dep_ in _SUBJ:
            return True
        if tok.pos_ == "VERB" and tok.lemma_.lower() in DIRECT_CUE_LEMMAS and not (
                tok.tag_ == "VB" and tok.i == tok.sent.start):  # not "Repeat the phrase ..."
            return True
    return False


def _not_speech(ctx: _Ctx, raw: _Raw, attr: _Attr | None) -> bool:
    """Evidence that a quotation is no one's speech, though a cue or a context let it in:
    code or a command (``_code_marks``); a line said by "you" or "someone", or under "may",
    "could", "should" (what one could say); an order put to a program ("I asked ChatGPT,
    “Plan ...”"); a thought ("and thought, “...”"). Where no speaker was found, also a
    string that a naming word ("the old proverb “...”", "this prompt:") or an example marker
    ("like", "e.g.") introduces, or that is typed, clicked or searched for
    (``_OPERATE_VERBS``): a speaker's words stay quotes however they are introduced."""
    text = ctx.text
    inner = text[raw.start:raw.end]
    spoken = attr is not None and attr.start is not None
    marks = _code_marks(inner)
    if marks and (not spoken or 4 * marks >= _words(text, raw)):
        return True
    if spoken and attr is not None and attr.kind == "pronoun" and \
            text[attr.start:attr.end].lower() in _GENERIC_SPEAKERS:
        return True  # "you can simply say, “...”": an example line, not anyone's words
    verb = ctx.doc[attr.verb] if attr is not None and attr.verb is not None else None
    if verb is not None and _put_to_tool(ctx, verb) and _imperative(ctx, raw):
        return True  # "I asked ChatGPT, “Plan a trip ...”": a prompt, not a question put to anyone
    if verb is not None and _possible_speech(verb):
        return True  # "they may say something like: “...”": what one could say, not what was said
    lo = raw.para_start
    lead_in = text[:raw.para_start].rstrip()
    if raw.open == raw.para_start and lead_in.endswith(":"):
        lo = text.rfind("\n", 0, len(lead_in)) + 1  # a lead-in paragraph: "I ran this prompt:"
    lead = [t for t in _tokens_between(ctx, lo, raw.open) if not (t.is_punct or t.is_space)][-3:]
    if lead and lead[-1].pos_ in ("VERB", "AUX") and lead[-1].lemma_.lower() in _THINK_VERBS \
            and verb is None:
        return True  # "Ana looked at the shelves and thought, “...”": a thought, not words said
    if spoken:
        return False
    if _naming_word(text[lo:raw.open]) or _EXAMPLE.search(text[lo:raw.open]):
        return True
    return any(t.pos_ == "VERB" and t.lemma_.lower() in _OPERATE_VERBS for t in lead)


_CODE = re.compile(r"[{}<>=`\\]|\b\w+\([^()]*\)|\b[a-z]+_\w+|\b[a-z]{2,}[A-Z][a-z]+|"
                   r"(?:^|\s)--?[a-z][\w-]*|(?:^|\s)/\w+/|https?://|\$ ?[a-z]|%[sdz]\b|"
                   r"\b\w+\.(?:py|js|ts|sh|json|ya?ml|html|css|exe|txt|md|cfg|toml|conf)\b")
"""Marks of code, commands and paths: braces, angle brackets, "=", backticks, backslashes,
calls ``f(x)``, snake_case and camelCase names, flags ``--upgrade``, paths, URLs, a shell
prompt, format codes, file names."""


def _code_marks(inner: str) -> int:
    """How many marks of code or command syntax a quotation holds (0 in prose)."""
    return len(_CODE.findall(inner))


_GENERIC_SPEAKERS = frozenset({"you", "one", "someone", "somebody", "anyone", "anybody",
                               "everyone", "everybody", "nobody", "no one"})
"""Pronouns for no one in particular: "you might say", "someone could ask"."""
_OPERATE_VERBS = words("""
type enter paste input run execute click tap press select choose search google query prompt
copy install
""")
"""Verbs of operating a machine: what they take in quotation marks is typed, not said."""
_TOOL_NOUNS = words("chatbot bot model ai llm gpt copilot")
_MAYBE = frozenset({"can", "could", "may", "might", "should"})
"""Modal auxiliaries of a speech verb that tell of possible speech, not of speech."""
_THINK_VERBS = words("think wonder realize realise imagine feel believe suppose guess")
_EXAMPLE = re.compile(r"(?:\blike(?: this| so)?|\be\.g\.?|\bi\.e\.?|\bsuch as|"
                      r"\bfor (?:example|instance))[\s,:(]*$", re.I)
"""An example marker right before the mark: "requests like “...”", "(e.g., “...”)"."""


def _possible_speech(verb: Token) -> bool:
    """A speech verb that tells what one may or should say, not what someone said: under
    "may", "could", "should" (also through "need to": "you may need to say"), or an order
    to the reader ("Ask, “...?”")."""
    for v in (verb, verb.head) if verb.dep_ == "xcomp" else (verb,):
        if any(c.dep_ == "aux" and c.lower_ in _MAYBE for c in v.children):
            return True
    return verb.tag_ == "VB" and verb.dep_ == "ROOT" and not any(
        c.dep_ in _SUBJ or c.dep_ == "aux" for c in verb.children)


def _imperative(ctx: _Ctx, raw: _Raw) -> bool:
    """The quotation opens with a verb in the base form that has no subject: an order."""
    inside = [t for t in _tokens_between(ctx, raw.start, raw.end) if not t.is_punct]
    return bool(inside) and inside[0].tag_ == "VB" and not any(
        c.dep_ in _SUBJ for c in inside[0].children)


def _put_to_tool(ctx: _Ctx, verb: Token) -> bool:
    """A speech verb whose addressee is a program ("I asked ChatGPT", "she told the
    chatbot"): a proper name no entity covers and no registry knows as a given name, or a
    noun for a chatbot or a language model."""
    if verb.lemma_.lower() not in ("ask", "tell", "prompt", "instruct", "command", "request"):
        return False
    for c in verb.children:
        if c.dep_ not in ("dobj", "dative") or _quoted(ctx, c.idx):
            continue
        if c.pos_ == "PROPN":
            return not ctx.index.overlapping(c.idx, _end(c)) and not is_first_name(c.text)
        return c.lemma_.lower() in _TOOL_NOUNS
    return False


def _runs_on(ctx: _Ctx, raw: _Raw) -> bool:
    """An unclosed quotation goes on in the next paragraph, which opens with a mark."""
    return any(r.open == r.para_start and r.para_start >= raw.para_end
               and not ctx.text[raw.para_end:r.para_start].strip() for r in ctx.raws)


def _is_part(ctx: _Ctx, prev: tuple[Quote, _Raw, _Attr], raw: _Raw, attr: _Attr | None) -> bool:
    """``raw`` goes on with the quote of ``prev``: an open quote's next paragraph, or a split quote."""
    _q, last, pattr = prev
    text = ctx.text
    inner = text[raw.start:raw.end]
    if _words(text, raw) < _MIN_WORDS and not (inner[:1].isupper() and inner[-1:] in ".!?"
                                               and _words(text, raw) > 1):
        return False  # a later part is a sentence or a quotation's length, not a scare quote
    if raw.open == raw.para_start and last.para_end <= raw.para_start:
        between = text[last.para_end:raw.para_start]
        if between.strip() or between.count("\n") > 2:
            return False
        if not last.closed:
            return True
        # A closed quote, then a paragraph that is a quotation with no cue of its own: the
        # same speaker goes on, as long as nothing but the cue follows the quote.
        tail = text[last.close:last.para_end].strip()
        if any(ch.isalnum() for ch in tail) and not (
                pattr.verb is not None and last.close <= ctx.doc[pattr.verb].idx < last.para_end):
            return False  # narration after the quote, not its cue ("“A” in the home, ...")
        return attr is None and _sentence_ends(tail) <= 1 and not tail.startswith(
            _DASHES) and not any(
            r.para_start == last.para_start and r.open >= last.close for r in ctx.raws)
    if raw.para_start != last.para_start:
        return False
    between = text[last.close:raw.open]
    if pattr.verb is None:
        # "“A,” which is ..., “B,” X explains.": a cue-less part, then in the same sentence
        # a part whose cue follows it.
        return (attr is not None and attr.verb is not None and attr.start is not None
                and ctx.doc[attr.verb].idx >= raw.close and last.closed
                and _sentence_ends(between) == 0 and len(between) < 200)
    ends = _sentence_ends(between)
    if attr is not None and (attr.verb != pattr.verb or ends > 1):
        return False  # a cue of its own ("A," he said. "B": the same cue read again is not)
    cue_idx = ctx.doc[pattr.verb].idx
    if not (last.close <= cue_idx < raw.open):
        return not between.strip(" ,.;:\u2013\u2014-")  # "A" "B" with nothing between
    # "A," he said. "B": the cue clause, then at most one sentence end, and nothing after it.
    if ends == 1 and between[_last_end(between):].strip():
        return False  # "A," he said. Narration ... "B": B is a quote of its own
    if ends == 0 and any(t.i != pattr.verb and t.pos_ == "VERB" and t.dep_ in _CLAUSE_DEPS
                         for t in _tokens_between(ctx, last.close, raw.open)):
        return False  # "A," he said, adding that ... "B": B is quoted inside a report
    return ends <= 1 and len(between) < 200


_CLAUSE_DEPS = frozenset({"advcl", "ccomp", "xcomp", "conj", "relcl", "pcomp"})


def _last_end(text: str) -> int:
    """Offset just past the last sentence-ending mark of ``text`` (0 when none)."""
    found = [m.end() for m in re.finditer(r"[.!?;]", text)]
    return found[-1] if found else 0


# -- finding quotations ------------------------------------------------------------------------


def _find_raw(text: str) -> list[_Raw]:
    out: list[_Raw] = []
    pos = 0
    for line in text.split("\n"):
        p_start, p_end = pos, pos + len(line)
        pos = p_end + 1
        if not any(m in line for m in _OPEN_MARKS + _CLOSE_CURLY) and "\u2018\u2018" not in line:
            continue
        # Doubled single marks stand for double ones ("‘‘A,’’ she said").
        marks = [(m.start() + p_start, _DOUBLED.get(m.group(), m.group()), len(m.group()))
                 for m in _MARKS.finditer(line)]
        open_at: int | None = None
        open_width = 1
        open_kind = ""
        curly_after = [0] * (len(marks) + 1)  # closing curly marks from each mark on
        for k in range(len(marks) - 1, -1, -1):
            curly_after[k] = curly_after[k + 1] + (marks[k][1] == _CLOSE_CURLY)
        for k, (off, mark, width) in enumerate(marks):
            if open_at is None:
                if mark in _OPEN_MARKS:
                    open_at, open_kind, open_width = off, mark, width
                elif mark == _CLOSE_CURLY and curly_after[k + 1] and _opens_word(text, off):
                    # A closing glyph typed for an opening one ("”We've found ...,” said X"):
                    # it opens when a word follows it and another closing mark comes later.
                    open_at, open_kind, open_width = off, "\u201c", width
            elif mark == _CLOSE_CURLY or (mark == '"' and (
                    open_kind == '"' or not curly_after[k + 1])):
                # A curly quote closes at a curly mark; at a straight one only when no curly
                # mark follows ("“A," he said: a mixed pair; "“She said "no" twice”").
                _add(out, text, open_at, off + width, p_start, p_end, True, open_width, width)
                open_at = None
            elif mark == open_kind:
                open_at, open_width = off, width  # an unclosed curly quote: start again here
        if open_at is not None:
            # A quotation running on past its paragraph (closed in a later one, or never).
            _add(out, text, open_at, p_end, p_start, p_end, False, open_width)
    return out


def _opens_word(text: str, off: int) -> bool:
    """A mark at a word's start: after a space or a line start, before a letter or digit."""
    before = text[off - 1:off] if off else "\n"
    return before.isspace() and text[off + 1:off + 2].isalnum()


_MARKS = re.compile('\u2018\u2018|\u2019\u2019|[\u201c\u201d\u201e"]')
_DOUBLED = {"\u2018\u2018": "\u201c", "\u2019\u2019": "\u201d"}


def _add(out: list[_Raw], text: str, open_at: int, close: int, p_start: int, p_end: int,
         closed: bool, open_width: int = 1, close_width: int = 1) -> None:
    start, end = open_at + open_width, close - close_width if closed else close
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    if end > start:
        out.append(_Raw(open_at, close, start, end, p_start, p_end, closed))


def _tokens_between(ctx: _Ctx, a: int, b: int) -> list[Token]:
    return [ctx.doc[i] for i in range(bisect_left(ctx.starts, a), bisect_left(ctx.starts, b))]


def _cue_lemma(token: Token) -> str | None:
    """The lexicon lemma of a speech verb used as a verb (not "self-declared", "the reported case")."""
    lemma = token.lemma_.lower()
    if lemma == "point" and token.pos_ == "VERB" and any(
            c.dep_ == "prt" and c.lower_ == "out" for c in token.children):
        return lemma  # "pointed out that ..."
    if lemma == "point" and token.pos_ == "VERB" and any(
            c.dep_ == "prep" and c.lower_ == "to" for c in token.children) and any(
            c.dep_ in _SUBJ and (c.pos_ in ("PROPN", "PRON") or c.ent_type_ == "PERSON")
            for c in token.children):
        return lemma  # "Okafor points to “the second model, which ...”": a person recommends
    if lemma not in DIRECT_CUE_LEMMAS:
        low = token.lower_
        lemma = next((s for s in (low, low[:-1], low[:-2], low[:-3] + "y" if low.endswith(
            ("ied", "ies")) else "") if s in DIRECT_CUE_LEMMAS), "")
        if not lemma or not low.endswith(("ed", "s", "d")) or not (
                token.pos_ == "VERB" or _misread_verb(token)):
            return None
    if lemma == "put" and not any(c.dep_ == "dobj" and c.lower_ == "it" for c in token.children):
        return None  # only "as X put it"
    if token.pos_ not in ("VERB", "AUX") and not (token.pos_ in ("NOUN", "PROPN", "ADJ")
                                                  and token.dep_ in ("ROOT", "conj", "ccomp")) \
            and not _misread_verb(token):
        return None
    if token.dep_ in ("amod", "compound", "acomp", "nmod") or (token.tag_ == "VBN" and
                                                                 token.dep_ == "acl"):
        return None
    if token.i > 0 and token.doc[token.i - 1].text == "-":
        return None
    return lemma


def _misread_verb(token: Token) -> bool:
    """A speech verb tagged as a noun between a name or pronoun and a comma or full stop
    ("”Wilgus shares." read as a compound noun): inflected, after a closing quote mark."""
    doc = token.doc
    i = token.i
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    if not token.lower_.endswith(("s", "ed")) or i + 1 >= len(doc) or i < 2:
        return False
    if doc[i + 1].text not in (".", ",", ":") or doc[i - 1].pos_ not in ("PROPN", "PRON"):
        return False
    j = i - 1
    while j > 0 and doc[j].pos_ == "PROPN" and i - j < 4:
        j -= 1
    return doc[j].is_quote or doc[j].text in ("\u201d", '"')


# -- attribution -------------------------------------------------------------------------------


def _attribution(ctx: _Ctx, raw: _Raw) -> _Attr | None:
    """The cue and speaker of one quotation: after it, then before it."""
    return _after(ctx, raw) or _before(ctx, raw)


def _window_end(ctx: _Ctx, raw: _Raw) -> int:
    """Where the search for a cue after ``raw`` stops: the next quotation (a quoted title
    or term of a few words, as in the "Pose" actor said, does not stop it)."""
    return next((r.open for r in ctx.raws if r.open >= raw.close and r.para_start == raw.para_start
                 and _words(ctx.text, r) >= _MIN_WORDS), raw.para_end)


def _after(ctx: _Ctx, raw: _Raw) -> _Attr | None:
    toks = _tokens_between(ctx, raw.close, _window_end(ctx, raw))[:_AFTER_TOKENS]
    # A quoted sentence closed by a full stop: a verb after it opens a new sentence, and
    # is this quote's cue only when it says nothing of its own ("do not.” Slayton advises
    # keeping ... is a new statement).
    full_stop = ctx.text[raw.end - 1:raw.end] == "."
    for n, tok in enumerate(toks):
        if tok.text in _SENT_END or "\n" in tok.text:
            break
        if tok.lower_ == "according" and n + 1 < len(toks) and toks[n + 1].lower_ == "to":
            found = _according(ctx, toks[n + 1])
            if found is not None and all(_filler(t, None) for t in toks[:n]):
                return found
        lemma = _cue_lemma(tok)
        if lemma is None:
            continue
        if (lemma in _WEAK_CUES and n > 2) or _infinitive(tok):
            continue
        if any(c.dep_ == "ccomp" and c.i > tok.i and not _quoted(ctx, c.idx)
               for c in tok.children):
            named = _name_after_cue(ctx, tok) if n <= 2 else None
            if named is not None:  # "said shoe tester Ana Silva", "tester" read as a verb
                return _Attr(tok.text, named.start, named.end, "name",
                             _untitled(named.canonical), "PERSON", verb=tok.i)
            continue  # ", saying he trusted...": a report of its own, not this quote's cue
        if full_stop and any(c.dep_ in ("xcomp", "dobj") and c.i > tok.i
                             and not _quoted(ctx, c.idx) for c in tok.children):
            continue
        subj = _subject(tok)
        if not all(_filler(t, tok, subj) for t in toks[:n]):
            # Misparsed "chairman, CEO and president Craig Menear said": the name right
            # before the verb is its subject, with nothing but titles before it.
            named = _name_before(ctx, tok)
            if named is None or not all(t.is_punct or t.is_lower or t.i >= named.i or
                                        t.pos_ in ("PROPN", "CCONJ") for t in toks[:n]):
                continue
            subj = named
        if subj is not None and subj.i > tok.i and any(
                c.dep_ == "ccomp" and c.i > subj.i and not _quoted(ctx, c.idx)
                for c in tok.children):
            continue
        if subj is None and any(c.dep_ == "ccomp" and c.i > tok.i and not _quoted(ctx, c.idx)
                                for c in tok.children):
            continue  # "A." Officials say that...: a new report, not this quote's cue
        return _from_verb(ctx, tok, subj)
    return _clause_cue(ctx, raw, toks)


def _clause_cue(ctx: _Ctx, raw: _Raw, toks: list[Token]) -> _Attr | None:
    """A partial quote inside a sentence whose speech verb comes later ("... “not the same”
    in healthy people, says X."): the verb whose clause holds the quote, its subject after
    the quote."""
    inside = _tokens_between(ctx, raw.start, raw.end)
    if not inside or (toks and toks[0].pos_ in ("NOUN", "PROPN")):
        return None  # "in other “shapes do weird things” news": a quoted modifier
    for tok in toks:
        if tok.text in _SENT_END or "\n" in tok.text:
            break
        lemma = _cue_lemma(tok)
        if lemma is None or lemma in _WEAK_CUES or _infinitive(tok):
            continue
        subj = _subject(tok)
        if subj is None or subj.idx < raw.close or _quoted(ctx, subj.idx):
            continue
        if any(c.dep_ in ("dobj", "xcomp") and not (
                c.left_edge.idx <= raw.start < _end(c.right_edge)) for c in tok.children):
            continue  # "... “weird shapes” news, X tells the story": the verb says its own
        if _descends(inside[0], tok, 12) or _descends(inside[-1], tok, 12):
            return _from_verb(ctx, tok, subj)
    return None


def _name_after_cue(ctx: _Ctx, verb: Token) -> Mention | None:
    """The person an inverted cue names after a role of lower-case words ("said shoe tester
    Ana Silva, who ..."), the name closing the clause (a comma, a full stop or the end)."""
    doc = ctx.doc
    if verb.lemma_.lower() not in CUE_LEMMAS or verb.lemma_.lower() in ("tell", "ask"):
        return None
    for j in range(verb.i + 1, min(len(doc), verb.i + 5)):
        m = ctx.index.at_token(doc[j])
        if m is not None and m.type == "PERSON" and m.start == doc[j].idx:
            after = ctx.text[m.end:m.end + 1]
            return m if after in ("", ",", ".", ";", "\n") else None
        if not doc[j].is_lower or not doc[j].is_alpha:
            return None
    return None


def _name_before(ctx: _Ctx, verb: Token) -> Token | None:
    """The last token of a PERSON or ORG mention ending right before ``verb``."""
    if verb.i == 0:
        return None
    prev = ctx.doc[verb.i - 1]
    found = [m for m in ctx.index.overlapping(prev.idx, prev.idx + len(prev.text))
             if m.type in ("PERSON", "ORG") and m.end == prev.idx + len(prev.text)]
    return prev if found else None


def _quoted(ctx: _Ctx, offset: int) -> bool:
    return any(r.open <= offset < r.close for r in ctx.raws)


def _infinitive(tok: Token) -> bool:
    """"to maintain": a verb in the infinitive is not a cue ("what she had to say:" is one)."""
    if tok.dep_ == "xcomp" and tok.head.lemma_ == "have" and tok.lemma_ == "say":
        return False
    return tok.tag_ == "VB" and any(c.lower_ == "to" and c.dep_ == "aux" for c in tok.children)


def _filler(tok: Token, verb: Token | None, subj: Token | None = None) -> bool:
    """A token that may stand between a quote and its cue: punctuation, adverbs, the subject."""
    if tok.is_punct or tok.is_space or tok.lower_ in ("also", "then", "later", "now", "again",
                                                       "further", "once", "simply"):
        return True
    if subj is not None and subj.left_edge.i <= tok.i <= subj.right_edge.i:
        return True
    return verb is not None and tok.head.i == verb.i and tok.dep_ in ("advmod", "aux", "neg",
                                                                   "auxpass", "npadvmod")


def _before(ctx: _Ctx, raw: _Raw) -> _Attr | None:
    prv = max((r.close for r in ctx.raws if r.close <= raw.open and r.para_start == raw.para_start),
              default=raw.para_start)
    toks = _tokens_between(ctx, prv, raw.open)
    label = _colon_label(ctx, raw, prv) or _name_colon(ctx, raw, prv)
    if label is not None:
        return label
    inside = _tokens_between(ctx, raw.start, raw.end)
    first_inside = inside[0] if inside else None
    for back, tok in enumerate(reversed(toks[-_BEFORE_TOKENS:])):
        if tok.text in _SENT_END or "\n" in tok.text:
            break
        if tok.lower_ == "according" and tok.i + 1 < len(ctx.doc) and \
                ctx.doc[tok.i + 1].lower_ == "to":
            found = _according(ctx, ctx.doc[tok.i + 1])
            if found is not None:
                return found
        if tok.lower_ == "words" and tok.dep_ == "pobj" and tok.head.lower_ == "in":
            owner = next((c for c in tok.children if c.dep_ == "poss"), None)
            if owner is not None and owner.lower_ not in ("his", "her", "their", "its", "my"):
                return _from_subject(ctx, owner, "in the words of", None)  # "in Cairo's words"
            of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            whose = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
            if whose is not None:  # "In the words of Ana Ruiz, “...”"
                return _from_subject(ctx, whose, "in the words of", None)
        lemma = _cue_lemma(tok)
        if lemma is None or (lemma in _WEAK_CUES and back > 3):
            continue
        # The quote must belong to the verb's clause: its first word in the verb's subtree,
        # or everything between the verb and the mark hanging from the verb.
        holds = first_inside is not None and tok.left_edge.i <= first_inside.i <= tok.right_edge.i
        between = toks[len(toks) - back:]
        if not holds and not all(t.is_punct or _descends(t, tok) for t in between):
            if _aside(ctx, tok, raw):
                return _from_verb(ctx, tok, _subject(tok))
            continue
        return _from_verb(ctx, _outermost(tok), _subject(_outermost(tok)))
    return None


def _aside(ctx: _Ctx, verb: Token, raw: _Raw) -> bool:
    """``verb`` is a speech verb in an aside set off by dashes or commas right before the
    mark ("... but—the agency warns—“could contain ...”", "But, she says, “...”"), with
    its subject inside the aside."""
    text = ctx.text
    lead = text[raw.para_start:raw.open].rstrip()
    if not lead or lead[-1] not in (*_DASHES, ","):
        return False
    cut = max(lead.rfind(d, 0, len(lead) - 1) for d in (*_DASHES, ","))
    if cut < 0 or not (raw.para_start + cut < verb.idx) or len(lead) - cut > 60:
        return False
    subj = _subject(verb)
    return subj is not None and raw.para_start + cut < subj.idx < verb.idx


def _outermost(verb: Token) -> Token:
    """The highest speech verb whose complement holds ``verb`` ("X said Y had concluded ..."),
    on the verb's own line: a parse that runs a sentence on across a line break does not make
    the next paragraph's cue this one's."""
    best, t = verb, verb
    text = verb.doc.text
    for _ in range(6):
        if t.dep_ not in ("ccomp", "xcomp", "conj", "advcl") or t.head.i == t.i:
            break
        if "\n" in text[min(t.idx, t.head.idx):max(t.idx, t.head.idx)]:
            break
        t = t.head
        subj = next((c for c in t.children if c.dep_ in _SUBJ), None)
        if subj is not None and subj.lower_ in ("that", "this", "which", "what"):
            break  # "That said, ..."
        if _cue_lemma(t) is not None and t.lemma_.lower() in CUE_LEMMAS:
            best = t
    return best


def _descends(tok: Token, verb: Token, depth: int = 8) -> bool:
    t = tok
    for _ in range(depth):
        if t.i == verb.i:
            return True
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def _colon_label(ctx: _Ctx, raw: _Raw, prv: int) -> _Attr | None:
    """ "Name: “...”" / "NAME, Outlet: “...”": the name before a colon opening the paragraph."""
    lead = ctx.text[prv:raw.open]
    m = _LABEL.fullmatch(lead.lstrip())
    if m is None or prv != raw.para_start:
        return None
    offset = prv + (len(lead) - len(lead.lstrip()))
    return _name_span(ctx, offset + m.start(1), offset + m.end(1), "colon")


def _name_colon(ctx: _Ctx, raw: _Raw, prv: int) -> _Attr | None:
    """A person named right before a colon that opens the quotation, inside a sentence
    ("..., including tester Ana Silva: “...”")."""
    lead = ctx.text[prv:raw.open].rstrip()
    if not lead.endswith(":"):
        return None
    end = prv + len(lead) - 1
    found = [m for m in ctx.index.overlapping(end - 1, end) if m.type == "PERSON"
             and m.end == end and not _quoted(ctx, m.start)]
    if not found:
        return None
    m = found[0]
    return _Attr("colon", m.start, m.end, "name", _untitled(m.canonical), "PERSON")


def _name_span(ctx: _Ctx, start: int, end: int, cue: str) -> _Attr | None:
    found = [m for m in ctx.index.overlapping(start, end) if m.type in ("PERSON", "ORG")]
    if found:
        m = found[0]
        return _Attr(cue, m.start, m.end, "name", m.canonical, m.type)
    words_ = ctx.text[start:end].split()
    if not words_ or words_[0].rstrip(".").lower() in ("q", "a", "question", "answer", "note",
                                                        "update", "editor", "source", "photo"):
        return None
    if len(words_) == 1 and not words_[0].isupper():
        return None  # "Update:", "Warning:"
    name = _title_case(ctx.text[start:end])
    if len(name.split()) == 1:
        sur = ctx.index.by_surname(name, start)
        if sur is not None:  # "SILVA:" for Ana Silva
            return _Attr(cue, start, end, "name", sur.canonical, "PERSON")
    return _Attr(cue, start, end, "name", name, "PERSON")


def _title_case(name: str) -> str:
    return " ".join(w.capitalize() if w.isupper() and len(w) > 2 else w for w in name.split())


def _according(ctx: _Ctx, to: Token) -> _Attr | None:
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    return _from_subject(ctx, pobj, "according to", None)


def _subject(verb: Token) -> Token | None:
    """The subject of ``verb`` (or of the verb it hangs from), or the name right after it.

    Never a word on another line than the verb: a heading or a label the parser ran into
    the sentence ("Recommendations:\n\nFor beginners ..., Tomas recommends") is no subject.
    """
    if verb.tag_ == "VBG" and verb.dep_ == "advcl" and not any(
            c.dep_ in _SUBJ for c in verb.children):
        # "X agreed that ... when needs arise, stating, “...”": a participle of the sentence
        # speaks for the sentence's subject, however deep the parse hung it: the subject of
        # the highest clause before the participle (the parse may hang it all from a verb
        # inside the quotation that follows).
        top = verb
        for anc in verb.ancestors:
            if anc.i > verb.i:
                break
            top = anc
        subj = _subject_child(top)
        if subj is not None and subj.i < verb.i:
            return subj
    v: Token = verb
    for _ in range(3):
        subj = _subject_child(v)
        if subj is not None:
            return subj
        if v.dep_ in ("conj", "xcomp", "advcl") and v.head.i != v.i and _same_line(v, v.head):
            v = v.head
        elif v.dep_ == "acl" and v.head.pos_ in ("NOUN", "PROPN") and _same_line(v, v.head):
            noun = v.head
            if noun.lemma_.lower() in _DOCUMENTS and noun.dep_ == "dobj":
                author = _subject_child(noun.head)
                if author is not None:
                    return author  # "X issued a statement warning that ...": X speaks
            return noun  # "a letter stating that ...": the letter speaks
        else:
            break
    # Inverted cue ("said Heidi De Pauw", "writes the Associated Press") parsed as an object.
    for c in verb.rights:
        if c.dep_ in ("dobj", "attr", "npadvmod", "nsubj", "appos", "oprd", "dative") and \
                c.pos_ in ("PROPN", "NOUN", "PRON") and _same_line(verb, c):
            if c.lower_ in _OBJECT_PRONOUNS or c.lower_ == "her":
                return None  # "to tell him that ...": the one told, not the one telling
            return c
    return _phrase_before(verb)


def _phrase_before(verb: Token) -> Token | None:
    """The noun phrase ending right before a finite speech verb the parse gave no subject
    ("As we've noted, a 2019 study by X, a think tank, concluded that ...", with the study
    read as the object of "noted"): the head of the phrase is the subject."""
    doc = verb.doc
    if verb.tag_ not in ("VBD", "VBZ", "VBP") or any(c.dep_ in _SUBJ for c in verb.children):
        return None
    i = verb.i - 1
    while i >= 0 and doc[i].is_punct and doc[i].text == ",":
        i -= 1
    if i < 0 or not _same_line(doc[i], verb):
        return None
    t = doc[i]
    for _ in range(12):
        if t.dep_ not in ("appos", "pobj", "prep", "compound", "amod", "nmod", "conj", "cc",
                          "poss", "case", "nummod") or t.head.i >= verb.i or t.head.i == t.i:
            break
        if t.head.pos_ in ("VERB", "AUX"):
            break
        t = t.head
    if t.pos_ not in ("NOUN", "PROPN") or t.head.i == verb.i or not _same_line(t, verb):
        return None
    return t


def _subject_child(verb: Token) -> Token | None:
    """The subject among ``verb``'s dependents on its own line, the nearest one first."""
    subjects = [c for c in verb.children if c.dep_ in _SUBJ]
    here = [c for c in subjects if _same_line(c, verb)]
    if not here:
        # "Heart health benefits\n\nVaradi notes that ...": the parse made the heading the
        # subject and the name its apposition; the part of it on the verb's line speaks.
        here = [t for c in subjects for t in c.subtree if t.i < verb.i and _same_line(t, verb)
                and not _same_line(t, t.head) and t.pos_ in ("PROPN", "NOUN", "PRON")]
    return min(here, key=lambda c: abs(c.i - verb.i)) if here else None


def _same_line(a: Token, b: Token) -> bool:
    """No line break between tokens ``a`` and ``b`` (a heading run into the next sentence)."""
    lo, hi = (a, b) if a.i <= b.i else (b, a)
    return "\n" not in a.doc.text[lo.idx:hi.idx + len(hi.text)]


def _from_verb(ctx: _Ctx, verb: Token, subj: Token | None) -> _Attr:
    if subj is not None and _quoted(ctx, subj.idx):
        subj = None  # the quotation's own words are not its speaker
    if subj is None:
        return _Attr(verb.text, verb=verb.i)
    attr = _from_subject(ctx, subj, verb.text, verb)
    attr.verb = verb.i
    return attr


def _from_subject(ctx: _Ctx, subj: Token, cue: str, verb: Token | None) -> _Attr:
    """The speaker mention headed by ``subj``, its kind, and the entity it resolves to."""
    index, doc = ctx.index, ctx.doc
    low = subj.lower_
    if low in _RELATIVES and subj.head.dep_ == "relcl" and subj.head.head.i != subj.head.i:
        # "Ana Silva, who told reporters that ...", "a report that said ...": the relative
        # pronoun stands for the noun its clause describes, which is the speaker mention.
        subj, low = subj.head.head, subj.head.head.lower_
    handle = _handle_at(ctx, subj)
    if handle is not None:  # "u/quietfox noted", "@janedoe wrote": a user speaks by handle
        return _Attr(cue, handle[0], handle[1], "name", ctx.text[handle[0]:handle[1]], "PERSON")
    if subj.pos_ == "PRON" or low in ("he", "she", "they", "it"):
        a = _Attr(cue, subj.idx, subj.idx + len(subj.text), "pronoun")
        if pronoun_gender(low):
            person = ctx.chain.get(subj.idx) or _resolve_pronoun(ctx, subj)
            if person is not None:
                a.speaker, a.type = person.canonical, "PERSON"
        elif low in GROUP_PRONOUNS:
            m = index.antecedent(subj.idx, ("ORG", "COUNTRY"))
            if m is not None and subj.idx - m.end <= GROUP_REACH:
                a.speaker, a.type = m.canonical, m.type
        elif low == "i":
            a.speaker = _author(ctx, subj.idx)
            a.type = "PERSON" if a.speaker else None
        return a
    own = [m for m in index.overlapping(subj.idx, subj.idx + len(subj.text))
           if m.type in ("PERSON", "ORG", "COUNTRY", "PLACE")]
    titled = _titled_name(ctx, subj, cue) if not own or _has_role(own[0].text) else None
    if titled is not None:
        return titled
    person = _person_in_name_run(ctx, subj) if subj.pos_ == "PROPN" else None
    if person is not None and not any(m is person for m in own):
        # "says Estera Events Co-Owner and Lead Planner Erica Vanco": titles and the
        # employer before the name; "said Ana Silva and John Brown": the first one named.
        return _Attr(cue, person.start, person.end, "name", _untitled(person.canonical),
                     "PERSON")
    if own and own[0].type == "PERSON":
        m = own[0]
        return _Attr(cue, m.start, m.end, "name", _untitled(m.canonical), m.type)
    named_next = _name_after_role(ctx, subj) if not own else None
    if named_next is not None:  # "said co-author David Tilman": the role noun, then the name
        return _Attr(cue, named_next.start, named_next.end, "name",
                     _untitled(named_next.canonical), "PERSON")
    if own:
        m = own[0]
        return _Attr(cue, m.start, m.end, "name", m.canonical, m.type)
    left = subj.left_edge.i
    first = subj.i
    for c in subj.lefts:
        if c.dep_ in _NP_LEFT:
            first = min(first, c.left_edge.i)
    last = subj.i
    for c in subj.rights:
        if c.dep_ == "prep" and c.lower_ in ("for", "of", "at", "with", "from", "in", "by") \
                and subj.pos_ != "PROPN":
            last = max(last, c.right_edge.i)
        elif c.dep_ in ("compound", "flat"):
            last = max(last, c.i)
    first = max(first, left)
    while first < subj.i and doc[first].is_punct:
        first += 1
    while last > subj.i and doc[last].is_punct:
        last -= 1
    start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
    if subj.pos_ == "PROPN" and subj.text[:1].isupper() and not _title_only(doc[first:last + 1]):
        chain = [t for t in doc[first:last + 1] if t.pos_ == "PROPN" or t.text == "."]
        s, e = chain[0].idx, chain[-1].idx + len(chain[-1].text)
        name = ctx.text[s:e]
        if len(name.split()) > 1 and first_name_gender(name.split()[0]):
            ctx.extra.append(Mention(s, e, name, "PERSON", name))
        return _Attr(cue, s, e, "name", name, "PERSON")
    if subj.text[:1].isupper() and not subj.is_sent_start and not list(subj.lefts):
        sur = index.by_surname(subj.text, subj.idx)
        if sur is not None:  # "Petrides said", the surname tagged as a common noun
            return _Attr(cue, subj.idx, _end(subj), "name", sur.canonical, "PERSON")
    a = _Attr(cue, start, end, "description")
    inner = [m for m in index.overlapping(start, end) if m.type in ("ORG", "COUNTRY", "NORP")
             or m.demonym]
    if inner:
        m = inner[0]
        a.link = index._resolved(m).name if m.demonym else m.canonical
    named = [m for m in index.overlapping(subj.left_edge.idx, _end(subj.right_edge))
             if m.type == "PERSON"]
    apposed = [m for m in named if m.start > end and _end(subj.right_edge) >= m.end]
    apposed_org = [m for c in subj.children if c.dep_ == "appos"
                   for m in index.overlapping(c.idx, _end(c)) if m.type == "ORG"]
    if apposed:  # "a spokesman, Dmitry Peskov, said": the name is the mention, also over a
        # name inside the role ("Road Notes' chief tester, Ana Ruiz, said")
        m = apposed[0]
        return _Attr(cue, m.start, m.end, "name", _untitled(m.canonical), "PERSON")
    if apposed_org and not named:  # "The group, Fairshift Alliance, said"
        m = apposed_org[0]
        return _Attr(cue, m.start, m.end, "name", m.canonical, m.type)
    if named and not _possessor_of_role(ctx, subj, named[0]):
        a.speaker, a.type = named[0].canonical, "PERSON"
    elif named:
        pass  # "Trump's lawyer said": the lawyer speaks, not Trump
    elif inner and subj.lemma_.lower() in _DOCUMENTS and not inner[0].demonym:
        a.speaker, a.type = inner[0].canonical, inner[0].type  # "the EU sanctions ruling said"
    elif subj.lemma_.lower() in _OWNED_DOCUMENTS and a.link is None and any(
            c.lower_ in ("the", "this", "that") for c in subj.lefts):
        owner = _document_owner(ctx, subj)  # "ClassPass said in its report ..." / "the report"
        if owner is not None:
            a.speaker, a.type, a.link = owner.canonical, owner.type, owner.canonical
    elif subj.lemma_.lower() in _ORG_NOUNS and any(c.lower_ == "the" for c in subj.lefts) \
            and a.link is None:
        named_as = _named_as(ctx, subj)  # "The group, Fairshift Alliance, ..." then "the group"
        m = named_as or index.antecedent(subj.idx, ("ORG",))
        if m is not None and (named_as is not None or subj.idx - m.end <= 4 * GROUP_REACH):
            a.speaker, a.type = m.canonical, "ORG"
    elif _definite_role(ctx, subj) and a.link is None:
        person = _resolve_pronoun(ctx, subj)  # "the actor said": a person named before
        if person is not None:
            a.speaker, a.type = person.canonical, "PERSON"
    return a


_BYLINE = re.compile(r"^[ \t]*(?:By|(?:Written|Chosen|Picked|Reviewed|Posted|Words) by) "
                     r"(?P<name>[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3})[ \t]*$", re.MULTILINE)
"""A byline on a line of its own ("By Ana Ruiz", "Chosen by Bailey"): who "I" is below it."""


def _author(ctx: _Ctx, offset: int) -> str | None:
    """The writer a first-person speaker before ``offset`` is: the nearest byline line above it,
    else the text's only byline. None when the text names no writer that way."""
    lines = list(_BYLINE.finditer(ctx.text))
    before = [m for m in lines if m.end() <= offset]
    found = before[-1] if before else (lines[0] if len(lines) == 1 else None)
    if found is None:
        return None
    s, e = found.span("name")
    for m in ctx.index.overlapping(s, e):
        if m.type == "PERSON":
            return _untitled(m.canonical)
    return ctx.text[s:e]


def _titled_name(ctx: _Ctx, subj: Token, cue: str) -> _Attr | None:
    """A capitalised job title that the parser made the subject, with the person's name
    apposed to it or written into it: "says Maxi Moving's Vice President, Ivan Cheptenari",
    "says Co-Founder, Stephanie Özcan", "says CEO Lior Rachmany" (the surname read as a
    noun). The title is no name; the words after it are the speaker's."""
    doc = ctx.doc
    if not subj.text[:1].isupper():
        return None
    first = subj.left_edge.i
    head = subj
    while head.i + 2 < len(doc) and doc[head.i + 1].text == "-" and not doc[head.i + 1].whitespace_ \
            and doc[head.i + 2].pos_ == "PROPN":  # "Co-Founder", split in three by the parser
        head = doc[head.i + 2]
    if subj.pos_ == "PROPN" and _has_role(doc[first:head.i + 1].text):
        for c in head.rights:
            if c.dep_ != "appos" or c.pos_ != "PROPN" or not c.text[:1].isupper():
                continue
            run = [t for t in doc[c.left_edge.i:c.i + 1] if t.pos_ == "PROPN"]
            if len(run) < 2 or any(t.is_punct for t in doc[run[0].i:c.i + 1]):
                continue
            return _person_attr(ctx, cue, run[0].idx, _end(c))
        return None
    if subj.pos_ == "PROPN" or subj.is_sent_start:
        return None
    lefts = list(doc[first:subj.i])
    if not lefts or any(t.pos_ != "PROPN" or not t.text[:1].isupper() for t in lefts):
        return None
    k = 0
    while k < len(lefts) and lefts[k].lower_ in _ROLE_WORDS | _TITLE_MODIFIERS:
        k += 1
    if k == 0 or len(lefts) - k < 1:
        return None
    return _person_attr(ctx, cue, lefts[k].idx, _end(subj))


def _title_only(span: Span) -> bool:
    """Every word of ``span`` is a job title's ("the President", "Co-Founder"): a role said
    with capitals, to be read as a description, not a name."""
    ws = [t.lower_ for t in span if t.is_alpha and t.lower_ not in ("the", "a", "an", "our", "its")]
    return bool(ws) and all(w in _ROLE_WORDS | _TITLE_MODIFIERS for w in ws)


def _person_attr(ctx: _Ctx, cue: str, start: int, end: int) -> _Attr:
    """A ``name`` speaker over ``start:end``: the person mention there if the entity stage
    found one, else the words themselves (also kept as an antecedent for later pronouns)."""
    for m in ctx.index.overlapping(start, end):
        if m.type == "PERSON":
            return _Attr(cue, m.start, m.end, "name", _untitled(m.canonical), "PERSON")
    name = ctx.text[start:end]
    ctx.extra.append(Mention(start, end, name, "PERSON", name))
    return _Attr(cue, start, end, "name", name, "PERSON")


def _named_as(ctx: _Ctx, subj: Token) -> Mention | None:
    """The organisation an earlier use of the same noun named: "The group, Fairshift
    Alliance, formed ..." or "Fairshift Alliance, a group of employees, ..." makes a later
    "the group" that organisation, however many others are named between them."""
    index = ctx.index
    lemma = subj.lemma_.lower()

    def org(tok: Token) -> Mention | None:
        found = [m for m in index.overlapping(tok.idx, _end(tok)) if m.type == "ORG"]
        return found[0] if found else None

    for tok in reversed(ctx.doc[:subj.i]):
        if tok.lemma_.lower() != lemma or tok.pos_ != "NOUN" or _quoted(ctx, tok.idx):
            continue
        for c in tok.children:
            if c.dep_ == "appos" and (found := org(c)) is not None:
                return found
        if tok.dep_ == "appos" and (found := org(tok.head)) is not None:
            return found
    return None


def _possessor_of_role(ctx: _Ctx, subj: Token, m: Mention) -> bool:
    """``m`` owns the role that speaks ("Trump's lawyer", "the senator's spokesman"): a person
    who is the possessor of a person noun is not its speaker (a document's owner is)."""
    if subj.lemma_.lower() in _DOCUMENTS or subj.lemma_.lower() in _OWNED_DOCUMENTS:
        return False
    return any(c.dep_ == "poss" and c.left_edge.idx <= m.start and m.end <= _end(c.right_edge)
               for c in subj.children)


_HANDLE = re.compile(r"(?<![\w/@])(?:u/|@)\w(?:[\w.-]*\w)?")
"""A user name on a forum or a social network ("u/quietfox", "@janedoe")."""


def _handle_at(ctx: _Ctx, subj: Token) -> tuple[int, int] | None:
    """The span of a user handle that the subject token is part of (the parser splits
    "u/Lost_Titan00" into pieces), if any."""
    lo = max(0, subj.idx - 40)
    line = ctx.text[lo:_end(subj) + 40]
    for m in _HANDLE.finditer(line):
        a, b = lo + m.start(), lo + m.end()
        if a <= subj.idx < b:
            return a, b
    return None


# Job words: a "name" holding one is a title run read as a name ("Events Co-Owner").
_ROLE_WORDS = words("""
owner co-owner founder co-founder cofounder planner designer director manager officer editor
partner president ceo cfo coo cto chef lead head principal events consultant coordinator
analyst advisor adviser specialist economist producer curator strategist executive chairman
chairwoman chair professor researcher scientist engineer architect attorney lawyer
""")


_TITLE_MODIFIERS = frozenset({"senior", "chief", "vice", "co", "deputy", "assistant", "executive"})
"""Words that qualify a job title ("Vice President", "Deputy Director")."""


def _name_after_role(ctx: _Ctx, subj: Token) -> Mention | None:
    """A person named right after a lower-case role noun taken as the subject, the rest of a
    hyphenated word between them ("co-author David Tilman", parsed with "co" as subject)."""
    doc = ctx.doc
    if not subj.is_lower:
        return None
    j = subj.i + 1
    while j < len(doc) and j <= subj.i + 3 and (
            doc[j].text == "-" or (doc[j].is_lower and doc[j - 1].text == "-")):
        j += 1
    if j >= len(doc) or (j == subj.i + 1 and subj.lower_ not in _ROLE_WORDS):
        return None
    m = ctx.index.at_token(doc[j])
    return m if m is not None and m.type == "PERSON" and m.start == doc[j].idx else None


def _has_role(text: str) -> bool:
    """A job word last in the "name" ("Estera Events Co-Owner"): a title run, not a person."""
    words_ = re.split(r"[\s,]+", text.lower().strip())
    return bool(words_) and words_[-1] in _ROLE_WORDS


def _untitled(name: str) -> str:
    """A person's name without job words read into it ("Lead Planner Bianca Hall")."""
    words_ = name.split()
    k = 0
    while k < len(words_) - 2 and words_[k].lower() in _ROLE_WORDS | _TITLE_MODIFIERS:
        k += 1
    return " ".join(words_[k:]) if k else name


def _person_in_name_run(ctx: _Ctx, subj: Token) -> Mention | None:
    """The first PERSON named in the run of capitalised words around a proper-noun subject
    (titles, employer and name: "Certified Financial Planner (CFP) Marguerita M. Cheng");
    a "name" holding a job word is a title run, not a person."""
    doc = ctx.doc
    lo = hi = subj.i
    sent = subj.sent
    while lo > sent.start and (doc[lo - 1].pos_ == "PROPN" or doc[lo - 1].text in "()-"
                               or doc[lo - 1].lower_ == "and"):
        lo -= 1
    while hi + 1 < sent.end and (doc[hi + 1].pos_ == "PROPN" or doc[hi + 1].text in "()-"
                                 or doc[hi + 1].lower_ == "and"):
        hi += 1
    found = [m for m in ctx.index.overlapping(doc[lo].idx, _end(doc[hi]))
             if m.type == "PERSON" and not _has_role(m.text)]
    return found[0] if found else None


# Documents whose author a definite mention ("the report stated") refers back to.
_OWNED_DOCUMENTS = words("""
report study survey statement release letter filing complaint analysis poll review
""")
_DOCUMENT_REACH = 10
"""How many sentences back "the report" looks for the report an organisation put out."""


def _document_owner(ctx: _Ctx, subj: Token) -> Mention | None:
    """The organisation whose document a definite "the report" refers back to: the latest
    earlier use of the same word with an owner ("ClassPass's report", "its report" after
    an organisation, "a report from/by X", "X released a report", "X reported that")."""
    doc, index = ctx.doc, ctx.index
    if any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in subj.lefts):
        return None  # "the Strava report": the name in it, if any, is its author

    def org_in(tok: Token) -> Mention | None:
        found = [m for m in index.overlapping(tok.idx, _end(tok)) if m.type == "ORG"]
        return found[0] if found else None

    def org_before(tok: Token) -> Mention | None:
        m = index.antecedent(tok.idx, ("ORG",))
        return m if m is not None and m.start >= tok.sent.start_char else None

    lemma = subj.lemma_.lower()
    sents = 0
    for i in range(subj.i - 1, -1, -1):
        tok = doc[i]
        if tok.is_sent_start:
            sents += 1
            if sents > _DOCUMENT_REACH:
                break
        if tok.lemma_.lower() != lemma or _quoted(ctx, tok.idx):
            continue
        if tok.pos_ == "VERB":  # "The Fitness Council reported that ..."
            found = next((org_in(c) for c in tok.children if c.dep_ in _SUBJ), None)
            if found is not None:
                return found
            continue
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("from", "by", "of"):
                found = next((org_in(g) for g in c.children if g.dep_ == "pobj"), None)
                if found is not None:
                    return found
        lead = [t.lower_ for t in doc[max(tok.sent.start, i - 3):i]]
        if "its" in lead or "their" in lead:
            found = org_before(tok)  # "ClassPass said in its report"
            if found is not None:
                return found
        if lead and lead[-1] in ("'s", "\u2019s"):
            found = org_in(doc[i - 2]) if i >= 2 else None
            if found is not None:
                return found
        if tok.dep_ in ("dobj", "pobj"):
            v = tok.head if tok.dep_ == "dobj" else tok.head.head
            found = next((org_in(g) for g in v.children if g.dep_ in _SUBJ), None)
            if found is not None:  # "ClassPass released a report"
                return found
    return None


def _definite_role(ctx: _Ctx, subj: Token) -> bool:
    """True when ``subj`` is a definite singular noun ("the actor") that refers back to a person.

    Not when the article introduced an unnamed one first ("a source ... the source"), and
    not for groups or documents, which speak for an organisation.
    """
    lemma = subj.lemma_.lower()
    titled = subj.tag_ == "NNP" and lemma in _ROLE_WORDS  # "the President", a title in capitals
    if (subj.tag_ != "NN" and not titled) or lemma in _ORG_NOUNS or lemma in _DOCUMENTS \
            or lemma in _NON_PERSON:
        return False
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in subj.lefts):
        return False
    for tok in ctx.doc[:subj.i]:
        if tok.lemma_.lower() == lemma and any(
                c.dep_ in ("det", "nummod") and c.lower_ in ("a", "an", "one", "another")
                for c in tok.lefts):
            return False
    return True


def _end(tok: Token) -> int:
    return tok.idx + len(tok.text)


# -- pronouns ----------------------------------------------------------------------------------


def _genders(doc: Doc, text: str, index: MentionIndex) -> dict[str, str]:
    """Gender of each person of the article from honorifics before a mention, then first names."""
    votes: dict[str, str] = {}
    for m in index.mentions:
        if m.type != "PERSON":
            continue
        before = text[max(0, m.start - 12):m.start].split()
        g = honorific_gender(before[-1]) if before else None
        if g is not None:
            votes[m.canonical] = g
    for m in index.mentions:
        if m.type == "PERSON" and m.canonical not in votes:
            first = m.canonical.split()[0] if len(m.canonical.split()) > 1 else None
            g = first_name_gender(first) if first else None
            if g is not None:
                votes[m.canonical] = g
    return votes


def _resolve_pronoun(ctx: _Ctx, pron: Token) -> Mention | None:
    """The nearest person before ``pron`` of a compatible gender, subjects of a sentence first."""
    want = pronoun_gender(pron.lower_) or noun_gender(pron.lower_)
    doc = ctx.doc
    cands = [m for m in (*ctx.index.mentions, *ctx.extra) if m.type == "PERSON"
             and m.end <= pron.idx and not ctx.index._inside_blocked(m)]
    if not cands:
        return None
    sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
    sent_starts = [s.start_char for s in sents]
    here = bisect_left(sent_starts, pron.idx + 1) - 1
    by_sent: dict[int, list[Mention]] = {}
    for m in cands:
        by_sent.setdefault(bisect_left(sent_starts, m.start + 1) - 1, []).append(m)
    def compatible(m: Mention) -> bool:
        g = ctx.genders.get(m.canonical)
        return want is None or g is None or g == want

    for k in range(here, max(-1, here - _PRONOUN_SENTENCES), -1):
        ms = by_sent.get(k)
        if not ms:
            continue
        ms = sorted(ms, key=lambda m: (_subject_rank(doc, m), -m.start))
        if k == here:
            ms = sorted(ms, key=lambda m: -m.start)
        # In one sentence, a person known to have the pronoun's gender before an unknown one;
        # before both, in the pronoun's own sentence, the subject of a clause holding the
        # pronoun's ("Marit received a Nordlys coat that she wore": she is
        # Marit, not a name inside the object).
        ms = sorted(ms, key=lambda m: (k == here and not _governs(doc, m, pron),
                                       ctx.genders.get(m.canonical) != want))
        for m in ms:
            if compatible(m):
                if pron.dep_ in _SUBJ and k < here and _oblique(doc, m):
                    # "X said he ... Y's house. He was seen": a subject pronoun continues
                    # the subject of the sentences before over a possessor or an object of
                    # a preposition.
                    for j in range(k - 1, max(-1, k - 3), -1):
                        subj = [o for o in by_sent.get(j, []) if _is_subject(doc, o)
                                and compatible(o) and o.canonical != m.canonical]
                        if subj:
                            m = max(subj, key=lambda o: o.start)
                            break
                g = ctx.genders.get(m.canonical)
                if g is None and want is not None:
                    ctx.genders[m.canonical] = want  # learnt from this pronoun
                return m
    return None


def _governs(doc: Doc, m: Mention, pron: Token) -> bool:
    """``m`` is the subject of a verb whose clause holds ``pron`` (deeper than that verb)."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    root = span.root
    while root.dep_ in ("compound", "flat") and root.head.i != root.i:
        root = root.head
    if root.dep_ not in _SUBJ:
        return False
    verb = root.head
    return pron.head.i != verb.i and any(a.i == verb.i for a in pron.ancestors)


def _oblique(doc: Doc, m: Mention) -> bool:
    """A mention that is the object of a preposition or a possessor, not of the subject
    ("at Y's house", "with Y"; but "Y's team worked" is about Y)."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    root = span.root
    if root.dep_ == "pobj" and _fronted(root.head):
        return False  # "For Okafor, it is not which lens you buy": the sentence's topic
    return root.dep_ == "pobj" or (root.dep_ == "poss" and root.head.dep_ not in _SUBJ)


def _fronted(prep: Token) -> bool:
    """A prepositional phrase opening its sentence before a comma and naming whose view the
    sentence gives ("For Okafor, ...", "To Lindqvist, ...", "According to Mbeki, ...")."""
    if prep.dep_ != "prep" or prep.lower_ not in ("for", "to"):
        return False
    if prep.head.lower_ == "according":
        prep = prep.head
    sent = prep.sent
    lead = prep.doc[sent.start:prep.i]
    if any(not (t.is_punct or t.is_space or t.pos_ in ("CCONJ", "ADV")) for t in lead):
        return False
    after = prep.right_edge.i + 1
    return after < sent.end and prep.doc[after].text == ","


def _people_missed(ctx: _Ctx) -> None:
    """People the entity stage missed or typed as places become antecedents of "he"/"she":
    the subject of a clause that is a registered given name on its own ("Marit received
    a coat that she wore"), or a place mention that is one ("Tessa tried out the kit").
    Their gender comes from the name when the registries give one."""
    doc, index = ctx.doc, ctx.index
    for m in index.mentions:
        words_ = m.text.split()
        if m.type != "PLACE" or m.demonym or len(words_) > 2 or _quoted(ctx, m.start):
            continue
        g = first_name_gender(words_[0])
        if g is not None and _subject_rank(doc, m) < 2:
            ctx.extra.append(Mention(m.start, m.end, m.text, "PERSON", m.canonical))
            ctx.genders.setdefault(m.canonical, g)
    for tok in doc:
        if tok.pos_ != "PROPN" or tok.dep_ not in _SUBJ or not tok.is_title \
                or not is_first_name(tok.text) or _quoted(ctx, tok.idx):
            continue
        if index.at_token(tok) is not None or any(
                t.pos_ == "PROPN" for t in (doc[tok.i - 1] if tok.i else tok, doc[tok.i + 1]
                                            if tok.i + 1 < len(doc) else tok) if t is not tok):
            continue  # a name the entity stage has, or part of a longer name
        ctx.extra.append(Mention(tok.idx, _end(tok), tok.text, "PERSON", tok.text))
        g = first_name_gender(tok.text)
        if g is not None:
            ctx.genders.setdefault(tok.text, g)


def _chain_pronouns(ctx: _Ctx) -> None:
    """Resolve each "he"/"she" subject of the narrative in order; each joins its person's mentions.

    So "Andrew claims he felt... He was photographed with Epstein... He told the BBC:"
    follows Andrew through the pronouns rather than jumping to the named object.
    """
    for tok in ctx.doc:
        if tok.lower_ not in ("he", "she") or tok.dep_ not in _SUBJ or ctx.index._inside_blocked(
                Mention(tok.idx, tok.idx + len(tok.text), tok.text, "PERSON", "")):
            continue
        person = _resolve_pronoun(ctx, tok)
        if person is not None:
            ctx.chain[tok.idx] = person
            ctx.extra.append(Mention(tok.idx, tok.idx + len(tok.text), tok.text, "PERSON",
                                     person.canonical))


def _is_subject(doc: Doc, m: Mention) -> bool:
    return _subject_rank(doc, m) < 2


def _subject_rank(doc: Doc, m: Mention) -> int:
    """0 for the subject of a main or reported clause (or its possessor: "X's study time
    was ..."), 1 for the subject of an aside or subordinate clause ("as Y put it", "while
    Y ..."), 2 otherwise."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or not len(span):
        return 2
    root = span.root
    while root.dep_ in ("appos", "compound", "flat", "conj") and root.head.i != root.i:
        root = root.head
    if root.dep_ == "poss" and root.head.dep_ in _SUBJ:
        root = root.head
    if root.dep_ not in _SUBJ:
        return 2
    verb = root.head
    while verb.dep_ in ("conj", "aux") and verb.head.i != verb.i:
        verb = verb.head
    aside = verb.dep_ in ("advcl", "relcl", "acl") or any(c.dep_ == "mark" for c in verb.children)
    return 1 if aside else 0


# -- quotes with no cue of their own ------------------------------------------------------------


def _dash_line(ctx: _Ctx, raw: _Raw) -> _Attr | None:
    """A short line "– Name" right after the quote's paragraph (testimonials, pull quotes), or
    a signature after the closing mark ("“...” -- Senior engineer at a bank"): a name, or a
    role of up to 16 words with no finite verb (a description)."""
    text = ctx.text
    same_line = raw.close < raw.para_end and bool(text[raw.close:raw.para_end].strip())
    if same_line:
        tail = text[raw.close:raw.para_end].strip()
        if not tail.startswith(_DASHES):
            return None
        s = raw.close + text[raw.close:raw.para_end].index(tail)
        e = raw.para_end
    else:
        nxt = raw.para_end
        while nxt < len(text) and text[nxt] == "\n":
            nxt += 1
        line_end = text.find("\n", nxt)
        line_end = len(text) if line_end < 0 else line_end
        s, e = nxt, line_end
    line = text[s:e]
    stripped = line.lstrip()
    if not stripped.startswith(_DASHES) or len(stripped.split()) > _SIGNATURE_WORDS:
        return None
    s += len(line) - len(stripped)
    s += 1
    while s < e and text[s] in " \u2013\u2014-":
        s += 1
    paren = text.find(" (", s, e)
    if paren > s:
        e = paren  # "– Ana S. (Read all reviews.)": the name without the aside
    while e > s and text[e - 1] in " .," and not re.search(r"(?:^|\s)[A-Z]\.$", text[s:e]):
        e -= 1  # but an initial keeps its full stop ("Ana S.")
    if e <= s or any(s <= r.open < e for r in ctx.raws):
        return None  # a bulleted line holding a quotation: the next item of a list
    found = [m for m in ctx.index.overlapping(s, e) if m.type in ("PERSON", "ORG")
             and m.end - m.start >= (e - s) - 2]
    if found:
        return _Attr("dash", found[0].start, found[0].end, "name", found[0].canonical,
                     found[0].type)
    lead = next((m for m in ctx.index.overlapping(s, e) if m.type == "PERSON" and m.start == s
                 and text[m.end:m.end + 1] == ","), None)
    if lead is not None:  # "– Ana Ruiz, editor at a review site": the person and her role
        return _Attr("dash", lead.start, lead.end, "name", _untitled(lead.canonical), "PERSON")
    head = _name_head(text, s, e)
    if head is not None:  # "— Oliver Reichenstein at AI.net": a name the entity stage missed
        return _person_attr(ctx, "dash", *head)
    sig = text[s:e]
    if len(sig.split()) > 7 and (re.search(r"[.!?]\s", sig) or any(
            t.tag_ in ("VBD", "VBP", "VBZ", "MD") for t in _tokens_between(ctx, s, e))):
        return None  # a sentence after a dash, not a signature
    ws = sig.split()
    if len(ws) <= 4 and all(w[:1].isupper() or not w[:1].isalpha() for w in ws):
        return _Attr("dash", s, e, "name", sig, "PERSON")  # "– Ana S.", "– Maple88"
    a = _Attr("dash", s, e, "description" if len(ws) > 1 or not sig[:1].isupper() else "name")
    inner = [m for m in ctx.index.overlapping(s, e) if m.type in ("ORG", "COUNTRY")]
    low = sig.lower().split()
    if not inner:  # "— acme docs": an organisation of the article, written in lower case
        inner = [m for m in ctx.index.mentions if m.type == "ORG"
                 and m.canonical.lower() in low[:-1]][:1]
    if inner:
        a.link = inner[0].canonical
        if low[-1] in _DOCUMENTS or low[-1] in _ORG_TEXTS:
            a.speaker, a.type = inner[0].canonical, inner[0].type  # its documents speak for it
    return a


_ORG_TEXTS = words("docs documentation blog website site newsletter faq guide manual handbook")
_NAME_HEAD = re.compile(
    r"(?P<name>[A-Z][\w'’-]+(?: (?:[A-Z][\w'’-]+|[A-Z]\.)){1,3})(?=,| (?:at|of|from) [A-Z]|$)")
"""Two to four capitalised words (an initial may close them) that open a signature or a
caption line, up to a comma, "at/of/from Org" or the line's end: "Ana Sørlie, Partner"."""


def _name_head(text: str, s: int, e: int) -> tuple[int, int] | None:
    """The span of a person's name opening ``text[s:e]`` by its form alone: a registered given
    name first, or an initial last ("Kanhaiya Kumar B."); never a run of job words."""
    m = _NAME_HEAD.match(text, s, e)
    if m is None:
        return None
    ws = m.group("name").split()
    if any(w.lower().strip(".") in _ROLE_WORDS | _TITLE_MODIFIERS for w in ws):
        return None
    if not (is_first_name(ws[0]) or re.fullmatch(r"[A-Z]\.", ws[-1])):
        return None
    return m.start("name"), m.end("name")


def _name_line(ctx: _Ctx, raw: _Raw) -> _Attr | None:
    """A quotation that is its whole paragraph (or list item), then a line, indented or not,
    opening with a person's name and a role ("Ana Silva, CEO of Acme (on a call in May)"): a
    caption naming the speaker."""
    text = ctx.text
    lead = text[raw.para_start:raw.open].strip()
    if not raw.closed or lead not in ("", "-", "\u2022", "*") or text[raw.close:raw.para_end].strip():
        return None  # the quote alone on its paragraph, or a list item ("- “...”")
    nxt = raw.para_end
    while nxt < len(text) and text[nxt] == "\n":
        nxt += 1
    if nxt - raw.para_end > 2:
        return None
    while nxt < len(text) and text[nxt] in " \t":
        nxt += 1  # an indented caption under a list item
    line_end = text.find("\n", nxt)
    line_end = len(text) if line_end < 0 else line_end
    found = [m for m in ctx.index.overlapping(nxt, line_end) if m.type == "PERSON"
             and m.start == nxt]
    head = _name_head(text, nxt, line_end) if not found else None
    if head is not None:  # "Ana Sørlie, Managing Partner, ...": a name the entity stage missed
        found = [Mention(head[0], head[1], text[head[0]:head[1]], "PERSON",
                         text[head[0]:head[1]])]
    if not found:
        return None
    m = found[0]
    rest = text[m.end:line_end]
    if rest.strip() and not rest.startswith((",", " (", " \u2013", " \u2014", " -")):
        return None
    head = rest.split("(")[0]
    if len(rest.split()) > 30 or re.search(r"[.!?]\s", head) or any(
            t.tag_ in ("VBD", "VBP", "VBZ", "MD") for t in _tokens_between(
                ctx, m.end, m.end + len(head))):
        return None  # a sentence about the person, not a caption
    return _Attr("caption", m.start, m.end, "name", _untitled(m.canonical), "PERSON")


_SIGNATURE_WORDS = 16
"""How many words a dash signature after a quote may have (a role: "Engineer at a bank")."""


def _speaker_blocks(ctx: _Ctx) -> list[tuple[int, int, _Attr]]:
    """Quoted paragraphs under a line that names a person and nothing else but a role
    ("Ana Silva, chief economist at Acme:"), as expert round-ups and panels lay them out:
    each block is that person's, up to the next such line or the first paragraph with no
    quotation in it (a lead-in paragraph ending in a colon aside).

    A page whose first such line comes right after a quoted paragraph signs its quotes
    underneath instead (:func:`_name_line`), and has no blocks.
    """
    text = ctx.text
    paras: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            paras.append((pos, pos + len(line.rstrip())))
        pos += len(line) + 1
    opens = {r.para_start for r in ctx.raws}
    whole = {r.para_start for r in ctx.raws if r.open == r.para_start and r.closed
             and not text[r.close:r.para_end].strip()}
    named = {k: _heading_name(ctx, a, b) for k, (a, b) in enumerate(paras[:-1])
             if a not in opens and paras[k + 1][0] in opens}
    people = {k: m for k, m in named.items() if m is not None}
    heads = sorted(people)
    if not heads or (heads[0] > 0 and paras[heads[0] - 1][0] in whole):
        return []
    out: list[tuple[int, int, _Attr]] = []
    for n, k in enumerate(heads):
        m = people[k]
        attr = _Attr("heading", m.start, m.end, "name", _untitled(m.canonical), "PERSON")
        stop = heads[n + 1] if n + 1 < len(heads) else len(paras)
        end = paras[k][1]
        for a, b in paras[k + 1:stop]:
            if a not in opens and not (text[b - 1] == ":" and len(text[a:b].split()) <= 12):
                break
            end = b
        out.append((paras[k][1], end, attr))
    return out


def _heading_name(ctx: _Ctx, start: int, end: int) -> Mention | None:
    """The person a line consists of: a name opening it, then at most a role or an
    affiliation (no sentence, no finite verb), an optional colon at the end."""
    found = [m for m in ctx.index.overlapping(start, end) if m.type == "PERSON" and m.start == start]
    if not found:
        return None
    m = found[0]
    rest = ctx.text[m.end:end].rstrip(":").rstrip()
    if rest and not rest.startswith((",", " (", " \u2013", " \u2014", " -", " and ", " of ")):
        return None
    if len(rest.split()) > 20 or re.search(r"[.!?](?:\s|$)", rest) or any(
            t.tag_ in ("VBD", "VBP", "VBZ", "MD") for t in _tokens_between(ctx, m.end, end)):
        return None
    return m


def _block_of(ctx: _Ctx, raw: _Raw) -> _Attr | None:
    """The speaker of the name heading whose block holds ``raw``, if any."""
    return next((attr for a, b, attr in ctx.blocks if a < raw.open and raw.close <= b + 1), None)


def _inherited(ctx: _Ctx, raw: _Raw, quotes: list[Quote], reported: list[Quote]) -> _Attr | None:
    """A cue-less quote right after a sentence whose speech verb names a speaker, or opening its
    paragraph right after a quote or a report: the same speaker."""
    text = ctx.text
    said = _sentence_before(ctx, raw)
    if said is not None:
        return said
    prior = [q for q in (*quotes, *reported) if q.end <= raw.open]
    if not prior:
        return None
    if raw.open != raw.para_start:
        # "... X says that "A" and that "B"": B of the same paragraph and sentence as A.
        last = max(prior, key=lambda q: q.end)
        gap = text[last.end:raw.open]
        if last.direct and last.start >= raw.para_start and not any(p in gap for p in ".!?") \
                and last.speaker_start is not None and len(gap) < 40:
            return _Attr(last.cue, last.speaker_start, last.speaker_end, last.speaker_kind,
                         last.speaker, last.speaker_type, last.speaker_link)
        # "“A,” X said. Narration ... “B”": a quote later in the paragraph of X's quote, with
        # no one else named between them, is X's too.
        if last.direct and last.start >= raw.para_start and last.speaker is not None \
                and last.speaker_type == "PERSON" and len(gap) < 400 and not any(
                    m.type in ("PERSON", "ORG") and m.canonical != last.speaker
                    for m in ctx.index.overlapping(last.end, raw.open)):
            return _Attr(last.cue, last.speaker_start, last.speaker_end, last.speaker_kind,
                         last.speaker, last.speaker_type, last.speaker_link)
        return None
    last = max(prior, key=lambda q: q.end)
    # Only the paragraph just before (or the same one).
    gap = text[last.end:raw.open]
    if gap.count("\n\n") > 1 or (gap.count("\n") > 2):
        return None
    if last.speaker_start is None:
        return None
    return _Attr(last.cue, last.speaker_start, last.speaker_end, last.speaker_kind,
                 last.speaker, last.speaker_type, last.speaker_link)


def _sentence_before(ctx: _Ctx, raw: _Raw) -> _Attr | None:
    """A quote right after a sentence whose speech verb or "according to" names a speaker, in
    the same paragraph: opening its sentence ("X, the chief executive, told the BBC. “And I
    think ...”"), or inside one whose words before it name no one and say no cue ("X says.
    Just because ..., “...”")."""
    toks = _tokens_between(ctx, raw.para_start, raw.open)
    if not toks:
        return None
    if toks[-1].text not in _SENT_END:
        lead = [t for t in toks if t.i >= toks[-1].sent.start]
        if any(_cue_lemma(t) is not None or (t.dep_ in _SUBJ and t.pos_ == "PRON")
               for t in lead) or any(m.type in ("PERSON", "ORG") for m in ctx.index.overlapping(
                   lead[0].idx, raw.open)):
            return None
        toks = [t for t in toks if t.i < lead[0].i]
        if not toks or toks[-1].text not in _SENT_END:
            return None
    sent = toks[-1].sent
    for tok in reversed([t for t in toks if t.i >= sent.start]):
        if tok.lower_ == "according" and tok.i + 1 < len(ctx.doc) \
                and ctx.doc[tok.i + 1].lower_ == "to":
            found = _according(ctx, ctx.doc[tok.i + 1])
            if found is not None and found.start is not None:
                return found
        if tok.lemma_.lower() in CUE_LEMMAS and _cue_lemma(tok) is not None:
            subj = _subject(tok)
            if subj is not None:
                found = _from_subject(ctx, subj, tok.text, tok)
                found.verb = tok.i
                if subj.lower_ == "you":
                    return None  # "you say ...": a reader addressed, not a speaker
                return found if found.start is not None else None
    return None


def _transcript(ctx: _Ctx) -> list[Quote]:
    """Paragraphs of a transcript, "NAME: words" with no quotation marks: the named speaker's.

    Only in a transcript: a label that opens two or more paragraphs.
    """
    out: list[Quote] = []
    labels: dict[str, int] = {}
    text = ctx.text
    pos = 0
    for line in text.split("\n"):
        p_start = pos
        pos += len(line) + 1
        if any(m in line for m in _OPEN_MARKS + "\u201d"):
            continue
        m = _LABEL.match(line)
        if m is None or len(line[m.end():].split()) < _MIN_WORDS:
            continue
        label = m.group(1)
        named = ctx.index.overlapping(p_start + m.start(1), p_start + m.end(1))
        if not (any(n.type == "PERSON" for n in named) or (named and not label.isupper())
                or (label.isupper() and _person_label(ctx, label, p_start))):
            continue  # a capitals heading word ("PRICE:", "INTERVAL:") read as an acronym
        attr = _name_span(ctx, p_start + m.start(1), p_start + m.end(1), "colon")
        if attr is None:
            continue
        start, end = p_start + m.end(), p_start + len(line.rstrip())
        q = Quote(start, end, text[start:end], None, None, True)
        _apply(q, attr)
        out.append(q)
        labels[label] = labels.get(label, 0) + 1
    return [q for q in out if labels.get(_label_of(text, q), 0) >= 2]


# Speakers a transcript names by their part in it ("HOST:", "CALLER:").
_TRANSCRIPT_ROLES = words("""
host cohost co-host anchor moderator interviewer reporter correspondent caller guest narrator
announcer presenter panelist panellist speaker audience crowd unidentified voice chair
""")


def _person_label(ctx: _Ctx, label: str, before: int) -> bool:
    """A capitals label of a transcript names a speaker: a part ("HOST"), a full name
    ("MARY LOUISE KELLY") or the surname of a person of the article ("SILVA"); a heading
    word ("PRICE:", "INTERVAL:") is none of these."""
    ws = label.split()
    return ws[0].lower() in _TRANSCRIPT_ROLES or (len(ws) > 1 and is_first_name(ws[0])) or (
        ctx.index.by_surname(_title_case(ws[-1]), before) is not None)


_TURN = re.compile(r"(Q|A)\s*[:.]\s+")


def _interview(ctx: _Ctx) -> list[Quote]:
    """Answers of a Q/A interview ("Q: ..." / "A: ..." paragraphs, two of each at least, no
    quote marks): quotes of the person the introduction names most, their mention the
    first one there. With no person before the first turn, the answers stay unattributed
    (and are not quotes)."""
    text = ctx.text
    turns: list[tuple[str, int, int]] = []
    pos = 0
    for line in text.split("\n"):
        p_start = pos
        pos += len(line) + 1
        m = _TURN.match(line)
        if m is not None and not any(ch in line for ch in _OPEN_MARKS + "\u201d") \
                and len(line[m.end():].split()) >= _MIN_WORDS:
            turns.append((m.group(1), p_start + m.end(), p_start + len(line.rstrip())))
    if sum(t[0] == "Q" for t in turns) < 2 or sum(t[0] == "A" for t in turns) < 2:
        return []
    first = turns[0][1]
    people = [m for m in ctx.index.mentions if m.type == "PERSON" and m.end <= first]
    if not people:
        return []
    counts: dict[str, int] = {}
    for m in ctx.index.mentions:
        if m.type == "PERSON":
            counts[m.canonical] = counts.get(m.canonical, 0) + 1
    who = max(people, key=lambda m: (counts.get(m.canonical, 0), -m.start))
    who = next(m for m in people if m.canonical == who.canonical)
    attr = _name_span(ctx, who.start, who.end, "interview")
    if attr is None:
        return []
    out = []
    for kind, start, end in turns:
        if kind == "A":
            q = Quote(start, end, text[start:end], None, None, True)
            _apply(q, attr)
            out.append(q)
    return out


def _label_of(text: str, q: Quote) -> str:
    return text[q.speaker_start or 0:q.speaker_end or 0] if q.speaker_start is not None else ""


# -- reported speech ---------------------------------------------------------------------------


def _reported(ctx: _Ctx, raws: list[_Raw]) -> list[Quote]:
    """Reported speech: a cue verb with a clausal complement that is not a quotation."""
    doc, text = ctx.doc, ctx.text
    out: list[Quote] = []
    spans = [(r.open, r.close) for r in raws]
    for tok in doc:
        if tok.lemma_.lower() not in CUE_LEMMAS or _cue_lemma(tok) is None \
                or tok.lemma_.lower() in _REPORT_SKIP:
            continue
        comp = next((c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i), None)
        if comp is None:
            continue
        left = comp.left_edge
        if left.dep_ == "mark" or left.lower_ == "that":
            left = doc[left.i + 1]
        while left.is_punct and left.i < comp.right_edge.i:
            left = doc[left.i + 1]  # "says that, in such a case, ...": from the first word
        start, end = left.idx, comp.right_edge.idx + len(comp.right_edge.text)
        if any(a < end and start < b for a, b in spans) or any(
            a <= tok.idx < b for a, b in spans
        ):
            continue
        if not any(c.dep_ in _SUBJ for c in comp.children):
            continue
        attr = _from_verb(ctx, tok, _subject(tok))
        q = Quote(start, end, text[start:end], None, None, False)
        _apply(q, attr)
        out.append(q)
    return out
