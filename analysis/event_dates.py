"""Date each event of an article from its time expressions, tense and the DCT.

:func:`date_events` returns one :class:`~analysis.records.EventDate` per
anchor. ``date`` is the best single-day estimate, ``earliest``/``latest`` its
honest bounds (``earliest <= date <= latest`` whenever they are not ``None``)
and ``basis`` names the rule that applied, first match wins:

``relative:anchor``
    The trigger sits in a clause introduced by a counted offset ("a day after
    Pakistan said it had targeted X", "two weeks before the vote"): its event
    is dated from the main clause's event (itself dated by the rules below)
    shifted by the offset; the bounds shift with it. An uncounted offset ("a
    few days after", "several weeks before") reaches one to twelve units from
    it (hours: the same day or the one next to it), ``date`` in the middle.
    The offset's clause ends at the next clause break or its first comma
    ("Three months after the fall of Assad, al-Sharaa signed ... Thursday");
    a time expression inside it dates only its own events, never the main
    clause's ("On Sept 25, a day after X disclosed its Sept 12 offer, Y began").
``expression``
    A time expression in the trigger's clause dates the event (the closest one
    to the trigger if there are several). Day-precise expressions give
    ``earliest == date == latest``. A duration counting on from the
    expression before it ("Three days later, ..."; the tagger types it a
    DURATION, as TimeML does) is placed from that expression: days and weeks
    from a day-precise one, months and years to the calendar months or years
    they reach, "a few/several <units> later" one to twelve units on; never
    past the DCT from an anchor before it.
``expression:interval``
    Same, but the expression is coarser than a day ("earlier this month",
    "January 2024"): the bounds are the expression's, cut at the DCT for past
    events (and starting at it for future ones); ``date`` is the middle of
    the remaining interval and says nothing more precise. One day of a pair
    or range of days ("on March 17 and 18", "from March 2 to 9", "May 15-30",
    "last Thursday and Friday"; at most a month apart) dates the event by the
    whole range: ``earliest`` the first day, ``latest`` the last.
``expression:interval`` (a period)
    A period reaching back from the DCT ("killed in the past 24 hours", "over
    the last two weeks", "in recent days"; TimeML types it a DURATION) or the
    DATE "the past/last week/month/year" gives ``[DCT - n, DCT]``; one
    reaching on ("the next three days") ``[DCT, DCT + n]``; an uncounted one
    ("the past few days", "recent weeks") one to twelve units. Only periods of
    up to 92 days ("in recent years" is background), a period ahead only for
    a future event, and not "the last two days of the talks" (a part of
    something else).
``expression:since`` / ``expression:after`` / ``expression:before`` / ``expression:by``
    The expression is introduced by a signal: "since Oct. 7" gives
    ``[2023-10-07, DCT]`` with ``date`` = the start; "after X" gives
    ``[X, DCT]`` (for a past or present event the DCT even when X's span
    reaches past it: "since the start of the year"); "before X" gives
    ``[X - 7 days, X - 1 day]``; "by X" gives ``[X - 7 days, X]``.
``expression:sentence``
    No expression in the trigger's own clause, but the sentence's main (first)
    clause has one: an event in a subordinate clause inherits it.
    Expressions in subordinate clauses ("..., where Israel has been waging a
    war since Oct. 7") never date events of other clauses.
``expression:vague``
    ``now``/``currently`` date the event at the DCT; ``recently``/``in the
    past`` give ``[DCT - 30 days, DCT]`` with ``date`` = DCT - 1 day;
    ``soon``/``in the future`` are treated as ``future``.
``past_perfect`` / ``earlier``
    No expression; the verb is past perfect ("had recalled", "had earlier
    launched") or carries "earlier": the event precedes the events narrated
    before it. ``latest`` = the day before the earliest dated (non past
    perfect) event of the nearest preceding sentence that has one (its
    ``latest`` bound, so that a state "since Oct. 7" does not push it back
    months), and never after DCT - 1 day; ``earliest`` = ``latest`` - 7 days (the documented
    look-back window, :data:`PAST_PERFECT_WINDOW_DAYS`); ``date`` = ``latest``
    (the most recent day it can have happened).
``after:event``
    No expression in the clause, but the trigger's clause says it came
    "after the airstrike" / "following the strikes" / "in response to the
    attack" (a signal, a definite determiner and an event noun, not a date).
    The noun refers to an earlier event of the article: the nearest
    preceding anchor (in text order) with a material-conflict code (quad
    class 4) whose trigger names the same kind of act ("attacks", "missile",
    "strike"...), or failing that the nearest preceding one whose code fits
    the noun (:data:`EVENT_NOUNS`); its ``date`` must not be later than the
    event's own upper bound. That event's ``earliest`` raises the lower bound
    of the tense rule's window (``past_perfect``, ``earlier``,
    ``dct_default``) when it is later than it: "had recalled its envoy after
    the airstrike" with the airstrike on Jan. 16 gives ``[Jan. 16, latest]``.
    It never widens a window (a referent dated only loosely says nothing
    new), so the basis changes only when the bound moved. The upper bound
    and ``date`` stay those of the tense rule (``date`` moved into the
    bounds). When the referent is dated after a ``past_perfect``/``earlier``
    window (whose "before the events told just before" is a guess), the
    evidence wins: ``[referent earliest, DCT - 1 day]`` with ``date`` = the
    referent's date.
``future``
    A future or modal verb ("will meet", "plans to visit", "could strike"):
    ``earliest = date = DCT`` and ``latest = DCT + 30 days`` (the documented
    look-ahead window, :data:`FUTURE_WINDOW_DAYS`; the event may come later).
    A bare "to" after a simple past is the purpose of a past action and no
    future cue ("met this month to discuss", "sent troops to secure the
    town"), unless a verb or adjective that looks ahead ("agreed to free",
    "urged Iran to release", "were supposed to sign"), "was to" or a modal
    comes before it. Nor is the act of a past attempt or failure ("rebels
    tried to blow up a pylon", "failed to meet the rules"; not after "if").
    Only material acts and scheduled occurrences keep this rule. A verbal
    act (:func:`is_speech_act`: statements, appeals, intents, demands,
    disapproval, rejections, threats; quad classes 1 and 3 except meetings,
    visits and negotiations (root 04), signing an agreement (057) and
    protests (root 14), which take place when they are held) is dated when
    it is uttered, not when the act it talks about would happen: "any
    attempt ... will be responded with full might" (a threat) is dated like
    a statement, by its clause's own expression or ``dct_default``. For
    such acts an expression lying wholly after the DCT, a ``FUTURE_REF``
    ("soon"), a period ("over the past two years", "in the next few weeks")
    or a year naming which of something ("convicted of the 2017 murder", "its
    1986 results", "the 1985/86 harvest") is the time of the act talked
    about and is not used: a
    reported utterance has happened by publication. (Known limit: a
    scheduled future announcement, "will announce on Monday", is then dated
    at the DCT.) A reporting clause put after what it reports ("Exports
    fell in February, the ministry said.", "...," the minister told
    reporters on Monday.": a verb of saying after a comma or closing quote
    and a subject of at most eight words, with at most ten words after it
    and no "that") is dated by its own expressions only; the reported
    clause's dates are those of what is said, so with none of its own the
    saying takes ``dct_default``.
``dct_default``
    Simple past or present with no expression: news reports the previous or
    the same day, so ``date`` = DCT, ``earliest`` = DCT - 1 day,
    ``latest`` = DCT.
``undated``
    No DCT and no absolute expression: all three are ``None``.
"""

