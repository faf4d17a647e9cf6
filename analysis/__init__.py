"""tension-timeline: news articles about a tension between states -> a dated,
evidence-linked escalation / de-escalation events table, timelines and tone charts.

The public surface is :data:`__all__`; everything else is internal. Stages are
pure functions (text / records / DataFrames in, records / DataFrames out); file
I/O lives in :mod:`analysis.iorw`, reports in :mod:`analysis.report`.
"""

from __future__ import annotations

from .charts import escalation_index_figure, timeline_figure, tone_figure
from .codebook import direction_for, load_codebook
from .coder import Dictionary, code_sentence, find_actors, load_dictionary, validate_dictionary_file
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
