"""Incidents and phases on real episodes of the shared corpora (``make eval``).

For each episode it selects records of ``<shared>/data/corpora`` by date window and
keywords, runs the real pipeline in-process (:func:`analysis.pipeline.analyse_article`,
``published`` = the record date; for WCEP items ``source`` = the cited outlets), clusters the
events into incidents (:func:`analysis.incidents.cluster_incidents`), computes the escalation
index, phases and turning points of the episode's main dyad (:mod:`analysis.phases`) and
reports them next to dated facts of the episode. Each fact is a record id and date with a
short phrase quoted at run time from that record (the phrase is located by a keyword
pattern; no corpus text is stored in this file). Agreement is the distance in days from each
fact to the nearest turning point of the expected kind.

Run: ``python -m benchmarks.eval_incidents --shared ../shared``.
"""

from __future__ import annotations

import gzip
import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.incidents import cluster_incidents
from analysis.phases import (
    detect_phases,
    escalation_index,
    highest_rung_per_day,
    turning_points,
)
from analysis.pipeline import Analyzer, analyse_article, events_frame
from analysis.records import Article
from benchmarks._discover import run_one

CORPORA = Path("data/corpora")
ONSET_KINDS = frozenset({"escalation onset", "renewed escalation"})
EASING_KINDS = frozenset({"peak", "plateau", "de-escalation onset"})


@dataclass(frozen=True, slots=True)
class Fact:
    """A dated fact of an episode, evidenced by one corpus record.

    ``expect`` is ``"onset"`` (escalation should start near it) or ``"easing"`` (a peak,
    plateau or de-escalation should start near it); ``pattern`` locates the phrase quoted
    from the record at run time."""

    record_id: str
    date: str
    what: str
    expect: str
    pattern: str


@dataclass(frozen=True, slots=True)
class Episode:
    name: str
    corpus: str  # "wcep" | "reuters"
    start: str
    end: str
    dyad: str  # main dyad, as produced by analysis.incidents.dyad_key
    keywords: tuple[str, str]  # both must match (regex, case-insensitive)
    facts: tuple[Fact, ...]
    episode_tag: str = ""  # WCEP ``episode`` value also selected


