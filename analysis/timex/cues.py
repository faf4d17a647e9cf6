"""Tense and future cues around a time expression.

The cues decide the direction of underspecified expressions: a bare weekday
or month-day is placed before the DCT unless a future cue ("will", "is
scheduled to", "next", "to be held", "plans to"...) is near it in the same
sentence.
"""

from __future__ import annotations

import re

# Sentence-ish boundary: end punctuation followed by space, or a line break. Not the full stop
# of an initialism ("U.S."): its look-behind runs after the punctuation, so only there.
_BOUNDARY = re.compile(r"[.!?](?<!\b[A-Z]\.[A-Z][.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n")

FUTURE_CUE = re.compile(
    # "(?=[...])": the first letters of the alternatives (case-insensitive like the rest), so
    # the alternation runs only there; the same for FUTURE_PREP and _DEADLINE_UNTIL
    r"(?=[wsgiaptun'])\b(?:will|won't|shall|'ll|going\s+to|"
    r"(?:is|are|was|were)\s+(?:scheduled|slated|due|set|expected|planned|supposed|poised|likely|"
    r"to)|scheduled|slated|set\s+to|plans?\s+to|planned\s+to|planning\s+to|intends?\s+to|would|"
    r"to\s+be\s+(?:held|signed|released|announced|published|made|paid|completed|decided)|upcoming|"
    r"next\s+(?:week|month|year|meeting|round|session))\b",
    re.IGNORECASE,
)

# A preposition right before the expression that makes it a deadline or start.
FUTURE_PREP = re.compile(
    r"(?=[basedpn])\b(?:by|as\s+soon\s+as|as\s+early\s+as|starting|effective|payable|due|"
    r"expires?|expiring|deadline\s+(?:of|is)|no\s+later\s+than)\s+(?:on\s+)?$",
    re.IGNORECASE,
)

_PAST_WORDS = """was were had did ago last earlier previously said came went took made told
    began fell rose left met held saw gave got won lost ran struck fought sent spent brought
    bought thought found kept led paid sold stood wrote shot hit broke chose drove flew grew knew
    became overtook withdrew sought taught caught slid sank swore threw woke wore spoke stole
    froze hid fled felt dealt meant built lent""".split()


def _by_first_letter(words: list[str]) -> str:
    """An alternation of ``words`` grouped by their first letter ("h(?:ad|eld|id|it)"), so a
    search tries one group per word start rather than every word."""
    groups: dict[str, list[str]] = {}
    for word in sorted(set(words)):
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    return "|".join(re.escape(first) + (f"(?:{'|'.join(rests)})" if len(rests) > 1 else rests[0])
                    for first, rests in groups.items())


# A past-tense word: a whole word (the alternatives are word characters between word
# boundaries), so the order of the alternatives does not change what is found.
PAST_CUE = re.compile(rf"\b(?:{_by_first_letter(_PAST_WORDS)}|\w{{3,}}ed)\b", re.IGNORECASE)

_FUTURE_AFTER = re.compile(r"^\W{0,3}(?:will|is\s+due|are\s+due|is\s+to|are\s+to)\b", re.I)


def clause_before(text: str, start: int, width: int = 90) -> str:
    """The text of the current sentence before ``start`` (at most ``width`` characters)."""
    lo = max(0, start - width)
    chunk = text[lo:start]
    cut = 0
    for m in _BOUNDARY.finditer(chunk):
        cut = m.end()
    return chunk[cut:]


# The same boundary without a bare line break: a line break right before a word is the wrap of
# hard-wrapped copy ("will close its plant by\nOctober 1"), not the end of the clause.
_BOUNDARY_UNWRAPPED = re.compile(
    r"[.!?][\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n(?![A-Za-z0-9\"'“‘(])")


def words_before(text: str, start: int, width: int = 25) -> str:
    """The words of the current clause right before ``start`` (at most ``width`` characters),
    read across a line wrap: what a preposition or verb right before the expression says."""
    lo = max(0, start - width)
    chunk = text[lo : start + 1]  # the expression's first letter: a line break before it wraps
    cut = 0
    for m in _BOUNDARY_UNWRAPPED.finditer(chunk):
        if m.start() < start - lo:
            cut = m.end()
    return chunk[cut : start - lo]


def clause_after(text: str, end: int, width: int = 40) -> str:
    """The text of the current sentence after ``end`` (at most ``width`` characters)."""
    chunk = text[end : end + width]
    m = _BOUNDARY.search(chunk)
    return chunk[: m.start()] if m else chunk


