"""Actor recognition: countries, organisations, groups, sectors, leaders.

The words come from ``analysis/data/actors.yaml`` (format documented at its top)
plus any analyst files merged by :mod:`analysis.dictionaries`. This module holds
the tokenizer shared with the event coder, the compiled :class:`ActorLexicon`
and :func:`match_actors`, which finds mentions and composes them:

- ``Pakistan's foreign minister`` / ``the Pakistani military`` /
  ``Iranian troops`` / ``Pakistan army``: country + sector -> ``PAKGOV``...
- ``armed forces of Pakistan``: sector + ``of`` + country -> ``PAKMIL``;
- ``Foreign Minister Jilani``: title + dated leader -> the leader's code;
- ``militant hideouts in Iran``: sector + ``in`` + country -> ``IRNREB``
  (non-state sectors are located by the country they are in);
- ``the two countries`` / ``both countries`` / ``the two neighbors`` /
  ``the two foreign ministers``: a compound reference to the two most recent
  distinct countries (from earlier in the sentence, then from ``context``);
  it yields two :class:`ActorMention` records with the same span;
- ``US-led forces`` / ``a London-based group``: the prefix's country;
- ``Bosnian Serbs`` -> BIH, ``Turkish Cypriots`` -> CYP (the non-ethnic
  nationality wins); ``ethnic Albanians`` -> unplaced civilians (the coder
  places them by the sentence);
- organisations: intergovernmental ones by their code (``UNO``, ``NATO``);
  non-governmental ones (``kind: NGO`` in the dictionary) by the CAMEO
  convention ``NGO`` + code (``NGOAMN``, country part ``NGO``); unnamed
  ``human rights group`` -> ``NGO``, ``a Croatian human rights group`` ->
  ``HRVNGO``;
- unknown group names by their head word: ``Islamic Salvation Front`` (REB),
  ``Homeland Union`` / ``the Umma party`` (OPP), ``Serbian Workers' Union``
  (SRBLAB); the country from a nationality inside the name, else unplaced.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from itertools import accumulate, compress, count, repeat
from operator import itemgetter, or_
from typing import NamedTuple

from analysis.records import ActorMention

__all__ = [
    "SECTORS",
    "ActorEntry",
    "ActorLexicon",
    "Token",
    "find_cities",
    "match_actors",
    "may_name_country",
    "split_code",
    "token_lows",
    "tokenize",
    "tokens_of",
]

#: Sector codes the dictionary may use.
SECTORS = frozenset(
    """GOV MIL COP OPP REB INS CVL MED BUS JUD LEG ELI REF LAB EDU HLH AGR CRM SPY
    UAF NGO""".split()
)

_TOKEN_RE = re.compile(
    r"\d+(?:[.,]\d+)+"  # 6.3, 1,500, 2.5: one token (a decimal point ends no clause)
    r"|(?:[A-Za-z]\.){2,}"  # U.S., U.N.
    r"|['’](?:s|t)\b"  # possessive 's and the 't of didn't
    r"|\w+(?:-\w+|['’](?!s\b|t\b)\w+)*"  # words, hyphenated words, N'Djamena
    r"|[^\w\s]"  # any other single character
)


class Token(NamedTuple):
    """A token: ``text`` as written, ``low`` lower-cased with ’ -> ', offsets.

    A named tuple so that a sentence's tokens are built in C
    (:func:`_tokens`) rather than one Python call per token."""

    text: str
    low: str
    start: int
    end: int


def tokens_of(text: str) -> tuple[Token, ...]:
    """:func:`tokenize` as a tuple, the same for the last few texts (not copied)."""
    return _tokens(text)


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens with ``str`` offsets (one regex pass).

    The last few texts' tokens are remembered (the pipeline tokenizes each
    sentence for the coder and again for the actor context); a fresh list is
    returned each time.
    """
    return list(_tokens(text))


#: _TOKEN_RE as one group: its split alternates white space and tokens (every
#: character that is not white space starts a token), so the lengths of the
#: pieces give the offsets
_SPLIT_RE = re.compile(f"(?=\\S)({_TOKEN_RE.pattern})")  # (?=\S): white space fails at once
_NEW_TUPLE = tuple.__new__


@functools.lru_cache(maxsize=16)
def _pieces(text: str) -> tuple[list[str], list[str], list[str]]:
    """The tokens' texts, their ``low`` forms and the white-space runs and
    tokens in turn (their running length sums give the offsets: :func:`_tokens`;
    most texts are only looked at for their words)."""
    parts = _SPLIT_RE.split(text)
    texts = parts[1::2]
    # lower-cased as one string: a space stops every context rule of str.lower
    # (final sigma), so each token is lower-cased as on its own
    lows = " ".join(texts).lower().replace("’", "'").split(" ") if texts else []
    return texts, lows, parts


def token_lows(text: str) -> list[str]:
    """The ``low`` of every token of ``text`` (``[t.low for t in tokenize(text)]``)
    without building the tokens; do not modify the list."""
    return _pieces(text)[1]


@functools.lru_cache(maxsize=16)
def _tokens(text: str) -> tuple[Token, ...]:
    texts, lows, parts = _pieces(text)
    sums = list(accumulate(map(len, parts)))  # token k spans sums[2k]:sums[2k + 1]
    fields = zip(texts, lows, sums[0:-1:2], sums[1::2], strict=True)
    return tuple(map(_NEW_TUPLE, repeat(Token), fields))


