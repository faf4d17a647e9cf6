from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.iorw import (
    LoadIssue,
    decode_bytes,
    discover_files,
    read_input,
    read_tables,
    write_tables,
)
from analysis.records import Article
from analysis.schema import EVENT_COLUMNS, conform


def _read(path: Path, **kw: int) -> tuple[list[Article], list[LoadIssue]]:
    items = list(read_input(path, **kw))
    return ([i for i in items if isinstance(i, Article)],
            [i for i in items if isinstance(i, LoadIssue)])


def test_sidecar_metadata_wins(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Title\n\nBody on Friday.\n", encoding="utf-8")
    (tmp_path / "a.meta.yaml").write_text("published: 2024-01-19\nsource: S\nid: A1\n")
    arts, issues = _read(tmp_path / "a.txt")
    assert not issues
    assert (arts[0].article_id, str(arts[0].published), arts[0].dct_source) == (
        "A1", "2024-01-19", "sidecar")


def test_bad_inputs_become_issues(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02abc")
    (tmp_path / "big.txt").write_text("T\n\n" + "x" * 200)
    (tmp_path / "latin.txt").write_bytes("Title\n\nCaf\xe9 talks.".encode("latin-1"))
    assert _read(tmp_path / "empty.txt")[1][0].kind == "empty"
    assert _read(tmp_path / "bin.txt")[1][0].kind == "binary"
    big = _read(tmp_path / "big.txt", max_bytes=100)[1][0]
    assert big.kind == "too_large" and "big.txt" in big.path
    arts, issues = _read(tmp_path / "latin.txt")
    assert arts[0].text == "Café talks." and issues[0].kind == "encoding"
    assert not issues[0].fatal


def test_decode_utf16_and_bom() -> None:
    assert decode_bytes("\ufeffHi".encode(), "f")[0] == "Hi"
    assert decode_bytes("Hi".encode("utf-16"), "f")[0] == "Hi"


def test_discover_skips_sidecars_and_reports_missing(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("T\n\nB.")
    (tmp_path / "a.meta.yaml").write_text("id: x")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden.txt").write_text("T\n\nB.")
    found = list(discover_files([tmp_path, tmp_path / "nope.txt"]))
    assert found[0] == tmp_path / "a.txt"
    assert len(found) == 2 and getattr(found[1], "kind", "") == "missing"


def _events(article_id: str, n: int) -> pd.DataFrame:
    rows = [{"event_id": f"{article_id}-{i}", "article_id": article_id, "sentence_index": i,
             "char_start": 0, "char_end": 1, "quad_class": 4, "goldstein": -10.0,
             "trigger_start": 0, "trigger_end": 1, "published": "2024-01-19",
             "date": "2024-01-18"} for i in range(n)]
    return conform(pd.DataFrame(rows), EVENT_COLUMNS)


def _articles(*ids: str) -> pd.DataFrame:
    from analysis.schema import ARTICLE_COLUMNS
    return conform(pd.DataFrame({"article_id": list(ids), "n_sentences": 1, "n_events": 0,
                                 "n_dates": 0, "n_unresolved_dates": 0}), ARTICLE_COLUMNS)


def test_write_tables_replaces_reingested_articles(tmp_path: Path) -> None:
    write_tables(tmp_path, _events("a", 2), _articles("a"))
    write_tables(tmp_path, _events("b", 1), _articles("b"))
    write_tables(tmp_path, _events("a", 3), _articles("a"),
                 [LoadIssue("x.txt", "", "empty", "file is empty")])
    events, articles = read_tables(tmp_path)
    assert sorted(articles["article_id"]) == ["a", "b"]
    assert (events["article_id"] == "a").sum() == 3 and (events["article_id"] == "b").sum() == 1
    assert list(events.columns[: len(EVENT_COLUMNS)]) == list(EVENT_COLUMNS)
    csv = pd.read_csv(tmp_path / "events.csv")
    assert len(csv) == 4 and csv["date"].iloc[0] == "2024-01-18"
    errors = pd.read_csv(tmp_path / "errors.csv")
    assert list(errors.columns) == ["path", "record", "kind", "message"]
    assert errors["kind"].tolist() == ["empty"]
    assert not list(tmp_path.glob(".*.tmp"))


def test_read_tables_of_empty_dir_are_typed(tmp_path: Path) -> None:
    events, _ = read_tables(tmp_path)
    assert len(events) == 0 and str(events["date"].dtype).startswith("datetime64")
