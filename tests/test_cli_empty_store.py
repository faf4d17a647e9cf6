"""A store without events (an ingest that ingested nothing, or articles without events)
is a store: export writes the (empty) table, report says there are no events."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import main


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture()
def nothing(tmp_path: Path) -> Path:
    (tmp_path / "empty.txt").write_text("")
    data = tmp_path / "data"
    code, _, err = _run("ingest", str(tmp_path / "empty.txt"), "--out", str(data))
    assert code == 2 and "nothing could be ingested" in err
    return data


@pytest.fixture()
def calm(tmp_path: Path) -> Path:
    (tmp_path / "calm.txt").write_text("Weather\n\nIt rained in the valley and the crops grew "
                                       "well this season.\n")
    data = tmp_path / "calm"
    code, out, _ = _run("ingest", str(tmp_path / "calm.txt"), "--out", str(data),
                        "--reference-date", "2024-01-19")
    assert code == 0 and "ingested 1 articles, 0 events" in out
    return data


def test_export_of_an_empty_ingest_writes_the_header(nothing: Path) -> None:
    code, out, err = _run("export", str(nothing))
    assert (code, err) == (0, "")
    assert out == (f"wrote {nothing / 'events.csv'} (0 rows: the store holds no events; "
                   f"see {nothing / 'errors.csv'})\n")
    table = pd.read_csv(nothing / "events.csv")
    assert len(table) == 0 and "event_id" in table.columns


def test_export_of_articles_without_events(calm: Path, tmp_path: Path) -> None:
    code, out, err = _run("export", str(calm), "--table", "articles",
                          "--out", str(tmp_path / "a.csv"))
    assert (code, err) == (0, "")
    assert out == f"wrote {tmp_path / 'a.csv'} (1 rows)\n"
    assert len(pd.read_csv(tmp_path / "a.csv")) == 1
    code, out, _ = _run("export", str(calm))
    assert code == 0 and out.endswith("(0 rows: the store holds no events)\n")


@pytest.mark.parametrize("command", ["report", "reports"])
def test_report_of_a_store_without_events_says_so(command: str, nothing: Path, calm: Path,
                                                   tmp_path: Path) -> None:
    args = ["timeline"] if command == "report" else []
    out_path = tmp_path / ("t.html" if command == "report" else "reps")
    code, _, err = _run(command, *args, "--data", str(nothing), "--out", str(out_path))
    assert code == 2
    assert err == (f"tension: error: {nothing}: the store holds no events, nothing to report "
                   f"(its ingest read no article: see {nothing / 'errors.csv'})\n")
    code, _, err = _run(command, *args, "--data", str(calm), "--out", str(out_path))
    assert code == 2
    assert err == (f"tension: error: {calm}: the store holds no events, nothing to report "
                   "(1 article, no event coded)\n")
    assert not out_path.exists()


def test_export_of_a_folder_that_is_not_a_store(tmp_path: Path) -> None:
    code, _, err = _run("export", str(tmp_path))
    assert code == 2
    assert err == (f"tension: error: {tmp_path}: no events.parquet (not a store written by "
                   "`tension ingest`)\n")
    code, _, err = _run("export", str(tmp_path / "missing"))
    assert code == 2
    assert err == f"tension: error: {tmp_path / 'missing'}: no such folder\n"
