from __future__ import annotations

import pytest

from analysis.actors import split_code, tokenize
from analysis.coder import find_actors


def codes(text: str, **kw: object) -> list[str]:
    return [m.code for m in find_actors(text, **kw)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Iran said on Monday.", ["IRN"]),
        ("Tehran said on Monday.", ["IRN"]),
        ("Washington and Beijing traded barbs.", ["USA", "CHN"]),
        ("the Kremlin said", ["RUSGOV"]),
        ("Downing Street said", ["GBR"]),
        ("The U.S. and the United Kingdom", ["USA", "GBR"]),
        ("Pakistani officials", ["PAKGOV"]),
        ("Palestine, Kosovo and Taiwan", ["PSE", "XKX", "TWN"]),
        ("NATO and the United Nations", ["NATO", "UNO"]),
        ("Hamas fighters", ["PSEREB"]),
    ],
)
def test_names_adjectives_capitals(text: str, expected: list[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Pakistan's foreign minister", "PAKGOV"),
        ("Pakistan’s foreign minister", "PAKGOV"),
        ("armed forces of Pakistan", "PAKMIL"),
        ("Iranian troops", "IRNMIL"),
        ("the Pakistani military", "PAKMIL"),
        ("Iran's army chief", "IRNMIL"),
        ("the Iranian foreign ministry", "IRNGOV"),
        ("Pakistan's top security body", "PAKGOV"),
        ("Indian police", "INDCOP"),
        ("Pakistan army", "PAKMIL"),
        ("militant hideouts in Iran", "IRNREB"),
        ("Foreign Minister Jilani", "PAKGOV"),
    ],
)
def test_sector_composition(text: str, code: str) -> None:
    found = find_actors(text)
    assert [m.code for m in found] == [code]
    m = found[0]
    assert text[m.start : m.end] == m.text
    assert (m.country, m.sector) == split_code(code)


def test_bare_sector_has_no_country() -> None:
    (m,) = find_actors("The militants fled.")
    assert (m.code, m.country, m.sector) == ("REB", "", "REB")


def test_compound_reference_uses_sentence_then_context() -> None:
    got = find_actors("Pakistan and Iran said the two countries would talk.")
    assert [m.code for m in got] == ["PAK", "IRN", "PAK", "IRN"]
    assert got[2].text == "the two countries" and got[2].start == got[3].start
    ctx = find_actors("Both countries agreed.", context=["USA", "IRN", "PAKGOV"])
    assert [m.code for m in ctx] == ["IRN", "PAK"]
    assert find_actors("The two neighbors agreed.") == []


def test_compound_ignores_organisations() -> None:
    got = find_actors("the two countries", context=["PAK", "IRN", "UNO"])
    assert [m.code for m in got] == ["PAK", "IRN"]


def test_leaders_are_dated() -> None:
    assert codes("Raisi said", year=2023) == ["IRNGOV"]
    assert codes("Raisi said", year=2010) == []
    assert codes("Kakar said") == ["PAKGOV"]


def test_case_sensitive_names() -> None:
    assert codes("let us turn to chad") == []
    assert codes("the US said") == ["USA"]


def test_tokenize_offsets() -> None:
    text = "Iran didn't attack Pakistan’s N'Djamena-based U.S. envoy."
    toks = tokenize(text)
    assert all(text[t.start : t.end] == t.text for t in toks)
    assert [t.low for t in toks][:5] == ["iran", "didn", "'t", "attack", "pakistan"]
    assert "u.s." in [t.low for t in toks]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("the World Bank", "WBK"),
        ("UNHCR", "UNO"),
        ("the UN refugee agency", "UNO"),
        ("the Council of Europe", "COE"),
        ("ECOWAS", "ECOWAS"),
        ("Mercosur", "MERCOSUR"),
        ("the Southern African Development Community", "SADC"),
        ("Doctors Without Borders", "NGOMSF"),
        ("Arab League Secretary-General", "ARLGOV"),
        ("Syrian officers", "SYRMIL"),
        ("Belarus's rulers", "BLRGOV"),
        ("Palestinian refugees", "PSEREF"),
        ("Serbian workers", "SRBLAB"),
        ("Afghan students", "AFGEDU"),
        ("French farmers", "FRAAGR"),
    ],
)
def test_organisations_and_cameo_sectors(text: str, code: str) -> None:
    assert codes(text) == [code]


