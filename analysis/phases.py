"""Crisis phases from incidents: escalation index, change points, phases, escalation ladder.

All functions are pure and take the incidents table of
:func:`analysis.incidents.cluster_incidents` (columns of
:data:`analysis.incidents.INCIDENT_COLUMNS`; only ``dyad``, ``date``, ``goldstein``,
``n_sources``, ``root_code``/``cameo_code`` and ``incident_id`` are used), not raw events:
ten reports of one strike weigh ``log(1 + 10)``, not ten.

**Escalation index** (:func:`escalation_index`). Per dyad and day,
``pressure = sum over that day's incidents of -goldstein * log(1 + n_sources)``: conflict
(negative Goldstein) raises it, cooperation lowers it, and corroboration counts with
diminishing returns. The daily series (days without incidents are 0, and ``pad_days`` quiet
days are added before the first and after the last incident so that onsets and the decay
after the last incident are visible) is smoothed causally by an exponentially weighted
moving average of half-life ``halflife_days`` (``pandas.Series.ewm(halflife=...,
adjust=False)``), applied ``passes`` times: ``index``. Two passes (the default) turn one
strike into a short rise (peak about ``1.4 * halflife_days`` later) and a decay, instead of
a jump, so that rising and falling stretches can be told apart by their slope.

**Change points** (:func:`segment`, used by :func:`detect_phases`). The smoothed index is cut
into segments each fitted by a straight line, choosing the cut points that minimise
``sum of squared residuals + penalty * number of segments`` exactly, by optimal partitioning
with PELT pruning (Killick, Fearnhead and Eckley 2012, "Optimal detection of changepoints with
a linear computational cost", JASA 107:1590-1598), implemented with numpy: segment costs come
in O(1) from prefix sums. The penalty is tied to the size of change that matters:
``penalty = penalty_factor * min_change ** 2`` (``min_change`` below, by default 10% of the
series' largest absolute value), so a cut is made only when it lowers the squared error by
about as much as a relevant change would. (A noise-based BIC penalty, ``sigma^2 log n`` with
a robust sigma, was tried first: on sparse news series most days are 0, the robust sigma is
0 or dominated by its floor, and the segmentation came out far too coarse.) Segments are at
least ``min_size`` days.

**Phases** (:func:`detect_phases`). A segment is ``escalating`` when its fitted line rises by
more than ``min_change`` (default 10% of the series' largest absolute smoothed value) from its
first to its last day, ``de-escalating`` when it falls by more than that, else ``stable``.
Neighbouring segments with the same phase are merged, so phases cover every day once.

**Turning points** (:func:`turning_points`): the first day of every phase after the first
(and of the first phase when it is escalating: the series starts from quiet padding days),
labelled by the change (``escalation onset``, ``renewed escalation``, ``peak``, ``plateau``,
``de-escalation onset``, ``settling``).

**Escalation ladder** (:data:`ESCALATION_LADDER`): ordinal rungs by CAMEO root, from statement
to mass violence; :func:`highest_rung_per_day` gives the highest rung reached each day.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

__all__ = [
    "ESCALATION_LADDER",
    "INDEX_COLUMNS",
    "MAX_SEGMENT_POINTS",
    "PHASES",
    "PHASE_COLUMNS",
    "RUNG_COLUMNS",
    "TURNING_POINT_COLUMNS",
    "Rung",
    "detect_phases",
    "escalation_index",
    "highest_rung_per_day",
    "phase_bands",
    "rung_of",
    "segment",
    "turning_points",
]

PHASES: Final = ("escalating", "de-escalating", "stable")


@dataclass(frozen=True, slots=True)
class Rung:
    """One rung of the escalation ladder: ordinal ``level``, ``label`` and CAMEO ``roots``."""

    level: int
    label: str
    roots: frozenset[str]


#: Ordinal rungs, lowest first. Cooperation, statements, appeals and investigations
#: (roots 01-09) are rung 0: they do not climb the ladder.
ESCALATION_LADDER: Final[tuple[Rung, ...]] = (
    Rung(0, "none / statement / cooperation",
         frozenset({"01", "02", "03", "04", "05", "06", "07", "08", "09"})),
    Rung(1, "verbal conflict: demand, disapprove, reject", frozenset({"10", "11", "12"})),
    Rung(2, "threat", frozenset({"13"})),
    Rung(3, "protest / force posture", frozenset({"14", "15"})),
    Rung(4, "reduce relations / sanctions / coerce", frozenset({"16", "17"})),
    Rung(5, "assault", frozenset({"18"})),
    Rung(6, "armed clash / fight", frozenset({"19"})),
    Rung(7, "mass violence", frozenset({"20"})),
)
_RUNG_OF_ROOT: Final = {root: rung for rung in ESCALATION_LADDER for root in rung.roots}

INDEX_COLUMNS: Final = ("dyad", "date", "n_incidents", "pressure", "index")
PHASE_COLUMNS: Final = ("dyad", "start", "end", "phase", "n_days", "index_start", "index_end",
                        "slope")
TURNING_POINT_COLUMNS: Final = ("dyad", "date", "kind", "from_phase", "to_phase", "index",
                                "label")
RUNG_COLUMNS: Final = ("dyad", "date", "rung", "rung_label", "incident_id")
#: longest series :func:`detect_phases` segments day by day (longer ones: in bins of days)
MAX_SEGMENT_POINTS: Final = 2_000


def rung_of(code: object) -> int:
    """Ladder rung of a CAMEO code or root (0 for unknown codes)."""
    if not isinstance(code, str):
        return 0
    rung = _RUNG_OF_ROOT.get(code.strip()[:2])
    return rung.level if rung is not None else 0


def _dated(incidents: pd.DataFrame, by_dyad: bool) -> pd.DataFrame:
    out = incidents.loc[pd.to_datetime(incidents["date"]).notna()].copy()
    out["date"] = pd.to_datetime(out["date"]).dt.normalize().astype("datetime64[ns]")
    out["dyad"] = out["dyad"].astype("string").fillna("?") if by_dyad else "ALL"
    return out


def _empty(columns: tuple[str, ...], dtypes: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=dtypes.get(c, "float64")) for c in columns})


def _frame(rows: list[dict[str, object]], columns: tuple[str, ...],
           dtypes: dict[str, str]) -> pd.DataFrame:
    """``rows`` as a frame of ``columns``, the named ones cast to their ``dtypes``."""
    if not rows:
        return _empty(columns, dtypes)
    out = pd.DataFrame.from_records(rows, columns=list(columns))
    for name, dtype in dtypes.items():
        out[name] = out[name].astype(dtype)  # type: ignore[call-overload]
    return out


_FIRST_DAY: Final = np.datetime64(pd.Timestamp.min.ceil("D"), "D")
_LAST_DAY: Final = np.datetime64(pd.Timestamp.max.floor("D"), "D")


def _shifted(day: pd.Timestamp, days: int) -> pd.Timestamp:
    """``day`` moved by ``days``, kept inside the days ``datetime64[ns]`` can hold (an event
    misdated to 1677 is padded up to the first of them instead of overflowing). Computed in
    whole days (``datetime64[D]``), which cannot overflow."""
    moved = np.datetime64(day, "D") + np.timedelta64(days, "D")
    return pd.Timestamp(min(max(moved, _FIRST_DAY), _LAST_DAY))


def escalation_index(
    incidents: pd.DataFrame,
    by_dyad: bool = True,
    halflife_days: float = 2.0,
    *,
    passes: int = 2,
    pad_days: int = 7,
) -> pd.DataFrame:
    """Daily escalation index per dyad (``by_dyad=False``: one series, dyad ``"ALL"``).

    One row per dyad and day from ``pad_days`` before the dyad's first to ``pad_days`` after
    its last dated incident. Columns :data:`INDEX_COLUMNS`: ``pressure`` is the day's
    weighted sum (module docstring), ``index`` its EWMA with half-life ``halflife_days``
    applied ``passes`` times. Undated incidents are left out.
    """
    if halflife_days <= 0:
        raise ValueError(f"halflife_days must be > 0, got {halflife_days}")
    if passes < 1 or pad_days < 0:
        raise ValueError(f"passes must be >= 1 and pad_days >= 0, got {passes}, {pad_days}")
    dtypes = {"dyad": "string", "date": "datetime64[ns]", "n_incidents": "int64"}
    dated = _dated(incidents, by_dyad)
    if dated.empty:
        return _empty(INDEX_COLUMNS, dtypes)
    gold = pd.to_numeric(dated["goldstein"], errors="coerce").fillna(0.0)
    sources = pd.to_numeric(dated["n_sources"], errors="coerce").fillna(1.0).clip(lower=1.0)
    dated["pressure"] = -gold * np.log1p(sources)
    dated["n_incidents"] = 1
    frames = []
    for dyad, part in dated.groupby("dyad", sort=True):
        daily = part.groupby("date")[["n_incidents", "pressure"]].sum()
        days = pd.date_range(_shifted(daily.index.min(), -pad_days),
                             _shifted(daily.index.max(), pad_days), freq="D")
        daily = daily.reindex(days, fill_value=0).rename_axis("date").reset_index()
        smooth = daily["pressure"].astype("float64")
        for _ in range(passes):
            smooth = smooth.ewm(halflife=halflife_days, adjust=False).mean()
        daily["index"] = smooth
        daily.insert(0, "dyad", str(dyad))
        frames.append(daily)
    out = pd.concat(frames, ignore_index=True)
    out["dyad"] = out["dyad"].astype("string")
    out["date"] = out["date"].astype("datetime64[ns]")
    out["n_incidents"] = out["n_incidents"].astype("int64")
    out["pressure"] = out["pressure"].astype("float64")
    out["index"] = out["index"].astype("float64")
    out.attrs["halflife_days"] = halflife_days
    return out[list(INDEX_COLUMNS)]


def _line_costs(
    s1: np.ndarray, sy: np.ndarray, st: np.ndarray, stt: np.ndarray, sty: np.ndarray,
    syy: np.ndarray, starts: np.ndarray, end: int,
) -> np.ndarray:
    """Residual sum of squares of a least-squares line over ``[start, end)`` per start."""
    n = s1[end] - s1[starts]
    y = sy[end] - sy[starts]
    t = st[end] - st[starts]
    tt = stt[end] - stt[starts]
    ty = sty[end] - sty[starts]
    yy = syy[end] - syy[starts]
    with np.errstate(divide="ignore", invalid="ignore"):
        var_t = tt - t * t / n
        cov = ty - t * y / n
        rss = yy - y * y / n - np.where(var_t > 0, cov * cov / var_t, 0.0)
    out: np.ndarray = np.maximum(np.nan_to_num(rss, nan=0.0), 0.0)
    return out


def segment(values: np.ndarray | pd.Series, penalty: float, min_size: int = 3) -> list[int]:
    """Optimal piecewise-linear segmentation (PELT); returns the segment start positions
    after the first (the change points), ascending.

    Minimises ``sum(RSS of a line fitted to each segment) + penalty * (segments - 1)`` over
    all segmentations with segments of at least ``min_size`` points.
    """
    y = np.asarray(values, dtype="float64")
    n = len(y)
    if n < 2 * min_size:
        return []
    t = np.arange(n, dtype="float64")
    zero = np.zeros(1)
    s1 = np.concatenate([zero, np.cumsum(np.ones(n))])
    sy = np.concatenate([zero, np.cumsum(y)])
    st = np.concatenate([zero, np.cumsum(t)])
    stt = np.concatenate([zero, np.cumsum(t * t)])
    sty = np.concatenate([zero, np.cumsum(t * y)])
    syy = np.concatenate([zero, np.cumsum(y * y)])
    best = np.full(n + 1, np.inf)
    best[0] = -penalty
    last = np.zeros(n + 1, dtype="int64")
    candidates = np.array([0], dtype="int64")
    for end in range(min_size, n + 1):
        usable = candidates[candidates <= end - min_size]
        if usable.size == 0:
            continue
        costs = best[usable] + _line_costs(s1, sy, st, stt, sty, syy, usable, end) + penalty
        k = int(np.argmin(costs))
        best[end] = costs[k]
        last[end] = usable[k]
        # PELT pruning: a start that cannot beat the optimum now never will
        keep = costs - penalty <= best[end]
        candidates = np.concatenate([usable[keep], candidates[candidates > end - min_size],
                                     np.array([end], dtype="int64")])
    cuts: list[int] = []
    end = n
    while end > 0:
        start = int(last[end])
        if start > 0:
            cuts.append(start)
        end = start
    return sorted(cuts)


def _binned_cuts(values: np.ndarray, penalty: float, min_size: int, max_points: int
                 ) -> list[int]:
    """:func:`segment` of ``values``, in bins of days when there are more than
    ``max_points`` of them (module docstring, "Long spans"); cuts are day positions."""
    n = len(values)
    if n <= max_points:
        return segment(values, penalty, min_size=min_size)
    k = -(-n // max_points)
    starts = np.arange(0, n, k)
    sizes = np.diff(np.append(starts, n))
    means = np.add.reduceat(values, starts) / sizes
    cuts = segment(means, penalty / k, min_size=max(1, -(-min_size // k)))
    return [int(c) * k for c in cuts]


def _phase_of(rise: float, threshold: float) -> str:
    if rise > threshold:
        return "escalating"
    if rise < -threshold:
        return "de-escalating"
    return "stable"


def detect_phases(
    index: pd.DataFrame,
    *,
    penalty_factor: float = 2.0,
    min_size: int = 3,
    min_change: float | None = None,
    max_points: int = MAX_SEGMENT_POINTS,
) -> pd.DataFrame:
    """Phases of each dyad's smoothed index (method in the module docstring).

    ``index`` is the frame of :func:`escalation_index`. Returns one row per phase with
    columns :data:`PHASE_COLUMNS` (``start``/``end`` inclusive days; ``slope`` of the fitted
    line per day). Every day of every dyad in ``index`` is in exactly one phase.
    ``min_change`` is the absolute rise or fall a segment needs to be escalating or
    de-escalating (default: 10% of the dyad's largest absolute index value).
    ``max_points``: a dyad's series longer than this is segmented in bins of days (module
    docstring, "Long spans"), so that the cost is bounded whatever its span.
    """
    if max_points < 1:
        raise ValueError(f"max_points must be >= 1, got {max_points}")
    dtypes = {"dyad": "string", "start": "datetime64[ns]", "end": "datetime64[ns]",
              "phase": "string", "n_days": "int64"}
    rows: list[dict[str, object]] = []
    for dyad, part in index.sort_values(["dyad", "date"]).groupby("dyad", sort=True):
        values = part["index"].to_numpy(dtype="float64")
        dates = pd.to_datetime(part["date"]).to_numpy()
        scale = float(np.max(np.abs(values))) if values.size else 0.0
        threshold = 0.1 * scale if min_change is None else min_change
        penalty = penalty_factor * max(threshold, 1e-9) ** 2
        cuts = _binned_cuts(values, penalty, min_size, max_points)
        bounds = [0, *cuts, len(values)]
        segments: list[dict[str, object]] = []
        for lo, hi in itertools.pairwise(bounds):
            seg = values[lo:hi]
            slope = float(np.polyfit(np.arange(hi - lo), seg, 1)[0]) if hi - lo > 1 else 0.0
            phase = _phase_of(slope * (hi - lo - 1), threshold)
            if segments and segments[-1]["phase"] == phase:
                prev = segments[-1]
                prev["_hi"] = hi
                continue
            segments.append({"phase": phase, "_lo": lo, "_hi": hi})
        for seg_info in segments:
            lo, hi = int(str(seg_info["_lo"])), int(str(seg_info["_hi"]))
            seg = values[lo:hi]
            slope = float(np.polyfit(np.arange(hi - lo), seg, 1)[0]) if hi - lo > 1 else 0.0
            rows.append({
                "dyad": str(dyad),
                "start": pd.Timestamp(dates[lo]),
                "end": pd.Timestamp(dates[hi - 1]),
                "phase": seg_info["phase"],
                "n_days": hi - lo,
                "index_start": float(seg[0]),
                "index_end": float(seg[-1]),
                "slope": slope,
            })
    return _frame(rows, PHASE_COLUMNS, dtypes)


_TURN_KIND: Final = {
    ("stable", "escalating"): "escalation onset",
    ("de-escalating", "escalating"): "renewed escalation",
    ("escalating", "de-escalating"): "peak",
    ("escalating", "stable"): "plateau",
    ("stable", "de-escalating"): "de-escalation onset",
    ("de-escalating", "stable"): "settling",
}


def turning_points(phases: pd.DataFrame, index: pd.DataFrame | None = None) -> pd.DataFrame:
    """Turning points between consecutive phases of each dyad.

    ``date`` is the first day of the new phase; ``kind`` names the change
    (``peak``, ``escalation onset``...); ``index`` is the smoothed index that day when
    ``index`` (the frame of :func:`escalation_index`) is given, else NaN; ``label`` is a
    short text for chart annotations. Columns :data:`TURNING_POINT_COLUMNS`.
    """
    values: dict[tuple[str, pd.Timestamp], float] = {}
    if index is not None and not index.empty:
        for dyad, day, value in zip(index["dyad"], pd.to_datetime(index["date"]),
                                    index["index"], strict=True):
            values[(str(dyad), pd.Timestamp(day))] = float(value)
    rows: list[dict[str, object]] = []
    for key, part in phases.sort_values(["dyad", "start"]).groupby("dyad", sort=True):
        dyad = str(key)
        previous: str | None = None
        for start, phase in zip(part["start"], part["phase"], strict=True):
            if previous is None and phase == "escalating":
                previous = "stable"  # the series starts escalating: an onset at its start
            if previous is not None and phase != previous:
                kind = _TURN_KIND.get((previous, str(phase)), f"{previous} -> {phase}")
                day = pd.Timestamp(start)
                rows.append({
                    "dyad": dyad,
                    "date": day,
                    "kind": kind,
                    "from_phase": previous,
                    "to_phase": str(phase),
                    "index": values.get((dyad, day), float("nan")),
                    "label": f"{dyad}: {kind} ({day:%Y-%m-%d})",
                })
            previous = str(phase)
    dtypes = {"dyad": "string", "date": "datetime64[ns]", "kind": "string",
              "from_phase": "string", "to_phase": "string", "label": "string"}
    return _frame(rows, TURNING_POINT_COLUMNS, dtypes)


def phase_bands(phases: pd.DataFrame) -> pd.DataFrame:
    """Figure data for shaded bands: ``dyad, x0, x1, phase`` with ``x1`` the day after
    ``end`` (bands touch), for ``fig.add_vrect(x0=..., x1=...)``."""
    out = pd.DataFrame({
        "dyad": phases["dyad"].astype("string"),
        "x0": pd.to_datetime(phases["start"]).astype("datetime64[ns]"),
        "x1": (pd.to_datetime(phases["end"]) + pd.Timedelta(days=1)).astype("datetime64[ns]"),
        "phase": phases["phase"].astype("string"),
    })
    return out.reset_index(drop=True)


def highest_rung_per_day(incidents: pd.DataFrame, by_dyad: bool = True) -> pd.DataFrame:
    """Highest ladder rung reached per dyad (or overall) and day, with the incident that
    reached it (ties: more sources, then incident id). Only days with incidents appear.
    Columns :data:`RUNG_COLUMNS`."""
    dtypes = {"dyad": "string", "date": "datetime64[ns]", "rung": "int64",
              "rung_label": "string", "incident_id": "string"}
    dated = _dated(incidents, by_dyad)
    if dated.empty:
        return _empty(RUNG_COLUMNS, dtypes)
    code = dated["cameo_code"] if "cameo_code" in dated.columns else dated["root_code"]
    dated["rung"] = [rung_of(c) for c in code]
    dated["_sources"] = pd.to_numeric(dated["n_sources"], errors="coerce").fillna(0)
    top = dated.sort_values(["dyad", "date", "rung", "_sources", "incident_id"],
                            ascending=[True, True, False, False, True], kind="stable")
    top = top.drop_duplicates(["dyad", "date"], keep="first")
    labels = {r.level: r.label for r in ESCALATION_LADDER}
    out = pd.DataFrame({
        "dyad": top["dyad"].astype("string"),
        "date": top["date"].astype("datetime64[ns]"),
        "rung": top["rung"].astype("int64"),
        "rung_label": top["rung"].map(labels).astype("string"),
        "incident_id": top["incident_id"].astype("string"),
    })
    return out.reset_index(drop=True)
