"""Sentence splitting with character offsets, without NLTK corpora.

A rule-based splitter tuned for news prose: it knows titles and month
abbreviations ("Mr.", "Gen.", "Jan."), initials ("J. Smith"), acronyms that
may or may not end a sentence ("U.S."), decimal numbers, closing quotes after
the full stop, and treats a line break between paragraphs as a boundary.

A "sentence" longer than :data:`MAX_SENTENCE_CHARS` (2,000 characters; the longest
of the 194,115 sentences of the VOA, WCEP and Reuters corpora has 645) is cut into
pieces of at most that length: after the last ``;``, ``:``, ``,`` or dash followed by
white space in the second half of the piece, else at its last white space, else
right at the limit. Text without sentence ends (a table, a list, stripped
punctuation) then costs the coder, whose work grows faster than linearly with a
sentence's length, time in proportion to its length.
"""

from __future__ import annotations

import re
from typing import Final

from .records import Sentence

__all__ = ["MAX_SENTENCE_CHARS", "split_sentences"]

#: The longest sentence :func:`split_sentences` returns, in characters.
MAX_SENTENCE_CHARS: Final = 2000

# Abbreviations that never end a sentence (a name or number follows them).
_TITLES: Final = frozenset(
    """mr mrs ms dr prof gen lt col maj capt cmdr adm sgt cpl pvt brig sen rep gov
    pres st mt ft no nos vs v fig rev fr sr jr hon amb supt insp det gens messrs
    jan feb mar apr jun jul aug sep sept oct nov dec
    approx est dept univ ave blvd rd""".split()
)
# Abbreviations that may end a sentence: a boundary only before a typical sentence opener.
_AMBIGUOUS: Final = frozenset(
    "u.s u.k u.n e.u u.s.a inc corp co ltd llc plc etc a.m p.m bros ph.d".split()
)
_OPENERS: Final = frozenset(
    """the a an it he she they we i in on at but and this that these those there his her
    their its our after before when while as if however meanwhile officials police
    according some many several no one two three for since during earlier later
    mr mrs ms dr president prime""".split()
)

# ``[.!?…]+["'”’)\]]*`` (the first character written out, so that the regex engine
# skips to the next such character) followed by white space or the end: the others are
# never a boundary ("3.5", "U.S.-led"), and a shorter match in or after one of them
# would be followed by one of its characters, not by white space
_CANDIDATE = re.compile(r"[.!?…][.!?…]*[\"'”’)\]]*(?!\S)")
_PARA = re.compile(r"\n[ \t]*\n|\n(?=[ \t]*[\"“‘'(\[A-Z0-9•\-–—*])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_NEXT_WORD = re.compile(r"\s+[\"“‘'(\[]*([^\s]+)")


_WORD_CHARS: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.")


def _word_before(text: str, start: int) -> str:
    """``_WORD_BEFORE.search(text, 0, start).group(1)`` (or ``""``), scanning
    back from ``start`` instead of trying every position from 0 (``$`` also
    matches before a final line break)."""
    end = start - 1 if start > 0 and text[start - 1] == "\n" else start
    k = end
    while k > 0 and text[k - 1] in _WORD_CHARS:
        k -= 1
    while k < end and text[k] == ".":
        k += 1
    return text[k:end]


def _is_boundary(text: str, start: int, end: int) -> bool:
    """Decide whether the punctuation ``text[start:end]`` ends a sentence."""
    n = len(text)
    if end < n and not text[end].isspace():
        return False  # "3.5", "U.S.-led", "e.g.," ...
    nxt = _NEXT_WORD.match(text, end)
    if nxt is None:
        return True  # end of text (or only spaces after)
    word = nxt.group(1)
    first = word[0]
    if first.islower():
        return False  # "... the U.S. and" / "said Mr. smith" lower-case continuation
    if text[start] != ".":
        return True  # ! ? … followed by a capital, digit or quote
    token = _word_before(text, start)
    if not token:
        return True
    low = token.lower().rstrip(".")
    if len(token) == 1 and token.isupper():
        return False  # an initial: "J. Smith"
    if low in _TITLES:
        return False
    if low in _AMBIGUOUS or (("." in token) and len(low) <= 6):
        return word.strip("\"“‘'(").lower() in _OPENERS
    return True


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences; ``text[s.start:s.end] == s.text``.

    Sentences are stripped of surrounding white space; empty pieces are
    dropped. Paragraph breaks (a blank line, or a line break followed by
    something that starts a new paragraph) always end a sentence.
    """
    cuts = [m.end() for m in _CANDIDATE.finditer(text)
            if _is_boundary(text, m.start(), m.end())]
    cuts += [m.start() for m in _PARA.finditer(text)]
    cuts.append(len(text))
    sentences: list[Sentence] = []
    pos = 0
    for cut in sorted(set(cuts)):
        if cut <= pos:
            continue
        left = text[pos:cut].lstrip()
        if left:
            stripped = left.rstrip()
            offset = cut - len(left)
            end = offset + len(stripped)
            if end - offset > MAX_SENTENCE_CHARS:
                while end - offset > MAX_SENTENCE_CHARS:
                    offset = _cut_long(text, offset, sentences)
                stripped = text[offset:end]
            sentences.append(Sentence(len(sentences), offset, end, stripped))
        pos = cut
    return sentences


#: A clause punctuation mark followed by white space, after which a long sentence is cut.
_CLAUSE_END = re.compile(r"[;:,—–](?=\s)")
_SPACES: Final = (" ", "\n", "\t", "\r", "\u00a0")


def _cut_long(text: str, start: int, sentences: list[Sentence]) -> int:
    """Append the first piece of the over-long sentence starting at ``start`` (not
    white space) to ``sentences``; return where the rest starts (not white space).
    The piece ends at the last clause punctuation in the second half of the
    :data:`MAX_SENTENCE_CHARS` after ``start``, else at their last white space,
    else at the limit."""
    limit = start + MAX_SENTENCE_CHARS
    cut = -1
    for found in _CLAUSE_END.finditer(text, start + MAX_SENTENCE_CHARS // 2, limit):
        cut = found.end()
    if cut < 0:
        cut = max(text.rfind(space, start + 1, limit) for space in _SPACES)
        if cut < 0:
            cut = limit
    piece = text[start:cut].rstrip()
    sentences.append(Sentence(len(sentences), start, start + len(piece), piece))
    while text[cut].isspace():  # the sentence ends with a character that is not
        cut += 1
    return cut