EPISODES: tuple[Episode, ...] = (
    Episode(
        "Reuters 1987: US-Iran Gulf escalation (October)", "reuters", "1987-10-01",
        "1987-10-31", "IRN-USA",
        (r"\bIran", r"\bGulf\b|tanker|platform|oil rig|Silkworm|warship|U\.S\. (?:Navy|forces)"),
        (
            Fact("reuters21578-20881", "1987-10-16", "Iranian Silkworm missile hits the "
                 "US-flag tanker Sea Isle City ('last Friday' of a Monday 19 Oct story)",
                 "onset", r"Silkworm missile strike[^.]{0,40}"),
            Fact("reuters21578-21459", "1987-10-19", "US naval forces attack Iranian oil "
                 "platform", "onset", r"attack\w*[^.]{0,60}platform"),
            Fact("reuters21578-21149", "1987-10-19", "Iran vows reprisal for the US attack",
                 "onset", r"vow\w*[^.]{0,60}(?:reprisal|retaliat|revenge)\w*"),
        ),
    ),
    Episode(
        "WCEP 2025: India-Pakistan (April-May)", "wcep", "2025-04-15", "2025-05-31",
        "IND-PAK", (r"\bIndia", r"\bPakistan"),
        (
            Fact("wcep-2025-04-22-1766", "2025-04-22", "Pahalgam attack", "onset",
                 r"open fire[^.]{0,40}"),
            Fact("wcep-2025-04-23-1781", "2025-04-23", "India's measures against Pakistan",
                 "onset", r"India announces[^,.]{0,50}"),
            Fact("wcep-2025-05-07-1971", "2025-05-07", "Indian airstrikes in Pakistan", "onset",
                 r"Indian airstrikes[^,.]{0,40}"),
            Fact("wcep-2025-05-10-2006", "2025-05-10", "ceasefire announced", "easing",
                 r"(?:full and immediate )?ceasefire[^,.]{0,40}"),
        ),
        episode_tag="india_pakistan_2025",
    ),
    Episode(
        "WCEP 2025: Israel-Iran (June)", "wcep", "2025-06-05", "2025-07-05", "IRN-ISR",
        (r"\bIsrael", r"\bIran"),
        (
            Fact("wcep-2025-06-13-2474", "2025-06-13", "Israeli bombing campaign against Iran",
                 "onset", r"launches a bombing campaign[^,.]{0,40}"),
            Fact("wcep-2025-06-23-2603", "2025-06-23", "US announces an Iran-Israel ceasefire",
                 "easing", r"ceasefire has been reached[^,.]{0,40}"),
            Fact("wcep-2025-06-24-2615", "2025-06-24", "strikes go on despite the ceasefire",
                 "easing", r"continues to launch airstrikes[^,.]{0,40}"),
        ),
        episode_tag="israel_iran_2025",
    ),
    Episode(
        "WCEP 2025: Afghanistan-Pakistan (October)", "wcep", "2025-09-20", "2025-11-15",
        "AFG-PAK", (r"\bAfghan", r"\bPakistan"),
        (
            Fact("wcep-2025-10-09-4183", "2025-10-09", "Pakistani airstrikes in Kabul", "onset",
                 r"carries out two airstrikes in Kabul"),
            Fact("wcep-2025-10-11-4219", "2025-10-11", "Afghan attacks on border posts",
                 "onset", r"launches attacks on several border posts"),
            Fact("wcep-2025-10-15-4285", "2025-10-15", "both sides agree to a ceasefire",
                 "easing", r"both countries agr[^.]{0,40}"),
            Fact("wcep-2025-10-19-4340", "2025-10-19", "Doha ceasefire in effect", "easing",
                 r"ceasefire between Afghanistan and Pakistan[^,.]{0,30}"),
        ),
        episode_tag="afghanistan_pakistan_2025",
    ),
    Episode(
        "WCEP 2025: Cambodia-Thailand (July)", "wcep", "2025-07-10", "2025-08-15", "KHM-THA",
        (r"\bCambodia", r"\bThai"),
        (
            Fact("wcep-2025-07-24-2947", "2025-07-24", "troops exchange fire at the border",
                 "onset", r"troops exchange fire[^,.]{0,40}"),
            Fact("wcep-2025-07-27-2988", "2025-07-27", "agree to negotiate a ceasefire",
                 "easing", r"agree to negotiate a ceasefire"),
        ),
        episode_tag="cambodia_thailand_2025",
    ),
    Episode(
        "WCEP 2025: Cambodia-Thailand (December)", "wcep", "2025-12-01", "2025-12-31",
        "KHM-THA", (r"\bCambodia", r"\bThai"),
        (
            Fact("wcep-2025-12-08-5123", "2025-12-08", "Thai airstrikes on Cambodian targets",
                 "onset", r"carry out airstrikes[^,.]{0,40}"),
            Fact("wcep-2025-12-27-5364", "2025-12-27", "new ceasefire agreement signed",
                 "easing", r"sign a new ceasefire agreement"),
        ),
    ),
)


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _corpus(shared: Path, name: str) -> list[dict[str, Any]]:
    file = "wcep_2025_2026.jsonl" if name == "wcep" else "reuters21578.jsonl.gz"
    return list(_read_jsonl(shared / CORPORA / file))


def _select(records: list[dict[str, Any]], episode: Episode) -> list[dict[str, Any]]:
    first, second = (re.compile(k, re.IGNORECASE) for k in episode.keywords)
    chosen = []
    for rec in records:
        day = str(rec.get("date") or "")[:10]
        if not episode.start <= day <= episode.end:
            continue
        text = f"{rec.get('title') or ''}\n{rec.get('text') or ''}"
        tagged = bool(episode.episode_tag) and rec.get("episode") == episode.episode_tag
        if tagged or (first.search(text) and second.search(text)):
            chosen.append(rec)
    return chosen


