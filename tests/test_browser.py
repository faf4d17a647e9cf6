"""Open built reports in headless Chromium, offline: charts draw, nothing loads, nothing runs.

Needs Debian's ``chromium`` at /usr/bin/chromium (``make browser-deps``); skipped otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from conftest import SEED_LIKE_ROWS, build_events, write_data_dir

from analysis.report import build_report, build_suite

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOSTILE_ROWS: list[dict[str, Any]] = [
    {
        "evidence": "<script>window.__pwned = 'evidence-script'</script> Iran struck Pakistan.",
        "title": "<img src=x onerror=\"window.__pwned='title-img'\">",
        "source": "<svg onload=\"window.__pwned='source-svg'\"></svg>",
        "url": "javascript:window.__pwned='url'",
        "trigger": "<a href=\"javascript:window.__pwned='trigger-link'\">struck</a>",
        "actor1": "<b onmouseover=\"window.__pwned='actor'\">Iran</b>",
        "date_text": "<iframe src=\"javascript:window.__pwned='iframe'\"></iframe>",
    },
    {
        "evidence": "Pakistan <img src=x onerror=\"window.__pwned='evidence-img'\"> responded.",
        "actor1_code": "PAKMIL",
        "actor2_code": "IRN",
        "direction": "de-escalation",
        "goldstein": 3.0,
        "date": "2024-01-18",
        "event_name": "<style>body{display:none}</style>Consult",
    },
]
HOSTILE_TITLE = "<script>window.__pwned='report-title'</script>Hostile"


@dataclass
class PageVisit:
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} is missing (install Debian's chromium: make browser-deps)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as play:
        chromium = play.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, pd.DataFrame]]:
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} is missing (install Debian's chromium: make browser-deps)")
    root = tmp_path_factory.mktemp("browser")
    seed = build_events(SEED_LIKE_ROWS)
    hostile = build_events(HOSTILE_ROWS)
    out: dict[str, tuple[Path, pd.DataFrame]] = {}
    for page in build_suite(write_data_dir(root / "seed", seed), root / "seed"):
        out[page.stem] = (page, seed)
    out["hostile"] = (
        build_report(
            "timeline",
            write_data_dir(root / "hostile", hostile),
            root / "hostile.html",
            {"title": HOSTILE_TITLE},
        ),
        hostile,
    )
    out["hostile-briefing"] = (
        build_report("briefing", root / "hostile", root / "hostile-briefing.html",
                     {"title": HOSTILE_TITLE}),
        hostile,
    )
    return out


def _open(browser: Any, report: Path, n_plots: int = 3) -> tuple[Any, Any, PageVisit]:
    visit = PageVisit()
    context = browser.new_context(offline=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("pageerror", lambda exc: visit.errors.append(str(exc)))
    page.on(
        "console",
        lambda msg: visit.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    page.on("request", lambda request: visit.requests.append(request.url))
    page.goto(report.as_uri(), wait_until="load")
    page.wait_for_function(
        "(n) => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n",
        arg=n_plots, timeout=20_000,
    )
    return context, page, visit


def _foreign(requests: list[str], report: Path) -> list[str]:
    """Requests other than the report itself and inline data/about URLs."""
    return [
        url
        for url in requests
        if not url.startswith(("data:", "about:")) and url != report.as_uri()
    ]


def _marker_counts(page: Any, figure: int) -> dict[str, int]:
    return dict(
        page.evaluate(
            """(i) => {
                const gd = document.querySelectorAll('.js-plotly-plot')[i];
                return gd.data
                    .filter(t => !String(t.meta).startsWith('interval'))
                    .map(t => [t.meta, (t.x || []).length]);
            }""",
            figure,
        )
    )


def _hover_every_point(page: Any) -> list[str]:
    """Hover every marker of the timeline (plotly's own hover code) and collect the labels."""
    return list(
        page.evaluate(
            """() => {
                const gd = document.querySelectorAll('.js-plotly-plot')[0];
                const labels = [];
                gd.data.forEach((t, c) => {
                    if (String(t.meta).startsWith('interval')) return;
                    (t.x || []).forEach((_, p) => {
                        Plotly.Fx.hover(gd, [{curveNumber: c, pointNumber: p}]);
                        const h = gd.querySelector('.hovertext') ||
                                  document.querySelector('.hoverlayer .hovertext');
                        labels.push(h ? h.textContent : '');
                    });
                });
                return labels;
            }"""
        )
    )


def test_seed_report_draws_offline(
    browser: Any, reports: dict[str, tuple[Path, pd.DataFrame]]
) -> None:
    report, events = reports["timeline"]
    context, page, visit = _open(browser, report, 5)
    try:
        assert page.locator(".js-plotly-plot").count() == 5
        expected = events["direction"].value_counts().to_dict()
        assert _marker_counts(page, 0) == {
            d: expected.get(d, 0) for d in ("escalation", "de-escalation", "neutral")
        }
        # escalation index: one bar per day per direction, plus the running total
        index_traces = _marker_counts(page, 1)
        assert index_traces["cumulative"] == events["date"].dt.normalize().nunique()
        # every plot actually rendered SVG points
        n_points = page.evaluate(
            "document.querySelectorAll('.js-plotly-plot')[0]"
            ".querySelectorAll('.scatterlayer .point').length"
        )
        assert n_points == len(events)
        labels = _hover_every_point(page)
        assert len(labels) == len(events) and all(labels)
        assert any("Iran had earlier launched missile" in label for label in labels)
        # no code cells, prompts or editors visible
        assert page.locator(".jp-CodeCell .jp-InputArea").count() == 0
        assert page.locator(".jp-InputPrompt, .jp-OutputPrompt, .cm-editor").count() == 0
        assert page.get_by_text("import ", exact=False).count() == 0
        assert page.locator("table.tension-events tbody tr").count() == len(events)
        links = page.locator("table.tension-events a")
        assert links.count() == len(events)
        assert links.first.get_attribute("href") == "https://example.org/a1"
    finally:
        context.close()
    assert visit.errors == []
    assert visit.console_errors == []
    assert _foreign(visit.requests, report) == []


def test_hostile_article_text_never_runs(
    browser: Any, reports: dict[str, tuple[Path, pd.DataFrame]]
) -> None:
    report, events = reports["hostile"]
    context, page, visit = _open(browser, report)
    try:
        labels = _hover_every_point(page)
        # mouse hover too (the hover label is rebuilt from the escaped customdata)
        for point in page.locator(".js-plotly-plot .scatterlayer .point").all():
            point.hover(force=True)
            page.wait_for_timeout(50)
        assert page.evaluate("typeof window.__pwned") == "undefined"
        text = " ".join(labels)
        assert "<script>window.__pwned = 'evidence-script'</script>" in text  # shown as text
        assert "<img src=x onerror=" in text
        assert page.evaluate("document.title") == HOSTILE_TITLE
        assert page.locator("h2").first.inner_text() == HOSTILE_TITLE
        injected = "main img, main iframe, main svg[onload], main b[onmouseover]"
        assert page.locator(injected).count() == 0
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
        assert [h for h in hrefs if "#" not in h] == ["https://example.org/a1"]  # js: is text
        assert not [h for h in hrefs if h.lower().startswith("javascript")]
        assert page.get_by_text("javascript:window.__pwned='url'").count() == 1
        assert page.locator("body").is_visible()  # the <style> in event_name did not apply
        assert _marker_counts(page, 0) == {"escalation": 1, "de-escalation": 1, "neutral": 0}
    finally:
        context.close()
    assert visit.errors == []
    assert _foreign(visit.requests, report) == []
    assert len(events) == 2


def _plot_data(page: Any) -> list[list[tuple[str, int]]]:
    return list(page.evaluate(
        """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(
            gd => gd.data.map(t => [String(t.meta), (t.x || t.z || []).length]))"""
    ))


def _check_clean(page: Any, visit: PageVisit, report: Path) -> None:
    assert page.locator(".jp-InputPrompt, .jp-OutputPrompt, .cm-editor").count() == 0
    assert page.locator(".jp-CodeCell .jp-InputArea").count() == 0
    assert page.get_by_text("import ", exact=False).count() == 0
    assert page.get_by_text("Traceback", exact=False).count() == 0
    assert visit.errors == []
    assert visit.console_errors == []
    assert _foreign(visit.requests, report) == []


def test_tone_report_draws_offline(
    browser: Any, reports: dict[str, tuple[Path, pd.DataFrame]]
) -> None:
    from analysis.tone_aggregates import daily_tone, tone_histogram, tone_vs_escalation

    report, events = reports["tone"]
    context, page, visit = _open(browser, report, 5)
    try:
        data = _plot_data(page)
        assert len(data) == 5
        by_actor = dict(data[1])
        expected = daily_tone(events, by="actor")["group"].value_counts().to_dict()
        assert by_actor == expected
        assert dict(data[2]) == daily_tone(events, by="outlet")["group"].value_counts().to_dict()
        bars = page.evaluate(
            "document.querySelectorAll('.js-plotly-plot')[3].data"
            ".map(t => [t.meta, t.y.reduce((a, b) => a + b, 0)])"
        )
        assert dict(bars) == events["direction"].value_counts().to_dict()
        assert len(tone_histogram(events)) > 0
        assert sum(n for _, n in data[4]) == len(tone_vs_escalation(events))
        _check_clean(page, visit, report)
    finally:
        context.close()


def test_briefing_report_draws_offline(
    browser: Any, reports: dict[str, tuple[Path, pd.DataFrame]]
) -> None:
    report, events = reports["briefing"]
    context, page, visit = _open(browser, report, 2)
    try:
        assert page.locator(".js-plotly-plot").count() == 2
        assert _marker_counts(page, 0) == {
            d: int((events["direction"] == d).sum())
            for d in ("escalation", "de-escalation", "neutral")
        }
        headline = page.locator("ul.tension-headline").inner_text()
        assert "6 events from 1 articles" in headline and "current phase" in headline
        rows = page.locator("table.tension-events tbody tr")
        assert rows.count() == min(10, len(events))
        assert page.locator("table.tension-events a[href^='https://']").count() == rows.count()
        hover = page.evaluate(
            """() => document.querySelectorAll('.js-plotly-plot')[0].data
                .filter(t => !String(t.meta).startsWith('interval'))
                .flatMap(t => (t.customdata || []).map(c => c[0]))"""
        )
        assert len(hover) == len(events)
        assert any("Pakistan said it had targeted" in h for h in hover)
        _check_clean(page, visit, report)
    finally:
        context.close()


def test_hostile_briefing_runs_nothing(
    browser: Any, reports: dict[str, tuple[Path, pd.DataFrame]]
) -> None:
    report, _ = reports["hostile-briefing"]
    context, page, visit = _open(browser, report, 2)
    try:
        _hover_every_point(page)
        assert page.evaluate("typeof window.__pwned") == "undefined"
        hrefs = page.eval_on_selector_all("table a[href]", "els => els.map(a => a.href)")
        assert hrefs == ["https://example.org/a1"]
        assert page.locator("main img, main iframe, main svg[onload]").count() == 0
        assert page.locator("h2").first.inner_text() == HOSTILE_TITLE
    finally:
        context.close()
    assert visit.errors == []
    assert _foreign(visit.requests, report) == []
