"""Event dating: rules of analysis.event_dates and the seed-article acceptance."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.dates import tag_dates
from analysis.event_dates import (
    FUTURE_WINDOW_DAYS,
    PAST_PERFECT_WINDOW_DAYS,
    date_events,
    is_speech_act,
)
from analysis.records import EventAnchor, EventDate, Sentence
from analysis.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_bd7ba43e21bf1639.txt"
DCT = dt.date(2024, 1, 19)  # a Friday


def _split(text: str) -> list[Sentence]:
    return list(split_sentences(text))


def seed_body() -> str:
    """The seed article minus title lines, byline, dateline prefix and copyright line."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    title = lines[0].strip()
    kept = []
    for line in lines:
        s = line.strip()
        if s == title or s.startswith("By Staff Reporter") or s.startswith("Copyright"):
            continue
        kept.append(line)
    body = "\n".join(kept).strip()
    assert body.startswith("ISLAMABAD:")
    return body[len("ISLAMABAD:") :].lstrip()


def _anchor(text: str, sentences: list[Sentence], phrase: str, trigger: str,
            code: str = "") -> EventAnchor:
    at = text.index(phrase)
    start = at + phrase.index(trigger)
    idx = next(s.index for s in sentences if s.start <= start < s.end)
    return EventAnchor(idx, start, start + len(trigger), code)


def _date_seed(pairs: list[tuple[str, str]] | list[tuple[str, str, str]]) -> list[EventDate]:
    text = seed_body()
    sentences = _split(text)
    anchors = [_anchor(text, sentences, *p) for p in pairs]
    return date_events(text, sentences, tag_dates(text, DCT), anchors, DCT)


SEED_EVENTS = [
    ("on Friday called for", "called for"),
    ("discussed the situation", "discussed"),
    ("it had targeted militant", "targeted"),
    ("Iran had earlier launched", "launched"),
    ("Pakistan had recalled its envoy", "recalled"),
    ("The two foreign ministers agreed", "agreed"),
]


def test_seed_body_expressions() -> None:
    text = seed_body()
    found = {(e.text, e.value) for e in tag_dates(text, DCT)}
    assert ("Friday", "2024-01-19") in found
    assert ("Oct. 7", "2023-10-07") in found
    assert all(not e.value.startswith("2021") for e in tag_dates(text, DCT))
    # every "Friday" in the seed is the DCT ("came ahead of a meeting ... on Friday" too)
    assert {e.value for e in tag_dates(text, DCT) if e.text == "Friday"} == {"2024-01-19"}


def test_seed_acceptance() -> None:
    called, discussed, targeted, launched, recalled, agreed = _date_seed(SEED_EVENTS)
    assert called.date == DCT and called.basis == "expression" and called.text == "Friday"
    assert discussed.date == DCT and discussed.basis == "dct_default"
    assert targeted.date == dt.date(2024, 1, 18) and targeted.basis == "relative:anchor"
    assert launched.earliest is not None and launched.latest is not None
    assert launched.earliest <= dt.date(2024, 1, 16) <= launched.latest
    assert launched.date is not None and launched.date <= dt.date(2024, 1, 17)
    assert launched.basis == "past_perfect"
    assert recalled.earliest is not None and recalled.latest is not None
    assert recalled.earliest <= dt.date(2024, 1, 17) <= recalled.latest <= DCT
    assert agreed.date == DCT and agreed.basis == "dct_default"
    assert agreed.earliest == DCT - dt.timedelta(days=1) and agreed.latest == DCT


def test_seed_never_2021_and_since_does_not_leak() -> None:
    res = _date_seed([*SEED_EVENTS, ("has been waging a war", "waging")])
    for r in res:
        assert r.date is None or r.date.year != 2021
    waging = res[-1]
    assert waging.basis == "expression:since"
    assert waging.date == dt.date(2023, 10, 7) and waging.latest == DCT
    launched, recalled = res[3], res[4]
    assert launched.text != "Oct. 7"
    assert launched.earliest <= dt.date(2024, 1, 16) <= launched.latest  # type: ignore[operator]
    assert recalled.earliest <= dt.date(2024, 1, 17) <= recalled.latest <= DCT  # type: ignore[operator]


def _one(text: str, trigger: str, dct: dt.date | None = DCT, nth: int = 0,
         code: str = "") -> EventDate:
    sentences = _split(text)
    start = [m.start() for m in re.finditer(re.escape(trigger), text)][nth]
    idx = next(s.index for s in sentences if s.start <= start < s.end)
    anchor = EventAnchor(idx, start, start + len(trigger), code)
    return date_events(text, sentences, tag_dates(text, dct), [anchor], dct)[0]


