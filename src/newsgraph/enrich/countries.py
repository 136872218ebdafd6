"""Countries as news names them: ISO 3166-1 alpha-3 codes, names, demonyms, capitals.

Everything is built once at import into plain dicts, so looking a name up costs
one dict access (no pycountry scan per token).

Canonical name rule: pycountry's ``common_name`` when it has one, else its
``name``; a name of the form "Iran, Islamic Republic of" keeps the part before
the comma; a small table (``_CANONICAL_OVERRIDES``) replaces formal ISO names by
the short name newsrooms use ("Russia" for "Russian Federation", "DR Congo"...).
Pycountry already calls TUR "Türkiye", which is also the name the Turkish
government asked for and the one wire services adopted, so "Turkey" is an alias.

Names are matched case-insensitively (their first letter must be a capital in
the text), abbreviations ("US", "U.S.", "UK", "UAE", "DRC") case-sensitively.
"""

from __future__ import annotations

import re
import unicodedata

import pycountry

_CANONICAL_OVERRIDES = {
    "RUS": "Russia",
    "COD": "DR Congo",
    "COG": "Republic of the Congo",
    "KOR": "South Korea",
    "PRK": "North Korea",
    "BRN": "Brunei",
    "VAT": "Vatican City",
    "FLK": "Falkland Islands",
    "VGB": "British Virgin Islands",
    "VIR": "US Virgin Islands",
    "CCK": "Cocos Islands",
    "MAF": "Saint Martin",
    "SXM": "Sint Maarten",
    "BES": "Caribbean Netherlands",
    "SHN": "Saint Helena",
    "FSM": "Micronesia",
    "PSE": "Palestine",
    "TUR": "Türkiye",
}

# Codes outside ISO 3166-1 that news needs (user-assigned code used by the EU and IMF).
_EXTRA_COUNTRIES = {"XKX": "Kosovo", "SUN": "Soviet Union"}

# Other names news uses: alpha-3, then names separated by ";".
_ALIASES = """
USA;United States of America;America;the States
GBR;Britain;Great Britain;United Kingdom
TUR;Turkey;Türkiye;Turkiye;Republic of Turkey
RUS;Russian Federation
CIV;Ivory Coast;Cote d'Ivoire;Côte d’Ivoire
COD;Congo;Democratic Republic of Congo;Democratic Republic of the Congo;Congo-Kinshasa;DR Congo;D.R. Congo
COG;Republic of Congo;Congo-Brazzaville;Congo Republic
CZE;Czech Republic
KOR;Republic of Korea
PRK;DPRK
VNM;Vietnam;Viet Nam
LAO;Laos
MDA;Moldova
TZA;Tanzania
VEN;Venezuela
BOL;Bolivia
IRN;Iran;Persia
SYR;Syria
PSE;Palestine;Palestinian territories;State of Palestine
SUN;USSR;Union of Soviet Socialist Republics
TWN;Taiwan;Republic of China
MKD;Macedonia;North Macedonia
SWZ;Swaziland;Eswatini
MMR;Burma;Myanmar
CPV;Cape Verde
TLS;East Timor
NLD;Holland;the Netherlands
VAT;Vatican;Holy See
PHL;the Philippines
GMB;the Gambia
BHS;the Bahamas
MAC;Macau
"""

# Case-sensitive abbreviations.
_ABBREVIATIONS = {
    "US": "USA", "U.S.": "USA", "U.S.A.": "USA", "USA": "USA",
    "UK": "GBR", "U.K.": "GBR",
    "UAE": "ARE", "U.A.E.": "ARE",
    "DRC": "COD", "DPRK": "PRK", "PRC": "CHN", "USSR": "SUN",
}

