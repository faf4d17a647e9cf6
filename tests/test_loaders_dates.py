"""Publication dates and date options read the same on every Python version: ISO dates are
``YYYY-MM-DD`` (a time may follow); the forms ``date.fromisoformat`` accepts only from
Python 3.11 on (``20240119``, ``2024-W03-5``) are refused everywhere."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from analysis.cli import main
from analysis.errors import InputError
from analysis.loaders import parse_date

ONLY_311 = ["20240119", "2024-W03-5", "2024W035", "2024-W03", "20240119T100000",
            "2024-W03-5T10:00:00"]


@pytest.mark.parametrize("value", ONLY_311)
def test_forms_only_python_311_reads_are_refused(value: str) -> None:
    with pytest.raises(InputError) as raised:
        parse_date(value, path="f.csv", record="line 2")
    assert raised.value.kind == "bad_date"
    assert str(raised.value) == (f"f.csv:line 2: publication date {value!r} does not parse "
                                 "(expected YYYY-MM-DD, an RFC 2822 date or a date like "
                                 "'19 January 2024')")


@pytest.mark.parametrize("value", [
    "2024-01-19", "2024-01-19T10:00:00Z", "2024-01-19 10:00", "2024-01-19T10:00:00.123+05:30",
    " 2024-01-19 ", "Fri, 19 Jan 2024 10:00:00 GMT", "January 19, 2024", "2024/01/19",
])
def test_documented_forms_are_read(value: str) -> None:
    assert parse_date(value) == dt.date(2024, 1, 19)


@pytest.mark.parametrize("value", ["2024-02-30", "２０２４-01-19"])
def test_impossible_or_non_ascii_iso_dates_are_refused(value: str) -> None:
    with pytest.raises(InputError, match="does not parse"):
        parse_date(value)


@pytest.mark.parametrize("option, command", [
    ("--reference-date", ["ingest", "x.txt", "--out"]),
    ("--dct", ["annotate", "x.jsonl", "--dictionary"]),
])
@pytest.mark.parametrize("value", ["20240119", "2024-W03-5", "2024-01-19T10:00", "2024-02-30"])
def test_date_options_take_yyyy_mm_dd_only(option: str, command: list[str], value: str,
                                           tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    argv = [*command, str(tmp_path / "d"), option, value]  # (nothing written in the checkout)
    with pytest.raises(SystemExit) as exited:
        main(argv, out=io.StringIO(), err=io.StringIO())
    assert exited.value.code == 2
    assert f"argument {option}: {value!r} is not a date (YYYY-MM-DD)" in capsys.readouterr().err
