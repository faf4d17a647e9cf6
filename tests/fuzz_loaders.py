"""Fuzzing target for the input edge: ``make fuzz`` (not collected by ``make test``).

Arbitrary and half-structured bytes are written under every supported suffix and
read with :func:`analysis.iorw.read_input`, the function ``tension ingest``
calls per file. It must never raise: every problem is a ``LoadIssue``, and every
article has text and a publication date inside the bounds.

Budget: ``FUZZ_EXAMPLES`` examples per property (default 5000), e.g.
``make fuzz FUZZ_EXAMPLES=50000``.
"""

from __future__ import annotations

import gzip
import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.iorw import LoadIssue, read_input
from analysis.loaders import EARLIEST_DCT, LATEST_DCT
from analysis.records import Article

BUDGET = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "5000")), deadline=None,
                  suppress_health_check=list(HealthCheck), database=None)

SUFFIXES = [".txt", ".md", ".jsonl", ".json", ".csv", ".html", ".xml", ".rss", ".atom",
            ".jsonl.gz", ".json.gz", ".html.gz"]
FRAGMENTS = st.sampled_from([
    "---\n", "date: ", "title: ", "2024-01-19", "9999-99-99", "\n", "{", "}", '"text": ',
    '"id": "x", ', '"date": "', "[", "]", ",", "<html>", "<p>", "</p>", "<script>", "</script>",
    "<meta property='article:published_time' content='", "'>", "<?xml version='1.0'?>",
    "<rss><channel><item>", "<description>", "</description>", "</item></channel></rss>",
    "<pubDate>", "</pubDate>", "<![CDATA[", "]]>", "&amp;", "&#0;", "&#x110000;", "<!--",
    "id,date,text\n", '"', "Iran attacked Pakistan on Tuesday. ", "\x00", "\ufeff", "é", "\r",
])
STRUCTURED = st.lists(st.one_of(FRAGMENTS, st.text(max_size=10)), max_size=40).map("".join)
CONTENT = st.one_of(
    st.binary(max_size=2000),
    STRUCTURED.map(lambda s: s.encode("utf-8", "surrogatepass")),
    STRUCTURED.map(lambda s: s.encode("cp1252", "replace")),
    STRUCTURED.map(lambda s: s.encode("utf-16")),
    st.lists(st.dictionaries(st.sampled_from(["id", "text", "date", "body", "title"]),
                             st.one_of(st.text(max_size=30), st.integers(), st.none()),
                             max_size=5), max_size=5)
    .map(lambda rows: "\n".join(json.dumps(r) for r in rows).encode()),
)


def _read(raw: bytes, suffix: str) -> list[Article | LoadIssue]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"f{suffix}"
        path.write_bytes(gzip.compress(raw) if suffix.endswith(".gz") else raw)
        return list(read_input(path, max_bytes=100_000))


@BUDGET
@given(CONTENT, st.sampled_from(SUFFIXES))
def test_read_input_never_raises(raw: bytes, suffix: str) -> None:
    for item in _read(raw, suffix):
        if isinstance(item, LoadIssue):
            assert item.kind and item.path.endswith(suffix)
            continue
        assert item.text.strip() and item.article_id
        if item.published is not None:
            assert EARLIEST_DCT <= item.published <= LATEST_DCT


@BUDGET
@given(st.binary(max_size=300), st.sampled_from([".jsonl.gz", ".json.gz", ".txt.gz"]))
def test_corrupt_gzip_is_one_issue(raw: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"f{suffix}"
        path.write_bytes(b"\x1f\x8b" + raw)
        items = list(read_input(path))
    assert all(isinstance(i, (Article, LoadIssue)) for i in items)
