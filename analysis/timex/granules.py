"""Calendar units as TIMEX3 values with calendar bounds.

Every function returns ``(value, earliest, latest)``. Seasons follow the
meteorological convention of the northern hemisphere (spring = March-May,
summer = June-August, fall = September-November, winter = December of the
year named to February of the next). A week is an ISO week; a weekend is the
Saturday and Sunday of that ISO week.
"""

from __future__ import annotations

import calendar
import datetime as dt

Resolved = tuple[str, dt.date | None, dt.date | None]

SEASON_MONTHS: dict[str, tuple[int, int]] = {
    "SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14),
}  # fmt: skip
SEASON_WORDS: dict[str, str] = {
    "spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI",
}  # fmt: skip

MIN_DATE = dt.date(1, 1, 1)
MAX_DATE = dt.date(9999, 12, 31)


def _clip(year: int) -> bool:
    return 1 <= year <= 9998


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def month_end(year: int, month: int) -> dt.date:
    """The last day of the month (``ValueError`` for a year or month out of range)."""
    if month == 2 and calendar.isleap(year):
        return dt.date(year, 2, 29)
    return dt.date(year, month, _MONTH_DAYS[month] if 0 < month < 13 else 1)


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    idx = year * 12 + (month - 1) + delta
    return idx // 12, idx % 12 + 1


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def add_days(day: dt.date, delta: int) -> dt.date | None:
    try:
        return day + dt.timedelta(days=delta)
    except OverflowError:
        return None


def day(d: dt.date, suffix: str = "") -> Resolved:
    return d.isoformat() + suffix, d, d


def month(year: int, mon: int, mod: str = "") -> Resolved:
    if not _clip(year):
        return f"{year:04d}-{mon:02d}", None, None
    first, last = dt.date(year, mon, 1), month_end(year, mon)
    if mod == "START":
        last = dt.date(year, mon, 10)
    elif mod == "MID":
        first, last = dt.date(year, mon, 11), dt.date(year, mon, 20)
    elif mod == "END":
        first = dt.date(year, mon, 21)
    return f"{year:04d}-{mon:02d}", first, last


def year(y: int, mod: str = "") -> Resolved:
    if not _clip(y):
        return f"{y:04d}", None, None
    first, last = dt.date(y, 1, 1), dt.date(y, 12, 31)
    if mod == "START":
        last = dt.date(y, 4, 30)
    elif mod == "MID":
        first, last = dt.date(y, 4, 1), dt.date(y, 9, 30)
    elif mod == "END":
        first = dt.date(y, 9, 1)
    return f"{y:04d}", first, last


def quarter(y: int, q: int) -> Resolved:
    if not _clip(y):
        return f"{y:04d}-Q{q}", None, None
    first = dt.date(y, 3 * q - 2, 1)
    return f"{y:04d}-Q{q}", first, month_end(y, 3 * q)


def half(y: int, h: int) -> Resolved:
    if not _clip(y):
        return f"{y:04d}-H{h}", None, None
    return f"{y:04d}-H{h}", dt.date(y, 6 * h - 5, 1), month_end(y, 6 * h)


def season(y: int, code: str) -> Resolved:
    if not _clip(y):
        return f"{y:04d}-{code}", None, None
    a, b = SEASON_MONTHS[code]
    ey, em = add_months(y, a, b - a)
    return f"{y:04d}-{code}", dt.date(y, a, 1), month_end(ey, em)


def season_of(d: dt.date) -> tuple[int, str]:
    """The (year, code) of the season containing ``d`` (January belongs to last year's winter)."""
    m = d.month
    if m in (1, 2):
        return d.year - 1, "WI"
    if m == 12:
        return d.year, "WI"
    return d.year, ("SP" if m <= 5 else "SU" if m <= 8 else "FA")


def week(d: dt.date) -> Resolved:
    iso_y, iso_w, iso_d = d.isocalendar()
    monday = d - dt.timedelta(days=iso_d - 1)
    return f"{iso_y:04d}-W{iso_w:02d}", monday, monday + dt.timedelta(days=6)


def weekend(d: dt.date) -> Resolved:
    """The weekend of the ISO week containing ``d``."""
    iso_y, iso_w, iso_d = d.isocalendar()
    sat = d + dt.timedelta(days=6 - iso_d)
    return f"{iso_y:04d}-W{iso_w:02d}-WE", sat, sat + dt.timedelta(days=1)


def decade(start_year: int) -> Resolved:
    d0 = start_year - start_year % 10
    if not _clip(d0) or not _clip(d0 + 9):
        return f"{d0 // 10:03d}", None, None
    return f"{d0 // 10:03d}", dt.date(d0, 1, 1), dt.date(d0 + 9, 12, 31)


def century(index: int) -> Resolved:
    """Century ``index`` as written in TIMEX3: ``19`` is 1900-1999 (the 20th century)."""
    y0 = index * 100
    if not _clip(max(y0, 1)) or not _clip(y0 + 99):
        return f"{index:02d}", None, None
    return f"{index:02d}", dt.date(max(y0, 1), 1, 1), dt.date(y0 + 99, 12, 31)


def easter(y: int) -> dt.date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    mon = (h + m - 7 * n + 114) // 31
    dd = (h + m - 7 * n + 114) % 31 + 1
    return dt.date(y, mon, dd)


def nth_weekday(y: int, mon: int, weekday: int, n: int) -> dt.date:
    """The ``n``-th ISO ``weekday`` (1 = Monday) of a month; ``n = -1`` is the last."""
    if n > 0:
        first = dt.date(y, mon, 1)
        offset = (weekday - first.isoweekday()) % 7
        return first + dt.timedelta(days=offset + 7 * (n - 1))
    last = month_end(y, mon)
    return last - dt.timedelta(days=(last.isoweekday() - weekday) % 7)


def holiday(name: str, y: int) -> dt.date | None:
    """The date of a fixed or rule-based holiday in year ``y`` (``None`` if unknown)."""
    fixed = {
        "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
        "new year's day": (1, 1), "new year's eve": (12, 31), "new year": (1, 1),
        "independence day": (7, 4), "fourth of july": (7, 4), "halloween": (10, 31),
        "valentine's day": (2, 14), "veterans day": (11, 11), "boxing day": (12, 26),
        "may day": (5, 1), "bastille day": (7, 14),
    }  # fmt: skip
    key = name.lower().replace("’", "'")
    if key in fixed:
        mon, dd = fixed[key]
        return dt.date(y, mon, dd)
    if key.startswith("thanksgiving"):
        return nth_weekday(y, 11, 4, 4)
    if key in ("easter", "easter sunday"):
        return easter(y)
    if key == "good friday":
        return easter(y) - dt.timedelta(days=2)
    if key == "memorial day":
        return nth_weekday(y, 5, 1, -1)
    if key == "labor day":
        return nth_weekday(y, 9, 1, 1)
    if key == "election day":
        return nth_weekday(y, 11, 1, 1) + dt.timedelta(days=1)
    return None
