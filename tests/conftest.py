"""Shared pytest fixtures.

``make_events`` builds a synthetic events table that matches
:data:`analysis.schema.EVENT_COLUMNS` (conformed dtypes); pass overrides per row.
``seed_like_events`` is a small frame shaped like the founding article (Iran and Pakistan
trade strikes 16-18 Jan 2024, then de-escalate on Fri 19 Jan).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from analysis.coder import code_sentence, find_actors
from analysis.pipeline import Analyzer, _may_code, _requirements
from analysis.records import CodedEvent, Sentence
from analysis.schema import ARTICLE_COLUMNS, EVENT_COLUMNS, conform

EventsFactory = Callable[[Sequence[Mapping[str, Any]]], pd.DataFrame]

_DEFAULT_EVENT: dict[str, Any] = {
    "article_id": "a1",
    "sentence_index": 0,
    "evidence": "Iran launched missile attacks on militant bases in Pakistan.",
    "char_start": 0,
    "char_end": 60,
    "trigger": "launched missile attacks",
    "actor1": "Iran",
    "actor1_code": "IRN",
    "actor2": "Pakistan",
    "actor2_code": "PAK",
    "cameo_code": "195",
    "event_name": "Employ aerial weapons",
    "quad_class": 4,
    "goldstein": -10.0,
    "direction": "escalation",
    "date": "2024-01-16",
    "date_earliest": None,
    "date_latest": None,
    "date_text": "",
    "date_basis": "dct",
    "published": "2024-01-19",
    "tone": -0.4,
    "source": "Independent Pakistan",
    "url": "https://example.org/a1",
    "title": "Pakistan and Iran dial down border tensions",
    "tone_textblob": -0.1,
    "subjectivity": 0.3,
    "tone_label": "neg",
    "root_code": "",
    "trigger_start": 0,
    "trigger_end": 10,
    "entry_id": "",
    "date_value": "",
}

_DATE_COLUMNS = ("date", "date_earliest", "date_latest", "published")


def build_events(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """A conformed events table; each row overrides the defaults above.

    ``date_earliest``/``date_latest`` default to ``date``; ``event_id`` to ``e<n>``;
    ``root_code`` to the first two digits of ``cameo_code``.
    """
    records = []
    for i, row in enumerate(rows):
        rec = {**_DEFAULT_EVENT, "event_id": f"e{i}", "sentence_index": i, **row}
        for bound in ("date_earliest", "date_latest"):
            if bound not in row:
                rec[bound] = rec["date"]
        if not row.get("root_code"):
            rec["root_code"] = str(rec["cameo_code"])[:2]
        records.append(rec)
    frame = pd.DataFrame.from_records(records, columns=list(EVENT_COLUMNS))
    for name in _DATE_COLUMNS:
        frame[name] = pd.to_datetime(frame[name]).astype("datetime64[ns]")
    return conform(frame, EVENT_COLUMNS)


@pytest.fixture
def make_events() -> EventsFactory:
    """Factory fixture: ``make_events([{...}, ...]) -> events DataFrame``."""
    return build_events


SEED_LIKE_ROWS: list[dict[str, Any]] = [
    {
        "evidence": "Iran had earlier launched missile and drone attacks on militant bases "
        "in Pakistan's southwestern Balochistan province.",
        "date": "2024-01-16",
        "date_earliest": "2024-01-15",
        "date_latest": "2024-01-17",
        "date_text": "earlier",
        "date_basis": "relative",
    },
    {
        "evidence": "Pakistan had recalled its envoy from Tehran after the airstrike.",
        "trigger": "recalled",
        "actor1": "Pakistan",
        "actor1_code": "PAKGOV",
        "actor2": "Tehran",
        "actor2_code": "IRNGOV",
        "cameo_code": "161",
        "event_name": "Reduce or break diplomatic relations",
        "quad_class": 4,
        "goldstein": -4.0,
        "date": "2024-01-17",
        "date_basis": "event_order",
    },
    {
        "evidence": "Pakistan said it had targeted militant hideouts in Iran's southeastern "
        "Sistan-Baluchestan province.",
        "trigger": "targeted",
        "actor1": "Pakistan",
        "actor1_code": "PAKMIL",
        "actor2": "Iran",
        "actor2_code": "IRN",
        "goldstein": -10.0,
        "date": "2024-01-18",
        "date_text": "a day after",
        "date_basis": "anchor",
    },
    {
        "evidence": "The two foreign ministers discussed the situation in a phone call.",
        "trigger": "discussed",
        "actor1": "Pakistan",
        "actor1_code": "PAKGOV",
        "actor2": "Iran",
        "actor2_code": "IRNGOV",
        "cameo_code": "040",
        "event_name": "Consult",
        "quad_class": 1,
        "goldstein": 1.0,
        "direction": "de-escalation",
        "date": "2024-01-19",
        "date_text": "on Friday",
        "date_basis": "weekday",
        "tone": 0.2,
        "tone_textblob": 0.1,
    },
    {
        "evidence": "They also agreed to de-escalate the situation.",
        "trigger": "agreed to de-escalate",
        "actor1": "They",
        "actor1_code": "PAKGOV",
        "actor2": "",
        "actor2_code": "IRNGOV",
        "cameo_code": "0312",
        "event_name": "Express intent to de-escalate military engagement",
        "quad_class": 1,
        "goldstein": 5.0,
        "direction": "de-escalation",
        "date": "2024-01-19",
        "date_basis": "dct",
        "tone": 0.3,
        "tone_textblob": 0.0,
    },
    {
        "evidence": "The National Security Committee reviewed the situation along the border.",
        "trigger": "reviewed",
        "actor1": "The National Security Committee",
        "actor1_code": "PAKGOV",
        "actor2": "",
        "actor2_code": "",
        "cameo_code": "010",
        "event_name": "Make statement",
        "quad_class": 1,
        "goldstein": 0.0,
        "direction": "neutral",
        "date": "2024-01-19",
        "date_basis": "dct",
        "tone": 0.0,
        "tone_textblob": 0.0,
    },
]


@pytest.fixture
def seed_like_events() -> pd.DataFrame:
    """Six events shaped like the founding article (3 escalation, 2 de-escalation, 1 neutral)."""
    return build_events(SEED_LIKE_ROWS)


def write_data_dir(directory: Path, events: pd.DataFrame) -> Path:
    """Write ``events.parquet`` and a matching ``articles.parquet`` into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    events.to_parquet(directory / "events.parquet", index=False)
    ids = sorted(set(events["article_id"].dropna().astype(str))) or ["a1"]
    articles = pd.DataFrame(
        {
            "article_id": ids,
            "title": "Pakistan and Iran dial down border tensions",
            "published": pd.Timestamp("2024-01-19"),
            "source": "Independent Pakistan",
            "n_events": [int((events["article_id"] == i).sum()) for i in ids],
            "text": "",
        }
    )
    conform(articles, ARTICLE_COLUMNS).to_parquet(directory / "articles.parquet", index=False)
    return directory