# "until" after a deadline verb points past the moment of reporting, whatever the
# tense: "extended its deadline until Tuesday", "postponed until Tuesday morning".
_DEADLINE_UNTIL = re.compile(
    r"(?=[epdagsr])\b(?:extend|postpon|delay|adjourn|defer|gave|give|given|grant|deadline|"
    r"suspend|recess)\w*\b[^.;]{0,50}\b(?:until|till)\s+(?:on\s+|at\s+)?$",
    re.IGNORECASE,
)

# A finite past verb: past perfect, a past auxiliary, or a simple past in -ed (or a verb of
# saying: said, told, wrote, spoke) that is not a passive or perfect participle ("will be
# signed", "has agreed", "to be held", "will be told"). A quoted future before the verb of
# saying does not move the day the words were said: '"We will respond," he said Monday'.
_FINITE_PAST = re.compile(
    # "\b(?=[a-z])" first: the look-behinds run only where a word starts
    r"\b(?:had|did|was|were)\b|\b(?=[a-z])(?<!\bbe )(?<!\bbeen )(?<!\bbeing )(?<!\bhas )"
    r"(?<!\bhave )(?<!\bis )(?<!\bare )\b(?!(?:scheduled|expected|planned|supposed|slated|poised|"
    r"un[a-z]+)\b)(?:(?-i:[a-z]{3,}ed)|said|told|wrote|spoke)\b",
    re.IGNORECASE,
)


# A deadline "by" in a past clause: failed or negated ("failed to reach a deal by Thursday
# noon", "did not arrive by Friday") or a past passive ("the notes were sold by late Friday"),
# with no complement clause, condition or comma between the verb and "by" ("were told to
# leave by Friday", "if it was not settled by Monday" stay ahead).
_PAST_DEADLINE = re.compile(
    r"(?<![\w'’])(?:(?:failed|(?:did|was|were)\s+not|(?:had|did|was|were)n['’]t)\s+"
    r"(?!(?:expected|scheduled|due|set|likely|going|about|supposed|planned|slated|to\s+be)\b)"
    r"(?:(?!\b(?:that|if|unless|whether|when|until|before|after)\b)[^,;:])*?"
    r"|(?:was|were)\s+(?:[a-z]+ly\s+)?"
    r"(?!(?:not|expected|scheduled|supposed|planned|slated|asked|told|ordered|given|urged|"
    r"invited|required|needed|called|allowed)\b)"
    r"[a-z]+(?:ed|en|wn|ld|nt|lt|ght|ne|ade|ut|ot|st|id)\b"
    r"(?:(?!\b(?:to|that|if|unless|whether|when|until|before|after)\b)[^,;:])*?)"
    r"\bby\s+(?:on\s+)?$",
    re.IGNORECASE,
)
_CONDITION = re.compile(r"\b(?:if|unless|whether)\b", re.IGNORECASE)


# What may precede an expression that opens its clause: "On Tuesday, ...", "But by Monday, ...".
_CLAUSE_OPENER = re.compile(
    r"[\W_]*(?:(?:and|but|also|then|so|yet|on|by|in|at|until|till|since|from|during|early|"
    r"late|later|earlier|as\s+of)\s+)*",
    re.IGNORECASE,
)


_PAST_PLANNING = re.compile(r"(?:planned|was|were)\b", re.IGNORECASE)


def opening_tense(text: str, start: int, end: int) -> str | None:
    """``"future"``/``"past"`` for an expression that opens its clause, read from the
    first tensed verb after it ("On Tuesday, the league plans to ...", "By Monday,
    officials hardened ..."); ``None`` when the expression does not open its clause
    or no tensed verb follows."""
    if not _CLAUSE_OPENER.fullmatch(clause_before(text, start, 40)):
        return None
    after = clause_after(text, end, 90)
    fut = FUTURE_CUE.search(after)
    if fut is not None and _PAST_PLANNING.match(fut.group()):
        fut = None  # "On Friday, the government planned to pay ...": the planning is past
    past = _FINITE_PAST.search(after) or PAST_CUE.search(after)
    if fut is not None and (past is None or fut.start() <= past.start()):
        return "future"
    if past is not None:
        return "past"
    return None


# A scheduling verb in the simple present right before the expression: news present
# for a scheduled event ("Arafat meets Albright Monday", "the talks resume Monday",
# "rights, which expire Nov. 21"). Past auxiliaries ("did not meet Monday") exclude it.
_PRESENT_SCHEDULED = re.compile(
    # "\b(?=[...])": word starts with the first letters of the verbs, so the look-behinds run
    # only there
    r"\b(?=[mborltchgae])(?<!\bto\s)(?<!\bdid\s)(?<!\bdidn't\s)(?<!\bhad\s)(?<!\bwas\s)"
    r"(?<!\bwere\s)"
    r"\b(?:meets?|begins?|opens?|resumes?|arrives?|leaves|leave|travels?|convenes?|expires?|"
    r"heads|goes|takes\s+office|take\s+office)\s+(?:[a-z]+ly\s+)?(?:(?:on|at|in|by)\s+)?$",
    re.IGNORECASE,
)


