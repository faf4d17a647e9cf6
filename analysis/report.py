"""Build offline HTML reports: run parameterised notebooks, export them with nbconvert.

Notebooks are looked up by name in the repository's ``notebooks/`` folder (next to the
``analysis`` package in a checkout or editable install), then in ``./notebooks``; a path to
an ``.ipynb`` file is used as given. The notebook runs with the ``python3`` kernel, with
``data_dir`` injected as an absolute path, in a scratch working directory.

Execution: parameters are injected the papermill way (an ``injected-parameters`` cell after
the ``parameters`` cell) and the cells run with nbclient, the namespace reset between
notebooks. Two kernels (``kernel=``):

- ``"inprocess"``: an ``ipykernel.inprocess`` kernel inside this process, created once and
  reused by every later build of the process, so kernel start-up and the imports of
  pandas/plotly/analysis are paid once, by this process, and the notebooks share
  :mod:`analysis.report_data`'s cached selection. Notebooks run one after the other, in this
  process's working directory, and a cell has no timeout; SIGINT and SIGTERM end the run
  (:func:`analysis.notebook_client.interruptible`: ``KeyboardInterrupt``, the CLI exits 130).
- ``"subprocess"``: a real ``python3`` kernel process per worker, started once per build and
  reused for its notebooks (``workers`` kernels run concurrently), in a scratch working
  directory: a notebook cannot touch the caller's process.
- ``"auto"`` (default): in-process for the package's own notebooks (``notebooks/`` of this
  repository), a subprocess kernel for any other notebook (and whenever this process
  already runs an IPython shell, e.g. inside JupyterLab).

Both give the same outputs. Figures are shown with
:func:`analysis.charts.use_offline_renderer`, so the executed notebooks only hold figure
JSON (the plotly mimetype JupyterLab draws natively).

Export: without code (inputs, prompts, the parameter cells) using the ``offline`` template
in ``analysis/templates`` (nbconvert's lab template minus its require.js / MathJax /
mermaid CDN scripts). Each figure becomes a ``<div>`` and the page gets plotly.js once,
inline, in its head. The result is checked for external references before it is written
(atomically). ``images`` writes every figure as PNG and SVG with kaleido and Debian's
Chromium: one browser session for all the figures of a build.
"""

from __future__ import annotations

import ast
import asyncio
import atexit
import contextlib
import datetime as dt
import functools
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Callable, Mapping, Sequence
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any, Final, Literal

from analysis.errors import ReportError
from analysis.timeline import parse_actors, parse_day

__all__ = [
    "KERNELS",
    "KERNEL_NAME",
    "SUITE",
    "SuiteError",
    "build_report",
    "build_suite",
    "chromium_path",
    "coerce_parameter",
    "execute_notebook",
    "export_html",
    "external_references",
    "figures_of",
    "heading_of",
    "inprocess_available",
    "notebook_parameters",
    "parameter_types",
    "resolve_notebook",
    "run_notebooks",
    "write_image_groups",
    "write_images",
]

#: the reports ``tension reports`` builds (``explore`` is for JupyterLab only)
SUITE: Final = ("timeline", "tone", "briefing")

KERNEL_NAME: Final = "python3"
#: how notebooks are executed (see the module docstring)
KERNELS: Final = ("auto", "inprocess", "subprocess")
Kernel = Literal["auto", "inprocess", "subprocess"]
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


@functools.lru_cache(maxsize=32)
def _inspect(path: str, _stamp: tuple[int, int]) -> dict[str, dict[str, Any]]:
    import papermill

    try:
        declared = papermill.inspect_notebook(path)
    except Exception as exc:  # papermill raises several unrelated types for bad notebooks
        raise ReportError(f"notebook {Path(path).name}: cannot read parameters ({exc})") from exc
    return {name: dict(info) for name, info in declared.items()}