# Demonyms: alpha-3, then adjectives/nouns (";"). Plural nouns of the "-an", "-i", "-ian"
# kind are derived ("Russians", "Iraqis"); irregular ones are listed.
_DEMONYMS = """
AFG;Afghan;Afghans;Afghani
ALB;Albanian
DZA;Algerian
AGO;Angolan
ARG;Argentine;Argentinian;Argentines
ARM;Armenian
AUS;Australian
AUT;Austrian
AZE;Azerbaijani;Azeri;Azeris
BHR;Bahraini
BGD;Bangladeshi
BLR;Belarusian
BEL;Belgian
BEN;Beninese
BTN;Bhutanese
BOL;Bolivian
BIH;Bosnian
BWA;Botswanan
BRA;Brazilian
BGR;Bulgarian
BFA;Burkinabe;Burkinabè
BDI;Burundian
KHM;Cambodian
CMR;Cameroonian
CAN;Canadian
CAF;Central African
TCD;Chadian
CHL;Chilean
CHN;Chinese
COL;Colombian
COD;Congolese
HRV;Croatian;Croat;Croats
CUB;Cuban
CYP;Cypriot
CZE;Czech;Czechs
DNK;Danish;Dane;Danes
DJI;Djiboutian
DOM;Dominican
ECU;Ecuadorian
EGY;Egyptian
SLV;Salvadoran
ERI;Eritrean
EST;Estonian
ETH;Ethiopian
FIN;Finnish;Finn;Finns
FRA;French;Frenchman;Frenchwoman
GAB;Gabonese
GMB;Gambian
GEO;Georgian
DEU;German
GHA;Ghanaian
GRC;Greek;Greeks
GTM;Guatemalan
GIN;Guinean
HTI;Haitian
HND;Honduran
HUN;Hungarian
ISL;Icelandic;Icelander;Icelanders
IND;Indian
IDN;Indonesian
IRN;Iranian
IRQ;Iraqi
IRL;Irish
ISR;Israeli
ITA;Italian
CIV;Ivorian
JAM;Jamaican
JPN;Japanese
JOR;Jordanian
KAZ;Kazakh;Kazakhs;Kazakhstani
KEN;Kenyan
XKX;Kosovar;Kosovan
KWT;Kuwaiti
KGZ;Kyrgyz
LAO;Laotian;Lao
LVA;Latvian
LBN;Lebanese
LBR;Liberian
LBY;Libyan
LTU;Lithuanian
LUX;Luxembourgish
MDG;Malagasy
MWI;Malawian
MYS;Malaysian
MDV;Maldivian
MLI;Malian
MLT;Maltese
MRT;Mauritanian
MEX;Mexican
MDA;Moldovan
MNG;Mongolian
MNE;Montenegrin
MAR;Moroccan
MOZ;Mozambican
MMR;Burmese
NAM;Namibian
NPL;Nepali;Nepalese
NLD;Dutch;Dutchman
NZL;New Zealander
NIC;Nicaraguan
NER;Nigerien
NGA;Nigerian
PRK;North Korean
MKD;Macedonian
NOR;Norwegian
OMN;Omani
PAK;Pakistani
PSE;Palestinian
PAN;Panamanian
PNG;Papua New Guinean
PRY;Paraguayan
PER;Peruvian
PHL;Filipino;Filipinos;Philippine
POL;Polish;Pole;Poles
PRT;Portuguese
QAT;Qatari
ROU;Romanian
RUS;Russian
RWA;Rwandan
SAU;Saudi;Saudis
SEN;Senegalese
SRB;Serbian;Serb;Serbs
SLE;Sierra Leonean
SGP;Singaporean
SVK;Slovak;Slovaks;Slovakian
SVN;Slovenian;Slovene;Slovenes
SOM;Somali;Somalian
ZAF;South African
KOR;South Korean
SSD;South Sudanese
ESP;Spanish;Spaniard;Spaniards
LKA;Sri Lankan
SDN;Sudanese
SWE;Swedish;Swede;Swedes
CHE;Swiss
SYR;Syrian
TWN;Taiwanese
TJK;Tajik;Tajiks;Tajikistani
TZA;Tanzanian
THA;Thai;Thais
TGO;Togolese
TUN;Tunisian
TUR;Turkish;Turk;Turks
TKM;Turkmen
UGA;Ugandan
UKR;Ukrainian
ARE;Emirati
GBR;British;Briton;Britons;Brit;Brits
USA;American
URY;Uruguayan
UZB;Uzbek;Uzbeks
VEN;Venezuelan
VNM;Vietnamese
YEM;Yemeni
ZMB;Zambian
ZWE;Zimbabwean
"""

