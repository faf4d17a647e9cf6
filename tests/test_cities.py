"""The ``cities:`` section of the actor dictionary: cities, provinces and regions
name where an act happens (its target country, the place of its victims), never
an actor."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.actors import find_cities, tokens_of
from analysis.coder import code_sentence, find_actors, load_dictionary, validate_dictionary_file
from analysis.dictionaries import Dictionary, default_dictionary
from analysis.errors import DictionaryError


def pairs(text: str, d: Dictionary | None = None) -> list[tuple[str, str | None, str | None]]:
    return [(e.cameo_code, e.actor1.code if e.actor1 else None, e.actor2.code if e.actor2 else None)
            for e in code_sentence(text, d)]


def test_find_cities_longest_first_and_not_inside_actors() -> None:
    lex = default_dictionary().actors
    toks = tokens_of("Shelling hit Kharkiv, Khyber Pakhtunkhwa and Gaza City.")
    found = find_cities(lex, toks)
    assert [(toks[i].text, j - i, c) for i, j, c in found] == [
        ("Kharkiv", 1, "UKR"), ("Khyber", 2, "PAK")]
    # a city inside an actor's tokens is the actor's
    assert find_cities(lex, toks, frozenset({2})) == [found[1]]
    # a city opening a longer name is no place; a place word or a date keeps it one
    toks = tokens_of("The Sinaloa Cartel hit Sumy Oblast and Kherson Sunday, and Shuja’iyya.")
    assert [toks[i].text for i, _, _ in find_cities(lex, toks)] == ["Sumy", "Kherson", "Shuja’iyya"]


def test_a_city_is_never_an_actor() -> None:
    assert [m.code for m in find_actors("Kharkiv residents and Odesa's mayor met in Quetta.")
            ] == ["CVL", "GOV"]
    # no source: the speaker stays the bare title
    assert pairs("Odesa's mayor condemned the shelling of a school.") == [
        ("111", "GOV", None), ("194", "GOV", None)]
    # no event without a trigger
    assert pairs("Kharkiv and Sumy are cities in northeastern Ukraine.") == []


def test_a_city_names_the_target_of_an_attack() -> None:
    assert pairs("Russian troops shelled Kharkiv on Tuesday night.") == [("194", "RUSMIL", "UKR")]
    assert pairs("Ukrainian drones struck a fuel depot in Tuapse.") == [("190", "UKR", "RUS")]
    assert pairs("Israeli jets bombed the city of Tyre.") == [("195", "ISRMIL", "LBN")]
    # the subject of a passive
    assert pairs("Sumy was shelled by Russian artillery overnight.") == [("194", "RUSMIL", "UKR")]
    ev = code_sentence("Russian troops shelled Kharkiv on Tuesday night.")[0]
    assert ev.actor2 is not None and (ev.actor2.text, ev.actor2.sector) == ("Kharkiv", "")


def test_a_city_of_the_source_or_after_from_names_no_target() -> None:
    # a domestic act (or an occupied city): no self-directed event
    assert pairs("Ukrainian forces shelled Donetsk on Monday.") == [("194", "UKRMIL", None)]
    # "from": where the act comes from, not its target
    assert pairs("Russia attacked with drones launched from Kursk.")[0][2] is None


def test_an_actor_target_wins_over_a_city() -> None:
    assert pairs("Israeli jets struck Hezbollah positions near Nabatieh.") == [
        ("190", "ISRMIL", "LBNREB")]


def test_a_city_places_the_victims() -> None:
    assert ("1823", "RUS", "UKRCVL") in pairs(
        "A Russian missile attack on Dnipro killed three civilians.")
    assert ("1823", "RUS", "UKRCVL") in pairs("Russian rockets killed four people in Kherson.")
    # the city's country is a second country: the victims are no longer the attacker's
    found = pairs("Ukrainian drones attacked Belgorod, wounding two people.")
    assert found[0] == ("190", "UKR", "RUS")
    assert [t for _, _, t in found[1:]] == ["CVL"]


def test_cities_section_is_validated(tmp_path: Path) -> None:
    p = tmp_path / "analyst.yaml"
    p.write_text("cities:\n  FRD: [Upper Town, Lowmarsh]\n", encoding="utf-8")
    validate_dictionary_file(p)
    d = load_dictionary([p])
    assert pairs("Iranian jets bombed Lowmarsh.", d) == [("195", "IRNMIL", None)]  # FRD: no country
    p.write_text("countries:\n  FRD: {names: [Freedonia]}\ncities:\n  FRD: [Lowmarsh]\n",
                 encoding="utf-8")
    d = load_dictionary([p])
    assert pairs("Iranian jets bombed Lowmarsh.", d) == [("195", "IRNMIL", "FRD")]
    p.write_text("cities:\n  FRD: [Lowmarsh]\n  RUR:\n    - Upper Town\n    - Lowmarsh\n",
                 encoding="utf-8")
    with pytest.raises(DictionaryError,
                       match=r"analyst\.yaml:5: cities RUR: 'Lowmarsh' is also a city of FRD"):
        validate_dictionary_file(p)
    p.write_text("cities:\n  - Lowmarsh\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match=r"analyst\.yaml:1: cities must be a mapping"):
        validate_dictionary_file(p)
    p.write_text("cities:\n  Freedonia: [Lowmarsh]\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match=r"analyst\.yaml:2: cities: country code 'Freedonia'"):
        validate_dictionary_file(p)
    p.write_text("cities:\n  FRD: Lowmarsh\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match="cities FRD must be a list"):
        validate_dictionary_file(p)