@pytest.fixture
def events_data_dir(tmp_path: Path, seed_like_events: pd.DataFrame) -> Path:
    """A data directory holding the seed-like events and one article."""
    return write_data_dir(tmp_path / "data", seed_like_events)


@pytest.fixture
def data_dir_writer() -> Callable[[Path, pd.DataFrame], Path]:
    """Factory fixture: ``data_dir_writer(directory, events) -> directory`` (see write_data_dir)."""
    return write_data_dir


# --------------------------------------------------------------------------- speed-path twins

# a leading first-letter guard "(?=[...])", bare or inside an "(?i:...)" group
_FIRST_LETTER_GUARD = re.compile(r"^\(\?=\[[^\]]+\]\)|^\(\?i:\(\?=\[[^\]]+\]\)\)")


def unguarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` without its leading first-letter guard (same flags)."""
    return re.compile(_FIRST_LETTER_GUARD.sub("", pattern.pattern), pattern.flags)


def assert_matches_as_before(new: re.Pattern[str], old: re.Pattern[str], text: str) -> None:
    """``new`` finds in ``text`` exactly what ``old`` finds: every match of a scan, and the
    first match of a search ending at each position."""
    assert [m.span() for m in new.finditer(text)] == [m.span() for m in old.finditer(text)]
    for cut in range(len(text) + 1):
        a, b = new.search(text, 0, cut), old.search(text, 0, cut)
        assert (a and a.span()) == (b and b.span())


def code_eagerly(sentences: list[Sentence], analyzer: Analyzer
                 ) -> list[tuple[Sentence, CodedEvent]]:
    """The coding loop as it was: every sentence's actor countries moved to the end of one
    context list at once (the reference the lazy context of the pipeline must equal)."""
    coded: list[tuple[Sentence, CodedEvent]] = []
    context: list[str] = []
    needs = _requirements(analyzer.dictionary.verbs)
    for sentence in sentences:
        if _may_code(sentence.text, needs):
            coded += [(sentence, e) for e in code_sentence(
                sentence.text, analyzer.dictionary, context=tuple(context))]
        for actor in find_actors(sentence.text, analyzer.dictionary):
            if actor.country in context:
                context.remove(actor.country)
            context.append(actor.country)
    return coded


def broken_notebook(folder: Path, statement: str) -> Path:
    """``folder/broken.ipynb``: a parameters cell (``data_dir``), then a cell that runs
    ``statement`` (a ``raise``)."""
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell('data_dir: str = "data"', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(statement),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Py", "language": "python"}
    path = folder / "broken.ipynb"
    nbformat.write(nb, path)
    return path
