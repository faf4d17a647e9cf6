"""The spliced events.csv export (analysis/csv_splice.py) is byte-identical to a full export."""

from __future__ import annotations

import itertools
import json
import os
import random
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from analysis import csv_splice, store
from analysis.ingest import ingest
from analysis.schema import ARTICLE_COLUMNS, EVENT_COLUMNS, conform

EVIDENCE = [
    "Iran launched missile strikes on militant bases in Pakistan.",
    'Pakistan said "the strikes", were a violation, and summoned the envoy.',
    "Missile strikes hit militant bases\nnear the border, officials said.",
    "Téhéran a lancé des frappes — 伊朗 发射 导弹 on militant bases.",
    'He said ""no"" twice, then\r\nleft.',
    "",
    "Plain, with a comma",
]
TITLES = ["Strikes", "Frappes, et \"riposte\"", "Line\nbreak", "", "伊朗"]
PUBLISHED = ["2024-01-19", "2024-01-20", "2024-02-03", "2023-12-31", None]
ARTICLE_IDS = ["a", "a-1", "aé", "b", "Z", "中", "a b", "b0", "c", "d", "e", "f"]


def _events(rng: random.Random, article_id: str, n: int, published: str | None,
            seq: int) -> pd.DataFrame:
    rows = []
    for i in range(n):
        for k in range(rng.choice((1, 1, 2))):
            day = published or "2024-01-18"
            low = pd.Timestamp(day) - pd.Timedelta(days=rng.choice((0, 1, 3)))
            dated = rng.random() > 0.15
            rows.append({
                "event_id": f"{article_id}-s{i}-e{k}", "article_id": article_id,
                "sentence_index": i, "evidence": rng.choice(EVIDENCE),
                "char_start": 40 * i + rng.choice((0, 5)), "char_end": 40 * i + 30,
                "trigger": rng.choice(["strike", "said", "launched"]),
                "actor1": rng.choice(["Iran", "", "Pakistan, army"]),
                "actor1_code": rng.choice(["IRN", "PAK", "IRNMIL"]),
                "actor2_code": rng.choice(["PAK", "IRN", ""]),
                "cameo_code": rng.choice(["190", "193", "042", "0231"]),
                "quad_class": rng.choice((1, 4)), "goldstein": rng.choice((-10.0, 1 / 3, 3.4)),
                "direction": "escalation",
                "date": day if dated else None,
                "date_earliest": str(low.date()) if dated else None,
                "date_latest": day if dated else None,
                "published": published, "tone": rng.choice((0.0, -0.25, 1e-7, None)),
                "source": rng.choice(["Agency A", "Agency B; Agency C", ""]),
                "title": rng.choice(TITLES), "trigger_start": 0, "trigger_end": seq,
                "date_value": rng.choice(["2024-W03", None]),
            })
    return conform(pd.DataFrame(rows), EVENT_COLUMNS)


def _articles(article_id: str, published: str | None) -> pd.DataFrame:
    return conform(pd.DataFrame({"article_id": [article_id], "published": [published],
                                 "n_sentences": 1, "n_events": 0, "n_dates": 0,
                                 "n_unresolved_dates": 0}), ARTICLE_COLUMNS)


def _commit(root: Path, rng: random.Random, ids: list[str], seq: int, *,
            published: str | None = "keep") -> None:
    frames = []
    for article_id in ids:
        when = rng.choice(PUBLISHED) if published == "keep" else published
        frames.append((_events(rng, article_id, rng.randint(0, 3), when, seq),
                       _articles(article_id, when)))
    store.commit(root, pd.concat([f[0] for f in frames], ignore_index=True),
                 pd.concat([f[1] for f in frames], ignore_index=True))


def _export(root: Path) -> str:
    """Export to the default path; assert it equals a full export; return how it was made."""
    mode = store._export(root, root / "events.csv", "events", incremental=True)
    full = store.export_csv(root, root.parent / f"{root.name}-full.csv")
    assert (root / "events.csv").read_bytes() == full.read_bytes()
    return mode


