"""The ``tension`` command line (also ``python -m analysis``).

Sub-commands (their options are a contract other people's scripts use):

``tension ingest INPUT... --out DIR [--reference-date YYYY-MM-DD]``
    Read articles (files or folders), write ``DIR/events.parquet``,
    ``DIR/events.csv``, ``DIR/articles.parquet`` and ``DIR/errors.csv``.
    Exit status: 0 when anything was ingested, 2 when nothing could be,
    1 on an internal fault.
    Options ``--engine local|dask [--workers N] [--scheduler ADDRESS]``
    choose where the analysis runs (same tables whichever).
``tension export DIR [--table events|articles] [--out FILE.csv]``
    Write a whole table of the store as one CSV file.
``tension annotate FILE.jsonl [--dct YYYY-MM-DD]``
    One JSON line per input record ``{id, text, dct?}``: its dates, events
    and tone.
``tension report NAME|PATH --data DIR --out FILE.html [-p NAME VALUE]... [--images DIR]``
    Run a notebook (parameters injected papermill-style) and write self-contained
    offline HTML; ``--images`` also writes each chart as PNG and SVG. ``--kernel
    auto|inprocess|subprocess``: where notebooks run (auto: the package's own notebooks
    in this process, any other in a kernel process).
``tension reports --data DIR --out DIR [-p NAME VALUE]... [--images DIR] [--kernel K]``
    Build the report suite (timeline, tone, briefing) into ``DIR``.
``tension dictionaries validate PATH...``
    Check analyst dictionary files.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import datetime as dt
import io
import json
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NoReturn, TextIO

from analysis import __version__

from .errors import InputError, ReportError, TensionError
from .iorw import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    from .pipeline import Analyzer

__all__ = ["build_parser", "main", "run"]


def _date_arg(value: str) -> dt.date:
    """A ``YYYY-MM-DD`` option value (not ``date.fromisoformat``, which reads ``20240119``
    and ``2024-W03-5`` too from Python 3.11 on)."""
    day = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", value)
    try:
        if day is None:
            raise ValueError(value)
        return dt.date(int(day[1]), int(day[2]), int(day[3]))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from exc


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from exc
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r}: must be at least 1")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tension",
        description="News articles about a tension between states -> a dated, "
        "evidence-linked escalation/de-escalation events table and offline reports.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ingest = sub.add_parser("ingest", help="read articles and write the events tables")
    ingest.add_argument("inputs", nargs="+", metavar="INPUT", help="article files or folders")
    ingest.add_argument("--out", required=True, type=Path, metavar="DIR",
                        help="folder of the tables (created; existing articles are kept, "
                        "re-ingested ones replaced)")
    ingest.add_argument("--reference-date", type=_date_arg, metavar="YYYY-MM-DD",
                        help="publication date for articles whose metadata and text give none")
    ingest.add_argument("--dictionary", action="append", type=Path, default=[], metavar="PATH",
                        help="extra actor/verb dictionary (YAML); repeatable")
    ingest.add_argument("--max-bytes", type=_positive, default=DEFAULT_MAX_BYTES, metavar="N",
                        help=f"skip files larger than this (default {DEFAULT_MAX_BYTES:,})")
    ingest.add_argument("--strict", action="store_true",
                        help="exit 2 on any input error (nothing is written)")
    ingest.add_argument("--quiet", action="store_true",
                        help="print only errors (no progress bar, no summary line)")
    ingest.add_argument("--engine", choices=("local", "dask"), default="local",
                        help="local: this machine's cores (processes); dask: dask.distributed "
                        "(a LocalCluster, or --scheduler)")
    ingest.add_argument("--workers", type=_positive, metavar="N",
                        help="worker processes (default: every core; 1 = in this process)")
    ingest.add_argument("--scheduler", metavar="ADDRESS",
                        help="address of a running Dask scheduler (tcp://host:8786); "
                        "implies --engine dask")
    ingest.add_argument("--batch-size", type=_positive, default=5000, metavar="N",
                        help="articles per store commit (default 5000); an interrupted run "
                        "keeps the batches committed")
    ingest.add_argument("--no-export", action="store_true",
                        help="do not rewrite DIR/events.csv (run `tension export DIR` later)")

    export = sub.add_parser("export", help="write a store's table as one CSV file")
    export.add_argument("data", type=Path, metavar="DIR", help="folder written by `tension ingest`")
    export.add_argument("--table", choices=("events", "articles"), default="events")
    export.add_argument("--out", type=Path, metavar="FILE.csv",
                        help="default DIR/events.csv (or DIR/articles.csv)")
    export.add_argument("--compact", action="store_true",
                        help="first merge each month's files into one per table")

    annotate = sub.add_parser("annotate", help="print dates, events and tone per JSON record")
    annotate.add_argument("file", metavar="FILE.jsonl", help="records {id, text, dct?}; - = stdin")
    annotate.add_argument("--dct", type=_date_arg, metavar="YYYY-MM-DD",
                          help="document date for records without their own dct")
    annotate.add_argument("--dictionary", action="append", type=Path, default=[],
                          metavar="PATH", help="extra actor/verb dictionary (YAML); repeatable")

    report = sub.add_parser("report", help="build an offline HTML report from a notebook")
    report.add_argument("notebook", metavar="NAME|PATH",
                        help="notebook name (timeline, tone, briefing) or path to an .ipynb")
    report.add_argument("--data", required=True, type=Path, metavar="DIR",
                        help="folder written by `tension ingest`")
    report.add_argument("--out", required=True, type=Path, metavar="FILE.html")
    report.add_argument("-p", "--parameter", nargs=2, action="append", default=[],
                        metavar=("NAME", "VALUE"),
                        help="notebook parameter, converted to its declared type; repeatable "
                        "(`papermill --help-notebook NOTEBOOK` lists them)")
    report.add_argument("--images", type=Path, metavar="DIR",
                        help="also write every chart as PNG and SVG into DIR (kaleido; needs "
                        "Debian's chromium)")
    report.add_argument("--kernel", choices=("auto", "inprocess", "subprocess"),
                        default="auto",
                        help="where the notebook runs: auto (default) runs the package's own "
                        "notebooks in this process and any other in a kernel process")

    reports = sub.add_parser("reports", help="build the whole report suite (timeline, tone, "
                             "briefing) into a folder")
    reports.add_argument("--data", required=True, type=Path, metavar="DIR",
                         help="folder written by `tension ingest`")
    reports.add_argument("--out", required=True, type=Path, metavar="DIR",
                         help="folder of the reports (NAME.html each)")
    reports.add_argument("-p", "--parameter", nargs=2, action="append", default=[],
                         metavar=("NAME", "VALUE"),
                         help="parameter for every notebook that declares it; repeatable")
    reports.add_argument("--images", type=Path, metavar="DIR",
                         help="also write every chart as PNG and SVG into DIR")
    reports.add_argument("--kernel", choices=("auto", "inprocess", "subprocess"),
                         default="auto",
                         help="where the notebooks run: auto (default) = in this process for "
                         "the package's notebooks, subprocess = kernel processes")
    reports.add_argument("--workers", type=_positive, default=2, metavar="N",
                         help="kernel processes run at once with a subprocess kernel "
                         "(default 2)")

    dicts = sub.add_parser("dictionaries", help="work with actor/verb dictionaries")
    dsub = dicts.add_subparsers(dest="action", required=True, metavar="ACTION")
    validate = dsub.add_parser("validate", help="check dictionary files, naming file and line")
    validate.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    return parser


# --------------------------------------------------------------------------- output paths


def _blocking_file(path: Path) -> Path | None:
    """The nearest existing ancestor of ``path`` when it is not a folder (nothing can be
    created below it), else None."""
    for parent in path.absolute().parents:
        if parent.exists():
            return None if parent.is_dir() else parent
    return None


def _folder_problem(path: Path, option: str) -> str | None:
    """Why ``path`` cannot be the folder an option names (None: it can)."""
    if path.exists() and not path.is_dir():
        return f"{option}: is a file, not a folder"
    blocking = _blocking_file(path)
    if blocking is not None:
        return f"{option}: {blocking} is a file, not a folder"
    return None


def _file_problem(path: Path, option: str, example: str) -> str | None:
    """Why ``path`` cannot be the file an option names (None: it can)."""
    if path.is_dir():
        return (f"{option}: is a folder, not a file (give a file name such as "
                f"{path / example})")
    blocking = _blocking_file(path)
    if blocking is not None:
        return f"{option}: {blocking} is a file, not a folder"
    return None


# --------------------------------------------------------------------------- ingest


def _ingest(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .engine import EngineConfig
    from .ingest import ingest

    problem = _folder_problem(args.out, "--out")
    if problem is not None:
        raise InputError(str(args.out), problem, kind="out")

    engine = EngineConfig(engine="dask" if args.scheduler else args.engine,
                          workers=args.workers, scheduler=args.scheduler)
    summary = ingest(args.inputs, args.out, reference_date=args.reference_date,
                     dictionaries=args.dictionary, max_bytes=args.max_bytes, strict=args.strict,
                     engine=engine, progress=not args.quiet, progress_file=err,
                     export=not args.no_export, batch_size=args.batch_size)
    for issue in summary.issues:
        where = f"{issue.path}:{issue.record}" if issue.record else issue.path
        label = "error" if issue.fatal else "warning"
        print(f"tension: {label}: {where}: {issue.message}", file=err)
    if summary.refused:
        print(f"tension: --strict: {summary.n_errors} input error(s); nothing written", file=err)
        return 2
    if not args.quiet:
        print(summary.line(), file=out)
        if summary.n_undated:
            print(f"{summary.n_undated} article(s) have no publication date: "
                  f"{summary.n_unresolved} relative date expression(s) left unresolved "
                  "(give --reference-date YYYY-MM-DD)", file=out)
    if summary.n_articles == 0:
        print("tension: nothing could be ingested", file=err)
        return 2
    return 0


#: the files of a store: an ingest writes errors.csv and incidents.parquet even when it
#: ingests nothing, and events.parquet only once an event is coded
_STORE_FILES = ("events.parquet", "articles.parquet", "incidents.parquet", "errors.csv")


def _is_store(data: Path) -> bool:
    return data.is_dir() and any((data / name).exists() for name in _STORE_FILES)


def _no_events(data: Path) -> str | None:
    """Why the store ``data`` holds no events (None when it may hold some, or is no store:
    the command says so itself)."""
    if (data / "events.parquet").exists() or not _is_store(data):
        return None
    from .store import count

    n_articles, _ = count(data)
    if n_articles == 0:
        return f"its ingest read no article: see {data / 'errors.csv'}"
    return f"{n_articles} article{'s' if n_articles != 1 else ''}, no event coded"


def _export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .store import compact, count, export_csv

    if not args.data.is_dir():
        raise InputError(str(args.data), "no such folder" if not args.data.exists()
                         else "is a file, not a folder", kind="missing")
    if args.out is not None:
        problem = _file_problem(args.out, "--out", f"{args.table}.csv")
        if problem is not None:
            raise InputError(str(args.out), problem, kind="out")

    if not _is_store(args.data):
        print(f"tension: error: {args.data}: no events.parquet (not a store written by "
              "`tension ingest`)", file=err)
        return 2
    if args.compact:
        compact(args.data)
    path = export_csv(args.data, args.out, table=args.table)
    n_articles, n_events = count(args.data)
    rows = n_events if args.table == "events" else n_articles
    note = ""
    if args.table == "events" and n_events == 0:
        note = ": the store holds no events"
        if n_articles == 0 and (args.data / "errors.csv").is_file():
            note += f"; see {args.data / 'errors.csv'}"
    print(f"wrote {path} ({rows} rows{note})", file=out)
    return 0


# --------------------------------------------------------------------------- annotate


def _annotate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .pipeline import Analyzer

    name = "<stdin>" if args.file == "-" else args.file
    with contextlib.ExitStack() as stack:
        # a missing file or a folder fails here, before the dictionaries load
        lines = _input_lines(args.file, name, stack)
        analyzer = Analyzer.with_dictionaries(args.dictionary)
        return _annotate_lines(lines, name, args.dct, analyzer, out, err)


def _annotate_lines(lines: Iterator[tuple[int, str | InputError]], name: str,
                    default_dct: dt.date | None, analyzer: Analyzer, out: TextIO,
                    err: TextIO) -> int:
    from .loaders import parse_date
    from .pipeline import annotate_text

    bad = 0
    for lineno, line in lines:
        where = f"line {lineno}"
        try:
            if isinstance(line, InputError):
                raise line
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(name, f"invalid JSON: {exc.msg} (column {exc.colno})",
                                 record=where, kind="json") from exc
            if not isinstance(record, dict):
                raise InputError(name, "record is not an object", record=where, kind="json")
            text = record.get("text")
            if not isinstance(text, str):
                raise InputError(name, "record has no text", record=where, kind="no_text")
            raw = record.get("dct") or record.get("date") or record.get("published")
            dct = parse_date(raw, path=name, record=where) or default_dct
        except InputError as exc:
            bad += 1
            print(f"tension: error: {exc}", file=err)
            if not exc.record:  # the rest of the input cannot be read
                break
            continue
        result = annotate_text(text, dct, record_id=str(record.get("id", "")),
                               analyzer=analyzer)
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
    return 0 if bad == 0 else 2


def _input_lines(file: str, name: str, stack: contextlib.ExitStack
                 ) -> Iterator[tuple[int, str | InputError]]:
    """The non-blank lines of ``file`` (``-``: stdin), each with its number, decoded one by
    one: a line that is not UTF-8 is an :class:`InputError` naming it, and the next lines
    are still read. A missing file, a folder, an unreadable or binary file raises
    :class:`InputError` (before anything is read); an empty one, or a read failing midway,
    ends the lines with an error of the whole file. A file opened is closed by ``stack``."""
    if file == "-":
        buffer = getattr(sys.stdin, "buffer", None)
        if buffer is None:  # a text stream put in place of stdin (tests, notebooks)
            return _text_lines(sys.stdin, name)
        return _byte_lines(buffer, name)
    path = Path(file)
    if path.is_dir():
        raise InputError(file, "is a folder, not a file of JSON lines", kind="unsupported")
    try:
        stream = stack.enter_context(open(path, "rb"))  # noqa: SIM115  (the stack closes it)
    except FileNotFoundError as exc:
        raise InputError(file, "no such file", kind="missing") from exc
    except OSError as exc:
        raise InputError(file, f"cannot read: {exc.strerror or exc}", kind="io") from exc
    return _byte_lines(stream, name)


_SNIFF = 4096


def _byte_lines(stream: BinaryIO, name: str) -> Iterator[tuple[int, str | InputError]]:
    try:
        head = stream.peek(_SNIFF)[:_SNIFF] if isinstance(stream, io.BufferedReader) else b""
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror or exc}", kind="io") from exc
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _utf16_lines(stream, name)
    if b"\x00" in head:
        raise InputError(name, "file looks binary (NUL bytes), not text", kind="binary")
    return _utf8_lines(stream, name)


def _utf8_lines(stream: BinaryIO, name: str) -> Iterator[tuple[int, str | InputError]]:
    seen = False
    try:
        for lineno, raw in enumerate(stream, start=1):
            if lineno == 1:
                raw = raw.removeprefix(codecs.BOM_UTF8)
            if not raw.strip():
                continue
            seen = True
            try:
                yield lineno, raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield lineno, InputError(
                    name, f"not valid UTF-8 ({exc.reason} at byte {exc.start} of the line)",
                    record=f"line {lineno}", kind="encoding")
    except OSError as exc:
        yield 0, InputError(name, f"cannot read: {exc.strerror or exc}", kind="io")
        return
    if not seen:
        yield 0, InputError(name, "file is empty", kind="empty")


def _utf16_lines(stream: BinaryIO, name: str) -> Iterator[tuple[int, str | InputError]]:
    text = io.TextIOWrapper(stream, encoding="utf-16", newline="")
    try:
        yield from _text_lines(text, name)
    except UnicodeDecodeError as exc:
        yield 0, InputError(name, f"invalid UTF-16: {exc.reason}; the rest of the file is "
                            "not read", kind="encoding")
    except OSError as exc:
        yield 0, InputError(name, f"cannot read: {exc.strerror or exc}", kind="io")
    finally:
        text.detach()  # the stream is closed by its owner (stdin: never)


def _text_lines(stream: TextIO | io.TextIOWrapper, name: str
                ) -> Iterator[tuple[int, str | InputError]]:
    seen = False
    for lineno, line in enumerate(stream, start=1):
        if lineno == 1:
            line = line.removeprefix("\ufeff")
        if line.strip():
            seen = True
            yield lineno, line
    if not seen:
        yield 0, InputError(name, "file is empty", kind="empty")


# --------------------------------------------------------------------------- report


def _lean_report_process() -> None:
    """Skip two optional imports that cost a report process time and do nothing for it.

    - ``rfc3987_syntax``: when installed (jupyter-events pulls it in with JupyterLab),
      importing jsonschema (through nbformat) compiles its Earley grammar, about 1 s (a
      third of building the whole suite) for IRI format checks nbformat's schema never
      uses; jsonschema treats it as optional and does not register those checks.
    - ``debugpy``: the in-process kernel would load the debugger (0.1 s, and a "frozen
      modules" warning on stderr); nothing debugs a report build.

    Only done in this one-shot command, and only before anything imported them.
    """
    for optional, importer in (("rfc3987_syntax", "jsonschema"), ("debugpy", "ipykernel")):
        if optional not in sys.modules and importer not in sys.modules:
            sys.modules[optional] = None  # type: ignore[assignment]  # import -> ImportError


def _check_events(data: Path) -> None:
    why = _no_events(data)
    if why is not None:
        raise ReportError(f"{data}: the store holds no events, nothing to report ({why})")


def _report(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    problems = [(args.out, _file_problem(args.out, "--out",
                                         Path(args.notebook).stem + ".html"))]
    if args.images is not None:
        problems.append((args.images, _folder_problem(args.images, "--images")))
    for path, problem in problems:
        if problem is not None:
            raise ReportError(f"{path}: {problem}")
    _check_events(args.data)
    _lean_report_process()
    from .report import build_report

    parameters: dict[str, Any] = dict(args.parameter)
    path = build_report(args.notebook, args.data, args.out, parameters, images=args.images,
                        kernel=args.kernel)
    print(f"wrote {path}", file=out)
    if args.images:
        print(f"images in {args.images}", file=out)
    return 0


def _reports(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    for path, option in ((args.out, "--out"), (args.images, "--images")):
        problem = None if path is None else _folder_problem(path, option)
        if problem is not None:
            raise ReportError(f"{path}: {problem}")
    _check_events(args.data)
    _lean_report_process()
    from .report import build_suite

    parameters: dict[str, Any] = dict(args.parameter)
    paths = build_suite(args.data, args.out, parameters, images=args.images,
                        workers=args.workers, kernel=args.kernel)
    for path in paths:
        print(f"wrote {path}", file=out)
    if args.images:
        print(f"images in {args.images}", file=out)
    return 0


def _dictionaries(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .coder import validate_dictionary_file

    failed = 0
    for path in args.paths:
        try:
            validate_dictionary_file(path)
        except TensionError as exc:
            failed += 1
            print(f"tension: error: {exc}", file=err)
        else:
            print(f"{path}: ok", file=out)
    return 0 if failed == 0 else 2


_COMMANDS = {"ingest": _ingest, "export": _export, "annotate": _annotate, "report": _report,
             "reports": _reports, "dictionaries": _dictionaries}


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None,
         err: TextIO | None = None) -> int:
    """Run the CLI; returns the exit status."""
    return _main(build_parser().parse_args(argv), out or sys.stdout, err or sys.stderr)


#: commands that have written, closed and synced every file and joined their worker
#: pools when they return (files only in ``with`` blocks, no background writer)
_QUICK_EXIT = frozenset(("ingest", "export", "annotate", "dictionaries"))


def _teardown_skippable() -> bool:
    """Can the process end without the interpreter's teardown? Not while a non-daemon
    thread (which teardown would wait for) or a child process is alive."""
    import threading

    mp = sys.modules.get("multiprocessing")
    if mp is not None and mp.active_children():
        return False
    main_thread = threading.main_thread()
    return all(t is main_thread or t.daemon for t in threading.enumerate())


#: the modules a command imports, preloaded by :func:`run`
_PRELOAD: dict[str, tuple[str, ...]] = {"ingest": ("analysis.engine", "analysis.ingest")}


def _preload(modules: tuple[str, ...]) -> None:
    """Import ``modules`` with the cyclic collector off, then freeze what is in memory.

    Importing the pipeline creates ~1M objects and no garbage to speak of; the collector
    would scan them ~200 times (~45 ms of a cold ingest) and again in every full
    collection after. Frozen, they are left out of later collections (as
    :func:`analysis.engine.run_engine` does for its forked workers). Only in the
    one-shot ``tension`` process: a frozen object is never freed.
    """
    import gc
    import importlib

    from .collector import collector_paused

    with collector_paused():
        for module in modules:
            importlib.import_module(module)
        gc.freeze()  # before the collector is back: it would first scan them all


def run() -> NoReturn:
    """The ``tension`` command (``python -m analysis``): :func:`main` on ``sys.argv``, then
    exit with its status.

    After a successful command of :data:`_QUICK_EXIT`, once the standard streams are
    flushed and the ``atexit`` functions have run, the process ends with ``os._exit``:
    the interpreter's teardown (freeing every object and module: ~0.2 s after an
    ingest, the dictionaries and lexicons are large) does nothing a finished command
    needs. Library calls of :func:`main` (tests, scripts) are not affected.
    """
    args = build_parser().parse_args()
    if args.command in _PRELOAD:
        _preload(_PRELOAD[args.command])
    status = _main(args, sys.stdout, sys.stderr)
    if status == 0 and args.command in _QUICK_EXIT and _teardown_skippable():
        import atexit
        import os

        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except OSError:  # a closed pipe: the usual teardown reports it
            raise SystemExit(status) from None
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    raise SystemExit(status)


def _main(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        return _COMMANDS[args.command](args, out, err)
    except TensionError as exc:
        print(f"tension: error: {exc}", file=err)
        return 2
    except KeyboardInterrupt:
        print("tension: interrupted", file=err)
        return 130
