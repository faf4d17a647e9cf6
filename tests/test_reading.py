"""Records parsed in the engine's workers (ArticleStream units) give the tables and the
problems of reading them in this process: same rows, same issues in the same order,
duplicate ids kept and reported alike whichever chunk they fall in."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import pickle
from pathlib import Path

import pandas as pd
import pytest

from analysis.engine import ChunkResult, EngineConfig, analyse_chunk, merge_columns, run_engine
from analysis.errors import InputError
from analysis.ingest import iter_articles
from analysis.iorw import LoadIssue, parse_raw, read_input
from analysis.loaders import parse_record_line, parse_records, record_lines
from analysis.pipeline import typed_frame
from analysis.reading import Admission, ArticleStream, prepare, text_digest
from analysis.records import Article, RawRecord
from analysis.schema import ARTICLE_COLUMNS, EVENT_COLUMNS

STRIKE = "Iran attacked militant bases in Pakistan on Tuesday. Pakistan condemned the strike."
TALKS = "The two foreign ministers agreed on Friday to restore ambassadors."
REFERENCE = dt.date(2024, 3, 1)


def _line(**record: object) -> str:
    return json.dumps(record) + "\n"


def _inputs(folder: Path) -> list[Path]:
    """Files with every kind of record problem and of repeated id, across chunks."""
    (folder / "a.jsonl").write_text(
        _line(id="A1", text=STRIKE, date="2024-01-16")
        + "\n"  # a blank line is no record
        + _line(id="A2", text=TALKS, date="2024-01-19")
        + '{"id": "bad", "text": "unterminated\n'
        + _line(id="A1", text=STRIKE, date="2024-01-16")  # same text: silent
        + "[1, 2]\n"  # not an object
        + _line(id="A3", title="no text", date="2024-01-19")
        + _line(id="A4", text="ISLAMABAD, Jan 20, 2024 (Reuters) - " + STRIKE)  # dated by its line
        + _line(id="A5", text=TALKS)  # no date anywhere: the reference date
        + _line(id="A2", text="Another story on Friday.")  # differs: reported
        + _line(id="A6", text=STRIKE, date="sometime")
        + _line(text="Talks resumed on Monday.", source="S", url="http://x/1"),  # hashed id
        encoding="utf-8")
    (folder / "b.txt").write_text(f"Strikes\n\nISLAMABAD: {STRIKE}\n", encoding="utf-8")
    with gzip.open(folder / "c.jsonl.gz", "wt", encoding="utf-8") as out:
        out.write(_line(id="A2", text=TALKS, date="2024-01-19")  # a repeat in another file
                  + _line(id="C1", text=TALKS, date="2024-02-01")
                  + _line(id="C1", text="Different.", date="2024-02-01")  # same chunk
                  + _line(id="C1", text=TALKS, date="2024-02-01")
                  + _line(id="C2", text=STRIKE, date="2024-02-02"))
    (folder / "d.jsonl").write_bytes(b"")  # empty
    (folder / "f.jsonl").write_bytes(  # a warning, then its records
        '{"id": "F1", "text": "Caf\u00e9 talks resumed on Friday.", "date": "2024-01-05"}\n'
        .encode("cp1252"))
    (folder / "e.csv").write_text("id,date,text\nA5,2024-01-01,Other text.\nE1,2024-01-02,"
                                  f"\"{TALKS}\"\n", encoding="utf-8")
    return [folder, folder / "missing.jsonl"]


def _read_here(inputs: list[Path]) -> tuple[pd.DataFrame, pd.DataFrame, list[LoadIssue]]:
    issues: list[LoadIssue] = []
    articles = list(iter_articles(inputs, issues, reference_date=REFERENCE))
    result = analyse_chunk(articles)
    return result.events, result.articles, issues


def _tables(results: list[ChunkResult]) -> tuple[pd.DataFrame, pd.DataFrame]:
    assert all(r.notes is None for r in results)
    return (typed_frame(merge_columns([r.event_columns for r in results]), EVENT_COLUMNS),
            typed_frame(merge_columns([r.article_columns for r in results]), ARTICLE_COLUMNS))


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 64])
def test_units_read_in_workers_give_the_tables_and_issues_of_reading_here(
        tmp_path: Path, chunk: int) -> None:
    inputs = _inputs(tmp_path)
    events, articles, issues = _read_here(inputs)
    assert [(Path(p).name, i) for p, i in zip(articles["path"], articles["article_id"],
                                              strict=True)] == [
        ("a.jsonl", "A1"), ("a.jsonl", "A2"), ("a.jsonl", "A4"), ("a.jsonl", "A5"),
        ("a.jsonl", "62f877f74e241541"), ("b.txt", "e8cfa8799398cf60"), ("c.jsonl.gz", "C1"),
        ("c.jsonl.gz", "C2"), ("e.csv", "E1"), ("f.jsonl", "F1")]
    assert [(Path(i.path).name, i.record, i.kind) for i in issues] == [
        ("a.jsonl", "line 4", "json"),
        ("a.jsonl", "line 6", "json"),
        ("a.jsonl", "line 7", "no_text"),
        ("a.jsonl", "A2", "duplicate_id"),
        ("a.jsonl", "line 11", "bad_date"),
        ("c.jsonl.gz", "C1", "duplicate_id"),
        ("d.jsonl", "", "empty"),
        ("e.csv", "A5", "duplicate_id"),
        ("f.jsonl", "", "encoding"),
        ("missing.jsonl", "", "missing"),
    ]
    got_issues: list[LoadIssue] = []
    stream = iter_articles(inputs, got_issues, reference_date=REFERENCE)
    assert isinstance(stream, ArticleStream)
    results = list(run_engine(stream, EngineConfig(workers=1, chunk=chunk)))
    got_events, got_articles = _tables(results)
    pd.testing.assert_frame_equal(got_events, events)
    pd.testing.assert_frame_equal(got_articles, articles)
    assert got_issues == issues
    assert sum(r.n_articles for r in results) == len(articles) == 10
    assert sum(r.n_events for r in results) == len(events)
    assert sum(r.n_undated for r in results) == 0
    assert sum(r.n_unresolved for r in results) == articles["n_unresolved_dates"].sum()


def test_dated_and_kept_as_read_here(tmp_path: Path) -> None:
    _, articles, _ = _read_here(_inputs(tmp_path))
    by_id = articles.set_index("article_id")
    assert by_id.loc["A4", "dct_source"] == "dateline"
    assert (by_id.loc["A5", "dct_source"], str(by_id.loc["A5", "published"].date())) == (
        "reference_date", "2024-03-01")
    assert by_id.loc["A2", "path"].endswith("a.jsonl")  # the first of its id
    assert by_id.loc["A5", "path"].endswith("a.jsonl")
    assert by_id.loc["C1", "text"] == TALKS


def test_local_processes_and_dask_read_units_alike(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path)
    events, articles, issues = _read_here(inputs)
    configs = [EngineConfig(workers=2, chunk=2), EngineConfig(workers=2, chunk=3)]
    try:
        import distributed  # noqa: F401
        configs.append(EngineConfig(engine="dask", workers=2, chunk=2, dask_processes=False))
    except ImportError:  # pragma: no cover - dask is a dependency
        pass
    for config in configs:
        got_issues: list[LoadIssue] = []
        results = list(run_engine(iter_articles(inputs, got_issues, reference_date=REFERENCE),
                                  config))
        got_events, got_articles = _tables(results)
        pd.testing.assert_frame_equal(got_events, events)
        pd.testing.assert_frame_equal(got_articles, articles)
        assert got_issues == issues


def test_a_stream_is_read_one_way() -> None:
    stream = ArticleStream([], [])
    assert list(stream) == []
    with pytest.raises(RuntimeError, match="taken already"):
        next(stream.units())
    other = ArticleStream([], [])
    assert list(other.units()) == []
    with pytest.raises(RuntimeError, match="taken already"):
        next(other)


def test_prepare_parses_lines_and_analyses_the_first_of_an_id() -> None:
    units = [RawRecord("f.jsonl", "line 1", _line(id="X", text="One.")),
             LoadIssue("g.txt", "", "empty", "file is empty"),
             RawRecord("f.jsonl", "line 2", "{nope"),
             Article(article_id="X", text="Two.", path="h.md"),
             RawRecord("f.jsonl", "line 3", _line(id="Y", text="Three.", date="2024-01-02"))]
    articles, notes = prepare(units, REFERENCE)
    assert [(a.article_id, a.text, a.published, a.dct_source) for a in articles] == [
        ("X", "One.", REFERENCE, "reference_date"),
        ("Y", "Three.", dt.date(2024, 1, 2), "record")]
    assert notes[0] == Admission("X", "f.jsonl", text_digest("One."), True)
    assert notes[1] == units[1]
    assert isinstance(notes[2], LoadIssue) and (notes[2].record, notes[2].kind) == (
        "line 2", "json")
    assert notes[3] == Admission("X", "h.md", text_digest("Two."), False)
    assert isinstance(notes[4], Admission) and notes[4].analysed
    assert text_digest("a\ud800b") != text_digest("a\ud801b")  # lone surrogates digest too
    assert pickle.loads(pickle.dumps(notes)) == notes  # sent back from the workers
    assert isinstance(notes[0], tuple)  # cheap to unpickle, one per article


def test_admit_reports_and_drops_repeats_of_earlier_chunks() -> None:
    issues: list[LoadIssue] = []
    stream = ArticleStream([], issues)
    one, two = text_digest("one"), text_digest("two")
    assert stream.admit([Admission("X", "a", one, True), Admission("Y", "a", one, True)]) == set()
    issue = LoadIssue("b", "", "empty", "file is empty")
    assert stream.admit([Admission("X", "b", one, True), issue,
                         Admission("Y", "b", two, True), Admission("Y", "b", two, False),
                         Admission("Z", "b", two, True)]) == {"X", "Y"}
    assert [(i.path, i.record, i.kind) for i in issues] == [
        ("b", "", "empty"), ("b", "Y", "duplicate_id"), ("b", "Y", "duplicate_id")]
    assert "already read from a" in issues[1].message


def test_raw_lines_parse_as_the_file_does(tmp_path: Path) -> None:
    content = (_line(id="A", text=STRIKE, date="2024-01-16") + "\n  \n" + "{bad\n"
               + "3\n" + _line(id="B", body="x", date="not a date") + _line(id="C", text=""))
    whole = list(parse_records(content, path="f.jsonl"))
    by_line = [parse_record_line(line, path="f.jsonl", where=where)
               for where, line in record_lines(content)]
    assert [where for where, _ in record_lines(content)] == [
        "line 1", "line 4", "line 5", "line 6", "line 7"]

    def shown(item: Article | InputError) -> object:
        if isinstance(item, InputError):
            return (item.path, item.record, item.kind, item.problem)
        return item

    assert [shown(i) for i in by_line] == [shown(i) for i in whole]
    path = tmp_path / "f.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write(content)
    raw = list(read_input(path, raw=True))
    assert all(isinstance(r, RawRecord) for r in raw) and len(raw) == 5
    parsed = [parse_raw(r) if isinstance(r, RawRecord) else r for r in raw]
    assert parsed == list(read_input(path))


def test_raw_applies_to_json_lines_only(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps([{"id": "J", "text": "Talks."}]))
    (tmp_path / "b.csv").write_text("id,text\nK,Talks.\n")
    (tmp_path / "c.ndjson").write_text(_line(id="N", text="Talks."))
    (tmp_path / "d.jsonl").write_bytes(b"\xff\xfe")  # a problem, not lines
    assert [type(x).__name__ for x in read_input(tmp_path / "a.json", raw=True)] == ["Article"]
    assert [type(x).__name__ for x in read_input(tmp_path / "b.csv", raw=True)] == ["Article"]
    assert [type(x).__name__ for x in read_input(tmp_path / "c.ndjson", raw=True)] == [
        "RawRecord"]
    assert [type(x).__name__ for x in read_input(tmp_path / "d.jsonl", raw=True)] == [
        "LoadIssue"]