def _declared(path: Path) -> dict[str, dict[str, Any]]:
    """papermill's reading of the ``parameters`` cell, cached while the file is unchanged."""
    try:
        info = path.stat()
    except OSError as exc:
        raise ReportError(f"notebook {path.name}: cannot read parameters ({exc})") from exc
    return _inspect(str(path), (info.st_mtime_ns, info.st_size))


def notebook_parameters(path: Path) -> dict[str, object]:
    """The parameters a notebook declares (its ``parameters`` cell) with their defaults."""
    out: dict[str, object] = {}
    for name, info in _declared(path).items():
        try:
            out[name] = ast.literal_eval(str(info.get("default", "None")))
        except (ValueError, SyntaxError):
            out[name] = info.get("default")
    return out


def parameter_types(path: Path) -> dict[str, str]:
    """Declared type name of each parameter (``str``, ``int``, ``float``, ``bool``...)."""
    return {name: str(info.get("inferred_type_name") or "None")
            for name, info in _declared(path).items()}


_TRUE: Final = frozenset({"true", "yes", "1", "on"})
_FALSE: Final = frozenset({"false", "no", "0", "off", ""})


def coerce_parameter(name: str, value: str, type_name: str) -> object:
    """Turn a command-line string into the declared type of parameter ``name``.

    Raises
    ------
    ReportError
        When the text is not a value of that type.
    """
    kind = type_name.strip().lower()
    try:
        if kind in ("str", "none", "any", ""):
            return value
        if kind == "int":
            return int(value.strip())
        if kind == "float":
            return float(value.strip())
        if kind == "bool":
            text = value.strip().lower()
            if text in _TRUE | _FALSE:
                return text in _TRUE
            raise ValueError(value)
        return ast.literal_eval(value)
    except (ValueError, SyntaxError) as exc:
        raise ReportError(f"parameter {name}: {value!r} is not a {type_name}") from exc


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
    types = parameter_types(path)
    values: dict[str, object] = {}
    for name, value in given.items():
        if isinstance(value, str) and types.get(name, "str") not in ("str", "None"):
            value = coerce_parameter(name, value, types[name])
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
    path: Path,
    output: Path,
    parameters: Mapping[str, object],
    *,
    cwd: Path | None = None,
    timeout: int | None = 600,
) -> Any:
    """Run ``path`` with papermill into ``output``; return the executed notebook node.

    ``timeout``: seconds a cell may run (``None``: no limit). The run uses the ``tension``
    papermill engine (:class:`analysis.notebook_client.AwakeEngine`), which recovers the
    kernel replies pyzmq sometimes fails to announce.

    Raises
    ------
    ReportError
        Naming the notebook, the failing cell and its error when execution fails, or the
        cell that ran out of time.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from analysis.notebook_client import register_engine

    engine = register_engine()
    try:
        return papermill.execute_notebook(
            str(path),
            str(output),
            parameters=dict(parameters),
            engine_name=engine,
            kernel_name=KERNEL_NAME,
            cwd=str(cwd) if cwd else None,
            progress_bar=False,
            log_output=False,
            report_mode=False,
            request_save_on_cell_execute=False,
            execution_timeout=timeout,
        )
    except PapermillExecutionError as exc:
        raise ReportError(
            f"notebook {path.name}: cell {exc.exec_count} failed: {exc.ename}: {exc.evalue}"
        ) from exc
    except TimeoutError as exc:  # nbclient's CellTimeoutError: a cell ran over ``timeout``
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        raise ReportError(f"notebook {path.name}: timed out after {timeout} s ({first})") from exc
    except Exception as exc:  # kernel start-up, missing kernel, bad notebook JSON, ...
        raise ReportError(
            f"notebook {path.name}: could not run ({type(exc).__name__}: {exc})"
        ) from exc


def _figures_to_html(nb: Any) -> int:
    """Give every plotly mimetype output an HTML ``<div>`` (in place); return how many."""
    from analysis.charts import PLOTLY_MIMETYPE, figure_html

    n = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if PLOTLY_MIMETYPE in data:
                fig = data.pop(PLOTLY_MIMETYPE)
                height = fig.get("layout", {}).get("height") or 450
                data["text/html"] = figure_html(fig, height=int(height))
                data.pop("text/plain", None)
                n += 1
    return n


_HEADING: Final = re.compile(r"<h2>(.*?)</h2>", re.S)


def heading_of(nb: Any) -> str:
    """The text of the first ``<h2>`` heading an executed notebook shows (a report's
    heading, :func:`analysis.charts.heading_html`); ``""`` when there is none."""
    import html

    for cell in nb.cells:
        for out in cell.get("outputs", []):
            found = _HEADING.search(str(out.get("data", {}).get("text/html", "")))
            if found:
                return html.unescape(re.sub(r"<[^>]*>", "", found.group(1))).strip()
    return ""


def _page_title(nb: Any, title: object, fallback: str) -> str:
    """The page's ``<title>``: the ``title`` parameter, else the heading the notebook
    derived (a notebook whose ``title`` defaults to None), else ``fallback``."""
    return str(title) if title else heading_of(nb) or fallback


def figures_of(nb: Any) -> list[dict[str, Any]]:
    """The plotly figures (JSON dicts) an executed notebook shows, in order."""
    from analysis.charts import PLOTLY_MIMETYPE

    return [
        dict(out["data"][PLOTLY_MIMETYPE])
        for cell in nb.cells
        for out in cell.get("outputs", [])
        if PLOTLY_MIMETYPE in out.get("data", {})
    ]


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


_export_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def _exporter() -> Any:
    """One HTML exporter per process: its Jinja templates are compiled once."""
    from nbconvert import HTMLExporter

    return HTMLExporter(  # type: ignore[no-untyped-call]
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(_templates_dir())],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )


def export_html(nb: Any, *, title: str | None = None) -> str:
    """Export an executed notebook to offline HTML without any code.

    Raises
    ------
    ReportError
        When the HTML would load anything from the network (see :func:`external_references`).
    """
    nb = _strip_code(nb)
    n_figures = _figures_to_html(nb)
    if title:
        nb.metadata["title"] = title
    with _export_lock:
        body, _ = _exporter().from_notebook_node(nb)
    text = str(body)
    # checked before plotly.js goes in: the bundle is one inline <script> without
    # attributes that load anything (its body is never inspected), so the result is the same
    refs = external_references(text)
    if refs:
        raise ReportError(f"report would load external resources: {', '.join(refs[:5])}")
    if n_figures:
        from analysis.charts import plotlyjs_script

        head_end = text.find("</head>")
        if head_end < 0:
            raise ReportError("exported HTML has no </head>: cannot embed plotly.js")
        text = f"{text[:head_end]}{plotlyjs_script()}\n{text[head_end:]}"
    return text


class _RefFinder(HTMLParser):
    """Collects attributes that would load something from outside the file, and script
    URLs (``javascript:``, ``vbscript:``) anywhere."""

    _ATTRS: Final = ("src", "href", "srcset", "data", "poster", "action", "formaction")
    #: (tag, attribute) pairs that only navigate when clicked: links to sources are fine
    _NAVIGATION: Final = frozenset({("a", "href")})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if not value:
                continue
            compact = "".join(value.split()).lower()
            script = compact.startswith(("javascript:", "vbscript:"))
            loads = (tag, name) not in self._NAVIGATION and _is_external(value)
            if name in self._ATTRS and (script or loads):
                self.refs.append(f"<{tag} {name}={value!r}>")
            elif name == "style" and "url(" in value and _is_external(value):
                self.refs.append(f"<{tag} style={value!r}>")

    handle_startendtag = handle_starttag


def _is_external(value: str) -> bool:
    lowered = value.strip().lower()
    marks = ("http:", "https:", "url(//")
    return any(mark in lowered for mark in marks) or lowered.startswith("//")


def external_references(html_text: str) -> list[str]:
    """Tags that would load from another host (``src``/``href``/... with ``http(s):`` or
    ``//``) or run a script URL (``javascript:``).

    Script and style bodies are not inspected (plotly.js contains URL strings it never
    fetches for cartesian charts). ``<a href="https://...">`` links to articles are allowed:
    they load nothing until clicked.
    """
    finder = _RefFinder()
    finder.feed(html_text)
    finder.close()
    return finder.refs


def _atomic_write(path: Path, text: str) -> None:
    from analysis.store import atomic_write  # pyarrow/duckdb only when a report is written

    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


#: first cell of every notebook: drop the previous notebook's names. Not ``%reset -f``,
#: which also runs ``gc.collect()`` over the kernel's whole heap (0.15-0.25 s a notebook)
_RESET_SOURCE: Final = (
    "for _name in [n for n in get_ipython().user_ns\n"
    "              if not n.startswith('_') and n not in get_ipython().user_ns_hidden]:\n"
    "    del get_ipython().user_ns[_name]"
)


def _prepared(path: Path, parameters: Mapping[str, object]) -> Any:
    """The notebook with injected parameters and a hidden namespace-reset first cell."""
    import nbformat
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    nb = load_notebook_node(str(path))  # also gives every cell a ``tags`` list
    nb = parameterize_notebook(nb, dict(parameters))
    reset = nbformat.v4.new_code_cell(  # type: ignore[no-untyped-call]
        _RESET_SOURCE, metadata={"tags": ["remove-cell"]}
    )
    nb.cells.insert(0, reset)
    return nb


def _failure(name: str, nb: Any, exc: Any) -> ReportError:
    cell = next((i for i, c in enumerate(nb.cells)
                 if any(o.get("output_type") == "error" for o in c.get("outputs", []))), -1)
    return ReportError(f"notebook {name}: cell {cell} failed: {exc.ename}: {exc.evalue}")


#: what :func:`run_notebooks` tells its ``on_result`` of each notebook: its position in the
#: jobs and the executed notebook, or the :class:`ReportError` it failed with
OnResult = Callable[[int, Any], None]


def _outcome(on_result: OnResult | None, index: int, name: str, nb: Any, exc: Any) -> None:
    """A notebook failed with ``exc``: raise its :class:`ReportError`, or hand it on."""
    failure = _failure(name, nb, exc)
    if on_result is None:
        raise failure from exc
    on_result(index, failure)


async def _run_group(jobs: Sequence[tuple[int, str, Any]], cwd: Path, timeout: int,
                     on_result: OnResult | None = None) -> None:
    from jupyter_client.manager import AsyncKernelManager
    from nbclient.exceptions import CellExecutionError

    from analysis.notebook_client import AwakeNotebookClient

    km = AsyncKernelManager(kernel_name=KERNEL_NAME)
    try:
        await km.start_kernel(cwd=str(cwd))
    except Exception as exc:  # missing kernel spec, bad interpreter, ...
        raise ReportError(f"could not start the {KERNEL_NAME!r} kernel ({exc})") from exc
    kc = km.client()
    kc.start_channels()
    try:
        await kc.wait_for_ready(timeout=120)
        for index, name, nb in jobs:
            client = AwakeNotebookClient(nb, km=km, kernel_name=KERNEL_NAME, timeout=timeout,
                                         resources={"metadata": {"path": str(cwd)}})
            client.kc = kc
            try:
                await client.async_execute()
            except CellExecutionError as exc:
                _outcome(on_result, index, name, nb, exc)
            else:
                if on_result is not None:
                    on_result(index, nb)
    finally:
        kc.stop_channels()
        await km.shutdown_kernel(now=True)


_SHUTDOWN_NOISE: Final = "unhandled exception during asyncio.run() shutdown"


def _run_to_end(make: Any) -> None:
    """``asyncio.run(make())``, quiet when interrupted: SIGINT/SIGTERM
    (:class:`analysis.notebook_client.Interrupted`) leave the loop with its tasks pending,
    and the loop's shutdown would log each one's (expected) failure, with a traceback."""
    interrupted = False

    def handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        if interrupted and str(context.get("message", "")).startswith(_SHUTDOWN_NOISE):
            return
        loop.default_exception_handler(context)

    with asyncio.Runner() as runner:
        runner.get_loop().set_exception_handler(handler)
        try:
            runner.run(make())
        except KeyboardInterrupt:
            interrupted = True
            raise


def _run_coroutine(make: Any) -> None:
    """Run ``make()``'s coroutine to completion, also when called from async code."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:  # the usual case: no event loop in this thread
        _run_to_end(make)
    else:  # called from async code (JupyterLab, playwright): run in a thread of its own
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(lambda: _run_to_end(make)).result()


class _InProcess:
    """The process's in-process kernel and its client, created on first use."""

    lock = threading.Lock()
    km: Any = None
    kc: Any = None


def inprocess_available() -> bool:
    """Whether an in-process kernel can run here: not inside another IPython shell (a
    JupyterLab kernel, an IPython terminal), which the in-process shell cannot replace."""
    from IPython.core.interactiveshell import InteractiveShell

    if not InteractiveShell.initialized():
        return True
    from ipykernel.inprocess.ipkernel import InProcessInteractiveShell

    return isinstance(InteractiveShell.instance(), InProcessInteractiveShell)


def _inprocess_client() -> Any:
    if _InProcess.kc is None:
        from ipykernel.inprocess.manager import InProcessKernelManager

        # the kernel loads debugpy when present; its "frozen modules" notice is noise here
        os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
        km = InProcessKernelManager()
        try:
            km.start_kernel()  # type: ignore[no-untyped-call]
        except Exception as exc:  # traitlets config errors, another shell class...
            raise ReportError(f"could not start an in-process kernel ({exc})") from exc
        kc = km.client()  # type: ignore[no-untyped-call]
        kc.start_channels()
        _InProcess.km, _InProcess.kc = km, kc
        atexit.register(_shutdown_inprocess)
    return _InProcess.kc


def _shutdown_inprocess() -> None:
    """Stop the in-process kernel's IOPub thread at exit (else asyncio warns about it)."""
    km, kc = _InProcess.km, _InProcess.kc
    _InProcess.km = _InProcess.kc = None
    if kc is not None:
        kc.stop_channels()
    if km is not None:
        _end_iopub_gc(km)
        km.shutdown_kernel()


def _end_iopub_gc(km: Any) -> None:
    """Cancel the IOPub thread's event-pipe clean-up task *in its loop* and wait for it.

    ipykernel's ``IOPubThread.stop`` stops the loop first and cancels that task after, when
    no loop runs it any more: the task stays "cancelling" and, once collected, asyncio
    prints "Task was destroyed but it is pending!" on stderr (seen at the end of short
    builds, e.g. a report without events).
    """
    thread: Any = getattr(getattr(km, "kernel", None), "iopub_thread", None)
    task = getattr(thread, "_event_pipe_gc_task", None)
    loop = getattr(getattr(thread, "io_loop", None), "asyncio_loop", None)
    if task is None or loop is None or task.done() or not thread.thread.is_alive():
        return

    async def cancel() -> None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    try:
        asyncio.run_coroutine_threadsafe(cancel(), loop).result(timeout=10)
    except (RuntimeError, TimeoutError):  # the loop already stopped: leave it to ipykernel
        return
    thread._event_pipe_gc_task = None  # done: ipykernel need not cancel it again


def _run_inprocess(jobs: Sequence[tuple[int, str, Any]], timeout: int,
                   on_result: OnResult | None = None) -> None:
    from nbclient.exceptions import CellExecutionError

    from analysis.notebook_client import AwakeNotebookClient

    with _InProcess.lock:  # one shell per process: notebooks run one at a time
        kc = _inprocess_client()

        async def main() -> None:
            for index, name, nb in jobs:
                # its run is interruptible (SIGINT, SIGTERM); the wake-ups do nothing here
                client = AwakeNotebookClient(nb, km=_InProcess.km, kernel_name=KERNEL_NAME,
                                             timeout=timeout)
                client.kc = kc
                try:
                    await client.async_execute()
                except CellExecutionError as exc:
                    _outcome(on_result, index, name, nb, exc)
                else:
                    if on_result is not None:
                        on_result(index, nb)

        _run_coroutine(main)


def _is_builtin(path: Path) -> bool:
    return path.resolve().parent == _REPO_NOTEBOOKS.resolve()


def _choose_kernel(kernel: str, paths: Sequence[Path]) -> str:
    if kernel not in KERNELS:
        raise ReportError(f"kernel: {kernel!r} is not one of {', '.join(KERNELS)}")
    if kernel == "auto":
        builtin = all(_is_builtin(p) for p in paths)
        return "inprocess" if builtin and inprocess_available() else "subprocess"
    if kernel == "inprocess" and not inprocess_available():
        raise ReportError("an in-process kernel cannot run inside another IPython shell; "
                          "use the subprocess kernel")
    return kernel


def run_notebooks(
    jobs: Sequence[tuple[Path, Mapping[str, object]]],
    *,
    cwd: Path,
    workers: int = 1,
    timeout: int = 600,
    kernel: Kernel = "subprocess",
    on_result: OnResult | None = None,
) -> list[Any]:
    """Execute notebooks (path, parameters); return the executed notebooks, in order.

    ``kernel="subprocess"``: notebooks are dealt round-robin to ``workers`` kernel processes
    started in ``cwd``; each runs its notebooks one after the other, resetting the
    namespace in between. ``"inprocess"``: all of them in this process's in-process kernel
    (``workers`` and ``cwd`` do not apply). ``"auto"``: see the module docstring.

    ``on_result(index, outcome)``: called as each notebook ends (``index`` in ``jobs``),
    with the executed notebook or the :class:`ReportError` it failed with; a failure then
    does not stop the other notebooks and nothing is raised for it.

    Raises
    ------
    ReportError
        Naming the notebook, the failing cell and its error (without ``on_result``).
    """
    prepared = [(i, path.name, _prepared(path, params))
                for i, (path, params) in enumerate(jobs)]
    mode = _choose_kernel(kernel, [path for path, _ in jobs])
    if mode == "inprocess":
        _run_inprocess(prepared, timeout, on_result)
        return [nb for _, _, nb in prepared]
    n = max(1, min(workers, len(prepared)))
    groups = [prepared[i::n] for i in range(n)]

    async def main() -> None:
        await asyncio.gather(*(_run_group(group, cwd, timeout, on_result)
                               for group in groups))

    _run_coroutine(main)
    return [nb for _, _, nb in prepared]


def chromium_path() -> str:
    """The Chromium kaleido drives: ``$BROWSER_PATH``, else Debian's ``chromium`` on PATH.

    Raises
    ------
    ReportError
        Saying what to install when there is none (kaleido never downloads a browser here).
    """
    explicit = os.environ.get("BROWSER_PATH")
    if explicit:
        if Path(explicit).is_file():
            return explicit
        raise ReportError(f"BROWSER_PATH={explicit!r} does not exist")
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    raise ReportError(
        "images need a Chromium browser and none was found: install Debian's package "
        "`chromium` (sudo apt-get install chromium) or set BROWSER_PATH to a Chrome/Chromium"
    )


def _slug(text: str) -> str:
    plain = re.sub(r"<[^>]*>", "", text)
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:40] or "figure"


