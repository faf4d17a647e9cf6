"""Tense and future cues around a time expression.

The cues decide the direction of underspecified expressions: a bare weekday
or month-day is placed before the DCT unless a future cue ("will", "is
scheduled to", "next", "to be held", "plans to"...) is near it in the same
sentence.
"""

from __future__ import annotations

import re

# Sentence-ish boundary: end punctuation followed by space, or a line break.
_BOUNDARY = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n")

FUTURE_CUE = re.compile(
    r"\b(?:will|won't|shall|'ll|going\s+to|(?:is|are|was|were)\s+(?:scheduled|slated|due|set|"
    r"expected|planned|supposed|poised|likely)|scheduled|slated|plans?\s+to|planned\s+for|"
    r"planning\s+to|intends?\s+to|to\s+be\s+(?:held|signed|released|announced|published|made|paid)|"
    r"next|upcoming|coming|due\s+(?:to|on|by)|payable|expires?|deadline|until|"
    r"by\s+(?:the\s+end|then)|starting|beginning|effective|from\s+now)\b",
    re.IGNORECASE,
)

PAST_CUE = re.compile(
    r"\b(?:was|were|had|did|ago|last|earlier|previously|\w{3,}ed)\b",
    re.IGNORECASE,
)

_FUTURE_AFTER = re.compile(r"^\W{0,3}(?:\w+\W+){0,2}?(?:will|to\s+be|is\s+due|are\s+due)\b", re.I)


def clause_before(text: str, start: int, width: int = 90) -> str:
    """The text of the current sentence before ``start`` (at most ``width`` characters)."""
    lo = max(0, start - width)
    chunk = text[lo:start]
    last = None
    for last in _BOUNDARY.finditer(chunk):
        pass
    return chunk[last.end() :] if last is not None else chunk


def clause_after(text: str, end: int, width: int = 40) -> str:
    """The text of the current sentence after ``end`` (at most ``width`` characters)."""
    chunk = text[end : end + width]
    m = _BOUNDARY.search(chunk)
    return chunk[: m.start()] if m else chunk


def future_cue(text: str, start: int, end: int) -> bool:
    """True when a future cue sits near the expression in its sentence."""
    before = clause_before(text, start, 70)
    if FUTURE_CUE.search(before):
        return True
    return bool(_FUTURE_AFTER.search(clause_after(text, end, 30)))


def past_cue(text: str, start: int, end: int) -> bool:
    """True when the expression's clause has a past-tense cue and no future cue."""
    if future_cue(text, start, end):
        return False
    before = clause_before(text, start, 60)
    return bool(PAST_CUE.search(before) or PAST_CUE.search(clause_after(text, end, 25)))
