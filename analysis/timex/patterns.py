"""Regular-expression grammar of time expressions, compiled once at import.

Each rule is a ``(name, pattern)`` pair. The rules are joined into one
alternation (:data:`COMBINED`, inner group names stripped) so the tagger finds
every candidate in a single left-to-right pass; the rule's own compiled
pattern (:data:`RULES`) is then re-matched at the candidate's start to read
its named groups. At one start position the first rule listed wins, so longer
and more specific rules come first.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

# the parse tree of a pattern, to read its openings (sre_parse/sre_constants before 3.11)
try:
    _sp: Any = importlib.import_module("re._parser")
    _sc: Any = importlib.import_module("re._constants")
except ImportError:  # pragma: no cover - Python 3.10
    _sp = importlib.import_module("sre_parse")
    _sc = importlib.import_module("sre_constants")
_REPEATS = tuple(getattr(_sc, op) for op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
                 if hasattr(_sc, op))

_NUM_UNIT = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen"
)
_NUM_TENS = r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
NUMW = (
    rf"(?:(?:{_NUM_TENS})(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine)\b)?"
    rf"|(?:{_NUM_UNIT})|a\s+hundred|hundred|a\s+dozen|dozen|a\s+couple\s+of|couple\s+of"
    r"|a\s+few|a\s+number\s+of|several|few|many|some|numerous|a|an)"
)
NUM = (
    rf"(?:\d{{1,4}}(?:\.\d+)?(?:\s+1/2|-1/2)?(?![\d,])|\b{NUMW}(?:\s+and\s+a\s+half)?)"
)
UNIT = (
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|quarters?|years?|"
    r"decades?|century|centuries|millenni(?:um|a))"
)
MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?:\.|\b)"
)
WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# a number that begins a compound ('the January 10-year bond', 'a 30-day truce') is no day
# ('March 15-April 20' is); the patterns run on lowercased text
COMPOUND = rf"-(?!{MONTH})[a-z]"
DAYNUM = rf"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d|{COMPOUND})"
YEAR4 = r"(?:1[6-9]\d\d|20\d\d)"
SPELLED_YEAR = (
    rf"(?:(?:nineteen|eighteen)[\s-]+(?:hundred|(?:{_NUM_TENS})(?:[\s-]+(?:one|two|three|four|"
    rf"five|six|seven|eight|nine))?|oh[\s-]+(?:one|two|three|four|five|six|seven|eight|nine)|"
    rf"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
    rf"|two\s+thousand(?:\s+(?:and\s+)?(?:{_NUM_UNIT}|twenty))?)\b"
)
PART = r"(?:morning|afternoon|evening|night)"

# Optional modifier before a date: early/mid/late, the end of, around.
PRE = (
    r"(?P<pre>(?:the\s+)?(?:very\s+)?(?:early|late|mid|earlier|later)(?:\s*-\s*|\s+)"
    r"(?:in\s+(?:the\s+)?)?"
    r"|(?:the\s+|at\s+the\s+)?(?:end|beginning|start|middle|close|turn)\s+of\s+(?:the\s+)?"
    r"|(?:around|about|approximately|roughly)\s+)?"
)
QUANT = (
    r"(?P<q>(?:about|nearly|almost|more\s+than|less\s+than|fewer\s+than|over|under|up\s+to|"
    r"at\s+least|at\s+most|no\s+more\s+than|no\s+less\s+than|roughly|approximately|some|"
    r"only|just|another|an\s+additional|the\s+(?:past|last|next|first|final|coming|previous|"
    r"latest|remaining|following|initial|same|entire|full)|(?:the\s+)?(?:past|last|next|first|"
    r"coming|previous|following))\s+)?"
)
REL = (
    r"(?P<rel>this\s+past|this\s+coming|last|this|next|past|coming|previous|current|following|"
    r"same|the\s+(?:past|last|next|coming|previous|current|following|same|present|latest|full)|"
    r"the|"
    r"that)"
)
YEARISH = r"(?:" + YEAR4 + r"|this\s+year|last\s+year|next\s+year)"
# the year a month-day names after "of": "March 18 of last year", "the 18th of May of 2023"
OF_YEAR = rf",?\s+of\s+(?P<yo>{YEAR4}(?!\d)|(?:last|this|next)\s+year\b(?!['’]))"

RULE_SOURCES: list[tuple[str, str]] = [
    ("iso", rf"\b(?P<y>{YEAR4})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])"
            r"(?:T(?P<hh>[01]\d|2[0-3]):(?P<mi>[0-5]\d)(?::[0-5]\d)?)?(?![\d-])"),
    ("slash", r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d\d|\d\d)(?![\d/])"),
    ("clock", r"\b(?:(?P<q>around|about|approximately|at|after|before|by|until|shortly\s+"
              r"(?:after|before))\s+)?"
              r"(?:(?P<h>[01]?\d|2[0-3])(?::(?P<mi>[0-5]\d))?\s*(?P<ap>[ap]\.?\s?m\b\.?)"
              r"|(?P<h2>[01]?\d|2[0-3]):(?P<mi2>[0-5]\d)(?=\s*(?:[ECMP][SD]T|GMT|UTC|hours?\b))"
              # a 24-hour clock before a time zone or "hours": "1600 EST", "0830 hrs"
              r"|(?P<h5>[01]\d|2[0-3])(?P<mi5>[0-5]\d)(?=\s*(?:[ECMP][SD]T\b|GMT\b|UTC\b|"
              r"hours?\b|hrs\b|local\s+time\b))"
              r"|(?P<named>noon|midnight|midday)\b|(?P<h3>[1-9]|1[0-2])\s+(?P<pp>in\s+the\s+"
              r"(?:morning|afternoon|evening))|(?P<h4>[1-9]|1[0-2])\s+o'clock)"
              r"(?:\s+(?P<tz>[ECMP][SD]T|GMT|UTC|local\s+time)\b)?"
              rf"(?:,?\s+(?:on\s+)?(?P<dayref>{WD}|today|yesterday|tomorrow|tonight|"
              rf"{MONTH}\s*{DAYNUM}))?"),
    ("mdy", rf"\b{PRE}(?:(?P<rel>last|this|next|this\s+past|this\s+coming)\s+)?"
            rf"(?:(?P<wd>{WD}),?\s+)?(?:the\s+)?(?P<mon>{MONTH})\s*(?P<d>{DAYNUM})"
            rf"(?:(?:,\s*|\s+)(?P<y>{YEAR4}|'\d\d)(?![\d])|{OF_YEAR})?"),
    ("dmy", rf"\b{PRE}(?:(?P<wd>{WD}),?\s+)?(?:the\s+)?(?P<d>{DAYNUM})(?:\s+of)?\s+"
            rf"(?P<mon>{MONTH})(?:,?\s+(?P<y>{YEAR4})(?!\d)|{OF_YEAR})?"),
    ("quarter", rf"\b{PRE}(?:(?P<det>the|this|last|next|its|a|that|their|his|her|our)\s+)?"
                rf"(?:(?P<yq>{YEAR4}|this\s+year's|last\s+year's|next\s+year's|"
                r"(?:the\s+)?(?:latest|current|previous|same|comparable|corresponding|recent|"
                r"year-ago|year-earlier|year\s+ago|year\s+earlier|fiscal|calendar|flat|"
                r"weak|strong|seasonally\s+weak|traditionally\s+slow)(?:[\s-]+(?:fiscal|"
                r"year-ago|year-earlier|calendar))?)\s+)?"
                r"(?:fiscal[\s-]+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final)"
                r"[\s-]+(?:fiscal[\s-]+)?quarter(?!s|ly|-century|-to-)"
                rf"(?:\s+(?:of|in)\s+(?:fiscal\s+)?(?P<y>{YEARISH}))?"),
    ("qcode", rf"\b(?:(?P<y1>{YEAR4})\s+)?Q(?P<qn>[1-4])(?:\s+(?P<y2>{YEAR4}))?\b"),
    ("quarter_bare", r"\b(?P<det>(?:last|this|next)\s+year's|the|this|last|next|that|its|a)"
                     rf"\s+(?:(?P<yy>{YEAR4})\s+)?(?P<adj>(?:(?:latest|"
                     r"current|previous|recent|past|same|comparable|corresponding|year-ago|"
                     r"year-earlier|year\s+ago|year\s+earlier|fiscal|most\s+recent|just-ended|"
                     r"just\s+ended|prior-year|prior)[\s-]+)*)(?P<qw>quarter|period)(?!s|ly|-century|-to-)"
                     r"(?P<ago>\s+a\s+year\s+(?:ago|earlier)|\s+(?:of\s+)?last\s+year\b(?!'))?"),
    ("year_end", r"\b(?:(?P<pre>around|about|by|since|until|through|at|before|after)\s+)?"
                 r"(?:the\s+)?(?:year[\s-]end|year's\s+end|end\s+of\s+the\s+year)\b"),
    ("year_adj", r"\b(?P<w>year-earlier|year-ago)\b(?![\s-]+(?:quarter|period))"),
    ("half", rf"\b(?:the\s+)?(?P<ord>first|second|last|latter|back)\s+half"
             rf"(?:\s+of\s+(?:the\s+)?(?:fiscal\s+)?(?P<y>{YEARISH}|year))?"),
    ("decade", rf"\b{PRE}(?:the\s+)?(?:(?P<emod>early|mid|late)[\s-]+)?"
               r"(?:(?P<dec>1[6-9]\d0|20\d0)'?s|'(?P<d2>\d0)'?s"
               r"|(?P<dw>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))"
               r"(?![\w'])"),
    ("century", r"\b(?:the\s+)?(?P<ord>first|second|third|fourth|fifth|sixth|seventh|eighth|"
                r"ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|"
                r"seventeenth|eighteenth|nineteenth|twentieth|twenty-first|\d{1,2}(?:st|nd|rd|"
                r"th))[\s-]+century\b"),
    ("month_year", rf"\b{PRE}(?P<mon>{MONTH})(?:,\s*|\s+)(?:of\s+)?(?P<y>{YEAR4}(?!\d)|"
                   rf"'\d\d\b|this\s+year|last\s+year|next\s+year|{SPELLED_YEAR})"),
    ("month", rf"\b{PRE}(?:(?P<rel>last|this|next|this\s+past|this\s+coming|early|late)\s+)?"
              # not before a day ('May 4'), but before a compound ('January 10-year bond')
              rf"(?P<mon>{MONTH})(?!\s*(?:\d{{3}}|\d{{1,2}}(?!\d)(?!{COMPOUND}))|-)"),
    ("season", rf"\b{PRE}(?:(?P<rel>last|this|next|this\s+past|this\s+coming|the|that|"
               r"early|late)\s+)?(?P<s>spring|summer|fall|autumn|winter)(?!s)"
               rf"(?:\s+(?:of\s+)?(?P<y>{YEAR4}|{SPELLED_YEAR}))?\b"),
    ("spelled_year", rf"\b(?:(?P<the>the\s+year|in|of|since)\s+)?(?P<sy>{SPELLED_YEAR})"),
    ("fiscal", r"\b(?:fiscal(?:\s+year)?|FY)\s*(?P<y>" + YEAR4 + r"|'?\d\d)(?!\d)"),
    ("holiday", rf"\b(?:(?P<rel>last|this|next)\s+)?(?P<h>Christmas(?:\s+(?:Day|Eve))?|"
                r"New\s+Year's(?:\s+(?:Day|Eve))?|Thanksgiving(?:\s+Day)?|Easter(?:\s+Sunday)?"
                r"|Good\s+Friday|Independence\s+Day|Memorial\s+Day|Labor\s+Day|Election\s+Day|"
                rf"Halloween|Valentine's\s+Day|Veterans\s+Day|Bastille\s+Day)"
                rf"(?:,?\s+(?P<y>{YEAR4}))?\b"),
    ("year", rf"\b{PRE}(?:the\s+(?:year\s+)?)?(?:(?:calendar|year)\s+)?(?P<y>{YEAR4})"
             r"(?![\d%]|,\d|\.\d|s\b|'s?\b)"),
    ("ago", rf"\b{QUANT}(?P<n>{NUM})[\s-]+(?P<u>{UNIT})(?:\s+or\s+so)?\s+"
            r"(?P<dir>ago|earlier|later|before|after|from\s+now|hence|back)(?!\s+(?:the|a|an|"
            r"it|he|she|they|we|i|his|her|their|its|this|that|being)\b)"),
    ("day_around", rf"\bthe\s+day\s+(?P<dba>before|after)\s+(?:(?P<rel>last|this|next|"
                   rf"this\s+past|this\s+coming)\s+)?(?P<wd>{WD})(?!s)\b"),
    ("deictic", rf"\b{PRE}(?:the\s+day\s+(?P<dba>before|after)\s+)?"
                r"(?P<w>today|yesterday|tomorrow|tonight|overnight)"
                rf"(?:'s)?(?:\s+(?P<part>{PART}))?\b"),
    ("daypart", rf"\b{PRE}(?P<rel>this|last|tomorrow|yesterday|that|the)\s+(?P<part>{PART})\b"),
    ("rel_unit", rf"\b{PRE}{REL}\s+(?P<u>week|weekend|month|year|fiscal\s+year|decade|century|"
                 r"day|week-end)(?!s|-)\b"),
    ("rel_weekday", rf"\b{PRE}(?:(?P<rel>last|this|next|this\s+past|this\s+coming|the\s+previous"
                    rf"|the\s+following|the\s+next|that)\s+)?(?P<wd>{WD})(?P<pl>s)?"
                    rf"(?:(?:\s+|,\s*)(?P<part>{PART})(?P<ppl>s)?)?\b"),
    ("set", rf"\b(?:(?P<freq>daily|weekly|monthly|annually|yearly|quarterly|hourly|nightly|"
            r"biweekly|semiannually|semi-annually|bimonthly)"
            rf"|(?:every|each|per)\s+(?:other\s+)?(?:(?P<n>{NUM})\s+)?(?P<u>{UNIT}|{WD}|"
            rf"{MONTH}|{PART}|summer|winter|spring|fall|autumn|weekend)"
            rf"|(?:once|twice|thrice|(?P<times>{NUM})\s+times)\s+(?:a|an|per|each|every)\s+"
            rf"(?P<u2>{UNIT}))\b"),
    ("vague", r"\b(?P<v>right\s+now|now|currently|current(?=\s+[a-z])(?!\s+accounts?\b)|"
              r"presently|at\s+present|nowadays|these\s+days|"
              r"at\s+the\s+moment|for\s+the\s+time\s+being|recently|lately|previously|"
              r"formerly|in\s+the\s+past|soon|shortly|in\s+the\s+(?:near\s+|distant\s+)?future|"
              r"the\s+(?:near\s+|distant\s+)?future|future\s+(?:years|quarters|months|weeks|periods|dates?)|recent\s+(?:days|weeks|months|years|"
              r"decades|times|quarters|history)|recent|(?:the\s+)?coming\s+(?:days|weeks|months|"
              r"years|decades|quarters)|(?:the\s+)?(?:days|weeks|months|years)\s+ahead|"
              r"the\s+past)\b(?!\s+(?:the\s+)?(?:\d|one|two|three|four|five|six|seven|eight|"
              r"nine|ten|twelve|twenty|thirty|several|few|couple|year|month|week|decade|"
              r"century|quarter|day|fiscal|summer|winter|spring|fall|autumn)|-)"),
    ("duration", rf"\b{QUANT}(?P<n>{NUM})(?:\s+(?:to|or|and)\s+(?P<n2>{NUM})|-(?P<n3>\d+))?"
                 r"[\s-]+(?:(?:more|additional|straight|consecutive|full|long|trading|business|"
                 rf"calendar|working)[\s-]+)?(?P<u>{UNIT})(?P<half>\s+and\s+a\s+half\b)?"
                 r"(?P<tail>[\s-]+(?:long|old|olds)\b)?"),
    ("bare_units", r"\b(?P<u>years|months|weeks|days|decades|centuries|hours|minutes)\b"
                   r"(?![-'’])(?P<next>\s*[.,;:!?]|\s+(?:of|ago|later|earlier|before|after|in|on|"
                   r"to|and|or|as)\b|\s*$)?"),
]

# The tagger matches against an ASCII-lowercased copy of the text (same length,
# same offsets), so the patterns are compiled lowercased and case-sensitive:
# faster than re.IGNORECASE. Capitalisation checks read the original text.
def _lower(src: str) -> str:
    return src.lower().replace("(?p<", "(?P<")


RULES: dict[str, re.Pattern[str]] = {name: re.compile(_lower(src)) for name, src in RULE_SOURCES}

_GROUP_NAME = re.compile(r"\(\?P<[a-z0-9_]+>")


def _combine() -> re.Pattern[str]:
    parts = [f"(?P<{name}>{_GROUP_NAME.sub('(?:', _lower(src))})" for name, src in RULE_SOURCES]
    return re.compile("|".join(parts))


COMBINED: re.Pattern[str] = _combine()

# Dispatch on the text's first PREFIX_LEN characters. A rule can only match where the text
# starts with one of its possible openings, read from the rule's parse tree as sequences of
# one-character patterns (a literal, a character class, "any" for inline flags or anything
# else: an over-approximation); trying those rules one by one in rule order finds exactly
# the rule and span COMBINED finds (the first alternative that matches wins), without
# trying the others.
PREFIX_LEN = 3
_ANY = "(?s:.)"
Opening = tuple[str, ...]  # one-character patterns; shorter than PREFIX_LEN: may end there
_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W",
}  # fmt: skip


def _then(heads: set[Opening], tails: set[Opening]) -> set[Opening]:
    return {h if len(h) >= PREFIX_LEN else (h + t)[:PREFIX_LEN] for h in heads for t in tails}


def _openings(items: Any) -> set[Opening]:
    """Possible first PREFIX_LEN characters of a match of the parsed ``items``."""
    out: set[Opening] = {()}
    for op, av in items:
        if all(len(h) >= PREFIX_LEN for h in out):
            break
        out = _then(out, _item_openings(op, av))
    return out


def _char_class(av: Any) -> str:
    parts: list[str] = []
    for o, a in av:
        if o is _sc.NEGATE:
            parts.insert(0, "^")
        elif o is _sc.LITERAL:
            parts.append(re.escape(chr(a)))
        elif o is _sc.RANGE:
            parts.append(f"{re.escape(chr(a[0]))}-{re.escape(chr(a[1]))}")
        elif o is _sc.CATEGORY and str(a) in _CATEGORIES:
            parts.append(_CATEGORIES[str(a)])
        else:
            return _ANY
    return "[" + "".join(parts) + "]"


def _item_openings(op: Any, av: Any) -> set[Opening]:
    if op is _sc.LITERAL:
        return {(re.escape(chr(av)),)}
    if op is _sc.NOT_LITERAL:
        return {("[^" + re.escape(chr(av)) + "]",)}
    if op is _sc.IN:
        return {(_char_class(av),)}
    if op in (_sc.AT, _sc.ASSERT, _sc.ASSERT_NOT):
        return {()}
    if op is _sc.SUBPATTERN and not av[1] and not av[2]:
        return _openings(av[3])
    if op is _sc.BRANCH:
        return set().union(*(_openings(alt) for alt in av[1]))
    if op in _REPEATS:
        low, high, sub = av
        once = _openings(sub)
        out: set[Opening] = set()
        reps: set[Opening] = {()}
        for r in range(PREFIX_LEN + 1):
            if min(low, PREFIX_LEN) <= r <= high:
                out |= reps
            reps = _then(reps, once)
        return out
    return {(_ANY,) * PREFIX_LEN}  # anything else (ANY too): no restriction


def _opening_pattern(src: str) -> re.Pattern[str]:
    return re.compile("|".join(sorted("".join(h) for h in _openings(_sp.parse(src)))))


_OPENINGS = [(name, _opening_pattern(_lower(src)), RULES[name]) for name, src in RULE_SOURCES]
_RULES_AT: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {}
#: entries kept in :data:`_RULES_AT` before it starts afresh (bounds memory on
#: long-running workers fed very varied text; English news needs a few thousand)
_RULES_AT_MAX = 100_000


#: the cache itself, for callers that read it before calling :func:`rules_at` on a miss
RULES_AT = _RULES_AT


def rules_at(head: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """``(name, pattern)`` of the rules, in rule order, that may match a text starting with
    ``head`` (its first :data:`PREFIX_LEN` characters, fewer at the end of the text)."""
    found = _RULES_AT.get(head)
    if found is None:
        if len(_RULES_AT) >= _RULES_AT_MAX:
            _RULES_AT.clear()
        found = _RULES_AT[head] = tuple(
            (name, rule) for name, opening, rule in _OPENINGS if opening.match(head))
    return found


def match_at(lowered: str, pos: int) -> tuple[str, re.Match[str]] | None:
    """The first rule (name, match) matching ``lowered`` at ``pos``: the alternative and
    span :data:`COMBINED` finds there, trying only the rules that may open there."""
    for name, rule in rules_at(lowered[pos : pos + PREFIX_LEN]):
        found = rule.match(lowered, pos)
        if found is not None:
            return name, found
    return None


ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

# Pre-filter. Every expression contains a CORE word (a month, weekday, unit,
# deictic or vague word, a year or clock-like number...) and consists of CORE,
# STARTER and number tokens; it starts at most LOOKBACK words before its first
# CORE word, inside the unbroken run of such tokens that ends there. The
# combined pattern is only tried at those word starts.
TOKEN = re.compile(r"[a-z]+|\d+|'\d")
CLOCKISH = re.compile(r"[-/:]\d|\s*[ap]\.?\s?m\b|\s+o'clock|\s+in\s+the\s+[mae]")
LOOKBACK = 7
CORE_WORDS = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sept sep oct nov dec
    monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays
    thursdays fridays saturdays sundays
    second seconds minute minutes hour hours day days night nights nightly week weeks weekend
    weekends fortnight fortnights month months quarter quarters year years decade decades
    century centuries millennium millennia
    today yesterday tomorrow tonight overnight morning afternoon evening mornings afternoons
    evenings
    now currently current presently present nowadays moment time recently lately previously formerly
    past soon shortly future recent coming ahead
    spring summer fall autumn winter
    christmas thanksgiving easter halloween valentine independence memorial labor election
    veterans bastille year's
    daily weekly monthly annually yearly quarterly hourly biweekly semiannually semi bimonthly
    fiscal fy q1 q2 q3 q4 half period noon midnight midday clock o
    nineteen eighteen thousand twenties thirties forties fifties sixties seventies eighties
    nineties s""".split()
)
STARTER_WORDS = frozenset(
    """the a an very early late mid earlier later at end beginning start middle close turn
    around about approximately roughly nearly almost more less fewer over under up no some
    only just another additional past last next first final coming previous following this
    that these its their his her our each every per once twice thrice in of since for right
    shortly after before by until several few many couple numerous multiple number one two
    three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
    seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred
    dozen latest current same comparable corresponding recent calendar flat weak strong
    seasonally traditionally most prior full entire remaining initial trading business
    working straight consecutive long other and or to second third fourth fifth sixth seventh
    eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth
    twentieth st nd rd th year new good ago so than least times being near distant back
    latter other day""".split()
)

# Tokens of an expression's run: STARTER, CORE and number tokens (every token that is not
# a word is a number or "'" + digit).
JOINING_WORDS = STARTER_WORDS | CORE_WORDS
TOKEN_SPLIT = re.compile(f"({TOKEN.pattern})")  # separators and tokens, alternating
# the same split of an ASCII text, where \d is [0-9] (a character range reads faster)
TOKEN_SPLIT_ASCII = re.compile(r"([a-z]+|[0-9]+|'[0-9])")

# Lines carrying boilerplate: nothing on them is a time expression.
BOILERPLATE = re.compile(r"copyright|©|\(c\)\s*(?:19|20)\d\d|all\s+rights\s+reserved", re.I)
