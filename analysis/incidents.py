"""Incidents: events clustered across sentences and articles into one real-world happening.

Ten articles about one airstrike give ten (or more) coded events; an analyst wants one
incident reported by ten outlets. :func:`cluster_incidents` groups the rows of an events
table (columns of :data:`analysis.schema.EVENT_COLUMNS`) into incidents and returns the
incidents table (:data:`INCIDENT_COLUMNS`) and the ``incident_id`` of every event.

Method (deterministic, O(n log n) plus a small per-block sweep):

1. **Blocking.** Events are split into blocks by the *unordered country dyad* (first three
   letters of ``actor1_code`` and ``actor2_code``, sorted: ``IRN-PAK``) and the *root group*
   of their CAMEO code (:data:`ROOT_GROUPS`: each root is its own group except 18 assault,
   19 fight and 20 mass violence, which coders mix up for the same attack, and 11
   disapprove / 12 reject). Only events in the same block can join.
2. **Sweep.** Within a block events are sorted by ``(date_earliest, date_latest, event_id)``.
   Each open incident keeps the intersection of its events' date intervals; an incident whose
   interval ends before the current event starts is closed for good (intervals only shrink).
   An event may join an open incident when its interval overlaps the incident's interval.
3. **Evidence similarity.** Among the incidents it may join, the event joins the one with the
   highest score, if that score reaches the threshold; otherwise it opens a new incident.
   ``score = max Jaccard(content-token sets of the evidence sentences)`` over the incident's
   first :data:`MAX_COMPARED` members, ``+ SAME_DAY_BONUS`` when both intervals are the same
   single day, ``+ SAME_CODE_BONUS`` when the full CAMEO codes are equal. Tokens are
   lower-case words of 3+ letters outside a small stop list, cut to their first 6 letters (a
   crude stem: ``strikes``/``striking`` -> ``strike``). The threshold is
   :data:`JOIN_THRESHOLD` when the ordered countries agree. When they are reversed
   (``IRN -> PAK`` against ``PAK -> IRN``: usually a strike and its retaliation) the Jaccard
   alone, without bonuses, must reach :data:`REVERSED_THRESHOLD`, as when one sentence
   "the two countries held talks" is coded both ways.
4. Events with no ``date_earliest``/``date_latest`` (undated) each form their own incident.
5. **Incremental refresh** (:func:`recluster`, used by :func:`analysis.store.refresh_incidents`
   after each ingest). Only blocks holding a new or changed event are touched; within such a
   block the sweep is *replayed* from the previous incidents: until the first new event it
   makes the old decisions, and after it only events that a new or changed incident could
   attract (or whose old incident changed) are decided again. Incidents that end before the
   block's first new event cannot change and are kept. The result is exactly that of a full
   clustering (tested); a block that lost events is swept again in full.
6. **Parallel blocks.** Blocks are independent: a big (re-)clustering with ``workers > 1``
   runs groups of blocks of about equal size on forked processes (:func:`recluster_table`)
   and puts the results back in the serial order: the same table (tested).

Incident fields: the interval is the intersection of the members' intervals (never empty by
construction); ``date`` is the members' most common best-estimate ``date`` clipped into that
interval; ``cameo_code`` is the most specific code shared (as itself or an ancestor) by at
least half of the members (see :func:`agreed_code`); ``goldstein``, ``quad_class``,
``event_name`` and ``direction`` are those of that code in the codebook (single direction
rule :func:`analysis.codebook.direction_for`). ``n_sources`` counts distinct outlets: a
``source`` value may list several outlets separated by ``;``; articles with no source count
as one "unknown" outlet together. ``incident_id`` is ``inc-`` + the first 16 hex digits of
SHA-1 over the sorted member ``event_id`` values: stable across runs and input order (it
changes only when the membership changes).
"""

from __future__ import annotations

import functools
import hashlib
import heapq
import math
import multiprocessing
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
import pandas as pd
import pyarrow as pa

from analysis.codebook import default_codebook, direction_for

__all__ = [
    "INCIDENT_COLUMNS",
    "JOIN_THRESHOLD",
    "MAX_COMPARED",
    "REVERSED_THRESHOLD",
    "ROOT_GROUPS",
    "SAME_CODE_BONUS",
    "SAME_DAY_BONUS",
    "agreed_code",
    "block_keys",
    "cluster_incidents",
    "dyad_key",
    "evidence_tokens",
    "incident_events",
    "intervals",
    "jaccard",
    "recluster",
    "recluster_table",
]

#: incidents table: column -> pandas dtype (``event_ids``/``article_ids`` hold lists of str)
INCIDENT_COLUMNS: Final[dict[str, str]] = {
    "incident_id": "string",  # inc-<16 hex of SHA-1 of sorted member event_ids>
    "dyad": "string",  # unordered country pair, e.g. "IRN-PAK" ("PAK" when one side unknown)
    "actor1_code": "string",  # most frequent source actor code among members
    "actor2_code": "string",  # most frequent target actor code among members
    "cameo_code": "string",  # most specific code agreed by at least half of the members
    "root_code": "string",
    "event_name": "string",
    "quad_class": "int64",
    "goldstein": "float64",  # of cameo_code in the codebook
    "direction": "string",  # escalation | de-escalation | neutral (codebook rule)
    "date": "datetime64[ns]",  # best estimate, inside [date_earliest, date_latest]
    "date_earliest": "datetime64[ns]",  # intersection of the members' intervals
    "date_latest": "datetime64[ns]",
    "n_events": "int64",
    "n_articles": "int64",  # distinct article_id
    "n_sources": "int64",  # distinct outlets (see module doc)
    "sources": "string",  # the outlets, sorted, "; "-separated
    "first_reported": "datetime64[ns]",  # earliest publication date among members
    "evidence": "string",  # evidence sentence of the first-reported member
    "event_ids": "object",  # list[str], sorted
    "article_ids": "object",  # list[str], sorted
}

#: CAMEO roots that may describe the same happening (other roots are groups of their own)
ROOT_GROUPS: Final[dict[str, str]] = {
    "11": "11-12",
    "12": "11-12",
    "18": "18-20",
    "19": "18-20",
    "20": "18-20",
}

JOIN_THRESHOLD: Final = 0.25
REVERSED_THRESHOLD: Final = 0.8
SAME_DAY_BONUS: Final = 0.15
SAME_CODE_BONUS: Final = 0.1
#: members of an incident the evidence of a candidate event is compared with
MAX_COMPARED: Final = 12

_WORD: Final = re.compile(r"[^\W\d_]{3,}")
_STOP: Final = frozenset(
    """the and for with that this from was were are has have had been its their his her they
    them who which what when where will would said says say also after before over into
    than then there about against between during while but not out off all any our your
    more most some such only other own same can could may might must should did does
    one two three four five six seven eight nine ten
    monday tuesday wednesday thursday friday saturday sunday today yesterday week
    january february march april june july august september october november december
    reuters""".split()
)