def _article(rec: dict[str, Any]) -> Article:
    outlets = [str(s.get("name") or "").strip() for s in rec.get("sources") or []
               if isinstance(s, dict)]
    outlets = [o for o in outlets if o]
    source = "; ".join(dict.fromkeys(outlets)) if outlets else str(rec.get("source") or "")
    return Article(
        article_id=str(rec["id"]),
        text=str(rec.get("text") or ""),
        title=str(rec.get("title") or ""),
        published=pd.Timestamp(str(rec["date"])[:10]).date(),
        source=source,
        url=str(rec.get("url") or ""),
        dct_source="record",
    )


def _quote(text: str, pattern: str, limit: int = 12) -> str:
    match = re.search(pattern, text, re.IGNORECASE)
    if match is None:
        return "(phrase not found)"
    words = match.group(0).split()
    return " ".join(words[:limit])


def _nearest(turns: pd.DataFrame, day: pd.Timestamp, kinds: frozenset[str]
             ) -> tuple[str, int | None]:
    cand = turns.loc[turns["kind"].isin(kinds)]
    if cand.empty:
        return "none", None
    gaps = (pd.to_datetime(cand["date"]) - day).dt.days
    pos = int(gaps.abs().to_numpy().argmin())
    row = cand.iloc[pos]
    return f"{row['kind']} {pd.Timestamp(row['date']):%Y-%m-%d}", int(gaps.iloc[pos])


def _episode_report(episode: Episode, records: list[dict[str, Any]], analyzer: Analyzer
                    ) -> tuple[list[str], dict[str, Any]]:
    chosen = _select(records, episode)
    by_id = {str(r["id"]): r for r in records}
    started = time.perf_counter()
    events = events_frame(analyse_article(_article(r), analyzer) for r in chosen)
    seconds = time.perf_counter() - started
    incidents, ids = cluster_incidents(events)
    lines = [f"### {episode.name}", ""]
    multi = incidents.loc[incidents["n_articles"] >= 2]
    lines.append(
        f"{len(chosen)} records ({episode.start}..{episode.end}), {len(events)} raw events "
        f"-> **{len(incidents)} incidents** "
        f"({len(events) / max(len(incidents), 1):.2f} events per incident; "
        f"{len(multi)} incidents reported by 2+ records, max n_sources "
        f"{int(incidents['n_sources'].max()) if len(incidents) else 0}); pipeline "
        f"{seconds:.1f} s."
    )
    lo, hi = pd.Timestamp(episode.start), pd.Timestamp(episode.end)
    inside = incidents.loc[(incidents["date"] >= lo - pd.Timedelta(days=7))
                           & (incidents["date"] <= hi)]
    lines.append(f"Incidents dated inside the window (7 days before allowed): {len(inside)} of "
                 f"{len(incidents)}.")
    lines += ["", "| dyad | incidents | raw events | escalation | de-escalation | neutral |",
              "| --- | ---: | ---: | ---: | ---: | ---: |"]
    counts = inside.groupby("dyad").agg(
        incidents=("incident_id", "size"), events=("n_events", "sum"),
        esc=("direction", lambda d: int((d == "escalation").sum())),
        de=("direction", lambda d: int((d == "de-escalation").sum())),
        neu=("direction", lambda d: int((d == "neutral").sum())),
    ).sort_values("incidents", ascending=False).head(6)
    for dyad, row in counts.iterrows():
        lines.append(f"| {dyad} | {row['incidents']} | {row['events']} | {row['esc']} | "
                     f"{row['de']} | {row['neu']} |")
    main = inside.loc[inside["dyad"] == episode.dyad]
    index = escalation_index(main, halflife_days=2.0)
    phases = detect_phases(index)
    turns = turning_points(phases, index)
    rungs = highest_rung_per_day(main)
    lines += ["", f"Main dyad {episode.dyad}: {len(main)} incidents, index over "
              f"{len(index)} days.", "", "| phase | from | to | days | index start -> end |",
              "| --- | --- | --- | ---: | --- |"]
    for ph in phases.itertuples():
        lines.append(f"| {ph.phase} | {ph.start:%Y-%m-%d} | {ph.end:%Y-%m-%d} | "
                     f"{ph.n_days} | {ph.index_start:.1f} -> {ph.index_end:.1f} |")
    lines += ["", "Turning points: " + (", ".join(
        f"{t.kind} {t.date:%Y-%m-%d}" for t in turns.itertuples()) or "none"), ""]
    lines += ["| fact (record, date) | quoted from the record | expected | nearest detected "
              "| days off | phase that day | top rung that day |",
              "| --- | --- | --- | --- | ---: | --- | --- |"]
    offsets: list[int] = []
    for fact in episode.facts:
        rec = by_id.get(fact.record_id)
        rec_date = str(rec.get("date"))[:10] if rec else "missing"
        quote = _quote(str(rec.get("text") or ""), fact.pattern) if rec else "(record missing)"
        day = pd.Timestamp(fact.date)
        kinds = ONSET_KINDS if fact.expect == "onset" else EASING_KINDS
        nearest, gap = _nearest(turns, day, kinds)
        if gap is not None:
            offsets.append(abs(gap))
        in_phase = phases.loc[(phases["start"] <= day) & (phases["end"] >= day), "phase"]
        rung = rungs.loc[rungs["date"] == day]
        rung_text = "-"
        if len(rung):
            rung_text = f"{rung['rung'].tolist()[0]} {rung['rung_label'].tolist()[0]}"
        phase_text = str(in_phase.tolist()[0]) if len(in_phase) else "outside index"
        lines.append(
            f"| {fact.what} ({fact.record_id}, {rec_date}) | \"{quote}\" | {fact.expect} | "
            f"{nearest} | {gap if gap is not None else '-'} | "
            f"{phase_text} | {rung_text} |"
        )
    stats = {"records": len(chosen), "events": len(events), "incidents": len(incidents),
             "offsets": offsets, "n_facts": len(episode.facts)}
    assigned = int((ids != "").sum())
    lines += ["", f"Every event carries an incident_id: {assigned == len(events)}.", ""]
    return lines, stats


