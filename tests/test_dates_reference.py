"""Time expressions resolved against the story's reference time rather than the DCT, and
other general normalisation rules (TimeML/TIDES conventions). Sentences are invented."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.dates import tag_dates

D = dt.date


def vals(text: str, dct: dt.date) -> list[tuple[str, str, str]]:
    return [(e.text, e.type, e.value) for e in tag_dates(text, dct)]


def test_the_previous_weekday_counts_back_from_the_story_day() -> None:
    # DCT Monday 2024-03-11; the story is at Friday 2024-03-08
    got = vals("The index fell on Friday, 3% below the previous Friday.", D(2024, 3, 11))
    assert got == [("Friday", "DATE", "2024-03-08"), ("the previous Friday", "DATE", "2024-03-01")]


def test_the_following_weekday_counts_on_from_the_story_day() -> None:
    got = vals("The plant shut on May 2, 2023. The following Monday it reopened.", D(2024, 3, 11))
    assert got[-1] == ("The following Monday", "DATE", "2023-05-08")


def test_the_previous_weekday_without_a_story_day_uses_the_dct() -> None:
    assert vals("Sales matched the previous Friday.", D(2024, 3, 13)) == [
        ("the previous Friday", "DATE", "2024-03-08")]


def test_overnight_is_the_night_before_the_story_day() -> None:
    got = vals("Markets slid on Thursday after overnight losses in Tokyo.", D(2024, 3, 11))
    assert got == [("Thursday", "DATE", "2024-03-07"), ("overnight", "TIME", "2024-03-06TNI")]
    # with no other day mentioned it is the night before the DCT
    assert vals("Rebels shelled the town overnight.", D(2024, 3, 11)) == [
        ("overnight", "TIME", "2024-03-10TNI")]


def test_overnight_does_not_move_the_story_day() -> None:
    got = vals("Stocks rose on Tuesday despite overnight selling; the next day they fell.",
               D(2024, 3, 8))
    assert got[-1] == ("the next day", "DATE", "2024-03-06")


def test_now_before_that_is_still_the_present() -> None:
    # TIDES/TimeML: "now" in "now that ..." still points at the present
    assert vals("Exports resumed now that the border is open.", D(2024, 3, 11)) == [
        ("now", "DATE", "PRESENT_REF")]


def test_spelled_out_year_needs_no_preposition() -> None:
    dct = D(1998, 2, 27)
    assert vals("Chicago, nineteen eighty-seven. A storm hits the city.", dct) == [
        ("nineteen eighty-seven", "DATE", "1987")]
    assert vals("a nineteen ninety-four strike", dct) == [
        ("nineteen ninety-four", "DATE", "1994")]
    # counts are not years; "nineteen hundred" still needs a cue
    assert vals("It sold nineteen ninety-five dollars of goods.", dct) == []
    assert vals("About nineteen hundred people came.", dct) == []


def test_unit_and_a_half_durations() -> None:
    dct = D(2024, 3, 11)
    assert vals("The vote took a minute and a half.", dct) == [
        ("a minute and a half", "DURATION", "PT1M30S")]
    assert vals("He waited two hours and a half.", dct) == [
        ("two hours and a half", "DURATION", "PT2H30M")]
    assert vals("The strike lasted a day and a half.", dct) == [
        ("a day and a half", "DURATION", "P1DT12H")]
    assert vals("The siege lasted one year and a half.", dct) == [
        ("one year and a half", "DURATION", "P1Y6M")]


def test_the_day_before_or_after_a_weekday() -> None:
    dct = D(2024, 3, 14)  # Thursday
    assert vals("The day before last Tuesday's vote, the mayor resigned.", dct) == [
        ("The day before last Tuesday", "DATE", "2024-03-11")]
    assert vals("Police came the day after Monday and left.", dct) == [
        ("the day after Monday", "DATE", "2024-03-12")]


def test_a_year_earlier_adjective_is_a_date_not_a_duration() -> None:
    dct = D(2024, 10, 24)
    got = vals("Profit rose in the third quarter, compared with a year-earlier loss.", dct)
    assert got == [("the third quarter", "DATE", "2024-Q3"), ("year-earlier", "DATE", "2023-Q3")]
    assert vals("It beat a year-ago profit.", dct) == [("year-ago", "DATE", "2023")]


def test_earnings_periods_refer_to_the_reported_quarter() -> None:
    dct = D(2024, 10, 24)
    text = ("Acme posted higher third-quarter profit. After a weak second quarter, sales "
            "recovered. Costs fell from the year-earlier period. In the 2024 period, margins "
            "rose, against 4% for the corresponding period last year.")
    got = vals(text, dct)
    assert ("the year-earlier period", "DATE", "2023-Q3") in got
    assert ("the 2024 period", "DATE", "2024-Q3") in got
    assert ("the corresponding period last year", "DATE", "2023-Q3") in got
    assert not any(t == "last year" for t, _, _ in got)


def test_a_year_period_outside_quarterly_reporting_is_the_year() -> None:
    assert vals("In the 2019 period, exports doubled.", D(2024, 10, 24)) == [
        ("2019", "DATE", "2019")]


def test_a_repeated_month_without_a_tense_cue_keeps_the_earlier_reading() -> None:
    dct = D(2024, 12, 5)
    got = vals("The pact will take effect in April. Members can prepare for the summit in "
               "April.", dct)
    assert got == [("April", "DATE", "2025-04"), ("April", "DATE", "2025-04")]
    # without the earlier cued mention the nearer past April is read
    assert vals("Members can prepare for the summit in April.", dct) == [
        ("April", "DATE", "2024-04")]


def test_high_noon_is_an_idiom_not_a_clock_time() -> None:
    dct = D(2024, 3, 11)
    assert vals("For the party, high noon comes today.", dct) == [
        ("today", "DATE", "2024-03-11")]
    assert vals("The vote is at noon today.", dct)[0][1:] == ("TIME", "2024-03-11T12:00")


def test_a_month_day_of_a_named_year_takes_that_year() -> None:
    dct = D(2024, 6, 12)
    assert vals("On April 9 of last year, the border post was shelled.", dct) == [
        ("April 9 of last year", "DATE", "2023-04-09")]
    assert vals("The ceasefire lapses on Feb. 2 of next year.", dct) == [
        ("Feb. 2 of next year", "DATE", "2025-02-02")]
    assert vals("Envoys met on May 30 of this year.", dct) == [
        ("May 30 of this year", "DATE", "2024-05-30")]
    assert vals("The accord was signed on the 3rd of July of 2019.", dct) == [
        ("the 3rd of July of 2019", "DATE", "2019-07-03")]
    # a possessive year belongs to a noun: the month-day keeps its own reading
    assert vals("On April 9 of last year's talks, nothing moved.", dct)[0] == (
        "April 9", "DATE", "2024-04-09")


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        # "by" in a failed, negated or passive past clause: the deadline has passed
        ("The parties failed to strike a bargain by Monday evening.", "Monday evening",
         "2024-06-10TEV"),
        ("Relief convoys didn't reach the valley by Tuesday.", "Tuesday", "2024-06-11"),
        ("The seats hadn't filled up by Sunday.", "Sunday", "2024-06-09"),
        ("Most of the bonds were placed by late Monday.", "late Monday", "2024-06-10"),
        ("Half of the grain was shipped by May 2, officials said.", "May 2", "2024-05-02"),
        # still ahead: a complement, a condition, a comma, or an expectation
        ("The garrison was ordered to withdraw by Monday.", "Monday", "2024-06-17"),
        ("If the strike was not settled by Monday, the subsidy would go.", "Monday",
         "2024-06-17"),
        ("A ruling was not expected by Monday.", "Monday", "2024-06-17"),
        ("The plan, which was rejected by the council, by May 2 goes to a vote.", "May 2",
         "2025-05-02"),
        ("The envoys will settle the text by Monday.", "Monday", "2024-06-17"),
    ],
)
def test_a_deadline_in_a_past_clause_has_passed(text: str, span: str, value: str) -> None:
    found = {e.text: e.value for e in tag_dates(text, D(2024, 6, 12))}
    assert found[span] == value