def evidence_tokens(text: str) -> frozenset[str]:
    """Content tokens of an evidence sentence: lower-case words of 3+ letters, stop words
    removed, cut to their first 6 letters."""
    return frozenset([w[:6] for w in _WORD.findall(text.lower()) if w not in _STOP])


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two token sets (0 when both are empty)."""
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


def _country(code: object) -> str:
    if not isinstance(code, str):
        return ""
    return code.strip().upper()[:3]


def dyad_key(actor1_code: object, actor2_code: object) -> str:
    """Unordered country dyad of two actor codes: ``"IRN-PAK"``; one side when the other is
    unknown (``"PAK"``), ``"?"`` when both are."""
    sides = sorted({_country(actor1_code), _country(actor2_code)} - {""})
    return "-".join(sides) if sides else "?"


def _nodes(code: str) -> list[str]:
    """Ancestry of a CAMEO code, root first: ``"0356"`` -> ``["03", "035", "0356"]``.

    A 3-digit code ending in 0 is the root's "unspecified" code and counts as the root."""
    code = code.strip()
    if len(code) < 2 or not code.isdigit():
        return []
    nodes = [code[:2]]
    if len(code) >= 3 and not (len(code) == 3 and code.endswith("0")):
        nodes.append(code[:3])
    if len(code) == 4:
        nodes.append(code)
    return nodes


def _as_code(node: str) -> str:
    """The events-table spelling of a node: roots as ``"190"`` when the codebook has it."""
    if len(node) == 2 and f"{node}0" in default_codebook():
        return f"{node}0"
    return node


def _severity(node: str) -> float:
    entry = default_codebook().get(_as_code(node)) or default_codebook().get(node)
    return entry.goldstein if entry is not None else 0.0


def agreed_code(codes: Sequence[str]) -> str:
    """The most specific CAMEO code shared by at least half of ``codes``.

    Every code supports itself and its ancestors (``"195"`` supports ``195`` and root
    ``19``). Among the nodes supported by at least half of the codes the longest wins; ties
    go to more support, then the lower Goldstein score (more severe), then the code. When no
    node has half the support (e.g. ``183``, ``195``, ``202``) the best-supported root wins,
    ties going to the lower Goldstein score, then the higher root (``20``). Returns ``""``
    when no code is valid.
    """
    support: Counter[str] = Counter()
    valid = 0
    for code in codes:
        nodes = _nodes(code)
        if nodes:
            valid += 1
            support.update(nodes)
    if not valid:
        return ""

    def rank(node: str) -> tuple[int, int, float, str]:
        return (-len(node), -support[node], _severity(node), node)

    agreed = [n for n, k in support.items() if 2 * k >= valid]
    if agreed:
        return _as_code(min(agreed, key=rank))
    roots = [n for n in support if len(n) == 2]
    return _as_code(min(roots, key=lambda n: (-support[n], _severity(n), -int(n))))


@dataclass(slots=True)
class _Open:
    """An incident being built during the sweep."""

    lo: int  # seconds since the epoch
    hi: int
    members: list[int] = field(default_factory=list)
    tokens: list[frozenset[str]] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    single_days: list[int] = field(default_factory=list)
    label: int = -1  # replay: the old incident it continues (>= 0) or a new one (< -1)


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _score(
    incident: _Open,
    tokens: frozenset[str],
    code: str,
    single_day: int | None,
) -> float:
    # the largest :func:`jaccard` (0.0 when none shares a token): ``|a | b| = |a| + |b| -
    # |a & b|``, the same integers, so the same floats
    best = 0.0
    size = len(tokens)
    for other in incident.tokens[:MAX_COMPARED]:
        shared = len(tokens & other)
        if shared:
            value = shared / (size + len(other) - shared)
            if value > best:
                best = value
    if single_day is not None and single_day in incident.single_days:
        best += SAME_DAY_BONUS
    if code and code in incident.codes:
        best += SAME_CODE_BONUS
    return best


@dataclass(frozen=True, slots=True)
class _Item:
    """What the sweep needs of one event."""

    lo: int  # seconds since the epoch (the day's datetime64 as int64)
    hi: int
    tokens: frozenset[str]
    pair: tuple[str, str]
    code: str


def _sweep(items: Sequence[_Item], positions: Sequence[int]) -> list[list[int]]:
    """Cluster one block; ``positions`` index ``items``, sorted by interval then event id."""
    done: list[list[int]] = []
    open_: list[_Open] = []
    for pos in positions:
        item = items[pos]
        lo, hi = item.lo, item.hi
        done.extend(inc.members for inc in open_ if inc.hi < lo)
        open_ = [inc for inc in open_ if inc.hi >= lo]
        single_day = lo if lo == hi else None
        best: _Open | None = None
        best_score = 0.0
        for inc in open_:
            if inc.lo > hi:  # the sweep order guarantees inc.hi >= lo
                continue
            if item.pair in inc.pairs:
                score = _score(inc, item.tokens, item.code, single_day)
                threshold = JOIN_THRESHOLD
            else:  # reversed: the wording alone must say it is the same happening
                score = _score(inc, item.tokens, "", None)
                threshold = REVERSED_THRESHOLD
            if score >= threshold and score > best_score:
                best, best_score = inc, score
        if best is None:
            best = _Open(lo=lo, hi=hi)
            open_.append(best)
        else:
            best.lo, best.hi = max(best.lo, lo), min(best.hi, hi)
        best.members.append(pos)
        best.tokens.append(item.tokens)
        best.pairs.append(item.pair)
        best.codes.append(item.code)
        if single_day is not None:
            best.single_days.append(single_day)
    done.extend(inc.members for inc in open_)
    return done



def _sweep_fast(items: Sequence[_Item], positions: Sequence[int]) -> list[list[int]]:
    """:func:`_sweep`, with the scoring inlined: token-set sizes kept (``|a | b| = |a| + |b|
    - |a & b|``, the same integers, so the same floats), the members' pairs, codes and
    single days as sets (membership only). Same decisions, same clusters (tested)."""
    done: list[list[int]] = []
    # open incidents: [lo, hi, members, [(tokens, size)] (first MAX_COMPARED), pairs,
    # codes, single days]
    open_: list[list[Any]] = []
    ends = 0  # the earliest end among the open incidents (when any)
    for pos in positions:
        item = items[pos]
        lo, hi = item.lo, item.hi
        if lo > ends:  # some open incident ends before this event: closed for good
            done.extend(inc[2] for inc in open_ if inc[1] < lo)
            open_ = [inc for inc in open_ if inc[1] >= lo]
            ends = min((inc[1] for inc in open_), default=lo)
        single_day = lo if lo == hi else None
        tokens, pair, code = item.tokens, item.pair, item.code
        size = len(tokens)
        best: list[Any] | None = None
        best_score = 0.0
        for inc in open_:
            if inc[0] > hi:
                continue
            score = 0.0
            for other, other_size in inc[3]:
                shared = len(tokens & other)
                if shared:
                    value = shared / (size + other_size - shared)
                    if value > score:
                        score = value
            if pair in inc[4]:
                if single_day is not None and single_day in inc[6]:
                    score += SAME_DAY_BONUS
                if code and code in inc[5]:
                    score += SAME_CODE_BONUS
                threshold = JOIN_THRESHOLD
            else:
                threshold = REVERSED_THRESHOLD
            if score >= threshold and score > best_score:
                best, best_score = inc, score
        if best is None:
            best = [lo, hi, [], [], set(), set(), set()]
            ends = min(ends, hi) if open_ else hi
            open_.append(best)
        else:
            best[0], best[1] = max(best[0], lo), min(best[1], hi)
            ends = min(ends, hi)
        best[2].append(pos)
        if len(best[3]) < MAX_COMPARED:
            best[3].append((tokens, size))
        best[4].add(pair)
        best[5].add(code)
        if single_day is not None:
            best[6].add(single_day)
    done.extend(inc[2] for inc in open_)
    return done