# Capitals and large cities news names as actors or places ("Moscow said"):
# alpha-3, then cities. They are PLACEs whose ``country`` is the code.
_CITIES = """
AFG;Kabul;Kandahar
ARM;Yerevan
AZE;Baku
BEL;Brussels;Antwerp
BLR;Minsk
BRA;Brasilia;Brasília;Sao Paulo;São Paulo;Rio de Janeiro
CHN;Beijing;Shanghai
COD;Kinshasa;Goma
DEU;Berlin;Munich;Hamburg;Frankfurt
EGY;Cairo
ESP;Madrid;Barcelona
ETH;Addis Ababa
FRA;Paris;Marseille;Lyon
GBR;London;Manchester;Edinburgh;Belfast
GEO;Tbilisi
GIN;Conakry
GNQ;Malabo;Bata
IND;New Delhi;Delhi;Mumbai
IRN;Tehran
IRQ;Baghdad;Mosul;Erbil;Basra
ISR;Jerusalem;Tel Aviv
ITA;Rome;Milan
JPN;Tokyo
JOR;Amman
KAZ;Astana;Almaty
KEN;Nairobi
KOR;Seoul
LBN;Beirut
LBY;Tripoli;Benghazi
MLI;Bamako;Timbuktu;Gao
NER;Niamey
BFA;Ouagadougou
NGA;Abuja;Lagos
NLD;Amsterdam;The Hague;Rotterdam
POL;Warsaw
PRK;Pyongyang
PSE;Gaza;Ramallah
QAT;Doha
RUS;Moscow;St. Petersburg;Saint Petersburg;Kursk;Belgorod
SAU;Riyadh;Jeddah
SDN;Khartoum
SYR;Damascus;Aleppo;Idlib;Homs;Raqqa
TUR;Ankara;Istanbul;Izmir
TWN;Taipei
UKR;Kyiv;Kiev;Kharkiv;Odesa;Odessa;Mariupol;Lviv;Donetsk;Luhansk;Zaporizhzhia;Kherson;Bakhmut
USA;Washington;New York;Los Angeles;Chicago
VEN;Caracas
YEM;Sanaa;Aden
ALB;Tirana
DZA;Algiers
AND;Andorra la Vella
AGO;Luanda
ARG;Buenos Aires
AUS;Canberra;Sydney;Melbourne
AUT;Vienna
BHS;Nassau
BHR;Manama
BGD;Dhaka
BRB;Bridgetown
BEN;Porto-Novo;Cotonou
BTN;Thimphu
BOL;La Paz;Sucre
BIH;Sarajevo
BWA;Gaborone
BRN;Bandar Seri Begawan
BGR;Sofia
BDI;Gitega;Bujumbura
KHM;Phnom Penh
CMR;Yaounde;Yaoundé
CAN;Ottawa;Toronto;Montreal
CPV;Praia
CAF;Bangui
TCD;N'Djamena
CHL;Santiago
COL;Bogota;Bogotá
COG;Brazzaville
CIV;Yamoussoukro;Abidjan
HRV;Zagreb
CUB;Havana
CYP;Nicosia
CZE;Prague
DNK;Copenhagen
DJI;Djibouti City
DOM;Santo Domingo
ECU;Quito
SLV;San Salvador
ERI;Asmara
EST;Tallinn
SWZ;Mbabane
FJI;Suva
FIN;Helsinki
GAB;Libreville
GMB;Banjul
GHA;Accra
GRC;Athens
GTM;Guatemala City
GNB;Bissau
HTI;Port-au-Prince
HND;Tegucigalpa
HUN;Budapest
ISL;Reykjavik
IDN;Jakarta
IRL;Dublin
JAM;Kingston
KGZ;Bishkek
KWT;Kuwait City
LAO;Vientiane
LVA;Riga
LSO;Maseru
LBR;Monrovia
LIE;Vaduz
LTU;Vilnius
LUX;Luxembourg City
MDG;Antananarivo
MWI;Lilongwe
MYS;Kuala Lumpur
MLT;Valletta
MRT;Nouakchott
MUS;Port Louis
MEX;Mexico City
MDA;Chisinau
MNG;Ulaanbaatar
MNE;Podgorica
MAR;Rabat;Casablanca
MOZ;Maputo
MMR;Naypyitaw;Naypyidaw;Yangon;Mandalay
NAM;Windhoek
NPL;Kathmandu
NZL;Wellington;Auckland
NIC;Managua
MKD;Skopje
NOR;Oslo
OMN;Muscat
PAK;Islamabad;Karachi;Lahore
PNG;Port Moresby
PRY;Asuncion;Asunción
PER;Lima
PHL;Manila
PRT;Lisbon
ROU;Bucharest
RWA;Kigali
SEN;Dakar
SRB;Belgrade
SLE;Freetown
SVK;Bratislava
SVN;Ljubljana
SOM;Mogadishu
ZAF;Pretoria;Johannesburg;Cape Town
SSD;Juba
LKA;Colombo
SUR;Paramaribo
SWE;Stockholm
CHE;Bern;Geneva;Zurich
TJK;Dushanbe
TZA;Dodoma;Dar es Salaam
THA;Bangkok
TLS;Dili
TGO;Lome;Lomé
TTO;Port of Spain
TUN;Tunis
TKM;Ashgabat
UGA;Kampala
ARE;Abu Dhabi;Dubai
URY;Montevideo
UZB;Tashkent
VNM;Hanoi;Ho Chi Minh City
ZMB;Lusaka
ZWE;Harare
XKX;Pristina
"""