def write_images(figures: Sequence[Mapping[str, Any]], out_dir: Path, stem: str,
                 *, width: int = 1100) -> list[Path]:
    """Write each figure as ``STEM-NN-TITLE.png`` and ``.svg`` in ``out_dir`` with kaleido.

    One Chromium (see :func:`chromium_path`) renders all of them, offline (kaleido's page
    loads plotly.js from the plotly package; MathJax is off). Returns the files written.
    """
    return write_image_groups([(stem, figures)], out_dir, width=width)


def write_image_groups(groups: Sequence[tuple[str, Sequence[Mapping[str, Any]]]],
                       out_dir: Path, *, width: int = 1100) -> list[Path]:
    """:func:`write_images` for several reports (``(stem, figures)`` each) in one browser
    session: Chromium starts once for a whole suite."""
    specs: list[dict[str, Any]] = []
    paths: list[Path] = []
    for stem, figures in groups:
        for i, fig in enumerate(figures, start=1):
            layout = fig.get("layout", {})
            title = layout.get("title", {})
            text = title.get("text", "") if isinstance(title, Mapping) else str(title)
            height = int(layout.get("height") or 450)
            for fmt in ("png", "svg"):
                target = out_dir / f"{stem}-{i:02d}-{_slug(str(text))}.{fmt}"
                specs.append({"fig": dict(fig), "path": str(target),
                              "opts": {"format": fmt, "width": width, "height": height,
                                       "scale": 2 if fmt == "png" else 1}})
                paths.append(target)
    if not specs:
        return []
    browser = chromium_path()
    import kaleido  # type: ignore[import-untyped]

    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        kaleido.write_fig_from_object_sync(
            specs, kopts={"path": browser, "mathjax": False, "n": 1}
        )
    except Exception as exc:  # kaleido/choreographer raise their own types
        raise ReportError(f"writing images with kaleido and {browser} failed: {exc}") from exc
    missing = [p for p in paths if not p.is_file()]
    if missing:
        raise ReportError(f"kaleido did not write {', '.join(str(p) for p in missing[:3])}")
    return paths


