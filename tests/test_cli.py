from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

from analysis.cli import main
from analysis.store import read_incidents

ROOT = Path(__file__).resolve().parents[1]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_ingest_seed_writes_the_four_files(tmp_path: Path) -> None:
    code, out, _ = run("ingest", str(ROOT / "seeds"), "--out", str(tmp_path))
    assert code == 0
    assert out.startswith("ingested 1 articles, ")
    for name in ("events.parquet", "events.csv", "articles.parquet", "errors.csv"):
        assert (tmp_path / name).exists()  # the .parquet are partitioned dataset folders
    events = pd.read_parquet(tmp_path / "events.parquet")
    csv = pd.read_csv(tmp_path / "events.csv", dtype={"cameo_code": str})
    assert len(events) == len(csv) > 0
    assert (events["cameo_code"] == csv["cameo_code"]).all()
    required = ("event_id article_id sentence_index evidence char_start char_end trigger actor1 "
                "actor1_code actor2 actor2_code cameo_code event_name quad_class goldstein "
                "direction date date_earliest date_latest date_text date_basis published tone "
                "source url title").split()
    assert list(csv.columns[: len(required)]) == required


def _store_state(data: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(events, articles, events.csv, incidents) of a store, as the tests compare them."""
    events = pd.read_parquet(data / "events.parquet")
    articles = pd.read_parquet(data / "articles.parquet")
    exported = pd.read_csv(data / "events.csv", dtype=str, keep_default_na=False)
    incidents = read_incidents(data)
    incidents["event_ids"] = incidents["event_ids"].map(tuple)
    incidents["article_ids"] = incidents["article_ids"].map(tuple)
    return events, articles, exported, incidents


def test_ingest_twice_does_not_duplicate(tmp_path: Path) -> None:
    assert run("ingest", str(ROOT / "seeds"), "--out", str(tmp_path))[0] == 0
    events, articles, exported, incidents = _store_state(tmp_path)
    assert len(events) > 0 and len(incidents) > 0  # (0 == 0 would prove nothing)
    assert run("ingest", str(ROOT / "seeds"), "--out", str(tmp_path))[0] == 0
    again, articles_again, exported_again, incidents_again = _store_state(tmp_path)
    assert len(again) == len(events) == len(exported_again) == len(exported)
    assert again["event_id"].tolist() == events["event_id"].tolist()
    assert again["event_id"].is_unique
    assert articles_again["article_id"].is_unique
    assert sorted(articles_again["article_id"]) == sorted(articles["article_id"])
    assert exported_again["event_id"].tolist() == exported["event_id"].tolist()
    pd.testing.assert_frame_equal(incidents_again, incidents)


def test_ingest_reports_bad_files_and_goes_on(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "empty.txt").write_text("")
    (src / "good.jsonl").write_text(
        json.dumps({"id": "g1", "text": "Iran attacked Pakistan on Tuesday.",
                    "date": "2024-01-19"}) + "\n{broken\n")
    code, out, err = run("ingest", str(src), "--out", str(tmp_path / "data"))
    assert code == 0
    assert "empty.txt: file is empty" in err
    assert "good.jsonl:line 2: invalid JSON" in err
    errors = pd.read_csv(tmp_path / "data" / "errors.csv")
    assert sorted(errors["kind"]) == ["empty", "json"]
    assert "2 errors" in out


def test_ingest_exit_2_when_nothing_ingested_and_strict(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    assert run("ingest", str(tmp_path / "empty.txt"), "--out", str(tmp_path / "d"))[0] == 2
    good = tmp_path / "g.jsonl"
    good.write_text('{"id": "1", "text": "Talks began."}\n{bad\n')
    code, _, err = run("ingest", str(good), "--out", str(tmp_path / "s"), "--strict")
    assert code == 2 and "--strict" in err
    assert not (tmp_path / "s" / "events.parquet").exists()


def test_reference_date_resolves_and_missing_dct_is_counted(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("Strikes\n\nIran attacked militant bases in Pakistan on Tuesday.\n")
    code, out, _ = run("ingest", str(src), "--out", str(tmp_path / "u"))
    assert code == 0 and "1 article(s) have no publication date: 1 relative" in out
    code, out, _ = run("ingest", str(src), "--out", str(tmp_path / "r"),
                       "--reference-date", "2024-01-19")
    assert "no publication date" not in out
    articles = pd.read_parquet(tmp_path / "r" / "articles.parquet")
    assert articles["dct_source"].tolist() == ["reference_date"]
    events = pd.read_parquet(tmp_path / "r" / "events.parquet")
    assert (events["date"] == pd.Timestamp("2024-01-16")).any()


def test_annotate_contract(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "x1", "text": "Iran launched missile strikes on Pakistan on Tuesday.",
                    "dct": "2024-01-19"}) + "\n"
        + json.dumps({"id": "x2", "text": "They met yesterday."}) + "\n")
    code, out, _ = run("annotate", str(src), "--dct", "2024-01-10")
    assert code == 0
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["id"] == "x1" and set(first) >= {"id", "dates", "events", "tone"}
    date = first["dates"][0]
    assert set(date) == {"text", "start", "end", "type", "value", "earliest", "latest"}
    text = "Iran launched missile strikes on Pakistan on Tuesday."
    assert text[date["start"]:date["end"]] == date["text"]
    assert date["value"] == "2024-01-16"
    assert first["events"] and first["events"][0]["direction"] == "escalation"
    assert first["tone"]["label"] in {"neg", "neu", "pos"}
    assert second["dates"][0]["value"] == "2024-01-09"  # --dct fallback


def test_python_dash_m_and_console_script() -> None:
    proc = subprocess.run([sys.executable, "-m", "analysis", "--help"], capture_output=True,
                          text=True, check=True)
    for command in ("ingest", "annotate", "report", "dictionaries"):
        assert command in proc.stdout


def test_internal_fault_exits_1(tmp_path: Path) -> None:
    """A bug (not bad input) propagates, so the process exits with status 1."""
    src = tmp_path / "a.jsonl"
    src.write_text('{"id": "1", "text": "Iran attacked Pakistan.", "date": "2024-01-19"}\n')
    code = (
        "import sys, analysis.pipeline as p\n"
        "def boom(*a, **k):\n    raise RuntimeError('bug')\n"
        "p.split_sentences = boom\n"
        "from analysis.cli import main\n"
        f"sys.exit(main(['ingest', {str(src)!r}, '--out', {str(tmp_path / 'd')!r}]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "RuntimeError: bug" in proc.stderr
