"""Properties over the input edge and the pipeline stages, on arbitrary text:
no exception but :class:`InputError`, offsets always valid, dates inside bounds.

The budget is small here (``make test`` stays quick); ``make fuzz`` runs the
loader properties of :mod:`tests.fuzz_loaders` with a long budget.
"""

from __future__ import annotations

import datetime as dt
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.coder import code_sentence
from analysis.dates import tag_dates
from analysis.errors import InputError
from analysis.event_dates import date_events
from analysis.feeds import parse_feed
from analysis.html_pages import html_to_text, parse_html
from analysis.iorw import decode_bytes
from analysis.loaders import (
    EARLIEST_DCT,
    LATEST_DCT,
    parse_date,
    parse_markdown,
    parse_records,
    parse_text,
)
from analysis.records import Article, EventAnchor
from analysis.sentences import split_sentences

EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "60"))
FAST = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

# news-like text: words, numbers, months, punctuation, line breaks, odd unicode
WORDS = st.sampled_from(
    "Iran Pakistan attacked talks on Friday Jan. 19 2024 last week yesterday U.S. Mr. "
    "said strikes ceasefire the a , . ; ! ? “ ” ' \n \n\n — 3.5 percent 1987 next month "
    "ago two days after before <p> </p> & é 中 \u2028 \t".split(" ")
)
NEWSY = st.lists(st.one_of(WORDS, st.text(max_size=8)), max_size=60).map(" ".join)
TEXT = st.one_of(st.text(max_size=400), NEWSY)
DCT = st.one_of(st.none(), st.dates(min_value=EARLIEST_DCT, max_value=LATEST_DCT))


def _check_article(art: Article) -> None:
    assert art.text and art.text == art.text.strip()
    assert art.article_id
    if art.published is not None:
        assert EARLIEST_DCT <= art.published <= LATEST_DCT
        assert art.dct_source != "none"
    else:
        assert art.dct_source == "none"


@FAST
@given(TEXT)
def test_text_and_markdown_loaders_raise_only_input_errors(content: str) -> None:
    for parse in (parse_text, parse_markdown):
        try:
            _check_article(parse(content, path="x"))
        except InputError as exc:
            assert exc.kind and exc.path == "x"


@FAST
@given(TEXT, st.sampled_from(["f.jsonl", "f.json", "f.csv", "f.jsonl.gz"]))
def test_record_loader_yields_articles_or_errors(content: str, name: str) -> None:
    try:
        for item in parse_records(content, path=name):
            if isinstance(item, Article):
                _check_article(item)
            else:
                assert isinstance(item, InputError) and item.kind
    except InputError as exc:
        assert exc.kind in {"empty", "json"}


@FAST
@given(st.recursive(st.none() | st.booleans() | st.floats() | st.integers() | st.text(),
                    lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.sampled_from(["id", "text", "date", "title", "body",
                                                       "published", "url", "x"]), inner,
                                      max_size=5), max_leaves=12))
def test_json_values_of_any_shape(value: object) -> None:
    import json

    content = json.dumps(value)
    items = list(parse_records(content + "\n", path="f.jsonl"))
    assert len(items) == 1  # one JSON line, one record: an article or why it is none
    item = items[0]
    if isinstance(item, Article):
        assert isinstance(value, dict)
        _check_article(item)
    else:
        assert isinstance(item, InputError)
        assert (item.path, item.record) == ("f.jsonl", "line 1")
        assert item.kind in ({"no_text", "bad_date"} if isinstance(value, dict) else {"json"})
    if isinstance(value, dict):  # with a text string (and no date), whatever else it holds
        record = {k: v for k, v in value.items() if k not in ("date", "published")}
        text = "Pakistan and Iran exchanged strikes on Thursday."
        (article,) = parse_records(json.dumps({**record, "text": text}), path="f.jsonl")
        assert isinstance(article, Article)
        _check_article(article)
        assert article.text == text and article.published is None
        if isinstance(record.get("id"), str) and record["id"].strip():
            assert article.article_id == record["id"].strip()


