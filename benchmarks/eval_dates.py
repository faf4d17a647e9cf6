"""Quality of :func:`analysis.dates.tag_dates` on TimeBank + AQUAINT (TempEval-3 task A).

Reads ``<shared>/data/timex/docs.jsonl`` (text + DCT) and ``timex_gold.jsonl``
(gold TIMEX3 spans, types and values) at run time. Definitions follow
TempEval-3 task A:

- relaxed span match: system and gold spans overlap (one-to-one, greedy in
  text order); strict match: identical offsets;
- value accuracy: share of relaxed matches whose TIMEX3 value equals gold's
  exactly; value F1 = relaxed F1 x value accuracy; type accuracy likewise.

Published reference on the TempEval-3 test set: HeidelTime value F1 77.6,
value accuracy 85.9; SUTime value F1 67.4. This data is TempEval-3's
*training* set, so the figures are comparable in kind, not identical.

Gold conventions seen in this data (the tagger follows TimeML where they clash):

- modifiers stay out of the value: "early 1990" is ``1990``, "late November" ``1999-11``;
- "the past/last/next N units" is a DURATION (``P3Y``), but "the past year" a DATE
  (the previous year); ages ("a 5-year-old") are not tagged;
- in quarterly-earnings stories "a year ago"/"a year earlier"/"year-earlier" take the
  quarter under discussion (``1988-Q3``), and "the quarter"/"the latest period" the
  reported quarter;
- decades are ``199`` (TimeML) or ``199X``; weeks are sometimes underspecified
  (``1989-WXX``) or unpadded (``2000-W7``); "Friday night" is sometimes ``TNI``, sometimes
  the bare date with type DATE (TimeML says TIME with ``TNI``, which the tagger outputs);
- vague adverbs are tagged unevenly ("previously" 3 of 23 times, adjectival "current" and
  "recent" sometimes), and one document's weekdays all sit a week before its DCT;
  the tagger no longer marks "previously", "formerly", "shortly" (majority: untagged);
- "the year" not followed by "ended" is tagged every time (11 of 11, the DCT's year), and
  "the (fiscal) year ended <date>" is a DURATION ``P1Y`` (7 of 8); "the quarter ended
  July 31" is the calendar quarter holding most of the three months before the end date;
- "recent years/months/weeks" is ``PX<unit>`` 7 times, ``PAST_REF`` 4 (the tagger follows
  the majority, a TimeML DURATION); counted decades are years ("two decades" ``P20Y``);
- "<weekday> night/morning/evening" (31 in 25 documents): the value carries the day part 16
  times (``TNI`` 7, ``TEV`` 6, ``TMO`` 3; typed TIME 6, DATE 9, SET 1), the bare date 15 times
  (5 of them with the day part left outside the span); the AQUAINT annotators type even
  "9 a.m. Tuesday" DATE. With no majority the tagger keeps TimeML's definition: a value with
  a time of day is a ``TIME`` (``2000-01-05TNI``); "Tuesday nights" is a SET like "Tuesdays";
- rates after a quantity ("$55 a night", "700 seats a week", "10,000 units annually",
  "instructions per second") are left untagged 11 times of 16 (in 9 documents; tagged SET 4,
  DURATION 1): the tagger leaves them (TimeML's Spanish guidelines also list expressions of
  speed as not markable); "twice a year", "every month", "within a week" stay;
- "Now," / "Currently," opening a sentence are untagged 5 times of 5 (5 documents): a discourse
  marker; "now" elsewhere is tagged 60 of 85 times, but per document (a document tags all its
  "now"s or none: 2 of 59 documents mix), so no other pattern separates them;
- an ordinal quarter not begun at the DCT, in a past-tense report with no forward-looking word
  ("announced a drop in profits for the fourth quarter" in January) is last year's: 1 of 1
  here; on the first 3,000 Reuters stories (Feb-Mar 1987) it moves 59 quarter values (the
  ordinals and the anaphora that follow them, mostly "reported fourth quarter net") to 1986;
- Xinhua datelines ("WASHINGTON, August 11 (Xinhua) --") are tagged 11 times of 14, so the
  tagger tags them;
- weeks: ``1998-W07`` 25 times, ``1998-WXX`` 14 times: the tagger keeps the specified week.
- a date naming a known event is past whatever its clause's tense: possessive weekdays
  ("Wednesday's ruling") 21 of 21, "the Aug. 7 blasts" 14 of 16 (the 2 others are
  deadlines: scheduled nouns keep the tense rules);
- adjectival "current" is ``PRESENT_REF`` 13 times of 21 ("current market conditions",
  "his current wife"); "now" 60 of 85 (kept); "recent" alone 6 of 15 (left untagged);
  "soon" 5 of 18 (never in a past narrative: "was soon released", "soon became");
- "year-end"/"year's end" is tagged 12 of 13 times, valued ``1989`` or ``1989-12-31``
  about equally (the tagger gives the year, modifiers staying out of the value);
- bare plural units after "for/within/over the" ("for weeks", "within weeks") are ``PX<unit>``
  durations 9 of 15; "the coming weeks"/"the weeks ahead" ``PX<unit>`` 3 of 4;
- remaining value errors are mostly annotation choices the text cannot decide: ``WXX`` vs
  the ISO week, ``1988`` vs ``1988-Q3`` vs ``1988-10-26`` for "a year ago" in earnings
  stories, ``1949-XX`` for plain years in one document, two documents whose weekdays sit a
  week before their DCT, and ``TNI``/``TMO`` vs the bare date for "Friday night/morning".

Run: ``python -m benchmarks.eval_dates --shared ../shared``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from analysis.dates import tag_dates
from benchmarks._discover import run_one

TYPES = ("DATE", "TIME", "DURATION", "SET")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    type: str
    value: str
    text: str


@dataclass
class Counts:
    tp_relaxed: int = 0
    tp_strict: int = 0
    n_sys: int = 0
    n_gold: int = 0
    value_ok: int = 0
    type_ok: int = 0


def load(shared: Path) -> tuple[list[dict[str, str]], dict[str, list[Span]]]:
    base = shared / "data" / "timex"
    docs = [json.loads(line) for line in (base / "docs.jsonl").read_text("utf-8").splitlines()
            if line.strip()]
    gold: dict[str, list[Span]] = defaultdict(list)
    for line in (base / "timex_gold.jsonl").read_text("utf-8").splitlines():
        if not line.strip():
            continue
        r = json.loads(line)
        gold[r["doc_id"]].append(Span(int(r["doc_char_start"]), int(r["doc_char_end"]),
                                      r["type"], r["value"], r["timex_text"]))
    return docs, gold


def _pattern(text: str) -> str:
    """Shape of an expression for grouping errors: digits, months, weekdays, numbers."""
    t = text.lower()
    t = re.sub(r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
               r"aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?",
               "MONTH", t)
    t = re.sub(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", "WEEKDAY", t)
    t = re.sub(r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
               r"twenty|thirty|forty|fifty|several|few)\b", "NUM", t)
    t = re.sub(r"\d+", "9", t)
    return re.sub(r"\s+", " ", t).strip()


def _shape(value: str) -> str:
    return re.sub(r"\d", "9", value) if value else "(empty)"


def match(gold: list[Span], sys: list[Span]) -> list[tuple[Span, Span]]:
    """One-to-one relaxed matching (overlap), gold in text order, first free system span."""
    used: set[int] = set()
    pairs: list[tuple[Span, Span]] = []
    for gs in sorted(gold, key=lambda s: s.start):
        best = None
        for i, ss in enumerate(sys):
            if i in used or ss.end <= gs.start or ss.start >= gs.end:
                continue
            if best is None or (ss.start == gs.start and ss.end == gs.end):
                best = i
        if best is not None:
            used.add(best)
            pairs.append((gs, sys[best]))
    return pairs


def _prf(tp: int, n_sys: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_sys if n_sys else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _table(rows: Iterable[tuple[str, ...]], header: tuple[str, ...]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def run(shared: Path) -> tuple[dict[str, Counts], dict[str, Counter[tuple[str, ...]]],
                              dict[str, dict[tuple[str, ...], str]]]:
    """Counts per type (``DATE``... ``ALL``) and per corpus (``ALL:TimeBank``,
    ``ALL:AQUAINT``), error tables and one example per error."""
    docs, gold = load(shared)
    per: dict[str, Counts] = defaultdict(Counts)
    errors: dict[str, Counter[tuple[str, ...]]] = {k: Counter() for k in
                                                    ("missed", "spurious", "value", "type")}
    examples: dict[str, dict[tuple[str, ...], str]] = {k: {} for k in errors}
    for doc in docs:
        text, dct = doc["text"], dt.date.fromisoformat(doc["dct"])
        genre = "ALL:" + str(doc.get("corpus") or "other")
        sys = [Span(e.start, e.end, e.type, e.value, e.text) for e in tag_dates(text, dct)]
        gsp = gold.get(doc["doc_id"], [])
        pairs = match(gsp, sys)
        matched_g = {id(gs) for gs, _ in pairs}
        matched_s = {(ss.start, ss.end) for _, ss in pairs}
        for s in sys:
            for key in (s.type, "ALL", genre):
                per[key].n_sys += 1
        for gs in gsp:
            for key in (gs.type, "ALL", genre):
                per[key].n_gold += 1
        for gs, ss in pairs:
            for key in {gs.type, "ALL", genre}:
                c = per[key]
                c.tp_relaxed += 1
                c.tp_strict += gs.start == ss.start and gs.end == ss.end
                c.value_ok += gs.value == ss.value
                c.type_ok += gs.type == ss.type
            if gs.value != ss.value:
                k = (_pattern(gs.text), _shape(gs.value), _shape(ss.value))
                errors["value"][k] += 1
                examples["value"].setdefault(k, f"{gs.text!r}: {gs.value} vs {ss.value}")
            if gs.type != ss.type:
                k = (gs.type, ss.type, _pattern(gs.text))
                errors["type"][k] += 1
        for gs in gsp:
            if id(gs) not in matched_g:
                errors["missed"][(gs.type, _pattern(gs.text))] += 1
        for ss in sys:
            if (ss.start, ss.end) not in matched_s:
                errors["spurious"][(ss.type, _pattern(ss.text))] += 1
    return per, errors, examples


def evaluate(shared: Path) -> str:
    """Markdown report: span P/R/F1 (relaxed and strict), value and type accuracy, errors."""
    if not (shared / "data" / "timex" / "docs.jsonl").exists():
        return "## Dates (TIMEX3)\n\nskipped: no timex data under " + str(shared) + "\n"
    per, errors, _ = run(shared)
    rows = []
    genres = sorted(k for k in per if k.startswith("ALL:"))
    for key in (*TYPES, "ALL", *genres):
        c = per[key]
        p, r, f = _prf(c.tp_relaxed, c.n_sys, c.n_gold)
        _sp, _sr, sf = _prf(c.tp_strict, c.n_sys, c.n_gold)
        acc = c.value_ok / c.tp_relaxed if c.tp_relaxed else 0.0
        tacc = c.type_ok / c.tp_relaxed if c.tp_relaxed else 0.0
        rows.append((key, str(c.n_gold), str(c.n_sys), f"{p:.3f}", f"{r:.3f}", f"{f:.3f}",
                     f"{sf:.3f}", f"{acc:.3f}", f"{f * acc:.3f}", f"{tacc:.3f}"))
    a = per["ALL"]
    _, _, f_all = _prf(a.tp_relaxed, a.n_sys, a.n_gold)
    acc_all = a.value_ok / a.tp_relaxed if a.tp_relaxed else 0.0
    out = [
        "## Dates (TIMEX3): TimeBank + AQUAINT, TempEval-3 task A definitions",
        "",
        f"**value F1 {f_all * acc_all:.3f}**, value accuracy {acc_all:.3f}, relaxed span F1 "
        f"{f_all:.3f} (targets: value F1 >= 0.85, accuracy >= 0.90; HeidelTime published on "
        "the TempEval-3 test set: value F1 0.776, accuracy 0.859).",
        "",
        "Per type: precision counts system expressions of the type, recall gold ones; value "
        "and type accuracy are over relaxed matches whose gold has the type. `ALL:<corpus>` "
        "rows split all types by document source (TimeBank: mostly 1989-91 WSJ, some 1998 "
        "wire and broadcast news; AQUAINT: 1998-2000 AP, NYT and Xinhua wire stories).",
        "",
        _table(rows, ("type", "gold", "system", "P", "R", "relaxed F1", "strict F1",
                      "value acc", "value F1", "type acc")),
        "",
    ]
    titles = {
        "missed": ("Most frequent missed expressions (gold type, shape)",
                   ("count", "type", "shape")),
        "spurious": ("Most frequent spurious expressions (system type, shape)",
                     ("count", "type", "shape")),
        "value": ("Most frequent wrong values (shape, gold value shape, system value shape)",
                  ("count", "expression shape", "gold", "system")),
        "type": ("Most frequent type confusions", ("count", "gold", "system", "shape")),
    }
    for key, (title, header) in titles.items():
        top = errors[key].most_common(15)
        out += [f"### {title}", "", _table(((str(n), *k) for k, n in top), header), ""]
    out.append("Shapes replace digits by 9, month names by MONTH, weekdays by WEEKDAY and "
               "number words by NUM, so each row is a pattern, not a sentence.")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    raise SystemExit(run_one(evaluate, __doc__))
