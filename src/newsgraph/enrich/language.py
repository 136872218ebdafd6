"""A cheap language guess for article bodies, so a model is only run on text in its language.

The guess counts very common function words of each language among the first
words of the text; scripts written without spaces are told by their characters.
It answers only when the evidence is clear, and ``None`` otherwise (the caller
then goes by metadata, or processes the text).
"""

from __future__ import annotations

import re

# The most frequent function words of each language (articles, pronouns, prepositions,
# conjunctions, auxiliaries), lower case. Words shared by two languages count for both.
_WORD_LISTS = {
    "en": ("the of and to in is was that for on with as by at from it his her "
            "they have has had been were are this which not but their said would"),
    "de": ("der die das und ist nicht mit sich auf für den dem des ein eine einer "
            "von zu im auch als wird wurde sind bei nach aus wie oder"),
    "fr": ("le la les et des du une un est dans pour que qui pas sur au aux avec "
            "par ce cette il elle sont ont été plus ne se"),
    "es": ("el la los las y de del que en un una es por con para se su al lo "
            "como más pero sus fue este esta han"),
    "it": ("il lo la gli le di che e un una è per con non del della dei nel "
            "alla sono anche come più ha dal"),
    "pt": ("o a os as e de do da dos das que em um uma é para com não por "
            "mais foi pelo pela seu sua ao"),
    "nl": ("de het een en van in is dat op te zijn met voor niet aan er ook "
            "als bij door maar werd wordt naar"),
    "sv": ("och att det som en på är av för med till den har inte om ett "
            "var jag de men från kan"),
    "pl": ("i w na z się nie do to że jest o jak po ale co od za przez jego "
            "dla tak oraz"),
    "id": ("yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke "
            "ada oleh karena adalah kita mereka bisa sudah atau"),
    "tr": ("ve bir bu da de için ile olarak olan çok daha gibi en ama ne "
            "kadar sonra ise değil"),
}
_FUNCTION_WORDS = {code: frozenset(words.split()) for code, words in _WORD_LISTS.items()}
_WORD = re.compile(r"[^\W\d_]+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")

SAMPLE_CHARS = 3000
MIN_WORDS = 25
MIN_SHARE = 0.12
"""The winning language's function words must be at least this share of the words."""
MARGIN = 2.0
"""...and this many times the runner-up's."""


def guess_language(text: str) -> str | None:
    """ISO 639-1 code of the language ``text`` is clearly written in, else ``None``."""
    sample = text[:SAMPLE_CHARS]
    letters = sum(ch.isalpha() for ch in sample)
    if not letters:
        return None
    for code, script in (("zh", _CJK), ("ko", _HANGUL), ("ru", _CYRILLIC), ("ar", _ARABIC)):
        if len(script.findall(sample)) > 0.3 * letters:
            return "ja" if code == "zh" and re.search("[\u3040-\u30ff]", sample) else code
    words = [w.lower() for w in _WORD.findall(sample)]
    if len(words) < MIN_WORDS:
        return None
    scores = sorted(((sum(w in vocab for w in words), code)
                     for code, vocab in _FUNCTION_WORDS.items()), reverse=True)
    (best, code), (second, _) = scores[0], scores[1]
    if best >= MIN_SHARE * len(words) and best >= MARGIN * second:
        return code
    return None


def same_language(text: str, model_language: str, declared: str | None = None) -> bool:
    """Whether ``text`` should be processed by a model for ``model_language``.

    The text's own evidence decides; when it is unclear, the declared language
    (page metadata) does; when there is neither, the text is processed.
    """
    guessed = guess_language(text)
    language = guessed or (declared.lower()[:2] if declared else None)
    return language is None or language == model_language.lower()[:2]
