"""A country named as the place of talks, meetings or signings is their venue:
the other side named after it is the target, a joint act of several sources faces
them, and the venue is the target only when no one else is named."""

from __future__ import annotations

from analysis.coder import code_sentence


def roles(text: str) -> list[tuple[str, str | None, str | None]]:
    return [(e.cameo_code, e.actor1.code if e.actor1 else None, e.actor2.code if e.actor2 else None)
            for e in code_sentence(text)]


def test_joint_act_in_a_third_country_faces_the_parties() -> None:
    assert roles("Armenia and Azerbaijan sign a border agreement in Vienna, Austria.") == [
        ("057", "ARM", "AZE"), ("057", "AZE", "ARM")]
    assert roles("Serbia and Kosovo hold talks in Brussels.") == [
        ("040", "SRB", "XKX"), ("040", "XKX", "SRB")]


def test_the_other_side_after_the_venue() -> None:
    got = roles("The Turkish foreign minister holds talks in Baghdad with Iraq's prime minister.")
    assert got == [("040", "TURGOV", "IRQGOV")]


def test_the_venue_is_the_host_when_no_one_else_is_named() -> None:
    assert roles("The Japanese foreign minister holds talks in Canberra.") == [
        ("040", "JPNGOV", "AUS")]
    # never the source's own country
    assert roles("The Kenyan president holds talks in Nairobi.") == [("040", "KENGOV", None)]
