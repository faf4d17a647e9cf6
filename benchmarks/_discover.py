"""Find and run the ``eval_*``/``bench_*`` modules of this folder."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

import benchmarks


def _shared_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--shared", type=Path, default=Path("../shared"),
                        help="the shared evaluation data folder (default ../shared)")


def run_one(report: Callable[[Path], str], description: str | None,
            argv: list[str] | None = None) -> int:
    """Command line of one ``eval_*``/``bench_*`` module: ``--shared``, then its report."""
    parser = argparse.ArgumentParser(description=description)
    _shared_option(parser)
    print(report(parser.parse_args(argv).shared))
    return 0


def run_all(prefix: str, function: str, description: str, argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=description)
    _shared_option(parser)
    parser.add_argument("only", nargs="*", help="run only these topics (e.g. dates events)")
    args = parser.parse_args(argv)
    if not (args.shared / "data").is_dir():
        print(f"{args.shared}/data not found: nothing to measure (the shared evaluation data "
              "is not part of a clone; see README)")
        return 0
    names = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__)
                   if m.name.startswith(prefix))
    if args.only:
        names = [n for n in names if n[len(prefix):] in args.only]
    failed = 0
    for name in names:
        module = importlib.import_module(f"benchmarks.{name}")
        fn: Callable[[Path], str] = getattr(module, function)
        started = time.perf_counter()
        print(f"\n## {name[len(prefix):]}\n", flush=True)
        try:
            print(fn(args.shared))
        except Exception as exc:  # report and go on with the other topics
            failed += 1
            print(f"FAILED: {type(exc).__name__}: {exc}", file=sys.stderr)
        print(f"\n({time.perf_counter() - started:.1f} s)", flush=True)
    return 1 if failed else 0