from __future__ import annotations

import bisect
import calendar
import dataclasses
import datetime as dt
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .codebook import default_codebook
from .records import EventAnchor, EventDate, Sentence, TimeExpression
from .timex.lexicon import parse_number

__all__ = [
    "EVENT_NOUNS",
    "FUTURE_WINDOW_DAYS",
    "PAST_PERFECT_WINDOW_DAYS",
    "date_events",
    "is_speech_act",
]

PAST_PERFECT_WINDOW_DAYS = 7
FUTURE_WINDOW_DAYS = 30
SIGNAL_WINDOW_DAYS = 7
VAGUE_PAST_DAYS = 30

_DATED_TYPES = frozenset({"DATE", "TIME"})
_CLAUSE_BREAK = re.compile(
    # "(?=[;:,\s])": the alternatives' first characters, so the alternation runs only there
    r"(?=[;:,\s])(?:;|:\s|\s[—–]\s|\s--\s|,\s*(?=(?:which|who|whom|whose|where|when|while|as|"
    r"after|before|since|because|although|though|but|and|whereas|raising|prompting|a\s+day|"
    r"the\s+day|\w+\s+(?:days?|weeks?|hours?|months?)\s+(?:after|before))\b)"
    r"|\s(?=(?:where|which|who)\s))",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    r"\b(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,3}|the|a\s+few|"
    r"several|a\s+couple\s+of)\s+(?P<u>days?|weeks?|months?|years?|hours?)\s+"
    r"(?P<dir>after|before)\s+",
    re.IGNORECASE,
)
# the comma closing an offset's clause, not one inside a date ("on December 3, 2024")
_OFFSET_COMMA = re.compile(r",(?!\s*(?:\d|(?:which|who|whom|whose)\b))", re.IGNORECASE)
_OWN_RELATIVE = re.compile(r"[,\s]\s*(?:which|who|whom|whose)\b", re.IGNORECASE)
# "by"/"for" before the count: an amount or a duration ("set back by a few months after the
# strikes", "suspended for 30 days after the raid"), not how far apart the two events are
_MEASURE = re.compile(r"\b(?:by|for)\s+$", re.IGNORECASE)
_RELATIVE_DIR = re.compile(r"\s(?:after|before)\s", re.IGNORECASE)  # in every _RELATIVE match
_PAST_PERFECT = re.compile(
    # "(?=[...])" (case-insensitive like the rest): the keywords' first letters, so the
    # rest runs only there; the same for _EARLIER, _FUTURE, _SIGNAL and _AFTER_EVENT
    r"(?=[h'])\b(?:had|'d)\s+(?:(?:\w+ly|not|never|already|earlier|also|just|been|previously|"
    r"first|once|reportedly)\s+){0,3}$",
    re.IGNORECASE,
)
_EARLIER = re.compile(
    r"(?=[epb])\b(?:earlier|previously|before\s+that|prior\s+to\s+that)\s+$", re.I)
_FUTURE = re.compile(
    r"(?=[wsc'mgpiaedt])\b(?:will|would|shall|'ll|could|may|might|should|must|can|going\s+to|"
    r"plans?\s+to|planned\s+to|planning\s+to|intends?\s+to|is\s+to|are\s+to|expected\s+to|set\s+to|"
    r"scheduled\s+to|due\s+to|to)\s+(?:(?:\w+ly|not|be|also|soon|then|further|jointly)\s+){0,2}$",
    re.IGNORECASE,
)
# a purpose infinitive after a simple past (Tagger.purpose_of_past)
_BARE_TO = re.compile(r"to\s", re.IGNORECASE)
_LOOKS_AHEAD = re.compile(
    r"(?:\b(?:agree|vow|threaten|refus|decid|pledg|promis|want|hope|seek|sought|plan|try|"
    r"tried|attempt|fail|offer|ask|urg|call|order|told|tell|warn|vot|aim|intend|expect|"
    r"prepar|push|press|pressur|forc|allow|authori[sz]|invit|encourag|persuad|demand|appeal|"
    r"need|choose|chose|opt|resolv|commit|undert(?:ake|ook)|declin|wish|struggl|move|"
    r"ready|readi|able|unable|likely|set|due|about|permit|instruct|direct|summon|approv|"
    r"propos|suggest|recommend|insist|claim|agreement|deal|bid|effort|decision|threat|right|"
    r"chance|time|way|mandate|suppos|availab|necessar|difficult|possible|impossible|hard|"
    r"easy|willing|eager|keen|determin|too\s+\w+)\w*(?:\s+\S+){0,4}?"
    r"|\b(?:was|were))\s*$",
    re.IGNORECASE,
)
# an attempt or failure in the past: what it was to do is no future event
_TRIED = re.compile(r"\b(?:tried|attempted|failed|managed)\s+(?:\S+\s+){0,3}?$", re.IGNORECASE)
_CONDITION = re.compile(r"\b(?:if|unless)\s", re.IGNORECASE)  # "if it failed to meet ..."
_MODAL = re.compile(r"\b(?:will|would|shall|'ll|could|may|might|should|must|can|is|are|am)\b",
                    re.IGNORECASE)
_SIMPLE_PAST = re.compile(
    r"\b(?:met|led|held|sent|went|came|flew|gathered|travell?ed|convened|visited|arrived|"
    r"returned|deployed|used|launched|joined|rushed|hosted|dispatched|mobili[sz]ed|"
    r"summoned|gave|took|made|spoke|talked|worked|negotiated|mediated|brokered|opened|"
    r"began|started|stepped|intervened|massed|moved\s+(?:in|troops)|"
    r"was|were)\b",
    re.IGNORECASE,
)
# a reporting clause after what it reports: "..., officials said", "...," the minister told
# reporters on Monday
_SAYING = re.compile(r"(?:said|says|say|told|tells|added|adds)\b", re.IGNORECASE)
_REPORTER = re.compile(r"(?:,|[”\"])\s*[”\"]?\s+(?:[\w.'’&()<>-]+\s+){1,8}$")
_CONTENT_MIN_WORDS = 5
_WORDS = re.compile(rf"\s*(?:\S+\s+){{{_CONTENT_MIN_WORDS - 1}}}\S")  # at least five words
# what may follow such a "said": the sentence end or an adjunct, not what was said
_SAID_TAIL = re.compile(
    r"\s*(?:$|[.,;:!?\"”'’…)\]-]|(?:in|on|at|here|there|today|yesterday|tonight|last|this|"
    r"earlier|later|late|after|before|during|when|while|without|quoting|citing|as|of|"
    r"according|from|to|by|through|in)\b)", re.IGNORECASE)