def _many(text: str, triggers: list[tuple[str, str]], dct: dt.date | None = DCT
          ) -> list[EventDate]:
    """Date several (trigger, CAMEO code) anchors of ``text`` together."""
    sentences = _split(text)
    anchors = []
    for trigger, code in triggers:
        start = text.index(trigger)
        idx = next(s.index for s in sentences if s.start <= start < s.end)
        anchors.append(EventAnchor(idx, start, start + len(trigger), code))
    return date_events(text, sentences, tag_dates(text, dct), anchors, dct)


def test_expression_in_clause_dates_event() -> None:
    r = _one("Troops shelled the town on Jan. 16, officials said.", "shelled")
    assert (r.date, r.basis, r.text) == (dt.date(2024, 1, 16), "expression", "Jan. 16")


def test_closest_expression_wins() -> None:
    r = _one("On Tuesday the ministry said troops withdrew on Monday.", "withdrew")
    assert r.date == dt.date(2024, 1, 15)


def test_coarse_expression_is_interval_cut_at_dct() -> None:
    r = _one("Earlier this month the army launched raids.", "launched")
    assert r.basis == "expression:interval"
    assert r.earliest == dt.date(2024, 1, 1) and r.latest == DCT
    assert r.earliest <= r.date <= r.latest  # type: ignore[operator]


def test_since_after_before_signals() -> None:
    assert _one("Strikes have continued since Jan. 10.", "continued").basis == "expression:since"
    r = _one("The talks collapsed before Jan. 10.", "collapsed")
    assert r.basis == "expression:before" and r.latest == dt.date(2024, 1, 9)
    r = _one("Fighting resumed after Jan. 10.", "resumed")
    assert r.basis == "expression:after" and r.earliest == dt.date(2024, 1, 10)


def test_future_and_modal() -> None:
    r = _one("The ministers will meet in Geneva.", "meet")
    window = DCT + dt.timedelta(days=FUTURE_WINDOW_DAYS)
    assert (r.date, r.earliest, r.latest, r.basis) == (DCT, DCT, window, "future")
    r = _one("They will meet on Monday.", "meet")
    assert r.date == dt.date(2024, 1, 22)


def test_dct_default_and_undated() -> None:
    r = _one("Protesters burned flags outside the embassy.", "burned")
    assert (r.date, r.earliest, r.latest, r.basis) == (
        DCT, DCT - dt.timedelta(days=1), DCT, "dct_default")
    r = _one("Protesters burned flags outside the embassy.", "burned", dct=None)
    assert (r.date, r.earliest, r.latest, r.basis) == (None, None, None, "undated")


def test_absolute_expression_without_dct() -> None:
    r = _one("Troops shelled the town on January 16, 2024.", "shelled", dct=None)
    assert r.date == dt.date(2024, 1, 16) and r.basis == "expression"


def test_past_perfect_window_without_other_events() -> None:
    r = _one("The envoy had left the capital.", "left")
    assert r.basis == "past_perfect"
    assert r.latest == DCT - dt.timedelta(days=1)
    assert r.earliest == r.latest - dt.timedelta(days=PAST_PERFECT_WINDOW_DAYS)


def test_relative_weeks_before() -> None:
    # "A, two weeks before B": B is dated A + 14 days (a past event, before the DCT)
    text = "The ceasefire held on Jan. 3, two weeks before the army attacked again."
    held, attacked = _one(text, "held"), _one(text, "attacked")
    assert held.date == dt.date(2024, 1, 3) and held.basis == "expression"
    assert attacked.basis == "relative:anchor" and attacked.text == "two weeks before"
    assert attacked.date == attacked.earliest == attacked.latest == dt.date(2024, 1, 17)
    assert attacked.latest < DCT


def test_subordinate_clause_inherits_main_expression() -> None:
    r = _one("On Tuesday the minister resigned, as protesters gathered outside.", "gathered")
    assert r.basis == "expression:sentence" and r.date == dt.date(2024, 1, 16)


def test_vague_expressions() -> None:
    r = _one("The two sides recently exchanged fire.", "exchanged")
    assert r.basis == "expression:vague" and r.latest == DCT
    r = _one("The army is now shelling the city.", "shelling")
    assert r.basis == "expression:vague" and r.date == DCT


def test_bad_sentence_index_is_tolerated() -> None:
    text = "Troops shelled the town on Jan. 16."
    anchor = EventAnchor(7, 7, 14)
    r = date_events(text, [], tag_dates(text, DCT), [anchor], DCT)[0]
    assert r.date == dt.date(2024, 1, 16)


_words = st.sampled_from(
    ["Friday", "had", "will", "earlier", "a day after", "since", "Jan. 16", "last week",
     "attacked", "said", ",", ".", "the", "recently", "two weeks before", "2024", "\n"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_words, max_size=30), st.one_of(st.none(), st.dates()),
       st.lists(st.tuples(st.integers(-3, 40), st.integers(0, 400)), max_size=6))
