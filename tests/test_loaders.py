from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.errors import InputError
from analysis.loaders import (
    article_from_record,
    parse_date,
    parse_markdown,
    parse_records,
    parse_text,
    stable_article_id,
    strip_boilerplate,
)
from analysis.records import Article

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_bd7ba43e21bf1639.txt"


def test_seed_text_title_byline_dateline_and_boilerplate() -> None:
    art = parse_text(SEED.read_text(encoding="utf-8"), path=str(SEED),
                     meta={"published": dt.date(2024, 1, 19), "source": "Independent Pakistan"})
    assert art.title == "Pakistan and Iran dial down border tensions after reciprocal airstrikes"
    assert art.byline == "By Staff Reporter"
    assert art.dateline == "ISLAMABAD"
    assert art.text.startswith("Pakistan’s foreign minister on Friday called for")
    assert "Copyright" not in art.text and "2021" not in art.text
    assert art.text.count(art.title) == 0
    assert art.published == dt.date(2024, 1, 19)
    assert art.dct_source == "sidecar"
    assert art.source == "Independent Pakistan"


def test_txt_without_metadata_has_no_dct() -> None:
    art = parse_text("Title\n\nBody sentence one. Two.", path="x.txt")
    assert art.published is None and art.dct_source == "none"
    assert art.article_id == stable_article_id("", "", "Body sentence one. Two.")


@pytest.mark.parametrize("line, city", [
    ("WASHINGTON, Jan 19 (Reuters) - The U.S. said", "WASHINGTON, Jan 19 (Reuters)"),
    ("KABUL (AP) — Taliban officials said", "KABUL (AP)"),
    ("NEW DELHI: India said", "NEW DELHI"),
])
def test_datelines(line: str, city: str) -> None:
    art = parse_text(f"Title\n\n{line} more.", path="x.txt")
    assert art.dateline == city
    assert not art.text.startswith(city)


def test_no_dateline_when_sentence_starts_with_capitals() -> None:
    art = parse_text("Title\n\nNATO allies met on Monday.", path="x.txt")
    assert art.dateline == "" and art.text == "NATO allies met on Monday."


def test_markdown_front_matter() -> None:
    art = parse_markdown("---\ntitle: T\ndate: 2024-01-16\nsource: S\nurl: http://x\nid: m1\n---\n"
                         "Body text.\n", path="a.md")
    assert (art.article_id, art.title, art.published, art.source, art.url, art.dct_source) == (
        "m1", "T", dt.date(2024, 1, 16), "S", "http://x", "front_matter")
    assert art.text == "Body text."


def test_markdown_heading_is_title_and_bad_front_matter_is_named() -> None:
    art = parse_markdown("# Big news\n\nIt happened.", path="a.md")
    assert art.title == "Big news" and art.text == "It happened."
    with pytest.raises(InputError, match=r"a\.md: front matter"):
        parse_markdown("---\n: [\n---\nx", path="a.md")


def test_record_aliases() -> None:
    art = article_from_record({"published": "2024-01-19T08:00:00Z", "body": "B.",
                               "headline": "H", "link": "http://l", "outlet": "O"}, path="f")
    assert (art.published, art.text, art.title, art.url, art.source) == (
        dt.date(2024, 1, 19), "B.", "H", "http://l", "O")


def test_jsonl_bad_line_is_reported_and_rest_read() -> None:
    content = ('{"id": "1", "text": "One.", "date": "2024-01-01"}\n{bad\n'
               '{"id": "3", "text": ""}\n'
               '{"id": "4", "content": "Four.", "date": "not a date"}\n'
               '{"id": "5", "text": "Five."}\n')
    got = list(parse_records(content, path="f.jsonl"))
    assert [a.article_id for a in got if isinstance(a, Article)] == ["1", "5"]
    errors = [e for e in got if isinstance(e, InputError)]
    assert [(e.record, e.kind) for e in errors] == [
        ("line 2", "json"), ("line 3", "no_text"), ("line 4", "bad_date")]
    assert all(e.path == "f.jsonl" for e in errors)


