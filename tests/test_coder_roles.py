"""Role rules of the event coder measured on real news (VOA, WCEP): who acts in
"threats from X", reduced passives, inverted reporting, contrasts, trade nouns."""

from __future__ import annotations

from analysis.coder import code_sentence
from analysis.records import CodedEvent


def pairs(text: str) -> list[tuple[str, str | None, str | None]]:
    return [(e.cameo_code, e.actor1.code if e.actor1 else None, e.actor2.code if e.actor2 else None)
            for e in code_sentence(text)]


def first(text: str, code: str) -> CodedEvent:
    return next(e for e in code_sentence(text) if e.cameo_code.startswith(code))


def test_an_act_from_x_is_xs() -> None:
    assert pairs("Manila says it faces a mounting threat from China.") == [
        ("130", "CHN", "PHL")]
    assert pairs("Seoul is bracing for missile threats from North Korea and Russia.") == [
        ("130", "PRK", "KOR"), ("130", "RUS", "KOR")]
    ev = first("Iraq says a village was hit by artillery shelling from Turkey.", "19")
    assert (ev.actor1 and ev.actor1.code, ev.actor2 and ev.actor2.code) == ("TUR", "IRQ")
    ev = first("Ankara rejected an ultimatum from the United States on Friday.", "139")
    assert (ev.actor1 and ev.actor1.code, ev.actor2 and ev.actor2.code) == ("USA", "TUR")
    # the possessed noun acts: "from farmers' unions" -> the unions
    ev = first("The plan drew criticism from Kenyan farmers' unions.", "111")
    assert ev.actor1 is not None and ev.actor1.text != "Kenyan farmers"


def test_from_after_a_verb_is_a_place() -> None:
    # "launched drones from Yemen": the Houthis act, Yemen is where from
    ev = first("The Houthis launched several drones from Yemen at Israel.", "19")
    assert ev.actor1 is not None and ev.actor1.code == "YEMREB"
    # "they attack from the north": a verb, not a noun with its agent
    ev = first("Iraqi troops said they would attack from Syria.", "138")
    assert ev.actor1 is not None and ev.actor1.code == "IRQMIL"