def split_code(code: str) -> tuple[str, str]:
    """``"PAKGOV" -> ("PAK", "GOV")``; codes without a known sector suffix
    are all country part (``"NATO" -> ("NATO", "")``)."""
    if len(code) > 3 and code[-3:] in SECTORS:
        return code[:-3], code[-3:]
    return code, ""


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One dictionary phrase: what it codes to and what kind of word it is.

    ``kind`` is ``country`` (names and capitals), ``adjective``, ``org``,
    ``group``, ``seat``, ``leader``, ``sector`` or ``place`` (a name that
    holds a country's name but names no actor: "Latin America", "the Indian
    Ocean"; it only keeps the country's name from matching); ``sector``-kind
    entries have an empty ``country``. ``valid`` is the (from, to) year range of a
    leader (``to`` 9999 when still in office).
    """

    code: str
    country: str
    sector: str
    kind: str
    valid: tuple[int, int] = (0, 9999)


@dataclass(slots=True)
class ActorLexicon:
    """Compiled actor phrases, keyed by token tuples.

    ``cased`` holds proper names matched as written, ``lower`` sector words
    matched lower-case; ``maxlen_*`` give the longest phrase per first token.
    ``cities`` maps the cities, provinces and regions of the dictionary's
    ``cities:`` section (matched as written) to their country: they name where
    something happens, never an actor, so :func:`match_actors` never sees them
    (the coder reads them with :func:`find_cities`).
    """

    cased: dict[tuple[str, ...], list[ActorEntry]] = field(default_factory=dict)
    lower: dict[tuple[str, ...], ActorEntry] = field(default_factory=dict)
    maxlen_cased: dict[str, int] = field(default_factory=dict)
    maxlen_lower: dict[str, int] = field(default_factory=dict)
    countries: set[str] = field(default_factory=set)
    cities: dict[tuple[str, ...], str] = field(default_factory=dict)
    maxlen_city: dict[str, int] = field(default_factory=dict)
    #: the capitals' tokens (as written, with and without "the"): a capital before a
    #: document's name ("the Paris Agreement") is part of that name
    capitals: set[tuple[str, ...]] = field(default_factory=set)

    def add_city(self, phrase: str, country: str) -> None:
        """A city under its tokens as written and with either apostrophe."""
        key = tuple(t.text.replace("’", "'") for t in tokenize(phrase))
        for k in {key, tuple(w.replace("'", "’") for w in key)} if key else ():
            self.cities[k] = country
            self.maxlen_city[k[0]] = max(self.maxlen_city.get(k[0], 0), len(k))

    def add_cased(self, phrase: str, entry: ActorEntry) -> None:
        key = tuple(t.text.replace("’", "'") for t in tokenize(phrase))
        if not key:
            return
        bucket = self.cased.setdefault(key, [])
        if entry not in bucket:
            bucket.append(entry)
        self.maxlen_cased[key[0]] = max(self.maxlen_cased.get(key[0], 0), len(key))

    def add_lower(self, phrase: str, entry: ActorEntry) -> None:
        key = tuple(t.low for t in tokenize(phrase))
        if not key:
            return
        self.lower[key] = entry
        self.maxlen_lower[key[0]] = max(self.maxlen_lower.get(key[0], 0), len(key))

    @classmethod
    def build(cls, sections: Iterable[Mapping[str, object]]) -> ActorLexicon:
        """Compile validated actor sections (see :mod:`analysis.dictionaries`);
        later sections override earlier ones for the same phrase."""
        lex = cls()
        for data in sections:
            _add_section(lex, data)
        return lex


def _strs(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value if v is not None]
    return []


def _plural(adj: str) -> str | None:
    if adj.endswith(("an", "i")) and " " not in adj:
        return adj + "s"
    return None


def _add_section(lex: ActorLexicon, data: Mapping[str, object]) -> None:
    countries = data.get("countries") or {}
    assert isinstance(countries, Mapping)
    for code, spec in countries.items():
        if str(code).startswith("__") or not isinstance(spec, Mapping):
            continue
        entry = ActorEntry(str(code), str(code), "", "country")
        lex.countries.add(str(code))
        adj_entry = ActorEntry(str(code), str(code), "", "adjective")
        for name in _strs(spec.get("names")) + _strs(spec.get("capitals")):
            lex.add_cased(name, entry)
            if not name.startswith("The "):
                lex.add_cased("the " + name, entry)
        for name in _strs(spec.get("capitals")):
            words = tuple(t.text.replace("’", "'") for t in tokenize(name))
            lex.capitals.update({words, ("the", *words), ("The", *words)})
        for adj in _strs(spec.get("adjectives")):
            lex.add_cased(adj, adj_entry)
            plural = _plural(adj)
            if plural and plural not in _strs(spec.get("adjectives")):
                lex.add_cased(plural, adj_entry)
    for key, kind in (("seats", "seat"), ("groups", "group")):
        table = data.get(key) or {}
        assert isinstance(table, Mapping)
        for phrase, code in table.items():
            if str(phrase).startswith("__"):
                continue
            country, sector = split_code(str(code))
            ent = ActorEntry(str(code), country, sector, kind)
            lex.add_cased(str(phrase), ent)
            lex.add_cased("the " + str(phrase), ent)
    places = data.get("places") or []
    assert isinstance(places, list)
    place = ActorEntry("", "", "", "place")
    for phrase in _strs(places):
        lex.add_cased(phrase, place)
        lex.add_cased("the " + phrase, place)
    cities = data.get("cities") or {}
    assert isinstance(cities, Mapping)
    for code, names in cities.items():
        for phrase in _strs(names):
            lex.add_city(phrase, str(code))
    orgs = data.get("organisations") or {}
    assert isinstance(orgs, Mapping)
    for code, spec in orgs.items():
        if str(code).startswith("__") or not isinstance(spec, Mapping):
            continue
        if str(spec.get("kind") or "IGO").upper() == "NGO":
            # CAMEO: non-governmental organisations are NGO + their code
            ent = ActorEntry("NGO" + str(code), "NGO", "", "org")
        else:
            ent = ActorEntry(str(code), str(code), "", "org")
        for name in _strs(spec.get("names")):
            lex.add_cased(name, ent)
            lex.add_cased("the " + name, ent)
    sectors = data.get("sectors") or {}
    assert isinstance(sectors, Mapping)
    for sector, words in sectors.items():
        if str(sector).startswith("__"):
            continue
        ent = ActorEntry(str(sector), "", str(sector), "sector")
        for word in _strs(words):
            lex.add_lower(word, ent)
    leaders = data.get("leaders") or []
    assert isinstance(leaders, list)
    for spec in leaders:
        if not isinstance(spec, Mapping):
            continue
        code = str(spec.get("code"))
        country, sector = split_code(code)
        start = int(spec.get("from") or 0)
        end_raw = spec.get("to")
        end = int(end_raw) if isinstance(end_raw, int) else 9999
        ent = ActorEntry(code, country, sector, "leader", (start, end))
        for name in [str(spec.get("name")), *_strs(spec.get("aliases"))]:
            lex.add_cased(name, ent)


# --- matching ---------------------------------------------------------------

#: Words allowed between a possessive country and its sector word
#: ("Pakistan's top security body", "Iran's elite Revolutionary Guards").
_MODIFIERS = frozenset(
    """top senior elite caretaker new former acting interim deputy chief own security armed
    regular local federal national central provincial state military powerful main
    visiting outgoing incoming then current powerful civilian civil special""".split()
)
_COMPOUND_HEADS = frozenset(
    """countries nations neighbors neighbours sides states governments capitals parties
    foreign ministers leaders ministers militaries armies premiers presidents""".split()
)
_COMPOUND_SECTOR = {
    "governments": "GOV", "foreign": "GOV", "ministers": "GOV", "leaders": "GOV",
    "premiers": "GOV", "presidents": "GOV", "militaries": "MIL", "armies": "MIL",
}  # fmt: skip
_LOCATED_SECTORS = frozenset(
    {"REB", "INS", "CVL", "OPP", "BUS", "MED", "REF", "LAB", "EDU", "HLH", "AGR", "CRM", "ELI"}
)


@dataclass(slots=True)
class _Span:
    i: int  # first token
    j: int  # one past last token
    code: str
    country: str
    sector: str
    kind: str


def _lookup_cased(
    lex: ActorLexicon, toks: Sequence[Token], i: int, year: int | None,
    keys: Sequence[str] | None = None,
) -> tuple[int, ActorEntry] | None:
    """``keys``: the tokens' texts with ’ -> ' (computed here when not given)."""
    if keys is None:
        keys = [t.text.replace("’", "'") for t in toks]
    n = lex.maxlen_cased.get(keys[i], 0)
    for k in range(min(n, len(toks) - i), 0, -1):
        key = tuple(keys[i : i + k])
        bucket = lex.cased.get(key)
        if not bucket:
            continue
        if year is not None:
            fitting = [e for e in bucket if e.valid[0] <= year <= e.valid[1]]
            if not fitting:
                continue
            return k, fitting[-1]
        return k, bucket[-1]
    return None


def _lookup_lower(
    lex: ActorLexicon, toks: Sequence[Token], i: int, lows: Sequence[str] | None = None
) -> tuple[int, ActorEntry] | None:
    """``lows``: the tokens' ``low`` (computed here when not given)."""
    if lows is None:
        lows = [t.low for t in toks]
    n = lex.maxlen_lower.get(lows[i], 0)
    for k in range(min(n, len(toks) - i), 0, -1):
        ent = lex.lower.get(tuple(lows[i : i + k]))
        if ent is not None:
            return k, ent
    return None


#: Hyphenated suffixes that make a country name an adjective of the noun it
#: qualifies: "US-led forces" (the forces are American), "London-based".
_HYPHEN_SUFFIXES = ("-led", "-based", "-run", "-commanded")


def _hyphenated(lex: ActorLexicon, tok: Token) -> ActorEntry | None:
    """``US-led`` / ``Vietnamese-led`` / ``London-based``: the country of the prefix."""
    text = tok.text
    if "-" not in text or not text.endswith(_HYPHEN_SUFFIXES):
        return None
    prefix = text[: text.rindex("-")].replace("’", "'")
    bucket = lex.cased.get((prefix,))
    if not bucket:
        return None
    ent = bucket[-1]
    if ent.kind not in ("country", "adjective") or ent.sector:
        return None
    return ActorEntry(ent.code, ent.country, "", "adjective")


#: lexicon id -> (lexicon, number of cased phrases, their name words)
_NAME_WORDS: dict[int, tuple[ActorLexicon, int, frozenset[str]]] = {}


def _name_words(lex: ActorLexicon) -> frozenset[str]:
    """The first token of every cased phrase, the second for a phrase opening
    with ``the`` (``the X``: X opens the phrase after the article)."""
    found = _NAME_WORDS.get(id(lex))
    if found is None or found[0] is not lex or found[1] != len(lex.cased):
        words = frozenset(key[1] if key[0] == "the" and len(key) > 1 else key[0]
                          for key in lex.cased)
        if len(_NAME_WORDS) > 16:
            _NAME_WORDS.clear()
        found = _NAME_WORDS[id(lex)] = (lex, len(lex.cased), words)
    return found[2]


def may_name_country(lex: ActorLexicon, text: str) -> bool:
    """``False`` when no actor :func:`match_actors` finds in ``text`` (without
    context) can have a country: every country comes from a cased phrase (a
    name, an adjective, an organisation, a leader) or a hyphenated prefix
    ("US-led"), so ``text`` needs a word opening a cased phrase or one of the
    hyphenated suffixes. ``True`` does not mean it has one."""
    if "-" in text and any(suffix in text for suffix in _HYPHEN_SUFFIXES):
        return True
    texts = _pieces(text)[0]
    keys = " ".join(texts).replace("’", "'").split(" ") if "’" in text else texts
    return not _name_words(lex).isdisjoint(keys)


#: lexicon id -> (lexicon, phrase counts, single-token phrases and first two
#: tokens of longer ones: cased, then lower-case)
_OPENINGS: dict[int, tuple[ActorLexicon, tuple[int, int], tuple[frozenset[str], ...]]] = {}


def _openings(lex: ActorLexicon) -> tuple[frozenset[str], ...]:
    """``(cased single, cased pairs, lower single, lower pairs)``: the one-token
    phrases and the first two tokens (joined by a space) of the longer ones."""
    sizes = (len(lex.cased), len(lex.lower))
    found = _OPENINGS.get(id(lex))
    if found is None or found[0] is not lex or found[1] != sizes:
        sets: list[frozenset[str]] = []
        for keys in (lex.cased, lex.lower):
            sets.append(frozenset(k[0] for k in keys if len(k) == 1))
            sets.append(frozenset(f"{k[0]} {k[1]}" for k in keys if len(k) > 1))
        if len(_OPENINGS) > 16:
            _OPENINGS.clear()
        found = _OPENINGS[id(lex)] = (lex, sizes, tuple(sets))
    return found[2]


def _raw_spans(lex: ActorLexicon, toks: Sequence[Token], year: int | None,
               words: tuple[Sequence[str], Sequence[str]] | None = None) -> list[_Span]:
    """``words``: the tokens' texts and ``low`` when the caller has them."""
    spans: list[_Span] = []
    if not toks:
        return spans
    cased_first, lower_first = lex.maxlen_cased, lex.maxlen_lower
    cased_one, cased_two, lower_one, lower_two = _openings(lex)
    texts, lows = words if words is not None else list(zip(*toks, strict=True))[:2]
    joined = " ".join(texts)
    keys = joined.replace("’", "'").split(" ") if "’" in joined else texts
    last = len(toks) - 1
    nxt = 0  # tokens before this one are inside a phrase found already
    # where a phrase can start (elsewhere the lookups below would all miss):
    # a low opening a lower-case phrase, a key opening a cased one, a hyphen
    opens = map(or_, map(lower_first.__contains__, lows), map(cased_first.__contains__, keys))
    if "-" in joined:
        opens = map(or_, opens, map(str.__contains__, keys, repeat("-")))
    for i in compress(count(), opens):
        if i < nxt:
            continue
        # a lookup can only hit a one-token phrase or the first two tokens of a
        # longer one ("the" + a name): most tokens opening a phrase open none here
        key, low = keys[i], lows[i]
        hit = (_lookup_cased(lex, toks, i, year, keys)
               if key in cased_one or (i < last and f"{key} {keys[i + 1]}" in cased_two)
               else None)
        low_hit = (_lookup_lower(lex, toks, i, lows)
                   if low in lower_one or (i < last and f"{low} {lows[i + 1]}" in lower_two)
                   else None)
        if hit is not None and (low_hit is None or hit[0] >= low_hit[0]):
            k, ent = hit
        elif low_hit is not None:
            k, ent = low_hit
        else:
            hyph = _hyphenated(lex, toks[i])
            if hyph is None:
                continue
            k, ent = 1, hyph
        spans.append(_Span(i, i + k, ent.code, ent.country, ent.sector, ent.kind))
        nxt = i + k
    return spans


def _actors_only(lex: ActorLexicon, toks: Sequence[Token], spans: list[_Span]) -> list[_Span]:
    """The spans without those that name no actor: places ("Latin America"),
    money ("US$", "Canadian dlrs") and a capital that names a document or a
    meeting ("the Paris Agreement", "the Minsk accords", "the Hanoi Summit")."""
    return [s for s in spans if s.kind != "place" and not (
        s.kind in ("country", "adjective") and _currency_at(toks, s.j)) and not (
        s.kind == "country" and _document_at(toks, s.j)
        and tuple(t.text.replace("’", "'") for t in toks[s.i:s.j]) in lex.capitals)]


#: Nouns that make a capital before them part of a name ("the Paris Agreement", "the
#: Vienna Convention", "the Islamabad Memorandum", "the Minsk agreements"): the city
#: is where it was signed or held, not a party. (Not "talks": "the White House talks
#: about ..."; not newspapers, airports, universities or festivals: those are the
#: country's.)
_DOCUMENT_NAMES = frozenset(
    """Agreement Agreements Accord Accords Treaty Convention Conventions Protocol Protocols
    Declaration Memorandum Charter Pact Communique Communiqué Process Format Principles
    Consensus Summit Club agreement agreements accord accords treaty convention
    protocol declaration memorandum pact communique communiqué format""".split()
)


def _document_at(toks: Sequence[Token], k: int) -> bool:
    return k < len(toks) and toks[k].text in _DOCUMENT_NAMES


#: Currency words after a country's name or adjective: "U.S. dlrs",
#: "Canadian dollars", "US$ 4 billion" name money, not an actor.
_CURRENCY = frozenset(
    """$ dollar dollars dlr dlrs yen franc francs pound pounds peso pesos rupee rupees rupiah
    rouble roubles ruble rubles lira lire yuan renminbi won ringgit baht riyal riyals rial
    rials dinar dinars krona kronor krone kroner shekel shekels rand real reais""".split()
)


def _currency_at(toks: Sequence[Token], k: int) -> bool:
    return k < len(toks) and toks[k].low in _CURRENCY and (
        toks[k].low != "$" or toks[k].start == toks[k - 1].end
    )


def _is_countryish(s: _Span) -> bool:
    return s.kind in ("country", "adjective", "org") and not s.sector


#: Demonyms that, next to another nationality, name an ethnic group rather
#: than a state: "Bosnian Serbs" (BIH), "Turkish Cypriots" (CYP).
_ETHNIC = frozenset(
    """Serb Serbs Serbian Croat Croats Croatian Albanian Albanians Turkish Turk Turks Greek
    Greeks Russian Russians Hungarian Hungarians Uzbek Uzbeks Tajik Tajiks Armenian Armenians
    Azeri Azeris Somali Somalis Arab Arabs Jewish Chinese Indian Tamil""".split()
)


def _ethnic(toks: Sequence[Token], spans: list[_Span]) -> list[_Span]:
    """Ethnic readings of nationality words (CAMEO codes ethnic groups by the
    country they live in):

    - ``ethnic Albanians`` / ``ethnic Turks`` -> civilians of no country yet
      (placed later by the sentence: "ethnic Albanians in Kosovo"),
      ``ethnic Albanian guerrillas`` -> unplaced rebels;
    - ``Bosnian Serbs`` / ``Croatian Serb refugees`` / ``Turkish Cypriots``: two
      nationality words in a row name the country of the non-ethnic one
      (else of the first).
    """
    out: list[_Span] = []
    k = 0
    while k < len(spans):
        s = spans[k]
        nxt = spans[k + 1] if k + 1 < len(spans) else None
        adjacent = nxt is not None and nxt.i == s.j
        if s.kind == "adjective" and s.i > 0 and toks[s.i - 1].low == "ethnic":
            if nxt is not None and adjacent and nxt.kind == "sector":
                out.append(_Span(s.i - 1, nxt.j, nxt.sector, "", nxt.sector, "sector"))
                k += 2
            else:
                out.append(_Span(s.i - 1, s.j, "CVL", "", "CVL", "sector"))
                k += 1
            continue
        if (
            nxt is not None
            and adjacent
            and s.kind in ("adjective", "country")
            and nxt.kind == "adjective"
            and not s.sector
            and not nxt.sector
            and s.country != nxt.country
            and toks[s.i].text not in ("US", "U.S.")
        ):
            first_ethnic = s.kind == "adjective" and toks[s.i].text in _ETHNIC
            second_ethnic = toks[nxt.i].text in _ETHNIC
            pick = nxt if first_ethnic and not second_ethnic else s
            out.append(_Span(s.i, nxt.j, pick.code, pick.country, "", "adjective"))
            k += 2
            continue
        out.append(s)
        k += 1
    return out


#: Last (or first) words of names of political and armed groups, and the
#: sector an unknown group with that head gets.
_GROUP_HEADS = {
    "Front": "REB", "Army": "REB", "Brigade": "REB", "Brigades": "REB", "Militia": "REB",
    "Tigers": "REB", "Party": "OPP", "party": "OPP", "Movement": "OPP", "Alliance": "OPP",
    "League": "OPP", "Congress": "OPP", "Union": "OPP", "Coalition": "OPP", "Bloc": "OPP",
    "Organisation": "OPP", "Organization": "OPP",
}  # fmt: skip
#: Words inside a group name that make it armed / a labour union.
_ARMED_WORDS = frozenset(
    "Liberation Resistance Revolutionary Jihad Mujahideen Mujahedeen Martyrs Salvation".split()
)
_LABOUR_WORDS = frozenset("Workers Teachers Labour Labor Trade Miners Employees Farmers".split())
#: Any group head as a substring (one regex search rather than a scan per head).
_GROUP_HEAD_RE = re.compile("|".join(map(re.escape, _GROUP_HEADS)))
_NAME_JOINERS = frozenset("of for the and al el ad ed de du 's '".split())
_NAME_STARTERS = frozenset("The A An This That These Those".split())


def _is_name_word(t: Token) -> bool:
    return t.text[:1].isupper() and t.text not in _NAME_STARTERS


def _named_groups(lex: ActorLexicon, text: str, toks: Sequence[Token], spans: list[_Span]
                  ) -> list[_Span]:
    """Unknown group names: a capitalised name ending in (or, followed by
    "of/for ...", starting with) a group head word — "Islamic Salvation Front",
    "Homeland Union", "the Umma party", "Movement for the ... of Biafra".
    The sector comes from the head (fronts and armies are rebels, parties and
    movements opposition, unions of workers labour); the country from a
    nationality inside the name ("Nigerian Union of Teachers"), else none (the
    sentence places it later). Exact dictionary names and "<country> Army"
    (a sector phrase) keep their own reading."""
    if _GROUP_HEAD_RE.search(text) is None:
        return spans  # no head word (a head token is a substring of the text)
    heads = [h for h, t in enumerate(toks) if t.text in _GROUP_HEADS]
    if not heads:
        return spans
    n = len(toks)
    found: list[tuple[int, int, str]] = []
    for h in heads:
        if found and h < found[-1][1]:
            continue
        lowercase_head = not toks[h].text[:1].isupper()
        i = h
        while i > 0:
            prev = toks[i - 1]
            if _is_name_word(prev):
                i -= 1
            elif prev.low in _NAME_JOINERS and i > 1 and _is_name_word(toks[i - 2]):
                i -= 2
            else:
                break
        j = h + 1
        if not lowercase_head and j < n and toks[j].low in ("of", "for"):
            while j < n:
                if _is_name_word(toks[j]) and toks[j].text not in _GROUP_HEADS:
                    j += 1
                elif (
                    toks[j].low in _NAME_JOINERS
                    and j + 1 < n
                    and (
                        _is_name_word(toks[j + 1])
                        or (j + 2 < n and toks[j + 1].low == "the" and _is_name_word(toks[j + 2]))
                    )
                ):
                    j += 2 if toks[j + 1].low != "the" else 3
                else:
                    break
        words = [t for t in toks[i:j] if _is_name_word(t)]
        if len(words) < 2 and not (lowercase_head and words and i < h):
            continue
        if i == 0 and lowercase_head:
            continue
        inner = [sp for sp in spans if sp.i < j and sp.j > i]
        if any(sp.i == i and sp.j == j for sp in inner):
            continue  # a dictionary name
        if any((sp.i < i or sp.j > j) for sp in inner):
            continue  # overlaps a longer known phrase
        places = [sp for sp in inner if sp.kind in ("country", "adjective") and not sp.sector]
        covered = {q for sp in inner if sp.kind != "sector" for q in range(sp.i, sp.j)}
        rest = [
            t
            for q, t in enumerate(toks[i:j], start=i)
            if q != h and q not in covered and _is_name_word(t) and t.low not in _MODIFIERS
        ]
        if not rest:
            continue  # "Pakistan Army", "US Congress": a country's own institution
        names = {t.text for t in toks[i:j]}
        sector = _GROUP_HEADS[toks[h].text]
        if names & _ARMED_WORDS:
            sector = "REB"
        elif names & _LABOUR_WORDS and toks[h].text == "Union":
            sector = "LAB"
        country = places[0].country if places else ""
        after = next((sp for sp in spans if sp.i == j and sp.kind == "sector"), None)
        if after is not None and after.sector in ("REB", "OPP", "LAB", "GOV", "MIL"):
            j = after.j  # "Lord's Resistance Army rebels", "... Front leaders"
        found.append((i, j, sector if not country else country + "|" + sector))
    if not found:
        return spans
    out = [sp for sp in spans if not any(sp.i < j and sp.j > i for i, j, _ in found)]
    for i, j, code in found:
        country, _, sector = code.rpartition("|")
        if country:
            out.append(_Span(i, j, country + sector, country, sector, "group"))
        else:
            out.append(_Span(i, j, sector, "", sector, "sector"))
    out.sort(key=lambda sp: sp.i)
    return out


_NOT_NOUNS = frozenset(
    """said says say told tells and or but nor the a an of to in on at for with by from into
    is are was were be been has have had will would could should may might must not also
    who which that this these those its their his her as than then after before over
    while when where whose both all any some many most other others such own""".split()
)


def _plain_noun(t: Token) -> bool:
    """A lower-case word that can be a noun modifier ("paper", "prison"): not
    a function word, not a past form."""
    low = t.low
    return (
        low == t.text
        and low.isalpha()
        and low not in _NOT_NOUNS
        and not low.endswith(("ed", "ly"))
    )


def _compose(toks: Sequence[Token], spans: list[_Span]) -> list[_Span]:
    spans = _ethnic(toks, spans)
    out: list[_Span] = []
    k = 0
    while k < len(spans):
        s = spans[k]
        nxt = spans[k + 1] if k + 1 < len(spans) else None
        # country (+ 's) (+ modifiers) + sector / leader
        if _is_countryish(s) and nxt is not None and nxt.kind in ("sector", "leader", "seat"):
            g = s.j
            poss = g < len(toks) and toks[g].low == "'s"
            if poss:
                g += 1
            limit = 3 if poss or s.kind == "adjective" else 1
            m = 0
            # one plain noun may qualify the sector word after a singular
            # nationality adjective: "French paper workers", "Israeli prison guards"
            free = s.kind == "adjective" and not toks[s.j - 1].text.endswith("s")
            while g < nxt.i and m < limit:
                low = toks[g].low
                if low in _MODIFIERS or (toks[g].text[:1].isupper() and low != "'s"):
                    pass
                elif free and _plain_noun(toks[g]):
                    free = False
                else:
                    break
                g += 1
                m += 1
            if g == nxt.i:
                if nxt.kind == "sector":
                    # an organisation keeps its own code ("Red Cross officials": NGOIRCGOV)
                    code = (s.code if s.kind == "org" else s.country) + nxt.sector
                    out.append(_Span(s.i, nxt.j, code, s.country, nxt.sector, "composed"))
                else:
                    out.append(_Span(s.i, nxt.j, nxt.code, nxt.country, nxt.sector, "composed"))
                k += 2
                continue
        # nationality + unnamed NGO ("American aid groups"): a national NGO
        if (
            s.kind in ("country", "adjective")
            and not s.sector
            and nxt is not None
            and nxt.kind == "group"
            and nxt.code == "NGO"
            and nxt.i == s.j
        ):
            out.append(_Span(s.i, nxt.j, s.country + "NGO", s.country, "NGO", "composed"))
            k += 2
            continue
        # named group + sector word ("Hamas fighters"): the group's code
        if s.kind == "group" and nxt is not None and nxt.kind == "sector" and nxt.i == s.j:
            out.append(_Span(s.i, nxt.j, s.code, s.country, s.sector, "composed"))
            k += 2
            continue
        if s.kind == "sector" and nxt is not None:
            # title + leader ("Foreign Minister Jilani")
            if nxt.kind == "leader" and nxt.i == s.j:
                out.append(_Span(s.i, nxt.j, nxt.code, nxt.country, nxt.sector, "composed"))
                k += 2
                continue
            # sector + of (the) + country ("armed forces of Pakistan")
            g = s.j
            if g < len(toks) and toks[g].low == "of" and _is_countryish(nxt):
                g += 1
                if g < len(toks) and toks[g].low == "the" and g + 1 == nxt.i:
                    g += 1
                if g == nxt.i:
                    out.append(
                        _Span(s.i, nxt.j, nxt.country + s.sector, nxt.country, s.sector, "composed")
                    )
                    k += 2
                    continue
            # located non-state sector ("militants in Pakistan")
            if s.sector in _LOCATED_SECTORS and nxt.kind in ("country",) and not nxt.sector:
                g = s.j
                if g < len(toks) and toks[g].low == "based":
                    g += 1
                if g < len(toks) and toks[g].low in ("in", "inside", "from") and g + 1 == nxt.i:
                    out.append(
                        _Span(s.i, nxt.j, nxt.country + s.sector, nxt.country, s.sector, "located")
                    )
                    k += 2
                    continue
        out.append(s)
        k += 1
    return out


def _compound_at(toks: Sequence[Token], i: int) -> tuple[int, str] | None:
    """``the two countries`` / ``both countries`` at token ``i``: (end, sector)."""
    j = i
    if j < len(toks) and toks[j].low == "the" and j + 1 < len(toks) and toks[j + 1].low == "two":
        j += 2
    elif j < len(toks) and toks[j].low == "both":
        j += 1
    else:
        return None
    if (
        j < len(toks)
        and toks[j].low == "foreign"
        and j + 1 < len(toks)
        and toks[j + 1].low == "ministers"
    ):
        return j + 2, "GOV"
    if j < len(toks) and toks[j].low in _COMPOUND_HEADS:
        return j + 1, _COMPOUND_SECTOR.get(toks[j].low, "")
    return None


_COMPOUND_STARTS = frozenset({"the", "both"})  # the words _compound_at can start at
_SPAN_CACHE_SIZE = 8
#: (lexicon id, text, year) -> (lexicon, tokens, spans) of the last few calls
_SPAN_CACHE: dict[tuple[int, str, int | None],
                  tuple[ActorLexicon, tuple[Token, ...], list[_Span]]] = {}


def _spans(
    lex: ActorLexicon, text: str, toks: Sequence[Token], year: int | None
) -> list[_Span]:
    """The composed spans over ``toks``, remembered for the last few sentences
    (the pipeline matches actors twice on the same tokens: for the coder and
    for the article context). Spans are not modified after composition."""
    key = (id(lex), text, year)
    found = _SPAN_CACHE.get(key)
    if found is not None and found[0] is lex and (
            found[1] is toks or found[1] == (toks if isinstance(toks, tuple) else tuple(toks))):
        return found[2]
    # the texts and lows of the whole sentence's tokens are at hand
    words = _pieces(text)[:2] if toks is _tokens(text) else None
    raw = _actors_only(lex, toks, _raw_spans(lex, toks, year, words))
    spans = _compose(toks, _named_groups(lex, text, toks, raw))
    if len(_SPAN_CACHE) >= _SPAN_CACHE_SIZE:
        del _SPAN_CACHE[next(iter(_SPAN_CACHE))]
    _SPAN_CACHE[key] = (lex, toks if isinstance(toks, tuple) else tuple(toks), spans)
    return spans


def match_actors(
    lex: ActorLexicon,
    text: str,
    toks: Sequence[Token],
    *,
    context: Sequence[str] = (),
    year: int | None = None,
) -> list[tuple[int, int, ActorMention]]:
    """Actor mentions over ``toks`` as ``(first token, end token, mention)``.

    ``context`` lists actor codes seen earlier in the article (oldest first)
    to resolve compound references; ``year`` restricts dated leaders.
    ``toks`` must come from ``tokenize(text)``; mention offsets refer to
    ``text``. A compound reference yields two mentions.
    """
    spans = _spans(lex, text, toks, year)
    result: list[tuple[int, int, ActorMention]] = []
    # the countries named so far (the context's only when a compound needs them:
    # the context may be computed on first use)
    seen: list[str] = []
    # mentions start at spans; compounds between them, at "the" / "both"
    span_starts = {s.i: s for s in spans}
    # (a compound needs "two" or "both", so a text without either has none)
    low = text.lower()
    starts = ([k for k, t in enumerate(toks) if t.low in _COMPOUND_STARTS]
              if "two" in low or "both" in low else [])
    i = 0  # tokens before this one are taken
    for at in sorted(span_starts.keys() | starts if starts else span_starts):
        if at < i:
            continue
        s = span_starts.get(at)
        if s is not None:
            if s.kind != "sector" or s.country:
                m = ActorMention(
                    text=_text(text, toks, s.i, s.j),
                    start=toks[s.i].start,
                    end=toks[s.j - 1].end,
                    code=s.code,
                    country=s.country,
                    sector=s.sector,
                )
                result.append((s.i, s.j, m))
                if s.country in lex.countries:
                    seen.append(s.country)
            else:
                result.append(
                    (
                        s.i,
                        s.j,
                        ActorMention(
                            _text(text, toks, s.i, s.j),
                            toks[s.i].start,
                            toks[s.j - 1].end,
                            s.sector,
                            "",
                            s.sector,
                        ),
                    )
                )
            i = s.j
            continue
        comp = _compound_at(toks, at)
        if comp is not None:
            end, sector = comp
            earlier = [c for c in (split_code(c)[0] for c in context if c) if c in lex.countries]
            pair = _last_two(earlier + seen)
            if pair is not None:
                ctext = _text(text, toks, at, end)
                for country in pair:
                    result.append(
                        (
                            at,
                            end,
                            ActorMention(
                                ctext,
                                toks[at].start,
                                toks[end - 1].end,
                                country + sector,
                                country,
                                sector,
                            ),
                        )
                    )
            i = end
    return result


def find_cities(
    lex: ActorLexicon, toks: Sequence[Token], taken: AbstractSet[int] = frozenset()
) -> list[tuple[int, int, str]]:
    """The cities, provinces and regions of the ``cities:`` section named in
    ``toks``, as ``(first token, end token, country)`` in text order, longest
    first; none that overlaps a token in ``taken`` (an actor's: "Gaza City" is
    the actor "Gaza"). They are places, never actors: the coder reads them only
    as the target or the place of an act."""
    firsts = lex.maxlen_city
    out: list[tuple[int, int, str]] = []
    if not firsts or firsts.keys().isdisjoint(map(itemgetter(0), toks)):
        return out  # (most sentences name no city: one pass in C)
    keys = [t.text for t in toks]
    n = len(toks)
    i = 0
    while i < n:
        if keys[i] not in firsts:
            i += 1
            continue
        for k in range(min(firsts[keys[i]], n - i), 0, -1):
            country = lex.cities.get(tuple(keys[i : i + k]))
            if country is None:
                continue
            if taken.isdisjoint(range(i, i + k)) and not _in_longer_name(toks, i + k):
                out.append((i, i + k, country))
            i += k - 1
            break
        i += 1
    return out


#: Capitalised words after a city that keep it a place: "Kharkiv Oblast",
#: "Sumy Thursday"; any other ("the Sinaloa Cartel", "the Istanbul Convention",
#: "the Kherson Regional State Administration") makes it part of a longer name.
_CITY_SUFFIXES = frozenset(
    """Oblast Oblasts Province Provinces Governorate Governorates District Districts Region
    Regions State States Krai Raion County Division Territory Valley City Mountains Prefecture
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December""".split()
)


def _in_longer_name(toks: Sequence[Token], j: int) -> bool:
    """Is the city ending before token ``j`` the start of a longer proper name?"""
    if j >= len(toks):
        return False
    text = toks[j].text
    return text[:1].isupper() and text.isalpha() and text not in _CITY_SUFFIXES


def _last_two(seen: Sequence[str]) -> tuple[str, str] | None:
    picked: list[str] = []
    for c in reversed(seen):
        if c not in picked:
            picked.append(c)
            if len(picked) == 2:
                return picked[1], picked[0]
    return None


def _text(text: str, toks: Sequence[Token], i: int, j: int) -> str:
    return text[toks[i].start : toks[j - 1].end]
