"""An act in its clause after "if" or "unless" has not happened: the condition is
not coded, the act it conditions (a threat, an intent) is."""

from __future__ import annotations

from analysis.coder import code_sentence


def codes(text: str) -> list[tuple[str, str | None, str | None]]:
    return [(e.cameo_code, e.actor1.code if e.actor1 else None, e.actor2.code if e.actor2 else None)
            for e in code_sentence(text)]


def test_conditions_are_not_events() -> None:
    # the threat is coded, the attack it is conditioned on is not
    assert codes("Syria threatens to retaliate if Turkey attacks its border posts.") == [
        ("138", "SYR", "TUR")]
    assert codes("Iran will reopen the strait if Washington lifts its sanctions.") == []
    assert codes("Kenya will withdraw its troops unless Somalia signs the border agreement.") == [
        ("0356", "KEN", "SOM")]
    assert codes("If convicted, the former Peruvian minister faces ten years in prison.") == []


def test_acts_outside_the_condition_are_kept() -> None:
    assert codes("Ecuador expelled the Mexican ambassador, and said it would act again if "
                 "needed.") == [("166", "ECU", "MEXGOV")]


def test_alleged_before_a_noun_is_no_accusation() -> None:
    # "for alleged corruption", "an alleged Iranian spy": what is charged, not a charge made
    assert codes("Peruvian police arrest the governor for alleged corruption.") == [
        ("173", "PERCOP", "PERGOV")]
    assert [c for c, _, _ in codes("Israel shoots down an alleged Iranian drone.")] == ["190"]
    # the verb still accuses
    assert codes("Israel alleged Iran supplied the rockets.")[0] == ("112", "ISR", "IRN")


def test_a_building_fire_is_an_accident() -> None:
    assert codes("Eight people are killed in an apartment fire in Lagos, Nigeria.") == []
    assert codes("Two guests are killed in a hotel fire in Hanoi.") == []
    # a fire set on purpose still is violence
    assert codes("Militants set fire to a house, killing two people in Borno, Nigeria.") != []
