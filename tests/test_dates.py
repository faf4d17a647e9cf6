"""Time-expression tagging: each family, the resolution rules, find_dct, properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.dates import find_dct, tag_dates
from analysis.records import TimeExpression

DCT = dt.date(2024, 1, 19)  # Friday
D = dt.date


def one(text: str, dct: dt.date | None = DCT) -> TimeExpression:
    found = tag_dates(text, dct)
    assert len(found) == 1, found
    e = found[0]
    assert text[e.start : e.end] == e.text
    return e


def vals(text: str, dct: dt.date | None = DCT) -> list[tuple[str, str, str]]:
    return [(e.text, e.type, e.value) for e in tag_dates(text, dct)]


@pytest.mark.parametrize(
    ("text", "span", "value", "lo", "hi"),
    [
        ("It happened on Jan. 16.", "Jan. 16", "2024-01-16", D(2024, 1, 16), D(2024, 1, 16)),
        ("Talks began 16 January.", "16 January", "2024-01-16", D(2024, 1, 16), D(2024, 1, 16)),
        ("The war began on Oct. 7.", "Oct. 7", "2023-10-07", D(2023, 10, 7), D(2023, 10, 7)),
        ("Filed 2024-01-16 in court.", "2024-01-16", "2024-01-16", D(2024, 1, 16), D(2024, 1, 16)),
        ("Prices rose in January 2024.", "January 2024", "2024-01", D(2024, 1, 1), D(2024, 1, 31)),
        ("The truce held until mid-January.", "mid-January", "2024-01", D(2024, 1, 11),
         D(2024, 1, 20)),
        ("Talks start in early March.", "early March", "2024-03", D(2024, 3, 1), D(2024, 3, 10)),
        ("On June 30, 1990, it fell.", "June 30, 1990", "1990-06-30", D(1990, 6, 30),
         D(1990, 6, 30)),
        ("He left on Wednesday, Jan. 17.", "Wednesday, Jan. 17", "2024-01-17", D(2024, 1, 17),
         D(2024, 1, 17)),
    ],
)
def test_calendar_dates(text: str, span: str, value: str, lo: dt.date, hi: dt.date) -> None:
    e = one(text)
    assert (e.text, e.type, e.value, e.earliest, e.latest) == (span, "DATE", value, lo, hi)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("He spoke on Friday.", "2024-01-19"),          # the DCT itself
        ("Troops crossed on Tuesday.", "2024-01-16"),   # latest on or before the DCT
        ("They will meet on Tuesday.", "2024-01-23"),   # future cue
        ("The vote is scheduled to take place on Sunday.", "2024-01-21"),
        ("Talks are to be held on Monday.", "2024-01-22"),
        ("He plans to visit on Thursday.", "2024-01-25"),
        ("They met last Friday.", "2024-01-12"),
        ("They meet next Monday.", "2024-01-22"),
    ],
)
def test_weekdays(text: str, value: str) -> None:
    assert one(text).value == value


@pytest.mark.parametrize(
    ("text", "value", "lo", "hi"),
    [
        ("He arrived yesterday.", "2024-01-18", D(2024, 1, 18), D(2024, 1, 18)),
        ("She speaks today.", "2024-01-19", DCT, DCT),
        ("Talks resume tomorrow.", "2024-01-20", D(2024, 1, 20), D(2024, 1, 20)),
        ("They clashed last week.", "2024-W02", D(2024, 1, 8), D(2024, 1, 14)),
        ("Prices rose this month.", "2024-01", D(2024, 1, 1), D(2024, 1, 31)),
        ("Prices fell last year.", "2023", D(2023, 1, 1), D(2023, 12, 31)),
        ("Elections are due next month.", "2024-02", D(2024, 2, 1), D(2024, 2, 29)),
        ("It was agreed earlier this year.", "2024", D(2024, 1, 1), DCT),
        ("The raid came two days ago.", "2024-01-17", D(2024, 1, 17), D(2024, 1, 17)),
        ("Riots broke out over the weekend.", "2024-W02-WE", D(2024, 1, 13), D(2024, 1, 14)),
        ("He left three weeks ago.", "2023-W52", D(2023, 12, 25), D(2023, 12, 31)),
    ],
)
def test_deictic(text: str, value: str, lo: dt.date, hi: dt.date) -> None:
    e = one(text)
    assert (e.value, e.earliest, e.latest) == (value, lo, hi)


def test_a_year_earlier_and_tonight() -> None:
    assert one("Output fell a year earlier.").value == "2023"
    e = one("The summit opens tonight.")
    assert (e.type, e.value) == ("TIME", "2024-01-19TNI")
    e = one("Shelling resumed last night.")
    assert (e.type, e.value, e.earliest) == ("TIME", "2024-01-18TNI", D(2024, 1, 18))


@pytest.mark.parametrize(
    ("text", "value", "lo", "hi"),
    [
        ("Growth will slow in the third quarter.", "2024-Q3", D(2024, 7, 1), D(2024, 9, 30)),
        # reported in January: the past quarter is last year's
        ("Growth slowed in the third quarter.", "2023-Q3", D(2023, 7, 1), D(2023, 9, 30)),
        ("Sales rose in the first half of 2023.", "2023-H1", D(2023, 1, 1), D(2023, 6, 30)),
        ("It rained last summer.", "2023-SU", D(2023, 6, 1), D(2023, 8, 31)),
        ("Born in the 1990s, he joined.", "199", D(1990, 1, 1), D(1999, 12, 31)),
        ("The treaty dates from 1987.", "1987", D(1987, 1, 1), D(1987, 12, 31)),
        ("The empire fell in the 19th century.", "18", D(1800, 1, 1), D(1899, 12, 31)),
        ("It was signed in nineteen ninety-six.", "1996", D(1996, 1, 1), D(1996, 12, 31)),
        ("Talks resume in the spring of 2025.", "2025-SP", D(2025, 3, 1), D(2025, 5, 31)),
        ("Revenue for fiscal 2023 fell.", "2023", D(2023, 1, 1), D(2023, 12, 31)),
    ],
)
def test_quarters_halves_seasons_years(text: str, value: str, lo: dt.date, hi: dt.date) -> None:
    e = one(text)
    assert (e.value, e.earliest, e.latest) == (value, lo, hi)


@pytest.mark.parametrize(
    ("text", "typ", "value"),
    [
        ("Officials are now talking.", "DATE", "PRESENT_REF"),
        ("It is currently closed.", "DATE", "PRESENT_REF"),
        ("He recently resigned.", "DATE", "PAST_REF"),
        ("He had recently denied it.", "DATE", "PAST_REF"),
        ("That happened in the past.", "DATE", "PAST_REF"),
        ("They will meet soon.", "DATE", "FUTURE_REF"),
        ("Peace may come in the future.", "DATE", "FUTURE_REF"),
        ("The siege lasted three days.", "DURATION", "P3D"),
        ("The talks took two and a half years.", "DURATION", "P2Y6M"),
        ("Fighting raged for several weeks.", "DURATION", "PXW"),
        ("A ten-hour standoff ended.", "DURATION", "PT10H"),
        ("Inspectors visit every week.", "SET", "P1W"),
        ("Flights leave weekly.", "SET", "P1W"),
        ("The council meets each Monday.", "SET", "XXXX-WXX-1"),
        ("He visits them twice a year.", "SET", "P1Y"),
    ],
)
def test_vague_durations_sets(text: str, typ: str, value: str) -> None:
    e = one(text)
    assert (e.type, e.value, e.earliest, e.latest) == (typ, value, None, None)


def test_month_day_year_choice_follows_tense() -> None:
    # past tense, Dec. 20 is a month before the DCT, not eleven months after
    assert one("Troops withdrew on Dec. 20.").value == "2023-12-20"
    # future cue and a deadline ("by")
    assert one("The deal will be signed on Feb. 2.").value == "2024-02-02"
    assert one("They must leave by Jan. 25.").value == "2024-01-25"
    assert one("The report came out in March.").value == "2023-03"
    assert one("Votes will be counted in March.").value == "2024-03"


def test_not_dates() -> None:
    assert vals("Copyright © 2021 Independent Pakistan | All rights reserved") == []
    assert vals("(c) 2021 News Corp. All rights reserved.") == []
    assert vals("You may go. They march on.") == []
    assert vals("A 5-year-old boy was hurt.") == []
    assert vals("It cost $1990 and weighed 2000 tons.") == []
    assert vals("Its quarterly dividend rose.") == []
    assert vals("They will leave as soon as possible.") == []


def test_no_dct_never_invents_a_date() -> None:
    for text in ("He arrived yesterday.", "They met on Friday.", "It happened on Jan. 16.",
                 "They clashed last week.", "It fell two days ago."):
        e = one(text, None)
        assert e.earliest is None and e.latest is None
        assert not e.value[:1].isdigit()
    assert one("It happened on Jan. 16.", None).value == "XXXX-01-16"
    assert one("They met on Friday.", None).value == "XXXX-WXX-5"
    e = one("Signed on January 16, 2024.", None)
    assert (e.value, e.earliest) == ("2024-01-16", D(2024, 1, 16))
    assert one("He recently resigned.", None).value == "PAST_REF"


def test_several_expressions_in_order() -> None:
    text = "On Friday, a day after the strike on Jan. 18, talks lasted three hours."
    found = tag_dates(text, DCT)
    assert [e.text for e in found] == ["Friday", "a day", "Jan. 18", "three hours"]
    assert [e.value for e in found] == ["2024-01-19", "P1D", "2024-01-18", "PT3H"]


@pytest.mark.parametrize(
    ("text", "url", "expected"),
    [
        ("Jan 19 (Reuters) - Pakistan said...", "https://x.com/world/2024/01/19/story",
         (D(2024, 1, 19), "dateline")),
        ("Jan 19 (Reuters) - Pakistan said...", "", (None, "none")),
        ("ISLAMABAD, Jan 19: The ministry", "https://x.com/2024/story", (D(2024, 1, 19),
                                                                         "dateline")),
        ("WASHINGTON, Oct 19, 1987 - U.S. warships", "", (D(1987, 10, 19), "dateline")),
        ("Body text only.", "https://n.com/news/2024-01-19-talks", (D(2024, 1, 19), "url")),
        ("Body text only.", "https://n.com/a/20240119/x", (D(2024, 1, 19), "url")),
        ("Body text.\nCopyright © 2021 Independent Pakistan", "", (None, "none")),
    ],
)
def test_find_dct(text: str, url: str, expected: tuple[dt.date | None, str]) -> None:
    assert find_dct(text, url) == expected


_pieces = st.sampled_from(
    ["Jan. 16", "Friday", "last week", "2024", "the 1990s", "three days", "every week", "now",
     "Copyright ©", "since", "mid-", "early", "a year earlier", "Q3", "10 p.m.", "May", "fall",
     "the third quarter", "1/2", "31/02/2024", "9999-12-31", "0001-01-01", ",", ".", "\n", "'"]
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=200), st.lists(_pieces, max_size=25).map(" ".join)),
       st.one_of(st.none(), st.dates()))
def test_property_tag_dates_never_raises(text: str, dct: dt.date | None) -> None:
    prev_end = 0
    for e in tag_dates(text, dct):
        assert text[e.start : e.end] == e.text and e.text
        assert e.start >= prev_end
        prev_end = e.end
        assert e.type in ("DATE", "TIME", "DURATION", "SET")
        if e.earliest is not None or e.latest is not None:
            assert e.earliest is not None and e.latest is not None
            assert e.earliest <= e.latest


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300), st.text(max_size=80))
def test_property_find_dct_never_raises(text: str, url: str) -> None:
    d, source = find_dct(text, url)
    assert source in ("dateline", "url", "none")
    assert (d is None) == (source == "none")


@pytest.mark.parametrize(
    ("text", "span", "typ", "value"),
    [
        ("He earned $5 in the year ended Sept. 30.", "the year", "DURATION", "P1Y"),
        ("For the year, volume was flat.", "the year", "DATE", "2024"),
        ("Sales for the full year rose.", "the full year", "DATE", "2024"),
        ("Net rose in the quarter ended July 31.", "the quarter", "DATE", "2023-Q2"),
        ("Net rose in the quarter ended Sept. 30.", "the quarter", "DATE", "2023-Q3"),
        ("It fought for 2 1/2 years.", "2 1/2 years", "DURATION", "P2Y6M"),
        ("It may take a couple of years.", "a couple of years", "DURATION", "P2Y"),
        ("Rates are the lowest in two decades.", "two decades", "DURATION", "P20Y"),
    ],
)
def test_periods_and_counts(text: str, span: str, typ: str, value: str) -> None:
    e = tag_dates(text, DCT)[0]
    assert (e.text, e.type, e.value) == (span, typ, value)


@pytest.mark.parametrize(
    "text",
    [
        "He had previously denied it.",          # TimeML rarely marks "previously"
        "Iraq imports about three-quarters of its food.",
        "The quarter-to-quarter comparison improved.",
        "It declared a quarterly dividend.",
    ],
)
def test_not_time_expressions(text: str) -> None:
    assert tag_dates(text, DCT) == []


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        # the verb nearest the expression decides its direction
        ("They said they would appeal the ruling, announced Wednesday by the court.",
         "Wednesday", "2024-01-17"),
        ("Ten members had filed reports by Wednesday.", "Wednesday", "2024-01-17"),
        ("The envoy will arrive by Wednesday.", "Wednesday", "2024-01-24"),
        ("They will meet the officials who arrived on Tuesday.", "Tuesday", "2024-01-16"),
        # a deadline moved "until" a day lies after the reporting, whatever the tense
        ("Officials postponed until Tuesday any action on the case.", "Tuesday", "2024-01-23"),
        ("The agency extended its deadline until 9 a.m. Tuesday.", "9 a.m. Tuesday",
         "2024-01-23T09:00"),
        ("The leaders would be traveling to the United States Thursday.", "Thursday",
         "2024-01-25"),
    ],
)
def test_tense_of_the_nearest_verb(text: str, span: str, value: str) -> None:
    found = {e.text: e.value for e in tag_dates(text, DCT)}
    assert found[span] == value


def test_recent_units_are_vague_durations() -> None:
    assert vals("Prices fell in recent years.") == [("recent years", "DURATION", "PXY")]
    assert vals("He recently left.") == [("recently", "DATE", "PAST_REF")]


def test_yearless_date_follows_the_narrative_year() -> None:
    text = ("The siege began on March 3, 2019. On Oct. 9 the town fell. "
            + "x " * 400 + "On Oct. 9 talks opened.")
    found = [(e.text, e.value) for e in tag_dates(text, DCT)]
    assert found == [("March 3, 2019", "2019-03-03"), ("Oct. 9", "2019-10-09"),
                     ("Oct. 9", "2023-10-09")]
    # a full date of the DCT's own year changes nothing
    found = [e.value for e in tag_dates("On Jan. 2, 2024, it fell. On Oct. 7 it began.", DCT)]
    assert found == ["2024-01-02", "2023-10-07"]


def test_the_past_unit_is_not_the_vague_past() -> None:
    assert vals("He said it in the past year.") == [("the past year", "DATE", "2023")]
    assert vals("It happened in the past.") == [("the past", "DATE", "PAST_REF")]


def test_times_of_day_and_sets() -> None:
    assert vals("Troops shelled the town Friday night.") == [
        ("Friday night", "TIME", "2024-01-19TNI")]
    assert vals("He spoke this morning.") == [("this morning", "TIME", "2024-01-19TMO")]
    assert vals("They meet every week.") == [("every week", "SET", "P1W")]
    assert vals("The talks are held weekly.") == [("weekly", "SET", "P1W")]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        # a date naming a known event points back, whatever the tense of its clause
        ("They said they would look for ways to appeal Wednesday's ruling.", "Wednesday",
         "2024-01-17"),
        ("She hoped aid would flow to the towns where the Jan. 7 blasts killed dozens.",
         "Jan. 7", "2024-01-07"),
        # ... unless the event is a scheduled one
        ("Parties will campaign before Sunday's election.", "Sunday", "2024-01-21"),
        ("Officials will not extend the Jan. 25 deadline.", "Jan. 25", "2024-01-25"),
    ],
)
def test_event_references(text: str, span: str, value: str) -> None:
    found = {e.text: e.value for e in tag_dates(text, DCT)}
    assert found[span] == value


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        # an expression opening its clause takes the tense of the verb after it
        ("On Tuesday, the league plans to hold a news conference.", "Tuesday", "2024-01-23"),
        ("But by Monday, officials hardened their stance.", "Monday", "2024-01-15"),
        ("In March, the company brought in a new chief executive.", "March", "2023-03"),
        ("On Friday, the government planned to pay tribute to the victims.", "Friday",
         "2024-01-19"),
    ],
)
def test_clause_opening_expressions(text: str, span: str, value: str) -> None:
    found = {e.text: e.value for e in tag_dates(text, DCT)}
    assert found[span] == value


def test_explicit_dates_set_the_reference_year_and_day_followed_by_colon() -> None:
    found = vals("On May 22, 1995, he was promoted, and the following year he left.")
    assert found == [("May 22, 1995", "DATE", "1995-05-22"),
                     ("the following year", "DATE", "1996")]
    assert vals("The Times said in an editorial on Saturday, Jan. 20: the court erred.") == [
        ("Saturday, Jan. 20", "DATE", "2024-01-20")]


def test_present_tense_schedules_and_vague_adjectives() -> None:
    # the simple present of a scheduling verb announces a scheduled event
    assert vals("He and the envoy meet separately Monday.") == [("Monday", "DATE", "2024-01-22")]
    assert vals("It had been due to expire Monday.") == [("Monday", "DATE", "2024-01-15")]
    # adjectival "current" is the present (TimeML PRESENT_REF); "the then current" the past
    assert vals("It reflects current market conditions.") == [
        ("current", "DATE", "PRESENT_REF")]
    assert vals("They may buy at the then current price.") == [
        ("then current", "DATE", "PAST_REF")]
    assert vals("The current account deficit grew.") == []
    # "soon" in a narrative sequence is not a time expression
    assert vals("He was soon released.") == []
    assert vals("Cash soon became a flood.") == []
    assert vals("It will soon begin.") == [("soon", "DATE", "FUTURE_REF")]


def test_year_end_and_titles() -> None:
    e = one("It expects to complete the deal by year-end.")
    assert (e.text, e.value, e.earliest, e.latest) == ("year-end", "2024", D(2024, 12, 1),
                                                        D(2024, 12, 31))
    assert one("The index change is since year-end.").value == "2023"
    # programme names are not dates
    assert vals('He spoke on ABC\'s "This Week With David Brinkley" about it.') == []
    assert vals("This is VOA Today.") == []
    assert vals("``Today is a sad day,'' he said.") == [("Today", "DATE", "2024-01-19")]


def test_bare_plural_units_and_coming_periods() -> None:
    assert vals("For weeks the government has held rallies.") == [("weeks", "DURATION", "PXW")]
    assert vals("Troops will be committed within weeks, officials said.") == [
        ("weeks", "DURATION", "PXW")]
    assert vals("It dominated the skyline for centuries.") == [
        ("centuries", "DURATION", "PXC")]
    assert vals("Over the years many patients died.") == [("the years", "DURATION", "PXY")]
    assert vals("Growth returned for the first time in years.") == [
        ("years", "DURATION", "PXY")]
    assert vals("Rates may fall in the coming weeks.") == [
        ("the coming weeks", "DURATION", "PXW")]
    assert vals("Funds face pressure in the weeks ahead.") == [
        ("the weeks ahead", "DURATION", "PXW")]
    assert vals("Her years-old slump persisted.") == []


# --------------------------------------------------------------------------- 24-hour clock times


@pytest.mark.parametrize(
    ("text", "found", "value"),
    [
        ("The tanker was hit at 1600 EST on Friday.", "1600 EST on Friday", "2024-01-19T16:00"),
        ("Talks resumed at 1630 GMT.", "1630 GMT", "2024-01-19T16:30"),
        ("The convoy left at 0830 hrs.", "0830", "2024-01-19T08:30"),
        ("Shelling began at 2130 local time.", "2130 local time", "2024-01-19T21:30"),
    ],
)
def test_24_hour_clock_before_time_zone_is_a_time_not_a_year(
    text: str, found: str, value: str
) -> None:
    dates = tag_dates(text, dt.date(2024, 1, 19))
    assert [(d.text, d.type, d.value) for d in dates] == [(found, "TIME", value)]
    assert all(d.earliest is None or d.earliest.year == 2024 for d in dates)


def test_four_digit_number_before_time_zone_is_never_a_year() -> None:
    # not a valid clock either (24:00, minute 75): no expression at all
    assert tag_dates("By 2400 GMT there was no deal.", dt.date(2024, 1, 19)) == []
    assert tag_dates("Firing stopped at 1675 hrs.", dt.date(2024, 1, 19)) == []


def test_year_readings_without_clock_context_are_kept() -> None:
    dates = tag_dates("In 1600 the city fell; output is at 1986 levels.", dt.date(2024, 1, 19))
    assert [(d.text, d.value) for d in dates] == [("1600", "1600"), ("1986", "1986")]


def test_rates_after_a_quantity_are_not_time_expressions() -> None:
    # "a year"/"per hour"/"annually" after an amount or a count is a rate, not a duration or
    # a set (TimeBank/AQUAINT leave them untagged 11 times of 16)
    assert vals("He earns $5,000 a year.") == []
    assert vals("Rooms will cost between $40 and $60 a night.") == []
    assert vals("The line adds 500 seats a week.") == []
    assert vals("The plant would make about 20,000 engines annually.") == []
    assert vals("Sales should grow 7% annually.") == []
    assert vals("The disk reads two million records per second.") == []
    # a preposition or an approximator keeps the duration; "every"/"twice" keep the set
    assert vals("They paid $300 within a week.") == [("a week", "DURATION", "P1W")]
    assert vals("It costs $9 for nearly an hour.") == [("nearly an hour", "DURATION", "PT1H")]
    assert vals("He pays $50 every month.") == [("every month", "SET", "P1M")]
    assert vals("Inspectors come twice a year.") == [("twice a year", "SET", "P1Y")]
    assert vals("Prices are reviewed annually.") == [("annually", "SET", "P1Y")]


def test_sentence_opening_now_with_comma_is_a_discourse_marker() -> None:
    # "Now, ..."/"Currently, ..." opening a sentence: left untagged 5 times of 5
    assert vals("The firm lost money. Now, after two sales, it is smaller.") == []
    assert vals("Currently, the plant employs 300 people.") == []
    assert vals('He left. "Now, we will see," she said.') == []
    # adverbial "now"/"currently" elsewhere is the present (TimeML PRESENT_REF)
    assert vals("The firm now employs 300 people.") == [("now", "DATE", "PRESENT_REF")]
    assert vals("Now the firm employs 300 people.") == [("Now", "DATE", "PRESENT_REF")]
    assert vals("The plant, currently idle, employs 300.") == [
        ("currently", "DATE", "PRESENT_REF")]


def test_plural_day_part_after_a_weekday_is_a_set() -> None:
    # "Tuesday nights" recurs like "Tuesdays" (TimeML SET); "Tuesday night" is one night
    assert vals("Buses leave on Tuesday nights.") == [
        ("Tuesday nights", "SET", "XXXX-WXX-2TNI")]
    assert vals("The bus left on Tuesday night.") == [
        ("Tuesday night", "TIME", "2024-01-16TNI")]


def test_counted_offset_later_is_an_anchored_duration() -> None:
    # TimeML: "three days later" is the duration "three days"; the story day moves on
    text = "Troops crossed on Jan. 10. Three days later rebels struck. The next day talks began."
    assert vals(text) == [("Jan. 10", "DATE", "2024-01-10"), ("Three days", "DURATION", "P3D"),
                          ("The next day", "DATE", "2024-01-14")]
    assert vals("He was arrested a few minutes later.") == [
        ("a few minutes", "DURATION", "PTXM")]
    # never a date counted from the DCT ("two decades later" is not 2044)
    assert all(e.type == "DURATION" and e.earliest is None
               for e in tag_dates("Nearly two decades later, the case still divides.", DCT))


def test_determiner_of_a_noun_modified_by_a_date_stays_out() -> None:
    # TimeML: "the [Aug. 7] blasts", "a [third-quarter] loss", "the [1996] Games"
    assert vals("Police questioned him about the Aug. 7 blasts.") == [
        ("Aug. 7", "DATE", "2023-08-07")]
    assert vals("The firm posted a third-quarter loss.") == [
        ("third-quarter", "DATE", "2023-Q3")]
    assert vals("He ran in the 1996 Games.") == [("1996", "DATE", "1996")]
    # a date that heads its phrase keeps its determiner
    assert vals("Sales rose in the third quarter.") == [("the third quarter", "DATE", "2023-Q3")]
    assert vals("It was built in the 1990s.") == [("the 1990s", "DATE", "199")]
    assert vals("It was founded in the year 1990.") == [("the year 1990", "DATE", "1990")]


def test_counted_period_heading_its_phrase_keeps_its_article() -> None:
    assert vals("Sales for the nine months ended Sept. 30 rose.")[0] == (
        "the nine months", "DURATION", "P9M")
    # not before "of", nor an attributive "14-day"
    assert vals("It was the two days of music.") == [("two days", "DURATION", "P2D")]
    assert vals("It ended the 14-day wait.") == [("14-day", "DURATION", "P14D")]


def test_signal_and_focus_words_stay_out() -> None:
    assert vals("Such raids happened in the past.") == [("the past", "DATE", "PAST_REF")]
    assert vals("Talks may resume in the near future.") == [
        ("the near future", "DATE", "FUTURE_REF")]
    assert vals("The truce lasted only six months.") == [("six months", "DURATION", "P6M")]
    assert vals("The bridge opened just a decade ago.") == [("a decade ago", "DATE", "2014")]


def test_possessive_ending_of_a_deictic_day_stays_out() -> None:
    assert vals("Yesterday's vote was close.") == [("Yesterday", "DATE", "2024-01-18")]
    assert vals("Today's talks failed.") == [("Today", "DATE", "2024-01-19")]


def test_a_plan_in_the_past_perfect_is_no_future_cue() -> None:
    assert one("The vote had been scheduled for Tuesday.").value == "2024-01-16"
    assert one("The vote is scheduled for Tuesday.").value == "2024-01-23"


def test_a_second_day_after_a_month_day_is_a_date_of_its_own() -> None:
    assert vals("Ministers meet on Feb. 20 and 21.") == [
        ("Feb. 20", "DATE", "2024-02-20"), ("21", "DATE", "2024-02-21")]
    assert vals("Talks ran from March 2 through 9.")[1] == ("9", "DATE", "2024-03-09")
    # a quantity, a clock time, an earlier number: not a day
    for text in ("Prices rose on Jan. 10 and 12 pct on Jan. 11.",
                 "It closed Jan. 10 and 11 years later reopened.",
                 "They met Jan. 10 to 4:30 p.m.", "It fell on Jan. 10 to 9 cents."):
        assert [e.text for e in tag_dates(text, DCT) if e.text.isdigit()] == [], text


def test_generic_todays_is_the_present_age_not_the_dct() -> None:
    assert vals("It is a lesson for today's youth.") == []
    assert vals("Today's talks failed.") == [("Today", "DATE", "2024-01-19")]


def test_in_the_morning_closing_its_phrase_is_a_time_of_the_story_day() -> None:
    assert vals("Trading was slow on Tuesday. Dealers sold in the morning, then bought.") == [
        ("Tuesday", "DATE", "2024-01-16"), ("the morning", "TIME", "2024-01-16TMO")]
    assert vals("It added funds in the morning session.") == []


def test_recurrence_adjective_after_a_determiner_is_a_set() -> None:
    assert vals("He spoke in his weekly radio address.") == [("weekly", "SET", "P1W")]
    assert vals("Talks are held on a daily basis.") == [("daily", "SET", "P1D")]
    # a reporting figure or a name is not
    for text in ("Its quarterly dividend rose.", "The average daily volume fell.",
                 "The daily average rose.", "The Daily Telegraph said so."):
        assert vals(text) == [], text


def test_or_so_belongs_to_the_expression() -> None:
    assert vals("Prices may hold for the next two years or so.") == [
        ("the next two years or so", "DURATION", "P2Y")]


def test_fall_heading_a_noun_phrase_is_the_noun_not_the_season() -> None:
    for text in ("Rebels marked the fall of the provincial capital.",
                 "Traders blamed the fall in copper prices on stocks.",
                 "The fall was largely due to weaker exports.",
                 "Trade has shrunk since the fall of the old regime."):
        assert vals(text) == [], text
    assert vals("Talks resume in the fall of 2024.") == [("the fall of 2024", "DATE", "2024-FA")]
    assert vals("The port reopened last fall.") == [("last fall", "DATE", "2023-FA")]


def test_a_number_opening_a_compound_is_no_day_of_the_month() -> None:
    assert vals("Yields on the January 10-year note rose.") == [
        ("January", "DATE", "2024-01"), ("10-year", "DURATION", "P10Y")]
    assert vals("The December 30-day truce held.") == [
        ("December", "DATE", "2023-12"), ("30-day", "DURATION", "P30D")]
    # a range to a month stays a day
    assert [v for _, _, v in vals("Loadings run March 15-April 20.")] == [
        "2024-03-15", "2024-04-20"]


def test_the_last_digits_of_a_grouped_figure_are_no_count_of_years() -> None:
    assert vals("Revs 4,988,000 vs 3,101,000     Year     Net loss 12 cts") == []
    assert vals("It lasted 1.5 years.") == [("1.5 years", "DURATION", "P1Y6M")]


def test_a_dash_range_of_days_gives_the_last_day_a_date_of_its_own() -> None:
    assert vals("Drills ran Jan. 3-5 off the coast.") == [
        ("Jan. 3", "DATE", "2024-01-03"), ("5", "DATE", "2024-01-05")]
    assert vals("Mourning lasts from February 22–23.")[1] == ("23", "DATE", "2024-02-23")
    assert vals("Yields rose on Jan. 10-12 pct.") == [("Jan. 10", "DATE", "2024-01-10")]


def test_a_season_modifying_a_noun_is_no_time_expression() -> None:
    for text in ("Farmers sowed more winter barley.", "Rain helped the spring planting.",
                 "The winter storm cut power to thousands.", "Both of the summer crops failed.",
                 "Crowds came to the Winter Games in the mountains.",
                 "Buyers waited for the Autumn Statement."):
        assert vals(text) == [], text
    # a time noun, a function word or a verb after it, a modifier, a year or a deictic
    # word before it keep the season
    for text, span, code in (("Prices rise in the summer months.", "the summer", "SU"),
                             ("Parliament meets before the summer recess.", "the summer", "SU"),
                             ("Ministers will decide by the autumn how to pay.", "the autumn",
                              "FA"),
                             ("Talks stalled in the winter and resumed.", "the winter", "WI"),
                             ("Voters may face an early autumn election.", "early autumn", "FA"),
                             ("The winter wheat crop of winter 2023 was poor.", "winter 2023",
                              "WI"),
                             ("This winter wheat prices fell.", "This winter", "WI")):
        found = vals(text)
        assert [(t, ty) for t, ty, _ in found] == [(span, "DATE")], text
        assert found[0][2].endswith(code), text


def test_a_bare_unit_before_an_offset_word_is_an_uncounted_duration() -> None:
    assert vals("Days later, rebels struck again.") == [("Days", "DURATION", "PXD")]
    assert vals("The envoy left weeks later.") == [("weeks", "DURATION", "PXW")]
    assert vals("A deal was signed just hours earlier.") == [("hours", "DURATION", "PTXH")]
    assert vals("Hours after the strike, troops pulled back.") == [
        ("Hours", "DURATION", "PTXH")]
    assert vals("The port shut, only days before the vote.") == [("days", "DURATION", "PXD")]
    # a quantifier or determiner before it, or "after"/"before" inside its clause: no offset
    for text in ("Prices rose in all months before the drop.",
                 "Guards were posted in the weeks before the vote.",
                 "Police crossed the line days after the riot."):
        assert vals(text) == [], text


def test_a_range_across_months_ends_after_it_starts() -> None:
    dct = D(2025, 3, 1)
    assert vals("Loadings run February 27-July 7.", dct) == [
        ("February 27", "DATE", "2025-02-27"), ("July 7", "DATE", "2025-07-07")]
    assert vals("Grain is due for delivery between May 10 and Oct. 10.", dct) == [
        ("May 10", "DATE", "2025-05-10"), ("Oct. 10", "DATE", "2025-10-10")]
    assert vals("Talks ran from Dec. 28, 2023 to Jan. 3.", dct) == [
        ("Dec. 28, 2023", "DATE", "2023-12-28"), ("Jan. 3", "DATE", "2024-01-03")]
    # a year on the end is the start's too (the one before when the start comes later)
    assert vals("The show ran February 27-July 7, 2022.", dct) == [
        ("February 27", "DATE", "2022-02-27"), ("July 7, 2022", "DATE", "2022-07-07")]
    assert vals("Talks ran from Dec. 28 to Jan. 3, 2022.", dct) == [
        ("Dec. 28", "DATE", "2021-12-28"), ("Jan. 3, 2022", "DATE", "2022-01-03")]
    # not far past the DCT, nor a list
    assert vals("Exports for the period July 1-Feb. 13 rose.", dct)[1] == (
        "Feb. 13", "DATE", "2025-02-13")
    assert vals("Strikes on July 7 and Feb. 27 hit the port.", dct) == [
        ("July 7", "DATE", "2024-07-07"), ("Feb. 27", "DATE", "2025-02-27")]


def test_a_year_before_a_holiday_is_the_holidays_year() -> None:
    dct = D(2025, 3, 10)
    assert vals("Crowds lined the 2022 Independence Day parade.", dct) == [
        ("2022", "DATE", "2022"), ("Independence Day", "DATE", "2022-07-04")]
    assert vals("Police recalled the 2019 Easter bombings.", dct)[1] == (
        "Easter", "DATE", "2019-04-21")
    assert vals("Fares rose at Christmas, officials said.", dct)[0][2] == "2024-12-25"


def test_a_date_naming_an_attack_is_never_after_the_dct() -> None:
    dct = D(2025, 8, 19)
    assert vals("He was kidnapped during the October 7 attacks.", dct) == [
        ("October 7", "DATE", "2024-10-07")]
    assert vals("A militant behind the Sept. 11 attack on the base died.", dct) == [
        ("Sept. 11", "DATE", "2024-09-11")]
    # a scheduled occasion named by its date still lies ahead
    assert vals("Shareholders vote at the October 7 annual meeting.", dct) == [
        ("October 7", "DATE", "2025-10-07")]


def test_a_quoted_future_does_not_move_the_day_it_was_said() -> None:
    # the day belongs to the verb of saying after the quotation, not to its "will"
    assert vals('"We will respond," the minister said on Monday.') == [
        ("Monday", "DATE", "2024-01-15")]
    assert vals('"We will not accept this," he told reporters Tuesday.') == [
        ("Tuesday", "DATE", "2024-01-16")]
    # a future after the verb of saying, or a passive, still points ahead
    assert vals("He said he will meet them on Monday.") == [("Monday", "DATE", "2024-01-22")]
    assert vals("Officials will be told on Tuesday.") == [("Tuesday", "DATE", "2024-01-23")]


def test_a_deadline_preposition_reads_across_a_line_wrap() -> None:
    # hard-wrapped copy: "by" ends one line, the date starts the next
    for text in ("The firm said it will shut its plant by\nSeptember 1, idling 300 workers.",
                 "The sale is to be completed no later than\nSeptember 1 under the terms."):
        assert vals(text) == vals(text.replace("\n", " ")) == [
            ("September 1", "DATE", "2024-09-01")]
    # a past perfect on the line before still keeps it in the past
    text = "The notes, which had already sold out to investors by\nFriday, rose."
    assert vals(text) == [("Friday", "DATE", "2024-01-19")]
    # a paragraph break is still the end of the clause
    assert vals("The plant will be shut by the end of the year.\n\nSeptember 1 was quiet.") == [
        ("the end of the year", "DATE", "2024"), ("September 1", "DATE", "2023-09-01")]


def test_an_award_named_of_the_year_is_no_time_expression() -> None:
    assert vals("The band won Song of the Year and Record of the Year on Sunday.") == [
        ("Sunday", "DATE", "2024-01-14")]
    assert vals("She was named the league's Player of the Year.") == []
    # the year itself still is one
    assert vals("Profits rose for the year, the company said.") == [("the year", "DATE", "2024")]
    assert vals("It was the worst storm of the year.") == [("the year", "DATE", "2024")]


def test_a_split_year_is_one_expression_reaching_to_the_second_year() -> None:
    dct = D(1987, 3, 18)
    e = one("Output in the 1985/86 season rose to 3.2 mln tonnes.", dct)
    assert (e.text, e.value, e.earliest, e.latest) == (
        "1985/86", "1985", D(1985, 1, 1), D(1986, 12, 31))
    e = one("Growth will pick up in fiscal 1986-87, the minister said.", dct)
    assert (e.text, e.value, e.latest) == ("fiscal 1986-87", "1986", D(1987, 12, 31))
    e = one("The club moves for the 2025–26 season.", D(2025, 5, 18))
    assert (e.text, e.latest) == ("2025–26", D(2026, 12, 31))
    # 'the 1986/87 year' is no 87-year duration
    assert vals("Profits rose in the 1986/87 year.", dct) == [("1986/87", "DATE", "1986")]
    # two years that do not follow each other are no split year
    assert vals("Prices fell in 1985/87.", dct) == [("1985", "DATE", "1985")]


def test_an_initialism_before_a_name_does_not_end_the_clause() -> None:
    # "U.S. District Court", "U.S. President": the future cue before them still counts
    assert vals("Hearings are set for a U.S. District Court in Washington on Monday.") == [
        ("Monday", "DATE", "2024-01-22")]
    assert vals("The premier is to meet U.S. President Smith on Tuesday.") == [
        ("Tuesday", "DATE", "2024-01-23")]
    # a sentence ending in an initialism: the past verb of the next one still decides
    assert vals("The talks will go on in the U.S. He arrived on Tuesday.") == [
        ("Tuesday", "DATE", "2024-01-16")]


def test_a_month_day_naming_an_organisation_is_no_time_expression() -> None:
    # "the March 23 Movement", "the April 6 Youth Movement", "the 14th October Brigade"
    assert vals("Rebels of the March 23 Movement seized the town on Sunday.") == [
        ("Sunday", "DATE", "2024-01-14")]
    assert vals("The April 6 Youth Movement called a strike.") == []
    assert vals("A bomb hit the 14th October Brigade in the capital.") == []
    assert vals("The March 14 Alliance walked out.") == []
    # after a preposition of time it is still the date ("On March 23 Front-line troops ...")
    assert [v[0] for v in vals("On March 23 Movement leaders met.")] == ["March 23"]
    # a lowercase noun after it is no name
    assert [v[0] for v in vals("The March 14 alliance was formed.")] == ["March 14"]


def test_an_approximate_count_far_from_the_dct_is_no_year() -> None:
    # "about 1700 lawsuits", "nearly 2000 homes" in 2025: counts, not years
    assert tag_dates("At one point about 1700 lawsuits had been filed.", dt.date(1987, 2, 26)) == []
    assert tag_dates("Nearly 2000 homes were destroyed.", dt.date(2025, 3, 1)) == []
    # a year near the DCT before a plural noun is a year ("over 1986 levels"), and an
    # approximate year stays one
    assert [t.value for t in tag_dates("Costs rose 12 pct over 1986 levels.",
                                       dt.date(1987, 3, 2))] == ["1986"]
    assert [t.value for t in tag_dates("The plant was built around 1950.",
                                       dt.date(2025, 3, 1))] == ["1950"]