def _check_data(data_dir: Path) -> None:
    if not (data_dir / "events.parquet").exists():  # a file, or a partitioned folder
        raise ReportError(
            f"{data_dir}: no events.parquet (run `tension ingest ... --out {data_dir}` first)"
        )


def build_suite(
    data_dir: Path,
    out_dir: Path,
    parameters: Mapping[str, object] | None = None,
    *,
    notebooks: Sequence[str | Path] = SUITE,
    images: Path | None = None,
    workers: int = 2,
    kernel: Kernel = "auto",
) -> list[Path]:
    """Build several reports from one data folder: ``out_dir/NAME.html`` each.

    ``parameters`` are given to every notebook that declares them (a parameter no notebook
    declares is an error). ``images``: also write each figure as PNG and SVG there
    (``NAME-NN-TITLE.png``), all in one browser session. ``kernel``: see the module
    docstring (``workers`` subprocess kernels when one is used). Returns the HTML files
    written.

    Each page is written as soon as its notebook has run; a failing notebook does not stop
    the others.

    Raises
    ------
    SuiteError
        When any notebook failed (after the others' pages were written): names each failed
        report and its error, and the pages written (``written``, ``failures``).
    ReportError
        As :func:`build_report`, before any notebook runs (unknown parameter...).
    """
    data_dir = Path(data_dir)
    _check_data(data_dir)
    given = dict(parameters or {})
    paths = [resolve_notebook(nb) for nb in notebooks]
    declared_any: set[str] = set()
    jobs: list[tuple[Path, Mapping[str, object]]] = []
    titles: list[object] = []
    for path in paths:
        declared = notebook_parameters(path)
        declared_any |= set(declared)
        mine = {k: v for k, v in given.items() if k in declared}
        values = _normalise_parameters(path, data_dir, mine)
        jobs.append((path, values))
        titles.append(values.get("title", declared.get("title")))
    unknown = sorted(set(given) - declared_any)
    if unknown:
        raise ReportError(f"unknown parameter(s) {', '.join(unknown)} "
                          f"(declared: {', '.join(sorted(declared_any)) or 'none'})")
    out_dir = Path(out_dir)
    done: dict[int, tuple[Path, list[dict[str, Any]]]] = {}
    failures: dict[str, str] = {}

    def on_result(index: int, outcome: Any) -> None:
        name = paths[index].stem
        if isinstance(outcome, ReportError):
            failures[name] = str(outcome)
            return
        figures = figures_of(outcome) if images is not None else []  # export drops them
        try:
            text = export_html(outcome, title=_page_title(outcome, titles[index], name))
            target = out_dir / f"{name}.html"
            _atomic_write(target, text)
        except (ReportError, OSError) as exc:
            failures[name] = str(exc)
        else:
            done[index] = (target, figures)

    with tempfile.TemporaryDirectory(prefix="tension-report-") as scratch:
        run_notebooks(jobs, cwd=Path(scratch), workers=workers, kernel=kernel,
                      on_result=on_result)
    written = [done[i][0] for i in sorted(done)]
    if images is not None and done:
        write_image_groups([(paths[i].stem, done[i][1]) for i in sorted(done)], Path(images))
    if failures:
        raise SuiteError(written, {paths[i].stem: failures[paths[i].stem]
                                   for i in range(len(paths)) if paths[i].stem in failures})
    return written


