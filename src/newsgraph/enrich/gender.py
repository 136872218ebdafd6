"""Grammatical gender of people named in a text: from honorifics and first names.

A first name's gender comes from ``data/first_names.tsv`` (names of clear gender in
public name registries; see scripts/build_first_names.py and its NOTICE); a name of
mixed use is in the table as ``u``: it is a given name (:func:`is_first_name`) but gives
no gender. Honorifics ("Mr", "Mrs", "Sir",
"Queen") and gendered titles decide on their own, as do nouns naming a person of one gender
("the actress", "the spokesman") when they stand for someone named before.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

MALE_HONORIFICS = frozenset({
    "mr", "sir", "lord", "king", "prince", "duke", "earl", "baron", "count", "emperor",
    "sultan", "sheikh", "emir", "pope", "father", "brother", "monsieur", "herr", "señor",
    "signor", "chairman", "spokesman", "congressman", "businessman", "sen", "uncle",
})
FEMALE_HONORIFICS = frozenset({
    "mrs", "ms", "miss", "madam", "madame", "dame", "lady", "queen", "princess", "duchess",
    "countess", "baroness", "empress", "sister", "mother", "frau", "señora", "signora",
    "chairwoman", "spokeswoman", "congresswoman", "businesswoman", "aunt",
})
MALE_NOUNS = frozenset({
    "man", "boy", "gentleman", "husband", "father", "son", "brother", "grandfather", "uncle",
    "nephew", "widower", "actor", "waiter", "king", "prince", "duke", "spokesman", "chairman",
    "businessman", "congressman", "councilman", "sportsman", "fireman", "policeman", "monk",
})
FEMALE_NOUNS = frozenset({
    "woman", "girl", "lady", "wife", "mother", "daughter", "sister", "grandmother", "aunt",
    "niece", "widow", "actress", "waitress", "queen", "princess", "duchess", "spokeswoman",
    "chairwoman", "businesswoman", "congresswoman", "councilwoman", "sportswoman", "nun",
})
MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})


@cache
def _table() -> dict[str, str]:
    text = resources.files("newsgraph").joinpath("data/first_names.tsv").read_text("utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, gender = line.partition("\t")
            out[name] = gender
    return out


def first_name_gender(name: str) -> str | None:
    """``m``, ``f`` or None (unknown or mixed) for a given name ("Heidi" -> ``f``)."""
    key = name.strip(".,").casefold()
    if len(key) < 2:
        return None
    gender = _table().get(key)
    return gender if gender in ("m", "f") else None


def is_first_name(name: str) -> bool:
    """True when ``name`` is a given name in the registries, of either or mixed gender."""
    key = name.strip(".,").casefold()
    return len(key) >= 2 and key in _table()


def honorific_gender(word: str) -> str | None:
    """``m``/``f`` for a gendered honorific or title ("Mrs." -> ``f``), else None."""
    key = word.strip(".").casefold()
    if key in MALE_HONORIFICS:
        return "m"
    if key in FEMALE_HONORIFICS:
        return "f"
    return None


def noun_gender(word: str) -> str | None:
    """``m``/``f`` for a noun that names a person of one gender ("the actress" -> ``f``).

    "Actor" is taken as male: a woman who acts is mostly written "actress" in news, and a
    wrong male reading only leaves a speaker unresolved, never another person's.
    """
    key = word.casefold()
    if key in MALE_NOUNS:
        return "m"
    if key in FEMALE_NOUNS:
        return "f"
    return None


def pronoun_gender(word: str) -> str | None:
    """``m``/``f`` for a third-person singular pronoun, else None."""
    key = word.casefold()
    if key in MALE_PRONOUNS:
        return "m"
    if key in FEMALE_PRONOUNS:
        return "f"
    return None