def test_property_date_events_never_raises(words: list[str], dct: dt.date | None,
                                           raw: list[tuple[int, int]]) -> None:
    text = " ".join(words)
    sentences = _split(text)
    anchors = [EventAnchor(i, s, s + 3) for i, s in raw]
    res = date_events(text, sentences, tag_dates(text, dct), anchors, dct)
    assert len(res) == len(anchors)
    for r in res:
        assert (r.date is None) == (r.earliest is None) == (r.latest is None)
        if r.date is not None:
            assert r.earliest <= r.date <= r.latest  # type: ignore[operator]


@pytest.mark.parametrize("dct", [None, DCT])
def test_one_record_per_anchor_in_order(dct: dt.date | None) -> None:
    text = "Troops attacked on Monday. They withdrew on Tuesday."
    sentences = _split(text)
    anchors = [_anchor(text, sentences, "withdrew", "withdrew"),
               _anchor(text, sentences, "attacked", "attacked")]
    res = date_events(text, sentences, tag_dates(text, dct), anchors, dct)
    if dct is None:
        assert [r.basis for r in res] == ["undated", "undated"]
    else:
        assert [r.date for r in res] == [dt.date(2024, 1, 16), dt.date(2024, 1, 15)]


# ---------------------------------------------------------------- verbal acts

SEED_CODED = [
    ("it had targeted militant", "targeted", "190"),
    ("Iran had earlier launched", "launched", "195"),
    ("Pakistan had recalled its envoy", "recalled", "161"),
    ("will be responded with full might", "responded", "138"),
    ("two countries would mutually be able to overcome", "overcome", "037"),
]


def test_seed_threat_is_dated_when_made() -> None:
    targeted, launched, recalled, threat, intent = _date_seed(SEED_CODED)
    assert (threat.date, threat.earliest, threat.latest, threat.basis) == (
        DCT, DCT - dt.timedelta(days=1), DCT, "dct_default")
    assert intent.basis == "dct_default" and intent.date == DCT
    assert targeted.date == dt.date(2024, 1, 18)
    assert launched.earliest <= dt.date(2024, 1, 16) <= launched.latest  # type: ignore[operator]
    assert recalled.earliest <= dt.date(2024, 1, 17) <= recalled.latest <= DCT  # type: ignore[operator]


def test_speech_act_codes() -> None:
    for code in ("010", "021", "036", "100", "112", "120", "138", "051"):
        assert is_speech_act(code), code
    for code in ("040", "042", "046", "057", "141", "190", "195", "161", "070", "", "999"):
        assert not is_speech_act(code), code


@pytest.mark.parametrize("code", ["138", "130", "021", "100", "120", "036", "010"])
def test_future_in_a_verbal_act_is_its_content(code: str) -> None:
    text = "Any attack on the border will be answered with force, the army warned."
    r = _one(text, "answered", code=code)
    assert (r.date, r.earliest, r.latest, r.basis) == (
        DCT, DCT - dt.timedelta(days=1), DCT, "dct_default")


def test_material_future_act_keeps_future_rule() -> None:
    text = "The army will strike the camps, officials said."
    window = DCT + dt.timedelta(days=FUTURE_WINDOW_DAYS)
    r = _one(text, "strike", code="195")
    assert (r.date, r.earliest, r.latest, r.basis) == (DCT, DCT, window, "future")
    r = _one("The ministers will meet in Geneva.", "meet", code="040")
    assert r.basis == "future"  # a meeting takes place when it is held
    r = _one("The envoy is scheduled to visit Tehran.", "visit", code="042")
    assert r.basis == "future"


def test_verbal_act_ignores_the_future_time_it_talks_about() -> None:
    text = "Iran warned it would retaliate on Monday."
    threat = _one(text, "retaliate", code="138")
    assert threat.date == DCT and threat.basis == "dct_default"
    strike = _one(text, "retaliate", code="195")
    assert strike.date == dt.date(2024, 1, 22) and strike.basis == "expression"
    # a past expression in the clause still dates the utterance
    r = _one("On Tuesday Iran warned it would retaliate.", "retaliate", code="138")
    assert r.date == dt.date(2024, 1, 16) and r.basis == "expression"



@pytest.mark.parametrize("said", [
    "The ministry announced it will cut 2,000 jobs this year.",
    "Officials said the company would make an announcement on Monday.",
    "The agency said it is going to publish the figures last week's survey gave in 2023.",
    "The ministry said it expects to report losses for the year ended Dec. 31.",
])
def test_utterance_is_not_dated_by_the_time_of_what_will_happen(said: str) -> None:
    r = _one(said, said.split()[2], code="010")
    assert (r.date, r.basis) == (DCT, "dct_default")


def test_utterance_keeps_its_own_time_before_what_will_happen() -> None:
    r = _one("Iran said on Tuesday it would retaliate this year.", "said", code="010")
    assert r.date == dt.date(2024, 1, 16) and r.basis == "expression"
    # a modal opening the trigger is not a modal of what is said
    r = _one("The envoys will meet this week.", "will", code="036")
    assert r.basis == "expression:interval" and r.text == "this week"



