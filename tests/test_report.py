"""Tests of analysis.report: notebook resolution, parameters, papermill run, offline HTML."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from conftest import SEED_LIKE_ROWS, build_events, write_data_dir

from analysis.errors import ReportError
from analysis.report import (
    build_report,
    build_suite,
    coerce_parameter,
    external_references,
    notebook_parameters,
    resolve_notebook,
)

REPO = Path(__file__).resolve().parent.parent
TIMELINE_NB = REPO / "notebooks" / "timeline.ipynb"
PLOTLY_MIME = "application/vnd.plotly.v1+json"


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def visible_text(page: str) -> str:
    """The text a reader sees: everything outside <script> and <style>."""
    parser = _TextOnly()
    parser.feed(page)
    return " ".join(parser.parts)


# ----------------------------------------------------------------------------- fast checks


def test_resolve_notebook_by_name_and_path(tmp_path: Path) -> None:
    assert resolve_notebook("timeline") == TIMELINE_NB
    assert resolve_notebook(TIMELINE_NB) == TIMELINE_NB
    with pytest.raises(ReportError, match=r"no notebook named 'nope'.*available: .*timeline"):
        resolve_notebook("nope")
    with pytest.raises(ReportError, match="does not exist"):
        resolve_notebook(tmp_path / "missing.ipynb")


def test_timeline_notebook_shape() -> None:
    nb = nbformat.read(TIMELINE_NB, as_version=4)
    assert nb.metadata.kernelspec.name == "python3"
    assert nb.cells[0].cell_type == "markdown"
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and tagged[0] is nb.cells[1]
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    assert notebook_parameters(TIMELINE_NB) == {
        "data_dir": "data",
        "actors": "",
        "start": "",
        "end": "",
        "title": None,  # derived from the data (report_data.report_title)
    }
    # every parameter is typed and commented
    for line in tagged[0].source.splitlines():
        assert re.match(r"^\w+: str = .+  # .+$", line), line


def test_bad_parameters_fail_before_running(events_data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    with pytest.raises(ReportError, match=r"unknown parameter.*colour"):
        build_report("timeline", events_data_dir, out, {"colour": "red"})
    with pytest.raises(ReportError, match=r"start: '2024-31-01' is not a valid date"):
        build_report("timeline", events_data_dir, out, {"start": "2024-31-01"})
    with pytest.raises(ReportError, match="actor code"):
        build_report("timeline", events_data_dir, out, {"actors": "PAK;rm -rf"})
    with pytest.raises(ReportError, match=r"no events\.parquet"):
        build_report("timeline", tmp_path / "nowhere", out)
    assert not out.exists()


def test_coerce_parameter_to_declared_type() -> None:
    assert coerce_parameter("n", "12", "int") == 12
    assert coerce_parameter("x", "0.5", "float") == 0.5
    assert coerce_parameter("flag", "yes", "bool") is True
    assert coerce_parameter("flag", "False", "bool") is False
    assert coerce_parameter("title", "12", "str") == "12"
    with pytest.raises(ReportError, match=r"parameter n: 'ten' is not a int"):
        coerce_parameter("n", "ten", "int")
    with pytest.raises(ReportError, match="is not a bool"):
        coerce_parameter("flag", "maybe", "bool")


def test_external_references_parser() -> None:
    page = (
        '<html><head><script src="https://cdn.example/x.js"></script>'
        '<link rel="stylesheet" href="//fonts.example/css">'
        "<script>var u = 'https://not.fetched/';</script></head>"
        '<body><img src="data:image/png;base64,AA"><a href="#local">x</a></body></html>'
    )
    refs = external_references(page)
    assert len(refs) == 2
    assert "cdn.example" in refs[0] and "fonts.example" in refs[1]
    # links to sources load nothing; script URLs are refused wherever they are
    assert external_references('<a href="https://example.org/x">x</a>') == []
    assert external_references('<a href=" JavaScript:alert(1)">x</a>') != []
    assert external_references('<iframe src="javascript:alert(1)"></iframe>') != []


# ----------------------------------------------------------------------------- notebook runs


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pd.DataFrame]:
    root = tmp_path_factory.mktemp("report")
    events = build_events(SEED_LIKE_ROWS)
    data = write_data_dir(root / "data", events)
    out = build_report("timeline", data, root / "out" / "timeline.html")
    return out, events


@pytest.mark.notebook
def test_papermill_runs_timeline_notebook(
    events_data_dir: Path, tmp_path: Path, seed_like_events: pd.DataFrame
) -> None:
    from analysis.report import execute_notebook

    executed = execute_notebook(
        TIMELINE_NB,
        tmp_path / "out.ipynb",
        {"data_dir": str(events_data_dir), "actors": "IRN"},
        cwd=tmp_path,
    )
    outputs = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    figures = [o.data[PLOTLY_MIME] for o in outputs if PLOTLY_MIME in o.get("data", {})]
    # timeline, escalation index, incidents, dyad matrix, tone; figure JSON only (light)
    assert len(figures) == 5
    assert not [o for o in outputs if "plotly.js v" in str(o.get("data", {}))]
    markers = [t for t in figures[0]["data"] if not str(t.get("meta", "")).startswith("interval")]
    # "IRN" keeps the five events that have Iran on either side (not the PAK-only statement)
    expected = seed_like_events.loc[[0, 1, 2, 3, 4], "direction"].value_counts()
    assert {t["meta"]: len(t["x"]) for t in markers} == {
        "escalation": expected["escalation"],
        "de-escalation": expected["de-escalation"],
        "neutral": 0,
    }


@pytest.mark.notebook
def test_report_is_offline_and_codeless(seed_report: tuple[Path, pd.DataFrame]) -> None:
    out, events = seed_report
    text = out.read_text(encoding="utf-8")
    assert text.count("plotly.js v") == 1  # the bundle's licence header: embedded once
    assert external_references(text) == []
    assert not re.search(r"<script[^>]+src=", text)
    assert not re.search(r"<link[^>]+href=[\"']?(https?:)?//", text)
    assert "require.js" not in text and "mathjax/2" not in text.lower()
    # no code: neither input areas nor the notebook's source text nor parameter values
    code_cells = re.findall(r'class="jp-Cell jp-CodeCell[^"]*"', text)
    assert code_cells and all("jp-mod-noInput" in c for c in code_cells)
    assert 'class="jp-InputPrompt' not in text and 'class="jp-OutputPrompt' not in text
    assert 'class="jp-CodeMirrorEditor' not in text and 'class="highlight' not in text
    visible = visible_text(text)
    for code in ("use_offline_renderer", "filter_events(", "read_events", "data_dir", "import "):
        assert code not in visible, code
    assert "Pakistan–Iran tensions, January 2024" in visible
    assert "<title>Pakistan–Iran tensions, January 2024</title>" in text
    assert text.count('class="plotly-graph-div"') == 5
    assert "Traceback" not in text
    assert out.stat().st_mode & 0o044  # readable by others, like any written file
    assert [p.name for p in out.parent.iterdir()] == ["timeline.html"]  # no temp files left
    for evidence in events["evidence"]:  # the events table lists every evidence sentence
        assert html.escape(evidence, quote=False) in text


@pytest.mark.notebook
def test_empty_selection_says_no_events_match(events_data_dir: Path, tmp_path: Path) -> None:
    out = build_report(
        "timeline", events_data_dir, tmp_path / "empty.html", {"actors": ["USA"], "start": ""}
    )
    text = out.read_text(encoding="utf-8")
    assert "No events match" in text
    assert "Traceback" not in text and "jp-OutputArea-error" not in text
    assert text.count("plotly.js v") == 0  # no chart drawn, so no plotly.js either


@pytest.mark.notebook
def test_failing_notebook_raises_report_error(
    events_data_dir: Path, tmp_path: Path
) -> None:
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell('data_dir: str = "data"', metadata={"tags": ["parameters"]}),
            nbformat.v4.new_code_cell("x = 1"),
            nbformat.v4.new_code_cell("raise ValueError('boom in cell')"),
        ]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Py", "language": "python"}
    path = tmp_path / "broken.ipynb"
    nbformat.write(nb, path)
    out = tmp_path / "broken.html"
    out.write_text("previous report")
    with pytest.raises(ReportError) as info:
        build_report(path, events_data_dir, out)
    message = str(info.value)
    assert "broken.ipynb" in message and "ValueError" in message and "boom in cell" in message
    assert out.read_text() == "previous report"  # atomic: the old report is untouched


@pytest.mark.notebook
def test_error_inside_timeline_notebook_names_the_cell(
    events_data_dir: Path, tmp_path: Path, data_dir_writer: Callable[[Path, pd.DataFrame], Path]
) -> None:
    # a corrupt events file is only noticed by the kernel
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "events.parquet").write_bytes(b"not parquet")
    with pytest.raises(ReportError, match=r"timeline.ipynb: cell \d+ failed"):
        build_report("timeline", bad, tmp_path / "bad.html")


@pytest.mark.notebook
def test_report_from_real_seed(tmp_path: Path) -> None:
    """End to end on the founding article: ingest, then the timeline report of its events."""
    from analysis.ingest import ingest
    from analysis.iorw import read_events

    seed = REPO / "seeds" / "000_bd7ba43e21bf1639.txt"
    data = tmp_path / "data"
    ingest([seed], data)
    events = read_events(data)
    assert len(events) > 0 and events["date"].notna().all()
    out = build_report("timeline", data, tmp_path / "seed.html")
    text = out.read_text(encoding="utf-8")
    assert text.count("plotly.js v") == 1
    assert external_references(text) == []
    assert "No events match" not in text
    # timeline, escalation index, incidents, dyad matrix, tone
    assert text.count('class="plotly-graph-div"') == 5
    assert len(re.findall(r'Plotly\.newPlot\(\s*"[^"]+",\s*\[\{', text)) == 5  # none empty
    n = len(events)
    assert f"<p>{n} of {n} events (all events).</p>" in text
    assert text.count('<table class="tension-events">') == 1
    table = text.split('<table class="tension-events">', 1)[1].split("</table>", 1)[0]
    assert table.count("<tr>") == n + 1  # header + one row per event
    # Iran's strikes of 2024-01-17, with the seed's sentence as their evidence
    assert "<td>2024-01-17</td><td>IRN → PAK</td><td>escalation</td><td>195</td>" in table
    assert "Iran had earlier launched missile and drone attacks on what it claimed" in table


@pytest.mark.notebook
def test_cli_parameters_are_typed_and_suite_is_built(events_data_dir: Path, tmp_path: Path) -> None:
    from analysis.cli import main

    out = tmp_path / "briefing.html"
    rc = main(["report", "briefing", "--data", str(events_data_dir), "--out", str(out),
               "-p", "n_key_events", "2", "-p", "actors", "PAK"])
    assert rc == 0
    text = out.read_text(encoding="utf-8")
    assert text.count('<table class="tension-events">') == 1
    key_table = text.split('<table class="tension-events">', 1)[1].split("</table>", 1)[0]
    assert key_table.count("<tr>") == 3  # header + the 2 strongest events
    assert "Pakistan said it had targeted" in key_table and "Iran had earlier" in key_table
    assert main(["report", "briefing", "--data", str(events_data_dir), "--out", str(out),
                 "-p", "n_key_events", "two"]) == 2

    written = build_suite(events_data_dir, tmp_path / "suite", {"start": "2024-01-17"})
    assert [p.name for p in written] == ["timeline.html", "tone.html", "briefing.html"]
    for page in written:
        text = page.read_text(encoding="utf-8")
        assert text.count("plotly.js v") == 1 and external_references(text) == []
        assert "Traceback" not in text and "5 of 6 events" in text
    with pytest.raises(ReportError, match=r"unknown parameter\(s\) colour"):
        build_suite(events_data_dir, tmp_path / "suite", {"colour": "red"})


@pytest.mark.notebook
def test_images_are_written_with_kaleido(events_data_dir: Path, tmp_path: Path) -> None:
    if not Path("/usr/bin/chromium").is_file():
        pytest.skip("Debian's chromium is not installed (make browser-deps)")
    pytest.importorskip("kaleido")
    images = tmp_path / "img"
    build_report("briefing", events_data_dir, tmp_path / "b.html", images=images)
    pngs = sorted(images.glob("*.png"))
    svgs = sorted(images.glob("*.svg"))
    assert [p.stem for p in pngs] == [p.stem for p in svgs] and len(pngs) == 2
    assert pngs[0].name.startswith("briefing-01-events-by-dyad")
    assert pngs[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in svgs[0].read_text(encoding="utf-8")[:500]


def test_missing_chromium_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from analysis import report

    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setattr(report.shutil, "which", lambda name: None)
    with pytest.raises(ReportError, match=r"Debian's package `chromium`"):
        report.chromium_path()
    monkeypatch.setenv("BROWSER_PATH", "/nowhere/chrome")
    with pytest.raises(ReportError, match="does not exist"):
        report.chromium_path()
