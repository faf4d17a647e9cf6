"""``tension annotate`` on bad input: a clear ``tension: error:`` line naming the file
(and line), exit status 2, and every good line still annotated."""

from __future__ import annotations

import builtins
import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from analysis.cli import main

GOOD = {"id": "a1", "text": "Iran launched missile strikes on Pakistan on Tuesday.",
        "dct": "2024-01-19"}


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _line(record: dict[str, str]) -> bytes:
    return (json.dumps(record) + "\n").encode()


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "nonexist.jsonl"
    code, out, err = _run("annotate", str(missing))
    assert code == 2 and out == ""
    assert err == f"tension: error: {missing}: no such file\n"


def test_folder_is_a_clear_error(tmp_path: Path) -> None:
    code, out, err = _run("annotate", str(tmp_path))
    assert code == 2 and out == ""
    assert err.startswith(f"tension: error: {tmp_path}: is a folder")


def test_unreadable_file_is_a_clear_error(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "locked.jsonl"
    src.write_bytes(_line(GOOD))
    real_open = builtins.open

    def refusing(file: object, *args: Any, **kwargs: Any) -> Any:
        if str(file) == str(src):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", refusing)
    code, out, err = _run("annotate", str(src))
    assert (code, out) == (2, "")
    assert err == f"tension: error: {src}: cannot read: Permission denied\n"


def test_a_bad_byte_mid_file_is_one_line_error_and_later_lines_are_read(
        tmp_path: Path) -> None:
    src = tmp_path / "mixed.jsonl"
    bad = b'{"id": "b2", "text": "Caf\xe9 talks."}\n'
    src.write_bytes(_line(GOOD) + bad + _line({**GOOD, "id": "a3"}))
    code, out, err = _run("annotate", str(src))
    assert code == 2
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["a1", "a3"]
    assert err == (f"tension: error: {src}:line 2: not valid UTF-8 (invalid continuation "
                   "byte at byte 25 of the line)\n")


def test_latin1_text_file_reports_each_line_and_does_not_crash(tmp_path: Path) -> None:
    src = tmp_path / "latin1.txt"
    src.write_bytes("Caf\u00e9 talks\n\nplain ascii line\n".encode("latin-1"))
    code, out, err = _run("annotate", str(src))
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert lines[0] == f"tension: error: {src}:line 1: not valid UTF-8 (invalid continuation " \
        "byte at byte 3 of the line)"
    assert lines[1].startswith(f"tension: error: {src}:line 3: invalid JSON")
    assert len(lines) == 2


def test_binary_file_is_one_error(tmp_path: Path) -> None:
    src = tmp_path / "blob.jsonl"
    src.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    code, out, err = _run("annotate", str(src))
    assert code == 2 and out == ""
    assert err == f"tension: error: {src}: file looks binary (NUL bytes), not text\n"


def test_empty_file_is_an_error(tmp_path: Path) -> None:
    src = tmp_path / "empty.jsonl"
    src.write_bytes(b" \n\n")
    code, out, err = _run("annotate", str(src))
    assert code == 2 and out == ""
    assert err == f"tension: error: {src}: file is empty\n"


def test_bom_and_crlf_are_read(tmp_path: Path) -> None:
    src = tmp_path / "bom.jsonl"
    src.write_bytes(b"\xef\xbb\xbf" + _line(GOOD).replace(b"\n", b"\r\n")
                    + _line({**GOOD, "id": "a2"}))
    code, out, err = _run("annotate", str(src))
    assert (code, err) == (0, "")
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["a1", "a2"]


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    src = tmp_path / "wide.jsonl"
    src.write_bytes((json.dumps(GOOD) + "\n").encode("utf-16"))
    code, out, err = _run("annotate", str(src))
    assert (code, err) == (0, "")
    assert json.loads(out)["id"] == "a1"


def test_stdin_bytes_are_decoded_line_by_line(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = _line(GOOD) + b'{"id": "x", "text": "\xff"}\n' + _line({**GOOD, "id": "a3"})
    fake = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    code, out, err = _run("annotate", "-")
    assert code == 2
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["a1", "a3"]
    assert err.startswith("tension: error: <stdin>:line 2: not valid UTF-8")
