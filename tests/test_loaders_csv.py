"""CSV records: strict parsing, a malformed row is one ``csv`` error naming its line, and
reading resumes at the next line that is a whole record of its own."""

from __future__ import annotations

from analysis.errors import InputError
from analysis.loaders import parse_records
from analysis.records import Article


def _read(content: str) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    articles: list[tuple[str, str]] = []
    errors: list[tuple[str, str, str]] = []
    for item in parse_records(content, path="f.csv"):
        if isinstance(item, Article):
            articles.append((item.article_id, item.text))
        else:
            errors.append((item.record, item.kind, item.problem))
    return articles, errors


def test_a_stray_opening_quote_does_not_swallow_the_next_record() -> None:
    """The quoted field is valid CSV (it closes at the end of k2's line), but a line inside
    it reads as a record of its own: the quote is stray."""
    articles, errors = _read('id,date,text\n'
                             'k1,2024-01-19,"Pakistan struck Iran.\n'
                             'k2,2024-01-19,Iran recalled its ambassador."\n'
                             'k3,2024-01-20,Talks began.\n')
    assert [(r, k) for r, k, _ in errors] == [("line 2", "csv")]
    assert "line 3" in errors[0][2] and "unbalanced quote" in errors[0][2]
    assert "reading resumes at line 3" in errors[0][2]
    assert articles == [("k2", 'Iran recalled its ambassador."'), ("k3", "Talks began.")]


def test_text_after_a_closing_quote_is_an_error_and_the_next_records_are_read() -> None:
    articles, errors = _read('id,date,text\n'
                             'k0,2024-01-17,Before.\n'
                             'k1,2024-01-18,"Pakistan struck Iran.\n'
                             'k2,2024-01-19,"Iran recalled its ambassador."\n'
                             'k3,2024-01-20,"Talks began."\n')
    assert [(r, k) for r, k, _ in errors] == [("line 3", "csv")]
    assert "',' expected after '\"'" in errors[0][2]
    assert [a for a, _ in articles] == ["k0", "k2", "k3"]


def test_an_unclosed_quote_at_the_end_is_an_error_not_a_record() -> None:
    articles, errors = _read('id,date,text\nk1,2024-01-18,Fine.\nk2,2024-01-19,"Never closed\n')
    assert [a for a, _ in articles] == ["k1"]
    assert [(r, k) for r, k, _ in errors] == [("line 3", "csv")]
    assert "unexpected end of data" in errors[0][2]
    assert "the rest of the file is skipped" in errors[0][2]


def test_multi_line_bodies_are_still_one_record() -> None:
    articles, errors = _read('id,date,text\n'
                             'k1,2024-01-18,"First paragraph, with a comma.\n\n'
                             'Second, third, fourth paragraph."\n'
                             'k2,2024-01-19,Next.\n')
    assert errors == []
    assert articles == [("k1", "First paragraph, with a comma.\n\nSecond, third, fourth "
                         "paragraph."), ("k2", "Next.")]


def test_without_a_date_column_the_rest_of_the_file_is_skipped() -> None:
    """Without a date column no line can be told apart from a body's line: nothing after a
    malformed row is read rather than a body's lines taken for records."""
    articles, errors = _read('id,text\nk1,"Fine."\nk2,"Bad" quote\nk3,Also fine.\n')
    assert [a for a, _ in articles] == ["k1"]
    assert [(r, k) for r, k, _ in errors] == [("line 3", "csv")]
    assert "the rest of the file is skipped" in errors[0][2]


def test_a_body_line_between_a_bad_row_and_the_next_record_is_not_a_record() -> None:
    articles, errors = _read('id,date,text\n'
                             'k1,2024-01-18,"Bad" start\n'
                             'second paragraph, with, commas\n'
                             'k2,2024-01-19,Next.\n')
    assert [a for a, _ in articles] == ["k2"]
    assert [(r, k) for r, k, _ in errors] == [("line 2", "csv")]
    assert "reading resumes at line 4" in errors[0][2]


def test_a_malformed_header_skips_the_file() -> None:
    articles, errors = _read('"id"x,date,text\nk1,2024-01-19,A.\n')
    assert articles == []
    assert [(r, k) for r, k, _ in errors] == [("line 1", "csv")]
    assert "the rest of the file is skipped" in errors[0][2]


def test_line_numbers_of_records_are_kept() -> None:
    items = list(parse_records('id,date,text\nk1,2024-01-18,"Two\nlines"\nk2,9999-01-01,X\n',
                               path="f.csv"))
    assert isinstance(items[0], Article)
    assert isinstance(items[1], InputError) and items[1].record == "line 4"