# Government bodies named by a building or place (metonymy): ORGs that belong to a country.
ORG_COUNTRY: dict[str, str] = {
    "Kremlin": "RUS", "Duma": "RUS", "State Duma": "RUS",
    "White House": "USA", "Pentagon": "USA", "State Department": "USA", "Congress": "USA",
    "Downing Street": "GBR", "Whitehall": "GBR",
    "Elysee": "FRA", "Élysée": "FRA", "Elysee Palace": "FRA", "Élysée Palace": "FRA",
    "Bundestag": "DEU", "Knesset": "ISR", "Zhongnanhai": "CHN",
}

# Regional demonyms: not countries, not entities of their own.
REGIONAL_DEMONYMS = frozenset({
    "European", "Europeans", "African", "Africans", "Asian", "Asians", "Arab", "Arabs",
    "Western", "Westerners", "Eastern", "Latin American", "Middle Eastern", "Soviet",
    "Baltic", "Nordic", "Scandinavian", "Caucasian", "Balkan", "Kurdish", "Kurds", "Flemish",
    "Walloon", "Catalan", "Basque", "Pashtun", "Tamil", "Uyghur", "Uighur", "Tatar",
    "Uyghurs", "Uighurs", "Tatars", "Tamils", "Pashtuns", "Basques", "Catalans", "Walloons",
})


# Territories with an ISO 3166-1 code that are not sovereign states: places, not countries.
NON_SOVEREIGN = frozenset({
    "HKG", "MAC", "PRI", "GUM", "VIR", "ASM", "MNP", "GRL", "FRO", "GIB", "BMU", "CYM", "VGB",
    "TCA", "MSR", "AIA", "FLK", "SHN", "IOT", "PCN", "SGS", "ATF", "REU", "MYT", "GLP", "MTQ",
    "GUF", "NCL", "PYF", "WLF", "SPM", "BLM", "MAF", "ABW", "CUW", "SXM", "BES", "JEY", "GGY",
    "IMN", "ALA", "SJM", "BVT", "HMD", "NFK", "CXR", "CCK", "TKL", "NIU", "COK", "UMI", "ESH",
    "ATA",
})


def sovereign(code: str | None) -> bool:
    """True unless ``code`` is a dependent territory (Hong Kong, Puerto Rico, Greenland...)."""
    return code is not None and code not in NON_SOVEREIGN


def demonym_name(code: str) -> str:
    """The first nationality adjective listed for a country ("TUR" -> "Turkish")."""
    return _DEMONYM_NAMES.get(code) or country_name(code)


def fold(name: str) -> str:
    """Case- and accent-insensitive key ("Türkiye" -> "turkiye", "d’Ivoire" -> "d'ivoire")."""
    text = unicodedata.normalize("NFKD", name.replace("’", "'").replace("ı", "i"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


def _short(name: str) -> str:
    name = re.sub(r"\s*\(.*?\)", "", name)
    return name.split(",")[0].strip()


def _build() -> tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str]]:
    names: dict[str, str] = {}
    canonical: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_3
        common = getattr(country, "common_name", None)
        canonical[code] = _CANONICAL_OVERRIDES.get(code) or common or _short(country.name)
        for name in (country.name, common, getattr(country, "official_name", None)):
            if name and "," not in name:
                names.setdefault(fold(re.sub(r"^the ", "", name)), code)
                names.setdefault(fold(_short(name)), code)
    for code, name in _EXTRA_COUNTRIES.items():
        canonical[code] = name
        names[fold(name)] = code
    for line in _ALIASES.strip().splitlines():
        code, *aliases = line.split(";")
        for alias in aliases:
            names[fold(re.sub(r"^the ", "", alias))] = code
    for code, name in canonical.items():
        names[fold(name)] = code
    for name, code in list(names.items()):  # "St Vincent", "St. Lucia" beside "Saint ..."
        if name.startswith("saint "):
            for short in ("st ", "st. "):
                names.setdefault(short + name.removeprefix("saint "), code)
    demonyms: dict[str, str] = {}
    for line in _DEMONYMS.strip().splitlines():
        code, *words = line.split(";")
        for word in words:
            demonyms[word] = code
            if word.endswith(("an", "i")) and word + "s" not in demonyms:
                demonyms[word + "s"] = code
    cities: dict[str, str] = {}
    for line in _CITIES.strip().splitlines():
        code, *places = line.split(";")
        for place in places:
            cities[fold(place)] = code
    return names, canonical, demonyms, cities


