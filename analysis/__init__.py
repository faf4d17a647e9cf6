"""tension-timeline: news articles about a tension between states -> a dated,
evidence-linked escalation / de-escalation events table, timelines and tone charts.

The public surface is :data:`__all__`; everything else is internal. Stages are
pure functions (text / records / DataFrames in, records / DataFrames out); file
I/O lives in :mod:`analysis.iorw`, reports in :mod:`analysis.report`.

Names are imported lazily (PEP 562): ``import analysis`` is cheap, and
``analysis.charts`` or ``analysis.report_data`` do not pull in the NLP pipeline
(textblob, the coder, the date tagger). The first use of a name imports the module
that defines it; ``from analysis import *`` imports them all.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .charts import escalation_index_figure, timeline_figure, tone_figure
    from .codebook import direction_for, load_codebook
    from .coder import (
        Dictionary,
        code_sentence,
        find_actors,
        load_dictionary,
        validate_dictionary_file,
    )
    from .dates import find_dct, tag_dates
    from .errors import DictionaryError, InputError, ReportError, TensionError
    from .event_dates import date_events
    from .ingest import IngestSummary, ingest
    from .iorw import read_articles, read_events, read_tables, write_tables
    from .loaders import parse_markdown, parse_records, parse_text
    from .pipeline import (
        Analyzer,
        ArticleAnalysis,
        analyse_article,
        annotate_text,
        articles_frame,
        events_frame,
    )
    from .records import (
        ActorMention,
        Article,
        CodedEvent,
        EventAnchor,
        EventDate,
        Sentence,
        TimeExpression,
        Tone,
    )
    from .report import build_report
    from .schema import ARTICLE_COLUMNS, EVENT_COLUMNS
    from .sentences import split_sentences
    from .timeline import escalation_index, filter_events, tone_by_day
    from .tone import ConflictToneAnalyzer, label_for, textblob_tone
    from .tone_aggregates import article_tone, daily_tone

__version__ = "0.1.0"

#: public name -> the submodule it comes from (imported on first use)
_LAZY: dict[str, str] = {
    "ARTICLE_COLUMNS": "schema",
    "EVENT_COLUMNS": "schema",
    "ActorMention": "records",
    "Analyzer": "pipeline",
    "Article": "records",
    "ArticleAnalysis": "pipeline",
    "CodedEvent": "records",
    "ConflictToneAnalyzer": "tone",
    "Dictionary": "coder",
    "DictionaryError": "errors",
    "EventAnchor": "records",
    "EventDate": "records",
    "IngestSummary": "ingest",
    "InputError": "errors",
    "ReportError": "errors",
    "Sentence": "records",
    "TensionError": "errors",
    "TimeExpression": "records",
    "Tone": "records",
    "analyse_article": "pipeline",
    "annotate_text": "pipeline",
    "article_tone": "tone_aggregates",
    "articles_frame": "pipeline",
    "build_report": "report",
    "code_sentence": "coder",
    "daily_tone": "tone_aggregates",
    "date_events": "event_dates",
    "direction_for": "codebook",
    "escalation_index": "timeline",
    "escalation_index_figure": "charts",
    "events_frame": "pipeline",
    "filter_events": "timeline",
    "find_actors": "coder",
    "find_dct": "dates",
    "ingest": "ingest",
    "label_for": "tone",
    "load_codebook": "codebook",
    "load_dictionary": "coder",
    "parse_markdown": "loaders",
    "parse_records": "loaders",
    "parse_text": "loaders",
    "read_articles": "iorw",
    "read_events": "iorw",
    "read_tables": "iorw",
    "split_sentences": "sentences",
    "tag_dates": "dates",
    "textblob_tone": "tone",
    "timeline_figure": "charts",
    "tone_by_day": "timeline",
    "tone_figure": "charts",
    "validate_dictionary_file": "coder",
    "write_tables": "iorw",
}

__all__ = [
    "ARTICLE_COLUMNS",
    "EVENT_COLUMNS",
    "ActorMention",
    "Analyzer",
    "Article",
    "ArticleAnalysis",
    "CodedEvent",
    "ConflictToneAnalyzer",
    "Dictionary",
    "DictionaryError",
    "EventAnchor",
    "EventDate",
    "IngestSummary",
    "InputError",
    "ReportError",
    "Sentence",
    "TensionError",
    "TimeExpression",
    "Tone",
    "__version__",
    "analyse_article",
    "annotate_text",
    "article_tone",
    "articles_frame",
    "build_report",
    "code_sentence",
    "daily_tone",
    "date_events",
    "direction_for",
    "escalation_index",
    "escalation_index_figure",
    "events_frame",
    "filter_events",
    "find_actors",
    "find_dct",
    "ingest",
    "label_for",
    "load_codebook",
    "load_dictionary",
    "parse_markdown",
    "parse_records",
    "parse_text",
    "read_articles",
    "read_events",
    "read_tables",
    "split_sentences",
    "tag_dates",
    "textblob_tone",
    "timeline_figure",
    "tone_by_day",
    "tone_figure",
    "validate_dictionary_file",
    "write_tables",
]


class _Package(types.ModuleType):
    """The package module: a submodule import never hides a public function of the same
    name (``import analysis.ingest`` leaves ``analysis.ingest`` the function)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and name in _LAZY:
            return  # attribute access goes through __getattr__ to the public function
        super().__setattr__(name, value)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # cache: later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


sys.modules[__name__].__class__ = _Package