@pytest.mark.parametrize(("text", "trigger", "code", "expected"), [
    # the time a first or a record is counted from does not date the event
    ("Israel deployed tanks in the West Bank for the first time since 2002.", "deployed",
     "154", DCT),
    ("Troops shot the protesters, the deadliest attack since the war began in 2022.", "shot",
     "180", DCT),
    ("Exports resumed for the first time since China imposed a ban in August 2023.",
     "resumed", "061", DCT),
    # but it dates what the phrase itself tells
    ("Exports resumed for the first time since China imposed a ban in August 2023.",
     "imposed", "163", dt.date(2023, 8, 16)),
    ("The toll was the highest since the 2022 Russian invasion.", "invasion", "190",
     dt.date(2022, 1, 1)),  # "since the 2022 ...": a since bound
    ("It was the most casualties since Jan. 2, when troops overran the garrison.", "overran",
     "190", dt.date(2024, 1, 2)),
    ("It was the first raid on the shrine since last June when extremists stabbed a guard.",
     "stabbed", "182", dt.date(2023, 6, 1)),
    # a long subject between the first and "since", an initialism inside it
    ("Trump met al-Sharaa, the first meeting between a U.S. president and a Syrian leader "
     "since 2000.", "met", "044", DCT),
    # any superlative in -iest, and an initialism inside the "since" phrase
    ("Jets killed six people in the heaviest exchange of fire since the truce four months "
     "ago.", "killed", "1823", DCT),
    ("Cities were put on alert, the third-largest outbreak since it was eliminated in the "
     "U.S. in 2000.", "alert", "152", DCT),
    # "at least" is an amount, not a record: its "since" is a bound
    ("Rebels carried out at least 26 attacks since Jan. 2.", "attacks", "190",
     dt.date(2024, 1, 2)),
])
def test_the_time_since_a_record_is_counted_dates_only_its_phrase(
        text: str, trigger: str, code: str, expected: dt.date) -> None:
    assert _one(text, trigger, code=code).date == expected


def test_a_record_phrase_does_not_reach_back_over_a_sentence_end() -> None:
    text = "It was the first such strike. The attacks since Jan. 2 have killed 37 people."
    r = _one(text, "killed", code="1823")
    assert r.text == "Jan. 2" and r.basis == "expression:since"



@pytest.mark.parametrize(("text", "trigger", "code", "expected"), [
    # a year naming which thing after the trigger is not when the event happened
    ("Police arrested a man suspected in the 1994 assassination of a candidate.", "arrested",
     "173", DCT),
    ("The army opened an investigation into the 2024 killing of a girl.", "investigation",
     "090", DCT),
    # a bare year after "over/into/about/against", and a year in parentheses, are labels
    ("A jury convicted three men over 2020 bomb plots.", "convicted", "116", DCT),
    ("The court rejected a bid to overturn the ruling of Carroll II (2022).", "rejected",
     "120", DCT),
    # it dates the thing it names, and a time adjunct still dates the event
    ("Judges charged him over a 2012 rocket attack.", "attack", "190", dt.date(2012, 7, 1)),
    ("A record 383 aid workers were killed in the 2023 calendar year.", "killed", "1823",
     dt.date(2023, 7, 2)),
])
def test_a_year_naming_a_later_noun_dates_only_that_noun(
        text: str, trigger: str, code: str, expected: dt.date) -> None:
    assert _one(text, trigger, code=code).date == expected


# ---------------------------------------------------------------- after:event

def test_after_the_attack_takes_the_referent_as_lower_bound() -> None:
    text = ("Iranian drones attacked the border post on Jan. 16. "
            "Pakistan had recalled its envoy after the attack.")
    attack, recalled = _many(text, [("attacked", "195"), ("recalled", "161")])
    assert attack.date == dt.date(2024, 1, 16)
    assert recalled.basis == "after:event" and recalled.text == "after the attack"
    assert recalled.earliest == dt.date(2024, 1, 16)
    assert recalled.latest == DCT - dt.timedelta(days=1)
    assert recalled.date == dt.date(2024, 1, 16)
    # a precisely dated referent narrows a dct_default window too
    text = "Drones attacked the post on Friday. Pakistan recalled its envoy after the attack."
    _, recalled = _many(text, [("attacked", "195"), ("recalled", "161")])
    assert (recalled.basis, recalled.earliest, recalled.latest) == ("after:event", DCT, DCT)


