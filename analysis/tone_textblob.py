"""The conflict tone analyzer as TextBlob plug-ins (``TextBlob(text, analyzer=...)``).

TextBlob accepts only instances of its ``BaseSentimentAnalyzer``, whose module
(``textblob.base``) imports NLTK: ~0.2 s that the pipeline, which calls the analyzer
itself, does not need. The classes are therefore here, and :mod:`analysis.tone` imports
this module on the first use of their names (``from analysis.tone import
ConflictToneAnalyzer`` keeps working).
"""

from __future__ import annotations

from collections.abc import Sequence

from textblob.base import CONTINUOUS, BaseSentimentAnalyzer

from analysis.tone import LexiconEntry, Sentiment, SentimentAssessments, ToneAnalyzer

__all__ = ["ConflictSentimentAnalyzer", "ConflictToneAnalyzer"]


class ConflictToneAnalyzer(ToneAnalyzer, BaseSentimentAnalyzer):  # type: ignore[misc]
    """:class:`analysis.tone.ToneAnalyzer` as a TextBlob analyzer:
    ``TextBlob(text, analyzer=ConflictToneAnalyzer()).sentiment`` is a
    :class:`~analysis.records.Tone`, whose ``polarity``/``subjectivity`` read like
    TextBlob's namedtuple; use :class:`ConflictSentimentAnalyzer` where a real
    ``Sentiment`` namedtuple is needed.

    Parameters
    ----------
    lexicon
        entries to add to TextBlob's lexicon; default: the package's
        ``conflict_lexicon.csv`` (compiled once and cached).
    """

    kind = CONTINUOUS


class ConflictSentimentAnalyzer(BaseSentimentAnalyzer):  # type: ignore[misc]
    """Adapter with TextBlob's return types: ``Sentiment(polarity, subjectivity)``, or
    ``Sentiment(polarity, subjectivity, assessments)`` with ``keep_assessments=True``."""

    kind = CONTINUOUS

    def __init__(self, lexicon: Sequence[LexiconEntry] | None = None) -> None:
        super().__init__()
        self._trained = True
        self._tone = ToneAnalyzer(lexicon)

    def train(self) -> None:
        """Nothing to train."""
        self._trained = True

    def analyze(
        self, text: str, keep_assessments: bool = False
    ) -> Sentiment | SentimentAssessments:
        """Same scores as :meth:`ConflictToneAnalyzer.analyze`, TextBlob-shaped."""
        tone = self._tone.analyze(text)
        if keep_assessments:
            return SentimentAssessments(tone.polarity, tone.subjectivity, list(tone.assessments))
        return Sentiment(tone.polarity, tone.subjectivity)
