from __future__ import annotations

from pathlib import Path

import pytest

from analysis.codebook import default_codebook, direction_for, entry_for, load_codebook
from analysis.errors import DictionaryError


def test_codebook_has_every_level_and_root() -> None:
    cb = default_codebook()
    assert len(cb) == 317
    roots = {e.root for e in cb.values()}
    assert roots == {f"{n:02d}" for n in range(1, 21)}
    assert {len(c) for c in cb} == {2, 3, 4}
    e = entry_for("0231")
    assert (e.root, e.quad_class, e.goldstein) == ("02", 1, 3.4)
    assert entry_for("195").plover == "ASSAULT"


@pytest.mark.parametrize(
    ("code", "direction"),
    [
        ("010", "neutral"),
        ("0256", "neutral"),
        ("094", "neutral"),
        ("09", "neutral"),
        ("036", "de-escalation"),
        ("041", "de-escalation"),
        ("0871", "de-escalation"),
        ("057", "de-escalation"),
        ("111", "escalation"),
        ("138", "escalation"),
        ("161", "escalation"),
        ("195", "escalation"),
        ("2042", "escalation"),
    ],
)
def test_direction_rule(code: str, direction: str) -> None:
    assert direction_for(code) == direction
    assert entry_for(code).direction == direction


def test_unknown_code_raises_keyerror() -> None:
    with pytest.raises(KeyError):
        direction_for("999")


def _write(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "cb.csv"
    p.write_text("code,name,root,quad_class,goldstein,plover\n" + body, encoding="utf-8")
    return p


@pytest.mark.parametrize(
    ("body", "line", "problem"),
    [
        ("01,stmt,01,1,0.0,\n010,x,01,7,0.0,\n", 3, "quad_class"),
        ("01,stmt,01,1,0.0,\n01x,x,01,1,0.0,\n", 3, "bad CAMEO code"),
        ("01,stmt,01,1,0.0,\n010,x,02,1,0.0,\n", 3, "root"),
        ("01,stmt,01,1,abc,\n", 2, "goldstein"),
        ("01,stmt,01,1,0.0,\n01,again,01,1,0.0,\n", 3, "duplicate"),
        ("01,,01,1,0.0,\n", 2, "missing name"),
        ("01,stmt,01,1\n", 2, "expected 6 fields"),
    ],
)
def test_bad_codebook_names_file_and_line(
    tmp_path: Path, body: str, line: int, problem: str
) -> None:
    path = _write(tmp_path, body)
    with pytest.raises(DictionaryError) as err:
        load_codebook(path)
    assert err.value.line == line
    assert str(path) in str(err.value)
    assert problem in err.value.problem


def test_bad_header(tmp_path: Path) -> None:
    p = tmp_path / "cb.csv"
    p.write_text("code,label\n01,x\n", encoding="utf-8")
    with pytest.raises(DictionaryError) as err:
        load_codebook(p)
    assert err.value.line == 1


def test_load_codebook_roundtrip(tmp_path: Path) -> None:
    path = _write(tmp_path, "01,stmt,01,1,0.0,\n010,say,01,1,0.0,\n")
    cb = load_codebook(path)
    assert list(cb) == ["01", "010"]
