"""The bad-input matrix through the real ``tension ingest`` path: every bad input
is exactly one row of errors.csv with its kind, the good articles all arrive."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import main
from analysis.ingest import iter_articles
from analysis.iorw import LoadIssue, decode_bytes

GOOD_TEXT = "Iran attacked militant bases in Pakistan on Tuesday. Pakistan condemned the strike."

# file name -> (content, expected kind, record); each is one bad input
BAD: dict[str, tuple[bytes, str, str]] = {
    "empty.txt": (b"", "empty", ""),
    "blank.md": (b"  \n\n \t\n", "empty", ""),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary", ""),
    "noise.txt": (bytes(range(128, 256)) * 8, "binary", ""),
    "big.txt": (b"Title\n\n" + b"Talks went on. " * 400, "too_large", ""),
    "lines.jsonl": ((json.dumps({"id": "L1", "text": GOOD_TEXT, "date": "2024-01-19"}) + "\n"
                     + '{"id": "L2", "text": "unterminated\n'
                     + json.dumps({"id": "L3", "text": "Talks resumed.", "date": "2024-01-20"})
                     + "\n").encode(), "json", "line 2"),
    "baddate.md": (b"---\ntitle: T\ndate: sometime next week\n---\nTalks resumed.\n",
                   "bad_date", ""),
    "badyaml.md": (b"---\ntitle: [unclosed\n---\nTalks resumed.\n", "front_matter", ""),
    "notext.jsonl": (b'{"id": "N1", "title": "Only a title", "date": "2024-01-19"}\n',
                     "no_text", "line 1"),
    "dup.jsonl": ((json.dumps({"id": "D1", "text": GOOD_TEXT, "date": "2024-01-19"}) + "\n"
                   + json.dumps({"id": "D1", "text": "A different story."}) + "\n").encode(),
                  "duplicate_id", "D1"),
    "broken.jsonl.gz": (b"\x1f\x8b\x08\x00\x00\x00\x00\x00garbage", "gzip", ""),
    "nofeed.rss": (b"<html><body>not a feed</body></html>", "feed", ""),
    "farfuture.csv": (b"id,date,text\nF1,9999-01-01,Talks.\n", "bad_date", "line 2"),
    # a stray quote: Q1's text would swallow Q2's line (valid CSV syntax); Q2, Q3 are read
    "strayquote.csv": (b'id,date,text\nQ1,2024-01-19,"Pakistan struck Iran.\n'
                       b'Q2,2024-01-19,Iran recalled its ambassador."\n'
                       b"Q3,2024-01-20,Talks began.\n", "csv", "line 2"),
    "unsupported.pdf": (b"%PDF-1.4", "unsupported", ""),
}

LATIN = "Talks in Tehran\n\nThe minister’s visit to the café ended on Friday.\n"


def _good_files(folder: Path) -> set[str]:
    """Writes good inputs of every format; returns the article ids expected."""
    (folder / "good.txt").write_text(f"Strikes\n\nISLAMABAD: {GOOD_TEXT}\n", encoding="utf-8")
    (folder / "good.meta.yaml").write_text("id: T1\npublished: 2024-01-19\n", encoding="utf-8")
    (folder / "good.md").write_text("---\nid: M1\ndate: 2024-01-18\n---\n# Talks\n\nThe two "
                                    "countries agreed to restore ambassadors.\n", encoding="utf-8")
    (folder / "page.html").write_text(
        "<html><head><meta property='article:published_time' content='2024-01-19'>"
        "<meta name='og:title' content='Page'></head><body><article><p>"
        + GOOD_TEXT + "</p><script>alert('x')</script></article></body></html>", encoding="utf-8")
    (folder / "feed.xml").write_text(
        "<?xml version='1.0'?><rss version='2.0'><channel><title>W</title><item><guid>R1</guid>"
        "<pubDate>Fri, 19 Jan 2024 10:00:00 GMT</pubDate><description>&lt;p&gt;Iran recalled "
        "its ambassador.&lt;/p&gt;</description></item></channel></rss>", encoding="utf-8")
    with gzip.open(folder / "corpus.jsonl.gz", "wt", encoding="utf-8") as out:
        out.write(json.dumps({"id": "G1", "text": GOOD_TEXT, "date": "1987-10-19"}) + "\n")
    (folder / "sheet.csv").write_text('id,headline,published,body\nC1,H,2024-01-19,"Talks, '
                                      'then strikes."\n', encoding="utf-8")
    (folder / "latin.txt").write_bytes(LATIN.encode("cp1252"))
    return {"T1", "M1", "R1", "G1", "C1", "L1", "L3", "D1", "Q2", "Q3"}  # (+ BAD's good ones)


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _write_bad(folder: Path) -> None:
    for name, (content, _, _) in BAD.items():
        (folder / name).write_bytes(content)


def test_each_bad_input_is_one_error_row_and_good_articles_all_arrive(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    expected_ids = _good_files(src)
    _write_bad(src)
    code, out, err = _run("ingest", str(src), str(src / "unsupported.pdf"), "--out",
                          str(tmp_path / "data"), "--max-bytes", "4000")
    assert code == 0, err
    errors = pd.read_csv(tmp_path / "data" / "errors.csv", dtype=str, keep_default_na=False)
    assert list(errors.columns) == ["path", "record", "kind", "message"]
    rows = {(Path(p).name, k): r for p, r, k in zip(errors["path"], errors["record"],
                                                      errors["kind"], strict=True)}
    expected = {(name, kind): record for name, (_, kind, record) in BAD.items()}
    expected[("latin.txt", "encoding")] = ""  # a warning: the article is still read
    assert rows == expected
    assert len(errors) == len(expected)  # exactly one row each
    assert all(errors["message"].str.len() > 0)
    latin = errors[errors["kind"] == "encoding"]["message"].iloc[0]
    assert "read as" in latin and "detected" in latin
    articles = pd.read_parquet(tmp_path / "data" / "articles.parquet")
    ids = set(articles["article_id"])
    assert expected_ids <= ids
    assert len(ids) == len(expected_ids) + 2  # + latin.txt and page.html (hashed ids)
    latin_row = articles[articles["path"].str.endswith("latin.txt")].iloc[0]
    assert "minister’s visit to the café" in latin_row["text"]
    # first record of a duplicate id kept
    assert articles.set_index("article_id").loc["D1", "text"] == GOOD_TEXT
    assert articles.set_index("article_id").loc["Q3", "text"] == "Talks began."
    sources = dict(zip(articles["article_id"], articles["dct_source"], strict=True))
    assert (sources["T1"], sources["M1"], sources["R1"], sources["G1"]) == (
        "sidecar", "front_matter", "feed", "record")
    page = articles[articles["path"].str.endswith("page.html")].iloc[0]
    assert page["dct_source"] == "html_meta" and "alert" not in page["text"]
    assert f"{len(errors) - 1} errors" in out  # the encoding warning is not an error


def test_nothing_good_at_all_exits_2(tmp_path: Path) -> None:
    src = tmp_path / "bad"
    src.mkdir()
    with_good = ("lines.jsonl", "dup.jsonl", "strayquote.csv")  # files with good records too
    for name, (content, _, _) in BAD.items():
        if name not in with_good:
            (src / name).write_bytes(content)
    code, out, err = _run("ingest", str(src), "--out", str(tmp_path / "d"), "--max-bytes", "4000")
    assert code == 2 and "nothing could be ingested" in err
    assert "ingested 0 articles" in out
    errors = pd.read_csv(tmp_path / "d" / "errors.csv", dtype=str, keep_default_na=False)
    assert len(errors) == len(BAD) - len(with_good) - 1  # (and the unnamed pdf)


def test_strict_fails_on_any_error(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    _good_files(src)
    (src / "empty.txt").write_bytes(b"")
    code, _, err = _run("ingest", str(src), "--out", str(tmp_path / "d"), "--strict")
    assert code == 2 and "--strict" in err
    assert not (tmp_path / "d" / "articles.parquet").exists()


def test_strict_passes_with_an_encoding_warning_only(tmp_path: Path) -> None:
    (tmp_path / "latin.txt").write_bytes(LATIN.encode("cp1252"))
    code, _, err = _run("ingest", str(tmp_path / "latin.txt"), "--out", str(tmp_path / "d"),
                        "--strict")
    assert code == 0 and "warning" in err


def test_duplicate_id_keeps_first_and_same_text_is_silent(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(
        json.dumps({"id": "x", "text": "First."}) + "\n"
        + json.dumps({"id": "x", "text": "First."}) + "\n"
        + json.dumps({"id": "x", "text": "Second."}) + "\n", encoding="utf-8")
    issues: list[LoadIssue] = []
    arts = list(iter_articles([tmp_path], issues))
    assert [a.text for a in arts] == ["First."]
    assert [(i.kind, i.record) for i in issues] == [("duplicate_id", "x")]


@pytest.mark.parametrize("encoding, text", [
    ("cp1252", "Le ministre a visité Téhéran vendredi; “pourparlers” prévus."),
    ("cp1251", "Министр иностранных дел Пакистана призвал Иран к диалогу в пятницу."),
    ("shift_jis", "外務大臣は金曜日にイランとの対話を呼びかけた。"),
])
def test_non_utf8_is_detected_and_named(encoding: str, text: str) -> None:
    got, warning = decode_bytes(("Title\n\n" + text).encode(encoding), "f.txt")
    assert got == "Title\n\n" + text
    assert warning is not None and warning.kind == "encoding" and not warning.fatal
    assert "read as" in warning.message


def test_declared_charset_of_a_page_is_used_without_warning() -> None:
    page = '<html><head><meta charset="iso-8859-1"></head><body>Café</body></html>'
    got, warning = decode_bytes(page.encode("latin-1"), "p.html")
    assert "Café" in got and warning is None


def test_utf8_and_utf16_fast_paths_have_no_warning() -> None:
    assert decode_bytes("Tést".encode(), "f") == ("Tést", None)
    assert decode_bytes("\ufeffTést".encode(), "f") == ("Tést", None)
    assert decode_bytes("Tést".encode("utf-16"), "f") == ("Tést", None)