_REPORT_TAIL_MAX_WORDS = 10
_THAT = re.compile(r"\bthat\b", re.IGNORECASE)
# what is said will or would happen: an expression after it is the content's time, not the
# saying's ("announces it will cut 2,000 jobs this year", "said it would hold talks on Friday")
_CONTENT_FUTURE = re.compile(
    r"(?=[wsi'pae])\b(?:will|would|shall|'ll|(?:is|are|was|were)\s+(?:going\s+)?to|"
    r"(?:plan|intend|aim|expect)(?:s|ed|ing)\s+to|(?:set|scheduled)\s+to)\b",
    re.IGNORECASE,
)
_FIRST_WORD = re.compile(r"\S*")
# the time a record or a first is counted from ("the first time since the invasion in 2022",
# "the lowest level since January"): it dates only what the "since" phrase itself tells
_COMPARED_SINCE = re.compile(
    r"\b(?:first|highest|lowest|biggest|largest|worst|best|most|strongest|weakest|"
    r"longest|shortest|fewest|sharpest|steepest|greatest|fiercest|harshest|toughest|"
    r"closest|widest|deepest|fastest|slowest|hottest|coldest|gravest|(?!priest)[a-z]+iest)\b"
    r"(?:\s+(?:(?:[A-Z]\.){2,}|[\w'’-]+)){0,10}?\s+(?P<since>since)\s+"
    r"(?:(?:(?:[A-Z]\.){2,}|[^\s.;:,]+)\s+){0,10}$",
    re.IGNORECASE,
)
_WHEN_CLAUSE = re.compile(r"\s*,?\s*when\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.;!?]")
# where such a phrase ends after its expression ("since the 2022 Russian invasion.")
_SINCE_PHRASE_END = re.compile(
    r"[,.;:!?]|\s(?:that|and|but|after|when|while|amid|as|to|in\s+response)\s", re.IGNORECASE)
# "since" + what happened then + "on/in" + the expression ("since the war began on March 2")
_SINCE_EVENT = re.compile(r"\bsince\s+(?:[\w'’-]+\s+){1,8}?(?:on|in|at)\s+(?:the\s+)?\Z",
                          re.IGNORECASE)
_SINCE_EVENT_END = re.compile(r"[,.;:!?]|\s(?:and|but|when|while|amid|as)\s", re.IGNORECASE)
_SIGNAL = re.compile(
    r"(?=[safbutp])\b(?P<s>since|after|following|before|by|until|till|prior\s+to)\s+"
    r"(?:(?:the|early|late|mid|around|on|in|at)\s+)?$",
    re.IGNORECASE,
)


# Verbal codes that are occurrences held at a time of their own, not utterances:
# consultations, meetings, visits, negotiations (04), signing a formal agreement
# (057), demonstrations, strikes and blockades (14).
_SCHEDULED_ROOTS = frozenset({"04", "14"})
_SCHEDULED_CODES = frozenset({"057"})


def is_speech_act(code: str) -> bool:
    """True when CAMEO ``code`` is an utterance (dated when said, not when its content happens).

    Verbal cooperation and verbal conflict (quad classes 1 and 3 in the
    codebook) except roots 04 and 14 and code 057; unknown codes are not.
    """
    entry = default_codebook().get(code)
    if entry is None:
        return False
    return (entry.quad_class in (1, 3) and entry.root not in _SCHEDULED_ROOTS
            and code not in _SCHEDULED_CODES)


def _is_material_conflict(code: str) -> bool:
    entry = default_codebook().get(code)
    return entry is not None and entry.quad_class == 4


#: Event nouns an "after the <noun>" clause may name: the lexical family that a
#: referent's trigger text may share, and the CAMEO roots whose events the noun
#: can denote.
EVENT_NOUNS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "strike": (frozenset({"strike", "airstrike", "attack", "missile", "drone", "rocket",
                          "bomb", "raid", "shell"}), frozenset({"18", "19", "20"})),
    "attack": (frozenset({"attack", "strike", "airstrike", "missile", "drone", "rocket",
                          "bomb", "raid", "shell", "assault", "ambush"}),
               frozenset({"18", "19", "20"})),
    "bombing": (frozenset({"bomb", "strike", "airstrike", "missile", "shell", "blast",
                           "explosion"}), frozenset({"18", "19", "20"})),
    "raid": (frozenset({"raid", "attack", "strike", "incursion", "assault"}),
             frozenset({"17", "18", "19"})),
    "shelling": (frozenset({"shell", "artillery", "mortar", "fire"}), frozenset({"19", "20"})),
    "clash": (frozenset({"clash", "fight", "fire", "battle"}), frozenset({"19"})),
    "incursion": (frozenset({"incursion", "raid", "cross", "invasion", "attack"}),
                  frozenset({"19"})),
    "violation": (frozenset({"violat", "breach", "strike", "attack"}),
                  frozenset({"18", "19", "20"})),
    "killing": (frozenset({"kill", "assassinat", "execut", "murder", "attack"}),
                frozenset({"18", "19", "20"})),
    "explosion": (frozenset({"explo", "blast", "bomb"}), frozenset({"18", "19"})),
}
_NOUN_FORMS: dict[str, str] = {
    "strike": "strike", "strikes": "strike", "airstrike": "strike", "airstrikes": "strike",
    "air strike": "strike", "air strikes": "strike", "air raid": "raid", "air raids": "raid",
    "missile strike": "strike", "missile strikes": "strike", "drone strike": "strike",
    "drone strikes": "strike", "attack": "attack", "attacks": "attack", "assault": "attack",
    "assaults": "attack", "offensive": "attack", "ambush": "attack", "bombing": "bombing",
    "bombings": "bombing", "bombardment": "bombing", "raid": "raid", "raids": "raid",
    "shelling": "shelling", "clash": "clash", "clashes": "clash", "fighting": "clash",
    "incursion": "incursion", "incursions": "incursion", "violation": "violation",
    "violations": "violation", "killing": "killing", "killings": "killing",
    "assassination": "killing", "blast": "explosion", "explosion": "explosion",
    "blasts": "explosion", "explosions": "explosion",
}  # fmt: skip
_NOUN_ALT = "|".join(sorted((k.replace(" ", r"\s+") for k in _NOUN_FORMS), key=len,
                            reverse=True))
_AFTER_EVENT = re.compile(
    r"(?i:(?=[afi]))\b(?i:after|following|in\s+the\s+wake\s+of|in\s+response\s+to|"
    r"in\s+retaliation\s+for)\s+"
    r"(?:(?i:the|these|those|this|that|its|their|his|her)|[A-Z][\w’'-]*(?:’s|'s))\s+"
    r"(?:[\w’'-]+\s+){0,3}?"
    rf"(?P<noun>(?i:{_NOUN_ALT}))\b"
)


# "three days later": the tagger types the offset a DURATION (TimeML); the event it dates
# lies that far after the expression before it
_LATER = re.compile(r"\s+later\b(?!\s+than\b)", re.IGNORECASE)
_OFFSET = re.compile(r"P(T?)(\d+|X)(WE|[A-Z])")
_MONTHS_PER = {"M": 1, "Q": 3, "Y": 12, "E": 120, "C": 1200}
_DAYS_PER = {"D": 1, "W": 7, "WE": 7}
_UNCOUNTED_MAX = 12  # "a few days later": one to twelve days
_RELATIVE_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}  # "two weeks after X"