def test_after_event_prefers_the_referent_named_like_the_noun() -> None:
    text = ("Troops shelled a village on Jan. 17, and jets bombed a depot on Jan. 15. "
            "Talks had collapsed following the {}.")
    codes = [("shelled", "194"), ("bombed", "195"), ("collapsed", "161")]
    shelling = _many(text.format("shelling"), codes)[-1]
    assert shelling.basis == "after:event" and shelling.earliest == dt.date(2024, 1, 17)
    assert shelling.latest == DCT - dt.timedelta(days=1)
    bombing = _many(text.format("bombing"), codes)[-1]
    assert bombing.basis == "after:event" and bombing.earliest == dt.date(2024, 1, 15)
    # a state "since" in the article is not what "the shelling" names
    text3 = ("Rebels have fought the army since Jan. 2. Jets bombed a depot on Jan. 18, and "
             "troops shelled a village on Jan. 15. The envoy had left after the shelling.")
    res3 = _many(text3, [("fought", "190"), ("bombed", "195"), ("shelled", "194"),
                         ("left", "161")])
    left = res3[-1]
    assert left.basis == "after:event" and left.earliest == dt.date(2024, 1, 15)
    assert left.latest == DCT - dt.timedelta(days=1)
    assert left.earliest <= left.date <= left.latest  # type: ignore[operator]
    # a dct_default event keeps its one-day window when the referent is older
    r = _many(text.format("shelling").replace("had collapsed", "collapsed"), codes)[-1]
    assert r.basis == "dct_default" and r.earliest == DCT - dt.timedelta(days=1)


def test_after_event_needs_a_conflict_referent_before_it() -> None:
    text = ("Pakistan had recalled its envoy after the attack. "
            "Iranian drones attacked the border post on Jan. 16.")
    recalled, _ = _many(text, [("recalled", "161"), ("attacked", "195")])
    assert recalled.basis == "past_perfect"
    text = "Ministers met on Jan. 16. Pakistan had recalled its envoy after the attack."
    _, recalled = _many(text, [("met", "040"), ("recalled", "161")])
    assert recalled.basis == "past_perfect"
    # a date, not an event noun, after the signal: the expression rule
    r = _one("Pakistan recalled its envoy after Jan. 16.", "recalled", code="161")
    assert r.basis == "expression:after"


def test_counted_offset_later_dates_the_event_from_the_expression_before_it() -> None:
    text = "Troops crossed the border on Jan. 10. Three days later rebels attacked the post."
    r = _one(text, "attacked")
    assert (r.date, r.earliest, r.latest, r.basis, r.text) == (
        dt.date(2024, 1, 13), dt.date(2024, 1, 13), dt.date(2024, 1, 13), "expression",
        "Three days")
    r = _one("Rebels shelled the town on Jan. 10. A few hours later troops withdrew.",
             "withdrew")
    assert (r.earliest, r.latest) == (dt.date(2024, 1, 10), dt.date(2024, 1, 11))
    # uncounted: one to twelve units on, cut at the DCT for a past event
    r = _one("The army shelled the town on Jan. 2. A few days later the rebels retreated.",
             "retreated")
    assert (r.earliest, r.latest) == (dt.date(2024, 1, 3), dt.date(2024, 1, 14))
    # months and years: the calendar months or years reached, never past the DCT
    r = _one("The first raid came in 2015. Two years later troops attacked again.", "attacked")
    assert (r.earliest, r.latest, r.basis) == (dt.date(2017, 1, 1), dt.date(2017, 12, 31),
                                               "expression:interval")
    r = _one("The bombing came in 2006. Two decades later the families protested.", "protested")
    assert (r.date, r.earliest, r.latest) == (DCT, DCT, DCT)
    # nothing before it to count from, or a comparison: the tense rules
    r = _one("Three days later rebels attacked the post.", "attacked")
    assert r.basis == "dct_default"
    r = _one("Troops left on Jan. 10, a month later than planned.", "left")
    assert r.date == dt.date(2024, 1, 10) and r.text == "Jan. 10"


def test_a_pair_or_range_of_days_bounds_the_event_by_its_first_and_last_day() -> None:
    r = _one("Rebels shelled two villages on Jan. 11 and 12, officials said.", "shelled")
    assert (r.earliest, r.latest, r.basis) == (
        dt.date(2024, 1, 11), dt.date(2024, 1, 12), "expression:interval")
    r = _one("Envoys negotiated in Oslo from Jan. 2 to 9.", "negotiated")
    assert (r.earliest, r.latest) == (dt.date(2024, 1, 2), dt.date(2024, 1, 9))
    assert r.earliest <= r.date <= r.latest  # type: ignore[operator]
    r = _one("The navy held drills Jan. 3-5 off the coast.", "held")
    assert (r.earliest, r.latest) == (dt.date(2024, 1, 3), dt.date(2024, 1, 5))
    r = _one("Militias raided the camp last Tuesday and Wednesday.", "raided")
    assert (r.earliest, r.latest) == (dt.date(2024, 1, 16), dt.date(2024, 1, 17))
    # a single day stays a day
    r = _one("Rebels shelled two villages on Jan. 11, officials said.", "shelled")
    assert (r.earliest, r.latest, r.basis) == (
        dt.date(2024, 1, 11), dt.date(2024, 1, 11), "expression")