# A past perfect before a scheduling word makes the plan a past one, usually given up
# ("the offer had been scheduled to expire at midnight Friday. Dow Jones extended it"):
# no longer a future cue.
_PLAN_IN_THE_PAST = re.compile(r"\b(?:had|'d)\s+(?:been\s+)?$", re.IGNORECASE)
_AS_SOON_AS = re.compile(r"\bas\s+soon\s+as\b", re.IGNORECASE)


def _future_cue(text: str, start: int, end: int, opening: str | None) -> bool:
    """:func:`future_cue` given the expression's :func:`opening_tense`."""
    if opening is not None:
        return opening == "future"
    before = clause_before(text, start, 70)
    # a preposition on the line before ("plant by\nOctober 1"): read the clause across the wrap
    near = words_before(text, start, 70) if "\n" in text[max(0, start - 25) : start] else before
    if _PRESENT_SCHEDULED.search(before[-40:]):
        return True
    if _DEADLINE_UNTIL.search(before):
        return True
    starts_with_the = text.startswith(("the ", "The "), start)
    last_future = -1
    for m in FUTURE_CUE.finditer(before):
        if _PLAN_IN_THE_PAST.search(before, max(0, m.start() - 12), m.start()):
            continue  # "had been scheduled to expire at midnight Friday": a past plan
        last_future = m.end()
    prep = FUTURE_PREP.search(near[-25:]) is not None and not starts_with_the
    if (last_future >= 0 or prep) and not _AS_SOON_AS.search(before):
        past_after = [m for m in _FINITE_PAST.finditer(before) if m.start() >= last_future]
        if prep and last_future < 0:
            # a deadline preposition in a past-perfect clause: "had filed by Wednesday";
            # "by" in a failed, negated or passive past clause: "failed to agree by Thursday"
            if near is not before:
                past_after = list(_FINITE_PAST.finditer(near))
            if any(m.group().lower() == "had" for m in past_after):
                return False
            return not (_PAST_DEADLINE.search(near) and not _CONDITION.search(near))
        return not past_after
    if last_future >= 0 or prep:
        return True
    return bool(_FUTURE_AFTER.search(clause_after(text, end, 30)))


def _past_cue(text: str, start: int, end: int, opening: str | None, future: bool) -> bool:
    """:func:`past_cue` given the expression's opening tense and future cue."""
    if future:
        return False
    if opening == "past":
        return True
    before = clause_before(text, start, 60)
    return bool(PAST_CUE.search(before) or PAST_CUE.search(clause_after(text, end, 25)))


def future_cue(text: str, start: int, end: int) -> bool:
    """True when a future cue sits near the expression in its sentence.

    The verb nearest the expression decides: "would appeal the decision,
    announced Wednesday" and "had filed reports by Wednesday" are past. An
    expression opening its clause takes the tense of the verb after it.
    """
    return _future_cue(text, start, end, opening_tense(text, start, end))


def past_cue(text: str, start: int, end: int) -> bool:
    """True when the expression's clause has a past-tense cue and no future cue."""
    opening = opening_tense(text, start, end)
    return _past_cue(text, start, end, opening, _future_cue(text, start, end, opening))


class CueReader:
    """:func:`future_cue` and :func:`past_cue` of one text, each expression's cues
    read once (a tagger rule may ask both, and again when it picks a year)."""

    __slots__ = ("_future", "_opening", "_past", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._opening: dict[tuple[int, int], str | None] = {}
        self._future: dict[tuple[int, int], bool] = {}
        self._past: dict[tuple[int, int], bool] = {}

    def opening(self, start: int, end: int) -> str | None:
        key = (start, end)
        if key in self._opening:
            return self._opening[key]
        found = self._opening[key] = opening_tense(self.text, start, end)
        return found

    def future(self, start: int, end: int) -> bool:
        key = (start, end)
        found = self._future.get(key)
        if found is None:
            found = self._future[key] = _future_cue(self.text, start, end,
                                                    self.opening(start, end))
        return found

    def past(self, start: int, end: int) -> bool:
        key = (start, end)
        found = self._past.get(key)
        if found is None:
            found = self._past[key] = _past_cue(self.text, start, end, self.opening(start, end),
                                                self.future(start, end))
        return found
