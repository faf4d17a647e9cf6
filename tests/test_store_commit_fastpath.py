"""A commit of frames already in the schema skips conform and gives the same store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from analysis import store
from analysis.pipeline import analyse_article, articles_frame, events_frame
from analysis.records import Article
from analysis.schema import ARTICLE_COLUMNS, EVENT_COLUMNS, conform

TEXT = ("Iran launched missile strikes on militant bases in Pakistan on Tuesday. "
        "Pakistan recalled its ambassador from Tehran on Wednesday.")


def test_conformed_frames_are_used_as_they_are(tmp_path: Path) -> None:
    analysis = analyse_article(Article(article_id="a1", text=TEXT,
                                       published=dt.date(2024, 1, 19), dct_source="record"))
    events, articles = events_frame([analysis]), articles_frame([analysis])
    assert store._conformed(events, EVENT_COLUMNS) is events
    loose = events.astype({"sentence_index": "float64", "trigger": "object"})
    fixed = store._conformed(loose, EVENT_COLUMNS)
    assert fixed is not loose
    pd.testing.assert_frame_equal(fixed, conform(loose, EVENT_COLUMNS))
    store.commit(tmp_path / "fast", events, articles)
    store.commit(tmp_path / "slow", loose, articles.astype({"n_events": "float64"}))
    for table in ("events", "articles"):
        got = getattr(store, f"read_{table}")(tmp_path / "fast")
        want = getattr(store, f"read_{table}")(tmp_path / "slow")
        pd.testing.assert_frame_equal(got, want)
    assert len(store.read_events(tmp_path / "fast")) == len(events) > 0
    assert list(store.read_articles(tmp_path / "fast").columns) == list(ARTICLE_COLUMNS)
