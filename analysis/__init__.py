"""tension-timeline: news articles about a tension between states -> a dated,
evidence-linked escalation / de-escalation events table, timelines and tone charts.
"""

from __future__ import annotations

__version__ = "0.1.0"
