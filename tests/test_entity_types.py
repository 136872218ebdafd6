"""Entity types on sentences we wrote: acronyms an article defines as common nouns."""

from __future__ import annotations

from spacy.language import Language

from newsgraph.enrich.entities import extract_entities
from newsgraph.enrich.nlp import parse
from newsgraph.model import Mention


def mentions(nlp: Language, text: str) -> dict[str, set[str]]:
    """Types of each mention text."""
    out: dict[str, set[str]] = {}
    found: list[Mention] = extract_entities(next(parse(nlp, [text])))[0]
    for m in found:
        out.setdefault(m.text, set()).add(m.type)
    return out


def test_title_case_method_defined_after_or_is_no_organisation(nlp) -> None:
    got = mentions(
        nlp,
        "Patients took a course called Mindfulness-Based Stress Reduction. "
        "Mindfulness-Based Stress Reduction, or MBSR, was built by Jo Kato "
        "in Boston. Later MBSR spread to Europe.",
    )
    assert "MBSR" not in got
    assert "Mindfulness-Based Stress Reduction" not in got
    assert got["Jo Kato"] == {"PERSON"}
    assert got["Boston"] == {"PLACE"}


def test_title_case_process_in_brackets_is_no_organisation(nlp) -> None:
    got = mentions(
        nlp,
        "Homeowners on Net Energy Metering (NEM) sell power back to the grid. "
        "Under NEM, credits roll over each month, the utility said.",
    )
    assert "NEM" not in got


def test_lower_case_words_after_the_acronym_define_a_common_noun(nlp) -> None:
    got = mentions(
        nlp,
        "Runners pick one of four HIIT (high intensity interval training) "
        "plans. Short HIIT means a few hard minutes, said Ana Ruiz.",
    )
    assert "HIIT" not in got
    assert got["Ana Ruiz"] == {"PERSON"}


def test_lower_case_words_before_or_define_a_common_noun(nlp) -> None:
    got = mentions(
        nlp,
        "Doctors found hypersensitivity pneumonitis, or HP, in the patient. "
        "HP can follow long exposure to mould.",
    )
    assert "HP" not in got


def test_bodies_keep_their_acronyms(nlp) -> None:
    got = mentions(
        nlp,
        "The Federal Aviation Administration (FAA) grounded the jets. The "
        "Department of Agricultural Extension (DAE) met farmers. The FAA and "
        "the DAE said nothing more.",
    )
    assert got["FAA"] == {"ORG"}
    assert got["DAE"] == {"ORG"}
    assert got["Federal Aviation Administration"] == {"ORG"}


def test_heading_word_the_text_writes_in_lower_case_is_no_organisation(nlp) -> None:
    got = mentions(
        nlp,
        "Save On Your Bills With Solar\n\nMany owners add solar to cut bills. Solar is cheap "
        "now, said Ana Ruiz.",
    )
    assert "Solar" not in got
    assert got["Ana Ruiz"] == {"PERSON"}


def test_company_named_mid_sentence_keeps_its_type_beside_the_common_word(nlp) -> None:
    got = mentions(
        nlp,
        "Shares of Target rose after Target said sales beat estimates. The retailer hit "
        "its target for the year, analysts in Chicago said.",
    )
    assert got.get("Target") == {"ORG"}


def test_a_compass_region_demonym_is_no_country(nlp) -> None:
    """"North American" and "West African" are regions' people; "South Korean" a country's."""
    doc = next(parse(nlp, ["North American sales rose while a South Korean envoy met "
                           "West African leaders and American officials."]))
    found = {m.text: (m.type, m.canonical) for m in extract_entities(doc)[0]}
    assert found["North American"] == ("NORP", "North American")
    assert found["West African"] == ("NORP", "West African")
    assert found["South Korean"] == ("NORP", "South Korea")
    assert found["American"] == ("NORP", "United States")


def test_a_given_name_listed_with_given_names_is_a_person(nlp) -> None:
    got = mentions(nlp, "In the same letter, Dale and Martha denied that Mike had cut them "
                        "off. \u201cWe saw Mike with our mother in Duluth at his flat last "
                        "spring,\u201d Dale wrote. Apple and "
                        "Tim Cook were sued.")
    assert got["Dale"] == {"PERSON"} and got["Martha"] == {"PERSON"}
    assert got["Apple"] == {"ORG"}


def test_field_labels_and_lone_headings_are_no_organisations(nlp) -> None:
    text = ("Our kettle review\n\nWeight: 2 pounds | Dimensions: 9 x 5 x 6 inches\n\n"
            "Quick Notes\n\nThe Zembla kettle from Halvorsen Appliances boils fast, "
            "Halvorsen Appliances said on Monday.\n\nFTC: We earn a fee from links.")
    got = mentions(nlp, text)
    for label in ("Dimensions", "Weight", "Quick Notes"):
        assert "ORG" not in got.get(label, set())
    assert _org_or_absent(got, "FTC")