def _add_months(d: dt.date, months: int) -> dt.date | None:
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    if not 1 <= y <= 9999:
        return None
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _anchored(t: TimeExpression, anchor: TimeExpression, dct: dt.date | None
              ) -> TimeExpression | None:
    """``t`` ("three days" in "three days later") placed after the expression ``anchor``
    before it: a counted offset shifts the anchor (days and weeks need a day-precise
    anchor and give a day; months and longer give the calendar months or years it
    reaches; hours stay on the anchor's day or the next); an uncounted one ("a few
    days later") reaches from one to twelve units after the anchor. An anchor on or
    before the DCT never sends the event past it ("nearly two decades later, the attack
    raises questions": the DCT). ``None`` when it cannot be placed."""
    m = _OFFSET.match(t.value)
    lo, hi = anchor.earliest, anchor.latest
    if m is None or lo is None or hi is None:
        return None
    clock, count, unit = m.groups()
    low, high = (1, _UNCOUNTED_MAX) if count == "X" else (int(count), int(count))
    anchor_end = hi
    first: dt.date | None
    last: dt.date | None
    if clock:
        if lo != hi:
            return None
        first, last = lo, _shift(lo, 1)
    elif unit in _DAYS_PER:
        if lo != hi:
            return None
        first, last = _shift(lo, low * _DAYS_PER[unit]), _shift(hi, high * _DAYS_PER[unit])
    elif unit in _MONTHS_PER:
        first = _add_months(lo, low * _MONTHS_PER[unit])
        last = _add_months(hi, high * _MONTHS_PER[unit])
        if count != "X" and first is not None and last is not None:
            # the calendar month or year it reaches
            first = first.replace(day=1) if unit == "M" else dt.date(first.year, 1, 1)
            last = (last.replace(day=calendar.monthrange(last.year, last.month)[1])
                    if unit == "M" else dt.date(last.year, 12, 31))
    else:
        return None
    if first is None or last is None:
        return None
    if dct is not None and anchor_end <= dct < first:
        first = last = dct
    return dataclasses.replace(t, earliest=first, latest=last)


# "in the past 24 hours", "over the last two weeks", "in recent days", "the next few days":
# a period reaching back from (or on from) the DCT; not "the last two days of the talks"
_WINDOW = re.compile(r"(?:the\s+)?(?:(?P<back>past|last|previous|recent)|next|coming)\s+",
                     re.IGNORECASE)
_WINDOW_DATE = re.compile(r"the\s+(?:past|last)\s+(?P<u>week|month|year)$", re.IGNORECASE)
_WINDOW_OF = re.compile(r"\s+(?:of|for\s+which|in\s+which)\b", re.IGNORECASE)
# longer periods ("in recent years", "over the past four years") are mostly background to
# the clause, and a date in their middle would say more than the text: not used
_WINDOW_MAX_DAYS = 92
_WINDOW_DAYS = {"D": 1, "W": 7, "M": 30, "Q": 91, "Y": 365, "E": 3650}
_UNIT_LETTER = {"week": "W", "month": "M", "year": "Y"}


