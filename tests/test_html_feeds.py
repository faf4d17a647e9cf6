from __future__ import annotations

import datetime as dt
import gzip
import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis.errors import InputError
from analysis.feeds import parse_feed
from analysis.html_pages import html_to_text, page_metadata, parse_html
from analysis.iorw import LoadIssue, discover_files, read_input
from analysis.records import Article

PAGE = """<!DOCTYPE html>
<html><head><title>Pakistan strikes back | Dawn</title>
<meta property="og:title" content="Pakistan strikes back at militants in Iran">
<meta property="og:site_name" content="Dawn">
<meta name="author" content="Staff Reporter">
<meta property="article:published_time" content="2024-01-18T09:00:00+05:00">
<link rel="canonical" href="https://example.com/news/1">
<style>body {{ color: red }} .STYLETEXT {{}}</style>
<script>document.write("SCRIPTTEXT"); fetch("https://evil.example/x")</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">NAVTEXT</a></nav>
<article><h1>Pakistan strikes back at militants in Iran</h1>
<p>ISLAMABAD: Pakistan carried out strikes on militant hideouts in Iran on Thursday, two days
after Iran attacked targets inside Pakistan with missiles and drones.</p>
<p>The foreign office said the strikes targeted separatist groups. Iran condemned the attack and
summoned the Pakistani charge d'affaires in Tehran to protest.</p>
<script>var x = "SCRIPTTEXT";</script>
<p>Both countries later said they wanted to de-escalate and would restore ambassadors by the end
of the month, officials said {extra}.</p>
</article>
<footer>Copyright © 2024 Dawn. All rights reserved.</footer>
</body></html>
"""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Any attempt to open a socket fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    yield


def test_html_page_main_text_and_meta(no_network: None) -> None:
    art = parse_html(PAGE.format(extra="on Friday"), path="p.html")
    assert art.title == "Pakistan strikes back at militants in Iran"
    assert (art.published, art.dct_source) == (dt.date(2024, 1, 18), "html_meta")
    assert (art.source, art.url, art.byline) == ("Dawn", "https://example.com/news/1",
                                                 "Staff Reporter")
    assert art.dateline == "ISLAMABAD"
    assert art.text.startswith("Pakistan carried out strikes")
    assert "de-escalate" in art.text
    for junk in ("SCRIPTTEXT", "STYLETEXT", "NAVTEXT", "Copyright", "color: red"):
        assert junk not in art.text and junk not in art.title


def test_html_without_meta_date_uses_htmldate(no_network: None) -> None:
    page = ("<html><head><title>T</title></head><body><article>"
            "<time datetime=\"2023-05-04\" class=\"published\">4 May</time>"
            "<p>" + "Iran and Pakistan agreed to talks after border clashes. " * 8 + "</p>"
            "</article></body></html>")
    art = parse_html(page, path="p.html")
    assert art.published == dt.date(2023, 5, 4)
    assert art.dct_source == "htmldate"


def test_html_sidecar_date_wins_and_no_date_is_none() -> None:
    page = "<html><body><p>Talks resumed between the two states.</p></body></html>"
    art = parse_html(page, path="p.html")
    assert art.published is None and art.dct_source == "none"
    assert art.text == "Talks resumed between the two states."
    dated = parse_html(PAGE.format(extra=""), path="p.html", meta={"published": "2024-01-20"})
    assert (dated.published, dated.dct_source) == (dt.date(2024, 1, 20), "sidecar")


def test_html_a_url_as_content_is_not_fetched(no_network: None) -> None:
    art = parse_html("https://example.com/article", path="u.html")
    assert art.text == "https://example.com/article"  # read as text, never downloaded


def test_html_without_text_is_no_text() -> None:
    with pytest.raises(InputError) as info:
        parse_html("<html><head><script>alert(1)</script></head><body></body></html>",
                   path="e.html")
    assert info.value.kind == "no_text"


def test_html_to_text_drops_scripts_and_keeps_paragraphs() -> None:
    got = html_to_text("<p>One &amp; two.</p><script>bad()</script><style>p{}</style>"
                       "<div>Three<br>four</div><!-- hidden --><p>Five</p>")
    assert got == "One & two.\n\nThree\nfour\n\nFive"
    assert html_to_text("plain &lt;text&gt;") == "plain <text>"


def test_page_metadata_reads_json_ld() -> None:
    page = ('<html><head><script type="application/ld+json">{"@graph": [{"@type": "NewsArticle",'
            ' "headline": "H", "datePublished": "2024-01-19T10:00:00Z",'
            ' "publisher": {"name": "P"}}]}</script></head><body></body></html>')
    assert page_metadata(page) == {"date": "2024-01-19T10:00:00Z", "title": "H", "source": "P"}


