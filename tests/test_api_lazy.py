"""``import analysis`` is lazy: the report modules do not pull in the NLP pipeline."""

from __future__ import annotations

import subprocess
import sys


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=120)
    return done.stdout.strip()


def test_report_modules_do_not_import_the_pipeline() -> None:
    loaded = _run(
        "import sys\n"
        "from analysis import charts, report_data, timeline, tone_aggregates\n"
        "heavy = ('textblob', 'nltk', 'analysis.coder', 'analysis.pipeline', 'analysis.tone',"
        " 'analysis.dates', 'analysis.ingest')\n"
        "print(','.join(m for m in heavy if m in sys.modules))"
    )
    assert loaded == ""


def test_names_resolve_on_first_use_and_submodules_do_not_hide_them() -> None:
    out = _run(
        "import inspect, sys, analysis\n"
        "assert 'analysis.pipeline' not in sys.modules\n"
        "import analysis.ingest\n"  # binds the submodule on the package, normally
        "print(inspect.isfunction(analysis.ingest), analysis.Analyzer.__module__,"
        " 'build_report' in dir(analysis))"
    )
    assert out == "True analysis.pipeline True"


def test_ingest_path_does_not_import_nltk_nor_the_textblob_package() -> None:
    """The pipeline reads TextBlob's pattern module and lexicon by file; NLTK (imported by
    ``textblob/__init__``) comes only with the TextBlob plug-in classes."""
    out = _run(
        "import sys, analysis.cli, analysis.ingest\n"
        "from analysis.pipeline import Analyzer\n"
        "a = Analyzer()\n"
        "t = a.tone.analyze('Missiles struck the city, a terrible day.')\n"
        "print(t.label, 'nltk' in sys.modules, 'textblob' in sys.modules)\n"
        "from analysis.tone import ConflictToneAnalyzer\n"
        "from textblob import TextBlob\n"
        "print(TextBlob('a terrible day', analyzer=ConflictToneAnalyzer()).sentiment.label,"
        " 'nltk' in sys.modules)"
    )
    assert out.splitlines() == ["neg False False", "neg True"]


def test_cli_start_up_and_help_do_not_import_the_store_stack() -> None:
    """``tension --help`` (and the CLI module) import neither pandas/pyarrow (the store)
    nor charset_normalizer (only for a file that is neither UTF-8 nor Western); the
    store's names stay importable from ``analysis.iorw``."""
    out = _run(
        "import contextlib, io, sys\n"
        "from analysis import cli\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    cli.main(['--help'])\n"
        "heavy = ('pandas', 'pyarrow', 'numpy', 'charset_normalizer', 'analysis.store')\n"
        "print(','.join(m for m in heavy if m in sys.modules) or '-')\n"
        "from analysis.iorw import ERROR_COLUMNS, read_events\n"
        "from analysis.iorw import decode_bytes\n"
        "russian = 'Привет, мир! Это текст на русском языке.'\n"
        "text, warning = decode_bytes(russian.encode('cp1251'), 'x.txt')\n"
        "print(read_events.__module__, ERROR_COLUMNS[0], text == russian,"
        " 'charset_normalizer' in sys.modules)"
    )
    assert out.splitlines() == ["-", "analysis.store path True True"]
