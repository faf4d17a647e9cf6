"""Find time expressions and normalise them to TIMEX3 values against the DCT.

Resolution rules (TimeML conventions, checked against TimeBank/AQUAINT):

- Modifiers do not change the value: ``early 1990`` is ``1990``, ``mid-January``
  is ``2024-01``; they narrow ``earliest``/``latest`` (early = first third of a
  month or January-April of a year, mid = middle third, late = last third).
- A bare weekday is the latest such day on or before the DCT, unless a future
  cue is near (:mod:`analysis.timex.cues`); then it is the next such day after
  the DCT. ``last Friday`` is strictly before the DCT, ``next Friday`` after.
- A month-day (or month, season, holiday) without a year takes the year that
  puts it nearest the DCT; a future cue restricts it to on/after the DCT, a
  past-tense clause to on/before it.
  The yearless end of a range ("February 27-July 7") never lies before its start;
  a year on the end is the start's too. A date naming an attack ("the October 7
  attacks") is never after the DCT; a year right before a holiday ("the 2022
  Independence Day parade") is its year. A season modifying a noun ("winter
  wheat", "the Winter Olympics") is no time expression.
- ``last week``/``this month``/``next year``, ``two days ago``: arithmetic on the
  DCT at the granularity of the unit (weeks are ISO weeks). ``a year earlier``,
  ``the next day``, ``the quarter``, ``that year`` are anaphoric: they shift
  the last mentioned expression of a compatible granularity (the DCT when
  there is none).
- Durations (``three days`` -> ``P3D``, ``several years`` -> ``PXY``) and sets
  (``every week``, ``weekly`` -> ``P1W``) are never placed on the calendar.
- Vague references: ``now``/``currently`` -> ``PRESENT_REF``,
  ``recently``/``previously``/``in the past`` -> ``PAST_REF``, ``soon``/``the
  future`` -> ``FUTURE_REF`` (no calendar bounds).
- Without a DCT, expressions that need one keep their type and get a value
  with ``X`` placeholders (``XXXX-01-16``, ``XXXX-WXX-5``) or an empty value,
  and no bounds: no date is ever invented.
- Nothing on a boilerplate line (``Copyright © 2021``, ``All rights
  reserved``) is tagged.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from itertools import compress, count
from operator import not_

from ..records import TimeExpression
from . import granules as g
from .cues import CueReader
from .lexicon import MONTHS, ORDINALS, UNIT_CODES, WEEKDAYS, parse_number, spelled_year, unit_of
from .patterns import (
    ASCII_LOWER,
    BOILERPLATE,
    CLOCKISH,
    CORE_WORDS,
    JOINING_WORDS,
    LOOKBACK,
    MONTH,
    PREFIX_LEN,
    RULE_SOURCES,
    RULES_AT,
    TOKEN_SPLIT,
    TOKEN_SPLIT_ASCII,
    rules_at,
)

Result = tuple[str, str, dt.date | None, dt.date | None]  # type, value, earliest, latest

_PRE_MOD = {
    "early": "START", "beginning": "START", "start": "START", "mid": "MID", "middle": "MID",
    "late": "END", "end": "END", "close": "END", "turn": "END",
}  # fmt: skip
_NEEDS_CUE_MONTHS = frozenset({"may", "march"})
# abbreviations that are a month only with their full stop or a modifier ("Jan.", "last Jan")
_SHORT_MONTHS = frozenset(
    {"jun", "jul", "mar", "apr", "sep", "dec", "oct", "nov", "jan", "feb", "aug", "sept"})
_MONTH_CUE = re.compile(
    r"(?:\b(?:in|since|by|until|till|from|to|of|through|during|last|this|next|early|late|mid|"
    r"before|after|between|and|or|on|for|each|every|end|beginning|middle)\s*-?\s*)$",
    re.IGNORECASE,
)
_SEASON_CUE = re.compile(
    r"(?:\b(?:in|since|by|until|till|from|through|during|over|last|this|next|early|late|mid|"
    r"before|after|the|of)\s*-?\s*)$",
    re.IGNORECASE,
)
# 'fall'/'autumn' heading a noun phrase or a clause is the noun, not the season ('the fall
# of the regime', 'the fall in oil prices', 'the fall was due to'); 'the fall of 1998' and
# 'last fall' stay seasons
_FALL_NOUN = re.compile(
    r"\s+(?:of|in|was|is|has|had|would|will|could|from)\b(?!\s+(?:\d|the\s+year\b|"
    r"(?:last|this|next)\s+year\b))",
    re.IGNORECASE,
)
_SEASON_DEICTIC = frozenset({"last", "this", "next", "this past", "this coming"})
# A season word right before a noun modifies it ('winter wheat', 'spring planting', 'the
# winter storm', 'tonnes of summer barley'): no time expression, unless the noun is a time
# word ('the summer months', 'the summer recess', 'the spring planting season') or the next
# word is a function word or a verb ('the fall to', 'summer was', 'the winter had'). A
# capitalised season before a capitalised word is part of a name ('the Winter Olympics', 'the
# Autumn Statement', 'Fall River'). A year, a deictic word or a modifier keeps the season
# ('winter 2024', 'this winter', 'last summer', 'an early autumn election').
_SEASON_MODIFIES = re.compile(
    r"(?:\s+|-)(?!(?:[a-z]+\s+)?seasons?\b)"
    r"(?!(?:months?|time|period|weeks?|days?|quarter|recess|break|vacation|holidays?|session|"
    r"and|or|but|nor|to|in|"
    r"on|at|of|for|from|with|by|as|than|when|while|if|which|who|that|where|before|after|"
    r"during|until|till|since|because|though|although|so|then|anyway|about|into|through|"
    r"over|amid|amidst|following|is|was|are|were|be|been|has|had|have|will|would|could|"
    r"should|may|might|can|must|saw|sees|brought|brings|began|begins|starts|ends|came|comes|"
    r"arrives|went|goes|proved|looks|gets|got|sets|lasts|marks|remains|seems|turns|itself|"
    r"the|a|an|this|that|these|those|his|her|its|their|our|it|he|she|they|we|you|there|not|"
    r"also|too|again|alone|ahead|now|yet|still|already|instead|ago|earlier|later|last|next|"
    r"each|every|all|both|whereas|unless|once|how|what|whether|why|whom|whose|per|via|"
    r"against|versus|toward|towards|under|across|around|along|between|without|within|except|"
    r"like|near|off|out|up|down|among|upon|despite|plus)\b)"
    r"(?![a-z]+(?:ed|ly)\b)[a-z]{3,}\b"
)
_SEASON_NAME = re.compile(r"\s+[A-Z][a-z]")
_PART_CODE = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
_VAGUE = {
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "currently": "PRESENT_REF",
    "current": "PRESENT_REF",
    "presently": "PRESENT_REF", "at present": "PRESENT_REF", "nowadays": "PRESENT_REF",
    "these days": "PRESENT_REF", "at the moment": "PRESENT_REF",
    "for the time being": "PRESENT_REF",
    "recently": "PAST_REF", "lately": "PAST_REF", "previously": "PAST_REF",
    "formerly": "PAST_REF", "in the past": "PAST_REF", "the past": "PAST_REF",
    "recent": "PAST_REF", "soon": "FUTURE_REF", "shortly": "FUTURE_REF",
}  # fmt: skip
# Adverbs TimeML annotators almost never mark as time expressions: "previously"
# is tagged 3 times in 23 in TimeBank/AQUAINT, "formerly" and "shortly" never.
_UNTAGGED_ADVERBS = frozenset({"previously", "formerly", "shortly"})
_WS = re.compile(r"\s+")
_MONEY_BEFORE = re.compile(r"(?:[$€£¥]\s?[\d.,]+(?:\s+(?:million|billion|trillion))?|"
                           r"\b\d[\d.,]*\s*(?:%|percent|cents?|dollars?|tons?|barrels?)|"
                           r"\b(?:million|billion|trillion))\s*$", re.IGNORECASE)
# A quantity right before "a year"/"per hour"/"annually" makes the unit a rate ("$55 a
# night", "700 seats a week", "rise 8.5% annually", "15 million instructions per second"),
# which TimeBank/AQUAINT leave untagged 11 times of 16 (TimeML guidelines: expressions of
# speed are not markable); a preposition or approximator right before the unit keeps a
# duration ("within a week", "nearly an hour").
_NUMBER_WORDS = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|"
                 r"thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|"
                 r"billion|hundreds|thousands|millions|billions|dozens")
_RATE_BEFORE = re.compile(
    rf"(?:[$€£¥#]\s?\d[\d.,]*|\b\d[\d.,]*\s?%?|\b(?:{_NUMBER_WORDS}))"
    r"(?:\s+(?:million|billion|trillion|thousand|hundred|percent|cents?|dollars?))?"
    r"(?:\s+(?:and|or|to)\s+[$€£¥#]?\d[\d.,]*(?:\s+(?:million|billion|trillion))?)?"
    r"(?:\s+(?:of\s+)?(?!(?:for|in|within|over|than|about|nearly|almost|after|before|every|each|"
    r"per|once|twice|times|of|the|a|an|and|or|to|at|by|on|from|during|since|until|"
    r"only|just|some)\b)(?![a-z-]*(?:able|ed|ing|ly)\b)[a-z][a-z-]*){0,2}\s+$",
    re.IGNORECASE,
)
_FORWARD = re.compile(
    r"\b(?:will|would|shall|should|could|may|might|can|is|are|be|expects?|expected|expecting|"
    r"anticipat\w*|project\w*|forecast\w*|estimat\w*|outlook|plans?|planned|predict\w*|"
    r"target\w*|hopes?)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n\s*\n")
_SENTENCE_START = re.compile(r"(?:[.!?]['\"”’)]*\s+|\n\s*\n\s*|^\s*)[\"“‘`']*$")
_YEAR_BAD_BEFORE = re.compile(r"(?:[$#€£]|\bNo\.|\bnumber|\bflight|\broute|\bpage|\bpp?\.|"
                              r"\bRoom|\bapartment|\bSuite)\s*$", re.IGNORECASE)
_COUNT_BEFORE = re.compile(r"\b(?:about|around|approximately|roughly|some|nearly|almost|over|"
                           r"more\s+than|at\s+least|up\s+to|fewer\s+than|less\s+than|only|"
                           r"just|another)\s+\Z", re.IGNORECASE)
_COUNT_YEAR_GAP = 10
_PLURAL_AFTER = re.compile(r"\s+([a-z]{3,}s)\b")
_NOT_PLURAL = frozenset("was has does this thus plus less unless perhaps always across whereas "
                        "its his hers ours theirs yours is".split())
_YEAR_BAD_AFTER = re.compile(r"^\s*(?:people|persons|troops|soldiers|workers|employees|"
                             r"jobs|members|shares|units|cars|votes|deaths|km|kilometers|"
                             r"miles|meters|feet|tons|barrels|dollars|yuan|rupees|euros|"
                             r"points|seats|cases|hours|rounds|metres|acres|times|"
                             # a clock time, not a year: "2400 GMT", "1675 hrs"
                             r"[ecmp][sd]t|gmt|utc|hrs)\b",
                             re.IGNORECASE)
_ADJ_BEFORE = re.compile(r"\b(?:its|the|a|an|their|his|her|our|your|average|initial|regular|"
                         r"latest|first|usual|normal|total|combined|biggest|largest|new|"
                         r"record|typical)\s+$", re.IGNORECASE)
_ENDED = re.compile(
    r"\s+end(?:ed|ing)\s+(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|March|Mar|April|Apr|May|June?|"
    r"July?|Aug(?:ust)?|Sept(?:ember)?|Sep|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s*"
    r"(?P<d>[12]\d|3[01]|0?[1-9])(?!\d)(?:,?\s+(?P<y>(?:19|20)\d\d))?"
)
_FRACTION_OF = re.compile(
    r"\s+of\s+(?!(?:the\s+|this\s+|next\s+|fiscal\s+)*(?:year|fiscal|calendar|(?:19|20)\d\d))"
)
_ADJ_AFTER = re.compile(r"-(?:earlier|ago|end)\b")
_PERIOD_FOLLOWS = re.compile(r"\s+end(?:ed|ing)\b")
# "Wednesday's ruling", "the Aug. 7 blasts": the date names an event (see event_ref).
_POSSESSIVE = re.compile(r"['’]s\s+(?:[a-z]+[\s-]+){0,2}?(?=[a-z])")
_THE_BEFORE = re.compile(r"\bthe\s+\S{3}", re.IGNORECASE)
_ATTRIBUTIVE = re.compile(r"\s+(?:[a-z]+[\s-]+){0,2}?(?=[a-z]{3,}\b)")
_SCHEDULED_NOUN = re.compile(
    r"\b(?:deadline|elections?|votes?|voting|ballot|referendum|polls?|runoff|summit|meeting|"
    r"talks|session|hearing|trial|conference|visit|trip|game|match|race|launch|opening|"
    r"inauguration|start|debut|premiere|expiration|target|date|plan|schedule|scheduled|"
    r"planned|upcoming|expected|proposed)\b",
)
_PAST_VERB_AFTER = re.compile(
    r"\s+(?:became|began|went|came|fell|rose|got|made|took|found|left|gave|saw|[a-z]{3,}ed)\b",
    re.IGNORECASE,
)
# A capitalised word (not a sentence start) right before a capitalised expression makes
# it part of a name ("VOA Today").
_CENTURY_TENS = re.compile(r"(?:nineteen|eighteen)[\s-]+(?:twenty|thirty|forty|fifty|sixty|"
                           r"seventy|eighty|ninety|oh)\b", re.IGNORECASE)
_TITLE_BEFORE = re.compile(r"[a-z,;]\s+[A-Z][A-Za-z'’]*\s+$")
# A determiner before a date that modifies a noun belongs to the noun phrase, not to the
# expression (TimeML): "the [Aug. 7] bombings", "a [third-quarter] loss", "the [1996]
# Olympics". TimeBank/AQUAINT leave it out every time (month-days 14 of 14, years 17 of 17,
# hyphenated quarters 20 of 20); "the third quarter", "the 1990s" keep theirs.
# ("about the Aug. 7 blasts": "about" is then a preposition, not an approximation)
_DETERMINER = re.compile(r"(?:(?:around|about|approximately|roughly)\s+)?"
                         r"(?:the|a|an|that|its|their|his|her|our)\s+", re.IGNORECASE)
_ATTRIBUTIVE_REST = {
    "mdy": re.compile(r"[A-Z]"), "month_year": re.compile(r"[A-Z]"),
    "year": re.compile(r"\d"), "quarter": re.compile(r"[^\s]+-quarter\b"),
}
# a second day after a month-day: "April 24 and 25", "March 2 to 9" (not "Feb. 17 and 19
# pct", "May 2 to 3 years", a clock time or a fraction)
_SECOND_DAY = re.compile(
    r"(?:\s*(?:and|or|to|through|until|till)\s+|\s*[-–]\s*)(?P<d>[12]\d|3[01]|[1-9])"
    r"(?:st|nd|rd|th)?\b"
    r"(?![\d.,:/%-]?\d|\s*(?:%|(?:[ap]\.?m|o'clock|pct|percent|per|points?|dlrs|cents|mln|"
    r"billion|million|thousand|[a-z]{3,}s)\b))",
    re.IGNORECASE,
)
# "today's world/youth/generation": generic, the present age (TimeBank/AQUAINT leave it
# untagged 3 times of 3; "today's talks" is the DCT's day)
_GENERIC_TODAY = re.compile(r"today['’]s\s+(?:world|youth|society|generations?|young|"
                            r"children|kids|reality)\b", re.IGNORECASE)
_IN_THE_PART = re.compile(r"\b(?:in|during)\s+$", re.IGNORECASE)
_PART_ENDS = re.compile(r"\s*(?:[.,;:!?)]|$)|\s+(?:and|but|to|when|before|after|as|while|"
                        r"with|on|in|at|by|from|for)\b", re.IGNORECASE)
# After a determiner "daily/weekly/monthly/hourly/nightly" still say how often something
# recurs ("his weekly radio address", "on a daily basis": TimeBank/AQUAINT tag it 5 of 5);
# "its quarterly dividend" (6 of 6 untagged), "average daily volume" (2 of 2) and "the
# daily average" name a reporting figure; "The Daily Telegraph" a newspaper.
_RECURRING_ADJ = frozenset({"daily", "weekly", "monthly", "hourly", "nightly"})
_ADJ_BEFORE_FIGURE = re.compile(r"\b(?:average|initial|regular|latest|first|usual|normal|"
                                r"total|combined|biggest|largest|new|record|typical)\s+$",
                                re.IGNORECASE)
_FIGURE_AFTER = re.compile(r"\s+(?:average|record|high|low|totals?|volume|figures?|rate)\b",
                           re.IGNORECASE)
_NAME_AFTER = re.compile(r"[A-Z][a-z]*\s+[A-Z]")  # "The Daily Telegraph"
# a yearless month-day before a capitalised name head is the name of an organisation ("the
# March 23 Movement", "the April 6 Youth Movement", "the March 14 Alliance"), not a date
_ORG_NAME_AFTER = re.compile(r"\s*(?:[A-Z][a-z]+\s+)?(?:Movement|Alliance|Coalition|Front|"
                             r"Brigades?|Revolution)\b")
_DAY_BEFORE = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\s+$")
_DATE_PREP_BEFORE = re.compile(r"\b(?:on|since|until|till|by|before|after|from|between|"
                               r"through)\s+$", re.IGNORECASE)  # "On March 23 Party leaders met"
# a bare plural unit before "later"/"earlier" counts on from or back to something said
# before ("Days later", "left weeks later"), unless a determiner or quantifier makes it a set
# of units ("in all months later", "the days later", "of days earlier"); before "after"/
# "before" only when it opens its clause ("Hours after the strike, ..."): in "in the weeks
# before the vote" or "crossed days after the killing" TimeBank/AQUAINT annotators mostly
# type the bare unit a DATE at the event (6 of 7), which the tagger cannot place
_OFFSET_AFTER = re.compile(r"\s+(later|earlier|before|after)$", re.IGNORECASE)
_NOT_OFFSET_BEFORE = re.compile(r"\b(?:all|both|other|those|these|such|no|any|each|every|"
                                r"what|which|many|the|of|the\s+\w+|\d(?:[\d,.]*\d)?)\s+$",
                                re.IGNORECASE)
_CLAUSE_START = re.compile(r"(?:^|[.!?;:,]|[.!?]['\"”’)]|\n\s*\n)[\s\"“‘'(]*"
                           r"(?:(?:just|only|mere|barely|some)\s+)?$", re.IGNORECASE)
# the ends of a range of days across months ("February 27-July 7", "from Dec. 28 to Jan.
# 3", "between March 3 and April 5"): the second never lies before the first, and a year on
# the second ("Feb. 27-July 7, 2022") is the first's too
_RANGE_TO = re.compile(r"\s*(?:[-–—]|to|through|thru|until|till)\s*$", re.IGNORECASE)
_RANGE_AND = re.compile(r"\bbetween\s+$", re.IGNORECASE)
_RANGE_END_YEAR = re.compile(
    rf"\s*(?:[-–—]|\s(?:to|through|thru|until|till|and)\s)\s*(?P<mon>{MONTH})\s*"
    r"(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?,?\s+(?P<y>1[6-9]\d\d|20\d\d)(?!\d)",
    re.IGNORECASE,
)
_OCCURRENCE_AFTER = re.compile(
    r"(?:\s+[a-z]+){0,2}?\s+(?:attacks?|bombings?|blasts?|massacres?|killings?|coups?|riots?|"
    r"shootings?|assassinations?|explosions?|uprisings?|invasions?|crash|earthquakes?|"
    r"disasters?|tragedy|abductions?|hijackings?|ambush|raids?|clashes|atrocities)\b"
)
_YEAR_BEFORE_HOLIDAY = re.compile(r"(?<![\d$€£#.,])\b(1[6-9]\d\d|20\d\d)\s+$")
_OR_SO = re.compile(r"\s+or\s+so\b", re.IGNORECASE)
_THE_END = re.compile(r"\bthe\s+$", re.IGNORECASE)
_OF_NEXT = re.compile(r"\s+of\b", re.IGNORECASE)
_SPLIT_YEAR = re.compile(r"[/–-](\d\d)(?![\d/–-])")  # "1985[/86]", "2025[–26]"
_SPLIT_YEAR_MARKS = ("/", "–", "-")
_TITLE_OF = re.compile(r"\b[A-Z][a-z]+\s+of\s+$")  # "Player of [the Year]" (case-sensitive)
_NON_DIGITS = re.compile(r"\D")
_EARLY_YEAR_CUE = re.compile(r"\b(?:in|since|of|from|to|until|by)\s+$", re.IGNORECASE)
_NUMBER_LISTED = re.compile(r"\d[\d,.]*\s*(?:to|-|and|or)\s*$")
_YEAR_LISTED = re.compile(r"(?:1[6-9]|20)\d\d\s*(?:to|-|and|or)\s*$")
_OLD_AFTER = re.compile(r"\s+old\b")
_FIGURE_DIGITS_BEFORE = re.compile(r"\d[,.]$")
_TIMES_BEFORE = re.compile(r"\b(?:once|twice|times)\s+$", re.IGNORECASE)
_ONE_DAY_AFTER = re.compile(r"\s+(?:after|before|earlier|later|ago|or|and|of|in|for)\b")
_ONE_DAY_BEFORE = re.compile(r"\b(?:for|in|within|about|nearly|over|than|only|just)\s+$",
                             re.IGNORECASE)
_UNITS_LEAD = re.compile(r"\b(?:for|within|over\s+(?P<the>the)|time\s+in)\s+$", re.IGNORECASE)
_UNITS_SIGNAL = re.compile(
    r"\b(?:for|over|in|within|took|take|takes|lasted|last|after|about|than)\s+$", re.IGNORECASE)
_ABBREVIATION_END = re.compile(r"\b(?:[A-Z][a-z]{2,3}|[ap]\.m)\.$")  # "Sept.", "a.m."
PAST_REACH_DAYS = 300
NARRATIVE_REACH_CHARS = 600
FUTURE_DISTANCE_FACTOR = 2.0
_FUTURE_DIR = frozenset({"later", "from now", "hence", "after"})
_DEADLINE_GRACE = dt.timedelta(days=7)
_EARLIEST_GRACED = dt.date.min + _DEADLINE_GRACE
_CLOCK_PUNCTUATION = ("-", "/", ":")
# parts from a number's separator on that CLOCKISH can read: "<sep>in<sep>the<sep>m..."
_CLOCK_PARTS = 6


_NO_MATCH_YET: re.Match[str] = re.match("", "")  # type: ignore[assignment]


def _norm(s: str) -> str:
    return _WS.sub(" ", s.strip().lower()) if s else s


def _mon(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _day_of(word: str) -> int:
    return int(_NON_DIGITS.sub("", word))


def _pre_mod(pre: str | None) -> str:
    if not pre:
        return ""
    for word in _norm(pre).replace("-", " ").split():
        if word in _PRE_MOD:
            return _PRE_MOD[word]
    return ""


def _two_digit_year(y: int) -> int:
    return 1900 + y if y >= 30 else 2000 + y


class _Tagger:
    """One document's tagging state: text, DCT and the anaphoric references."""

    def __init__(self, text: str, dct: dt.date | None) -> None:
        self.text = text
        self.dct = dct
        self.ref_day: dt.date | None = dct
        self.ref_quarter: tuple[int, int] | None = None
        self.ref_quarter_at = -10**9
        self.lead_quarter: tuple[int, int] | None = None  # first explicit quarter
        # yearless months given a year (year, start, end): the year stands for a later
        # uncued mention of the month if the mention had a tense cue
        self.month_mentions: dict[int, list[tuple[int, int, int]]] = {}
        self.ref_year: int | None = dct.year if dct else None
        self.ref_month: tuple[int, int] | None = (dct.year, dct.month) if dct else None
        self.ref_full: tuple[dt.date, int] | None = None  # last explicit full date, its end
        self.last_md: tuple[dt.date, int, int] | None = None  # last month-day, its span
        self.m: re.Match[str] = _NO_MATCH_YET
        self.start = 0
        self.end = 0
        self.cues = CueReader(text)
        self._event_refs: dict[tuple[int, int], bool] = {}
        self._boilerplate_free = False  # set by run()

    # ------------------------------------------------------------------ helpers
    def grp(self, name: str) -> str:
        try:
            a, b = self.m.span(name)
        except IndexError:  # the rule has no such group
            return ""
        return self.text[a:b] if a >= 0 else ""

    def fut(self) -> bool:
        if self.event_ref():
            return False
        return self.cues.future(self.start, self.end)

    def past(self) -> bool:
        if self.event_ref():
            return True
        return self.cues.past(self.start, self.end)

    def event_ref(self) -> bool:
        """:meth:`_event_ref` of the current expression, read once per span."""
        key = (self.start, self.end)
        found = self._event_refs.get(key)
        if found is None:
            found = self._event_refs[key] = self._event_ref()
        return found

    def _event_ref(self) -> bool:
        """A yearless date naming a known event: "Wednesday's ruling", "the Aug. 7
        blasts". Such a noun phrase points back to something already reported, whatever
        the tense of its clause ("would appeal Wednesday's ruling"), unless the event is a
        scheduled one ("Sunday's election", "the Nov. 1 deadline")."""
        after = self.text[self.end : self.end + 40]
        m = _POSSESSIVE.match(after)
        if m is None:
            if not _THE_BEFORE.search(self.text[max(0, self.start - 5) : self.start + 8]):
                return False
            m = _ATTRIBUTIVE.match(after)
            if m is None:
                return False
        return _SCHEDULED_NOUN.search(after, 0, m.end() + 25) is None

    def past_occurrence(self) -> bool:
        """The yearless date names an attack, a coup or a disaster that has happened:
        "the October 7 attacks", "the Jan. 6 riot", "the May 14 coup"."""
        return (_THE_BEFORE.search(self.text[max(0, self.start - 5) : self.start + 8])
                is not None and _OCCURRENCE_AFTER.match(self.text, self.end) is not None)

    def before_text(self, width: int = 30) -> str:
        return self.text[max(0, self.start - width) : self.start]

    def pick_year(self, candidates: Callable[[int], dt.date | None],
                  last_of: Callable[[int], dt.date | None] | None = None) -> int | None:
        """Year placing a yearless date nearest the DCT, respecting tense cues."""
        if self.dct is None:
            return None
        dct = self.dct
        grace = dct - _DEADLINE_GRACE if dct >= _EARLIEST_GRACED else None
        # The year of each reading, then the cues only as far as the readings still differ:
        # a cue whose reading and every later one give the nearest year cannot change it.
        # - a date naming an attack: the latest on or before the DCT (nobody names an attack
        #   to come by its date: "during the October 7 attacks", "the Easter bombings")
        # - a future cue: the earliest not over a week past (a deadline just missed, "by
        #   Jan. 14" the day after, is still this one)
        # - a past cue: the latest begun by the DCT and not too far back
        # - no cue: the nearest (news mostly reports the past: a future reading must be
        #   twice as near)
        # (each the first such year of the three on a tie, like max/min)
        occurred: tuple[int, dt.date] | None = None
        ahead: tuple[int, dt.date] | None = None
        reached: tuple[int, dt.date] | None = None
        nearest: tuple[int, float] | None = None
        y0 = dct.year
        for y in (y0 - 1, y0, y0 + 1):
            first = candidates(y)
            last = first if last_of is None else last_of(y)
            if first is None or last is None:
                continue
            if last <= dct and (occurred is None or first > occurred[1]):
                occurred = y, first
            if grace is not None and last >= grace and (ahead is None or first < ahead[1]):
                ahead = y, first
            if first <= dct and (dct - last).days <= PAST_REACH_DAYS and (
                    reached is None or first > reached[1]):
                reached = y, first
            if first <= dct <= last:
                distance = 0.0
            elif last < dct:
                distance = float((dct - last).days)
            else:
                distance = FUTURE_DISTANCE_FACTOR * (first - dct).days
            if nearest is None or distance < nearest[1]:
                nearest = y, distance
        if nearest is None:
            return None
        near_y = nearest[0]
        if grace is None:
            # a DCT in the first week of year 1: the cues read in order, the future reading
            # overflowing as it always did
            if occurred is not None and self.past_occurrence():
                return occurred[0]
            if self.fut():
                raise OverflowError("date value out of range")
            return reached[0] if reached is not None and self.past() else near_y
        occurred_y = occurred[0] if occurred is not None else None
        ahead_y = ahead[0] if ahead is not None else None
        reached_y = reached[0] if reached is not None else None
        tense_agrees = ahead_y in (None, near_y) and reached_y in (None, near_y)
        if tense_agrees and occurred_y in (None, near_y):
            return near_y
        if occurred_y is not None and self.past_occurrence():
            return occurred_y
        if tense_agrees:
            return near_y
        if ahead_y is not None and self.fut():
            return ahead_y
        if reached_y is not None and reached_y != near_y and self.past():
            return reached_y
        return near_y

    def weekday_date(self, wd: int, rel: str) -> dt.date | None:
        base = self.dct
        if base is None:
            return None
        if rel in ("the previous", "the following", "the next") and self.ref_day is not None:
            # anaphoric: "down from the previous Friday", "the following Monday" count from
            # the day the story is at, not from the DCT
            base = self.ref_day
        delta_back = (base.isoweekday() - wd) % 7
        if rel in ("last", "this past", "the previous"):
            return base - dt.timedelta(days=delta_back or 7)
        if rel in ("next", "this coming", "the following", "the next"):
            return base + dt.timedelta(days=((wd - base.isoweekday()) % 7) or 7)
        if rel == "this":
            return base + dt.timedelta(days=wd - base.isoweekday())
        if self.fut():
            return base + dt.timedelta(days=((wd - base.isoweekday()) % 7) or 7)
        return base - dt.timedelta(days=delta_back)

    def shift_unit(self, unit: str, n: int, base: dt.date) -> g.Resolved | None:
        """``base`` shifted by ``n`` units, at the unit's granularity."""
        try:
            if unit in ("day", "night"):
                return g.day(base + dt.timedelta(days=n))
            if unit in ("week", "fortnight"):
                return g.week(base + dt.timedelta(days=7 * n * (2 if unit == "fortnight" else 1)))
            if unit == "weekend":
                return g.weekend(base + dt.timedelta(days=7 * n))
            if unit == "month":
                y, mo = g.add_months(base.year, base.month, n)
                return g.month(y, mo)
            if unit == "quarter":
                q = (base.month - 1) // 3
                y, q0 = divmod(base.year * 4 + q + n, 4)
                return g.quarter(y, q0 + 1)
            if unit == "year":
                return g.year(base.year + n)
            if unit == "decade":
                return g.decade(base.year + 10 * n)
            if unit == "century":
                return g.century(base.year // 100 + n)
        except (OverflowError, ValueError):
            return None
        return None

    # ------------------------------------------------------------------ rules
    def r_iso(self) -> Result | None:
        d = g.safe_date(int(self.grp("y")), int(self.grp("m")), int(self.grp("d")))
        if d is None:
            return None
        self.ref_day = d
        if self.grp("hh"):
            return "TIME", f"{d.isoformat()}T{self.grp('hh')}:{self.grp('mi')}", d, d
        return ("DATE", *g.day(d))

    def r_slash(self) -> Result | None:
        a, b, y = int(self.grp("a")), int(self.grp("b")), int(self.grp("y"))
        if y < 100:
            y = _two_digit_year(y)
        mon, dd = (a, b) if a <= 12 else (b, a)
        d = g.safe_date(y, mon, dd)
        if d is None:
            return None
        self.ref_day = d
        return ("DATE", *g.day(d))

    def r_clock(self) -> Result | None:
        if self.grp("named"):
            named = self.grp("named").lower()
            if named == "noon" and re.search(r"\bhigh\s+$", self.before_text(6), re.I):
                return None  # "high noon": the idiom (a showdown), not a clock time
            hh, mi = (24, 0) if named == "midnight" else (12, 0)
        else:
            hh = int(self.grp("h") or self.grp("h2") or self.grp("h3") or self.grp("h4")
                     or self.grp("h5"))
            mi = int(self.grp("mi") or self.grp("mi2") or self.grp("mi5") or 0)
            ap = self.grp("ap").lower().replace(".", "").replace(" ", "")
            pp = self.grp("pp").lower()
            if (ap.startswith("p") or "afternoon" in pp or "evening" in pp) and hh < 12:
                hh += 12
            elif ap.startswith("a") and hh == 12:
                hh = 0
        q = _norm(self.grp("q"))
        if q in ("at", "after", "before", "by", "until", "shortly after", "shortly before"):
            # Signals are not part of the expression: move the start past them.
            self.start = self.m.start() + len(self.grp("q")) + 1
            while self.start < self.end and self.text[self.start].isspace():
                self.start += 1
        day: dt.date | None = None
        ref = self.grp("dayref")
        if ref:
            res = self._dayref(ref)
            if res is not None:
                day = res
        elif self.dct is not None:
            day = self.ref_day or self.dct
        clock = f"T{hh:02d}:{mi:02d}"
        if day is None:
            return "TIME", "XXXX-XX-XX" + clock, None, None
        return "TIME", day.isoformat() + clock, day, day

    def _dayref(self, ref: str) -> dt.date | None:
        r = _norm(ref)
        if r in WEEKDAYS:
            return self.weekday_date(WEEKDAYS[r], "")
        if self.dct is None:
            return None
        if r in ("today", "tonight"):
            return self.dct
        if r == "yesterday":
            return self.dct - dt.timedelta(days=1)
        if r == "tomorrow":
            return self.dct + dt.timedelta(days=1)
        mm = re.match(r"([A-Za-z]+)\.?\s*(\d+)", ref)
        if mm and mm.group(1).lower() in MONTHS:
            mon, dd = MONTHS[mm.group(1).lower()], int(mm.group(2))
            y = self.pick_year(lambda yy: g.safe_date(yy, mon, dd))
            return g.safe_date(y, mon, dd) if y is not None else None
        return None

    def _month_ok(self, word: str) -> bool:
        return word[:1].isupper()

    def _md(self, mon: int, dd: int, year_txt: str, wd_txt: str) -> Result | None:
        if year_txt:
            y = int(year_txt.strip("'"))
            if y < 100:
                y = _two_digit_year(y)
            d = g.safe_date(y, mon, dd)
            if d is None:
                return None
        elif self.grp("rel") and self.dct is not None:
            rel = _norm(self.grp("rel"))
            ys = (self.dct.year - 1, self.dct.year, self.dct.year + 1)
            cands = [c for c in (g.safe_date(yy, mon, dd) for yy in ys) if c is not None]
            if rel in ("last", "this past"):
                opts = [c for c in cands if c < self.dct]
                d = max(opts) if opts else None
            elif rel in ("next", "this coming"):
                opts = [c for c in cands if c > self.dct]
                d = min(opts) if opts else None
            else:
                d = g.safe_date(self.dct.year, mon, dd)
            if d is None:
                return None
        elif wd_txt and self.dct is not None:
            wd = WEEKDAYS[wd_txt.lower()]
            years = (self.dct.year - 1, self.dct.year, self.dct.year + 1)
            cands = [c for c in (g.safe_date(yy, mon, dd) for yy in years) if c is not None]
            good = [c for c in cands if c.isoweekday() == wd]
            if good:
                d = min(good, key=lambda c: abs((c - self.dct).days))  # type: ignore[operator]
            else:
                yy = self.pick_year(lambda y_: g.safe_date(y_, mon, dd))
                d = g.safe_date(yy, mon, dd) if yy is not None else None
                if d is None:
                    return None
        else:
            d = self._range_year(mon, dd)
            if d is None:
                d = self._narrative_year(mon, dd)
            yy = d.year if d is not None else self.pick_year(lambda y_: g.safe_date(y_, mon, dd))
            if yy is None:
                if g.safe_date(2000, mon, dd) is None:
                    return None
                return "DATE", f"XXXX-{mon:02d}-{dd:02d}", None, None
            d = g.safe_date(yy, mon, dd)
            if d is None:
                return None
        if year_txt:
            self.ref_full = (d, self.end)
            self.ref_year = d.year
            self.ref_month = (d.year, d.month)
        if not year_txt and (prev := self._range_start()) is not None and d < prev:
            later = g.safe_date(d.year + 1, mon, dd)
            if later is not None and (later - prev).days <= 366 and (
                    self.dct is None or (later - self.dct).days <= PAST_REACH_DAYS):
                # "February 27-July 7": the end after the start; but not far ahead of the
                # DCT: then the start is the wrong one ("the period July 1-March 13")
                d = later
        self.ref_day = d
        self.last_md = (d, self.start, self.end)
        return ("DATE", *g.day(d))

    def _range_start(self) -> dt.date | None:
        """The first day of a range this yearless month-day ends ("February 27-[July 7]",
        "from Dec. 28 to [Jan. 3]", "between March 3 and [April 5]")."""
        if self.last_md is None:
            return None
        prev, p_start, p_end = self.last_md
        gap = self.text[p_end : self.start]
        if len(gap) > 12:
            return None
        if _RANGE_TO.fullmatch(gap) or (
                re.fullmatch(r"\s*and\s*", gap)
                and _RANGE_AND.search(self.text, max(0, p_start - 12), p_start)):
            return prev
        return None

    def _range_year(self, mon: int, dd: int) -> dt.date | None:
        """A yearless month-day starting a range whose end has a year ("Feb. 27-July 7,
        2022"): that year, or the one before when the start's month-day comes later."""
        m = _RANGE_END_YEAR.match(self.text, self.end)
        if m is None or m.group("mon").lower().rstrip(".") not in MONTHS:
            return None
        y = int(m.group("y"))
        if (mon, dd) > (_mon(m.group("mon")), int(m.group("d"))):
            y -= 1
        return g.safe_date(y, mon, dd)

    def _narrative_year(self, mon: int, dd: int) -> dt.date | None:
        """Reference time: a yearless month-day shortly after an explicit full date of
        another year than the DCT's takes that date's year (never a date after the DCT)."""
        if self.ref_full is None or self.dct is None:
            return None
        ref, at = self.ref_full
        if self.start - at > NARRATIVE_REACH_CHARS or ref.year == self.dct.year:
            return None
        d = g.safe_date(ref.year, mon, dd)
        return d if d is not None and d <= self.dct else None

    def r_mdy(self) -> Result | None:
        word = self.grp("mon")
        if not self._month_ok(word):
            return None
        year_txt = self.grp("y")
        of_year = self.grp("yo")
        if (not year_txt and not of_year and _ORG_NAME_AFTER.match(self.text, self.end)
                and not _DATE_PREP_BEFORE.search(self.text, max(0, self.start - 10),
                                                 self.start)):
            return None  # "the March 23 Movement": a name
        if of_year:
            # "March 18 of last year": the year the phrase names, not the DCT's
            y = self._year_from(of_year)
            year_txt = str(y) if y is not None else ""
        return self._md(_mon(word), _day_of(self.grp("d")), year_txt, self.grp("wd"))

    r_dmy = r_mdy

    def ended_date(self) -> dt.date | None:
        """The date in "<period> ended/ending Sept. 30[, 1989]" right after the expression."""
        m = _ENDED.match(self.text, self.end)
        if m is None:
            return None
        mon, dd = _mon(m.group("mon")), int(m.group("d"))
        if m.group("y"):
            return g.safe_date(int(m.group("y")), mon, dd)
        if self.dct is None:
            return None
        opts = [c for c in (g.safe_date(y, mon, dd) for y in (self.dct.year - 1, self.dct.year))
                if c is not None and c <= self.dct + dt.timedelta(days=7)]
        return max(opts) if opts else None

    def _year_from(self, txt: str) -> int | None:
        t = _norm(txt)
        if not t:
            return None
        if t.startswith("this year"):
            return self.dct.year if self.dct else None
        if t.startswith("last year"):
            return self.dct.year - 1 if self.dct else None
        if t.startswith("next year"):
            return self.dct.year + 1 if self.dct else None
        if t == "year":
            return self.ref_year
        if t[0].isdigit() or t[0] == "'":
            y = int(t.strip("'"))
            return _two_digit_year(y) if y < 100 else y
        return spelled_year(t)

    def r_month_year(self) -> Result | None:
        if not self._month_ok(self.grp("mon")):
            return None
        y = self._year_from(self.grp("y"))
        mon = _mon(self.grp("mon"))
        if y is None:
            return "DATE", f"XXXX-{mon:02d}", None, None
        self.ref_month = (y, mon)
        self.ref_year = y
        return ("DATE", *g.month(y, mon, _pre_mod(self.grp("pre"))))

    def r_month(self) -> Result | None:
        word = self.grp("mon")
        if not self._month_ok(word):
            return None
        rel = _norm(self.grp("rel"))
        pre = self.grp("pre")
        key = word.lower().rstrip(".")
        if key in _NEEDS_CUE_MONTHS and not rel and not pre and \
                not _MONTH_CUE.search(self.before_text(20)):
            return None
        if key in _SHORT_MONTHS and not word.endswith(".") and not rel and not pre:
            return None
        if (not rel and _DAY_BEFORE.search(self.text, max(0, self.start - 6), self.start)
                and _ORG_NAME_AFTER.match(self.text, self.end)):
            return None  # "the 14th October Brigade": the rest of a name r_mdy left out
        mon = _mon(word)
        mod = _pre_mod(pre) or _PRE_MOD.get(rel, "")
        if self.dct is None:
            return "DATE", f"XXXX-{mon:02d}", None, None
        dy, dm = self.dct.year, self.dct.month
        if rel in ("last", "this past"):
            y = dy if mon < dm else dy - 1
        elif rel in ("next", "this coming"):
            y = dy if mon > dm else dy + 1
        elif rel == "this":
            y = dy
        else:
            known = self._cued_month_year(mon)
            if known is not None and not (self.fut() or self.past()):
                # "expected to join in April ... the summit in April": the same month again
                y = known
            else:
                picked = self.pick_year(lambda yy: dt.date(yy, mon, 1),
                                        lambda yy: g.month_end(yy, mon))
                y = picked if picked is not None else dy
                # the year counts for a later mention if this one has a tense cue, read only
                # then (see _cued_month_year)
                self.month_mentions.setdefault(mon, []).append((y, self.start, self.end))
        self.ref_month = (y, mon)
        self.ref_year = y
        return ("DATE", *g.month(y, mon, mod))

    def _cued_month_year(self, mon: int) -> int | None:
        """The year of the latest earlier mention of the month with a tense cue (future or
        past), its cue read only now: most months are not mentioned again."""
        here = self.start, self.end
        try:
            for y, start, end in reversed(self.month_mentions.get(mon, ())):
                self.start, self.end = start, end  # the cues read the current span
                if self.fut() or self.past():
                    return y
        finally:
            self.start, self.end = here
        return None

    def _season_year(self, code: str, rel: str) -> int | None:
        if self.dct is None:
            return None
        sy, scode = g.season_of(self.dct)
        order = ["WI", "SP", "SU", "FA"]

        def idx(y: int, c: str) -> int:
            return y * 4 + order.index(c) + (1 if c == "WI" else 0) * 0

        cur = idx(sy, scode) if scode != "WI" else sy * 4 + 4  # winter after fall
        def pos(y: int) -> int:
            return y * 4 + (4 if code == "WI" else order.index(code))

        cands = [self.dct.year - 1, self.dct.year, self.dct.year + 1]
        if rel in ("last", "this past"):
            past = [y for y in cands if pos(y) < cur]
            return max(past) if past else None
        if rel in ("next", "this coming"):
            fut = [y for y in cands if pos(y) > cur]
            return min(fut) if fut else None
        if rel == "this":
            same = [y for y in cands if pos(y) == cur]
            if same:
                return same[0]
            return self.dct.year if code != "WI" or self.dct.month == 12 else self.dct.year - 1
        picked = self.pick_year(lambda yy: g.season(yy, code)[1], lambda yy: g.season(yy, code)[2])
        return picked

    def r_season(self) -> Result | None:
        rel = _norm(self.grp("rel"))
        code = g.SEASON_WORDS[self.grp("s").lower()]
        if (code == "FA" and not self.grp("y") and rel not in _SEASON_DEICTIC
                and _FALL_NOUN.match(self.text, self.end)):
            return None  # 'the fall of Kabul', 'the fall in prices', 'the fall was due'
        if self.grp("y"):
            y = self._year_from(self.grp("y"))
            if y is None:
                return None
            return ("DATE", *g.season(y, code))
        if rel in ("", "the", "that") and not self.grp("pre"):
            word = self.grp("s")
            if _SEASON_MODIFIES.match(self.text, self.end) or (
                    word[0].isupper() and _SEASON_NAME.match(self.text, self.end)):
                return None  # 'winter wheat', 'the summer storm', 'the Winter Olympics'
        if not rel and not self.grp("pre") and not _SEASON_CUE.search(self.before_text(15)):
            return None
        if rel in ("the", "that") and not _SEASON_CUE.search(self.before_text(15)):
            return None
        if rel in ("early", "late"):
            rel = ""
        yy = self._season_year(code, "" if rel in ("the", "that") else rel)
        if yy is None:
            return "DATE", f"XXXX-{code}", None, None
        return ("DATE", *g.season(yy, code))

    def r_quarter(self) -> Result | None:
        q = ORDINALS.get(self.grp("ord").lower(), 4)
        q = 4 if q < 0 else q
        yq = _norm(self.grp("yq"))
        y: int | None = None
        if self.grp("y"):
            y = self._year_from(self.grp("y"))
        elif yq and yq[0].isdigit():
            y = int(yq[:4])
        elif yq.startswith("this year"):
            y = self.dct.year if self.dct else None
        elif yq.startswith("last year") or "year-ago" in yq or "year ago" in yq \
                or "year-earlier" in yq or "year earlier" in yq:
            base = self.ref_quarter[0] if self.ref_quarter else None
            base = base if base is not None else (self.dct.year if self.dct else None)
            y = base - 1 if base is not None else None
        elif yq.startswith("next year"):
            y = self.dct.year + 1 if self.dct else None
        elif self.grp("det").lower() in ("last",) and self.dct is not None:
            y = self.dct.year - 1 if q >= (self.dct.month - 1) // 3 + 1 else self.dct.year
        elif self.dct is not None:
            y = self.dct.year  # "the third quarter": of the DCT's year (also when reported later)
            if dt.date(y, 3 * q - 2, 1) > self.dct and self._past_report():
                y -= 1  # "reported a drop for the fourth quarter" in January: last year's
        ended = self.ended_date() if not self.grp("y") and not yq else None
        if ended is not None:
            # fiscal quarters keep their ordinal; the year is the end date's
            y = ended.year
        if y is None:
            return "DATE", f"XXXX-Q{q}", None, None
        if not any(w in yq for w in ("ago", "earlier", "last year")):
            self.ref_quarter = (y, q)
            self.ref_quarter_at = self.start
            self.lead_quarter = self.lead_quarter or (y, q)
        return ("DATE", *g.quarter(y, q))

    def _past_report(self) -> bool:
        """A past-tense clause with no forward-looking or present-tense word in the
        sentence: "Cenergy reported fourth quarter net income", not "expects the fourth
        quarter to ...", "its third quarter is usually weak"."""
        if self.fut() or not self.past():
            return False
        before = self.text[max(0, self.start - 120) : self.start]
        cut = 0
        for m in _SENTENCE_END.finditer(before):
            cut = m.end()
        after = self.text[self.end : self.end + 100]
        stop = _SENTENCE_END.search(after)
        # line breaks inside a sentence (wire copy) do not end the window
        around = before[cut:] + " " + (after[: stop.start()] if stop else after)
        return _FORWARD.search(around) is None

    def r_qcode(self) -> Result | None:
        whole = self.text[self.m.start() : self.m.end()]
        if not whole.lstrip()[:1].isdigit() and "Q" not in whole:
            return None
        q = int(self.grp("qn"))
        y = int(self.grp("y1") or self.grp("y2") or 0) or (self.dct.year if self.dct else 0)
        if not y:
            return "DATE", f"XXXX-Q{q}", None, None
        self.ref_quarter = (y, q)
        return ("DATE", *g.quarter(y, q))

    def r_quarter_bare(self) -> Result | None:
        lead = self.lead_quarter
        if self.grp("qw").lower() == "period" and lead is not None and self.ref_quarter != lead \
                and self.start - self.ref_quarter_at <= 1500:
            self.ref_quarter = lead
        return self._quarter_bare()

    def _quarter_bare(self) -> Result | None:
        adj = _norm(self.grp("adj"))
        det = _norm(self.grp("det"))
        if det == "a" and not adj:
            return None
        if self.grp("qw").lower() == "period" and (
            self.ref_quarter is None or self.start - self.ref_quarter_at > 1500 or
            det not in ("the", "that") or not (adj or self.grp("yy"))
        ):
            return None  # "the latest period" is a quarter only in quarterly reporting
        if self.dct is None:
            return "DATE", "XXXX-QX", None, None
        ended = self.ended_date() if self.grp("qw").lower() == "quarter" else None
        recent_ref = self.ref_quarter is not None and self.start - self.ref_quarter_at <= 1500
        if ended is not None and not adj and det in ("the", "its", "this", "that") \
                and not recent_ref:
            # "the quarter ended July 31": the calendar quarter holding most of the
            # three months before the end date
            mid = ended - dt.timedelta(days=45)
            y, q = mid.year, (mid.month - 1) // 3 + 1
            self.ref_quarter = (y, q)
            self.ref_quarter_at = self.start
            return ("DATE", *g.quarter(y, q))
        dq = (self.dct.year, (self.dct.month - 1) // 3 + 1)
        yy = self.grp("yy")
        if yy:
            q = self.ref_quarter[1] if self.ref_quarter else max(dq[1] - 1, 1)
            return ("DATE", *g.quarter(int(yy), q))
        if det in ("last year's", "this year's", "next year's"):
            q = self.ref_quarter[1] if self.ref_quarter else max(dq[1] - 1, 1)
            shift = {"last year's": -1, "this year's": 0, "next year's": 1}[det]
            return ("DATE", *g.quarter(dq[0] + shift, q))
        if any(w in adj for w in ("latest", "just-ended", "just ended", "most recent")):
            y, q0 = divmod(dq[0] * 4 + dq[1] - 2, 4)
            self.ref_quarter = (y, q0 + 1)
            self.ref_quarter_at = self.start
            return ("DATE", *g.quarter(y, q0 + 1))
        if "current" in adj or (det == "this" and not adj):
            y, q = dq
        elif det == "next":
            y, q = divmod(dq[0] * 4 + dq[1], 4)
            q += 1
        else:
            if self.ref_quarter is not None:
                y, q = self.ref_quarter
            else:
                y, q0 = divmod(dq[0] * 4 + dq[1] - 2, 4)
                q = q0 + 1
            if det == "last" or "previous" in adj or "prior" in adj:
                if self.ref_quarter is None and det == "last":
                    pass
                elif "previous" in adj or "prior" in adj:
                    y, q0 = divmod(y * 4 + q - 2, 4)
                    q = q0 + 1
        if "year" in adj or self.grp("ago"):
            y -= 1
        else:
            self.ref_quarter = (y, q)
            self.ref_quarter_at = self.start
        return ("DATE", *g.quarter(y, q))

    def r_year_end(self) -> Result | None:
        """"year-end", "year's end", "the end of the year": the DCT year's end (the previous
        year's after "since" or in a past clause long after it), value the year (the
        modifier stays out of the value), bounds December."""
        pre = _norm(self.grp("pre"))
        if pre in ("by", "since", "until", "through", "at", "before", "after"):
            self.start = self.m.start() + len(self.grp("pre")) + 1
        elif pre:
            self.start = self.m.start()
        if self.dct is None:
            return "DATE", "", None, None
        y = self.dct.year
        if pre == "since" or (self.dct.month <= 6 and not self.fut() and self.past()):
            y -= 1
        return "DATE", f"{y:04d}", dt.date(y, 12, 1), dt.date(y, 12, 31)

    def r_year_adj(self) -> Result | None:
        """``year-earlier``/``year-ago`` as an adjective: the reference quarter or year - 1."""
        if self.ref_quarter is not None and self.start - self.ref_quarter_at < 1500:
            y, q = self.ref_quarter
            return ("DATE", *g.quarter(y - 1, q))
        if self.dct is None:
            return "DATE", "", None, None
        return ("DATE", *g.year(self.dct.year - 1))

    def r_half(self) -> Result | None:
        o = self.grp("ord").lower()
        h = 1 if o == "first" else 2
        # "the first half" alone is too often not a calendar half (sport, text).
        if not self.grp("y") and not re.search(r"\b(?:in|during|for|of|by)\s+(?:the\s+)?$",
                                                self.before_text(12), re.I):
            return None
        y = self._year_from(self.grp("y")) if self.grp("y") else None
        if not self.grp("y") and self.dct is not None:
            y = self.dct.year
        if y is None:
            return "DATE", f"XXXX-H{h}", None, None
        return ("DATE", *g.half(y, h))

    def r_decade(self) -> Result | None:
        if self.grp("dec"):
            start = int(self.grp("dec"))
        elif self.grp("d2"):
            d2 = int(self.grp("d2"))
            start = 1900 + d2 if not self.dct or 1900 + d2 <= self.dct.year else 1800 + d2
            if self.dct and 2000 + d2 <= self.dct.year:
                start = 2000 + d2 if 1900 + d2 + 100 <= self.dct.year and d2 < 30 else 1900 + d2
        else:
            words = ["twenties", "thirties", "forties", "fifties", "sixties", "seventies",
                     "eighties", "nineties"]
            start = 1920 + 10 * words.index(self.grp("dw").lower())
        value, first, last = g.decade(start)
        mod = _norm(self.grp("emod")) or _pre_mod(self.grp("pre")).lower()
        if first and last and mod in ("early", "start"):
            last = dt.date(first.year + 3, 12, 31)
        elif first and last and mod in ("late", "end"):
            first = dt.date(first.year + 7, 1, 1)
        elif first and last and mod in ("mid",):
            first, last = dt.date(first.year + 3, 1, 1), dt.date(first.year + 6, 12, 31)
        return "DATE", value, first, last

    def r_century(self) -> Result | None:
        o = self.grp("ord").lower()
        n = ORDINALS.get(o)
        if n is None:
            digits = re.sub(r"\D", "", o)
            n = int(digits) if digits else None
        if not n or n < 1:
            return None
        return ("DATE", *g.century(n - 1))

    def r_spelled_year(self) -> Result | None:
        y = spelled_year(self.grp("sy"))
        if y is None:
            return None
        if self.grp("the").lower() in ("in", "of", "since"):
            self.start = self.m.start("sy")
        if not self.grp("the") and not re.search(r"\b(?:in|of|since|until|by|from|to)\s+$",
                                                  self.before_text(8), re.I) and (
            not _CENTURY_TENS.match(self.grp("sy"))
            or _YEAR_BAD_AFTER.match(self.text[self.end : self.end + 20])
        ):
            # "nineteen ninety-six" reads as a year anywhere (transcripts); "two thousand",
            # "nineteen hundred" only after a cue
            return None
        self.ref_year = y
        return ("DATE", *g.year(y))

    def r_fiscal(self) -> Result | None:
        y = int(self.grp("y").strip("'"))
        y = _two_digit_year(y) if y < 100 else y
        self.ref_year = y
        return self._split_year(("DATE", *g.year(y)), y)

    def r_holiday(self) -> Result | None:
        name = _norm(self.grp("h"))
        if not self.grp("h")[:1].isupper():
            return None
        year_before = _YEAR_BEFORE_HOLIDAY.search(self.before_text(8))
        if self.grp("y") or (year_before and not self.grp("rel")):
            # "Christmas 2022", "the 2022 Independence Day parade": that year's
            d = g.holiday(name, int(self.grp("y") or year_before.group(1)))  # type: ignore[union-attr]
        else:
            rel = _norm(self.grp("rel"))
            if self.dct is None:
                return "DATE", "", None, None
            if rel == "last":
                cands = [g.holiday(name, y) for y in (self.dct.year - 1, self.dct.year)]
                past = [c for c in cands if c is not None and c < self.dct]
                d = max(past) if past else None
            elif rel == "next":
                cands = [g.holiday(name, y) for y in (self.dct.year, self.dct.year + 1)]
                fut = [c for c in cands if c is not None and c > self.dct]
                d = min(fut) if fut else None
            else:
                y = self.pick_year(lambda yy: g.holiday(name, yy))
                d = g.holiday(name, y) if y is not None else None
        if d is None:
            return None
        self.ref_day = d
        return ("DATE", *g.day(d))

    def r_year(self) -> Result | None:
        y = int(self.grp("y"))
        if _YEAR_BAD_BEFORE.search(self.before_text(12)) or _YEAR_BAD_AFTER.match(
            self.text[self.end : self.end + 20]
        ):
            return None
        if y < 1800 and not self.grp("pre") and not _EARLY_YEAR_CUE.search(self.before_text(8)):
            return None
        # a count, not a year: "about 1700 lawsuits", "nearly 2000 homes" in 2025 (but "over
        # 1986 levels" in 1987 names a year)
        y_at = self.m.start("y")
        after = _PLURAL_AFTER.match(self.text, self.end)
        if (self.dct is not None and abs(y - self.dct.year) > _COUNT_YEAR_GAP
                and after is not None and after.group(1).lower() not in _NOT_PLURAL
                and _COUNT_BEFORE.search(self.text, max(0, y_at - 14), y_at)):
            return None
        # a number in a list of numbers ("1,200 and 1990 tons") is not a year
        if _NUMBER_LISTED.search(self.before_text(12)) and not _YEAR_LISTED.search(
                self.before_text(12)):
            return None
        self.ref_year = y
        return self._split_year(("DATE", *g.year(y, _pre_mod(self.grp("pre")))), y)

    def _split_year(self, res: Result, y: int) -> Result:
        """A split year ("the 1985/86 season", "fiscal 1986-87", "2025–26"): one expression,
        the first year's value, reaching to the end of the second year."""
        if self.text[self.end : self.end + 1] not in _SPLIT_YEAR_MARKS:
            return res
        m = _SPLIT_YEAR.match(self.text, self.end)
        if m is None or int(m.group(1)) != (y + 1) % 100 or res[3] is None or y >= 9999:
            return res
        self.end = m.end()
        return res[0], res[1], res[2], dt.date(y + 1, 12, 31)

    def _focus_out(self) -> None:
        """"only six months", "just a decade ago": a focus adverb is not part of the
        expression (TimeBank/AQUAINT leave "only" and "just" out 8 times of 8)."""
        if _norm(self.grp("q")) in ("only", "just"):
            self.start = self.m.end("q")

    def r_ago(self) -> Result | None:
        self._focus_out()
        unit = unit_of(self.grp("u"))
        n_txt = self.grp("n")
        direction = _norm(self.grp("dir"))
        n = parse_number(n_txt)
        if direction in ("before", "after", "later"):
            # "two days after X", "three days later": a duration anchoring an event, not a
            # date (TimeML; "later" is typed so 4 times of 4 in TimeBank/AQUAINT). The
            # narrative day still moves on for "the next day" after it; event dating reads
            # the anchor itself (analysis.event_dates).
            self.end = self.m.end("u")
            if direction == "later" and n is not None and unit in ("day", "week", "night") \
                    and self.ref_day is not None:
                moved = self.shift_unit(unit, round(n), self.ref_day)
                if moved is not None and moved[1] is not None:
                    self.ref_day = moved[1]
            return self._duration(unit, n_txt, "")
        anaphoric = direction in ("earlier", "later", "before", "after", "back")
        sign = 1 if direction in _FUTURE_DIR else -1
        if n is None:
            value = "FUTURE_REF" if sign > 0 else "PAST_REF"
            return "DATE", value, None, None
        if self.dct is None:
            return "DATE", "", None, None
        base = self.dct
        if anaphoric and self.ref_day is not None and unit in ("day", "week", "night"):
            base = self.ref_day
        if unit in ("quarter",) and self.ref_quarter is not None:
            y, q0 = divmod(self.ref_quarter[0] * 4 + self.ref_quarter[1] - 1 + sign * int(n), 4)
            return ("DATE", *g.quarter(y, q0 + 1))
        if unit == "year" and n == 1 and self.ref_quarter is not None and \
                self.start - self.ref_quarter_at < 400:
            y, q = self.ref_quarter
            return ("DATE", *g.quarter(y - 1 if sign < 0 else y + 1, q))
        if unit in ("hour", "minute", "second"):
            return "DATE", base.isoformat(), base, base
        shift = round(n)
        if unit == "decade":
            unit, shift = "year", shift * 10
        if unit == "century":
            unit, shift = "year", shift * 100
        res = self.shift_unit(unit, sign * shift, base)
        if res is None:
            return None
        if unit == "day":
            self.ref_day = res[1]
        return ("DATE", *res)

    def r_deictic(self) -> Result | None:
        if _GENERIC_TODAY.match(self.text, self.start, self.end + 16):
            return None  # "today's world", "today's youth": nowadays, not the DCT's day
        if not self.grp("part") and self.text[self.end - 2 : self.end].lower() in ("'s", "’s"):
            # "today's talks": the possessive ending is not part of the expression
            # (TimeBank/AQUAINT leave it out every time for today/yesterday/tomorrow, 4 of 4)
            self.end -= 2
        if self.dct is None:
            w = self.grp("w").lower()
            return ("TIME" if self.grp("part") or w == "tonight" else "DATE"), "", None, None
        w = self.grp("w").lower()
        offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "overnight": -1}[w]
        if self.grp("dba"):
            offset += -1 if self.grp("dba").lower() == "before" else 1
        d = self.dct + dt.timedelta(days=offset)
        part = self.grp("part").lower()
        if w == "tonight":
            part = part or "night"
        if w == "overnight":
            # the night before the day the story is at ("closed lower Friday ... depressed by
            # overnight losses in New York"): anaphoric, and not itself a new story day
            ref = self.ref_day
            if ref is not None and 0 <= (self.dct - ref).days <= 7:
                d = ref - dt.timedelta(days=1)
            return "TIME", d.isoformat() + "TNI", d, d
        self.ref_day = d
        if part:
            return "TIME", d.isoformat() + "T" + _PART_CODE[part], d, d
        return ("DATE", *g.day(d))

    def r_daypart(self) -> Result | None:
        rel = self.grp("rel").lower()
        part = self.grp("part").lower()
        if rel in ("that", "the"):
            if not self.grp("pre") and rel == "the" and not (
                    _IN_THE_PART.search(self.before_text(10))
                    and _PART_ENDS.match(self.text, self.end)):
                # "the morning" alone is a time only as "in/during the morning" closing its
                # phrase ("placed orders in the morning to ..."), not in "the morning session"
                return None
            base = self.ref_day
        elif self.dct is None:
            return "TIME", "", None, None
        elif rel == "last":
            if part != "night" and part != "evening":
                return None
            base = self.dct - dt.timedelta(days=1)
        elif rel == "yesterday":
            base = self.dct - dt.timedelta(days=1)
        elif rel == "tomorrow":
            base = self.dct + dt.timedelta(days=1)
        else:
            base = self.dct
        if base is None:
            return "TIME", "", None, None
        return "TIME", base.isoformat() + "T" + _PART_CODE[part], base, base

    def r_rel_unit(self) -> Result | None:
        rel = _norm(self.grp("rel"))
        unit = _norm(self.grp("u")).replace("fiscal ", "").replace("week-end", "weekend")
        pre = _norm(self.grp("pre"))
        mod = _pre_mod(pre)
        if rel in ("the", "the full") and unit == "year" and not pre:
            return self._the_year()
        if rel == "the" and not pre and unit != "weekend":
            return None
        if rel in ("past", "the past", "the last") and unit in ("decade", "century"):
            return self._duration(unit, "1", "")
        if unit == "day" and rel not in ("the previous", "previous", "the following",
                                         "following", "the next", "the same", "same", "that",
                                         "the"):
            return None
        if self.dct is None:
            return "DATE", "", None, None
        anaphoric = rel in ("that", "the same", "same", "the following", "following",
                            "the previous", "previous") or (rel == "the next" and unit == "day")
        if anaphoric:
            base = {"day": self.ref_day, "year": dt.date(self.ref_year, 6, 30)
                    if self.ref_year and 1 <= self.ref_year <= 9998 else None}.get(unit)
            if unit == "month" and self.ref_month:
                base = dt.date(self.ref_month[0], self.ref_month[1], 1)
            base = base or self.ref_day or self.dct
        else:
            base = self.dct
        n = 0
        if rel in ("last", "past", "the past", "the last", "previous", "the previous",
                   "this past"):
            n = -1
            if unit == "weekend" and self.dct.isoweekday() == 7 and rel == "last":
                n = -1
        elif rel in ("next", "the next", "coming", "the coming", "following", "the following",
                     "this coming"):
            n = 1
        if unit == "weekend":
            if rel in ("the", "this", "that", "the same", "same", "current"):
                return ("DATE", *self._the_weekend(base))
            if n > 0 and base.isoweekday() <= 5:
                n = 0
            return ("DATE", *g.weekend(base + dt.timedelta(days=7 * n)))
        shifted = self.shift_unit(unit, n, base)
        if shifted is None:
            return None
        value, first, last = shifted
        if first is not None and last is not None:
            if pre.startswith("earlier") and first <= self.dct <= last:
                last = self.dct
            elif pre.startswith("later") and first <= self.dct <= last:
                first = self.dct
            elif mod and unit in ("month", "year"):
                value, first, last = (g.month(first.year, first.month, mod) if unit == "month"
                                      else g.year(first.year, mod))
        if unit == "year" and first is not None:
            self.ref_year = first.year
        if unit == "day" and first is not None:
            self.ref_day = first
        return "DATE", value, first, last

    def _the_year(self) -> Result | None:
        """"the (fiscal/full) year": a period ending on a date is a duration (``P1Y``),
        otherwise the current (DCT) year; "the year before/earlier" is left to the
        anaphora rules and "a year" after counts ("$5 a year") is not this rule's."""
        if self.text.startswith("the Year", self.start) and _TITLE_OF.search(
                self.text, max(0, self.start - 30), self.start):
            return None  # an award's name: "Song of the Year", "Time's Person of the Year"
        after = self.text[self.end : self.end + 12]
        if _PERIOD_FOLLOWS.match(after):
            return "DURATION", "P1Y", None, None
        if re.match(r"\s*(?:-|before|after|earlier|later|ago)", after, re.I):
            return None
        if self.dct is None:
            return "DATE", "", None, None
        # TimeBank: "for the year", "the full year" is the current (DCT) year even
        # after a forecast year was mentioned
        return ("DATE", *g.year(self.dct.year))

    def _the_weekend(self, base: dt.date) -> g.Resolved:
        if base.isoweekday() >= 6:
            return g.weekend(base)
        if self.fut():
            return g.weekend(base)
        return g.weekend(base - dt.timedelta(days=7))

    def r_rel_weekday(self) -> Result | None:
        wd = WEEKDAYS[self.grp("wd").lower()]
        if not self.grp("wd")[:1].isupper():
            return None
        rel = _norm(self.grp("rel"))
        part = self.grp("part").lower()
        if self.grp("pl") or self.grp("ppl"):  # "Mondays", "Tuesday nights": recurring
            value = f"XXXX-WXX-{wd}" + ("T" + _PART_CODE[part] if part else "")
            return "SET", value, None, None
        if rel == "that":
            return None
        d = self.weekday_date(wd, rel)
        if d is None:
            value = f"XXXX-WXX-{wd}" + ("T" + _PART_CODE[part] if part else "")
            return ("TIME" if part else "DATE"), value, None, None
        self.ref_day = d
        if part:
            return "TIME", d.isoformat() + "T" + _PART_CODE[part], d, d
        return ("DATE", *g.day(d))

    def r_day_around(self) -> Result | None:
        """"the day before last Tuesday('s hearing)": one day off the weekday."""
        if not self.grp("wd")[:1].isupper():
            return None
        d = self.weekday_date(WEEKDAYS[self.grp("wd").lower()], _norm(self.grp("rel")))
        if d is None:
            return "DATE", "", None, None
        d += dt.timedelta(days=-1 if self.grp("dba") == "before" else 1)
        self.ref_day = d
        return ("DATE", *g.day(d))

    def r_set(self) -> Result | None:
        freq = self.grp("freq").lower()
        if freq and _ADJ_BEFORE.search(self.before_text(20)) and (
                freq not in _RECURRING_ADJ or _ADJ_BEFORE_FIGURE.search(self.before_text(20))
                or _FIGURE_AFTER.match(self.text, self.end)
                or _NAME_AFTER.match(self.text, self.start)):
            return None  # "its quarterly dividend", "average daily volume": adjectives
        if freq and self.text[self.start - 1 : self.start] == "-":
            return None  # not "annually" alone in "semi-annually" (when that was rejected)
        if (freq or self.text[self.start : self.start + 3].lower() == "per") and \
                _RATE_BEFORE.search(self.before_text(50)):
            return None  # a rate: "rise 8.5% annually", "15 million instructions per second"
        if freq:
            code = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y",
                    "yearly": "P1Y", "quarterly": "P1Q", "hourly": "PT1H", "nightly": "P1D",
                    "biweekly": "P2W", "semiannually": "P6M", "semi-annually": "P6M",
                    "bimonthly": "P2M"}[freq.replace("semi annually", "semiannually")]
            return "SET", code, None, None
        u = self.grp("u") or self.grp("u2")
        low = u.lower().rstrip(".")
        if low in WEEKDAYS:
            return "SET", f"XXXX-WXX-{WEEKDAYS[low]}", None, None
        if low in MONTHS:
            return "SET", f"XXXX-{MONTHS[low]:02d}", None, None
        if low in g.SEASON_WORDS:
            return "SET", f"XXXX-{g.SEASON_WORDS[low]}", None, None
        if low in _PART_CODE:
            return "SET", f"XXXX-XX-XXT{_PART_CODE[low]}", None, None
        unit = unit_of(low)
        if unit == "weekend":
            return "SET", "XXXX-WXX-WE", None, None
        n = parse_number(self.grp("n")) if self.grp("n") else 1.0
        count = "X" if n is None else f"{int(n)}"
        return "SET", self._pvalue(unit, count), None, None

    def r_vague(self) -> Result | None:
        v = _norm(self.grp("v"))
        if v.startswith("in "):
            # "in the past", "in the near future": the preposition is a signal, not part of
            # the expression (TimeBank/AQUAINT: "in" opens no expression, 0 of 256)
            self.start = self.m.start("v") + 2
            while self.text[self.start].isspace():
                self.start += 1
        if v in _UNTAGGED_ADVERBS:
            return None
        if v in _VAGUE:
            if v == "recent":
                # adjectival "recent" is tagged only before a time noun or as "the recent past"
                return None
            after = self.text[self.end : self.end + 14]
            if v in ("soon", "shortly") and (
                re.search(r"\bas\s+$", self.before_text(4), re.I)
                or re.match(r"\s+(?:after|afterwards?|before|as|thereafter)\b", after, re.I)
            ):
                return None  # "as soon as", "soon after": conjunction / signal
            if v == "soon" and (re.search(r"\b(?:was|were|had)\s+$", self.before_text(8), re.I)
                                or _PAST_VERB_AFTER.match(after)):
                return None  # "was soon released", "soon became": a narrative sequence
            if v in ("now", "currently") and self.text.startswith(",", self.end) and \
                    _SENTENCE_START.search(self.text, max(0, self.start - 8), self.start):
                return None  # "Now, ...", "Currently, ...": left untagged 5 times of 5
            if v == "current" and re.search(r"\bthen[\s-]+$", self.before_text(6), re.I):
                self.start -= len(self.before_text(6)) - self.before_text(6).lower().rindex("then")
                return "DATE", "PAST_REF", None, None  # "the then current price"
            return "DATE", _VAGUE[v], None, None
        if ("coming" in v or "ahead" in v) and unit_of(v.split()[-1 if "coming" in v else -2]) \
                in UNIT_CODES:
            # "in the coming years", "the weeks ahead": an unspecified stretch from now on,
            # the mirror of "recent years" (TimeML DURATION PX<unit>)
            unit = unit_of(v.split()[-1 if "coming" in v else -2])
            return "DURATION", self._pvalue(unit, "X"), None, None
        if "future" in v or "coming" in v or "ahead" in v:
            return "DATE", "FUTURE_REF", None, None
        if v.startswith("recent"):
            unit = unit_of(v.split()[-1])
            if unit in UNIT_CODES:
                # "in recent years": an unspecified stretch up to now (TimeML DURATION PXY)
                return "DURATION", self._pvalue(unit, "X"), None, None
            return "DATE", "PAST_REF", None, None
        return None

    @staticmethod
    def _pvalue(unit: str, count: str) -> str:
        code = UNIT_CODES.get(unit, "X")
        if unit in ("decade", "century", "millennium") and count.isdigit():
            # TimeML writes counted decades and centuries in years: "two decades" is P20Y
            years = {"decade": 10, "century": 100, "millennium": 1000}[unit] * int(count)
            return f"P{years}Y"
        if unit in ("hour", "minute", "second"):
            return f"PT{count}{code}"
        if unit == "weekend":
            return f"P{count}WE"
        return f"P{count}{code}"

    def _duration(self, unit: str, n_txt: str, q: str) -> Result | None:
        n = parse_number(n_txt)
        if unit == "second" and _norm(n_txt) in ("a", "an"):
            return None
        if n is None:
            count = "X"
        elif n != int(n):
            # 2 1/2 years -> P2Y6M, 1.5 hours -> PT1H30M
            whole = int(n)
            frac = n - whole
            sub = {"year": ("M", 12), "hour": ("M", 60), "day": ("H", 24), "minute": ("S", 60),
                   "month": ("D", 30), "week": ("D", 7)}.get(unit)
            if sub is None:
                count = f"{n:g}"
            else:
                extra = f"{round(frac * sub[1])}{sub[0]}"
                base = self._pvalue(unit, str(whole))
                if unit in ("hour", "minute"):
                    return "DURATION", base + extra, None, None
                return "DURATION", base + ("T" + extra if sub[0] == "H" else extra), None, None
        else:
            count = str(int(n))
        del q
        return "DURATION", self._pvalue(unit, count), None, None

    def r_duration(self) -> Result | None:
        unit = unit_of(self.grp("u"))
        after = self.text[self.end : self.end + 40]
        if after[:1].isalpha() or _ADJ_AFTER.match(after) or (unit == "quarter" and (
                after.startswith("-century") or _FRACTION_OF.match(after))):
            # "quarterly", "quarter-century", "three-quarters of its food", "a year-earlier
            # loss" (the adjective is a date: see r_year_adj)
            return None
        if _norm(self.grp("tail")).endswith(("old", "olds")) or _OLD_AFTER.match(
            self.text[self.end : self.end + 5]
        ):
            return None  # ages are not time expressions
        n_txt = self.grp("n")
        n_at = self.m.start("n")
        if n_txt[:1].isdigit() and _FIGURE_DIGITS_BEFORE.search(
                self.text[max(0, n_at - 2) : n_at]):
            return None  # the last digits of a figure: '3,101,000 / Year' in a results table
        q = _norm(self.grp("q"))
        if unit == "night":
            unit = "day"
        low_n = _norm(n_txt)
        if low_n in ("a", "an") and not q and _RATE_BEFORE.search(self.before_text(50)):
            return None  # a rate: "$55 a night", "700 seats a week"
        if low_n in ("a", "an") and _TIMES_BEFORE.search(self.before_text(12)):
            return None
        if low_n in ("some", "many", "few") and not q and unit in ("day", "time"):
            return None
        if low_n in ("a", "an", "one") and unit == "day" and not q and not self.grp("half"):
            nxt = self.text[self.end : self.end + 12].lower()
            if not _ONE_DAY_AFTER.match(nxt) and not _ONE_DAY_BEFORE.search(self.before_text(12)):
                return None
        if self.grp("n2") or self.grp("n3"):
            n_txt = self.grp("n")
        whole = parse_number(n_txt) if self.grp("half") else None
        if whole is not None and whole == int(whole):
            n_txt = f"{int(whole)} 1/2"  # "a minute and a half" is PT1M30S
        self._focus_out()
        the = _THE_END.search(self.before_text(6)) if not q else None
        if the is not None and not self.grp("tail") and self.grp("u").lower().endswith("s") \
                and not self.text[self.m.start("n") : self.m.start("u")].endswith("-") \
                and not _OF_NEXT.match(after):
            # "the nine months (ended Sept. 30)", "the four days he spent": the counted
            # period heads its phrase, so its article is part of it (TimeBank/AQUAINT: 13
            # of 14; "the two days of music" and attributive "the 14-day wait" leave it out)
            self.start -= len(the.group())
        return self._duration(unit, n_txt, q)

    def r_bare_units(self) -> Result | None:
        """A bare plural unit as an unspecified duration (``PXY``): after "for", "within",
        "over the", "(time) in" whatever follows ("for weeks the government has held
        rallies"), after other duration words only before a clause break or a signal."""
        unit = unit_of(self.grp("u"))
        self.end = self.m.end("u")
        before = self.before_text(16)
        lead = _UNITS_LEAD.search(before)
        if lead:
            if lead.group("the"):
                self.start -= len(before) - lead.start("the")  # "over the years": "the years"
            return "DURATION", self._pvalue(unit, "X"), None, None
        nxt = self.grp("next")
        off = _OFFSET_AFTER.match(nxt)
        if off and (_CLAUSE_START.search(before) if off.group(1).lower() in ("after", "before")
                    else not _NOT_OFFSET_BEFORE.search(before)):
            # an uncounted offset: "Days later, ...", "left weeks later", "Hours after the
            # strike, ..." (TimeML: the bare unit, a DURATION like "three days")
            return "DURATION", self._pvalue(unit, "X"), None, None
        if not nxt or not _UNITS_SIGNAL.search(before):
            return None
        return "DURATION", self._pvalue(unit, "X"), None, None

    # ------------------------------------------------------------------ driver
    @staticmethod
    def candidates(lowered: str) -> list[int]:
        """Word starts where an expression may begin (see ``patterns.CORE_WORDS``).

        The tokens come from one split (separators and tokens alternate); core tokens are
        found by set lookups mapped over all tokens, so Python code runs only around core
        and number tokens. Offsets are summed from the parts' lengths only up to the tokens
        that start an expression."""
        ascii_text = lowered.isascii()
        parts = (TOKEN_SPLIT_ASCII if ascii_text else TOKEN_SPLIT).split(lowered)
        words = parts[1::2]  # token k is parts[2k + 1], the separator after it parts[2k + 2]
        core = list(compress(count(), map(CORE_WORDS.__contains__, words)))
        # number tokens: "1990", "'9" (from "'90s"), and "10" before ":30"/" a.m." (CLOCKISH
        # read on the parts after the number: a punctuation separator, or a blank one before
        # a word starting a/p/o/i, as nothing else can start a match)
        numbers: list[int] = []
        n_parts = len(parts)
        # number tokens: in ASCII text the ones sorting below "a" (a digit or "'"); other
        # digits sort above "z", so there str.isalpha tells them from words
        numeric = map("a".__gt__, words) if ascii_text else map(
            not_, map(str.isalpha, words))
        for k in compress(count(), numeric):
            word = words[k]
            if len(word) == 4 or word[0] == "'":
                numbers.append(k)
                continue
            at = 2 * k + 2
            sep = parts[at]
            if (sep[:1] in _CLOCK_PUNCTUATION or (
                    (not sep or sep.isspace()) and at + 1 < n_parts
                    and parts[at + 1][0] in "apoi")) and CLOCKISH.match(
                        "".join(parts[at : at + _CLOCK_PARTS])):
                numbers.append(k)
        if numbers:
            core = sorted(core + numbers)
        starts: list[int] = []
        floor = 0
        summed = 0  # the lengths of parts[:summed] are in pos
        pos = 0
        for i in core:
            j = i
            while j > floor and i - j < LOOKBACK:
                w = words[j - 1]
                if not (w in JOINING_WORDS or not w.isalpha()):
                    break
                j -= 1
            pos += sum(map(len, parts[summed : 2 * j + 1]))  # token j starts at pos
            starts.append(pos)
            for k in range(2 * j + 1, 2 * i + 1, 2):
                pos += len(parts[k]) + len(parts[k + 1])
                starts.append(pos)
            summed = 2 * i + 1
            floor = i + 1
        return starts

    def run(self) -> list[TimeExpression]:
        text = self.text
        lowered = text.translate(ASCII_LOWER)
        # BOILERPLATE (case-insensitive) can only match an ASCII text where its
        # lowercased copy holds one of these pieces; otherwise no window of it can
        self._boilerplate_free = text.isascii() and "copyright" not in lowered and \
            "(c)" not in lowered and "reserved" not in lowered
        out: list[TimeExpression] = []
        done = 0
        opening_rules = RULES_AT  # rules_at's cache, read directly
        for p in self.candidates(lowered):
            if p < done:
                continue
            # patterns.match_at, inlined: the first rule that may open here and matches
            head = lowered[p : p + PREFIX_LEN]
            rules = opening_rules.get(head)
            if rules is None:
                rules = rules_at(head)
            for rule_name, rule in rules:
                found = rule.match(lowered, p)
                if found is not None:
                    name = rule_name
                    break
            else:
                continue
            mm = self.m = found
            self.start, self.end = mm.span()
            res = _HANDLERS[name](self)
            if res is None:
                continue
            start, end = self.start, self.end
            if res[0] in ("DATE", "DURATION") and (hedge := _OR_SO.match(text, end)):
                end = hedge.end()  # "the next two years or so": the hedge is part of it
            rest = _ATTRIBUTIVE_REST.get(name)
            if rest is not None:
                det = _DETERMINER.match(text, start, end)
                if det is not None and rest.match(text, det.end(), end):
                    start = det.end()
            while end > start and text[end - 1] in " \t\n,.;:-" and not (
                text[end - 1] == "." and _ABBREVIATION_END.search(text[start:end])
            ):
                end -= 1
            if end > start and not self._boilerplate(start, end) and not (
                name in ("rel_unit", "deictic") and self._title(start, end)
            ):
                typ, value, first, last = res
                if first is not None and last is not None and first > last:
                    first, last = last, first
                if (first is None) != (last is None):
                    first = last = None
                out.append(TimeExpression(text[start:end], start, end, typ, value, first, last))
                if name == "mdy" and first is not None and first == last:
                    more = self._second_day(first, end)
                    if more is not None:
                        out.append(more)
                        end = more.end
            done = max(mm.end(), end)
        return out

    def _second_day(self, day: dt.date, end: int) -> TimeExpression | None:
        """The bare day in "on April 24 and 25", "between Feb. 13 and 24", "from March 2 to
        9", "Feb. 22-23": a date of its own (TimeML), in the first one's month and year."""
        m = _SECOND_DAY.match(self.text, end)
        if m is None or int(m.group("d")) <= day.day:
            return None
        d = g.safe_date(day.year, day.month, int(m.group("d")))
        if d is None:
            return None
        self.ref_day = d
        a, b = m.span("d")
        return TimeExpression(self.text[a:b], a, b, "DATE", *g.day(d))

    def _title(self, start: int, end: int) -> bool:
        """A capitalised expression inside a name: ABC's "This Week", "VOA Today"."""
        first = self.text[start : start + 1]
        if not first.isupper() and not first.isspace():
            return False  # its first word is not capitalised
        words = self.text[start:end].split()
        if not all(w[:1].isupper() for w in words):
            return False
        before = self.text[max(0, start - 20) : start]
        if len(words) > 1 and re.search(r"[\"“‘`]$", before):
            return True  # a quoted title: "This Week"
        return bool(_TITLE_BEFORE.search(before))

    def _boilerplate(self, start: int, end: int) -> bool:
        if self._boilerplate_free:
            return False
        lo = self.text.rfind("\n", 0, start) + 1
        hi = self.text.find("\n", end)
        hi = len(self.text) if hi < 0 else hi
        if hi - lo > 400:
            lo, hi = max(lo, start - 80), min(hi, end + 80)
        return bool(BOILERPLATE.search(self.text, lo, hi))


# each rule's handler, by rule name ("mdy" -> _Tagger.r_mdy)
_HANDLERS: dict[str, Callable[[_Tagger], Result | None]] = {
    name: getattr(_Tagger, "r_" + name) for name, _ in RULE_SOURCES}


def tag_dates(text: str, dct: dt.date | None) -> list[TimeExpression]:
    """Find time expressions in ``text`` and normalise them against the DCT ``dct``.

    Offsets index ``text`` (``text[e.start:e.end] == e.text``); expressions
    come in text order and never overlap. ``earliest``/``latest`` are the
    calendar bounds of every placeable value (``None`` for durations, sets,
    vague references and anything needing a missing DCT).
    """
    if not text:
        return []
    return _Tagger(text, dct).run()
