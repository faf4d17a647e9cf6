"""Option values the parser refuses (argparse: usage, message, exit status 2)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from analysis.cli import build_parser, main


def _refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exited:
        main(argv, out=io.StringIO(), err=io.StringIO())
    assert exited.value.code == 2
    return capsys.readouterr().err


@pytest.mark.parametrize("value", ["-5", "0", "ten", "1.5"])
def test_max_bytes_must_be_a_positive_integer(value: str, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    err = _refused(["ingest", "x.txt", "--out", str(tmp_path / "d"), "--max-bytes", value],
                   capsys)
    assert f"argument --max-bytes: {value!r}" in err
    assert not (tmp_path / "d").exists()


def test_max_bytes_accepts_a_positive_integer(tmp_path: Path) -> None:
    args = build_parser().parse_args(["ingest", "x.txt", "--out", str(tmp_path),
                                      "--max-bytes", "4000"])
    assert args.max_bytes == 4000
