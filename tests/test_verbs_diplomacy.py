"""Dictionary phrasings of diplomatic acts: the accented "chargé d'affaires" is
summoned like an ambassador, and relations are "re-established" as they are
restored."""

from __future__ import annotations

from analysis.coder import code_sentence


def codes(text: str) -> list[tuple[str, str | None, str | None]]:
    return [(e.cameo_code, e.actor1.code if e.actor1 else None, e.actor2.code if e.actor2 else None)
            for e in code_sentence(text)]


def test_summoning_a_charge_d_affaires() -> None:
    assert codes("Latvia summons the chargé d'affaires of Belarus.") == [("114", "LVA", "BLR")]
    assert codes("Poland summons Russia's acting chargé d'affaires.") == [("114", "POL", "RUS")]


def test_relations_re_established() -> None:
    assert codes("Morocco and Iran re-establish diplomatic relations.") == [
        ("050", "MAR", "IRN"), ("050", "IRN", "MAR")]
    assert codes("Chile and Peru agree to reestablish diplomatic ties.") == [
        ("032", "CHL", "PER"), ("032", "PER", "CHL")]