def test_heading_that_names_a_company_in_the_text_is_kept(nlp) -> None:
    text = ("Where to sell\n\nMarketplace tips for small shops.\n\nPinterest\n\n"
            "Pinterest lets shoppers save ideas, and many brands sell on Pinterest today.")
    got = mentions(nlp, text)
    assert "ORG" in got.get("Pinterest", set()) or not got.get("Pinterest")


def _org_or_absent(got: dict[str, set[str]], name: str) -> bool:
    """``name`` is an organisation or was not found (the model's call), never dropped as a label
    into another type."""
    return got.get(name, {"ORG"}) <= {"ORG"}


def test_maker_inside_a_model_name_is_not_marked(nlp) -> None:
    text = ("Reviewers liked the Kestrel KX40 and the Toyota RAV4 this winter. "
            "Toyota said sales rose, and Kestrel CEO Mara Lind agreed.")
    got = mentions(nlp, text)
    assert not any("ORG" in types for name, types in got.items()
                   if name in ("Toyota RAV4", "Kestrel KX40", "RAV4", "KX40"))
    toyota = [m for m in extract_entities(next(parse(nlp, [text])))[0] if m.text == "Toyota"]
    assert [m.start for m in toyota] == [text.index("Toyota said")] or not toyota


def test_model_numbers_make_a_person_name_a_product(nlp) -> None:
    text = ("The Zephyr Vantor 7 is light. We ran fifty miles in the Vantor 7 (Men's), "
            "and the Vantor felt soft, said Dana Whitcombe.")
    got = mentions(nlp, text)
    for name in ("Zephyr Vantor", "Vantor"):
        assert "PERSON" not in got.get(name, set())
    assert got.get("Dana Whitcombe") == {"PERSON"}


def test_score_after_a_player_keeps_the_person(nlp) -> None:
    got = mentions(nlp, "In the second round, Marek Dvoran beat Luis Ortega 6-3, 7-5 on Sunday.")
    assert got.get("Luis Ortega") == {"PERSON"}


def test_list_of_names_in_one_model_span_is_split_when_each_stands_alone(nlp) -> None:
    from newsgraph.enrich.entities import _split_list

    text = ("Shoppers compare Zentrix and Corvane prices. Zentrix sells lamps. "
            "Corvane sells chairs. The Office of Trade and Industry reported it.")
    doc = next(parse(nlp, [text]))
    first = next(t.i for t in doc if t.text == "Zentrix")
    parts = _split_list(doc, first, first + 3)
    assert [doc[a:b].text for a, b in parts] == ["Zentrix", "Corvane"]
    office = next(t.i for t in doc if t.text == "Office")
    assert _split_list(doc, office, office + 4) == [(office, office + 4)]


def test_bare_web_name_of_a_site_is_an_organisation(nlp) -> None:
    got = mentions(
        nlp,
        "The trainer told Pacerly.com that the shoe runs small. Buy it at zelvarunning.com "
        "or see the Zelva page. For details visit www.zelvarunning.com or "
        "https://zelva.io/shoes today.",
    )
    assert got.get("Pacerly.com") == {"ORG"}
    assert got.get("zelvarunning.com") == {"ORG"}
    assert "www.zelvarunning.com" not in got
    assert not any("zelva.io" in name for name in got)


def test_web_name_given_as_the_site_of_a_campaign_is_no_organisation(nlp) -> None:
    got = mentions(
        nlp,
        "The governor shared quitnow.com, the website for the campaign, on Monday.",
    )
    assert "quitnow.com" not in got


def test_headings_and_table_labels_are_no_organisations(nlp) -> None:
    got = mentions(
        nlp,
        "Pros and Cons\nPros\nCheap and quick\n\nCons\nPricey shipping\n\n"
        "Size Range | XS to 5X\nPrice Range | $$\n\nVeltra makes socks in Ohio.\n\n"
        "Size Range | S to 2X\nPrice Range | $\n\nMarlo Tesk sells them online.\n\n"
        "It's Worth Noting\n\nThe box has no lid.",
    )
    assert "Cons" not in got
    assert "Price Range" not in got
    assert "Size Range" not in got
    assert got.get("Marlo Tesk") == {"PERSON"}
    assert "Worth Noting" not in got


def test_initials_in_brackets_after_a_person_are_that_person(nlp) -> None:
    found = extract_entities(next(parse(nlp, [
        "The essay by Marten Olbrich Kessel (MOK) is good. Later MOK argues that small "
        "teams win. Jo Ruiz (CEO) disagreed."])))[0]
    moks = [m for m in found if m.text == "MOK"]
    assert moks and all(m.type == "PERSON" and m.canonical == "Marten Olbrich Kessel"
                        for m in moks)
    assert not any(m.text == "CEO" for m in found)


