"""Build offline HTML reports: run a parameterised notebook with papermill, export with nbconvert.

Notebooks are looked up by name in the repository's ``notebooks/`` folder (next to the
``analysis`` package in a checkout or editable install), then in ``./notebooks``; a path to
an ``.ipynb`` file is used as given. The notebook runs with the ``python3`` kernel, with
``data_dir`` injected as an absolute path, in a scratch working directory.

The HTML is exported without code (inputs, prompts, the parameter cells) using the
``offline`` template in ``analysis/templates`` (nbconvert's lab template minus its
require.js / MathJax / mermaid CDN scripts). Figures must be shown with
:func:`analysis.charts.use_offline_renderer`, which embeds plotly.js once, inline. The
result is checked for external references before it is written (atomically).
"""

from __future__ import annotations

import ast
import datetime as dt
import os
import tempfile
from collections.abc import Mapping
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any, Final

from analysis.errors import ReportError
from analysis.timeline import parse_actors, parse_day

__all__ = [
    "KERNEL_NAME",
    "build_report",
    "execute_notebook",
    "export_html",
    "external_references",
    "notebook_parameters",
    "resolve_notebook",
]

KERNEL_NAME: Final = "python3"
TEMPLATE_NAME: Final = "offline"
_HIDDEN_TAGS: Final = frozenset({"parameters", "injected-parameters", "remove-cell"})
_REPO_NOTEBOOKS: Final = Path(__file__).resolve().parent.parent / "notebooks"


def _notebook_dirs() -> list[Path]:
    dirs = [_REPO_NOTEBOOKS, Path.cwd() / "notebooks"]
    unique: list[Path] = []
    for folder in dirs:
        if folder.resolve() not in [u.resolve() for u in unique]:
            unique.append(folder)
    return unique


def resolve_notebook(notebook: str | Path) -> Path:
    """Find a notebook by name (``"timeline"``) or path (``"x/y.ipynb"``).

    Raises
    ------
    ReportError
        When nothing matches; the message lists the folders searched and the names found.
    """
    path = Path(notebook)
    if path.suffix == ".ipynb" or len(path.parts) > 1:
        if path.is_file():
            return path.resolve()
        raise ReportError(f"notebook {str(notebook)!r} does not exist")
    name = path.name
    found: list[str] = []
    for folder in _notebook_dirs():
        candidate = folder / f"{name}.ipynb"
        if candidate.is_file():
            return candidate.resolve()
        if folder.is_dir():
            found += sorted(p.stem for p in folder.glob("*.ipynb"))
    searched = ", ".join(str(d) for d in _notebook_dirs())
    known = ", ".join(sorted(set(found))) or "none"
    raise ReportError(f"no notebook named {name!r} (searched {searched}; available: {known})")


def notebook_parameters(path: Path) -> dict[str, object]:
    """The parameters a notebook declares (its ``parameters`` cell) with their defaults."""
    import papermill

    try:
        declared = papermill.inspect_notebook(str(path))
    except Exception as exc:  # papermill raises several unrelated types for bad notebooks
        raise ReportError(f"notebook {path.name}: cannot read parameters ({exc})") from exc
    out: dict[str, object] = {}
    for name, info in declared.items():
        try:
            out[name] = ast.literal_eval(str(info.get("default", "None")))
        except (ValueError, SyntaxError):
            out[name] = info.get("default")
    return out


def _normalise_parameters(
    path: Path, data_dir: Path, parameters: Mapping[str, object] | None
) -> dict[str, object]:
    declared = notebook_parameters(path)
    given = dict(parameters or {})
    unknown = sorted(set(given) - set(declared))
    if unknown:
        raise ReportError(
            f"notebook {path.name}: unknown parameter(s) {', '.join(unknown)} "
            f"(declared: {', '.join(sorted(declared)) or 'none'})"
        )
    values: dict[str, object] = {}
    for name, value in given.items():
        if name == "actors":
            if value is not None and not isinstance(value, (str, list, tuple)):
                raise ReportError(f"actors: expected text or a list of codes, got {value!r}")
            value = ",".join(parse_actors(value))
        elif name in ("start", "end"):
            if not (value is None or isinstance(value, (str, dt.date))):
                raise ReportError(f"{name}: expected a date or YYYY-MM-DD, got {value!r}")
            day = parse_day(value, name=name)
            value = "" if day is None else day.strftime("%Y-%m-%d")
        values[name] = value
    if "data_dir" in declared:
        values["data_dir"] = str(data_dir.resolve())
    return values


