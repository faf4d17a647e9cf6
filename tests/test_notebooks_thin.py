"""Report notebooks stay thin: titles come from the data, formatting lives in analysis."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import pytest
from conftest import EventsFactory, write_data_dir

from analysis import charts, report_data, tone_aggregates
from analysis.report import build_report, notebook_parameters

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
REPORTS = ("timeline", "tone", "briefing")


def _selection(events: pd.DataFrame, **kwargs: object) -> report_data.Selection:
    return report_data.Selection(events, len(events), **kwargs)  # type: ignore[arg-type]


def test_title_from_countries_and_period(make_events: EventsFactory) -> None:
    events = make_events([
        {"actor1_code": "USAGOV", "actor2_code": "CHN", "date": "2019-05-10"},
        {"actor1_code": "CHNMIL", "actor2_code": "USA", "date": "2019-07-02"},
        {"actor1_code": "USA", "actor2_code": "JPN", "date": "2019-07-03"},
    ])
    sel = _selection(events)
    assert report_data.report_title(sel) == "United States–China tensions, May–July 2019"
    assert report_data.report_title(sel, kind="briefing") == (
        "Briefing: United States–China tensions, May–July 2019")
    assert report_data.report_title(sel, "My heading") == "My heading"
    assert report_data.report_title(sel, "") == report_data.report_title(sel)
    chosen = _selection(events.iloc[2:], actors=["JPN", "USAGOV"])
    assert report_data.report_title(chosen) == "Japan–United States tensions, July 2019"
    years = make_events([{"actor1_code": "XYZ", "actor2_code": "", "date": "1987-03-01"},
                         {"actor1_code": "", "actor2_code": "", "date": "1988-06-30"}])
    assert report_data.report_title(_selection(years)) == "Tensions, March 1987–June 1988"
    problem = _selection(events.iloc[0:0], problem="No events match (dates …).")
    assert report_data.report_title(problem) == "Tensions"
    assert report_data.country_names()["PAK"] == "Pakistan"


def test_article_table_is_formatted(make_events: EventsFactory) -> None:
    events = make_events([
        {"article_id": "a1", "published": "2024-01-19", "tone": -0.123, "tone_textblob": 0.456},
        {"article_id": "a1", "published": "2024-01-19", "tone": -0.5, "tone_textblob": 0.0},
        {"article_id": "a2", "published": None, "date": "2024-01-20", "tone": 0.3333},
    ])
    table = tone_aggregates.article_table(events)
    assert table["published"].tolist() == ["2024-01-19", ""]
    assert table["tone"].tolist() == [round((-0.123 - 0.5) / 2, 2), 0.33]
    assert table["tone_textblob"].iloc[0] == 0.23


def test_add_overlay_shades_phases_or_leaves_the_figure(
        seed_like_events: pd.DataFrame) -> None:
    overlay = report_data.phase_overlay(seed_like_events)
    assert not overlay.bands.empty
    fig = charts.timeline_figure(seed_like_events)
    assert charts.add_overlay(fig, overlay) is fig
    expected = charts.add_phases(charts.timeline_figure(seed_like_events), overlay.bands,
                                 overlay.turns)
    assert fig.layout.shapes == expected.layout.shapes and fig.layout.shapes
    plain = charts.timeline_figure(seed_like_events)
    for nothing in (None, report_data.Overlay(*(pd.DataFrame(),) * 4)):
        assert not charts.add_overlay(plain, nothing).layout.shapes


@pytest.mark.parametrize("name", REPORTS)
def test_report_notebooks_are_thin(name: str) -> None:
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", [])
    assert "report_data.select(" in code[1].source
    for cell in code[1:]:
        for logic in (".dt.strftime", ".round(", "add_phases(", "overlay.bands",
                      "Pakistan", "Iran"):
            assert logic not in cell.source, (name, logic)
    defaults = notebook_parameters(NOTEBOOKS / f"{name}.ipynb")
    if name != "tone":  # the tone report's heading says what it shows, not who
        assert defaults["title"] is None


@pytest.mark.notebook
def test_heading_and_page_title_follow_the_data(make_events: EventsFactory,
                                                tmp_path: Path) -> None:
    events = make_events([
        {"actor1_code": "USAGOV", "actor2_code": "CHN", "date": "2019-05-10"},
        {"actor1_code": "CHNMIL", "actor2_code": "USA", "date": "2019-07-02"},
    ])
    data = write_data_dir(tmp_path / "data", events)
    derived = "United States–China tensions, May–July 2019"
    text = build_report("timeline", data, tmp_path / "t.html").read_text(encoding="utf-8")
    assert f"<title>{derived}</title>" in text and f"<h2>{derived}</h2>" in text
    assert "Pakistan–Iran tensions" not in text  # the notebooks' former default
    text = build_report("briefing", data, tmp_path / "b.html",
                        {"title": "Own & title"}).read_text(encoding="utf-8")
    assert "<title>Own &amp; title</title>" in text and "<h2>Own &amp; title</h2>" in text
