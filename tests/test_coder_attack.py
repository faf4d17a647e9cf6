"""Who acts in an attack named by a noun inside a prepositional phrase: the actor
modifying the noun ("killed in a Russian drone strike"), or an agent "by X" after
it, never the victims that the harm verb's subject names ("six people are injured
in a stabbing")."""

from __future__ import annotations

from analysis.coder import code_sentence


def roles(text: str) -> list[tuple[str, str | None, str | None]]:
    return [(e.cameo_code, e.actor1.code if e.actor1 else None, e.actor2.code if e.actor2 else None)
            for e in code_sentence(text)]


def test_the_holder_of_the_attack_acts() -> None:
    got = roles("Four farmers are killed in a Turkish drone strike on a village in Syria.")
    assert [(c[:2], s) for c, s, _ in got] == [("18", "TUR"), ("19", "TUR")]
    # the holder is no place: the victims are placed by the country named as one
    assert roles("Nine people are killed in Russian missile attacks on Kharkiv, Ukraine.")[0] == (
        "1823", "RUS", "UKRCVL")
    # "during", modifiers between the holder and the noun; the harmed are its target
    assert roles("Two Lebanese soldiers were wounded during fresh Israeli retaliatory "
                 "airstrikes.") == [("195", "ISR", "LBNMIL")]


def test_an_agent_after_the_attack_acts() -> None:
    assert roles("Eleven villagers are killed in raids by al-Shabaab in central Somalia.") == [
        ("1823", "SOMREB", "SOMCVL"), ("180", "SOMREB", "SOM")]
    # the harm verb's own agent holds the attack it happened in
    assert roles("Five Kenyan soldiers are shot dead by al-Shabaab in an ambush on a convoy.") == [
        ("1823", "SOMREB", "KENMIL"), ("180", "SOMREB", "KENMIL")]


def test_victims_never_hold_the_attack() -> None:
    # no one named: an unidentified attacker of the place (was: the victims, FRACVL)
    assert roles("Seven people are injured in a knife attack at a market in Lyon, France.") == [
        ("190", "FRAUAF", "FRA")]
    assert roles("Three Iraqi police officers are killed in a bombing near Mosul.") == [
        ("1823", None, "IRQCOP"), ("183", None, "IRQCOP")]


def test_an_active_subject_still_holds_the_attack() -> None:
    assert roles("Israel killed twelve people in an airstrike on Rafah.") == [
        ("1823", "ISR", "PSECVL"), ("195", "ISR", "PSE")]
    # the holder inside a prepositional phrase, not the subject of the clause
    assert ("190", "RUS", "UKR") in roles("Ukraine retaliated for a Russian attack on Odesa.")


def test_a_place_is_still_a_place() -> None:
    # "the Iraqi city of", "in Iran last year": places, not holders of an attack
    got = roles("Two soldiers were killed by a roadside bomb outside the Iraqi city of Mosul.")
    assert got[0] == ("1823", "IRQUAF", "IRQMIL")
    got = roles("France says Iran executed a French citizen who was arrested in Iran last year.")
    assert ("173", "IRN", "FRA") in got


def test_strikes_as_a_verb_before_its_object() -> None:
    # an armed subject right before "strike(s)" and an object after it: an attack
    assert roles("The Indonesian Navy strikes a smuggling vessel off Aceh.") == [
        ("190", "IDNMIL", None)]
    assert roles("Pakistan strikes three border posts in Afghanistan.") == [
        ("190", "PAK", "AFG")]
    assert roles("Russian troops strike a power plant near Odesa, Ukraine.") == [
        ("190", "RUSMIL", "UKR")]
    # no armed subject, or an accident: no attack
    assert roles("A strong earthquake strikes the coast of Peru.") == []
    assert roles("Chile and Peru strike a deal on fishing rights.")[0][0] == "057"
    assert roles("A Peruvian ferry strikes a rock and capsizes near Iquitos.") == []
    # the noun before a verb is unchanged ("Israeli strikes kill ...")
    assert [r[0] for r in roles("Israeli strikes kill ten people in Gaza.")] == ["1823"]


def test_modifiers_before_the_holder() -> None:
    # "in overnight Russian strikes": lower-case modifiers before the holder too
    assert roles("Six people are killed in overnight Russian strikes on Kharkiv, Ukraine.")[0] == (
        "1823", "RUS", "UKRCVL")


def test_a_named_weapon_keeps_its_code_before_a_preposition() -> None:
    # "strike on" (190) no longer outweighs "drone strike" / "missile strike" (195)
    assert roles("A Russian drone strike on a market in Sumy, Ukraine, injures ten people.")[0] \
        == ("195", "RUS", "UKR")
    assert [c for c, _, _ in roles("Israeli missile strikes on Beirut killed four people.")] \
        == ["195", "1823"]
    # one event, not "rocket" (194) beside "strike on" (190)
    assert [c for c, _, _ in roles("A Russian rocket strike on Kharkiv kills three people.")] \
        == ["194", "1823"]