def test_a_source_cited_or_an_app_named_is_an_organisation_not_a_place(nlp) -> None:
    got = mentions(
        nlp,
        "Popular workout tracking app Trevola reported that yoga was up. According to "
        "Trevola, 48% of participants said so. Nearly 20% of Trevola participants ran. "
        "Prices rose in Trevola Springs, Colorado.",
    )
    assert got.get("Trevola") == {"ORG"}


def test_an_acronym_counted_with_a_is_a_common_noun(nlp) -> None:
    got = mentions(
        nlp,
        "The drug is given to someone with a BMI of 30 or more. BMI is a rough measure. "
        "An FBI agent said the FBI was ready, and a rover NASA plans to fly will land.",
    )
    assert "BMI" not in got
    assert got.get("FBI") == {"ORG"}
    assert got.get("NASA") == {"ORG"}


def test_the_us_capital_with_its_district_is_one_place(nlp) -> None:
    got = mentions(nlp, "She flew to Washington, D.C. on Monday, and the march in "
                        "Washington, DC drew crowds. Charlotte, NC stayed calm.")
    assert got.get("Washington, D.C.") == {"PLACE"}
    assert got.get("Washington, DC") == {"PLACE"}
    assert "D.C." not in got and "Washington" not in got
    assert got.get("Charlotte") == {"PLACE"}


def test_a_kind_of_firm_before_a_name_outweighs_person_labels(nlp) -> None:
    got = mentions(
        nlp,
        "Steinhauser now works at consulting firm Harlan Pettibone. He builds products for "
        "Harlan Pettibone's clients, and Harlan Pettibone pays well, said Kevin Ruiz, an audio "
        "specialist at Harlan Pettibone.",
    )
    assert got.get("Harlan Pettibone") == {"ORG"}
    assert got.get("Kevin Ruiz") == {"PERSON"}


def test_a_unit_at_an_organisation_and_a_teachers_field_are_cut_away(nlp) -> None:
    got = mentions(
        nlp,
        "Dr. Ana Ruiz, Vice President of Clinical Development at Norvane, agreed. "
        "She studied at the Halden School of Business at Lakemoor University. "
        "Jo Kim, associate professor of Clinical Epidemiology at Harvard Medical School, "
        "disagreed.",
    )
    assert got.get("Norvane") == {"ORG"}
    assert not any(" at " in name for name in got)
    assert "Clinical Epidemiology" not in got
    assert got.get("Harvard Medical School") == {"ORG"}


def test_a_code_of_capitals_and_a_number_is_no_name(nlp) -> None:
    got = mentions(
        nlp,
        "Semaglutide is a GLP-1 agonist. After the COVID-19 pandemic, IL-6 levels were "
        "studied at COP27 in Egypt, and the G20 met in Rome.",
    )
    for code in ("GLP-1", "COVID-19", "IL-6", "COP27"):
        assert code not in got
    assert got.get("Egypt") == {"COUNTRY"}


def test_a_common_noun_opening_a_dashed_signature_is_no_organisation(nlp) -> None:
    got = mentions(
        nlp,
        '"The tools just work." -- Software engineer at a bank\n\n'
        '"We rely on it daily." -- Software developer in Ohio\n\n'
        "Good software is rare, said Jo Kim of Velmora.",
    )
    assert "Software" not in got


def test_more_abbreviations_of_common_nouns_are_no_names(nlp) -> None:
    got = mentions(
        nlp,
        "Teams adopting GenAI tools log in over SSH, track ROI and CTR in a CRM, and sign "
        "an SLA with Velmora. XLR cables cost more.",
    )
    for word in ("GenAI", "SSH", "ROI", "CTR", "CRM", "SLA", "XLR"):
        assert word not in got


def test_generations_are_no_names(nlp) -> None:
    got = mentions(
        nlp,
        "Gen Z shoppers and Millennials buy on TikTok, while Gen Zers avoid X. "
        "Velmora sells to Baby Boomers.",
    )
    for word in ("Gen Z", "Millennials", "Gen Zers", "Zers", "Baby Boomers", "Boomers"):
        assert word not in got


def test_a_name_given_a_product_kind_is_no_entity(nlp) -> None:
    got = mentions(
        nlp,
        "Patients took the anxiety drug Lexapro. Lexapro worked well. She loved the film "
        "Starship Troopers, and Starship Troopers won. The drug company Pfizer agreed.",
    )
    assert "Lexapro" not in got
    assert "Starship Troopers" not in got
    assert got.get("Pfizer") == {"ORG"}


def test_a_unit_after_degrees_is_no_name(nlp) -> None:
    got = mentions(nlp, "Heat the water to 212 degrees Fahrenheit, or 100 degrees Celsius, "
                        "says Velmora.")
    assert "Fahrenheit" not in got and "Celsius" not in got