def test_trigger_nouns_are_not_actor_words() -> None:
    # words the verb dictionary codes as events must not be swallowed as actors
    assert codes("UN peacekeepers") == ["UNO"]
    assert codes("a suicide bomber") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("US-led forces entered the town.", ["USAMIL"]),
        ("Vietnamese-led troops", ["VNMMIL"]),
        ("a London-based group", ["GBR"]),
        ("state-owned media", ["MED"]),
    ],
)
def test_hyphenated_country_adjectives(text: str, expected: list[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bosnian Serbs demanded a truce.", ["BIH"]),
        ("Croatian Serb refugees", ["HRVREF"]),
        ("Turkish Cypriots", ["CYP"]),
        ("ethnic Albanians", ["CVL"]),
        ("ethnic Albanian guerrillas", ["REB"]),
        ("ethnic Albanians in Kosovo", ["XKXCVL"]),
    ],
)
def test_ethnic_groups_belong_to_their_country_of_residence(text: str, expected: list[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Homeland Union began collecting signatures.", ["OPP"]),
        ("Islamic Salvation Front leaders met Algerian officials.", ["REB", "DZAGOV"]),
        ("The Nigerian Union of Teachers called off a strike.", ["NGALAB"]),
        ("the Popular Front for the Liberation of Palestine", ["PSEREB"]),
        ("the fundamentalist Umma party", ["OPP"]),
        ("Free Syrian Army fighters", ["SYRREB"]),
        # a country's own institutions and known names keep their reading
        ("The Pakistan Army attacked.", ["PAKMIL"]),
        ("The US Congress voted.", ["USALEG"]),
        ("The Arab League met.", ["ARL"]),
        ("the Kurdistan Workers' Party", ["TURREB"]),
        ("Arab League Secretary General Chadli Klibi", ["ARLGOV"]),
    ],
)
def test_unknown_group_names_get_a_sector(text: str, expected: list[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(
    ("text", "code", "country"),
    [
        # CAMEO: non-governmental organisations are NGO + their own code
        ("Amnesty International said", "NGOAMN", "NGO"),
        ("Red Cross officials said", "NGOIRCGOV", "NGO"),
        ("a human rights group said", "NGO", "NGO"),
        ("a Croatian human rights group said", "HRVNGO", "HRV"),
        # intergovernmental organisations keep their code
        ("the United Nations said", "UNO", "UNO"),
    ],
)
def test_ngo_and_igo_codes(text: str, code: str, country: str) -> None:
    (m,) = find_actors(text)
    assert (m.code, m.country) == (code, country)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a region holding a country's name is no actor
        ("Migrants from Latin America and Mexico arrived.", ["CVL", "MEX"]),
        ("North American and Japanese firms agreed.", ["JPNBUS"]),
        ("Pirates attacked a tanker in the Gulf of Guinea off Nigeria.", ["CRM", "NGA"]),
        ("Iran fired missiles at a base in the Indian Ocean.", ["IRN"]),
        ("A gunman opened fire in New South Wales, Australia.", ["AUS"]),
        ("Papua New Guinea and Indonesia signed a pact.", ["PNG", "IDN"]),
        # money named by a country is no actor either
        ("Pakistan sold arms to Libya for US$4 billion.", ["PAK", "LBY"]),
        ("Japan sold 100 mln U.S. dlrs to Canada.", ["JPN", "CAN"]),
        ("The bank raised 30 mln Canadian dollars from Swiss investors.", ["BUS", "CHEBUS"]),
        ("The US $ figure and the U.S. economy", ["USA", "USA"]),
    ],
)
def test_places_and_currencies_name_no_actor(text: str, expected: list[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a capital that names a document or a meeting is where it was signed or held
        ("Canada quit the Lima Accord and the Paris Agreement.", ["CAN"]),
        ("Moscow accused Kyiv of breaking the Minsk agreements.", ["RUS", "UKR"]),
        ("Trump and Kim Jong Un met at the Hanoi Summit.", ["USAGOV", "PRKGOV"]),
        ("Tehran signed the Vienna Convention.", ["IRN"]),
        # the capital itself, or a paper or place named after it, still is the country's
        ("Paris signed the agreement with Berlin.", ["FRA", "DEU"]),
        ("The Washington Post reported that Kabul Airport closed.", ["USA", "AFG"]),
        ("Seoul Thursday rejected the proposal.", ["KOR"]),
    ],
)
def test_a_capital_in_a_document_name_is_no_actor(text: str, expected: list[str]) -> None:
    assert codes(text) == expected
