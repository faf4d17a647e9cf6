"""Verb-phrase patterns: a small pattern language compiled for fast matching.

The language is documented at the top of ``analysis/data/verbs.yaml``. In
short, patterns are space-separated elements matched against lower-cased
tokens:

``word``      that word; ``word+`` the word and its inflections;
``a|b+|c``    alternatives; ``[a b|c d+|e]`` alternative word sequences;
``(x)`` / ``(a|b)`` / ``(a b)``  optional element;
``...`` / ``...N``  a gap of up to 4 / N tokens (never across . ; : ? ! ( ));
``SRC`` / ``TGT``  an actor mention stands here and is the source / target.

Compiled patterns are indexed by the words their first element accepts, so a
sentence is scanned once and each token only tries the few patterns anchored
on it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from analysis.actors import Token

__all__ = [
    "CompiledPattern",
    "PatternError",
    "PatternNeeds",
    "VerbEntry",
    "VerbIndex",
    "VerbMatch",
    "compile_pattern",
    "inflections",
    "pattern_needs",
]

DEFAULT_GAP = 4
BARRIERS = frozenset({".", ";", ":", "?", "!", "(", ")"})

_IRREGULAR: dict[str, tuple[str, ...]] = {
    "be": ("is", "are", "was", "were", "been", "being", "am"),
    "have": ("has", "had", "having"),
    "do": ("does", "did", "done", "doing"),
    "strike": ("struck", "stricken"),
    "hold": ("held",),
    "meet": ("met",),
    "say": ("said",),
    "fight": ("fought",),
    "shoot": ("shot",),
    "lead": ("led",),
    "send": ("sent",),
    "give": ("gave", "given"),
    "take": ("took", "taken"),
    "make": ("made",),
    "beat": ("beaten",),
    "speak": ("spoke", "spoken"),
    "tell": ("told",),
    "come": ("came",),
    "go": ("went", "gone"),
    "withdraw": ("withdrew", "withdrawn"),
    "break": ("broke", "broken"),
    "bring": ("brought",),
    "buy": ("bought",),
    "sell": ("sold",),
    "keep": ("kept",),
    "leave": ("left",),
    "begin": ("began", "begun"),
    "throw": ("threw", "thrown"),
    "overthrow": ("overthrew", "overthrown"),
    "blow": ("blew", "blown"),
    "fly": ("flew", "flown"),
    "drive": ("drove", "driven"),
    "forgive": ("forgave", "forgiven"),
    "swear": ("swore", "sworn"),
    "undertake": ("undertook", "undertaken"),
    "seek": ("sought",),
    "win": ("won",),
    "stand": ("stood",),
    "draw": ("drew", "drawn"),
    "freeze": ("froze", "frozen"),
    "steal": ("stole", "stolen"),
    "flee": ("fled",),
    "find": ("found",),
    "get": ("got", "gotten"),
    "show": ("shown",),
    "arise": ("arose", "arisen"),
    "shake": ("shook", "shaken"),
    "hide": ("hid", "hidden"),
    "rise": ("rose", "risen"),
    "write": ("wrote", "written"),
    "lay": ("laid",),
    "pay": ("paid",),
    "catch": ("caught",),
    "bear": ("bore", "borne"),
    "slay": ("slew", "slain"),
    "shut": (),
    "cut": (),
    "hit": (),
    "put": (),
    "set": (),
    "quit": (),
    "spread": (),
    "bid": (),
    "upset": (),
    "forbid": ("forbade", "forbidden"),
    "blockade": (),
    "think": ("thought",),
    "feel": ("felt",),
    "lose": ("lost",),
    "hear": ("heard",),
    "mean": ("meant",),
    "sink": ("sank", "sunk"),
    "seize": (),
    "undergo": ("underwent", "undergone"),
    "overrun": ("overran",),
    "foresee": ("foresaw", "foreseen"),
    "see": ("saw", "seen"),
    "choose": ("chose", "chosen"),
    "wage": (),
}


def inflections(base: str, irregular: Mapping[str, Sequence[str]] | None = None) -> frozenset[str]:
    """Regular (over-generated) and irregular forms of a word: noun plural,
    verb -s / -ed / -ing. Over-generation is harmless: only real words occur.
    Multi-part hyphenated words inflect their last part."""
    w = base.lower()
    forms = {w}
    table = _IRREGULAR if irregular is None else {**_IRREGULAR, **irregular}
    forms.update(table.get(w, ()))
    if w.endswith("e"):
        forms.update({w + "s", w + "d", w[:-1] + "ing", w + "ing"})
    elif w.endswith("y") and len(w) > 2 and w[-2] not in "aeiou":
        forms.update({w[:-1] + "ies", w[:-1] + "ied", w + "ing"})
    elif w.endswith(("s", "sh", "ch", "x", "z")):
        forms.update({w + "es", w + "ed", w + "ing"})
    else:
        forms.update({w + "s", w + "ed", w + "ing"})
        if len(w) >= 3 and w[-1] not in "aeiouwxy" and w[-2] in "aeiou" and w[-3] not in "aeiou":
            forms.update({w + w[-1] + "ed", w + w[-1] + "ing"})
    return frozenset(forms)


class PatternError(ValueError):
    """A pattern string does not follow the pattern language."""


# element kinds
WORD = 0
GAP = 1
SLOT = 2
SEQ = 3

_WORD_RE = re.compile(r"^\w[\w'\-.]*\+?$")


@dataclass(frozen=True, slots=True)
class Element:
    kind: int
    words: frozenset[str] = frozenset()
    optional: bool = False
    gap: int = 0
    role: str = ""
    seqs: tuple[tuple[frozenset[str], ...], ...] = ()


@dataclass(frozen=True, slots=True)
class CompiledPattern:
    source: str
    elements: tuple[Element, ...]


def _alternatives(
    spec: str, pattern: str, irregular: Mapping[str, Sequence[str]]
) -> frozenset[str]:
    words: set[str] = set()
    for alt in spec.split("|"):
        alt = alt.strip().lower()
        if not alt or not _WORD_RE.match(alt):
            raise PatternError(f"bad word {alt!r} in pattern {pattern!r}")
        if alt.endswith("+"):
            words.update(inflections(alt[:-1], irregular))
        else:
            words.add(alt)
    return frozenset(words)


_PART_RE = re.compile(r"\[[^\]]*\]|\([^)]*\)|\S+")


def _sequence_alternatives(
    body: str, pattern: str, irregular: Mapping[str, Sequence[str]]
) -> tuple[tuple[frozenset[str], ...], ...]:
    alts: list[tuple[frozenset[str], ...]] = []
    for alt in body.split("|"):
        words = alt.split()
        if not words:
            raise PatternError(f"empty alternative in [{body}] of pattern {pattern!r}")
        alts.append(tuple(_alternatives(w, pattern, irregular) for w in words))
    return tuple(alts)


def compile_pattern(
    pattern: str, irregular: Mapping[str, Sequence[str]] | None = None
) -> CompiledPattern:
    """Compile one pattern string; raises :class:`PatternError` when malformed.

    The first element must be a required word or group (it is the index
    anchor); a pattern may not end with a gap, nor hold two gaps in a row.
    """
    irr = irregular or {}
    if pattern.count("[") != pattern.count("]") or pattern.count("(") != pattern.count(")"):
        raise PatternError(f"unbalanced brackets in pattern {pattern!r}")
    parts = _PART_RE.findall(pattern)
    if not parts:
        raise PatternError("empty pattern")
    elements: list[Element] = []
    for part in parts:
        if part.startswith("..."):
            rest = part[3:]
            if rest and not rest.isdigit():
                raise PatternError(f"bad gap {part!r} in pattern {pattern!r}")
            if elements and elements[-1].kind == GAP:
                raise PatternError(f"two gaps in a row in pattern {pattern!r}")
            elements.append(Element(GAP, gap=int(rest) if rest else DEFAULT_GAP))
        elif part in ("SRC", "TGT"):
            elements.append(Element(SLOT, role=part))
        elif part.startswith("["):
            seqs = _sequence_alternatives(part[1:-1], pattern, irr)
            elements.append(Element(SEQ, seqs=seqs))
        elif part.startswith("("):
            body = part[1:-1].strip()
            if not body:
                raise PatternError(f"empty optional element in pattern {pattern!r}")
            if " " in body:
                elements.append(
                    Element(SEQ, seqs=_sequence_alternatives(body, pattern, irr), optional=True)
                )
            else:
                elements.append(Element(WORD, _alternatives(body, pattern, irr), optional=True))
        elif any(c in part for c in "()[]"):
            raise PatternError(f"misplaced bracket in {part!r} of pattern {pattern!r}")
        else:
            elements.append(Element(WORD, _alternatives(part, pattern, irr)))
    first = elements[0]
    if first.kind not in (WORD, SEQ) or first.optional:
        raise PatternError(f"pattern {pattern!r} must start with a required word")
    if elements[-1].kind == GAP:
        raise PatternError(f"pattern {pattern!r} ends with a gap")
    return CompiledPattern(pattern, tuple(elements))


def anchors(pattern: CompiledPattern) -> frozenset[str]:
    """The words a match of ``pattern`` can start with."""
    first = pattern.elements[0]
    if first.kind == SEQ:
        return frozenset().union(*(seq[0] for seq in first.seqs))
    return first.words


@dataclass(frozen=True, slots=True)
class VerbEntry:
    """A verb-dictionary entry: ``id``, CAMEO ``code``, its patterns.

    ``alone``: only coded when no other event is found in the sentence
    (used for bare statements). ``line``/``path`` say where it was defined.
    """

    id: str
    code: str
    patterns: tuple[CompiledPattern, ...]
    alone: bool = False
    path: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class VerbMatch:
    """One pattern match: token indices of the matched words (sorted) and the
    actor slots it filled (``role -> (first token, end token)``)."""

    entry: VerbEntry
    pattern: CompiledPattern
    tokens: tuple[int, ...]
    slots: tuple[tuple[str, int, int], ...] = ()

    @property
    def first(self) -> int:
        return self.tokens[0]

    @property
    def last(self) -> int:
        return self.tokens[-1]


#: What a pattern needs beyond its anchor: the word sets of its required elements
#: after the first (a required word, or the first words of a required sequence),
#: and whether it has an actor slot.
PatternNeeds = tuple[tuple[frozenset[str], ...], bool]
#: What :meth:`VerbIndex.find` tries for a candidate: entry, pattern, its required
#: word sets, whether it has a slot, whether it opens with a sequence.
_Try = tuple[VerbEntry, CompiledPattern, tuple[frozenset[str], ...], bool, bool]


def pattern_needs(pattern: CompiledPattern) -> PatternNeeds:
    """What a match of ``pattern`` needs besides its anchor: a word of each of the
    returned sets somewhere in the sentence, and (flag) an actor mention."""
    sets: list[frozenset[str]] = []
    slot = False
    for el in pattern.elements[1:]:
        if el.kind == SLOT:
            slot = True
        if el.optional:
            continue
        if el.kind == WORD:
            sets.append(el.words)
        elif el.kind == SEQ:
            sets.append(frozenset().union(*(seq[0] for seq in el.seqs)))
    return tuple(sets), slot


@dataclass(slots=True)
class VerbIndex:
    """Compiled entries indexed by anchor word."""

    entries: dict[str, VerbEntry] = field(default_factory=dict)
    by_anchor: dict[str, list[tuple[VerbEntry, CompiledPattern]]] = field(default_factory=dict)
    #: anchor -> (its candidates, their :func:`pattern_needs`), built on first use
    _needs: dict[str, tuple[list[tuple[VerbEntry, CompiledPattern]], list[PatternNeeds]]] = (
        field(default_factory=dict, repr=False, compare=False))
    #: anchor -> (its candidates, what :meth:`find` tries for each), built on first use
    _plans: dict[str, tuple[list[tuple[VerbEntry, CompiledPattern]], list[_Try]]] = (
        field(default_factory=dict, repr=False, compare=False))

    @classmethod
    def build(cls, entries: Sequence[VerbEntry]) -> VerbIndex:
        idx = cls()
        for e in entries:
            idx.entries[e.id] = e  # later entries with the same id replace earlier ones
        for e in idx.entries.values():
            for p in e.patterns:
                for w in anchors(p):
                    idx.by_anchor.setdefault(w, []).append((e, p))
        return idx

    def needs(self, anchor: str) -> list[PatternNeeds]:
        """:func:`pattern_needs` of each candidate of ``anchor`` (in ``by_anchor`` order)."""
        cands = self.by_anchor.get(anchor, [])
        found = self._needs.get(anchor)
        if found is None or found[0] is not cands or len(found[1]) != len(cands):
            found = (cands, [pattern_needs(p) for _, p in cands])
            self._needs[anchor] = found
        return found[1]

    def _plan(self, anchor: str) -> list[_Try]:
        """For each candidate of ``anchor``: entry, pattern, :meth:`needs`, and whether
        the pattern opens with a sequence (built once, rebuilt when ``by_anchor``
        changes, as :meth:`needs`)."""
        cands = self.by_anchor.get(anchor, [])
        found = self._plans.get(anchor)
        if found is None or found[0] is not cands or len(found[1]) != len(cands):
            rows = [(entry, pat, sets, slot, pat.elements[0].kind == SEQ)
                    for (entry, pat), (sets, slot) in zip(cands, self.needs(anchor), strict=True)]
            found = self._plans[anchor] = (cands, rows)
        return found[1]

    def may_match(self, present: AbstractSet[str]) -> Iterator[VerbEntry]:
        """The entries of the patterns that may match a sentence with the words
        ``present``: anchored on one of them, with a word of each required set
        among them (an actor slot is not checked)."""
        for anchor in self.by_anchor.keys() & present:
            for entry, _pat, sets, _slot, _seq in self._plan(anchor):
                for words in sets:
                    if words.isdisjoint(present):
                        break
                else:
                    yield entry

    def find(self, toks: Sequence[Token], actor_spans: Mapping[int, int],
             lows: Sequence[str] | None = None) -> list[VerbMatch]:
        """All matches in ``toks``. ``actor_spans`` maps an actor mention's
        first token to its end token (for ``SRC``/``TGT`` slots); ``lows``: the
        tokens' ``low`` when the caller has them.

        A pattern is tried only where it can match: when the sentence has a
        word of each of its required elements, and an actor mention if it has
        a slot (:func:`pattern_needs`)."""
        out: list[VerbMatch] = []
        if lows is None:
            lows = [t.low for t in toks]
        by_anchor = self.by_anchor
        at = [i for i, w in enumerate(lows) if w in by_anchor]
        if not at:
            return out
        present = set(lows)
        for i in at:
            for entry, pat, sets, slot, seq in self._plan(lows[i]):
                if slot and not actor_spans:
                    continue
                for words in sets:
                    if words.isdisjoint(present):
                        break
                else:
                    if seq:
                        res = _match(pat.elements, 0, i, lows, actor_spans, [], [])
                    else:
                        res = _match(pat.elements, 1, i + 1, lows, actor_spans, [i], [])
                    if res is not None:
                        idxs, slots = res
                        out.append(VerbMatch(entry, pat, tuple(idxs), tuple(slots)))
        return out


def _match(
    els: tuple[Element, ...],
    e: int,
    t: int,
    lows: Sequence[str],
    actor_spans: Mapping[int, int],
    idxs: list[int],
    slots: list[tuple[str, int, int]],
) -> tuple[list[int], list[tuple[str, int, int]]] | None:
    if e == len(els):
        return idxs, slots
    el = els[e]
    n = len(lows)
    if el.kind == WORD:
        if t < n and lows[t] in el.words:
            r = _match(els, e + 1, t + 1, lows, actor_spans, [*idxs, t], slots)
            if r is not None:
                return r
        if el.optional:
            return _match(els, e + 1, t, lows, actor_spans, idxs, slots)
        return None
    if el.kind == SEQ:
        for seq in el.seqs:
            if t + len(seq) <= n and all(lows[t + q] in ws for q, ws in enumerate(seq)):
                r = _match(
                    els,
                    e + 1,
                    t + len(seq),
                    lows,
                    actor_spans,
                    idxs + list(range(t, t + len(seq))),
                    slots,
                )
                if r is not None:
                    return r
        if el.optional:
            return _match(els, e + 1, t, lows, actor_spans, idxs, slots)
        return None
    if el.kind == GAP:
        for g in range(el.gap + 1):
            if g > 0 and (t + g - 1 >= n or lows[t + g - 1] in BARRIERS):
                return None
            r = _match(els, e + 1, t + g, lows, actor_spans, idxs, slots)
            if r is not None:
                return r
        return None
    end = actor_spans.get(t)
    if end is None:
        return None
    return _match(els, e + 1, end, lows, actor_spans, idxs, [*slots, (el.role, t, end)])