def test_a_period_back_from_the_dct_bounds_the_event() -> None:
    r = _one("At least 30 people were killed in the past 24 hours, medics said.", "killed")
    assert (r.earliest, r.latest, r.basis) == (
        dt.date(2024, 1, 18), DCT, "expression:interval")
    r = _one("Shelling has intensified over the last two weeks.", "Shelling")
    assert (r.earliest, r.latest) == (dt.date(2024, 1, 5), DCT)
    r = _one("Thousands have fled in recent days.", "fled")
    assert (r.earliest, r.latest) == (dt.date(2024, 1, 7), DCT)
    r = _one("Prices fell sharply in the past month.", "fell")  # DATE 2023-12 in TimeML
    assert (r.earliest, r.latest) == (dt.date(2023, 12, 20), DCT)
    r = _one("Troops will withdraw over the next three days.", "withdraw")
    assert (r.earliest, r.latest) == (DCT, dt.date(2024, 1, 22))


def test_periods_that_do_not_date_the_event() -> None:
    # a part of something else, a long background period, a period ahead of a past event
    for text, trig in (("Rebels attacked during the last two days of the talks.", "attacked"),
                       ("Rebels have attacked towns in recent years.", "attacked"),
                       ("The army shelled the town to end the war in the next two weeks.",
                        "shelled")):
        assert _one(text, trig).basis == "dct_default", text
    # an utterance is dated when made, not by the period it talks about
    r = _one("The minister said prices rose over the past two weeks.", "said", code="010")
    assert r.basis == "dct_default"


def test_a_year_naming_which_thing_does_not_date_an_utterance() -> None:
    for text, trig in (("A court convicted him of the 2017 murder of a guard.", "convicted"),
                       ("Output fell below the 2021/22 harvest, the ministry said.", "said"),
                       ("The firm will better its 2022 results, its chairman said.", "said")):
        r = _one(text, trig, code="116" if trig == "convicted" else "010")
        assert r.basis == "dct_default", text
    # a year saying when still dates it, and a material act keeps its year
    r = _one("In 2022 the ministry said output fell.", "said", code="010")
    assert r.value == "2022"
    r = _one("Rebels carried out the 2017 bombing of the base.", "bombing", code="183")
    assert r.value == "2017"


def test_an_uncounted_offset_later_dates_the_event_like_a_counted_one() -> None:
    r = _one("The army shelled the town on Jan. 2. Days later the rebels retreated.",
             "retreated")
    assert (r.earliest, r.latest, r.text) == (dt.date(2024, 1, 3), dt.date(2024, 1, 14), "Days")
    r = _one("Rebels shelled the town on Jan. 10. Hours later, troops withdrew.", "withdrew")
    assert (r.earliest, r.latest, r.text) == (dt.date(2024, 1, 10), dt.date(2024, 1, 11),
                                              "Hours")


def test_a_purpose_infinitive_after_a_simple_past_is_no_future_event() -> None:
    # the purpose of a past action happens with it: the month cut at the DCT, not after it
    r = _one("Envoys met in Oslo this month to discuss the truce.", "discuss")
    assert (r.earliest, r.latest) == (dt.date(2024, 1, 1), DCT)
    r = _one("The army sent troops to secure the town.", "secure")
    assert r.basis == "dct_default"
    # a verb or adjective that looks ahead, "was to", or a modal: still future
    for text, trigger in (("Hamas agreed to free the hostages.", "free"),
                          ("The council urged Iran to release the sailors.", "release"),
                          ("The ships were supposed to leave the port.", "leave"),
                          ("The meeting was to discuss the truce.", "discuss"),
                          ("Envoys will meet to discuss the truce.", "discuss")):
        assert _one(text, trigger).basis == "future", text


def test_a_duration_or_amount_before_after_is_no_relative_offset() -> None:
    # "for <n> <units> after X" is how long something lasted, "by <n> <units>" an amount:
    # X is not that far before the main event
    r = _one("The league banned the striker on Jan. 17 for two years after he struck a referee.",
             "struck")
    assert r.basis != "relative:anchor" and r.date is not None
    assert r.date.year == 2024
    r = _one("On Jan. 17 the works were set back by several months after the army shelled "
             "the plant.", "shelled")
    assert r.basis != "relative:anchor"
    # a real offset still counts
    r = _one("The port reopened on Jan. 17, two days after the navy shelled the plant.",
             "shelled")
    assert (r.date, r.basis) == (dt.date(2024, 1, 15), "relative:anchor")


def test_an_uncounted_offset_reaches_one_to_twelve_units() -> None:
    # "a few/several <units> after X": X lies one to twelve units before the main event
    r = _one("The border reopened on Jan. 16, a few days after rebels seized the crossing.",
             "seized")
    assert (r.earliest, r.latest, r.basis) == (dt.date(2024, 1, 4), dt.date(2024, 1, 15),
                                               "relative:anchor")
    assert r.date is not None and r.earliest <= r.date <= r.latest
    r = _one("Envoys will meet on Jan. 26, several weeks before the army attacks the port.",
             "attacks")
    assert (r.earliest, r.latest) == (dt.date(2024, 2, 2), dt.date(2024, 4, 19))
    # hours: the same day or the one next to it
    r = _one("The ministry protested on Jan. 16, several hours after troops fired on the boat.",
             "fired")
    assert (r.earliest, r.latest) == (dt.date(2024, 1, 15), dt.date(2024, 1, 16))