def test_json_list_object_and_csv() -> None:
    listed = list(parse_records('[{"id": "a", "text": "A."}, {"id": "b", "text": "B."}]',
                                path="f.json"))
    assert [a.article_id for a in listed if isinstance(a, Article)] == ["a", "b"]
    wrapped = list(parse_records('{"articles": [{"id": "c", "text": "C."}]}', path="f.json"))
    assert [a.article_id for a in wrapped if isinstance(a, Article)] == ["c"]
    rows = list(parse_records("id,title,date,text\nr1,T,2024-01-19,\"Hello, world.\"\n",
                              path="f.csv"))
    assert isinstance(rows[0], Article) and rows[0].text == "Hello, world."


@pytest.mark.parametrize("value, expected", [
    ("2024-01-19", dt.date(2024, 1, 19)),
    ("Fri, 19 Jan 2024 10:00:00 +0000", dt.date(2024, 1, 19)),
    ("19 January 2024", dt.date(2024, 1, 19)),
    ("19-OCT-1987 10:00:00.00", dt.date(1987, 10, 19)),
    ("", None),
    (None, None),
])
def test_parse_date(value: object, expected: dt.date | None) -> None:
    assert parse_date(value) == expected


def test_parse_date_error_names_file() -> None:
    with pytest.raises(InputError, match=r"f\.csv:line 3: publication date 'soon'"):
        parse_date("soon", path="f.csv", record="line 3")


def test_strip_boilerplate() -> None:
    assert strip_boilerplate("A.\n\nCopyright © 2021 X | All rights reserved\n© 2020 Y") == "A."


def _strip_every_line(text: str) -> str:
    """strip_boilerplate as it was: both patterns tried on every line."""
    from analysis.loaders import _ALL_RIGHTS, _BOILERPLATE

    kept = [line for line in text.splitlines()
            if not (_BOILERPLATE.match(line) or _ALL_RIGHTS.search(line))]
    return "\n".join(kept).strip()


_PHRASES = ["copyright", "(c) 2024", "©", "all rights reserved", "follow us", "like us",
            "subscribe to us", "share this", "share on", "click here", "read more",
            "sign up for", "advertisement", "COPYRIGHT", "Share On", "ſhare this",
            "K", "İ", "ı", "rights", "us", "share"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PHRASES),
                          st.text(alphabet=" \t\n\r\x0b\x0c\u2028abcsuCS(0)2.,", max_size=12)),
                max_size=12))
def test_strip_boilerplate_equals_every_line_tried(pieces: list[str]) -> None:
    """A text without a boilerplate word (ASCII texts) skips the line patterns: the same
    result as trying them on every line."""
    text = "".join(pieces)
    assert strip_boilerplate(text) == _strip_every_line(text)
    joined = "\n".join(pieces)
    assert strip_boilerplate(joined) == _strip_every_line(joined)


def test_record_fields_read_once_lower_cased_as_each_pick() -> None:
    """article_from_record lower-cases the keys once for its six fields: the same
    aliases win as :func:`pick_field` of each (the last of keys equal lower-cased)."""
    from analysis.loaders import pick_field

    record = {"Text": "Iran said it was good.", "TEXT": "Pakistan said so.", "Title": "",
              "headline": "H", "DATE": "2024-01-05", "Source": "S", "link": "u", "ID": "7"}
    article = article_from_record(record, path="f.json")
    assert article.text == pick_field(record, "text") == "Pakistan said so."
    assert (article.title, article.published, article.source, article.url, article.article_id
            ) == ("H", dt.date(2024, 1, 5), "S", "u", "7")


def test_a_long_first_line_of_a_text_file_is_body_not_title() -> None:
    para = "Iran and Pakistan exchanged fire along the border on Tuesday, officials said, " * 5
    art = parse_text(para + "\n\nA second paragraph.", path="long.txt")
    assert art.title == ""
    assert art.text.startswith("Iran and Pakistan exchanged fire")
    assert "A second paragraph." in art.text
    # a headline-sized first line is still the title
    art = parse_text("Pakistan and Iran dial down tensions\n\nThe body.", path="short.txt")
    assert (art.title, art.text.strip()) == ("Pakistan and Iran dial down tensions", "The body.")
