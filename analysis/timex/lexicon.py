"""Word tables for time expressions and spelled-out number parsing."""

from __future__ import annotations

import re

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip

WEEKDAYS: dict[str, int] = {
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5,
    "saturday": 6, "sunday": 7, "mon": 1, "tue": 2, "tues": 2, "wed": 3, "thu": 4,
    "thur": 4, "thurs": 4, "fri": 5, "sat": 6, "sun": 7,
}  # fmt: skip

SMALL_NUMBERS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "a": 1, "an": 1, "single": 1,
}  # fmt: skip

TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip

ORDINALS: dict[str, int] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
    "4th": 4, "fifth": 5, "5th": 5, "sixth": 6, "6th": 6, "seventh": 7, "7th": 7,
    "eighth": 8, "8th": 8, "ninth": 9, "9th": 9, "tenth": 10, "10th": 10,
    "eleventh": 11, "11th": 11, "twelfth": 12, "12th": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17,
    "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "twenty-first": 21,
    "thirtieth": 30, "thirty-first": 31, "last": -1, "final": -1,
}  # fmt: skip

# Vague quantities: the TIMEX3 value of the count is "X".
VAGUE_NUMBERS = frozenset(
    {"several", "a few", "few", "some", "many", "a couple of", "couple of", "a number of",
     "the", "recent", "numerous", "multiple"}
)

# the vague quantities parse_number gives no count ("a couple of" is two)
_VAGUE_COUNTS = VAGUE_NUMBERS - {"a couple of", "couple of"}

# TIMEX3 unit letters.
UNIT_CODES: dict[str, str] = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "night": "D", "week": "W",
    "fortnight": "W", "month": "M", "quarter": "Q", "year": "Y", "decade": "E",
    "century": "C", "centurie": "C", "millennium": "L", "millennia": "L", "weekend": "WE",
}  # fmt: skip

_NUM_TOKEN = re.compile(r"1/2|[a-z]+|\d+(?:\.\d+)?")


def unit_of(word: str) -> str:
    """Normalise a unit word (``Weeks``, ``centuries``) to its singular key."""
    w = word.lower().rstrip(".")
    if w in ("centuries", "century"):
        return "century"
    if w in ("millennia", "millennium", "millenniums"):
        return "millennium"
    if w.endswith("s") and w[:-1] in UNIT_CODES:
        return w[:-1]
    return w


_A_HALF = re.compile(r"\ban?\s+half\b")
_COUPLE = re.compile(r"^(?:a\s+)?couple(?:\s+of)?$")


def parse_number(text: str) -> float | None:
    """Parse ``"twenty four"``, ``"2 1/2"``, ``"a hundred"``, ``"dozen"``; ``None`` if vague.

    Returns ``None`` for vague quantities (several, a few) and for text that is
    not a number at all.
    """
    t = _A_HALF.sub("half", text.lower().replace("-", " ")).strip()
    if not t or t in _VAGUE_COUNTS:
        return None
    t = _COUPLE.sub("two", t)  # "a couple of years" is P2Y
    total = 0.0
    current = 0.0
    seen = False
    for tok in _NUM_TOKEN.findall(t):
        if tok == "1/2" or tok == "half":
            current += 0.5
            seen = True
        elif tok[0].isdigit():
            current += float(tok)
            seen = True
        elif tok in SMALL_NUMBERS:
            current += SMALL_NUMBERS[tok]
            seen = True
        elif tok in TENS:
            current += TENS[tok]
            seen = True
        elif tok == "hundred":
            current = (current or 1) * 100
            seen = True
        elif tok == "thousand":
            total += (current or 1) * 1000
            current = 0
            seen = True
        elif tok == "dozen":
            current = (current or 1) * 12
            seen = True
        elif tok in ("and", "a", "an"):
            continue
        else:
            return None
    return total + current if seen else None


def spelled_year(text: str) -> int | None:
    """Parse a spelled-out year: ``nineteen ninety-six`` -> 1996, ``two thousand`` -> 2000."""
    t = text.lower().replace("-", " ").split()
    if not t:
        return None
    if t[0] in ("nineteen", "eighteen", "twenty") and len(t) >= 2 and "thousand" not in t:
        head = {"nineteen": 1900, "eighteen": 1800, "twenty": 2000}[t[0]]
        rest = parse_number(" ".join(t[1:]))
        if rest is None or not 0 <= rest < 100:
            return None
        return head + int(rest)
    value = parse_number(" ".join(t))
    if value is None or not 1000 <= value <= 2100:
        return None
    return int(value)