def test_since_or_after_a_coarse_expression_ends_at_the_dct_for_a_past_event() -> None:
    # "since the start of the year": the span the expression covers may reach past the
    # DCT, what has happened since it has not
    r = _one("Militants have killed 70 people since the start of the year.", "killed")
    assert (r.earliest, r.latest, r.basis) == (dt.date(2024, 1, 1), DCT, "expression:since")
    r = _one("Two men were shot after the 2024 parade in the capital.", "shot")
    assert (r.earliest, r.latest, r.basis) == (dt.date(2024, 1, 1), DCT, "expression:after")
    # a future event after it may come later than the DCT
    r = _one("The envoys will meet after the start of the year.", "meet")
    assert r.latest is not None and r.latest > DCT


def test_a_reporting_clause_after_what_it_reports_is_dated_by_its_own_expressions() -> None:
    # the saying is not dated by what is said
    r = _one("Exports fell sharply in February from a year earlier, the ministry said.", "said",
             code="010")
    assert (r.date, r.earliest, r.latest, r.basis) == (DCT, DCT - dt.timedelta(days=1), DCT,
                                                       "dct_default")
    r = _one('"We struck the depot on Jan. 16," the minister told reporters.', "told",
             code="010")
    assert r.basis == "dct_default"
    # its own expression still dates it
    r = _one("Troops shelled the town on Jan. 16, officials said on Thursday.", "said",
             code="010")
    assert (r.date, r.basis) == (dt.date(2024, 1, 18), "expression")
    # a fronted expression is the saying's, and so is one before a reported "that" clause
    r = _one("On Tuesday, the minister said the talks had failed.", "said", code="010")
    assert r.date == dt.date(2024, 1, 16)
    r = _one("In a speech on Tuesday to the assembly of the party, the minister said that "
             "the talks had failed.", "said", code="010")
    assert r.date == dt.date(2024, 1, 16)
    # the reported event itself keeps its date
    r = _one("Troops shelled the town on Jan. 16, officials said.", "shelled", code="190")
    assert r.date == dt.date(2024, 1, 16)
    # a "said" followed by what was said is not put after it
    r = _one("In a televised speech on Tuesday evening, Putin said the talks failed.", "said",
             code="010")
    assert r.date == dt.date(2024, 1, 16)


def test_an_act_tried_or_failed_in_the_past_is_no_future_event() -> None:
    # "tried to blow up": the act was tried when the attempt was made
    for text, trig in (("Rebels tried to blow up a pylon near the capital.", "blow up"),
                       ("Protesters attempted to storm the embassy.", "storm"),
                       ("The firm failed to meet the exchange's rules.", "meet")):
        r = _one(text, trig, code="190")
        assert (r.date, r.earliest, r.latest, r.basis) == (
            DCT, DCT - dt.timedelta(days=1), DCT, "dct_default"), text
    # a condition or a modal keeps it ahead, and so does the present "is trying to"
    r = _one("Argentina could suspend payments if it failed to meet the demands.", "meet",
             code="044")
    assert r.basis == "future"
    assert _one("The army will try to storm the town.", "storm", code="190").basis == "future"


def test_an_offsets_clause_ends_at_its_comma() -> None:
    # fronted: the main clause after the comma is dated by its own expression
    text = ("Three months after the fall of the old government, the interim president signed "
            "a declaration on Thursday.")
    r = _one(text, "signed")
    assert (r.date, r.basis) == (dt.date(2024, 1, 18), "expression")
    # an apposition closed by a comma: what follows is the main clause, dated by the DCT
    r = _one("The former minister, sacked two weeks after a failed coup, has been detained.",
             "detained")
    assert (r.date, r.basis) == (DCT, "dct_default")
    # the embedded event is still placed from the main clause
    r = _one("Three days after rebels seized the crossing, the army retook it on Jan. 18.",
             "seized")
    assert (r.date, r.basis) == (dt.date(2024, 1, 15), "relative:anchor")
    # a comma inside a date does not end the clause; a relative clause of its own belongs to it
    r = _one("Talks resumed on Jan. 18, two days after rebels attacked the port on "
             "January 16, 2024 near the border.", "attacked")
    assert r.basis == "relative:anchor"
    r = _one("The strikes broke out on Jan. 18, three days after riots in the capital, which "
             "left 15 people dead.", "left")
    assert (r.date, r.basis) == (dt.date(2024, 1, 15), "relative:anchor")