def evaluate(shared: Path) -> str:
    """Markdown report: raw events -> incidents, phases and turning points per episode,
    against dated facts quoted from the corpus."""
    if not (shared / CORPORA).is_dir():
        message = f"{shared / CORPORA} not found: incidents evaluation skipped"
        print(message)
        return message
    analyzer = Analyzer()
    corpora: dict[str, list[dict[str, Any]]] = {}
    out = ["Incidents (analysis.incidents) and phases (analysis.phases: EWMA half-life 2 days, "
           "2 passes, 7 quiet days padded; PELT piecewise-linear segmentation, penalty "
           "2 x (10% of the series maximum)^2) on real episodes. A fact "
           "agrees when a turning point of the expected kind (onset: escalation onset / "
           "renewed escalation; easing: peak / plateau / de-escalation onset) falls near it.",
           ""]
    summary = ["| episode | records | raw events | incidents | facts | facts with a matching "
               "turn within 2 days | median days off |", "| --- | ---: | ---: | ---: | ---: | "
               "---: | ---: |"]
    for episode in EPISODES:
        if episode.corpus not in corpora:
            corpora[episode.corpus] = _corpus(shared, episode.corpus)
        lines, stats = _episode_report(episode, corpora[episode.corpus], analyzer)
        out += lines
        offsets = stats["offsets"]
        within = sum(1 for o in offsets if o <= 2)
        median = f"{pd.Series(offsets).median():.0f}" if offsets else "-"
        summary.append(f"| {episode.name} | {stats['records']} | {stats['events']} | "
                       f"{stats['incidents']} | {stats['n_facts']} | {within} | {median} |")
    return "\n".join(["## Summary", "", *summary, "", *out])


if __name__ == "__main__":
    raise SystemExit(run_one(evaluate, __doc__))
