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