def test_an_offsets_clause_does_not_date_the_main_clause() -> None:
    # "On <date>, a day after X disclosed its <other date> offer, Y began ...": Y is dated by
    # its own expression, not by the one inside the offset's clause
    r = _one("On Jan. 18, a day after the ministry published its Jan. 2 proposal, the two "
             "sides began talks.", "began")
    assert (r.date, r.basis) == (dt.date(2024, 1, 18), "expression:sentence")
    # nor by one inside it when it has none: the DCT default
    r = _one("Banks are still refusing to lend, five months after the loan was agreed on "
             "Aug. 16.", "refusing")
    assert r.date is not None and r.date >= dt.date(2024, 1, 18)


@pytest.mark.parametrize(("text", "trigger", "code", "expected"), [
    # "since" + what happened then + "on/in" + the expression: a since bound for the event
    # outside the phrase, ending at the DCT
    ("Over 900 aid trucks have arrived since the ceasefire took effect on Jan. 2.", "arrived",
     "042", (dt.date(2024, 1, 2), dt.date(2024, 1, 2), DCT, "expression:since")),
    ("Since the court ruling on Jan. 2, suppliers have demanded cash.", "demanded", "100",
     (dt.date(2024, 1, 2), dt.date(2024, 1, 2), DCT, "expression:since")),
    # the phrase's own event keeps the expression
    ("Prices fell since the council failed on Jan. 2 to reach an agreement.", "reach",
     "057", (dt.date(2024, 1, 2), dt.date(2024, 1, 2), dt.date(2024, 1, 2), "expression")),
])
def test_since_an_event_on_a_date_bounds_the_event_outside_it(
        text: str, trigger: str, code: str,
        expected: tuple[dt.date, dt.date, dt.date, str]) -> None:
    r = _one(text, trigger, code=code)
    assert (r.date, r.earliest, r.latest, r.basis) == expected


@pytest.mark.parametrize(("text", "trigger", "code", "expected"), [
    # a comparison's baseline does not date the events of the sentence
    ("The UN said 383 aid workers were killed in 2023, up 31% from 2022, including 181 who "
     "were killed in Gaza.", "who were killed", "1823", dt.date(2023, 7, 2)),
    ("The outlook is far more pessimistic than last year, she said.", "pessimistic", "012",
     DCT),
    ("The guards warn of a stronger response than in November if protests erupt.", "warn",
     "130", DCT),
    # but a bound is no baseline, and the baseline's own clause is dated by it
    ("A ceasefire will be signed no later than Feb. 18.", "ceasefire", "0871",
     dt.date(2024, 2, 18)),
    ("The situation improved compared with last March when troops were sent to combat the "
     "rebels.", "combat", "190", dt.date(2023, 3, 16)),
])
def test_a_comparisons_baseline_is_no_date_of_the_event(
        text: str, trigger: str, code: str, expected: dt.date) -> None:
    trig = trigger.split()[-1]
    nth = text.count(trig, 0, text.index(trigger) + len(trigger) - len(trig))
    assert _one(text, trig, code=code, nth=nth).date == expected


@pytest.mark.parametrize(("text", "trigger", "code", "expected"), [
    # a possessive date after the trigger names a thing ("last year's election"), not when
    # the trigger's event happened
    ("Tanzania banned rallies ahead of protests against last year's disputed election.",
     "banned", "172", DCT),
    ("Ecuador announced austerity measures as a result of last week's earthquake.",
     "announced", "010", DCT),
    # but it dates an event held at it, or one the verb carries out or attends
    ("Six rebels were killed in yesterday's operation.", "killed", "1823",
     dt.date(2024, 1, 18)),
    ("Italy refused to attend last month's meeting.", "refused", "125", dt.date(2023, 12, 16)),
    ("Afghans carried out Tuesday's bombing, the minister said.", "carried out", "183",
     dt.date(2024, 1, 16)),
])
def test_a_possessive_date_after_the_trigger_names_a_thing(
        text: str, trigger: str, code: str, expected: dt.date) -> None:
    assert _one(text, trigger, code=code).date == expected


def test_a_past_event_placed_after_the_dct_by_an_offset_is_cut_at_the_dct() -> None:
    # the article of Jan. 19 tells a past attack "two weeks" after a Jan. 16 meeting: it
    # happened by the DCT, not on Jan. 30
    r = _one("Envoys met on Jan. 16, two weeks before the army attacked the port.", "attacked")
    assert (r.date, r.earliest, r.latest, r.basis) == (DCT, DCT, DCT, "relative:anchor")
    r = _one("Envoys met on Jan. 16, several weeks before the army attacked the port.",
             "attacked")
    assert (r.earliest, r.latest) == (DCT, DCT)
    # ahead of the DCT it stays where the offset puts it
    r = _one("Envoys will meet on Jan. 26, two weeks before the army attacks the port.",
             "attacks")
    assert r.date == dt.date(2024, 2, 9)
