"""Every notebook executes with papermill; parameters are typed, commented and validated."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from analysis.report import execute_notebook, notebook_parameters, parameter_types, run_notebooks

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
PLOTLY_MIME = "application/vnd.plotly.v1+json"


def _outputs(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def _text(nb: nbformat.NotebookNode) -> str:
    return " ".join(str(o.get("data", {}).get("text/html", "")) + str(o.get("text", ""))
                    for o in _outputs(nb))


def test_the_suite_is_there() -> None:
    assert [p.stem for p in NOTEBOOKS] == ["briefing", "explore", "timeline", "tone"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_parameters_are_typed_and_commented(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    for line in tagged[0].source.splitlines():
        assert re.match(r"^\w+: (str|int|float|bool) = .+  # .+$", line), line
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    types = parameter_types(path)
    assert types["data_dir"] == "str" and set(types) == set(notebook_parameters(path))


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_executes_with_papermill(path: Path, events_data_dir: Path,
                                         tmp_path: Path) -> None:
    executed = execute_notebook(path, tmp_path / path.name, {"data_dir": str(events_data_dir)},
                                cwd=tmp_path)
    outputs = _outputs(executed)
    assert not [o for o in outputs if o.output_type == "error"]
    figures = [o for o in outputs if PLOTLY_MIME in o.get("data", {})]
    if path.stem != "explore":  # the explorer draws into an ipywidgets Output
        assert figures
    assert "No events match" not in _text(executed)
    if path.stem == "explore":
        import html

        import pandas as pd

        events = pd.read_parquet(events_data_dir / "events.parquet")
        n = len(events)
        assert n == 6  # the seed-like events, all shown with no filter chosen
        state = executed.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]
        shown = [o for model in state["state"].values() if model["model_name"] == "OutputModel"
                 for o in model["state"]["outputs"]]
        pages = [str(o.get("data", {}).get("text/html", "")) for o in shown]
        assert pages[0] == f'<p class="tension-notice"><strong>{n} of {n} events</strong></p>'
        drawn = [o["data"][PLOTLY_MIME] for o in shown if PLOTLY_MIME in o.get("data", {})]
        assert len(drawn) == 1  # the timeline: one marker per event
        assert sum(len(t["x"]) for t in drawn[0]["data"] if t.get("mode") == "markers") == n
        tables = [page for page in pages if '<table class="tension-events">' in page]
        assert len(tables) == 1 and tables[0].count("<tr>") == n + 1  # header + events
        cells = re.findall(r"<tr><td>(\d{4}-\d\d-\d\d)</td><td>[^<]*</td><td>([a-z-]+)</td>",
                           tables[0])
        assert sorted(cells) == sorted(
            zip(events["date"].dt.strftime("%Y-%m-%d"), events["direction"], strict=True))
        assert all(html.escape(e) in tables[0] for e in events["evidence"])


@pytest.mark.notebook
def test_bad_parameters_give_a_message_not_a_traceback(events_data_dir: Path,
                                                       tmp_path: Path) -> None:
    timeline = REPO / "notebooks" / "timeline.ipynb"
    tone = REPO / "notebooks" / "tone.ipynb"
    data = str(events_data_dir)
    jobs = [
        (timeline, {"data_dir": data, "start": "2024-31-01"}),
        (tone, {"data_dir": data, "actors": "PKA"}),
        (timeline, {"data_dir": data, "start": "2025-01-01"}),
        (tone, {"data_dir": str(tmp_path / "nowhere")}),
    ]
    executed = run_notebooks(jobs, cwd=tmp_path)  # one kernel, reset between notebooks
    texts = [_text(nb) for nb in executed]
    for nb, text in zip(executed, texts, strict=True):
        assert not [o for o in _outputs(nb) if o.output_type == "error"]
        assert "No events match" in text
        assert not [o for o in _outputs(nb) if PLOTLY_MIME in o.get("data", {})]
    assert "&#x27;2024-31-01&#x27; is not a valid date" in texts[0]
    assert "unknown actor code &#x27;PKA&#x27;; did you mean" in texts[1]
    assert "PAK" in texts[1].split("did you mean", 1)[1]
    assert "dates 2025-01-01 to …; 6 events in the data" in texts[2]
    assert "holds no events.parquet" in texts[3]