@FAST
@given(TEXT)
def test_html_and_feed_loaders_raise_only_input_errors(content: str) -> None:
    for markup in (content, f"<html><body><p>{content}</p><script>{content}</script>"
                   "</body></html>"):
        try:
            art = parse_html(markup, path="p.html")
        except InputError as exc:
            assert exc.kind in {"empty", "no_text", "bad_date"}
        else:
            _check_article(art)
    try:
        for item in parse_feed(f"<rss><channel><item><description>{content}</description>"
                               "</item></channel></rss>", path="f.rss"):
            if isinstance(item, Article):
                _check_article(item)
    except InputError as exc:
        assert exc.kind in {"empty", "feed"}


@FAST
@given(TEXT)
def test_html_to_text_never_shows_script_content(content: str) -> None:
    got = html_to_text(f"<div>a</div><script>SECRET{content}</script><style>SECRET</style>")
    assert "SECRET" not in got


@FAST
@given(st.binary(max_size=600))
def test_decode_bytes_returns_text_or_input_error(raw: bytes) -> None:
    try:
        text, warning = decode_bytes(raw, "f")
    except InputError as exc:
        assert exc.kind in {"empty", "binary", "encoding"}
    else:
        assert isinstance(text, str) and text.strip()
        assert warning is None or (warning.kind == "encoding" and not warning.fatal)


@FAST
@given(st.one_of(st.text(max_size=40), st.dates(), st.integers(), st.floats()))
def test_parse_date_is_none_a_bounded_date_or_bad_date(value: object) -> None:
    try:
        got = parse_date(value)
    except InputError as exc:
        assert exc.kind == "bad_date"
    else:
        assert got is None or EARLIEST_DCT <= got <= LATEST_DCT


@FAST
@given(TEXT)
def test_sentence_offsets_are_valid(text: str) -> None:
    end = 0
    for i, s in enumerate(split_sentences(text)):
        assert s.index == i and text[s.start:s.end] == s.text and s.start >= end
        end = s.end


@FAST
@given(TEXT, DCT)
def test_dates_offsets_and_bounds(text: str, dct: dt.date | None) -> None:
    found = tag_dates(text, dct)
    end = 0
    for t in found:
        assert 0 <= t.start < t.end <= len(text) and text[t.start:t.end] == t.text
        assert t.start >= end  # text order, no overlap
        end = t.end
        if t.earliest is not None and t.latest is not None:
            assert t.earliest <= t.latest


@FAST
@given(TEXT, DCT, st.lists(st.integers(min_value=-5, max_value=500), max_size=5))
def test_event_dates_inside_their_bounds(text: str, dct: dt.date | None,
                                         positions: list[int]) -> None:
    sentences = split_sentences(text)
    anchors = []
    for p in positions:
        for s in sentences:
            if s.start <= p < s.end:
                anchors.append(EventAnchor(s.index, p, min(p + 1, s.end)))
    dated = date_events(text, sentences, tag_dates(text, dct), anchors, dct)
    assert len(dated) == len(anchors)
    for d in dated:
        if d.date is not None:
            assert d.earliest is not None and d.latest is not None
            assert d.earliest <= d.date <= d.latest
        if d.text:
            assert d.text in text


@FAST
@given(TEXT, st.one_of(st.none(), st.integers(min_value=1800, max_value=2199)))
def test_coder_offsets_are_valid(text: str, year: int | None) -> None:
    for e in code_sentence(text, year=year):
        assert 0 <= e.trigger_start < e.trigger_end <= len(text)
        assert e.quad_class in (1, 2, 3, 4) and -10 <= e.goldstein <= 10
        for actor in (e.actor1, e.actor2):
            if actor is not None:
                assert 0 <= actor.start < actor.end <= len(text)
                assert text[actor.start:actor.end] == actor.text