COUNTRY_NAMES, CANONICAL, DEMONYMS, CITIES = _build()
_DEMONYM_NAMES = {line.split(";")[0]: line.split(";")[1]
                  for line in _DEMONYMS.strip().splitlines() if ";" in line}
"""Folded name -> alpha-3; alpha-3 -> canonical name; demonym (exact case) -> alpha-3;
folded city -> alpha-3."""

# First words of multi-word names, for scanning tokens cheaply.
FIRST_WORDS: frozenset[str] = frozenset(
    name.split()[0] for name in COUNTRY_NAMES if " " in name
)
MAX_NAME_WORDS = max(len(name.split()) for name in COUNTRY_NAMES)


def country_code(name: str) -> str | None:
    """ISO alpha-3 code of a country name or abbreviation as written in news, else None.

    >>> country_code("Turkey"), country_code("U.S."), country_code("Ivory Coast")
    ('TUR', 'USA', 'CIV')
    """
    if name in _ABBREVIATIONS:
        return _ABBREVIATIONS[name]
    stripped = re.sub(r"^[Tt]he\s+", "", name.strip())
    if not stripped or not stripped[0].isupper() or (stripped.isupper() and len(stripped) <= 4):
        return None
    return COUNTRY_NAMES.get(fold(stripped))


def demonym_code(word: str) -> str | None:
    """ISO alpha-3 code of the country a demonym names ("Turkish" -> "TUR"), else None."""
    return DEMONYMS.get(word)


def city_code(name: str) -> str | None:
    """ISO alpha-3 code of the country of a listed capital or large city, else None."""
    return CITIES.get(fold(name)) if name[:1].isupper() else None


def country_name(code: str) -> str:
    """Canonical name of an alpha-3 code ("TUR" -> "Türkiye"); KeyError when unknown."""
    return CANONICAL[code]


# US states (and DC): name, postal code, AP abbreviation. Places, never countries.
_US_STATES = """
Alabama;AL;Ala.
Alaska;AK;Alaska
Arizona;AZ;Ariz.
Arkansas;AR;Ark.
California;CA;Calif.
Colorado;CO;Colo.
Connecticut;CT;Conn.
Delaware;DE;Del.
Florida;FL;Fla.
Georgia;GA;Ga.
Hawaii;HI;Hawaii
Idaho;ID;Idaho
Illinois;IL;Ill.
Indiana;IN;Ind.
Iowa;IA;Iowa
Kansas;KS;Kan.
Kentucky;KY;Ky.
Louisiana;LA;La.
Maine;ME;Maine
Maryland;MD;Md.
Massachusetts;MA;Mass.
Michigan;MI;Mich.
Minnesota;MN;Minn.
Mississippi;MS;Miss.
Missouri;MO;Mo.
Montana;MT;Mont.
Nebraska;NE;Neb.
Nevada;NV;Nev.
New Hampshire;NH;N.H.
New Jersey;NJ;N.J.
New Mexico;NM;N.M.
New York;NY;N.Y.
North Carolina;NC;N.C.
North Dakota;ND;N.D.
Ohio;OH;Ohio
Oklahoma;OK;Okla.
Oregon;OR;Ore.
Pennsylvania;PA;Pa.
Rhode Island;RI;R.I.
South Carolina;SC;S.C.
South Dakota;SD;S.D.
Tennessee;TN;Tenn.
Texas;TX;Texas
Utah;UT;Utah
Vermont;VT;Vt.
Virginia;VA;Va.
Washington;WA;Wash.
West Virginia;WV;W.Va.
Wisconsin;WI;Wis.
Wyoming;WY;Wyo.
District of Columbia;DC;D.C.
"""
US_STATE_NAMES = frozenset(line.split(";")[0] for line in _US_STATES.strip().splitlines())
US_STATE_ABBREVIATIONS = frozenset(
    abbr for line in _US_STATES.strip().splitlines() for abbr in line.split(";")[1:])
"""Postal codes ("FL") and AP abbreviations ("Fla.", "W.Va."), exact case."""


def _provinces() -> dict[str, str]:
    """Canadian and Australian provinces and states (pycountry), by name and by code
    ("Ontario", "ON", "NSW"), to the country's alpha-3 code."""
    out = {}
    for alpha2, alpha3 in (("CA", "CAN"), ("AU", "AUS")):
        for sub in pycountry.subdivisions.get(country_code=alpha2):
            out[sub.code.split("-", 1)[1]] = alpha3
            out[sub.name] = alpha3
    return out


PROVINCES = _provinces()
"""Canadian provinces and Australian states: places, never countries ("Toronto, ON")."""