@pytest.mark.parametrize("seed", range(5))
def test_random_histories_splice_to_the_full_export(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    root = tmp_path / "d"
    stored: list[str] = []
    modes: list[tuple[str, str, bool]] = []
    assert _export(root) == "empty"
    for step in range(12):
        op = rng.choice(["new", "new", "new", "reingest", "reingest", "compact", "refresh",
                         "undated", "drop_incidents"] if stored else ["new"])
        if op in ("new", "undated"):
            fresh = [i for i in ARTICLE_IDS if i not in stored][:rng.randint(1, 3)]
            if not fresh:
                op = "reingest"
            else:
                _commit(root, rng, fresh, step,
                        published=None if op == "undated" else "keep")
                stored.extend(fresh)
                if rng.random() < 0.8:
                    store.refresh_incidents(root, fresh, result=False)
        if op == "reingest":
            again = rng.sample(stored, rng.randint(1, min(2, len(stored))))
            _commit(root, rng, again, step)
            store.refresh_incidents(root, again, result=False)
        elif op == "compact":
            store.compact(root)
        elif op == "refresh":
            store.refresh_incidents(root, None, result=False)
        elif op == "drop_incidents":
            (root / store.INCIDENTS).unlink(missing_ok=True)
        modes.append((op, _export(root), (root / store.INCIDENTS).is_file()))
    # once indexed, every export is spliced, but when incidents appear or go
    previous: bool | None = None  # incidents at the last indexed export
    for op, mode, incidents in modes:
        if mode == "empty":
            continue
        if previous is not None and incidents == previous:
            assert mode == "spliced", (op, modes)
        previous = incidents
    assert sum(mode == "spliced" for _, mode, _ in modes) >= 5


def _store(tmp_path: Path, seed: int = 7) -> Path:
    rng = random.Random(seed)
    root = tmp_path / "d"
    _commit(root, rng, ARTICLE_IDS[:6], 0)
    store.refresh_incidents(root, None, result=False)
    assert _export(root) == "full"
    _commit(root, rng, ARTICLE_IDS[6:8], 1)
    store.refresh_incidents(root, ARTICLE_IDS[6:8], result=False)
    assert _export(root) == "spliced"
    return root


def test_index_records_rows_in_file_order(tmp_path: Path) -> None:
    root = _store(tmp_path)
    data = (root / "events.csv").read_bytes()
    with pa.memory_map(str(root / csv_splice.INDEX_NAME)) as source:
        index = pa.ipc.open_file(source).read_all()
    meta = json.loads(index.schema.metadata[b"tension.csv_index"])
    assert meta["csv_size"] == len(data) and meta["header"] == data.split(b"\n")[0].decode() + "\n"
    assert meta["names"] == list(EVENT_COLUMNS)
    events = store.read_events(root)
    assert index.column("event_id").to_pylist() == events["event_id"].tolist()
    assert index.column("incident_id").to_pylist() == [
        None if pd.isna(v) else v for v in events["incident_id"]]
    offsets, lengths = index.column("offset").to_pylist(), index.column("length").to_pylist()
    assert offsets[0] == len(meta["header"].encode())
    assert offsets[-1] + lengths[-1] == len(data)
    for event_id, offset in zip(events["event_id"], offsets, strict=True):
        assert data[offset:].startswith(event_id.encode() + b",")
    files = [meta["files"][k] for k in index.column("file").to_pylist()]
    for article_id, name in zip(events["article_id"], files, strict=True):
        held = pq.read_table(root / name, columns=["article_id"]).column(0).to_pylist()
        assert article_id in held


def test_index_rows_read_beside_the_export_equal_those_read_after(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A full export reads its index's rows on a cursor while DuckDB writes the CSV
    (csv_splice.RowsAhead): the same index as reading them after it; the thread and its
    cursor are done when the export returns, also when the export fails."""
    root = _store(tmp_path)

    def full_export() -> tuple[bytes, pa.Table]:
        csv_splice.remove_index(root / "events.csv")
        assert _export(root) == "full"
        with pa.memory_map(str(root / csv_splice.INDEX_NAME)) as source:
            index = pa.ipc.open_file(source).read_all()
        return (root / "events.csv").read_bytes(), index.replace_schema_metadata(None)

    made: list[csv_splice.RowsAhead] = []
    real = csv_splice.RowsAhead

    def ahead(plan: csv_splice.ExportPlan) -> csv_splice.RowsAhead:
        made.append(real(plan))
        return made[-1]

    monkeypatch.setattr(csv_splice, "RowsAhead", ahead)
    beside = full_export()
    assert len(made) == 1 and not made[0].running
    monkeypatch.setattr(csv_splice, "RowsAhead", lambda plan: None)
    after = full_export()
    assert beside[0] == after[0]
    assert beside[1].equals(after[1])

    monkeypatch.setattr(csv_splice, "RowsAhead", ahead)
    monkeypatch.setattr(store, "atomic_write", lambda path, write: 1 / 0)
    csv_splice.remove_index(root / "events.csv")
    with pytest.raises(ZeroDivisionError):
        _export(root)
    assert len(made) == 2 and not made[1].running


def test_corrupt_or_stale_index_means_a_full_export(tmp_path: Path) -> None:
    root = _store(tmp_path)
    index = root / csv_splice.INDEX_NAME
    index.write_bytes(b"not an arrow file")
    assert _export(root) == "full"
    assert _export(root) == "spliced"  # the full export wrote a good index again
    index.write_bytes(index.read_bytes()[:-100])  # torn
    assert _export(root) == "full"
    index.unlink()
    assert _export(root) == "full"
    assert _export(root) == "spliced"


def test_edited_csv_means_a_full_export(tmp_path: Path) -> None:
    root = _store(tmp_path)
    csv = root / "events.csv"
    with open(csv, "ab") as handle:  # another size
        handle.write(b"my note\n")
    assert _export(root) == "full"
    data = csv.read_bytes()  # same size, another mtime
    csv.write_bytes(data.replace(b"Agency", b"AGENCY"))
    stat = csv.stat()
    os.utime(csv, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert _export(root) == "full"
    assert _export(root) == "spliced"


def test_custom_path_is_full_and_leaves_the_index(tmp_path: Path) -> None:
    root = _store(tmp_path)
    other = store.export_csv(root, tmp_path / "elsewhere.csv")
    assert other.read_bytes() == (root / "events.csv").read_bytes()
    rng = random.Random(3)
    _commit(root, rng, ["new1"], 5)
    assert _export(root) == "spliced"
    # a custom path naming the default file: a full export there; its index goes
    store.export_csv(root, root / "events.csv")
    assert not (root / csv_splice.INDEX_NAME).exists()
    assert _export(root) == "full"


def test_other_column_types_mean_a_full_export(tmp_path: Path) -> None:
    root = _store(tmp_path)
    part = next((root / store.EVENTS).glob("*/*.parquet"))
    table = pq.read_table(part)
    # a new file where sentence_index is a double: the subset would format otherwise
    odd = table.set_column(table.schema.get_field_index("sentence_index"), "sentence_index",
                           table.column("sentence_index").cast(pa.float64()))
    odd = odd.set_column(0, "event_id", pa.array([f"x{i}" for i in range(len(odd))],
                                                 type=pa.large_string()))
    odd = odd.set_column(1, "article_id", pa.array(["odd"] * len(odd), type=pa.large_string()))
    pq.write_table(odd, part.parent / "part-odd.parquet")
    assert _export(root) == "full"


def test_quoted_incident_id_gets_no_index(tmp_path: Path) -> None:
    root = _store(tmp_path)
    path = root / store.INCIDENTS
    table = pq.read_table(path)
    ids = table.column("incident_id").to_pylist()
    ids[0] = "inc,odd"
    table = table.set_column(table.schema.get_field_index("incident_id"), "incident_id",
                             pa.array(ids, type=table.schema.field("incident_id").type))
    pq.write_table(table, path)
    assert _export(root) == "full"
    assert not (root / csv_splice.INDEX_NAME).exists()
    assert _export(root) == "full"


def test_store_without_events_has_no_index(tmp_path: Path) -> None:
    root = tmp_path / "d"
    store.commit(root, _events(random.Random(1), "a", 0, None, 0), _articles("a", None))
    assert _export(root) == "empty"
    assert not (root / csv_splice.INDEX_NAME).exists()
    _commit(root, random.Random(2), ["b", "c"], 1)
    assert _export(root) == "full"
    assert _export(root) == "spliced"


def test_row_bounds_skip_line_feeds_inside_quotes() -> None:
    data = b'h1,h2\na,"x\ny"\n"b ""q""\n",2\n,\n'
    bounds = csv_splice.row_bounds(data, data.index(b"\n") + 1)
    rows = [data[a:b] for a, b in itertools.pairwise(bounds.tolist())]
    assert rows == [b'a,"x\ny"\n', b'"b ""q""\n",2\n', b",\n"]


STORIES = [
    ("s1", "2024-01-17", "Iran launched missile strikes on militant bases in Pakistan on "
     "Tuesday. Pakistan condemned the strikes."),
    ("s2", "2024-01-18", "Pakistan struck militant hideouts in Iran on Thursday. "
     "Iran summoned Pakistan's envoy."),
    ("s3", "2024-02-19", "Pakistan and Iran agreed to de-escalate on Friday."),
    ("s4", None, "India launched missile strikes on Pakistan on Wednesday."),
]


def _record_splices(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """The outcome of every later ``csv_splice.splice`` call (True: the file was spliced)."""
    spliced: list[bool] = []
    splice = csv_splice.splice

    def recorded(*args: object) -> bool:
        spliced.append(splice(*args))  # type: ignore[arg-type]
        return spliced[-1]

    monkeypatch.setattr(csv_splice, "splice", recorded)
    return spliced


def test_ingest_splices_its_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "d"
    spliced = _record_splices(monkeypatch)

    def run(name: str, stories: list[tuple[str, str | None, str]]) -> None:
        path = tmp_path / f"{name}.jsonl"
        path.write_text("".join(json.dumps({"id": i, "date": d, "source": "Agency", "text": t})
                                + "\n" for i, d, t in stories))
        ingest([path], out)
        full = store.export_csv(out, tmp_path / "full.csv")
        assert (out / "events.csv").read_bytes() == full.read_bytes()

    run("first", STORIES[:2])
    assert (out / csv_splice.INDEX_NAME).is_file()
    before = (out / csv_splice.INDEX_NAME).stat().st_mtime_ns
    run("second", STORIES[2:])
    run("third", [("s1", "2024-01-17", "Iran fired missiles at militant camps in Pakistan.")])
    assert (out / csv_splice.INDEX_NAME).stat().st_mtime_ns != before
    assert spliced == [True, True]  # the first had no index to splice


def _strike(article_id: str, published: str) -> pd.DataFrame:
    return conform(pd.DataFrame([{
        "event_id": f"{article_id}-s0-e0", "article_id": article_id, "sentence_index": 0,
        "evidence": "Iran launched missile strikes on militant bases in Pakistan.",
        "char_start": 0, "char_end": 60, "actor1_code": "IRN", "actor2_code": "PAK",
        "cameo_code": "190", "quad_class": 4, "goldstein": -10.0, "date": "2024-01-16",
        "date_earliest": "2024-01-16", "date_latest": "2024-01-16", "published": published,
        "trigger_start": 0, "trigger_end": 4,
    }]), EVENT_COLUMNS)


def test_changed_incident_of_an_old_row_is_patched(tmp_path: Path) -> None:
    root = tmp_path / "d"
    store.commit(root, _strike("a", "2024-01-19"), _articles("a", "2024-01-19"))
    store.commit(root, _events(random.Random(5), "z", 2, "2024-03-01", 0),
                 _articles("z", "2024-03-01"))
    store.refresh_incidents(root, None, result=False)
    assert _export(root) == "full"
    before = store.read_events(root).set_index("event_id")["incident_id"]
    store.commit(root, _strike("b", "2024-01-20"), _articles("b", "2024-01-20"))
    store.refresh_incidents(root, ["b"], result=False)
    assert _export(root) == "spliced"
    after = store.read_events(root).set_index("event_id")["incident_id"]
    assert after["a-s0-e0"] == after["b-s0-e0"] != before["a-s0-e0"]  # a's row was patched
    assert (after.drop(["a-s0-e0", "b-s0-e0"]) == before.drop("a-s0-e0")).all()
    assert after["a-s0-e0"].encode() in (root / "events.csv").read_bytes()
    # and back: b goes (re-ingested without events), a's incident is a's alone again
    store.commit(root, _events(random.Random(5), "b", 0, None, 0), _articles("b", "2024-01-20"))
    store.refresh_incidents(root, ["b"], result=False)
    assert _export(root) == "spliced"
    assert store.read_events(root).set_index("event_id")["incident_id"]["a-s0-e0"] == \
        before["a-s0-e0"]


def test_cli_export_splices_the_default_path_only(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from analysis.cli import main

    root = _store(tmp_path)
    _commit(root, random.Random(4), ["cli1", "cli2"], 9)
    spliced = _record_splices(monkeypatch)
    assert main(["export", str(root)], out=io.StringIO(), err=io.StringIO()) == 0
    assert spliced == [True]
    full = store.export_csv(root, tmp_path / "full.csv")
    assert (root / "events.csv").read_bytes() == full.read_bytes()
    other = tmp_path / "out.csv"
    assert main(["export", str(root), "--out", str(other)], out=io.StringIO(),
                err=io.StringIO()) == 0
    assert spliced == [True] and other.read_bytes() == full.read_bytes()
    assert main(["export", str(root), "--compact"], out=io.StringIO(), err=io.StringIO()) == 0
    assert spliced == [True, True]  # the compacted months are formatted again
    assert (root / "events.csv").read_bytes() == full.read_bytes()


def test_export_prepared_beside_the_refresh_is_the_full_export(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """:meth:`store.ConnectionAhead.prepare` formats the new files' rows in a thread before
    the refresh; the export then splices with them and with the incidents table the refresh
    handed over (the incidents file is not read back): the bytes of a full export."""
    import threading

    rng = random.Random(3)
    root = _store(tmp_path)
    _commit(root, rng, ARTICLE_IDS[8:10], 2)
    threads: list[str] = []
    plan = store._export_plan

    def spy(*args: object, **kwargs: object) -> object:
        threads.append(threading.current_thread().name)
        return plan(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "_export_plan", spy)
    read: list[Path] = []
    members = csv_splice._Members.read.__func__  # type: ignore[attr-defined]

    def reading(cls: type, path: Path) -> object:
        read.append(path)
        return members(cls, path)

    monkeypatch.setattr(csv_splice._Members, "read", classmethod(reading))
    connection = store.ConnectionAhead()
    connection.wait()
    connection.prepare(root)
    store.refresh_incidents(root, ARTICLE_IDS[8:10], result=False,
                            before_fork=connection.wait,
                            written=connection.incidents_written)
    spliced = _record_splices(monkeypatch)
    store.export_csv(root, connection=connection)
    assert threads == ["export-prepare"] and spliced == [True] and read == []
    full = store.export_csv(root, tmp_path / "full.csv")
    assert (root / "events.csv").read_bytes() == full.read_bytes()


def test_export_prepared_for_other_files_is_not_used(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A preparation made before another commit changed the event files is dropped, and
    an incidents table handed over for a file replaced since is not spliced in: the export
    reads the store as it is then (same bytes as a full export)."""
    from analysis.ahead import Ahead

    rng = random.Random(4)
    root = _store(tmp_path)
    path = root / store.INCIDENTS
    connection = store.ConnectionAhead()
    connection.wait()
    connection.prepare(root)
    stale = store._identity(path)
    connection.incidents_written(pq.read_table(path), path, Ahead(lambda: stale, "t-write"))
    _commit(root, rng, ARTICLE_IDS[8:10], 2)  # other files; a new incidents file
    store.refresh_incidents(root, ARTICLE_IDS[8:10], result=False)
    prepared, written = connection.prepared(root)
    assert prepared is not None and written is not None
    assert not prepared.matches(root, root / "events.csv", store._events_source(
        root, hive=False))
    prepared.close()
    assert connection.settle() is False  # not the file written
    assert connection.settle() is True  # (nothing pending any more)
    # planned with the stale table, the splice is not written: a full export follows
    stale = store._identity(path)
    connection.incidents_written(pq.read_table(path), path, Ahead(lambda: stale, "t-write"))
    _commit(root, rng, ARTICLE_IDS[10:12], 3)
    store.refresh_incidents(root, ARTICLE_IDS[10:12], result=False)
    before = (root / "events.csv").read_bytes()
    store.export_csv(root, connection=connection)
    full = store.export_csv(root, tmp_path / "full.csv")
    assert (root / "events.csv").read_bytes() == full.read_bytes() != before
    assert _export(root) == "spliced"  # and its index is good


def test_ingest_writes_the_incidents_beside_its_export(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """An ingest's refresh writes the incidents file in a thread holding the store's lock;
    the export replaces events.csv only once the file is written, and raises what writing
    it raised (events.csv left as it was)."""
    import threading

    out = tmp_path / "d"
    stories = tmp_path / "s.jsonl"
    stories.write_text("".join(json.dumps({"id": i, "date": d, "source": "Agency", "text": t})
                               + "\n" for i, d, t in STORIES))
    for _ in range(2):  # a full export (joining the file written in a thread), a splice
        ingest([stories], out)
        assert not any(t.name == "incidents-write" for t in threading.enumerate())
        full = store.export_csv(out, tmp_path / "full.csv")
        assert (out / "events.csv").read_bytes() == full.read_bytes()
        assert b",inc-" in full.read_bytes()
        # the file written in the thread is the one a refresh writes (rows sorted, the
        # event files it saw in its metadata: the next refresh is incremental)
        copy = tmp_path / "copy"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(out, copy)
        store.refresh_incidents(copy, set(), result=False)
        got, want = pq.read_table(out / store.INCIDENTS), pq.read_table(copy / store.INCIDENTS)
        assert got.equals(want) and got.schema.metadata == want.schema.metadata
        assert store._SEEN_PARTS in (got.schema.metadata or {})
    order: list[str] = []
    write = store._write_incidents

    def slow(path: Path, table: pa.Table) -> None:
        import time

        time.sleep(0.2)
        write(path, table)
        order.append("incidents")

    replace = store.atomic_write

    def noted(path: Path, *args: Any, **kwargs: Any) -> None:
        replace(path, *args, **kwargs)
        order.append(path.name)

    monkeypatch.setattr(store, "_write_incidents", slow)
    monkeypatch.setattr(store, "atomic_write", noted)
    ingest([stories], out)
    assert order.index("incidents") < order.index("events.csv")

    def failing(path: Path, table: pa.Table) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(store, "_write_incidents", failing)
    before = (out / "events.csv").read_bytes()
    with pytest.raises(OSError, match="disk full"):
        ingest([stories], out)
    assert (out / "events.csv").read_bytes() == before
    with store._locked(out):  # released by the failed write
        pass


def test_nothing_is_prepared_without_an_index_or_incidents(tmp_path: Path) -> None:
    rng = random.Random(5)
    root = tmp_path / "d"
    _commit(root, rng, ARTICLE_IDS[:3], 0)
    connection = store.ConnectionAhead()
    connection.prepare(root)  # no incidents file, no index yet
    assert connection.prepared(root) == (None, None)
    store.refresh_incidents(root, None, result=False)
    connection.prepare(root)  # no index yet
    assert connection.prepared(root) == (None, None)
    store.export_csv(root, connection=connection)
    assert (root / csv_splice.INDEX_NAME).is_file()