def execute_notebook(
    path: Path, output: Path, parameters: Mapping[str, object], *, cwd: Path | None = None
) -> Any:
    """Run ``path`` with papermill into ``output``; return the executed notebook node.

    Raises
    ------
    ReportError
        Naming the notebook, the failing cell and its error when execution fails.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    try:
        return papermill.execute_notebook(
            str(path),
            str(output),
            parameters=dict(parameters),
            kernel_name=KERNEL_NAME,
            cwd=str(cwd) if cwd else None,
            progress_bar=False,
            log_output=False,
            report_mode=False,
            request_save_on_cell_execute=False,
        )
    except PapermillExecutionError as exc:
        raise ReportError(
            f"notebook {path.name}: cell {exc.exec_count} failed: {exc.ename}: {exc.evalue}"
        ) from exc
    except Exception as exc:  # kernel start-up, missing kernel, bad notebook JSON, ...
        raise ReportError(
            f"notebook {path.name}: could not run ({type(exc).__name__}: {exc})"
        ) from exc


def _strip_code(nb: Any) -> Any:
    """Drop parameter cells and stderr streams from an executed notebook (in place)."""
    kept = []
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & _HIDDEN_TAGS:
            continue
        if cell.get("cell_type") == "code":
            cell["outputs"] = [
                out
                for out in cell.get("outputs", [])
                if not (out.get("output_type") == "stream" and out.get("name") == "stderr")
            ]
        kept.append(cell)
    nb.cells = kept
    return nb


def _templates_dir() -> Path:
    return Path(str(resources.files("analysis") / "templates"))


def export_html(nb: Any, *, title: str | None = None) -> str:
    """Export an executed notebook to offline HTML without any code.

    Raises
    ------
    ReportError
        When the HTML would load anything from the network (see :func:`external_references`).
    """
    from nbconvert import HTMLExporter

    nb = _strip_code(nb)
    if title:
        nb.metadata["title"] = title
    exporter = HTMLExporter(  # type: ignore[no-untyped-call]
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(_templates_dir())],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    body, _ = exporter.from_notebook_node(nb)
    text = str(body)
    refs = external_references(text)
    if refs:
        raise ReportError(f"report would load external resources: {', '.join(refs[:5])}")
    return text


class _RefFinder(HTMLParser):
    """Collects src/href/srcset/data attributes that point outside the file."""

    _ATTRS: Final = ("src", "href", "srcset", "data", "poster", "action", "formaction")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in self._ATTRS and value and _is_external(value):
                self.refs.append(f"<{tag} {name}={value!r}>")
            if name == "style" and value and "url(" in value and _is_external(value):
                self.refs.append(f"<{tag} style={value!r}>")

    handle_startendtag = handle_starttag


def _is_external(value: str) -> bool:
    lowered = value.strip().lower()
    marks = ("http:", "https:", "url(//")
    return any(mark in lowered for mark in marks) or lowered.startswith("//")


def external_references(html_text: str) -> list[str]:
    """Tags whose ``src``/``href``/... would reach another host (``http(s):`` or ``//``).

    Script and style bodies are not inspected (plotly.js contains URL strings it never
    fetches for cartesian charts); ``<a href>`` links count too, so reports stay link-free.
    """
    finder = _RefFinder()
    finder.feed(html_text)
    finder.close()
    return finder.refs


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; give the usual file mode
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def build_report(
    notebook: str | Path,
    data_dir: Path,
    out: Path,
    parameters: Mapping[str, object] | None = None,
) -> Path:
    """Run ``notebook`` on the tables in ``data_dir`` and write offline HTML to ``out``.

    ``parameters`` override the notebook's ``parameters`` cell (``actors`` may be a list of
    codes, ``start``/``end`` dates or ``YYYY-MM-DD``; they are validated before the kernel
    starts). ``data_dir`` is injected as an absolute path. Returns ``out``.

    Raises
    ------
    ReportError
        Unknown notebook or parameter, invalid value, missing ``events.parquet``, a failing
        notebook cell (message names the notebook, cell and error), or HTML that would load
        external resources. ``out`` is left untouched on error.
    """
    path = resolve_notebook(notebook)
    data_dir = Path(data_dir)
    if not (data_dir / "events.parquet").exists():  # a file, or a partitioned folder
        raise ReportError(
            f"{data_dir}: no events.parquet (run `tension ingest ... --out {data_dir}` first)"
        )
    values = _normalise_parameters(path, data_dir, parameters)
    title = values.get("title", notebook_parameters(path).get("title"))
    with tempfile.TemporaryDirectory(prefix="tension-report-") as scratch:
        executed = execute_notebook(
            path, Path(scratch) / path.name, values, cwd=Path(scratch)
        )
        text = export_html(executed, title=str(title) if title else path.stem)
    out = Path(out)
    _atomic_write(out, text)
    return out
