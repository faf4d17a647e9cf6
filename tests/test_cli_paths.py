"""Bad ``--out``/``--images`` paths: a clear ``tension: error:`` naming the path and exit
status 2 (were tracebacks with status 1), checked before any work is done."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from analysis.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("store")
    assert _run("ingest", str(ROOT / "seeds"), "--out", str(data), "--quiet")[0] == 0
    return data


def test_ingest_out_an_existing_file(tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("keep me")
    code, out, err = _run("ingest", str(ROOT / "seeds"), "--out", str(afile))
    assert (code, out) == (2, "")
    assert err == f"tension: error: {afile}: --out: is a file, not a folder\n"
    assert afile.read_text() == "keep me"


def test_ingest_out_below_a_file(tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("")
    code, _, err = _run("ingest", str(ROOT / "seeds"), "--out", str(afile / "sub"))
    assert code == 2
    assert err == f"tension: error: {afile / 'sub'}: --out: {afile} is a file, not a folder\n"


def test_report_out_an_existing_folder(store: Path, tmp_path: Path) -> None:
    rep = tmp_path / "rep"
    rep.mkdir()
    code, out, err = _run("report", "timeline", "--data", str(store), "--out", str(rep))
    assert (code, out) == (2, "")
    assert err == (f"tension: error: {rep}: --out: is a folder, not a file "
                   f"(give a file name such as {rep / 'timeline.html'})\n")
    assert list(rep.iterdir()) == []


def test_report_images_an_existing_file(store: Path, tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("")
    code, _, err = _run("report", "timeline", "--data", str(store), "--out",
                        str(tmp_path / "t.html"), "--images", str(afile))
    assert code == 2
    assert err == f"tension: error: {afile}: --images: is a file, not a folder\n"
    assert not (tmp_path / "t.html").exists()


def test_reports_out_an_existing_file(store: Path, tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("")
    code, _, err = _run("reports", "--data", str(store), "--out", str(afile))
    assert code == 2
    assert err == f"tension: error: {afile}: --out: is a file, not a folder\n"


def test_export_out_an_existing_folder(store: Path, tmp_path: Path) -> None:
    code, _, err = _run("export", str(store), "--out", str(tmp_path))
    assert code == 2
    assert err == (f"tension: error: {tmp_path}: --out: is a folder, not a file "
                   f"(give a file name such as {tmp_path / 'events.csv'})\n")


def test_export_out_below_a_file(store: Path, tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("")
    code, _, err = _run("export", str(store), "--out", str(afile / "x.csv"))
    assert code == 2
    assert err == f"tension: error: {afile / 'x.csv'}: --out: {afile} is a file, not a folder\n"
