"""The speed-ups of the time-expression tagger read exactly what the plain rules read."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from conftest import assert_matches_as_before, unguarded
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.dates import tag_dates
from analysis.timex import cues, granules, tagger
from analysis.timex.cues import CueReader, future_cue, past_cue
from analysis.timex.patterns import (
    ASCII_LOWER,
    CLOCKISH,
    COMBINED,
    CORE_WORDS,
    LOOKBACK,
    STARTER_WORDS,
    TOKEN,
    TOKEN_SPLIT,
    TOKEN_SPLIT_ASCII,
    match_at,
    rules_at,
)
from analysis.timex.tagger import _Tagger

DCT = dt.date(2024, 1, 19)

CUE_TEXTS = [
    "The talks will resume on Monday. They met on Friday.",
    "On Tuesday, the league plans to vote. By Monday, officials hardened their stance.",
    "He had filed reports by Wednesday and would appeal the decision, announced Wednesday.",
    "Arafat meets Albright Monday, and the deadline was extended until Tuesday.",
    "Prices fell in March; analysts expect a rebound in April as soon as rates drop.",
]


@pytest.mark.parametrize("text", CUE_TEXTS)
def test_cue_reader_equals_the_cue_functions_at_every_span(text: str) -> None:
    reader = CueReader(text)
    for start in range(0, len(text), 3):
        for end in (start, min(len(text), start + 7)):
            # asked twice, in both orders: the cached answer is the computed one
            assert reader.past(start, end) == past_cue(text, start, end)
            assert reader.future(start, end) == future_cue(text, start, end)
            assert reader.past(start, end) == past_cue(text, start, end)


def test_cue_reader_values() -> None:
    text = CUE_TEXTS[0]
    reader = CueReader(text)
    monday = text.index("Monday")
    friday = text.index("Friday")
    assert reader.future(monday, monday + 6) is True
    assert reader.past(monday, monday + 6) is False
    assert reader.future(friday, friday + 6) is False
    assert reader.past(friday, friday + 6) is True


def test_month_asked_for_both_cues_keeps_its_values() -> None:
    # r_month asks the future and past cue, then pick_year asks them again
    found = [(e.text, e.value) for e in tag_dates(
        "Talks will resume in April. Prices fell in March and rose in August.", DCT)]
    assert found == [("April", "2024-04"), ("March", "2023-03"), ("August", "2023-08")]


def _combined(lowered: str, pos: int) -> tuple[str, tuple[int, int]] | None:
    m = COMBINED.match(lowered, pos)
    return None if m is None else (m.lastgroup or "", m.span())


def _dispatched(lowered: str, pos: int) -> tuple[str, tuple[int, int]] | None:
    hit = match_at(lowered, pos)
    return None if hit is None else (hit[0], hit[1].span())


_WORDS = st.sampled_from(
    "the a in of on by at since until early late mid end last next this past that every "
    "two 3 12 15 1990 1990s '90s 2024-01-16 1/16/24 10:30 a.m. pm noon o'clock Jan. January "
    "May March Monday Fridays morning night week weeks month year years quarter fiscal FY "
    "first third half decade century nineteen ninety today yesterday tonight now recently "
    "soon current future ago earlier later daily weekly Christmas summer winter s U.S. , . ; "
    "٢٠٢٤ 1600 EST GMT 5:30 ( ' x in the morning"
    .split()
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=14),
       st.sampled_from([" ", "  ", "\n", "-", "\u00a0", ""]))
def test_dispatch_finds_what_the_combined_pattern_finds(words: list[str], sep: str) -> None:
    lowered = sep.join(words).translate(ASCII_LOWER)
    for pos in range(len(lowered) + 1):
        assert _dispatched(lowered, pos) == _combined(lowered, pos)


def test_dispatch_values() -> None:
    text = "on jan. 16, 2024 and in the third quarter of 1989, sales rose 5 s"
    assert _dispatched(text, 3) == ("mdy", (3, 16))
    assert _dispatched(text, text.index("the third")) == ("quarter", (24, 49))
    assert _dispatched(text, len(text) - 1) is None  # "s" opens no rule
    assert rules_at("s") == ()
    names = [name for name, _ in rules_at("yea")]
    assert {"year_end", "year_adj", "bare_units"} <= set(names)
    assert not {"mdy", "month", "rel_weekday", "holiday"} & set(names)
    assert names.index("year_end") < names.index("year_adj") < names.index("bare_units")


def _reference_candidates(lowered: str) -> list[int]:
    """The token-by-token pre-filter the split-based one replaced."""
    toks = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(lowered)]
    starts: list[int] = []
    floor = 0
    for i, (_, end, word) in enumerate(toks):
        c = word[0]
        if c.isdigit():
            if len(word) != 4 and not CLOCKISH.match(lowered, end):
                continue
        elif word not in CORE_WORDS and c != "'":
            continue
        j = i
        while j > floor and i - j < LOOKBACK:
            w = toks[j - 1][2]
            if not (w in STARTER_WORDS or w in CORE_WORDS or w[0].isdigit() or w[0] == "'"):
                break
            j -= 1
        starts.extend(toks[k][0] for k in range(j, i + 1))
        floor = i + 1
    return starts


_NOISE = st.sampled_from("banks said profits rose sharply Reuters's 3.5 mln ٣ 10 - /".split())


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS | _NOISE, max_size=30),
       st.sampled_from([" ", "  ", "\n", "-", ", ", ""]))
def test_candidates_equal_the_token_by_token_filter(words: list[str], sep: str) -> None:
    lowered = sep.join(words).translate(ASCII_LOWER)
    assert _Tagger.candidates(lowered) == _reference_candidates(lowered)


@pytest.mark.parametrize("text", [
    "at 10 am", "10am", "10 a.m.", "10.30 p.m", "10 pm5", "5 o'clock", "6 in the morning",
    "8 in\n the evening", "9 in  the afternoon", "1-2", "3/4", "7:30", "12 -3", "4 apples",
    "11 in the", "15 in", "3 p", "2 a. m", "7 ٣", "x 12", "'9 10 ,am", "99\n\npm",
])
def test_candidates_around_clock_numbers(text: str) -> None:
    lowered = text.translate(ASCII_LOWER)
    assert _Tagger.candidates(lowered) == _reference_candidates(lowered)


@settings(max_examples=500, deadline=None)
@given(st.text(st.characters(max_codepoint=127), max_size=60))
def test_ascii_split_is_the_token_split(text: str) -> None:
    lowered = text.translate(ASCII_LOWER)
    assert TOKEN_SPLIT_ASCII.split(lowered) == TOKEN_SPLIT.split(lowered)
    assert TOKEN_SPLIT_ASCII.split("in 1990's 10:30 '9") == TOKEN_SPLIT.split("in 1990's 10:30 '9")


def test_candidates_values() -> None:
    text = "profits rose in the third quarter of 1989, he said at 10:30 a.m. in the u.s."
    starts = _Tagger.candidates(text)
    assert [text[p:].split()[0] for p in starts] == [
        "in", "the", "third", "quarter", "of", "1989,", "at", "10:30", "30", "s."]


# The cue patterns before their look-behinds were guarded (the guards only skip positions
# where no match can start), with what they match since: _FINITE_PAST's verbs of saying.
_OLD_FINITE_PAST = re.compile(
    r"\b(?:had|did|was|were)\b|(?<!\bbe )(?<!\bbeen )(?<!\bbeing )(?<!\bhas )(?<!\bhave )"
    r"(?<!\bis )(?<!\bare )\b(?!(?:scheduled|expected|planned|supposed|slated|poised|"
    r"un[a-z]+)\b)(?:(?-i:[a-z]{3,}ed)|said|told|wrote|spoke)\b",
    re.IGNORECASE,
)
_OLD_PRESENT_SCHEDULED = re.compile(
    r"(?<!\bto\s)(?<!\bdid\s)(?<!\bdidn't\s)(?<!\bhad\s)(?<!\bwas\s)(?<!\bwere\s)"
    r"\b(?:meets?|begins?|opens?|resumes?|arrives?|leaves|leave|travels?|convenes?|expires?|"
    r"heads|goes|takes\s+office|take\s+office)\s+(?:[a-z]+ly\s+)?(?:(?:on|at|in|by)\s+)?$",
    re.IGNORECASE,
)
_VERBS = st.sampled_from(
    "had did was were be been being has have is are scheduled planned unsigned signed "
    "agreed Agreed AGREED meets Meets begins opens resumes arrives leaves leave travels "
    "convenes expires heads goes takes take office to didn't quickly on at in by the talks "
    "said told wrote spoke SAID Told unsaid "
    "ſigned Kelvin İssued . , ;".split()
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_VERBS, max_size=12), st.sampled_from([" ", "  ", "\n", ""]))
def test_guarded_cue_patterns_match_as_before(words: list[str], sep: str) -> None:
    text = sep.join(words) + sep
    for new, old in ((cues._FINITE_PAST, _OLD_FINITE_PAST),
                     (cues._PRESENT_SCHEDULED, _OLD_PRESENT_SCHEDULED)):
        assert_matches_as_before(new, old, text)


def test_guarded_cue_patterns_values() -> None:
    assert [m.group() for m in cues._FINITE_PAST.finditer(
        "He had signed it; it was agreed and will be signed, talks unraveled.")] == [
        "had", "signed", "was", "agreed"]
    assert [m.group() for m in cues._FINITE_PAST.finditer(
        '"It will," he said; they were told, and will be told.')] == ["said", "were", "told"]
    assert cues._PRESENT_SCHEDULED.search("the talks resume on ") is not None
    assert cues._PRESENT_SCHEDULED.search("he did resume on ") is None


def test_rules_at_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """The per-opening cache starts afresh at its bound and still answers the same."""
    from analysis.timex import patterns

    monkeypatch.setattr(patterns, "_RULES_AT", {})
    monkeypatch.setattr(patterns, "_RULES_AT_MAX", 3)
    heads = ["on ", "jan", "las", "199", "two"]
    want = {h: tuple(n for n, _ in patterns.rules_at(h)) for h in heads}
    assert len(patterns._RULES_AT) <= 3
    assert {h: tuple(n for n, _ in patterns.rules_at(h)) for h in heads} == want
    assert any(want.values())


@pytest.mark.parametrize("tail", [
    "COPYRIGHT 1999 Reuters", "1999 ALL RIGHTS RESERVED", "(C) 1999 Reuters",
    "1999 all right\u017f re\u017ferved",  # long s: matched case-insensitively, not ASCII
])
@pytest.mark.parametrize("head", ["Sales rose in March, he said.",
                                  "Caf\u00e9 sales rose in March, he said."])
def test_boilerplate_line_untagged_with_or_without_the_ascii_shortcut(head: str, tail: str) -> None:
    assert [e.text for e in tag_dates(f"{head}\n{tail}", DCT)] == ["March"]
    assert [e.text for e in tag_dates(f"{head}\n1999 Reuters", DCT)] == ["March", "1999"]


_FIRST_LETTER_GUARDED = [cues.FUTURE_CUE, cues.FUTURE_PREP, cues._DEADLINE_UNTIL]
_UNGUARDED = [unguarded(p) for p in _FIRST_LETTER_GUARDED]
_CUE_WORDS = st.sampled_from(
    "will won't shall 'll going to is are was were scheduled slated set plans planned "
    "planning intends would be held upcoming next week by as soon early starting effective "
    "payable due expires expiring deadline of no later than on at extended postponed gave "
    "grant suspend recess until till the talks Will BY ſet İs ıntends . ; ,".split()
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_CUE_WORDS, max_size=10), st.sampled_from([" ", "  ", "\n", ""]))
def test_first_letter_guarded_cues_match_as_before(words: list[str], sep: str) -> None:
    text = sep.join(words) + sep
    for new, old in zip(_FIRST_LETTER_GUARDED, _UNGUARDED, strict=True):
        assert new.pattern != old.pattern
        assert_matches_as_before(new, old, text)


def test_first_letter_guarded_cues_values() -> None:
    assert [m.group() for m in cues.FUTURE_CUE.finditer("It will, as planned to, go next week")
            ] == ["will", "planned to", "next week"]
    assert cues.FUTURE_PREP.search("payable on ") is not None
    assert cues._DEADLINE_UNTIL.search("extended the deadline until ") is not None
    assert cues._DEADLINE_UNTIL.search("waited until ") is None


# The clause boundary before its initialism look-behind moved after the punctuation, and the
# past-tense words before they were grouped by first letter (what they match is unchanged).
_OLD_BOUNDARY = re.compile(r"(?<!\b[A-Z]\.[A-Z])[.!?][\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n")
_OLD_PAST_CUE = re.compile(
    r"\b(?:was|were|had|did|ago|last|earlier|previously|said|\w{3,}ed|came|went|took|made|"
    r"told|began|fell|rose|left|met|held|saw|gave|got|won|lost|ran|struck|fought|sent|spent|"
    r"brought|bought|thought|found|kept|led|paid|sold|stood|wrote|shot|hit|broke|chose|drove|"
    r"flew|grew|knew|became|overtook|withdrew|sought|taught|caught|slid|sank|swore|threw|"
    r"woke|wore|spoke|stole|froze|hid|fled|felt|dealt|meant|built|lent|sent)\b",
    re.IGNORECASE,
)
_CLAUSE_BITS = st.sampled_from(
    'U.S. U.N. A.B. a.m. Mr. said . ! ? ." ?) !’ " ( “ The 5 x was WAS ſaid Kept wasted '
    "agreed ed led sent sentence hit hits lasted last lastly met metal earlier ı İ ٣ _ ;"
    .split()
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_CLAUSE_BITS, max_size=12), st.sampled_from([" ", "  ", "\n", " \n", ""]))
def test_reordered_cue_patterns_match_as_before(words: list[str], sep: str) -> None:
    text = sep.join(words) + sep
    assert_matches_as_before(cues._BOUNDARY, _OLD_BOUNDARY, text)
    assert_matches_as_before(cues.PAST_CUE, _OLD_PAST_CUE, text)


def test_reordered_cue_patterns_values() -> None:
    assert [m.group() for m in cues._BOUNDARY.finditer("in the U.S. Senate. The\nvote")] == [
        ". ", "\n"]
    assert [m.group() for m in cues.PAST_CUE.finditer(
        "He Said it was agreed; they meet, lastly SOUGHT and fled")] == [
        "Said", "was", "agreed", "SOUGHT", "fled"]
    assert cues.clause_before("It fell. He will go on ", 23) == "He will go on "


def _eager_pick_year(self: _Tagger, candidates: Callable[[int], dt.date | None],
                     last_of: Callable[[int], dt.date | None] | None = None) -> int | None:
    """pick_year as it was: every tense cue read, in order, before the nearest year."""
    if self.dct is None:
        return None
    last_of = last_of or candidates
    y0 = self.dct.year
    opts: list[tuple[int, dt.date, dt.date]] = []
    for y in (y0 - 1, y0, y0 + 1):
        first, last = candidates(y), last_of(y)
        if first is not None and last is not None:
            opts.append((y, first, last))
    if not opts:
        return None
    dct = self.dct
    if self.past_occurrence():
        before = [o for o in opts if o[2] <= dct]
        if before:
            return max(before, key=lambda o: o[1])[0]
    if self.fut():
        after = [o for o in opts if o[2] >= dct - dt.timedelta(days=7)]
        if after:
            return min(after, key=lambda o: o[1])[0]
    if self.past():
        before = [o for o in opts if o[1] <= dct and (dct - o[2]).days <= 300]
        if before:
            return max(before, key=lambda o: o[1])[0]

    def distance(o: tuple[int, dt.date, dt.date]) -> float:
        if o[1] <= dct <= o[2]:
            return 0.0
        if o[2] < dct:
            return float((dct - o[2]).days)
        return 2.0 * (o[1] - dct).days

    return min(opts, key=distance)[0]


_LEADS = st.sampled_from([
    "", "Prices fell on", "The talks will resume on", "He said on", "It is due by",
    "during the", "a day before the", "The vote was held in", "Markets expect a rebound in",
    "had filed reports by", "Officials met", "On",
])
_YEARLESS = st.sampled_from([
    "March 5", "Dec. 28", "January 2", "February 29", "July 4", "October 7", "January",
    "August", "May", "Friday", "spring", "winter", "Christmas", "Easter",
])
_TAILS = st.sampled_from(["", " attacks", "'s ruling", " deadline", ", officials said.",
                          " and will vote", ". Shares rose."])


@settings(max_examples=300, deadline=None)
@given(_LEADS, _YEARLESS, _TAILS, st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)))
def test_pick_year_reads_cues_only_where_they_change_the_year(
        lead: str, when: str, tail: str, dct: dt.date) -> None:
    text = f"{lead} {when}{tail} Prices fell in {when} and will rise by {when}."
    got = [(e.text, e.start, e.type, e.value, e.earliest, e.latest) for e in tag_dates(text, dct)]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_Tagger, "pick_year", _eager_pick_year)
        want = [(e.text, e.start, e.type, e.value, e.earliest, e.latest)
                for e in tag_dates(text, dct)]
    assert got == want


def test_pick_year_reads_as_before_over_a_grid_of_dcts() -> None:
    leads = ["during the", "Prices fell on", "Talks will resume on", "It was due by", ""]
    whens = ["March 5", "Dec. 28", "June 30", "January", "October", "Friday", "spring"]
    dcts = [dt.date(1987, m, d) for m in range(1, 13) for d in (1, 15, 28)]

    def grid() -> list[list[tuple[str, str, dt.date | None, dt.date | None]]]:
        return [[(e.text, e.value, e.earliest, e.latest) for e in tag_dates(
            f"{lead} {when}{tail}.", dct)]
            for lead in leads for when in whens for tail in ("", " attacks") for dct in dcts]

    lazy = grid()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_Tagger, "pick_year", _eager_pick_year)
        assert grid() == lazy


@pytest.mark.parametrize("dct", [dt.date(1, 1, 3), dt.date(1, 1, 7), dt.date(1, 1, 8)])
@pytest.mark.parametrize("text", ["Prices fell on Jan. 5.", "Talks will resume on Jan. 5.",
                                  "the Jan. 2 attacks", "Talks will resume on March 5."])
def test_pick_year_in_the_first_week_of_year_one_as_before(text: str, dct: dt.date) -> None:
    def outcome() -> list[str] | str:
        try:
            return [e.value for e in tag_dates(text, dct)]
        except OverflowError:  # the future reading a week back from the DCT
            return "OverflowError"

    lazy = outcome()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_Tagger, "pick_year", _eager_pick_year)
        assert outcome() == lazy


def test_pick_year_values() -> None:
    def value(text: str) -> list[str]:
        return [e.value for e in tag_dates(text, dt.date(1987, 3, 9))]

    # every reading gives the nearest year: no cue is read
    assert value("Prices fell on March 5.") == ["1987-03-05"]
    assert value("Prices fell on March 20.") == ["1987-03-20"]  # nothing past within reach
    # the readings differ: the cue decides
    assert value("Talks will resume on Feb. 20.") == ["1988-02-20"]
    assert value("Prices fell on Feb. 20.") == ["1987-02-20"]
    assert value("during the March 20 attacks") == ["1986-03-20"]


def _eager_r_month(self: _Tagger) -> tagger.Result | None:
    """r_month as it was: the month's tense cue read at every mention, a cued mention's year
    kept in a dict for a later uncued one."""
    month_years: dict[int, int] = self.__dict__.setdefault("eager_month_years", {})
    word = self.grp("mon")
    if not self._month_ok(word):
        return None
    rel = tagger._norm(self.grp("rel"))
    pre = self.grp("pre")
    key = word.lower().rstrip(".")
    if key in tagger._NEEDS_CUE_MONTHS and not rel and not pre and \
            not tagger._MONTH_CUE.search(self.before_text(20)):
        return None
    if key in tagger._SHORT_MONTHS and not word.endswith(".") and not rel and not pre:
        return None
    if (not rel and tagger._DAY_BEFORE.search(self.text, max(0, self.start - 6), self.start)
            and tagger._ORG_NAME_AFTER.match(self.text, self.end)):
        return None
    mon = tagger._mon(word)
    mod = tagger._pre_mod(pre) or tagger._PRE_MOD.get(rel, "")
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
        cued = self.fut() or self.past()
        if mon in month_years and not cued:
            y = month_years[mon]
        else:
            picked = self.pick_year(lambda yy: dt.date(yy, mon, 1),
                                    lambda yy: granules.month_end(yy, mon))
            y = picked if picked is not None else dy
            if cued:
                month_years[mon] = y
    self.ref_month = (y, mon)
    self.ref_year = y
    return ("DATE", *granules.month(y, mon, mod))


_MONTH_CLAUSES = st.sampled_from([
    "Talks will resume in April", "Prices fell in April", "the summit in April",
    "exports in April", "in October", "Shares rose in October", "It is expected in October",
    "the October figures", "in December", "December sales were strong", "by April",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_MONTH_CLAUSES, min_size=1, max_size=6),
       st.dates(dt.date(1986, 1, 1), dt.date(1988, 12, 31)))
def test_month_mentions_read_their_cues_only_when_asked(clauses: list[str],
                                                        dct: dt.date) -> None:
    text = ". ".join(clauses) + "."
    lazy = [(e.text, e.start, e.value, e.earliest, e.latest) for e in tag_dates(text, dct)]
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(tagger._HANDLERS, "month", _eager_r_month)
        eager = [(e.text, e.start, e.value, e.earliest, e.latest) for e in tag_dates(text, dct)]
    assert lazy == eager


def test_month_mentions_values() -> None:
    # "expected ... in April": 1988; the uncued "summit in April" after it takes that year
    text = "Talks are expected in April. The summit in April drew crowds."
    assert [e.value for e in tag_dates(text, dt.date(1987, 12, 1))] == ["1988-04", "1988-04"]
    # no cued mention before: the nearest April
    assert [e.value for e in tag_dates("The summit in April drew crowds.", dt.date(1987, 12, 1))
            ] == ["1987-04"]