class SuiteError(ReportError):
    """Some reports of :func:`build_suite` failed; the others were written.

    ``written``: the pages written; ``failures``: report name -> error message.
    """

    def __init__(self, written: Sequence[Path], failures: Mapping[str, str]) -> None:
        self.written = list(written)
        self.failures = dict(failures)
        names = ", ".join(self.failures)
        wrote = ", ".join(str(p) for p in self.written) or "nothing"
        details = "; ".join(m.strip().splitlines()[0] if m.strip() else m
                            for m in self.failures.values())  # first lines: one line each
        super().__init__(f"{len(self.failures)} of {len(self.failures) + len(self.written)} "
                         f"reports failed ({names}): {details}; wrote {wrote}")


def build_report(
    notebook: str | Path,
    data_dir: Path,
    out: Path,
    parameters: Mapping[str, object] | None = None,
    *,
    images: Path | None = None,
    kernel: Kernel = "auto",
) -> Path:
    """Run ``notebook`` on the tables in ``data_dir`` and write offline HTML to ``out``.

    ``parameters`` override the notebook's ``parameters`` cell: strings are coerced to the
    declared type (``int``, ``float``, ``bool``), ``actors`` may be a list of codes,
    ``start``/``end`` dates or ``YYYY-MM-DD`` (their format is checked before the kernel
    starts; whether the codes exist is checked by the notebook, which then reports "No
    events match" with close matches). ``data_dir`` is injected as an absolute path.
    ``images``: also write each figure as PNG and SVG into that folder. ``kernel``: where
    the notebook runs (see the module docstring; ``"auto"`` runs the package's notebooks
    in-process and any other in a kernel process). Returns ``out``.

    Raises
    ------
    ReportError
        Unknown notebook or parameter, invalid value, missing ``events.parquet``, a failing
        notebook cell (message names the notebook, cell and error), or HTML that would load
        external resources. ``out`` is left untouched on error.
    """
    path = resolve_notebook(notebook)
    data_dir = Path(data_dir)
    _check_data(data_dir)
    values = _normalise_parameters(path, data_dir, parameters)
    title = values.get("title", notebook_parameters(path).get("title"))
    with tempfile.TemporaryDirectory(prefix="tension-report-") as scratch:
        (executed,) = run_notebooks([(path, values)], cwd=Path(scratch), kernel=kernel)
    if images is not None:
        write_images(figures_of(executed), Path(images), path.stem)
    text = export_html(executed, title=_page_title(executed, title, path.stem))
    out = Path(out)
    _atomic_write(out, text)
    return out
