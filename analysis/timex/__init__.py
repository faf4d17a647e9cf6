"""Time-expression tagging and normalisation (TIMEX3), split into small modules.

``lexicon`` holds word tables and number parsing, ``granules`` turns calendar
units into TIMEX3 values with calendar bounds, ``cues`` reads tense and future
cues around an expression, ``tagger`` finds and normalises expressions and
``dct`` discovers a document date from datelines and URLs. The public entry
points are re-exported by :mod:`analysis.dates`.
"""