RSS = """<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>World News</title>
<item><title>Iran &amp; Pakistan</title><link>https://example.com/a</link><guid>a1</guid>
<pubDate>Thu, 18 Jan 2024 10:00:00 GMT</pubDate>
<description><![CDATA[<p>Iran attacked <b>Pakistan</b> on Tuesday.</p><script>alert(1)</script>
<p>Caf&eacute; talks followed.</p>]]></description></item>
<item><title>No body</title><guid>a2</guid></item>
<item><title>Bad date</title><guid>a3</guid><pubDate>soonish</pubDate>
<description>Text &xxe; here.</description></item>
<item><title>Undated</title><guid>a4</guid><description>Talks began.</description></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title>
<entry><id>urn:x:1</id><title type="html">Ceasefire &lt;b&gt;holds&lt;/b&gt;</title>
<link href="https://example.com/c"/><published>2024-01-20T08:00:00Z</published>
<updated>2024-01-21T08:00:00Z</updated>
<content type="html">&lt;p&gt;The ceasefire held on Saturday.&lt;/p&gt;
&lt;style&gt;x{}&lt;/style&gt;</content>
<summary>short</summary></entry>
</feed>
"""


def test_rss_one_article_per_item_and_bad_items_reported(no_network: None) -> None:
    got = list(parse_feed(RSS, path="f.rss"))
    arts = [g for g in got if isinstance(g, Article)]
    errors = [(g.record, g.kind) for g in got if isinstance(g, InputError)]
    assert [a.article_id for a in arts] == ["a1", "a4"]
    first = arts[0]
    assert first.text == "Iran attacked Pakistan on Tuesday.\n\nCafé talks followed."
    assert (first.title, first.url, first.source) == ("Iran & Pakistan", "https://example.com/a",
                                                      "World News")
    assert (first.published, first.dct_source) == (dt.date(2024, 1, 18), "feed")
    assert (arts[1].published, arts[1].dct_source) == (None, "none")
    assert errors == [("entry 2", "no_text"), ("entry 3", "bad_date")]
    assert all("root:" not in a.text for a in arts)


def test_atom_entry_content_title_and_published_date() -> None:
    (art,) = parse_feed(ATOM, path="f.atom")
    assert isinstance(art, Article)
    assert (art.article_id, art.title, art.text) == (
        "urn:x:1", "Ceasefire holds", "The ceasefire held on Saturday.")
    assert art.published == dt.date(2024, 1, 20) and art.dct_source == "feed"


def test_not_a_feed_is_one_feed_error() -> None:
    with pytest.raises(InputError) as info:
        list(parse_feed("<html><body>hello</body></html>", path="x.xml"))
    assert info.value.kind == "feed"


def test_gzipped_jsonl_and_html_files_are_discovered_and_read(tmp_path: Path) -> None:
    rows = [{"id": f"r{i}", "text": f"Story {i}.", "date": "1987-10-19"} for i in range(3)]
    with gzip.open(tmp_path / "corpus.jsonl.gz", "wt", encoding="utf-8") as out:
        out.write("\n".join(json.dumps(r) for r in rows) + "\n{bad\n")
    with gzip.open(tmp_path / "one.json.gz", "wt", encoding="utf-8") as out:
        json.dump({"articles": [{"id": "j", "body": "Body."}]}, out)
    (tmp_path / "page.htm").write_text(PAGE.format(extra=""), encoding="utf-8")
    (tmp_path / "feed.rss").write_text(ATOM, encoding="utf-8")
    (tmp_path / "broken.jsonl.gz").write_bytes(b"\x1f\x8b\x08\x00not gzip")
    (tmp_path / "notes.gz").write_bytes(gzip.compress(b"x"))
    found = [p for p in discover_files([tmp_path]) if isinstance(p, Path)]
    assert [p.name for p in found] == ["broken.jsonl.gz", "corpus.jsonl.gz", "feed.rss",
                                       "one.json.gz", "page.htm"]
    got = {p.name: list(read_input(p)) for p in found}
    assert [a.article_id for a in got["corpus.jsonl.gz"] if isinstance(a, Article)] == [
        "r0", "r1", "r2"]
    bad_line = [i for i in got["corpus.jsonl.gz"] if isinstance(i, LoadIssue)]
    assert [(i.record, i.kind) for i in bad_line] == [("line 4", "json")]
    assert [a.article_id for a in got["one.json.gz"] if isinstance(a, Article)] == ["j"]
    assert [getattr(i, "kind", "") for i in got["broken.jsonl.gz"]] == ["gzip"]
    assert isinstance(got["page.htm"][0], Article)
    assert isinstance(got["feed.rss"][0], Article)


def test_gzip_bomb_hits_the_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl.gz"
    path.write_bytes(gzip.compress(b" " * 100_000))
    (issue,) = read_input(path, max_bytes=10_000)
    assert isinstance(issue, LoadIssue) and issue.kind == "too_large"
    assert "decompresses" in issue.message