# --------------------------------------------------------------------------- refresh
#
# A store that gains a few events re-clusters only the blocks they fall in, and within a
# block it does not redo the sweep: it *replays* it. The previous clustering of the block's
# old events is the result of the same deterministic sweep over those events (the "old
# sweep"), so until the first new event the new sweep makes exactly the old decisions.
# From there on the two sweeps are followed side by side, but only where they can differ:
#
# * ``common`` incidents have the same members in both sweeps (hence the same interval,
#   tokens, pairs, codes and days); their state at any point is rebuilt from the old
#   membership (members sorted before the point);
# * ``d_new``: open incidents of the new sweep that are not common (they hold a new event,
#   or lack an old member); ``d_old``: old incidents that are no longer common.
#
# An old event whose old incident is common and that overlaps no ``d_new`` incident makes
# the same decision in the new sweep as in the old one: among the common incidents the
# old choice was the best, and nothing else can compete. It is skipped. Every other event
# (a new one, a member of a ``d_old`` incident, one a ``d_new`` incident overlaps) is
# decided as the sweep would, against the common incidents open at that point (rebuilt)
# and ``d_new``. Where the decision differs from the old one, the incidents involved stop
# being common. The result is the sweep's, exactly (tested against a full clustering).


@dataclass(frozen=True, slots=True)
class _Block:
    """One block's dated events in sweep order (plain lists; tokens computed on demand)."""

    lo: list[int]
    hi: list[int]
    prior: list[int]  # old incident (>= 0) or -1 for a new / changed event
    pair: list[tuple[str, str]]
    code: list[str]
    evidence: list[str]
    #: evidence text -> its tokens; a clustering's blocks share one (:attr:`_Columns.tokens`)
    cache: dict[str, frozenset[str]] = field(default_factory=dict)

    def tokens(self, i: int) -> frozenset[str]:
        text = self.evidence[i]
        found = self.cache.get(text)
        if found is None:
            found = self.cache[text] = evidence_tokens(text)
        return found


def _add(block: _Block, inc: _Open, i: int) -> None:
    inc.lo, inc.hi = max(inc.lo, block.lo[i]), min(inc.hi, block.hi[i])
    inc.members.append(i)
    if len(inc.tokens) < MAX_COMPARED:
        inc.tokens.append(block.tokens(i))
    inc.pairs.append(block.pair[i])
    inc.codes.append(block.code[i])
    if block.lo[i] == block.hi[i]:
        inc.single_days.append(block.lo[i])


def _decide(block: _Block, i: int, candidates: list[_Open]) -> _Open | None:
    """The incident event ``i`` joins among the open ``candidates`` (None: it opens one),
    exactly as :func:`_sweep` decides (candidates in creation order)."""
    lo, hi = block.lo[i], block.hi[i]
    single_day = lo if lo == hi else None
    tokens, pair, code = block.tokens(i), block.pair[i], block.code[i]
    best: _Open | None = None
    best_score = 0.0
    for inc in sorted(candidates, key=lambda c: c.members[0]):
        if inc.lo > hi:
            continue
        if pair in inc.pairs:
            score = _score(inc, tokens, code, single_day)
            threshold = JOIN_THRESHOLD
        else:
            score = _score(inc, tokens, "", None)
            threshold = REVERSED_THRESHOLD
        if score >= threshold and score > best_score:
            best, best_score = inc, score
    return best


def _may_join(block: _Block, i: int, inc: _Open) -> bool:
    """False when event ``i`` cannot reach the threshold of ``inc`` (a cheap test before
    tokenizing its evidence): its bonuses fall short and no token of the incident's
    compared members occurs in its text (every token of a text is a substring of it)."""
    lo, hi = block.lo[i], block.hi[i]
    if inc.lo > hi or inc.hi < lo:
        return False
    if block.pair[i] in inc.pairs:
        bonus = (SAME_DAY_BONUS if lo == hi and lo in inc.single_days else 0.0) + (
            SAME_CODE_BONUS if block.code[i] and block.code[i] in inc.codes else 0.0)
        if bonus >= JOIN_THRESHOLD:
            return True
    text = block.evidence[i].lower()
    return any(t in text for tokens in inc.tokens[:MAX_COMPARED] for t in tokens)


def _replay(block: _Block) -> list[int] | None:
    """The new sweep's incident label of every event of ``block`` (an old incident number,
    or a number < -1 for a new incident); None when the old clustering is not a sweep of
    the old events (then the block is swept again in full)."""
    n = len(block.lo)
    lo, hi, prior = block.lo, block.hi, block.prior
    members: dict[int, list[int]] = {}
    for i, p in enumerate(prior):
        if p >= 0:
            members.setdefault(p, []).append(i)
    fresh = [i for i, p in enumerate(prior) if p < 0]
    his = np.asarray(hi, dtype=np.int64)
    d_new: list[_Open] = []
    d_old: set[int] = set()
    watch: list[int] = []  # members of d_old incidents still to come (a heap)
    assigned: dict[int, int] = {}
    new_labels = iter(range(-2, -2 - n - 1, -1))

    built: dict[int, _Open] = {}

    def state(p: int, i: int) -> _Open:
        """Common incident ``p`` as it stands before event ``i`` (its members before
        ``i``); built once and extended (``i`` only grows; a state that leaves the
        common incidents is never asked for again)."""
        ms = members[p]
        inc = built.get(p)
        if inc is None:
            inc = built[p] = _Open(lo=lo[ms[0]], hi=hi[ms[0]], label=p)
        for m in ms[len(inc.members):bisect_left(ms, i)]:
            _add(block, inc, m)
        return inc

    def common(i: int) -> list[_Open]:
        """The common incidents open at event ``i``: every member so far ends at or after
        ``lo[i]`` (an incident closes for good once an event starts after its end)."""
        counts: Counter[int] = Counter()
        for j in np.flatnonzero(his[:i] >= lo[i]).tolist():
            p = prior[j]
            if p >= 0 and p not in d_old:
                counts[p] += 1
        return [state(p, i) for p, k in counts.items() if bisect_left(members[p], i) == k]

    def diverge(p: int, i: int) -> None:
        """Old incident ``p`` stops being common at its member ``i`` (which goes elsewhere)."""
        d_old.add(p)
        ms = members[p]
        if ms[0] < i:
            d_new.append(state(p, i))
        for m in ms[bisect_left(ms, i) + 1:]:
            heapq.heappush(watch, m)

    k = 0  # next fresh event: fresh[k]
    i = fresh[0] if fresh else n
    while i < n:
        if d_new:
            d_new = [x for x in d_new if x.hi >= lo[i]]
        near = [x for x in d_new if x.lo <= hi[i]]
        p = prior[i]
        if p >= 0 and p not in d_old:
            # the old choice was the best common incident; only a d_new one can beat it
            near = [x for x in near if _may_join(block, i, x)]
            best = _decide(block, i, near) if near else None
            agrees = best is None
            if best is not None and members[p][0] != i:
                base = state(p, i)
                best = _decide(block, i, [base, best])
                if best is None:
                    return None  # the old choice no longer passes: not a sweep of the old
                agrees = best is base
            if not agrees:
                diverge(p, i)
        else:
            best = _decide(block, i, common(i) + near)
            agrees = False
        if not agrees:
            if best is None:
                best = _Open(lo=lo[i], hi=hi[i], label=next(new_labels))
                d_new.append(best)
            elif not any(best is x for x in d_new):  # a common incident: now diverged
                d_old.add(best.label)
                ms = members[best.label]
                for m in ms[bisect_left(ms, i):]:
                    heapq.heappush(watch, m)
                d_new.append(best)
            _add(block, best, i)
            assigned[i] = best.label
        # next event that may decide differently
        while k < len(fresh) and fresh[k] <= i:
            k += 1
        while watch and watch[0] <= i:
            heapq.heappop(watch)
        if d_new:
            i += 1
        else:
            i = min(fresh[k] if k < len(fresh) else n, watch[0] if watch else n)
    return [assigned.get(i, p) for i, p in enumerate(prior)]


