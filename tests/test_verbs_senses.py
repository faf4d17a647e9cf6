"""Dictionary senses: a bond's "yield" is no concession and a "sinking fund" or a boat
that sinks in an accident is no attack; the political senses are still coded."""

from __future__ import annotations

import pytest

from analysis.coder import code_sentence


def codes(text: str) -> list[tuple[str, str | None, str | None]]:
    return [(e.cameo_code, e.actor1.code if e.actor1 else None, e.actor2.code if e.actor2 else None)
            for e in code_sentence(text)]


@pytest.mark.parametrize("text", [
    "The company is raising 200 mln dlrs through sinking fund debentures yielding 8.65 pct.",
    "The bonds were priced to yield 7.5 pct.",
    "Bond yields fell to their lowest level in a year.",
    "The mine yielded assay results of one ounce of gold a ton.",
    "Four migrants died when their boat sinks off the coast.",
])
def test_financial_and_accidental_senses_code_nothing(text: str) -> None:
    assert codes(text) == []


def test_political_yielding_and_sinking_ships_are_still_coded() -> None:
    assert codes("Iran will not yield to American pressure.") == [("124", "IRN", "USA")]
    assert codes("The government yielded to the demands of Kenya.")[0][0] == "080"
    assert codes("Houthi rebels sank a cargo ship.")[0][:2] == ("190", "YEMREB")
    assert codes("Ukrainian drones are sinking Russian warships.")[0] == ("190", "UKR", "RUSMIL")


@pytest.mark.parametrize("text", [
    "Strong demand for barges pushed prices up, dealers said.",
    "Weak domestic demand hurt German growth.",
    "Argentina is on target to meet its growth targets.",
    "Brazil could not meet interest payments on its debt.",
    "The bank set a money supply target of eight pct.",
])
def test_market_senses_of_demand_meet_and_target_code_no_event(text: str) -> None:
    assert [c for c in codes(text) if c[0][:2] in ("10", "04", "19")] == []


def test_political_demands_meetings_and_targets_are_still_coded() -> None:
    assert codes("Iran demanded that the United States withdraw its forces.")[0][:2] == (
        "1042", "IRN")
    assert codes("Protesters repeated their demands for the release of the hostages.")[0][0] \
        == "100"
    assert codes("Brazil's president met the American envoy on Tuesday.") == [
        ("044", "BRAGOV", "USAGOV")]
    assert codes("Israel targets Hezbollah positions in Lebanon.")[0][:2] == ("190", "ISR")
