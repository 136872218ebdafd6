"""Event coverage: parties no dictionary knows, targets inside an object's complement, intent
coded as the PLOVER codebook codes it. Sentences written for these tests."""

from __future__ import annotations

from spacy.language import Language

from nlpkit import coded_events as _events


def test_unknown_names_are_parties_with_no_country(nlp: Language) -> None:
    # neither name is in any dictionary: PETRARCH would code them by its own actor codes
    events = _events(nlp, "Zembla restored diplomatic ties with Florin on Tuesday.")
    assert [(e.actor, e.actor_country, e.target) for e in events] == [("Zembla", None, "Florin")]


def test_unknown_name_owning_an_agent_keeps_the_agent_sector(nlp: Language) -> None:
    ev = _events(nlp, "The government of Zembla condemned Florin.")
    assert [(e.type, e.actor, e.actor_sector, e.target) for e in ev] == [
        ("ACCUSE", "Zembla", "GOV", "Florin")
    ]
    ev = _events(nlp, "Soldiers from Zembla shelled villages in Florin.")
    assert [(e.type, e.actor, e.actor_sector) for e in ev] == [("ASSAULT", "Zembla", "MIL")]


def test_things_that_are_no_names_are_no_parties(nlp: Language) -> None:
    # a hyphenated product word, a model number, a byline the parse joins to the next line
    assert _events(nlp, "Phones that work with Wi-Fi 7 cost noticeably more this year.") == []
    assert _events(nlp, "The UN43NU6900 supports HDR and Dolby Vision.") == []
    assert [
        e.actor
        for e in _events(nlp, "Staff Reports\n\nDeputies detained four men Friday after a chase.")
    ] in ([], [None])


def test_target_inside_the_complement_of_an_act_noun(nlp: Language) -> None:
    ev = _events(
        nlp, "The Kenyan government welcomed the resumption of diplomatic ties with Somalia."
    )
    assert [(e.type, e.actor_country, e.target_country) for e in ev] == [("SUPPORT", "KEN", "SOM")]
    # a thing's complement names no party of the act ("the record of her call with ...")
    ev = _events(
        nlp,
        "After Merkel published the record of her call with Erdogan, the "
        "voters saw what was said.",
    )
    assert not any(e.target == "Erdogan" for e in ev)


def test_part_of_a_place_places_the_act(nlp: Language) -> None:
    # "southwest of Baghdad": the part names its place, whose country is the act's target
    ev = _events(
        nlp, "The United States launched an air strike against a target southwest of Baghdad."
    )
    assert [(e.type, e.actor_country, e.target_country) for e in ev] == [("ASSAULT", "USA", "IRQ")]


def test_countryless_place_is_no_party_beside_a_known_country(nlp: Language) -> None:
    ev = _events(nlp, "Zembla restored diplomatic ties with Florin on Tuesday.")
    assert [e.target for e in ev] == ["Florin"]
    ev = _events(nlp, "Kenya restored diplomatic ties with Florin on Tuesday.")
    assert all(e.target != "Florin" for e in ev)
    # beside persons a place unknown to the dictionaries is a topic, not a side
    text = "In a TV debate, Johnson and Corbyn attacked each other's policies on Brexit."
    assert all(e.target != "Brexit" for e in _events(nlp, text))


def test_renewed_relations_are_mutual(nlp: Language) -> None:
    ev = _events(nlp, "Israel and Sudan normalized relations on Friday.")
    assert sorted((e.type, e.actor_country, e.target_country) for e in ev) == [
        ("SUPPORT", "ISR", "SDN"),
        ("SUPPORT", "SDN", "ISR"),
    ]
    ev = _events(nlp, "India renewed ties with Nepal.")
    assert [(e.type, e.actor_country, e.target_country) for e in ev] == [("SUPPORT", "IND", "NPL")]
    # praising together is not praising each other
    ev = _events(nlp, "The United States and Britain praised the decision.")
    assert all(e.target is None for e in ev)


def test_accusation_nobody_is_said_to_make_is_no_event(nlp: Language) -> None:
    text = "She hoped that Ruritanian officers accused of torture would soon be tried in Brussels."
    assert not [e for e in _events(nlp, text) if e.type == "ACCUSE"]
    ev = _events(nlp, "Kenya accused Somalia of arming the rebels.")
    assert [(e.type, e.actor_country, e.target_country) for e in ev][:1] == [
        ("ACCUSE", "KEN", "SOM")
    ]


def test_threat_and_refusal_modes_are_their_content(nlp: Language) -> None:
    # PLOVER's THREATEN and REJECT modes give what is threatened or refused
    ev = _events(nlp, "Iran threatened to expel the French ambassador.")
    assert [(e.type, e.mode) for e in ev if not e.uncertain] == [("THREATEN", "expel")]
    ev = _events(nlp, "Russia said it will attack Kyiv.")
    assert [(e.type, e.mode, e.intent) for e in ev] == [("THREATEN", "violence", "threat")]
    ev = _events(nlp, "Israel refused to release the prisoners.")
    assert [(e.type, e.mode, e.intent) for e in ev] == [("REJECT", "yield", "refusal")]
    ev = _events(nlp, "Turkey will not meet Greek officials.")
    assert [(e.type, e.mode) for e in ev] == [("REJECT", "meet")]


def test_passive_attack_from_a_place(nlp: Language) -> None:
    # no agent: the place the weapon came from stands for the attacker; the weapon is no
    # target, where it was aimed is
    ev = _events(nlp, "Two rockets were fired from Lebanon at northern Israel.")
    assert [(e.type, e.actor_country, e.target_country) for e in ev] == [("ASSAULT", "LBN", "ISR")]
    ev = _events(nlp, "Israel said a mortar bomb was fired at it from the Gaza Strip on Tuesday.")
    assert ("ACCUSE", "ISR", "PSE") in [(e.type, e.actor_country, e.target_country) for e in ev]
    # a retreat from a place is no attack by it
    assert _events(nlp, "Refugees were evacuated from Mariupol.") == []


def test_act_noun_subject_names_its_doer_and_target(nlp: Language) -> None:
    ev = _events(nlp, "The attack by Russian forces on Kharkiv killed ten people.")
    assert [(e.type, e.actor_country, e.actor_sector, e.target_country) for e in ev] == [
        ("ASSAULT", "RUS", "MIL", "UKR")
    ]
    ev = _events(nlp, "An Israeli airstrike on Gaza killed five people on Monday.")
    assert [(e.type, e.actor_country, e.target_country) for e in ev] == [("ASSAULT", "ISR", "PSE")]


def test_act_noun_of_complement_is_the_side_acted_on(nlp: Language) -> None:
    ev = _events(nlp, "Israel lifted its blockade of Gaza.")
    assert [(e.actor_country, e.target_country) for e in ev] == [("ISR", "PSE")]


def test_phrasal_arrests_and_called_off_protests(nlp: Language) -> None:
    ev = _events(nlp, "Police rounded up dozens of opposition activists in Minsk.")
    assert [(e.type, e.mode) for e in ev] == [("COERCE", "arrest")]
    # the manual's CONCEDE: suspending protests; calling one is no concession
    ev = _events(nlp, "Opposition parties in Serbia called off their protests after talks.")
    assert [e.type for e in ev] == ["CONCEDE"]
    assert all(e.type != "CONCEDE" for e in _events(nlp, "The opposition called a protest."))
