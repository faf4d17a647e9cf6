"""What a report notebook loads: validated parameters -> the selected events.

Notebooks call :func:`select` right after their ``parameters`` cell. It never raises for a
bad parameter or an empty selection: the returned :class:`Selection` carries a message
(``problem``) the notebook shows instead of charts, so a papermill run still produces a
report that says what is wrong ("no events match", a bad date, an unknown actor code with
close matches) rather than a traceback.

Reading goes through :func:`analysis.iorw.read_events` with the date bounds pushed down to
the store (DuckDB), so a large store is not loaded whole for a narrow date range.

A process that builds several reports (``tension reports`` runs the suite in one in-process
kernel) reads a selection once: :func:`select` keeps the last few selections, keyed by the
data folder, the parameters and the state of the store's files (paths, sizes, modification
times), and :func:`overlay` keeps the incidents and phases computed for each. Callers get
shallow copies (pandas copy-on-write), so changing a returned frame never changes the cache.
Incidents come from the store's ``incidents.parquet`` when it covers the selection.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import pandas as pd

from analysis.errors import ReportError, TensionError
from analysis.schema import DIRECTIONS
from analysis.timeline import filter_events, parse_actors, parse_day

__all__ = [
    "MAX_PHASE_EVENTS",
    "Overlay",
    "Selection",
    "check_actor_codes",
    "clear_cache",
    "country_names",
    "dictionary_actor_codes",
    "headline_html",
    "overlay",
    "parse_choice",
    "phase_overlay",
    "report_title",
    "select",
    "stored_incidents",
]

_CLOSE_MATCHES: Final = 4


@functools.lru_cache(maxsize=1)
def dictionary_actor_codes() -> frozenset[str]:
    """Every actor code of the package dictionary (empty when it cannot be loaded)."""
    try:
        from analysis.dictionaries import default_dictionary

        lexicon = default_dictionary().actors
    except TensionError:  # a broken dictionary must not break reports
        return frozenset()
    codes = {e.code for entries in lexicon.cased.values() for e in entries}
    codes |= {e.code for e in lexicon.lower.values()}
    codes |= set(lexicon.countries)
    return frozenset(c.upper() for c in codes if c)


def check_actor_codes(codes: Sequence[str], known: Iterable[str]) -> None:
    """Raise :class:`ReportError` for a code that is not a prefix of any ``known`` code.

    The message lists close matches (edit distance among known codes and their
    three-letter country parts).
    """
    known_set = {k.upper() for k in known if k}
    candidates = sorted(known_set | {k[:3] for k in known_set})
    for code in codes:
        if any(k.startswith(code) for k in known_set):
            continue
        close = difflib.get_close_matches(code, candidates, n=_CLOSE_MATCHES, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise ReportError(f"actors: unknown actor code {code!r}{hint}")


def parse_choice(value: str, allowed: Sequence[str], *, name: str) -> list[str]:
    """Comma-separated choices, each one of ``allowed`` (case-insensitive); ``""`` = all."""
    out: list[str] = []
    for item in value.split(","):
        text = item.strip().lower()
        if not text:
            continue
        if text not in allowed:
            raise ReportError(f"{name}: {item.strip()!r} is not one of {', '.join(allowed)}")
        if text not in out:
            out.append(text)
    return out


@dataclass
class Selection:
    """The events a report shows, with the parameters that chose them.

    ``ok`` is false when a parameter is invalid (``problem`` says why) or when nothing
    matches (``problem`` starts with "No events match").
    """

    events: pd.DataFrame
    n_total: int
    actors: list[str] = field(default_factory=list)
    start: str = ""
    end: str = ""
    directions: list[str] = field(default_factory=list)
    problem: str = ""
    #: the data folder it was read from ("" when built by hand)
    data_dir: str = ""
    #: cache key of :func:`select` (empty when not cached)
    key: tuple[object, ...] = field(default=(), repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return not self.problem

    def chosen(self) -> str:
        """How the events were chosen, e.g. ``actors PAK; dates 2024-01-16 to …``."""
        parts = []
        if self.actors:
            parts.append("actors " + ", ".join(self.actors))
        if self.start or self.end:
            parts.append(f"dates {self.start or '…'} to {self.end or '…'}")
        if self.directions:
            parts.append("direction " + ", ".join(self.directions))
        return "; ".join(parts) or "all events"

    def describe(self) -> str:
        """One line: how many events, chosen how (or the problem)."""
        if self.problem:
            return self.problem
        return f"{len(self.events)} of {self.n_total} events ({self.chosen()})."


def _empty_selection(n_total: int, problem: str) -> Selection:
    from analysis.schema import empty_events

    return Selection(empty_events(), n_total, problem=problem)


_CACHE_SIZE: Final = 4
_lock = threading.Lock()
_selections: OrderedDict[tuple[object, ...], Selection] = OrderedDict()
_overlays: dict[tuple[object, ...], Overlay] = {}


def clear_cache() -> None:
    """Forget every cached selection and overlay."""
    with _lock:
        _selections.clear()
        _overlays.clear()


def _store_state(root: Path) -> tuple[tuple[str, int, int], ...]:
    """(path, size, mtime) of every file of the store the reports read."""
    state: list[tuple[str, int, int]] = []
    for name in ("events.parquet", "articles.parquet", "incidents.parquet"):
        top = root / name
        files = sorted(top.rglob("*")) if top.is_dir() else [top]
        for path in files:
            try:
                info = path.stat()
            except OSError:
                continue
            state.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(state)


def _shallow(selection: Selection) -> Selection:
    return dataclasses.replace(selection, events=selection.events.copy(deep=False),
                               actors=list(selection.actors),
                               directions=list(selection.directions))


def select(
    data_dir: str | Path,
    actors: str = "",
    start: str = "",
    end: str = "",
    directions: str = "",
) -> Selection:
    """Load and filter the events of ``data_dir`` for a report; never raises on bad input.

    ``actors``: comma-separated code prefixes, checked against the codes in the data and
    the actor dictionary; ``start``/``end``: ISO days; ``directions``: comma-separated
    escalation / de-escalation / neutral. A missing or unreadable store is a problem too.
    The same arguments on an unchanged store give a (shallow) copy of the cached selection.
    """
    root = Path(data_dir).resolve()
    key: tuple[object, ...] = (str(root), actors, start, end, directions, _store_state(root))
    with _lock:
        cached = _selections.get(key)
        if cached is not None:
            _selections.move_to_end(key)
            return _shallow(cached)
    selection = _select(root, actors, start, end, directions)
    selection.data_dir = str(root)
    selection.key = key
    with _lock:
        _selections[key] = selection
        while len(_selections) > _CACHE_SIZE:
            gone, _ = _selections.popitem(last=False)
            for okey in [k for k in _overlays if k[0] == gone]:
                del _overlays[okey]
    return _shallow(selection)


def _select(root: Path, actors: str, start: str, end: str, directions: str) -> Selection:
    from analysis.store import read_events

    if not (root / "events.parquet").exists():
        return _empty_selection(0, f"No events match: {root} holds no events.parquet "
                                   "(run `tension ingest ... --out DIR` first).")
    try:
        codes = parse_actors(actors)
        lo = parse_day(start, name="start")
        hi = parse_day(end, name="end")
        if lo is not None and hi is not None and lo > hi:
            raise ReportError(f"start {lo.date()} is after end {hi.date()}")
        wanted = parse_choice(directions, DIRECTIONS, name="directions")
        if codes:
            present = read_events(root, columns=["actor1_code", "actor2_code"])
            in_data = set(present["actor1_code"].dropna()) | set(present["actor2_code"].dropna())
            check_actor_codes(codes, {str(c) for c in in_data} | dictionary_actor_codes())
    except ReportError as exc:
        return _empty_selection(0, f"No events match: invalid parameter: {exc}.")
    clauses: list[str] = []
    params: list[object] = []
    if lo is not None:
        clauses.append("CAST(date AS DATE) >= ?")
        params.append(lo.date())
    if hi is not None:
        clauses.append("CAST(date AS DATE) <= ?")
        params.append(hi.date())
    if wanted:
        clauses.append("direction IN (" + ", ".join("?" for _ in wanted) + ")")
        params.extend(wanted)
    from analysis.store import count

    n_total = count(root)[1]
    events = read_events(root, where=" AND ".join(clauses) or None, params=params or None)
    selected = filter_events(events, codes, lo, hi)
    out = Selection(
        selected,
        n_total,
        actors=codes,
        start="" if lo is None else f"{lo:%Y-%m-%d}",
        end="" if hi is None else f"{hi:%Y-%m-%d}",
        directions=wanted,
    )
    if selected.empty:
        out.problem = f"No events match ({out.chosen()}; {n_total} events in the data)."
    return out


#: above this many events incidents and phases are not computed (a note says so)
MAX_PHASE_EVENTS: Final = 20_000


@dataclass
class Overlay:
    """Incidents, phase bands and turning points of a selection (all may be empty)."""

    incidents: pd.DataFrame
    bands: pd.DataFrame
    turns: pd.DataFrame
    phases: pd.DataFrame
    note: str = ""

    @property
    def current_phase(self) -> str:
        """The phase of the last day with data ("" when unknown)."""
        if self.phases.empty:
            return ""
        return str(self.phases.sort_values("end")["phase"].iloc[-1])


def stored_incidents(data_dir: str | Path, events: pd.DataFrame) -> pd.DataFrame | None:
    """The incidents of ``data_dir/incidents.parquet`` holding an event of ``events``.

    ``None`` when there is no such file or it does not cover every event of ``events``
    (an older store, or events that are not the store's): the caller clusters instead.
    Incidents are the store's, computed over all events: one that a date range cuts keeps
    all its members' counts and sources.
    """
    from analysis.store import read_incidents

    if not (Path(data_dir) / "incidents.parquet").is_file():
        return None
    try:
        table = read_incidents(data_dir)
    except (OSError, ValueError, KeyError):  # unreadable or foreign file: cluster instead
        return None
    wanted = set(events["event_id"].astype(str))
    keep = [not wanted.isdisjoint(ids) for ids in table["event_ids"]]
    covered = {e for ids, k in zip(table["event_ids"], keep, strict=True) if k for e in ids}
    if not wanted <= covered:
        return None
    columns = [c for c in table.columns if c != "block"]
    return table.loc[keep, columns].reset_index(drop=True)


def phase_overlay(events: pd.DataFrame, *, max_events: int = MAX_PHASE_EVENTS,
                  incidents: pd.DataFrame | None = None) -> Overlay:
    """Cluster ``events`` into incidents (unless ``incidents`` are given) and find the
    phases of the overall escalation index (:mod:`analysis.incidents`,
    :mod:`analysis.phases`)."""
    empty = pd.DataFrame()
    if events.empty:
        return Overlay(empty, empty, empty, empty)
    if len(events) > max_events:
        return Overlay(empty, empty, empty, empty,
                       note=f"Phases and incidents are not computed above {max_events:,} "
                            f"events ({len(events):,} selected): narrow the selection.")
    from analysis import phases

    if incidents is None:
        from analysis.incidents import cluster_incidents

        incidents, _ = cluster_incidents(events)
    index = phases.escalation_index(incidents, by_dyad=False)
    found = phases.detect_phases(index)
    bands = phases.phase_bands(found)
    turns = phases.turning_points(found, index)
    days = pd.to_datetime(events["date"]).dropna().dt.normalize()
    if not days.empty and not bands.empty:  # the index is padded: keep to the events' days
        lo, hi = days.min(), days.max() + pd.Timedelta(days=1)
        bands = bands.loc[(bands["x1"] > lo) & (bands["x0"] < hi)].copy()
        bands["x0"] = bands["x0"].where(bands["x0"] >= lo, lo)
        bands["x1"] = bands["x1"].where(bands["x1"] <= hi, hi)
        turns = turns.loc[(turns["date"] >= lo) & (turns["date"] < hi)]
    return Overlay(incidents, bands.reset_index(drop=True), turns.reset_index(drop=True), found)


def overlay(selection: Selection, *, max_events: int = MAX_PHASE_EVENTS) -> Overlay:
    """:func:`phase_overlay` of a selection, with the store's incidents when they cover it
    (:func:`stored_incidents`); cached with the selection."""
    okey = (selection.key, max_events)
    if selection.key:
        with _lock:
            cached = _overlays.get(okey)
        if cached is not None:
            return _copy_overlay(cached)
    incidents = None
    if selection.data_dir and not selection.events.empty \
            and len(selection.events) <= max_events:
        incidents = stored_incidents(selection.data_dir, selection.events)
    found = phase_overlay(selection.events, max_events=max_events, incidents=incidents)
    if selection.key:
        with _lock:
            if selection.key in _selections:
                _overlays[okey] = found
    return _copy_overlay(found)


def _copy_overlay(found: Overlay) -> Overlay:
    return Overlay(found.incidents.copy(deep=False), found.bands.copy(deep=False),
                   found.turns.copy(deep=False), found.phases.copy(deep=False), found.note)


def headline_html(selection: Selection, overlay: Overlay) -> str:
    """The briefing's headline figures as an escaped HTML list."""
    import html

    events = selection.events
    direction = events["direction"].astype("string")
    gold = pd.to_numeric(events["goldstein"], errors="coerce").fillna(0.0)
    days = pd.to_datetime(events["date"]).dropna()
    span = f"{days.min():%Y-%m-%d} to {days.max():%Y-%m-%d}" if not days.empty else "undated"
    items = [
        f"{len(events)} events from {events['article_id'].nunique()} articles "
        f"({events['source'].nunique()} outlets), {span}",
        f"{int((direction == 'escalation').sum())} escalation, "
        f"{int((direction == 'de-escalation').sum())} de-escalation, "
        f"{int((direction == 'neutral').sum())} neutral",
        f"net Goldstein {gold.sum():+.1f} (mean {gold.mean():+.2f} per event)",
    ]
    if not overlay.incidents.empty:
        items.append(f"{len(overlay.incidents)} distinct incidents")
    if overlay.current_phase:
        items.append(f"current phase: {overlay.current_phase}")
    if not overlay.turns.empty:
        last = overlay.turns.sort_values("date").iloc[-1]
        items.append(f"latest turning point: {last['kind']} on {last['date']:%Y-%m-%d}")
    if overlay.note:
        items.append(overlay.note)
    body = "".join(f"<li>{html.escape(item)}</li>" for item in items)
    return f'<ul class="tension-headline">{body}</ul>'


@functools.lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Country code -> its first name in the package's actor dictionary (``PAK`` ->
    ``Pakistan``); empty when the dictionary cannot be read."""
    from importlib import resources

    import yaml

    try:
        text = (resources.files("analysis") / "data" / "actors.yaml").read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except (OSError, yaml.YAMLError):  # a broken dictionary must not break reports
        return {}
    countries = data.get("countries") if isinstance(data, dict) else None
    out: dict[str, str] = {}
    for code, spec in (countries or {}).items():
        names = spec.get("names") if isinstance(spec, dict) else None
        if isinstance(names, list) and names:
            out[str(code)] = str(names[0])
    return out


#: countries a derived title names at most
_TITLE_COUNTRIES: Final = 3


def _title_countries(selection: Selection) -> list[str]:
    """The countries a title names: those of the chosen actors, else the two countries
    most often source or target of the selected events (ties: first seen)."""
    names = country_names()
    if selection.actors:
        codes = list(dict.fromkeys(code[:3] for code in selection.actors))
        return [names.get(code, code) for code in codes[:_TITLE_COUNTRIES]]
    events = selection.events
    seen: Counter[str] = Counter()
    for column in ("actor1_code", "actor2_code"):
        if column in events.columns:
            seen.update(str(code)[:3] for code in events[column].dropna()
                        if str(code)[:3] in names)
    return [names[code] for code, _ in seen.most_common(2)]


def _title_period(events: pd.DataFrame) -> str:
    """``January 2024``, ``January–March 2024`` or ``July 1987–June 1988``."""
    if "date" not in events.columns:
        return ""
    days = pd.to_datetime(events["date"]).dropna()
    if days.empty:
        return ""
    lo, hi = days.min(), days.max()
    if (lo.year, lo.month) == (hi.year, hi.month):
        return f"{lo:%B %Y}"
    if lo.year == hi.year:
        return f"{lo:%B}–{hi:%B %Y}"
    return f"{lo:%B %Y}–{hi:%B %Y}"


def report_title(selection: Selection, title: str | None = None, *,
                 kind: str = "timeline") -> str:
    """The heading of a report: ``title`` when given (not empty), else derived from the
    selection: its countries and period, e.g. ``Pakistan–Iran tensions, January 2024``
    (``kind="briefing"``: ``Briefing: ...``). A selection with a problem gets no period."""
    if title:
        return str(title)
    who = "–".join(_title_countries(selection)) if selection.ok else ""
    text = f"{who} tensions" if who else "Tensions"
    when = _title_period(selection.events) if selection.ok else ""
    if when:
        text = f"{text}, {when}"
    return f"Briefing: {text}" if kind == "briefing" else text
