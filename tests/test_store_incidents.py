"""DIR/incidents.parquet: kept up to date by ingest, block by block, identical to a full run."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from analysis.ingest import ingest
from analysis.store import read_events, read_incidents, refresh_incidents

STORIES = [
    ("a1", "2024-01-17", "Agency A", "Iran launched missile strikes on militant bases in "
     "Pakistan on Tuesday. Pakistan condemned the strikes."),
    ("a2", "2024-01-18", "Agency B", "Pakistan struck militant hideouts in Iran on Thursday. "
     "Iran summoned Pakistan's envoy."),
    ("a3", "2024-01-19", "Agency C", "Pakistan and Iran agreed to de-escalate on Friday."),
    ("b1", "2025-05-08", "Agency D", "India launched missile strikes on Pakistan on Wednesday."),
]


def _write(folder: Path, stories: list[tuple[str, str, str, str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "stories.jsonl"
    path.write_text("".join(json.dumps({"id": i, "date": d, "source": s, "text": t}) + "\n"
                            for i, d, s, t in stories))
    return path


def _membership(incidents: pd.DataFrame) -> set[tuple[str, tuple[str, ...]]]:
    return {(row.incident_id, tuple(sorted(row.event_ids)))
            for row in incidents.itertuples(index=False)}


def test_every_event_carries_its_incident(tmp_path: Path) -> None:
    ingest([_write(tmp_path / "in", STORIES)], tmp_path / "d")
    events = read_events(tmp_path / "d")
    incidents = read_incidents(tmp_path / "d")
    assert len(events) > 0 and events["incident_id"].notna().all()
    by_event = {e: row.incident_id for row in incidents.itertuples() for e in row.event_ids}
    assert dict(zip(events["event_id"], events["incident_id"], strict=True)) == by_event
    assert incidents["n_events"].sum() == len(events)
    csv = pd.read_csv(tmp_path / "d" / "events.csv")
    assert csv["incident_id"].notna().all()


def test_incremental_refresh_equals_full_clustering(tmp_path: Path) -> None:
    out = tmp_path / "d"
    ingest([_write(tmp_path / "first", STORIES[:2])], out)
    ingest([_write(tmp_path / "second", STORIES[2:])], out)
    # re-ingest a1 with different text: its events change, ids stay
    changed = [("a1", "2024-01-17", "Agency A",
                "Iran fired missiles at militant camps in Pakistan on Tuesday.")]
    ingest([_write(tmp_path / "third", changed)], out)
    incremental = _membership(read_incidents(out))
    full = _membership(refresh_incidents(out, None))
    assert incremental == full
    events = read_events(out)
    assert set(events["event_id"]) == {e for _, ids in full for e in ids}


def test_untouched_blocks_are_not_reclustered(tmp_path: Path) -> None:
    out = tmp_path / "d"
    ingest([_write(tmp_path / "first", STORIES)], out)
    before = read_incidents(out)
    india = before[before["dyad"] == "IND-PAK"]
    assert len(india) >= 1
    ingest([_write(tmp_path / "second", [("a4", "2024-01-20", "Agency E",
                                          "Iran and Pakistan held talks on Saturday.")])], out)
    after = read_incidents(out)
    kept = after[after["dyad"] == "IND-PAK"]
    assert _membership(kept) == _membership(india)
    assert len(after) > len(before)