def _days(events: pd.DataFrame, name: str) -> tuple[np.ndarray, np.ndarray]:
    """Days since the epoch of a date column (normalised, as :func:`_prepared`) and its
    missing-value mask."""
    if name not in events.columns:
        return np.zeros(len(events), dtype=np.int64), np.ones(len(events), dtype=bool)
    stamps = pd.to_datetime(events[name]).to_numpy(dtype="datetime64[ns]")
    return stamps.astype("datetime64[D]").view("int64"), np.isnat(stamps)


def intervals(events: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The interval the sweep sees of every event, in days since the epoch: ``(lo, hi,
    dated)``; ``date_earliest``/``date_latest``, each else ``date``; ``dated`` is False
    where either bound is missing (then ``lo``/``hi`` are meaningless)."""
    day, no_day = _days(events, "date")
    lo, no_lo = _days(events, "date_earliest")
    hi, no_hi = _days(events, "date_latest")
    dated = ~((no_lo & no_day) | (no_hi & no_day))
    return np.where(no_lo, day, lo), np.where(no_hi, day, hi), dated


def _column(events: pd.DataFrame, name: str) -> list[str]:
    if name not in events.columns:
        return [""] * len(events)
    return [_text(v) for v in events[name].tolist()]


def recluster(events: pd.DataFrame, prior: Sequence[int], redo: Collection[str] = ()
              ) -> tuple[list[list[int]], list[str]]:
    """The clusters of ``events`` (whole blocks, see :func:`block_keys`) given a previous
    clustering: ``prior[k]`` numbers the old incident of row ``k`` (-1 for a new or changed
    event). Returns the clusters (sorted lists of row positions) and the block of each.

    The old clustering must be the sweep of the old events (as a store's incidents are),
    except in the blocks listed in ``redo`` (old events gone or changed), which are swept
    again in full, as is every block where the replay finds the old clustering is not that
    sweep. Other blocks holding a new event are replayed (see the comment above
    :class:`_Block`); the result equals :func:`cluster_incidents` of ``events``.
    """
    return _recluster_cols(_Columns.direct(events), prior, redo)


def recluster_table(events: pd.DataFrame, prior: Sequence[int], redo: Collection[str] = (),
                    *, unchanged: Callable[[list[int]], bool] = lambda cluster: False,
                    workers: int = 1, parallel_min: int | None = None) -> pd.DataFrame:
    """:func:`recluster`, then the incidents table (with ``block``) of the clusters that are
    not ``unchanged`` (a caller keeping the old rows of incidents whose membership stays
    says so), the columns of ``events`` read once for both.

    With ``workers > 1`` and at least ``parallel_min`` (default
    :data:`PARALLEL_MIN_EVENTS`) events to sweep (:func:`_sweep_work`), the blocks are
    clustered and their incidents' rows built on ``workers`` processes: this one and forked
    ones, which inherit the columns and send back clusters and rows (serially where fork is
    not available). The table is the same; ``unchanged`` is called in this process, once
    per cluster, in the same order."""
    job, groups, parts = _reclustered(events, prior, redo, unchanged, workers, parallel_min)
    return _merged(job, groups, parts, events.index)


def recluster_arrow(events: pd.DataFrame, prior: Sequence[int], redo: Collection[str] = (),
                    *, unchanged: Callable[[list[int]], bool] = lambda cluster: False,
                    workers: int = 1, parallel_min: int | None = None,
                    before_fork: Callable[[], object] | None = None) -> pa.Table:
    """:func:`recluster_table` as the Arrow table ``pa.Table.from_pandas(table,
    preserve_index=False)`` of it (same schema and pandas metadata, same rows), except that
    the rows are not sorted: in the order of the blocks (the caller sorts). Built from the
    rows' columns directly, without the pandas frame. ``before_fork`` is called before
    processes are forked (when they are)."""
    job, groups, parts = _reclustered(events, prior, redo, unchanged, workers, parallel_min,
                                      before_fork)
    clusters, names, rows = _merged_rows(job, groups, parts)
    if not clusters:  # (list columns of no rows: as pandas would infer them)
        table, _ = _incident_table(job.cols, clusters, events.index, names, rows)
        return pa.Table.from_pandas(table, preserve_index=False)
    schema = _arrow_schema()
    arrays = [pa.array(rows[name] if name != "block" else names, type=column.type,
                       from_pandas=True)  # (as from a frame: NaN is null)
              for name, column in zip(schema.names, schema, strict=True)]
    return pa.Table.from_arrays(arrays, schema=schema)


@functools.cache
def _arrow_schema() -> pa.Schema:
    """The schema, pandas metadata included, of ``pa.Table.from_pandas`` of an incidents
    table with ``block`` (read once off a one-row table: the types as pandas infers them
    from values, the metadata of the columns' dtypes)."""
    values: dict[str, Any] = {
        "string": "x", "int64": 1, "float64": 1.0, "datetime64[ns]": np.datetime64(1, "ns"),
    }
    one = {name: pd.Series([values.get(dtype, ["x"])], dtype=dtype)
           for name, dtype in {**INCIDENT_COLUMNS, "block": "string"}.items()}
    return pa.Table.from_pandas(pd.DataFrame(one), preserve_index=False).schema


def _reclustered(events: pd.DataFrame, prior: Sequence[int], redo: Collection[str],
                 unchanged: Callable[[list[int]], bool], workers: int,
                 parallel_min: int | None,
                 before_fork: Callable[[], object] | None = None
                 ) -> tuple[_Job, list[list[int]], list[_Part]]:
    """The job of :func:`recluster_table`, its groups of blocks and their parts."""
    cols = _Columns.direct(events)
    blocks, pairs = _blocks_of(cols)
    job = _Job(cols, blocks, pairs, prior, frozenset(redo), unchanged)
    least = PARALLEL_MIN_EVENTS if parallel_min is None else parallel_min
    parts: list[_Part] | None = None
    if (workers > 1 and len(blocks) > 1 and _sweep_work(blocks, prior, job.redo) >= least
            and _can_fork()):
        groups = _balanced([len(rows) for _, rows in blocks], workers)
        if before_fork is not None:
            before_fork()
        parts = _parallel(job, groups)
    if parts is None:  # serial: one group of every block, in order
        groups = [list(range(len(blocks)))]
        parts = [_cluster_group(job, groups[0], job.unchanged)]
    return job, groups, parts


def _sweep_work(blocks: Sequence[tuple[str, list[int]]], prior: Sequence[int],
                redo: Collection[str]) -> int:
    """The events a re-clustering sweeps, the measure of its work: every event of a dated
    block swept in full (in ``redo``, or with no old incident), and the new or changed
    events of the blocks replayed (a replay decides again only around them). Blocks with
    nothing new cost nothing (their old clusters stand), and neither do undated events.
    An incremental refresh after a small ingest re-clusters thousands of old events with a
    few hundred new ones: a sweep of the new ones, not worth forking a pool."""
    work = 0
    for name, rows in blocks:
        if name.startswith("undated|"):
            continue
        fresh = sum(1 for p in rows if prior[p] < 0)
        work += len(rows) if name in redo or fresh == len(rows) else fresh
    return work


def _recluster_cols(cols: _Columns, prior: Sequence[int], redo: Collection[str]
                    ) -> tuple[list[list[int]], list[str]]:
    """:func:`recluster` of the events ``cols`` (intervals as normalised nanoseconds: the
    same order and equalities as days)."""
    blocks, pairs = _blocks_of(cols)
    clusters: list[list[int]] = []
    names: list[str] = []
    for name, rows in blocks:
        found = _block_clusters(cols, name, rows, pairs, prior, redo)
        clusters.extend(found)
        names.extend([name] * len(found))
    return clusters, names


def _blocks_of(cols: _Columns) -> tuple[list[tuple[str, list[int]]], list[tuple[str, str]]]:
    """The blocks of the events ``cols`` in order of first appearance (name, positions)
    and every event's ordered country pair."""
    eid, a1, a2, code, los, his = cols.eid, cols.a1, cols.a2, cols.code, cols.lo, cols.hi
    keys: dict[tuple[str, str, str], tuple[str, tuple[str, str]]] = {}
    blocks: dict[str, list[int]] = {}
    pairs: list[tuple[str, str]] = []
    for pos, (x1, x2, c) in enumerate(zip(a1, a2, code, strict=True)):
        known = keys.get((x1, x2, c))
        if known is None:
            group = ROOT_GROUPS.get(c[:2], c[:2])
            known = keys[(x1, x2, c)] = (f"{dyad_key(x1, x2)}|{group}",
                                         (_country(x1), _country(x2)))
        pairs.append(known[1])
        dated = los[pos] is not None and his[pos] is not None
        blocks.setdefault(known[0] if dated else f"undated|{eid[pos]}", []).append(pos)
    return list(blocks.items()), pairs


def _block_clusters(cols: _Columns, name: str, rows: list[int], pairs: list[tuple[str, str]],
                    prior: Sequence[int], redo: Collection[str]) -> list[list[int]]:
    """The clusters (sorted lists of positions in ``cols``) of one block."""
    if name.startswith("undated|"):
        return [[pos] for pos in rows]
    eid, los, his = cols.eid, cols.lo, cols.hi
    spans = [(lo, hi) for p in rows  # every row of a dated block is dated
             if (lo := los[p]) is not None and (hi := his[p]) is not None]
    order = sorted(range(len(rows)), key=lambda k: (*spans[k], eid[rows[k]]))
    rows = [rows[k] for k in order]
    found = _recluster_block(
        _Block(lo=[spans[k][0] for k in order], hi=[spans[k][1] for k in order],
               prior=[prior[p] for p in rows], pair=[pairs[p] for p in rows],
               code=[cols.code[p] for p in rows],
               evidence=[cols.evidence[p] for p in rows], cache=cols.tokens),
        redo=name in redo)
    return [sorted(rows[i] for i in c) for c in found]


# ----------------------------------------------------------------- parallel clustering
#
# Blocks cluster independently, so a big (re-)clustering is split into groups of blocks of
# about equal size, one per process. The processes are forked with the job as their
# initializer's argument (they inherit the columns: nothing big is sent, and nothing is set
# in this process that another thread's clustering could overwrite), cluster their blocks and
# build the rows of their incidents, and send back small payloads: cluster sizes and
# members (int arrays) and the rows as columns (plain lists pickle fastest). This process
# takes the first group itself, then puts everything back in the serial (block) order.

#: events to sweep (:func:`_sweep_work`) from which ``workers > 1`` uses several processes
#: (below it forking a pool costs more than it saves; measured on the Reuters store, see the
#: commit)
PARALLEL_MIN_EVENTS: Final = 4000


@dataclass(frozen=True, slots=True)
class _Job:
    """A (re-)clustering: the events' columns, their blocks and what
    :func:`_block_clusters` needs besides."""

    cols: _Columns
    blocks: list[tuple[str, list[int]]]
    pairs: list[tuple[str, str]]
    prior: Sequence[int]
    redo: frozenset[str]
    unchanged: Callable[[list[int]], bool]


@dataclass(frozen=True, slots=True)
class _Part:
    """The clustering of a group of blocks: per block (in the group's order) its number of
    clusters and of rows (clusters not unchanged); the clusters' sizes and members
    (concatenated); whether each is unchanged; the rows as columns."""

    counts: list[int]
    n_rows: list[int]
    lengths: np.ndarray
    members: np.ndarray
    unchanged: list[bool]
    rows: dict[str, list[Any]]


#: the share of the work a forked worker's overhead costs (measured on the Reuters store:
#: ~0.1 s of 1.2 s for half the blocks)
_HEAD_START: Final = 0.05

#: the job of a forked worker (set in the worker only, by :func:`_inherit`)
_FORKED: list[_Job] = []


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _balanced(sizes: Sequence[int], n: int) -> list[list[int]]:
    """``n`` groups of block indices of about equal total ``sizes`` (largest block first to
    the least loaded group; ties to the lower group), each group in block order; empty
    groups are dropped. The first group (this process's) gets a little more: the others
    start :data:`_HEAD_START` of the work behind (forking, sending their rows back)."""
    behind = int(sum(sizes) * _HEAD_START)
    loads = [(0 if g == 0 else behind, g) for g in range(n)]
    groups: list[list[int]] = [[] for _ in range(n)]
    for b in sorted(range(len(sizes)), key=lambda b: (-sizes[b], b)):
        load, g = heapq.heappop(loads)
        groups[g].append(b)
        heapq.heappush(loads, (load + sizes[b], g))
    return [sorted(g) for g in groups if g]


def _cluster_group(job: _Job, group: Sequence[int],
                   unchanged: Callable[[list[int]], bool] | None) -> _Part:
    """Cluster the blocks ``group`` of ``job`` and build the rows of their incidents that
    are not ``unchanged`` (None: of every incident)."""
    counts: list[int] = []
    n_rows: list[int] = []
    lengths: list[int] = []
    members: list[int] = []
    same: list[bool] = []
    records: list[dict[str, object]] = []
    for b in group:
        name, rows = job.blocks[b]
        found = _block_clusters(job.cols, name, rows, job.pairs, job.prior, job.redo)
        counts.append(len(found))
        kept = 0
        for cluster in found:
            lengths.append(len(cluster))
            members.extend(cluster)
            kept_as_is = unchanged is not None and unchanged(cluster)
            same.append(kept_as_is)
            if not kept_as_is:
                records.append(_incident_row(job.cols, cluster))
                kept += 1
        n_rows.append(kept)
    return _Part(counts, n_rows, np.asarray(lengths, dtype=np.int64),
                 np.asarray(members, dtype=np.int64), same,
                 {name: [r[name] for r in records] for name in INCIDENT_COLUMNS})


def _inherit(job: _Job) -> None:
    """A forked worker's initializer: ``job`` is inherited with the process (fork does
    not pickle the initializer's arguments)."""
    _FORKED[:] = [job]


def _forked_group(group: list[int]) -> _Part:
    return _cluster_group(_FORKED[0], group, None)


def _parallel(job: _Job, groups: list[list[int]]) -> list[_Part] | None:
    """:func:`_cluster_group` of every group, the first here and the others on forked
    processes; None when the processes cannot be started (then the caller goes serial)."""
    try:
        with ProcessPoolExecutor(max_workers=len(groups) - 1,
                                 mp_context=multiprocessing.get_context("fork"),
                                 initializer=_inherit, initargs=(job,)) as pool:
            futures = [pool.submit(_forked_group, g) for g in groups[1:]]
            here = _cluster_group(job, groups[0], None)
            return [here, *(f.result() for f in futures)]
    except (OSError, BrokenProcessPool):
        return None


def _merged(job: _Job, groups: list[list[int]], parts: list[_Part], index: pd.Index
            ) -> pd.DataFrame:
    """The incidents table of the parts (see :func:`_merged_rows`)."""
    clusters, names, rows = _merged_rows(job, groups, parts)
    table, _ = _incident_table(job.cols, clusters, index, names, rows)
    return table


def _merged_rows(job: _Job, groups: list[list[int]], parts: list[_Part]
                 ) -> tuple[list[list[int]], list[str], dict[str, list[Any]]]:
    """The clusters of the parts, their blocks and rows (as columns), in the serial order
    (blocks in order). Parts made in parallel hold every incident's row:
    ``job.unchanged`` is called here, of every cluster in the serial order, and the rows of
    unchanged ones are dropped."""
    where: list[tuple[int, int, int, int, int]] = [(0, 0, 0, 0, 0)] * len(job.blocks)
    offset = 0  # rows of the parts before this one
    for g, (group, part) in enumerate(zip(groups, parts, strict=True)):
        c = r = 0
        for b, n, m in zip(group, part.counts, part.n_rows, strict=True):
            where[b] = (g, c, n, offset + r, m)  # part, first cluster, clusters, rows
            c, r = c + n, r + m
        offset += r
    starts = [np.concatenate([[0], np.cumsum(p.lengths)]).tolist() for p in parts]
    flat = [p.members.tolist() for p in parts]
    serial = len(parts) == 1 and groups[0] == list(range(len(job.blocks)))
    clusters: list[list[int]] = []
    names: list[str] = []
    order: list[int] = []
    for b, (name, _) in enumerate(job.blocks):
        g, c, n, r, _ = where[b]
        for k in range(c, c + n):
            cluster = flat[g][starts[g][k]:starts[g][k + 1]]
            if serial:
                if parts[g].unchanged[k]:
                    continue
            elif job.unchanged(cluster):
                r += 1
                continue
            clusters.append(cluster)
            names.append(name)
            order.append(r)
            r += 1
    rows: dict[str, list[Any]] = {}
    for column in INCIDENT_COLUMNS:
        values = [v for p in parts for v in p.rows[column]]
        rows[column] = values if serial else [values[k] for k in order]
    return clusters, names, rows


def _recluster_block(block: _Block, *, redo: bool) -> list[list[int]]:
    """Clusters (lists of positions in ``block``) of one dated block."""
    labels = None if redo or max(block.prior) < 0 else (
        _replay(block) if min(block.prior) < 0 else list(block.prior))
    if labels is None:
        if len(block.lo) == 1:  # what the sweep gives one event (its tokens are not read)
            return [[0]]
        items = [_Item(lo, hi, block.tokens(i), pair, c) for i, (lo, hi, pair, c) in
                 enumerate(zip(block.lo, block.hi, block.pair, block.code, strict=True))]
        return _sweep_fast(items, range(len(items)))
    grouped: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        grouped.setdefault(label, []).append(i)
    return list(grouped.values())


def _prepared(events: pd.DataFrame) -> pd.DataFrame:
    rows = events.reset_index(drop=True).copy()
    for name in ("date", "date_earliest", "date_latest", "published"):
        if name in rows.columns:
            rows[name] = pd.to_datetime(rows[name]).dt.normalize()
        else:
            rows[name] = pd.Series(pd.NaT, index=rows.index, dtype="datetime64[ns]")
    rows["date_earliest"] = rows["date_earliest"].fillna(rows["date"])
    rows["date_latest"] = rows["date_latest"].fillna(rows["date"])
    for name in ("event_id", "article_id", "actor1_code", "actor2_code", "cameo_code",
                 "evidence", "source"):
        if name not in rows.columns:
            rows[name] = ""
    if "goldstein" not in rows.columns:
        rows["goldstein"] = float("nan")
    rows["_a1"] = [_text(v).upper() for v in rows["actor1_code"].tolist()]
    rows["_a2"] = [_text(v).upper() for v in rows["actor2_code"].tolist()]
    rows["_code"] = [_text(v) for v in rows["cameo_code"].tolist()]
    rows["_dyad"] = [dyad_key(a, b) for a, b in zip(rows["_a1"], rows["_a2"], strict=True)]
    rows["_group"] = [ROOT_GROUPS.get(c[:2], c[:2]) for c in rows["_code"]]
    rows["_eid"] = [_text(v) for v in rows["event_id"].tolist()]
    return rows


def _outlets(values: Iterable[object]) -> list[str]:
    names: set[str] = set()
    for value in values:
        parts = [p.strip() for p in _text(value).split(";")]
        parts = [p for p in parts if p]
        names.update(parts if parts else ["(unknown)"])
    return sorted(names, key=str.casefold)


def _most_common(values: Iterable[str]) -> str:
    counts = Counter(values)
    if not counts:
        return ""
    return min(counts, key=lambda v: (-counts[v], v))


_NAT: Final = np.iinfo(np.int64).min  # NaT as datetime64[ns] viewed as int64
_DATES: Final = ("date", "date_earliest", "date_latest", "first_reported")


def _nanos(rows: pd.DataFrame, name: str) -> list[int | None]:
    values = pd.to_datetime(rows[name]).to_numpy(dtype="datetime64[ns]").view("int64")
    return [None if v == _NAT else v for v in values.tolist()]


@dataclass(frozen=True, slots=True)
class _Columns:
    """The events' columns as plain lists (fast per-incident aggregation); dates as int
    nanoseconds since the epoch, None when missing."""

    eid: list[str]
    article: list[str]
    source: list[str]
    evidence: list[str]
    a1: list[str]
    a2: list[str]
    code: list[str]
    dyad: list[str]
    lo: list[int | None]
    hi: list[int | None]
    day: list[int | None]
    published: list[int | None]
    goldstein: list[float]
    #: evidence text -> :func:`evidence_tokens`, filled as the blocks need them (the events
    #: of one sentence share their evidence, ~1 in 7 on Reuters stories, often in other
    #: blocks: other actors, other codes)
    tokens: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, rows: pd.DataFrame) -> _Columns:
        gold = pd.to_numeric(rows["goldstein"], errors="coerce").astype("float64")
        return cls(
            eid=rows["_eid"].tolist(), article=[_text(v) for v in rows["article_id"].tolist()],
            source=[_text(v) for v in rows["source"].tolist()],
            evidence=[_text(v) for v in rows["evidence"].tolist()],
            a1=rows["_a1"].tolist(), a2=rows["_a2"].tolist(), code=rows["_code"].tolist(),
            dyad=rows["_dyad"].tolist(), lo=_nanos(rows, "date_earliest"),
            hi=_nanos(rows, "date_latest"), day=_nanos(rows, "date"),
            published=_nanos(rows, "published"), goldstein=gold.tolist(),
        )

    @classmethod
    def direct(cls, events: pd.DataFrame) -> _Columns:
        """:meth:`of` ``_prepared(events)``, without building the prepared frame."""
        def nanos(name: str) -> np.ndarray:
            if name not in events.columns:
                return np.full(len(events), _NAT, dtype=np.int64)
            stamps = pd.to_datetime(events[name]).to_numpy(dtype="datetime64[ns]")
            return stamps.astype("datetime64[D]").astype("datetime64[ns]").view("int64")

        def listed(values: np.ndarray) -> list[int | None]:
            return [None if v == _NAT else v for v in values.tolist()]

        day = nanos("date")
        lo, hi = nanos("date_earliest"), nanos("date_latest")
        a1 = [v.upper() for v in _column(events, "actor1_code")]
        a2 = [v.upper() for v in _column(events, "actor2_code")]
        dyads: dict[tuple[str, str], str] = {}
        gold = (pd.to_numeric(events["goldstein"], errors="coerce").astype("float64").tolist()
                if "goldstein" in events.columns else [math.nan] * len(events))
        return cls(
            eid=_column(events, "event_id"), article=_column(events, "article_id"),
            source=_column(events, "source"), evidence=_column(events, "evidence"),
            a1=a1, a2=a2, code=_column(events, "cameo_code"),
            dyad=[dyads.get((x, y)) or dyads.setdefault((x, y), dyad_key(x, y))
                  for x, y in zip(a1, a2, strict=True)],
            lo=listed(np.where(lo == _NAT, day, lo)), hi=listed(np.where(hi == _NAT, day, hi)),
            day=listed(day), published=listed(nanos("published")), goldstein=gold,
        )


@functools.lru_cache(maxsize=4096)
def _code_fields(code: str) -> tuple[str, float | None, int, str, str]:
    """``agreed_code([code])`` and its codebook goldstein (None: not in the codebook),
    quad class, name and direction."""
    agreed = agreed_code([code])
    entry = default_codebook().get(agreed)
    if entry is None:
        return agreed, None, 0, "", "neutral"
    return agreed, entry.goldstein, entry.quad_class, entry.name, direction_for(agreed)


@functools.lru_cache(maxsize=4096)
def _outlets_of(source: str) -> tuple[str, ...]:
    return tuple(_outlets([source]))


def _single_row(cols: _Columns, m: int) -> dict[str, object]:
    """:func:`_incident_row` of a one-event incident (most of them), field by field the
    same."""
    eid = cols.eid[m]
    digest = hashlib.sha1(eid.encode("utf-8")).hexdigest()[:16]
    lo, hi, day = cols.lo[m], cols.hi[m], cols.day[m]
    if lo is not None and hi is not None:
        day = lo if day is None else min(max(day, lo), hi)
    a1, a2 = f"{cols.a1[m]}\t{cols.a2[m]}".split("\t")
    code, gold, quad, name, direction = _code_fields(cols.code[m])
    if gold is None:
        gold = 0.0 if math.isnan(cols.goldstein[m]) else sum([cols.goldstein[m]]) / 1
    outlets = _outlets_of(cols.source[m])
    return {
        "incident_id": f"inc-{digest}", "dyad": cols.dyad[m], "actor1_code": a1,
        "actor2_code": a2, "cameo_code": code, "root_code": code[:2], "event_name": name,
        "quad_class": quad, "goldstein": gold, "direction": direction, "date": day,
        "date_earliest": lo, "date_latest": hi, "n_events": 1, "n_articles": 1,
        "n_sources": len(outlets), "sources": "; ".join(outlets),
        "first_reported": cols.published[m], "evidence": cols.evidence[m],
        "event_ids": [eid], "article_ids": [cols.article[m]],
    }


def _incident_row(cols: _Columns, members: list[int]) -> dict[str, object]:
    """One incident's fields; its dates as int nanoseconds (None: missing)."""
    return _single_row(cols, members[0]) if len(members) == 1 else _group_row(cols, members)


def _group_row(cols: _Columns, members: list[int]) -> dict[str, object]:
    """:func:`_incident_row` of any incident."""
    event_ids = sorted(cols.eid[m] for m in members)
    digest = hashlib.sha1("\n".join(event_ids).encode("utf-8")).hexdigest()[:16]
    los = [v for m in members if (v := cols.lo[m]) is not None]
    his = [v for m in members if (v := cols.hi[m]) is not None]
    lo = max(los) if los else None
    hi = min(his) if his else None
    dates = [v for m in members if (v := cols.day[m]) is not None]
    day: int | None
    if lo is None or hi is None:
        day = min(dates) if dates else None
    else:
        counts = Counter(min(max(d, lo), hi) for d in dates)
        day = min(counts, key=lambda d: (-counts[d], d)) if counts else lo
    pair = _most_common(f"{cols.a1[m]}\t{cols.a2[m]}" for m in members)
    a1, a2 = pair.split("\t") if pair else ("", "")
    code = agreed_code([cols.code[m] for m in members])
    entry = default_codebook().get(code)
    if entry is not None:
        gold, quad, name, direction = (
            entry.goldstein, entry.quad_class, entry.name, direction_for(code)
        )
    else:
        scores = [g for m in members if not math.isnan(g := cols.goldstein[m])]
        gold = sum(scores) / len(scores) if scores else 0.0
        quad, name, direction = 0, "", "neutral"
    never = _NAT * -1 - 1  # after every date
    first = min(members, key=lambda m: (
        never if (t := cols.published[m]) is None else t, cols.eid[m]))
    published = [t for m in members if (t := cols.published[m]) is not None]
    outlets = _outlets(cols.source[m] for m in members)
    articles = sorted({cols.article[m] for m in members})
    return {
        "incident_id": f"inc-{digest}",
        "dyad": cols.dyad[members[0]],
        "actor1_code": a1,
        "actor2_code": a2,
        "cameo_code": code,
        "root_code": code[:2],
        "event_name": name,
        "quad_class": quad,
        "goldstein": gold,
        "direction": direction,
        "date": day,
        "date_earliest": lo,
        "date_latest": hi,
        "n_events": len(members),
        "n_articles": len(articles),
        "n_sources": len(outlets),
        "sources": "; ".join(outlets),
        "first_reported": min(published) if published else None,
        "evidence": cols.evidence[first],
        "event_ids": event_ids,
        "article_ids": articles,
    }


def _empty_incidents() -> pd.DataFrame:
    return pd.DataFrame({n: pd.Series(dtype=d) for n, d in INCIDENT_COLUMNS.items()})


def block_keys(events: pd.DataFrame) -> pd.Series:
    """The clustering block of every event (aligned with ``events.index``).

    Only events of the same block can join one incident, so a store that
    changes a few blocks re-clusters only those (:func:`analysis.store.refresh_incidents`).
    A dated event's block is ``"<dyad>|<root group>"``; an undated one is a block of its
    own, ``"undated|<event_id>"``.
    """
    if events.empty:
        return pd.Series([], index=events.index, dtype="string")
    return _block_keys_of(_prepared(events), events.index)


def _block_keys_of(rows: pd.DataFrame, index: pd.Index) -> pd.Series:
    """:func:`block_keys` of the events ``rows = _prepared(events)``, ``index = events.index``."""
    dated = rows["date_earliest"].notna() & rows["date_latest"].notna()
    keys = [
        f"{dyad}|{group}" if ok else f"undated|{eid}"
        for dyad, group, ok, eid in zip(rows["_dyad"], rows["_group"], dated, rows["_eid"],
                                        strict=True)
    ]
    return pd.Series(keys, index=index, dtype="string", name="block")


def cluster_incidents(events: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """Cluster events into incidents (method in the module docstring).

    Returns the incidents table (columns :data:`INCIDENT_COLUMNS`, sorted by ``date``,
    ``dyad``, ``incident_id``) and a string Series of ``incident_id`` aligned with
    ``events.index`` (integrate with ``events["incident_id"] = ids``). Pure: ``events`` is
    not modified.
    """
    if events.empty:
        return _empty_incidents(), pd.Series([], index=events.index, dtype="string")
    clusters, _ = recluster(events, [-1] * len(events))
    return _incident_table(_Columns.direct(events), clusters, events.index)


def _cluster_prepared(rows: pd.DataFrame, index: pd.Index) -> tuple[pd.DataFrame, pd.Series]:
    """:func:`cluster_incidents` of the non-empty ``events`` with ``rows =
    _prepared(events)`` and ``index = events.index``, by the earlier route (pandas
    preparation, one sort of every block). No longer called by the package (the store's
    refresh and :func:`cluster_incidents` go through :func:`recluster`); kept as the
    tests' second route to the same table."""
    dated = rows["date_earliest"].notna() & rows["date_latest"].notna()
    clusters: list[list[int]] = []
    undated = rows.index[~dated].tolist()
    clusters.extend([pos] for pos in undated)
    # Plain lists and int64 seconds for the sweep: the same comparisons as
    # Timestamps without pandas' per-row boxing, and blocks grouped by one stable
    # sort instead of ``sort_values`` + ``groupby`` (same order, same blocks).
    # (seconds: exact for the normalised days, any date range; NaT rows are never swept)
    los = rows["date_earliest"].to_numpy().astype("datetime64[s]").view("int64").tolist()
    his = rows["date_latest"].to_numpy().astype("datetime64[s]").view("int64").tolist()
    dyads, groups, eids = (rows[name].tolist() for name in ("_dyad", "_group", "_eid"))
    a1s, a2s, codes = (rows[name].tolist() for name in ("_a1", "_a2", "_code"))
    tokens = [evidence_tokens(_text(v)) for v in rows["evidence"].tolist()]
    items = [
        _Item(lo, hi, tok, (_country(a1), _country(a2)), code)
        for lo, hi, tok, a1, a2, code in zip(los, his, tokens, a1s, a2s, codes, strict=True)
    ]
    ordered = sorted(
        (pos for pos, ok in enumerate(dated.tolist()) if ok),
        key=lambda p: (dyads[p], groups[p], los[p], his[p], eids[p]),
    )
    start = 0
    for k in range(1, len(ordered) + 1):
        if k == len(ordered) or (dyads[ordered[k]], groups[ordered[k]]) != (
            dyads[ordered[start]], groups[ordered[start]]
        ):
            clusters.extend(_sweep_fast(items, ordered[start:k]))
            start = k
    return _incident_table(_Columns.of(rows), [sorted(c) for c in clusters], index)


def _incident_table(cols: _Columns, clusters: list[list[int]], index: pd.Index,
                    blocks: Sequence[str] | None = None,
                    rows: dict[str, list[Any]] | None = None) -> tuple[pd.DataFrame, pd.Series]:
    """The incidents table of ``clusters`` (sorted lists of positions in ``cols``) and
    the ``incident_id`` of every event (``index = events.index``; ``""`` for an event in
    no cluster); with a ``block`` column when ``blocks`` are given. ``rows``: the
    clusters' :func:`_incident_row` values as columns, when already built."""
    if rows is None:
        records = [_incident_row(cols, c) for c in clusters]
        rows = {name: [r[name] for r in records] for name in INCIDENT_COLUMNS}
    data: dict[str, Any] = {}
    for name in INCIDENT_COLUMNS:
        if name in _DATES:  # int nanoseconds -> datetime64[ns] (None -> NaT)
            nanos = np.array([_NAT if v is None else v for v in rows[name]], dtype=np.int64)
            data[name] = nanos.view("datetime64[ns]")
        elif INCIDENT_COLUMNS[name] == "object":  # lists: one per row
            column = np.empty(len(clusters), dtype=object)
            column[:] = rows[name]
            data[name] = column
        else:
            data[name] = rows[name]
    table = pd.DataFrame(data, columns=list(INCIDENT_COLUMNS))
    for name, dtype in INCIDENT_COLUMNS.items():
        if dtype != "object":
            table[name] = table[name].astype(dtype)  # type: ignore[call-overload]
    if blocks is not None:
        table["block"] = pd.Series(list(blocks), index=table.index, dtype="string")
    table = table.sort_values(["date", "dyad", "incident_id"], kind="stable", na_position="last")
    table = table.reset_index(drop=True)
    labels = [""] * len(cols.eid)
    for members, incident in zip(clusters, rows["incident_id"], strict=True):
        for pos in members:
            labels[pos] = str(incident)
    ids = pd.Series(labels, index=index, dtype="string", name="incident_id")
    return table, ids


def incident_events(incidents: pd.DataFrame, events: pd.DataFrame, incident_id: str
                    ) -> pd.DataFrame:
    """The member events of one incident (rows of ``events`` listed in its ``event_ids``)."""
    match = incidents.loc[incidents["incident_id"] == incident_id, "event_ids"]
    if match.empty:
        return events.iloc[0:0]
    members = match.iat[0]
    wanted: set[str] = set(members) if isinstance(members, list | tuple) else set()
    return events.loc[events["event_id"].isin(wanted)]