def _window(text: str, t: TimeExpression, dct: dt.date | None) -> TimeExpression | None:
    """A period counted back from the DCT ("killed in the past 24 hours": a DURATION in
    TimeML, "the past month": a DATE of the previous calendar month) or on from it ("the
    next two weeks"): the calendar span it covers, ``[DCT - n, DCT]`` or ``[DCT, DCT + n]``
    (uncounted "the past few days", "recent weeks": one to twelve units). ``None`` for
    anything else."""
    w = _WINDOW.match(t.text)
    if dct is None or w is None or _WINDOW_OF.match(text, t.end):
        return None
    if t.type == "DATE":
        d = _WINDOW_DATE.match(t.text)
        if d is None:
            return None
        count, unit, clock = "1", _UNIT_LETTER[d.group("u").lower()], ""
    else:
        m = _OFFSET.fullmatch(t.value)
        if m is None:
            return None
        clock, count, unit = m.groups()
    n = _UNCOUNTED_MAX if count == "X" else int(count)
    if clock:
        if unit not in ("H", "M", "S"):
            return None
        days = -(-n // 24) if unit == "H" else 1
    elif unit in _WINDOW_DAYS:
        days = n * _WINDOW_DAYS[unit]
    else:
        return None
    if days > _WINDOW_MAX_DAYS:
        return None
    lo: dt.date | None = _shift(dct, -days) if w.group("back") else dct
    hi: dt.date | None = dct if w.group("back") else _shift(dct, days)
    if lo is None or hi is None:
        return None
    return dataclasses.replace(t, earliest=lo, latest=hi)


def _placed(text: str, timexes: list[TimeExpression], dct: dt.date | None
            ) -> list[TimeExpression]:
    """The expressions that can date an event: dates and times, durations that count
    on from the expression before them ("three days later", :func:`_anchored`) and
    periods reaching back from or on from the DCT ("in the past 24 hours",
    :func:`_window`)."""
    out: list[TimeExpression] = []
    last: TimeExpression | None = None
    for t in timexes:
        if t.type in _DATED_TYPES:
            # "the past month": the only dates _window reads begin with "the"
            out.append((t.text[:1] in "tT" and _window(text, t, dct)) or t)
            if t.earliest is not None:
                last = t
        elif t.type == "DURATION":
            placed = (_anchored(t, last, dct) if last is not None and _LATER.match(text, t.end)
                      else _window(text, t, dct))
            if placed is not None:
                out.append(placed)
    return out


# two days joined into a pair or a range: "March 17 and 18", "March 2 to 9", "May 15-30"
_RANGE_JOIN = re.compile(r"\s*(?:-|–|—|\s(?:and|or|to|through|thru)\s)\s*", re.IGNORECASE)
_RANGE_MAX_DAYS = 31


def _ranges(text: str, timexes: Sequence[TimeExpression]) -> dict[int, tuple[dt.date, dt.date]]:
    """Start offset -> (first day, last day) for each day of a pair or range of days
    ("March 17 and 18", "from March 2 to 9"): an event it dates lies on one of them or
    across them. Both must be single days, in order, at most a month apart."""
    out: dict[int, tuple[dt.date, dt.date]] = {}
    for a, b in itertools.pairwise(timexes):
        lo, hi = a.earliest, b.latest
        if (a.type != "DATE" or b.type != "DATE" or lo is None or hi is None
                or lo != a.latest or b.earliest != hi or not lo < hi
                or (hi - lo).days > _RANGE_MAX_DAYS):
            continue
        m = _RANGE_JOIN.match(text, a.end)
        if m is None or m.end() != b.start:
            continue
        out[a.start] = out[b.start] = (out.get(a.start, (lo, hi))[0], hi)
    return out


_YEAR_VALUE = re.compile(r"\d{4}")
_IN_THE = re.compile(r"\b(?:in|during|throughout|over|for)\s+(?:the|its|their|this|that)\s+$",
                     re.IGNORECASE)
_SIGNAL_THE = re.compile(r"\b(?:since|after|following|before|until|till|by)\s+"
                         r"(?:the|its|their|this|that)\s+$", re.IGNORECASE)
_PERIOD_NOUN = re.compile(r"(?:/\d\d)?(?:\s+[\w-]+)?\s+(?:year|season|period|quarter|half|"
                          r"term|session|cycle|campaign|window|harvest|crop)s?\b", re.IGNORECASE)
_NOUN_PHRASE_GAP = re.compile(r"(?:/\d\d)?(?:\s+[\w'’-]+){0,3}\s+")
_BASELINE = re.compile(
    r"(?:\b(?:up|down|rose|fell|higher|lower|increased?|decreased?|declined?|dropped|gained|"
    r"jumped|climbed|grew)\s+(?:by\s+)?(?:(?:about|some|nearly|almost|around|over)\s+)?"
    r"\d[\d.,]*\s*(?:%|percent|per\s+cent|pct|points?)\s+(?:from|over|on)|"
    r"\bcompared\s+(?:with|to)|(?<!later\s)(?<!earlier\s)(?<!sooner\s)(?<!other\s)"
    r"(?<!rather\s)\b(?:than|versus|vs\.?)(?:\s+(?:in|on|at|during))?)\s+"
    r"(?:(?:the|a|its|their)\s+)?(?:(?:same|corresponding|year-ago)\s+(?:period|quarter|"
    r"month|week)\s+(?:of|in|a)\s+)?\Z", re.IGNORECASE)
# where a baseline's phrase ends: "compared with last December when measures were taken to
# combat ..." still tells of last December
_BASELINE_END = re.compile(r"[,.;:!?]|\s(?:and|but|while|amid|as)\s", re.IGNORECASE)
_POSSESSIVE_NOUN = re.compile(r"['’]s\s+[a-z]")
# a possessive date after these is when the event happened ("killed in yesterday's operation",
# "proposed at last month's meeting", "refused to attend last month's meeting", "carried out
# Tuesday's bombing") or a bound ("after Monday's vote")
_POSSESSIVE_AT = re.compile(
    r"\b(?:in|at|during|on|from|throughout|over|until|till|by|before|after|since|following|"
    r"ahead\s+of|prior\s+to|attend(?:s|ed|ing)?|carr(?:y|ies|ied|ying)\s+out|conduct(?:s|ed|ing)?|"
    r"stag(?:e|es|ed|ing)|launch(?:es|ed|ing)?|h(?:old|olds|eld|olding)|host(?:s|ed|ing)?|"
    r"boycott(?:s|ed|ing)?|skip(?:s|ped|ping)?|join(?:s|ed|ing)?|le[ad]|leads|leading|"
    r"organi[sz](?:e|es|ed|ing)|chair(?:s|ed|ing)?|address(?:es|ed|ing)?)\s+\Z", re.IGNORECASE)
_DETERMINER_END = re.compile(r"\b(?:the|its|their|his|her|our|this|that|a)\s+$", re.IGNORECASE)
# a preposition that takes no time before a bare year ("convicted over 2020 bomb plots")
_LABEL_PREPOSITION = re.compile(r"\b(?:over|into|about|against)\s+$", re.IGNORECASE)
_NOUN_NEXT = re.compile(r"(?:/\d\d)?\s+[a-z]")


@dataclass(frozen=True)
class _Dated:
    date: dt.date | None
    earliest: dt.date | None
    latest: dt.date | None
    text: str
    basis: str
    value: str = ""

    def record(self) -> EventDate:
        d, lo, hi = self.date, self.earliest, self.latest
        if d is None or lo is None or hi is None:
            # a date always comes with both bounds (an overflow at the calendar's end)
            d = d if d is not None else (lo if lo is not None else hi)
            lo = lo if lo is not None else d
            hi = hi if hi is not None else d
        if d is not None:
            if lo is not None and d < lo:
                d = lo
            if hi is not None and d > hi:
                d = hi
            if lo is not None and hi is not None and lo > hi:
                lo = hi = d
        return EventDate(d, lo, hi, self.text, self.basis, self.value)


_UNDATED = _Dated(None, None, None, "", "undated")


def _shift(d: dt.date | None, days: int) -> dt.date | None:
    if d is None:
        return None
    try:
        return d + dt.timedelta(days=days)
    except OverflowError:
        return None


def _midpoint(lo: dt.date, hi: dt.date) -> dt.date:
    return lo + (hi - lo) // 2


class _Article:
    def __init__(self, text: str, sentences: Sequence[Sentence],
                 timexes: Sequence[TimeExpression], dct: dt.date | None) -> None:
        self.text = text
        self.sentences = list(sentences)
        self.timexes = _placed(text, sorted(timexes, key=lambda t: t.start), dct)
        self._starts = [t.start for t in self.timexes]
        self.dct = dct
        self.ranges = _ranges(text, self.timexes)
        # the periods ahead, which do not date a past event ("in the next few weeks")
        self.ahead = {t.start for t in self.timexes if t.type == "DURATION" and dct is not None
                      and t.latest is not None and t.latest > dct and _WINDOW.match(t.text)}
        self._not_verbal: set[int] | None = None
        # expressions in such a "since" phrase: where the phrase starts and ends
        self.compared: dict[int, tuple[int, int]] = {}
        for t in self.timexes:
            lo = max(0, t.start - 120)
            if "since" not in text[lo:t.start].lower():
                continue  # most expressions: no "since" before them
            m = _COMPARED_SINCE.search(text, lo, t.start)
            if m is not None:
                # "since January 2, when troops overran the garrison": the clause is its
                when = _WHEN_CLAUSE.match(text, t.end)
                end = (_SENTENCE_END.search(text, when.end()) if when
                       else _SINCE_PHRASE_END.search(text, t.end))
                self.compared[t.start] = (m.start("since"), end.start() if end else len(text))
        # per sentence span, read once: several anchors (and rules) share a sentence
        self._clauses: dict[tuple[int, int], list[tuple[int, int]]] = {}
        self._relatives: dict[tuple[int, int], list[tuple[re.Match[str], int]]] = {}

    # ------------------------------------------------------------ structure
    def sentence_of(self, anchor: EventAnchor) -> tuple[int, int, int]:
        """(index, start, end) of the anchor's sentence, robust to bad indices."""
        i = anchor.sentence_index
        if 0 <= i < len(self.sentences):
            s = self.sentences[i]
            if s.start <= anchor.trigger_start < max(s.end, s.start + 1):
                return i, s.start, s.end
        for j, s in enumerate(self.sentences):
            if s.start <= anchor.trigger_start < s.end:
                return j, s.start, s.end
        if 0 <= i < len(self.sentences):
            s = self.sentences[i]
            return i, s.start, s.end
        return -1, 0, len(self.text)

    def clauses(self, start: int, end: int) -> list[tuple[int, int]]:
        key = (start, end)
        found = self._clauses.get(key)
        if found is None:
            found = self._clauses[key] = self._split_clauses(start, end)
        return found

    def _split_clauses(self, start: int, end: int) -> list[tuple[int, int]]:
        cuts = [start]
        for m in _CLAUSE_BREAK.finditer(self.text, start, end):
            if m.end() > cuts[-1]:
                cuts.append(m.end())
        cuts.append(end)
        return [(a, b) for a, b in itertools.pairwise(cuts) if b > a] or [(start, end)]

    def timexes_in(self, start: int, end: int) -> list[TimeExpression]:
        """The expressions wholly inside ``[start, end)``, in text order (a bisection on
        their starts: a long article has thousands)."""
        out = []
        for k in range(bisect.bisect_left(self._starts, start), len(self.timexes)):
            t = self.timexes[k]
            if t.start >= end:
                break
            if t.end <= end:
                out.append(t)
        return out

    # ------------------------------------------------------------ rules
    def tense(self, clause_start: int, trigger_start: int) -> str:
        before = self.text[max(clause_start, trigger_start - 60) : trigger_start]
        if _PAST_PERFECT.search(before):
            return "past_perfect"
        fut = _FUTURE.search(before)
        if fut is not None and not self.purpose_of_past(before, fut.start(), fut.group()):
            return "future"
        if _EARLIER.search(before):
            return "earlier"
        after = self.text[trigger_start : trigger_start + 40]
        if re.match(r"\w+\s+(?:\w+\s+){0,3}?earlier\b", after) and not re.match(
            r"\w+\s+(?:\w+\s+){0,3}?earlier\s+(?:this|that|in|on)\b", after
        ):
            return "earlier"
        return "past"

    @staticmethod
    def purpose_of_past(before: str, at: int, cue: str) -> bool:
        """A bare "to" before the trigger after a simple past that does not look ahead:
        the purpose of a past action ("met on Friday to discuss", "led talks to reach the
        deal", "sent troops to secure the town"), not a future event; after a verb that
        looks ahead ("agreed to free", "urged Iran to release", "threatened to strike")
        or a modal it stays future. After an attempt or failure in the past ("rebels
        tried to blow up a pylon", "attempted to launch an offensive", "failed to meet the
        deadline") the act was tried when the attempt was made: not future either."""
        if not _BARE_TO.match(cue):
            return False
        head = before[:at]
        if _MODAL.search(head):
            return False
        if _TRIED.search(head) and not _CONDITION.search(head):
            return True
        if _LOOKS_AHEAD.search(head):
            return False
        return _SIMPLE_PAST.search(head) is not None

    def default(self, tense: str) -> _Dated:
        if self.dct is None:
            return _UNDATED
        if tense == "future":
            return _Dated(self.dct, self.dct, _shift(self.dct, FUTURE_WINDOW_DAYS), "", "future")
        return _Dated(self.dct, _shift(self.dct, -1), self.dct, "", "dct_default")

    def from_expression(self, t: TimeExpression, tense: str, basis: str,
                        pos: int | None = None) -> _Dated | None:
        if t.value in ("PRESENT_REF",) and self.dct is not None:
            return _Dated(self.dct, self.dct, self.dct, t.text, "expression:vague", t.value)
        if t.value == "PAST_REF" and self.dct is not None:
            return _Dated(_shift(self.dct, -1), _shift(self.dct, -VAGUE_PAST_DAYS), self.dct,
                          t.text, "expression:vague", t.value)
        if t.value == "FUTURE_REF" and self.dct is not None:
            return _Dated(self.dct, self.dct, _shift(self.dct, FUTURE_WINDOW_DAYS), t.text,
                          "future", t.value)
        if t.earliest is None or t.latest is None:
            return None
        lo, hi = t.earliest, t.latest
        span = self.ranges.get(t.start)
        if span is not None:
            # one of "March 17 and 18", "from March 2 to 9": the event spans the pair
            lo, hi = span
            if basis == "expression":
                basis = "expression:interval"
        sig = _SIGNAL.search(self.text[max(0, t.start - 25) : t.start])
        s = re.sub(r"\s+", " ", sig.group("s").lower()) if sig is not None else ""
        if not s and pos is not None and "since" in self.text[max(0, t.start - 80):t.start].lower():
            # "aid trucks have arrived since the ceasefire took effect on January 19": the
            # expression dates the phrase's own event, a since bound for the one outside it
            since = _SINCE_EVENT.search(self.text, max(0, t.start - 80), t.start)
            if since is not None and not self.in_phrase(pos, since.start(), t.end,
                                                        _SINCE_EVENT_END):
                s = "since"
        if s:
            top = max(self.dct, hi) if self.dct is not None else hi
            if self.dct is not None and tense != "future" and lo <= self.dct:
                # a past or present event "since the start of the year" ends by the DCT,
                # not at the end of the expression's span
                top = self.dct
            if s == "since":
                return _Dated(lo, lo, top, t.text, "expression:since", t.value)
            if s in ("after", "following"):
                return _Dated(lo, lo, top, t.text, "expression:after", t.value)
            if s in ("before", "prior to"):
                end = _shift(lo, -1) or lo
                return _Dated(end, _shift(end, -SIGNAL_WINDOW_DAYS), end, t.text,
                              "expression:before", t.value)
            if s in ("by", "until", "till"):
                return _Dated(hi, _shift(hi, -SIGNAL_WINDOW_DAYS), hi, t.text, "expression:by",
                              t.value)
        if lo == hi:
            return _Dated(lo, lo, hi, t.text, basis, t.value)
        if self.dct is not None:
            if tense != "future" and lo <= self.dct < hi:
                hi = self.dct
            elif tense == "future" and lo < self.dct <= hi:
                lo = self.dct
        return _Dated(_midpoint(lo, hi), lo, hi, t.text,
                      "expression:interval" if basis == "expression" else basis, t.value)

    def not_verbal(self) -> set[int]:
        """Starts of the expressions an utterance is not dated by: periods ("over the
        past two years") and years naming which of something ("its 1986 results");
        read once per article, at the first utterance."""
        if self._not_verbal is None:
            self._not_verbal = {t.start for t in self.timexes if (
                t.type == "DURATION" and _WINDOW.match(t.text)) or self.attributive_year(t)}
        return self._not_verbal

    def attributive_year(self, t: TimeExpression) -> bool:
        """A year naming which of something ("its 1986 results", "the 1985/86 crop"):
        it says nothing of when an utterance about it was made."""
        if t.type != "DATE" or not _YEAR_VALUE.fullmatch(t.value):
            return False
        if self.text[t.start - 1:t.start] == "(" and self.text[t.end:t.end + 1] == ")":
            return True  # a label: "the civil ruling of Carroll II (2022)"
        if not _NOUN_NEXT.match(self.text, t.end):
            return False
        return bool(_DETERMINER_END.search(self.text, max(0, t.start - 12), t.start)
                    or (t.text.isdigit()
                        and _LABEL_PREPOSITION.search(self.text, max(0, t.start - 12), t.start)))

    def baseline(self, t: TimeExpression, pos: int) -> bool:
        """Is ``t`` what something is compared with ("up 31% from 2023", "higher than last
        year") and the trigger at ``pos`` neither in that phrase nor named by ``t``?"""
        m = _BASELINE.search(self.text, max(0, t.start - 60), t.start)
        if m is None or self.names_trigger(t, pos):
            return False
        return not self.in_phrase(pos, m.start(), t.end, _BASELINE_END)

    def in_phrase(self, pos: int, start: int, after: int, closer: re.Pattern[str]) -> bool:
        """Is ``pos`` in the phrase opened at ``start`` that runs past ``after`` (the end
        of its expression) to the first ``closer``?"""
        closes = closer.search(self.text, after)
        return start <= pos < (closes.start() if closes else len(self.text))

    def names_trigger(self, t: TimeExpression, pos: int) -> bool:
        """Is the trigger at ``pos`` in the noun phrase a year ``t`` opens ("a 2012 rocket
        <attack>", "the 2022 Russian <invasion>")? At most three words after it."""
        return t.end <= pos and _NOUN_PHRASE_GAP.fullmatch(self.text, t.end, pos) is not None

    def time_adjunct(self, t: TimeExpression) -> bool:
        """Is the year phrase ``t`` opens a time adjunct ("killed in the 2024 calendar year",
        "during the 1987/88 season") or a bound ("shot after the 2024 parade")?"""
        before = max(0, t.start - 16)
        if _SIGNAL_THE.search(self.text, before, t.start):
            return True
        return bool(_IN_THE.search(self.text, before, t.start)
                    and _PERIOD_NOUN.match(self.text, t.end))

    def date_in_sentence(self, pos: int, sent: tuple[int, int, int],
                         exclude: Sequence[tuple[int, int]] = (),
                         verbal: bool = False) -> tuple[_Dated | None, str]:
        """Date an event at ``pos`` from expressions of its sentence; also return its tense.

        ``verbal``: the event is an utterance (:func:`is_speech_act`): a future
        tense belongs to what is said, so the tense is read as past, and
        expressions of the future (wholly after the DCT, ``FUTURE_REF``) are
        the time of the content, not of the utterance.
        """
        _, s_start, s_end = sent
        clauses = self.clauses(s_start, s_end)
        ci = next((k for k, (a, b) in enumerate(clauses) if a <= pos < b), 0)
        c_start, c_end = clauses[ci]
        tense = self.tense(c_start, pos)
        if verbal and tense == "future":
            tense = "past"
        dct = self.dct

        # past the trigger's first word, which may be a modal ("will meet", "would not comment")
        after = _FIRST_WORD.match(self.text, pos).end()  # type: ignore[union-attr]

        def usable(ts: list[TimeExpression]) -> list[TimeExpression]:
            # a year naming which of something after the trigger ("warrants for a 2012 rocket
            # attack", "an investigation into the 2024 killing") dates that thing only
            ts = [t for t in ts if not (t.start > pos and self.attributive_year(t)
                                        and not self.names_trigger(t, pos)
                                        and not self.time_adjunct(t))]
            # nor does a possessive one ("protests against last year's disputed election",
            # "rallied against Wednesday's ruling"), unless it is a bound ("after Monday's")
            ts = [t for t in ts if not (
                t.start > pos and t.type == "DATE" and _POSSESSIVE_NOUN.match(self.text, t.end)
                and not _POSSESSIVE_AT.search(self.text, max(0, t.start - 25), t.start))]
            # a comparison's baseline ("up 31% from 2023", "compared with a year earlier")
            # is not when anything in the sentence happened
            ts = [t for t in ts if not self.baseline(t, pos)]
            if self.compared:  # only what the phrase tells is dated by it
                since = self.compared
                ts = [t for t in ts if not (
                    t.start in since and not since[t.start][0] <= pos < since[t.start][1])]
            if verbal:
                not_verbal = self.not_verbal()
                # nor a period ("over the past two years", "in the next few weeks"): what
                # is said is about it, the saying is at its end
                ts = [t for t in ts if t.value != "FUTURE_REF" and not (
                    dct is not None and t.earliest is not None and t.earliest > dct)
                    and t.start not in not_verbal and not (
                        t.start > pos and _CONTENT_FUTURE.search(self.text, after, t.start))]
            elif tense != "future" and self.ahead:
                # a period ahead ("in the next few weeks") does not date a past event
                ts = [t for t in ts if t.start not in self.ahead]
            if not exclude:
                return ts
            return [t for t in ts if not any(a <= t.start and t.end <= b for a, b in exclude)]

        own = usable(self.timexes_in(c_start, c_end))
        main = usable(self.timexes_in(*clauses[0])) if ci > 0 and not own else []
        if verbal and (own or main):
            said = self.reporting_clause(pos, s_start, s_end)
            if said is not None:
                # "<what was said>, officials said [on Monday]": only the reporting clause's
                # own expression dates the saying
                own = [t for t in own if t.start >= said]
                main = []
        if own:
            best = min(own, key=lambda t: min(abs(t.start - pos), abs(t.end - pos)))
            return self.from_expression(best, tense, "expression", pos), tense
        if main:
            best = min(main, key=lambda t: abs(t.start - pos))
            return self.from_expression(best, tense, "expression:sentence", pos), tense
        return None, tense

    def reporting_clause(self, pos: int, s_start: int, s_end: int) -> int | None:
        """Start of a reporting clause put after what it reports ("Troops shelled the town
        on Monday, officials said.", "..., a spokesman told Reuters today."): a verb of
        saying after a comma or closing quote and a short subject, closing the sentence
        with at most a short adjunct; what comes before it (at least five words) is the
        content. ``None`` for any other trigger."""
        verb = _SAYING.match(self.text, pos)
        if verb is None:
            return None
        text, lo = self.text, max(s_start, pos - 120)
        # the last comma or quote before the verb (the subject holds neither), a comma
        # right before that quote with it (',"')
        at = max(text.rfind(",", lo, pos), text.rfind('"', lo, pos), text.rfind("”", lo, pos))
        if at < 0:
            return None
        if text[at] != ",":
            comma = text.rfind(",", lo, at)
            if comma >= 0 and not text[comma + 1 : at].strip():
                at = comma
        m = _REPORTER.match(text, at, pos)
        if m is None or not _WORDS.match(text, s_start, at):
            return None
        rest = text[pos:s_end]
        if len(rest.split()) > _REPORT_TAIL_MAX_WORDS or _THAT.search(rest):
            return None
        if (not verb.group().lower().startswith("t")
                and not _SAID_TAIL.match(text, verb.end(), s_end)):
            return None  # "..., Putin said the talks failed": he said what follows
        return at

    def after_event(self, k: int, own: _Dated, anchors: Sequence[EventAnchor],
                    positions: Sequence[int], sent: tuple[int, int, int],
                    dated: Sequence[_Dated]) -> _Dated | None:
        """``after:event``: "after the airstrike" bounds the event by its referent."""
        pos = positions[k]
        _, s_start, s_end = sent
        clauses = self.clauses(s_start, s_end)
        ci = next((i for i, (a, b) in enumerate(clauses) if a <= pos < b), 0)
        lo_c, hi_c = clauses[ci]
        if ci + 1 < len(clauses):
            nxt = clauses[ci + 1]
            if _AFTER_EVENT.match(self.text, nxt[0]):
                hi_c = nxt[1]  # ", after the strike" closing the trigger's clause
        m = _AFTER_EVENT.search(self.text, lo_c, hi_c)
        if m is None or own.latest is None:
            return None
        # the hard upper bound: a past perfect / "earlier" event precedes the DCT, but
        # its narrative window ("before the events told just before it") is a guess
        # that a referent dated later overrules
        top = own.latest
        if own.basis in ("past_perfect", "earlier") and self.dct is not None:
            top = max(own.latest, _shift(self.dct, -1) or own.latest)
        family = _NOUN_FORMS[re.sub(r"\s+", " ", m.group("noun").lower())]
        words, roots = EVENT_NOUNS[family]
        lexical: list[int] = []
        coded: list[int] = []
        for j, other in enumerate(dated):
            if positions[j] >= m.start() or j == k or positions[j] == pos:
                continue
            code = anchors[j].cameo_code
            if not _is_material_conflict(code) or other.date is None:
                continue
            if other.earliest is None or other.date > top:
                continue
            trig = self.text[anchors[j].trigger_start:anchors[j].trigger_end].lower()
            if any(w in trig for w in words):
                lexical.append(j)
            elif code[:2] in roots:
                coded.append(j)
        pool = lexical or coded
        if not pool:
            return None
        ref = dated[max(pool, key=lambda j: positions[j])]
        lo = ref.earliest
        if lo is None or ref.date is None or lo > top:
            return None
        if ref.date > own.latest:
            # the narrative window contradicts the referent: after it, before the DCT
            return _Dated(ref.date, lo, top, m.group(0).strip(), "after:event")
        if own.earliest is not None and lo <= own.earliest:
            return None  # the referent only narrows the tense rule's window
        date = own.date if own.date is not None else own.latest
        date = min(max(date, lo), own.latest)
        return _Dated(date, lo, own.latest, m.group(0).strip(), "after:event")

    def offset_clauses(self, s_start: int, s_end: int) -> list[tuple[re.Match[str], int]]:
        """The counted offsets of a sentence ("a day after", "two weeks before") with the end
        of the clause each introduces, in text order."""
        key = (s_start, s_end)
        found = self._relatives.get(key)
        if found is None:
            found = self._relatives[key] = []
            # _RELATIVE needs white space around "after"/"before": most sentences have none
            if _RELATIVE_DIR.search(self.text, s_start, s_end):
                for m in _RELATIVE.finditer(self.text, s_start, s_end):
                    if _MEASURE.search(self.text, max(0, m.start() - 4), m.start()):
                        continue  # an amount: "set back by a few months after the strikes"
                    # the embedded clause runs to the next clause break, its first comma
                    # ("Three months after the fall of Assad, al-Sharaa signed ...", "sacked
                    # two weeks after a failed coup, has been detained") or the sentence end;
                    # a relative clause of its own ("after food riots last December, which
                    # left 15 dead") is part of it
                    emb_end = next((b.start() for b in _CLAUSE_BREAK.finditer(
                        self.text, m.end(), s_end) if not _OWN_RELATIVE.match(
                            self.text, b.start())), s_end)
                    comma = _OFFSET_COMMA.search(self.text, m.end(), emb_end)
                    found.append((m, comma.start() if comma else emb_end))
        return found

    def relative(self, pos: int, sent: tuple[int, int, int]) -> _Dated | None:
        """``relative:anchor``: the trigger is inside "<n> <units> after/before <clause>"."""
        _, s_start, s_end = sent
        for m, emb_end in self.offset_clauses(s_start, s_end):
            if m.end() > pos:
                break
            if not (m.end() <= pos < emb_end):
                continue
            main, tense = self.date_in_sentence(max(s_start, m.start() - 1), sent,
                                                exclude=((m.start(), emb_end),))
            if main is None:
                main = self.default(tense)
            if main.date is None:
                return None
            n_txt = m.group("n").lower()
            n = 1.0 if n_txt == "the" else parse_number(n_txt)
            unit = m.group("u").lower().rstrip("s")
            sign = -1 if m.group("dir").lower() == "after" else 1
            if n is None:
                # "a few days after", "several weeks before": one to twelve units, as
                # "a few days later" (_anchored); hours the same day or the one next to it
                if unit == "hour":
                    low, high = 0, 1
                else:
                    per = _RELATIVE_DAYS[unit]
                    low, high = per, _UNCOUNTED_MAX * per
                first, last = (high, low) if sign < 0 else (low, high)
                return self.by_dct(_Dated(_shift(main.date, sign * (low + (high - low) // 2)),
                                          _shift(main.earliest, sign * first),
                                          _shift(main.latest, sign * last),
                                          m.group(0).strip(), "relative:anchor"),
                                   m.end(), pos, main)
            days = 0 if unit == "hour" else round(n * _RELATIVE_DAYS[unit])
            return self.by_dct(_Dated(_shift(main.date, sign * days),
                                      _shift(main.earliest, sign * days),
                                      _shift(main.latest, sign * days), m.group(0).strip(),
                                      "relative:anchor"), m.end(), pos, main)
        return None

    def by_dct(self, res: _Dated, clause_start: int, pos: int, main: _Dated) -> _Dated:
        """A past event placed after the DCT by an offset from a past one ("met on Jan. 16,
        two weeks before the army attacked" in an article of Jan. 19) happened by the DCT:
        its bounds are cut there. Not when either is ahead ("will meet on Jan. 26, two weeks
        before the army attacks")."""
        dct = self.dct
        if (dct is None or res.latest is None or res.latest <= dct
                or main.latest is None or main.latest > dct  # a "future" main ends past it
                or self.tense(clause_start, pos) == "future"):
            return res
        late = min(res.latest, dct)
        early = min(res.earliest, late) if res.earliest is not None else None
        date = min(res.date, late) if res.date is not None else None
        return _Dated(date, early, late, res.text, res.basis)


def date_events(text: str, sentences: Sequence[Sentence], timexes: Sequence[TimeExpression],
                anchors: Sequence[EventAnchor], dct: dt.date | None) -> list[EventDate]:
    """Date every anchor (same order) with the rules of this module's docstring.

    ``timexes`` are :func:`analysis.dates.tag_dates` over ``text`` (article
    offsets); ``sentences`` index into ``text``; ``dct`` may be ``None``.
    ``anchors`` may carry CAMEO codes: utterances (:func:`is_speech_act`) are
    dated when said, material-conflict events serve as referents of "after
    the attack".
    """
    art = _Article(text, sentences, timexes, dct)
    first: list[_Dated | None] = []
    tenses: list[str] = []
    sents: list[tuple[int, int, int]] = []
    positions: list[int] = []
    for a in anchors:
        sent = art.sentence_of(a)
        sents.append(sent)
        pos = min(max(a.trigger_start, 0), max(len(text) - 1, 0))
        positions.append(pos)
        rel = art.relative(pos, sent)
        if rel is not None:
            first.append(rel)
            tenses.append("past")
            continue
        # "On Sept 25, a day after X disclosed its Sept 12 offer, Y began ...": what an
        # offset's clause says dates its own events only
        found, tense = art.date_in_sentence(
            pos, sent, exclude=[(m.start(), end) for m, end in art.offset_clauses(*sent[1:])
                                if not m.start() <= pos < end],
            verbal=is_speech_act(a.cameo_code))
        tenses.append(tense)
        if found is not None:
            first.append(found)
        elif tense in ("past_perfect", "earlier"):
            first.append(None)  # second pass
        else:
            first.append(art.default(tense))
    dated: list[_Dated] = []
    for k, res in enumerate(first):
        dated.append(res if res is not None
                     else _before_narrative(k, first, sents, tenses[k], dct))
    final = list(dated)
    for k, res in enumerate(dated):
        if res.basis in ("dct_default", "past_perfect", "earlier"):
            final[k] = art.after_event(k, res, anchors, positions, sents[k], dated) or res
    return [res.record() for res in final]


def _before_narrative(k: int, first: Sequence[_Dated | None],
                      sents: Sequence[tuple[int, int, int]], tense: str,
                      dct: dt.date | None) -> _Dated:
    """``past_perfect`` / ``earlier``: before the events narrated just before it."""
    my_sent = sents[k][0]
    ref: dt.date | None = None
    by_sentence: dict[int, list[dt.date]] = {}
    for j, other in enumerate(first):
        if j == k or other is None or other.latest is None or other.basis == "future":
            continue
        if sents[j][0] < my_sent or (sents[j][0] == my_sent and j < k):
            by_sentence.setdefault(sents[j][0], []).append(other.latest)
    if by_sentence:
        ref = min(by_sentence[max(by_sentence)])
    if ref is None and dct is None:
        return _UNDATED
    latest = _shift(ref, -1) if ref is not None else None
    cap = _shift(dct, -1) if dct is not None else None
    if latest is None or (cap is not None and latest > cap):
        latest = cap
    if latest is None:
        return _UNDATED
    earliest = _shift(latest, -PAST_PERFECT_WINDOW_DAYS)
    return _Dated(latest, earliest, latest, "", tense)
