"""CAMEO-compatible event coder: sentence in, coded events out.

Pipeline for one sentence (all pure, dictionary compiled once and cached):

1. tokenise once (:func:`analysis.actors.tokenize`);
2. find actor mentions (:func:`analysis.actors.match_actors`), resolving
   ``the two countries`` against the sentence and the ``context`` codes;
3. find verb-pattern matches (:class:`analysis.verbs.VerbIndex`), indexed by
   their anchor word;
4. keep the best non-overlapping matches: more matched words first, then the
   more specific (longer) CAMEO code, then the earlier entry;
5. per match apply, in order:

   - **background**: a nominal trigger right after ``after / amid / following /
     over / since / despite / before / in response to`` (with no actor in
     between: "after the airstrike") refers to an event told elsewhere and is
     not coded;
   - **other senses**: a trigger that names no political act is not coded: a
     one-word trigger inside a proper name ("Storm Kristin", "Merrill Lynch",
     "Court of Appeals"), a fight against an ill ("fight corruption", "battle
     the wildfires"; not "the war on drug cartels"), a court appeal ("appeal
     the ruling", "pending appeal"), the release of words or pictures
     ("releases a video", "figures released Thursday"), a participle or
     adjective before its noun ("the proposed plan", "its protected economy");
     "recognise" without a state, a government or a name ("recognise that",
     "in recognition of") is no diplomatic recognition, "suggest" as a surmise
     ("the study suggested", "analysts suggest Ankara may be wary") is no
     appeal, a rocket or a blast
     in a sentence of spaceflight (and no word of intent) is no weapon; a
     death, wound or storm in an accident or a disaster is no assault;
   - **negation**: ``not / n't / never / no / without`` up to 3 words before the
     trigger, or a denial (code 016) shortly before it in the same clause
     ("Iran denied attacking ...") drops the event; the denial itself is coded
     as 016 (deny responsibility). A negated concession is a refusal ("will not
     lift the ban" 085 -> 1244, "will not release" 084 -> 1243);
   - **modality**: ``will / would / could / may / might / plans / intends / vows /
     threatens / warns / ready / poised`` up to 4 words before the trigger turns
     material conflict into a threat (roots 15, 18-20 -> 138, 16 -> 131/1312/1313,
     17 -> 137) and material cooperation into an intent (04 -> 036, 06 -> 031,
     07 -> 033, 08 -> 035...). Conditionals such as "any attempt ... will be
     responded with full might" are threat entries (138) of their own;
   - **roles**: pattern slots ``SRC``/``TGT`` win; otherwise the source is
     the nearest actor before the trigger (preferring actors with a country)
     and the target the first actor after it in the same clause; an agent
     ``by X`` right after the trigger is the source ("attacks by Hamas");
     passive voice ("was attacked by X") makes the subject the target;
   - **domestic reading**: when the sentence names exactly one country, bare
     sector mentions ("officials", "the police", "rebels", "President") are
     placed in it; otherwise a bare actor followed by "in/near/at <country>"
     is placed there ("killed three people in Gaza"), else facing a placed
     actor it takes that actor's country;
   - **named persons**: a title naming a person the dictionary does not know
     ("President X", "the X administration") is never placed by the actor
     it faces (better unplaced than wrong), unless that actor is a
     possessive ("Minister X defended Iran's position");
   - **unnamed sources**: an agentless passive or noun event takes, by the
     CAMEO convention, the state of the place as source for state actions
     ("was arrested in Lebanon" -> LBN) and the place's unidentified armed
     forces for violence ("killed by a bomb outside the Iraqi city of
     Basra" -> IRQUAF; without a place, a non-state victim's country);
   - **protests**: a protest with no named target faces the protesters' own
     government (zero-width mention: "Egyptian demonstrators rioted" ->
     EGYGOV); for protests and violence a place ("in Lima") gives way to a
     person or group named after it as the target;
   - **asides**: an apposition after a named actor ("Pakistan, a key U.S.
     ally in the war on terror, refused ...") holds neither actors nor events
     of the clause; an organisation named as a modifier ("vetoed a Security
     Council resolution") can be a target but never a subject;
   - **complaints**: "complained to X over Y" targets Y;
   - **relative clauses**: a verb after ", which/who" takes the actor
     before the comma as source ("the strikes by Iran, which killed ...");
   - **reported demands**: "X says (that) Y must ..." is X's demand on Y;
   - **coordinated objects**: "attacked A and B" gives one event per target;
   - **reported speech**: saying verbs are not events; what is said is coded
     on its own verb ("Pakistan said it had targeted ..." codes the strike,
     "Iran claimed militants were based in Pakistan" codes nothing). Plain
     statements (entries marked ``alone``) are coded only when the sentence
     has no other event and names a source;
   - **reciprocity**: a compound source ("the two countries", "X and Y",
     "they" when the context names two countries) gives TWO events with the
     actors reversed (A->B and B->A), the CAMEO convention for reciprocal
     events; with a distinct target it gives one event per source.

Offsets of triggers and actors are relative to the sentence text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from functools import partial
from itertools import accumulate, pairwise
from typing import overload

from analysis.actors import (
    ActorLexicon,
    Token,
    find_cities,
    match_actors,
    may_name_country,
    split_code,
    token_lows,
    tokens_of,
)
from analysis.codebook import direction_for
from analysis.dictionaries import (
    Dictionary,
    default_dictionary,
    load_dictionary,
    validate_dictionary_file,
)
from analysis.records import ActorMention, CodedEvent
from analysis.verbs import BARRIERS, VerbIndex, VerbMatch

__all__ = [
    "Dictionary",
    "code_sentence",
    "find_actors",
    "load_dictionary",
    "validate_dictionary_file",
]

_NEGATORS = frozenset({"not", "'t", "never", "no", "without", "nor", "neither", "cannot"})
_MODALS = frozenset(
    """will would could may might shall 'll plan plans planned planning intend intends
    intended intending vow vows vowed threaten threatens threatened warn warns warned
    ready poised prepared preparing going""".split()
)
_BACKGROUND = frozenset(
    {"after", "amid", "following", "over", "since", "despite", "before", "ahead"}
)
#: Words that end the search for a target after the trigger.
_TARGET_STOP = _BACKGROUND | {"said", "says", "say", "while", "whereas", "which", "who"}
_BE = frozenset({"is", "are", "was", "were", "been", "being", "be", "get", "got", "gets"})
_SKIP_ADV = frozenset({"also", "reportedly", "allegedly", "not", "never", "already", "just"})
_CLAUSE_BARRIERS = BARRIERS | {","}
_PLURAL_PRONOUNS = frozenset({"they", "both"})
_STATE = frozenset({"GOV", "MIL", "COP", "JUD", "LEG"})
_PREPOSITIONS = frozenset(
    "on against in at with to from into onto toward towards near across inside of by".split()
)

#: Modality rewrites: longest matching code prefix wins.
_MODAL_MAP = {
    "15": "138", "18": "138", "19": "138", "20": "138",
    "16": "131", "161": "1313", "163": "1312", "166": "1313",
    "17": "137",
    "04": "036", "057": "030", "05": "032",
    "06": "031", "061": "0311", "062": "0312", "063": "0313", "064": "0314",
    "07": "033", "071": "0331", "072": "0332", "073": "0333", "074": "0334",
    "08": "035", "081": "0351", "082": "0352", "084": "0353", "0841": "0353", "0842": "0353",
    "085": "0354", "086": "0355", "087": "0356",
}  # fmt: skip

_Mention = tuple[int, int, ActorMention]


def _resolve(d: Dictionary | None) -> Dictionary:
    return default_dictionary() if d is None else d


class LazyContext(Sequence[str]):
    """A context (actor codes, oldest first) computed by ``make`` when first
    read: the coder reads a sentence's context only for a compound reference,
    a plural pronoun, a passive threat or a plain statement without a named
    country, so most sentences never need theirs."""

    __slots__ = ("_make", "_value")

    def __init__(self, make: Callable[[], Sequence[str]]) -> None:
        self._make = make
        self._value: Sequence[str] | None = None

    def _get(self) -> Sequence[str]:
        if self._value is None:
            self._value = self._make()
        return self._value

    @overload
    def __getitem__(self, i: int) -> str: ...

    @overload
    def __getitem__(self, i: slice) -> Sequence[str]: ...

    def __getitem__(self, i: int | slice) -> str | Sequence[str]:
        return self._get()[i]

    def __len__(self) -> int:
        return len(self._get())

    def __iter__(self) -> Iterator[str]:
        return iter(self._get())


def _context_countries(context: Sequence[str], countries: AbstractSet[str]) -> list[str]:
    """The country parts of the context's codes that are countries."""
    return [c for c in (split_code(c)[0] for c in context if c) if c in countries]


def find_actors(
    text: str,
    dictionary: Dictionary | None = None,
    *,
    context: Sequence[str] = (),
    year: int | None = None,
) -> list[ActorMention]:
    """Actor mentions in ``text`` (offsets relative to it), in text order.

    ``context``: actor codes seen earlier in the article, used for compound
    references ("the two countries" -> two mentions, one per country).
    ``year``: when given, dated leaders outside their term are ignored.
    """
    d = _resolve(dictionary)
    return [
        m for _, _, m in match_actors(d.actors, text, tokens_of(text), context=context, year=year)
    ]


def code_sentence(
    text: str,
    dictionary: Dictionary | None = None,
    context: Sequence[str] = (),
    *,
    year: int | None = None,
) -> list[CodedEvent]:
    """Code the events of one sentence (offsets relative to ``text``).

    ``context``: actor codes seen earlier in the article (oldest first), to
    resolve "the two countries" / "they". Events come in text order of their
    triggers; reciprocal events come as pairs with the actors reversed.
    """
    d = _resolve(dictionary)
    if _statements_only(text, d):
        return []
    whole = tokens_of(text)
    toks: Sequence[Token] = whole
    if "(" in text:  # else no token is one
        toks = _drop_asides(toks)
    if not toks:
        return []
    mentions, target_only = _drop_modifiers(
        toks,
        match_actors(d.actors, text, toks, context=context, year=year),
        d.actors.countries,
    )
    apposed = _appositives(toks, mentions)
    if apposed:
        mentions = [mt for mt in mentions if mt[0] not in apposed]
    named = _named_persons(toks, mentions)
    actor_spans: dict[int, int] = {}
    inside: set[int] = set()
    for i, j, _ in mentions:
        actor_spans[i] = j
        inside.update(range(i, j))
    cities = _Cities(d.actors, toks, inside)
    mentions, placed = _locate_bare(mentions, d, cities)
    roles = _Roles(target_only, placed, frozenset(toks[i].start for i in named))
    lows = token_lows(text) if toks is whole else None
    matches = [m for m in d.verbs.find(toks, actor_spans, lows)
               if m.first not in inside or m.slots]
    kept = _select(matches, d)
    if apposed:
        kept = [m for m in kept if m.first not in apposed]
    context_countries = LazyContext(partial(_context_countries, context, d.actors.countries))

    events: list[CodedEvent] = []
    alone: list[VerbMatch] = []
    inherited: list[ActorMention] | None = None
    verbal: list[ActorMention] | None = None
    denials = [m for m in kept if d.codebook[m.entry.code].code == "016"]
    for m in kept:
        if m.entry.alone:
            alone.append(m)
            continue
        if _background(toks, m, mentions):
            continue
        if m.entry.code[:2] in _HARM_ROOTS and _accidental(toks, m):
            continue
        if _other_sense(toks, m, d.verbs) or _not_recognition(toks, m, actor_spans):
            continue
        if _subjectless_strike(toks, m, actor_spans):
            continue
        if _surmise(toks, m):
            continue
        if m.entry.code[:2] in _SPACE_ROOTS and _spaceflight(toks, m):
            continue
        if _unrealised(toks, m):
            continue
        if _negated(toks, m, denials):
            refusal = _refusal(m, d)
            if refusal is None:
                continue
            m = refusal
        evs = _events_for(
            text, toks, m, mentions, d, context_countries, inherited, verbal, roles=roles,
            cities=cities,
        )
        events.extend(evs)
        reduced = _reduced_shape(toks, m) and _reduced_passive(toks, _groups(mentions), m)[0]
        if not _nominal(toks, m) and not reduced:
            # a coordinated predicate ("... which praised X and urged Y") takes
            # the source of the last verbal event, not of a noun event between
            # (one source of several events, "accuses Kuwait and the UAE", once)
            firsts = [e.actor1 for e in evs if e.actor1 is not None]
            inherited = [a for k, a in enumerate(firsts) if a not in firsts[:k]][:2] or None
            verbal = inherited
    # a plain statement is kept only with a source that has a country, and every
    # country an event's actor gets comes from a mention or from the context (read
    # only for a plural pronoun before the trigger or a threat)
    if not events and alone and (
            any(mt[2].country for mt in mentions)
            or (any(_may_read_context(toks, m) for m in alone) and context_countries)):
        for m in alone:
            if _negated(toks, m, denials) or _unrealised(toks, m):
                continue
            evs = _events_for(text, toks, m, mentions, d, context_countries, roles=roles)
            evs = [e for e in evs if e.actor1 is not None and e.actor1.country]
            if evs:
                events.extend(evs)
                break
    events.sort(key=lambda e: (e.trigger_start, e.trigger_end))
    return events


def _statements_only(text: str, d: Dictionary) -> bool:
    """Can the sentence only have plain statements (``alone`` entries, no
    threat) with no source that has a country? Then it codes nothing (a
    statement is kept only with such a source), and need not be read: every
    pattern that may match (:meth:`VerbIndex.may_match`) is a statement, and
    the sentence has no word that can name a country
    (:func:`analysis.actors.may_name_country`), no compound reference ("two",
    "both") and no plural pronoun to take countries from the context."""
    present = set(token_lows(text))
    if not present.isdisjoint(_PLURAL_PRONOUNS):
        return False
    low = text.lower()
    if "two" in low or "both" in low or may_name_country(d.actors, text):
        return False
    return all(e.alone and e.code[:2] != "13" for e in d.verbs.may_match(present))


class _Cities:
    """The cities of a sentence (:func:`analysis.actors.find_cities`, none
    inside an actor's tokens ``taken``), found when first read: only a violent
    or coercive act without a placed target reads them."""

    __slots__ = ("_lex", "_taken", "_toks", "_value")

    def __init__(self, lex: ActorLexicon, toks: Sequence[Token], taken: AbstractSet[int]) -> None:
        self._lex, self._toks, self._taken = lex, toks, taken
        self._value: list[tuple[int, int, str]] | None = None

    def get(self) -> list[tuple[int, int, str]]:
        if self._value is None:
            lands = self._lex.countries
            self._value = [c for c in find_cities(self._lex, self._toks, self._taken)
                           if c[2] in lands]
        return self._value


def _may_read_context(toks: Sequence[Token], m: VerbMatch) -> bool:
    """Can the roles of ``m`` come from the context: "they"/"both" in the five
    tokens before it (:func:`_context_pair`) or a threat (:func:`_threat_roles`)?"""
    return m.entry.code[:2] == "13" or any(
        toks[k].low in _PLURAL_PRONOUNS for k in range(max(0, m.first - 5), m.first))


_ASIDE_MAX = 6


def _drop_asides(toks: Sequence[Token]) -> Sequence[Token]:
    """Tokens without short parentheticals ("the Front (FIS) said", "(AP)"):
    an aside of up to ``_ASIDE_MAX`` tokens is neither a clause boundary nor
    an actor of the clause around it (offsets of the other tokens are kept)."""
    if "(" not in [t.low for t in toks]:
        return toks
    out: list[Token] = []
    k = 0
    n = len(toks)
    while k < n:
        if toks[k].low == "(":
            close = next(
                (q for q in range(k + 1, min(n, k + _ASIDE_MAX + 2)) if toks[q].low in "()"), None
            )
            if close is not None and toks[close].low == ")":
                k = close + 1
                continue
        out.append(toks[k])
        k += 1
    return out


#: Nouns after an organisation that make it a modifier, not an actor:
#: "the UN charter", "a UN resolution", "NATO standards".
_DOCUMENT_NOUNS = frozenset(
    """charter charters resolution resolutions convention conventions treaty treaties mandate
    norms rules law laws principles guidelines standards framework protocol protocols
    declaration statute membership member members summit summits""".split()
)
_ACCORDANCE = (("in", "accordance", "with"), ("in", "line", "with"), ("in", "keeping", "with"))


@dataclass(frozen=True, slots=True)
class _Roles:
    """What the role rules must know about some mentions (token indices of
    their first token): ``target_only`` organisations named as a modifier
    ("vetoed a Security Council resolution": the target, never a subject);
    ``placed`` bare sectors given the sentence's country by the domestic
    reading (their code may equal a named actor's without being it);
    ``named`` titles of persons the dictionary does not know ("President
    X"), by the offset of their mention: never placed by the country they
    face (better unplaced than wrong)."""

    target_only: frozenset[int] = frozenset()
    placed: frozenset[int] = frozenset()
    #: offsets (``start``) of titles naming a person we do not know
    named: frozenset[int] = frozenset()


def _drop_modifiers(
    toks: Sequence[Token], mentions: list[_Mention], countries: set[str]
) -> tuple[list[_Mention], frozenset[int]]:
    """Organisations named only as a modifier are not subjects: "in accordance
    with the UN charter" is no actor at all; "a Security Council resolution"
    can only be a target (returned as the second value)."""
    out: list[_Mention] = []
    target_only: set[int] = set()
    for i, j, m in mentions:
        if m.country and not m.sector and m.code not in countries:
            nxt = toks[j].low if j < len(toks) else ""
            lead = tuple(t.low for t in toks[max(0, i - 4) : i])
            if any(lead[-len(a) :] == a or lead[-len(a) - 1 : -1] == a for a in _ACCORDANCE):
                continue
            if nxt in _DOCUMENT_NOUNS:
                target_only.add(i)
        out.append((i, j, m))
    return out, frozenset(target_only)


_APPOSITION_MAX = 12


def _appositives(toks: Sequence[Token], mentions: Sequence[_Mention]) -> frozenset[int]:
    """Token indices of descriptive appositions after a named actor:
    "Pakistan, a key U.S. ally in the war against terrorism, has refused ...".
    Actors and events inside describe the actor; they are not the clause's."""
    ends = {j: m for _, j, m in mentions if m.country}
    if not ends:
        return frozenset()
    out: set[int] = set()
    n = len(toks)
    for j in ends:
        if not (j + 2 < n and toks[j].low == ","):
            continue
        det, word = toks[j + 1], toks[j + 2]
        if det.low not in ("a", "an", "the") or not word.text[:1].islower():
            continue
        for q in range(j + 3, min(n, j + _APPOSITION_MAX + 2)):
            low = toks[q].low
            if low in BARRIERS:
                break
            if low == ",":
                out.update(range(j, q + 1))
                break
    return frozenset(out)


def _possessive_at(text: str, a: ActorMention) -> bool:
    """Is mention ``a`` followed by a possessive 's ("Iran's position")?"""
    return text[a.end : a.end + 2] in ("'s", "’s")


_REGIME_WORDS = frozenset({"administration", "government", "regime", "cabinet"})
_NOT_NAMES = frozenset("The A An This That These Those In On At For But And It He She".split())


def _named_persons(toks: Sequence[Token], mentions: Sequence[_Mention]) -> frozenset[int]:
    """First tokens of bare title mentions that name a person the dictionary
    does not know: "President Bill Clinton", "Archbishop X", "the Bush
    administration" (a capitalised word right after, or right before, the
    title that starts no actor)."""
    starts = {i for i, _, _ in mentions}
    inside = {k for i, j, _ in mentions for k in range(i, j)}
    out: set[int] = set()
    for i, j, m in mentions:
        if m.country or not m.sector:
            continue
        after = j < len(toks) and toks[j].text[:1].isupper() and j not in starts
        if after and toks[j].text not in _NOT_NAMES and toks[j].low.isalpha():
            out.add(i)
            continue
        b = i - 1
        if (
            toks[i].low in _REGIME_WORDS
            and b > 0
            and b not in inside
            and toks[b].text[:1].isupper()
            and toks[b].text not in _NOT_NAMES
            and toks[b].low.isalpha()
        ):
            out.add(i)
    return frozenset(out)


def _locate_bare(
    mentions: list[_Mention], d: Dictionary, cities: _Cities | None = None
) -> tuple[list[_Mention], frozenset[int]]:
    """Bare sector mentions ("officials", "the police", "rebels", "President")
    take the country of the sentence when it names exactly one country
    (domestic reading; measured right far more often than wrong, also for
    titles naming an unknown person). A city of another country (``cities``)
    is a second country named ("a Russian drone attack on Odesa kills two
    people": the people are not Russian); a city never gives its country to a
    bare mention here. Also returns the first tokens of the placed ones."""
    countries = {m.country for _, _, m in mentions if m.country in d.actors.countries}
    if len(countries) != 1 or all(m.country for _, _, m in mentions):
        return mentions, frozenset()
    (country,) = countries
    if cities is not None and any(c != country for _, _, c in cities.get()):
        return mentions, frozenset()
    out: list[_Mention] = []
    placed: set[int] = set()
    for i, j, m in mentions:
        if not m.country and m.sector:
            m = replace(m, code=country + m.sector, country=country)
            placed.add(i)
        out.append((i, j, m))
    return out, frozenset(placed)


# --- match selection ---------------------------------------------------------


#: verb index id -> (index, entry id -> its rank), built once per dictionary
_ENTRY_ORDER: dict[int, tuple[VerbIndex, dict[str, int]]] = {}


def _entry_order(verbs: VerbIndex) -> dict[str, int]:
    found = _ENTRY_ORDER.get(id(verbs))
    if found is None or found[0] is not verbs:
        if len(_ENTRY_ORDER) > 16:
            _ENTRY_ORDER.clear()
        found = (verbs, {eid: n for n, eid in enumerate(verbs.entries)})
        _ENTRY_ORDER[id(verbs)] = found
    return found[1]


def _select(matches: list[VerbMatch], d: Dictionary) -> list[VerbMatch]:
    if not matches:
        return []
    order = _entry_order(d.verbs)
    ranked = sorted(
        matches,
        key=lambda m: (-len(m.tokens), -len(m.entry.code), order.get(m.entry.id, 0), m.first),
    )
    used: list[tuple[int, int]] = []
    kept: list[VerbMatch] = []
    for m in ranked:
        if any(not (m.last < a or m.first > b) for a, b in used):
            continue
        used.append((m.first, m.last))
        kept.append(m)
    kept.sort(key=lambda m: m.first)
    return kept


def _background(toks: Sequence[Token], m: VerbMatch, mentions: Sequence[_Mention]) -> bool:
    lo = max(0, m.first - 4)
    for k in range(m.first - 1, lo - 1, -1):
        low = toks[k].low
        if low in _CLAUSE_BARRIERS:
            return False
        if any(i <= k < j for i, j, _ in mentions):
            return False
        if low in _BACKGROUND or (low == "to" and k > 0 and toks[k - 1].low == "response"):
            return True
    return False


#: Roots of violence a mere death or blast word can trigger ("killed", "explosion").
_HARM_ROOTS = frozenset({"18", "19"})
#: Trigger words that name harm without naming an attack: an accident or a
#: disaster kills, explodes, burns and sinks too.
_HARM_WORDS = frozenset(
    """kill kills killed killing left explosion explosions explode explodes exploded exploding
    blast blasts fire fires sink sinks sank sunk sinking wound wounds wounded wounding storm
    storms""".split()
)
#: Causes that make a death or a blast an accident or a disaster.
_ACCIDENT_WORDS = frozenset(
    """crash crashes crashed collision collisions collide collides collided derail derails
    derailed derailment capsize capsizes capsized flood floods flooding floodwaters landslide
    landslides mudslide mudslides earthquake earthquakes quake avalanche avalanches typhoon
    hurricane cyclone tornado tornadoes heatwave stampede accident accidents accidental
    accidentally blaze blazes inferno wildfire wildfires bushfire bushfires flames collapse
    collapses collapsed overturn overturns overturned plunge plunges plunged drown drowns
    drowned drowning lightning rainfall rains monsoon rainstorm rainstorms snowstorm blizzard
    thunderstorm thunderstorms windstorm sandstorm storms snowstorms hailstorm hailstorms
    rain eruption tsunami cylinder boiler fireworks weather""".split()
)
#: Words of intent: with one of them the harm may be an attack after all.
_INTENT_WORDS = frozenset(
    """attack attacks attacked attacker attackers attacking gunman gunmen gunfire shoot shoots
    shot shooting shootings shooter shelling shelled bomb bombs bombing bombings bomber bombers
    bombed airstrike airstrikes drone drones missile missiles rocket rockets mortar mortars
    grenade grenades explosive explosives ied militant militants insurgent insurgents terrorist
    terrorists terror terrorism jihadist jihadists arson arsonist torched stab stabbed stabbing
    murder murdered murders massacre ambush ambushed sabotage saboteurs suicide hijacked raid
    raids clash clashes fighting war ram rams rammed ramming deliberately intentionally
    perpetrator perpetrators suspect suspects landmine landmines mine mines warplane warplanes
    shellfire artillery sniper snipers""".split()
)
#: Before "fire", words that make it a blaze ("a fire at a hotel"); "open fire",
#: "under fire", "return fire" are shots.
_BLAZE_BEFORE = frozenset(
    """a the massive huge major large deadly catches caught house apartment building hotel
    factory market hospital bar nightclub club school warehouse plant forest residential
    office shop store mall restaurant home prison dormitory tower church mosque hostel train
    bus ship boat vehicle car truck tanker ferry electrical kitchen hall refinery""".split()
)
_GAS_AFTER = frozenset("leak explosion explodes exploded blast".split())


def _accidental(toks: Sequence[Token], m: VerbMatch) -> bool:
    """Is a violence trigger that names only harm ("killed", "explosion",
    "a fire at") an accident or a disaster: the sentence names an accidental
    cause ("crash", "floods", "capsizes", "a fire", "gas leak") and no word
    of intent ("attack", "gunmen", "drone", "militants", "set fire")? "At least
    12 people are killed in a fire at a hotel" and "a cylinder explodes in a
    restaurant" are not assaults."""
    if toks[m.first].low not in _HARM_WORDS:
        return False
    return _accident_named(toks)


def _accident_named(toks: Sequence[Token]) -> bool:
    """Does the sentence name an accidental cause and no word of intent?"""
    cause = False
    n = len(toks)
    for k, t in enumerate(toks):
        low = t.low
        nxt = toks[k + 1].low if k + 1 < n else ""
        if low in _INTENT_WORDS or (low in ("set", "sets") and nxt in ("fire", "ablaze")):
            return False
        blaze = low in ("fire", "fires") and k > 0 and toks[k - 1].low in _BLAZE_BEFORE
        gas = low == "gas" and nxt in _GAS_AFTER
        named_storm = t.text == "Storm"  # "Storm Kristin", "Tropical Storm Erin"
        cause = cause or low in _ACCIDENT_WORDS or blaze or gas or named_storm
    return cause


#: Tokens that open a sentence part: a capitalised word after one of them may
#: be capitalised for that reason alone ("“Ceasefire, they said").
_OPENERS = frozenset({"“", '"', "'", "‘", "(", "[", "-", "--", "—", ":", ";"})
#: Short words that may sit inside a name ("Bureau of Investigation",
#: "Telegraph and Telephone", "Summit of the Americas").
_NAME_GLUE = frozenset("of and & for the on against".split())


def _capitalised(t: Token) -> bool:
    w = t.text
    return len(w) > 1 and w[0].isupper() and w[1:2].islower()


def _in_name(toks: Sequence[Token], i: int) -> bool:
    """Is the capitalised word at ``i`` part of a proper name: a capitalised
    word next to it, or one across ``of/and/for`` ("Storm Kristin", "Merrill
    Lynch", "Court of Appeals", "Federal Bureau of Investigation"); the first
    word of the sentence only with a capitalised word after it? Not after an
    opening quote or bracket, nor after an abbreviation such as
    "U.S." (capitalised words there may be a headline's), nor in a sentence
    with no word of four letters or more in lower case (a title)."""
    if not _capitalised(toks[i]):
        return False
    if not any(len(t.text) > 3 and t.text.isalpha() and t.text.islower() for t in toks):
        return False  # a title: no long word in lower case
    n = len(toks)
    if i == 0:  # "Storm Kristin kills five", "Shell Oil said"
        return n > 1 and _capitalised(toks[1])
    prev = toks[i - 1]
    if prev.low in _OPENERS or prev.text.endswith("."):
        return False
    if _capitalised(prev) or (prev.text.isupper() and prev.text.isalpha()):
        return True
    if i + 1 < n and (_capitalised(toks[i + 1]) or toks[i + 1].text.isupper()):
        return True
    if i + 2 < n and toks[i + 1].low in _NAME_GLUE and _capitalised(toks[i + 2]):
        return True
    return i >= 2 and prev.low in _NAME_GLUE and _capitalised(toks[i - 2])


#: Fight words whose object may be an ill, not an enemy.
_FIGHT_WORDS = frozenset(
    """fight fights fought fighting combat combats combated combating combatted combatting
    battle battles battled battling war wage wages waged waging tackle tackles""".split()
)
#: What a state fights without arms: crime, disease, poverty, prices, fires,
#: the climate ("fight corruption", "battle the wildfires", "war on drugs").
_ABSTRACT_FOES = frozenset(
    """corruption graft bribery fraud crime crimes criminality drugs narcotics trafficking
    smuggling poverty hunger famine malnutrition inflation deflation unemployment recession
    prices climate warming emissions gases gasses greenhouse pollution deforestation
    desertification drought droughts disease diseases virus viruses pandemic epidemic outbreak
    outbreaks infection infections cancer diabetes malaria ebola cholera covid covid-19
    coronavirus hiv aids tuberculosis polio measles obesity addiction illiteracy
    misinformation disinformation racism discrimination antisemitism islamophobia xenophobia
    fire fires wildfire wildfires blaze blazes bushfire bushfires flames locusts pests
    takeover bid bids lawsuit suit tax taxes levy tariff tariffs""".split()
)
_FOE_REACH = 4
#: Armed foes that may stand beside an ill ("the war on drug cartels").
_ARMED_FOES = frozenset(
    """cartel cartels gang gangs traffickers smugglers militants militias rebels insurgents
    terrorists jihadists fighters forces troops army""".split()
)


def _abstract_foe(toks: Sequence[Token], m: VerbMatch) -> bool:
    """Is a fight word's object an ill, not an enemy: within four words after
    the trigger, in its clause, a word of :data:`_ABSTRACT_FOES` ("fight
    corruption", "the fight against climate change", "combat the Ebola
    outbreak", "battled blazes", "fight off the takeover bid")? Not when
    an armed foe is named there too ("the war on drug cartels")."""
    if toks[m.first].low not in _FIGHT_WORDS:
        return False
    ill = False
    for k in range(m.last + 1, min(len(toks), m.last + 1 + _FOE_REACH)):
        low = toks[k].low
        if low in _CLAUSE_BARRIERS:
            break
        if low in _ARMED_FOES:
            return False
        ill = ill or low in _ABSTRACT_FOES
    return ill


_APPEAL_WORDS = frozenset("appeal appeals appealed appealing".split())
#: What a court appeal is against, or where it goes.
_LEGAL_NOUNS = frozenset(
    """court courts court's ruling rulings verdict verdicts judgment judgments judgement
    judgements sentence sentences conviction convictions acquittal acquittals tribunal
    tribunals judge judges decision decisions order case cases lawsuit suit
    board""".split()
)
#: Words right before "appeal" that make it a legal one ("pending appeal",
#: "dismissed an appeal", "the court appeal").
_LEGAL_BEFORE = frozenset(
    """pending court courts lodge lodged lodges file filed files dismiss dismissed dismisses
    reject rejected rejects uphold upheld upholds lose lost won win hear heard hears
    judicial legal""".split()
)


def _legal_appeal(toks: Sequence[Token], m: VerbMatch) -> bool:
    """Is "appeal" a court appeal, not a CAMEO appeal: a legal word (court,
    ruling, verdict, sentence, decision, judge, case...) within four words
    after it in its clause ("appeal the High Court's order", "appealed a
    decision by regulators", "appeal to the Supreme Court", "appeals court"),
    or "pending / dismissed / lodged / court" up to two words before it.
    "Appealed to Iran to reverse the decision" stops at "to ... to"."""
    if toks[m.first].low not in _APPEAL_WORDS:
        return False
    if _before_in_clause(toks, m.first, 2, _LEGAL_BEFORE):
        return True
    tos = 0
    for k in range(m.first + 1, min(len(toks), m.first + 5)):
        low = toks[k].low
        if low in _CLAUSE_BARRIERS:
            return False
        if low == "to":
            tos += 1
            if tos > 1:
                return False
        elif low in _LEGAL_NOUNS:
            return True
    return False


#: Words before a participle or adjective that make it a noun's modifier.
_MODIFIED_AFTER = frozenset("a an the its their his her our these those".split())
#: Endings of such modifiers ("the proposed plan", "an explosive ending"); not
#: "-ing", whose words after a determiner are mostly nouns ("a shooting outside").
_MODIFIER_ENDINGS = ("ed", "ive")
_FUNCTION_WORDS = frozenset(
    """of in on at to for by with from and or nor but as than that which who whom whose is are
    was were be been has have had will would could may might can shall should must its their
    his her the a an this these those into onto over under against between during after before
    about outside inside near around across behind beside along through toward towards within
    without upon amid amidst following when while where if because since until unless though
    although one two three four five six seven eight nine ten dozens hundreds thousands
    also not never""".split()
)


def _modifier(toks: Sequence[Token], m: VerbMatch, verbs: VerbIndex) -> bool:
    """Is a one-word trigger in -ed or -ive a participle or adjective before its
    noun ("the proposed plan", "its protected economy", "an explosive
    ending"): a determiner before it and a lower-case content word after it
    that is no event word itself nor a verb or adverb in -ed/-ly? "alleged"
    after an article, preposition or conjunction is one before any word of a
    noun phrase ("for alleged corruption", "an alleged Iranian spy")."""
    if len(m.tokens) != 1:
        return False
    i = m.first
    low = toks[i].low
    if not low.endswith(_MODIFIER_ENDINGS) or i == 0 or i + 1 >= len(toks):
        return False
    prev = toks[i - 1]
    if low == "alleged" and (prev.low in _BEFORE_ALLEGED or prev.text.isdigit()):
        # "for alleged corruption", "into alleged war crimes", "an alleged Iranian spy":
        # an adjective of what is charged, no accusation made here
        nxt = toks[i + 1]
        return nxt.text.replace("-", "").isalpha() and nxt.low not in _FUNCTION_WORDS
    after_prep = prev.low in _PREP_BEFORE_MODIFIER and m.entry.code[:2] != "19"
    if prev.text not in (prev.low, prev.low.capitalize()) or not (
            prev.low in _MODIFIED_AFTER or after_prep):
        # (after a preposition an occupation or a siege still goes on: "withdrawal
        # from occupied southern Lebanon", "gains against besieged units")
        return False
    nxt = toks[i + 1]
    w = nxt.text
    if not (w.isalpha() and w.islower()) or w in _FUNCTION_WORDS:
        return False
    return not (w in verbs.by_anchor or w.endswith(("ed", "ly")))


#: Prepositions before a participle that make it a noun's modifier too ("for rejected
#: asylum seekers", "against banned groups", "with sanctioned banks").
_PREP_BEFORE_MODIFIER = frozenset("for to with against of on from about into among".split())
#: Words before "alleged" that make it an adjective: articles, possessives,
#: prepositions, conjunctions joining noun phrases, "citing", numbers.
_BEFORE_ALLEGED = _MODIFIED_AFTER | _PREPOSITIONS | frozenset(
    """a an this these those for into over about and or of citing following after amid
    despite including involving regarding concerning two three four five several""".split()
)


_RELEASE_WORDS = frozenset("release releases released releasing".split())
#: What is released without being freed or handed back: words, pictures, data
#: ("releases a statement", "a video is released", "figures released Thursday").
_MEDIA_NOUNS = frozenset(
    """video videos footage film films movie movies trailer trailers album albums song songs
    recording recordings audio photo photos photograph photographs picture pictures image
    images imagery statement statements letter letters report reports study studies survey
    surveys poll polls data figures statistics results findings estimate estimates forecast
    forecasts document documents text transcript transcripts memo details list manifesto
    book books version update plan plans program programme model models app software game
    guidelines guidance budget earnings accounts""".split()
)
_MEDIA_REACH = 3
#: Words between a released thing and "released" ("a video is released", "the
#: report to be released", "its newly released report").
_RELEASED_BY = frozenset("to been has have had not newly just also".split())


def _media_release(toks: Sequence[Token], m: VerbMatch) -> bool:
    """Is a "release" (084) the publication of words, pictures or data: a word
    of :data:`_MEDIA_NOUNS` within three words after it in its clause ("Hamas
    releases a video of the hostages") or right before it, across only
    be/to/adverbs ("a rare video is released", "figures released Thursday",
    "a report to be released")? "Releases the bodies of four hostages", "a
    statement on the release of the journalist" and "plans to release 51
    prisoners" stay."""
    if not m.entry.code.startswith("08") or toks[m.first].low not in _RELEASE_WORDS:
        return False
    if _after_in_clause(toks, m.first, _MEDIA_REACH, _MEDIA_NOUNS):
        return True
    if m.first > 0 and toks[m.first - 1].low == "to":
        return False  # "plans to release 51 prisoners": its object follows
    for k in range(m.first - 1, max(-1, m.first - 1 - _MEDIA_REACH), -1):
        low = toks[k].low
        if low in _MEDIA_NOUNS:
            return True
        if not (low in _BE or low in _RELEASED_BY or low.endswith("ly")):
            return False
    return False


def _compound_modifier(toks: Sequence[Token], i: int) -> bool:
    """Is the trigger at ``i`` the second half of a hyphenated modifier written
    after an abbreviation ("the U.S.-proposed ceasefire", "U.S.-backed
    forces"): a hyphen touching both it and the word before? (Only for
    one-word triggers: "U.S.-launched Tomahawk missiles strike" is an attack.)"""
    if i < 2:
        return False
    hy, before = toks[i - 1], toks[i - 2]
    return hy.text == "-" and hy.start == before.end and hy.end == toks[i].start


#: Idioms of seizing and returning that name no act ("seize the opportunity",
#: "in return for the weapons").
_SEIZE_IDIOM = frozenset("opportunity opportunities chance moment initiative day".split())


#: Words that open an indirect question ("asked why the United States had chosen to
#: attack", "asks whether Iran will respond"): the clause after them is asked about.
_QUESTION_OPENERS = frozenset("why whether how what when where who if".split())


def _idiom(toks: Sequence[Token], m: VerbMatch) -> bool:
    """Is the trigger an idiom: "seize the opportunity/chance/moment", "in
    return for", or "ask" opening a question ("asked why ...", "asked about
    ..."), which is no appeal?"""
    i = m.first
    low = toks[i].low
    n = len(toks)
    if low.startswith("ask") and len(m.tokens) == 1 and i + 1 < n:
        return toks[i + 1].low in _QUESTION_OPENERS or toks[i + 1].low == "about"
    if low.startswith("seiz") and i + 2 < n and toks[i + 1].low in ("the", "this", "that", "an"):
        return toks[i + 2].low in _SEIZE_IDIOM
    if low == "return" and 0 < i < n - 1:
        return toks[i - 1].low == "in" and toks[i + 1].low == "for"
    return False


_SUGGEST_WORDS = frozenset("suggest suggests suggested suggesting".split())
#: Subjects that suggest without proposing ("the study suggests", "data suggest").
_EVIDENCE = frozenset(
    """study studies data evidence research modeling modelling figures estimates results
    findings report reports poll polls survey surveys remarks comments signs talk movements
    revenue analysis""".split()
)
#: In what is suggested, words of a statement of fact or likelihood ("suggest
#: that Ankara is looking", "may be", "could be"), or of a proposal ("should").
_FACT_WORDS = frozenset(
    "is are was were has have had will would may might can ca can't cannot".split()
)
_PROPOSAL_WORDS = frozenset("should must be ought".split())
_SURMISE_REACH = 8


#: Subjects that strike as armed actors do ("a Russian drone strikes a building").
_STRIKERS = frozenset(
    """drone drones missile missiles rocket rockets jet jets warplane warplanes aircraft
    bomber bombers forces military army navy troops""".split()
)


def _subjectless_strike(toks: Sequence[Token], m: VerbMatch, spans: Mapping[int, int]) -> bool:
    """Is a bare "strike(s)" no verb before its object ("strikes a", "strike the")
    with an armed subject right before it: an actor ("the Israeli Air Force strikes a
    facility", "Israel strikes the port") or a weapon or force ("a Russian drone
    strikes a hotel"), in a sentence naming no accident? Else it is no attack: "an
    earthquake strikes the coast", "a bus strikes a car", "states strike an agreement"."""
    if m.slots or m.last != m.first or toks[m.first].low not in ("strike", "strikes"):
        return False
    if m.first == 0 or m.first + 1 == len(toks) or toks[m.first + 1].low not in _STRIKE_OBJECTS:
        return True
    prev = m.first - 1
    if toks[prev].low not in _STRIKERS and prev + 1 not in spans.values():
        return True
    return _accident_named(toks)  # "a boat carrying passengers strikes a rock and capsizes"


_STRIKE_OBJECTS = frozenset("a an the its two three four several multiple".split())


def _surmise(toks: Sequence[Token], m: VerbMatch) -> bool:
    """Is "suggest" (020) a surmise, not a proposal: its subject is evidence
    ("the study suggested", "data suggests") or what follows states a fact or
    a likelihood before any "should/must/be" ("analysts suggest Ankara may be
    wary", "suggesting that China is interested", "suggest the percentage
    could be double"; "could" only before be/have)? "Trump suggests deporting
    citizens", "suggested the U.S. could file a complaint", "suggested that the
    U.S. should use sanctions" stay."""
    if m.entry.code != "020" or toks[m.first].low not in _SUGGEST_WORDS:
        return False
    i = m.first
    for k in range(i - 1, max(-1, i - 3), -1):
        low = toks[k].low
        if low in _EVIDENCE:
            return True
        if not low.endswith("ly") and low not in ("also", "does", "do", "did"):
            break
    n = len(toks)
    for k in range(i + 1, min(n, i + 1 + _SURMISE_REACH)):
        low = toks[k].low
        if low in _CLAUSE_BARRIERS or low in _PROPOSAL_WORDS:
            return False
        if low in _FACT_WORDS:
            return True
        if low == "could" and k + 1 < n and toks[k + 1].low in ("be", "have"):
            return True
    return False


#: Roots a rocket launch or a rocket's blast can trigger.
_SPACE_ROOTS = frozenset({"13", "15", "18", "19"})
_LAUNCH_WORDS = ("rocket", "launch", "explod", "explosion", "blast")
#: Words of spaceflight: with one of them (and no word of intent) a rocket is
#: a launcher, not a weapon.
_SPACE_WORDS = frozenset(
    """space spacecraft spaceflight spaceport satellite satellites orbit orbits orbital
    astronaut astronauts cosmonaut cosmonauts lunar lander liftoff payload spacex starship
    nasa cosmodrome""".split()
)


def _spaceflight(toks: Sequence[Token], m: VerbMatch) -> bool:
    """Is a rocket, a launch or a blast a spaceflight: the sentence names one
    (satellite, orbit, spacecraft, SpaceX, NASA...) and no word of intent
    ("SpaceX launches a satellite via a Falcon 9 rocket", "the Starship
    explodes during a test")? Only a one-word trigger: "launch an additional
    round of strikes", "a drone attack struck the Space Communications
    Center" and "a missile carrying a satellite" stay."""
    if len(m.tokens) != 1 or not toks[m.first].low.startswith(_LAUNCH_WORDS):
        return False
    space = False
    for t in toks:
        low = t.low
        if low in _INTENT_WORDS and not low.startswith("rocket"):
            return False
        space = space or low in _SPACE_WORDS
    return space


#: What a state recognises diplomatically besides a named actor.
_RECOGNISED = frozenset(
    """state states statehood independence independent sovereignty sovereign government
    governments administration regime country countries nation nations republic region
    regions territory territories annexation president president-elect leader leaders election
    elections victory authority authorities junta council diplomatic""".split()
)
_RECOGNITION_REACH = 6


def _not_recognition(
    toks: Sequence[Token], m: VerbMatch, actor_spans: Mapping[int, int]
) -> bool:
    """Is "recognise" (054) no diplomatic recognition: no actor mention nor a
    word of :data:`_RECOGNISED` within six words after it in its clause ("we
    recognize a difficult situation", "recognise that there are limits", "in
    recognition of Women's Day"), or an adjective after an adverb ("Yemen's
    internationally recognized government", "a nationally recognized firm")?
    "Kenya recognizes Kosovo", "to recognize the Taliban government", "to
    recognize the Golan Heights" (a capitalised object) stay."""
    i = m.first
    if not toks[i].low.startswith("recogni") or len(m.tokens) > 2:
        return False
    n = len(toks)
    adjective = (
        toks[i].low in ("recognized", "recognised")
        and 0 < i < n - 1
        and toks[i - 1].low.endswith("ly")
        and toks[i + 1].text.isalpha()
        and toks[i + 1].text.islower()
    )
    if adjective:  # "its internationally recognized government"
        return toks[i + 1].low not in _DETERMINERS
    if i > 0 and toks[i - 1].low == "in" and toks[i].low == "recognition":
        return True  # "in recognition of her work"
    head = m.last + 1
    if head < n and toks[head].low in ("the", "a", "an"):
        head += 1
    if head < n and _capitalised(toks[head]):
        return False  # a name the dictionary does not know ("the Golan Heights")
    for k in range(m.last + 1, min(n, m.last + 1 + _RECOGNITION_REACH)):
        low = toks[k].low
        if low in _CLAUSE_BARRIERS or low == "that":
            break
        if k in actor_spans or low in _RECOGNISED:
            return False
    return True


#: What a state levies on goods ("tariffs on Canadian exports to the U.S.").
_LEVY_WORDS = frozenset(
    """tariff tariffs duty duties levy levies tax taxes quota quotas ban bans embargo
    restrictions curbs""".split()
)
_LEVY_REACH = 8


def _traded_goods(toks: Sequence[Token], m: VerbMatch) -> bool:
    """Is a trade trigger ("exports to", "imports from", "imported from") only the
    goods something is about: after a levy in its clause ("25% tariffs on Canadian
    exports to the U.S.", "a ban on imports from Russia") or a participle after
    its noun ("all goods imported from the U.S.")? The levy is the event."""
    if not m.entry.code.startswith("06"):
        return False
    i = m.first
    low = toks[i].low
    if not low.startswith(("export", "import")):
        return False
    if low in ("imported", "exported") and i > 0:
        prev = toks[i - 1].low
        if prev not in _BE and prev not in ("has", "have", "had") and prev.isalpha():
            return True  # "goods imported from the U.S."
    return _before_in_clause(toks, i, _LEVY_REACH, _LEVY_WORDS)


#: Modifiers that make "demand" the buyers' demand of a market ("strong demand for
#: barges", "oil demand", "weak domestic demand").
_MARKET_DEMAND_BEFORE = frozenset(
    """strong stronger strongest weak weaker weakest firm firmer slack sluggish poor brisk
    heavy heavier light domestic world global consumer export import oil energy gasoline
    fuel crude steel credit loan loans housing investor investment market seasonal rising
    falling lower higher increased increasing reduced declining growing buoyant robust total
    overall industrial physical commercial retail spot peak aggregate underlying good
    healthy solid renewed continued slower faster pent-up end-user user customer
    electricity power gas coal grain wheat corn sugar coffee cocoa cotton metal gold silver
    copper tin nickel aluminium aluminum chip chips computer car auto tourist travel
    labour labor money cash dollar dollars yen mark sterling bond bonds equity stock
    share shares""".split()
)
#: Words of a market in the clause ("demand ... pushed prices up", "supply and demand").
_MARKET_WORDS = frozenset(
    """price prices supply supplies output production sales consumption tonnes tons tonne
    barrels bpd pct percent inventories stocks stockpiles shipments imports exports market
    markets exporters importers producers buyers sellers traders dealers crop crops
    harvest capacity orders""".split()
)
#: Nouns after "meet" that make it meeting an obligation, not people ("to meet interest
#: payments", "meet the target", "meet demand").
_MEET_OBLIGATIONS = frozenset(
    """payment payments demand demands target targets obligation obligations requirement
    requirements need needs cost costs deadline deadlines criteria criterion condition
    conditions standard standards expectation expectations terms debt debts shortfall goal
    goals commitment commitments quota quotas budget bills expenses forecast forecasts
    estimate estimates projections liabilities repayments interest margin margins
    challenge challenges""".split()
)
#: Words that end the search for that noun ("met with officials on payments").
_MEET_STOPS = frozenset("with in on at to and , . ; : who which".split())
#: Words after the noun "target" that keep it a noun of goal ("target range", "target of
#: 405 mln", "target for 1987").
_TARGET_NOUN_AFTER = frozenset("of for range date zone level price figure rate growth "
                               "areas area audience market markets".split())
_TARGET_NOUN_BEFORE = frozenset(
    """a an the its their his her our this that these those every on growth inflation
    budget production output sales export exports money supply price monetary deficit
    spending revenue revenues profit earnings official annual yearly new original revised
    stated government's bank's fund's company's ambitious informal initial medium-term
    long-term short-term main key primary prime easy obvious potential likely possible
    takeover acquisition""".split()
)


def _market_sense(toks: Sequence[Token], m: VerbMatch) -> bool:
    """Is the trigger a word of markets, not of politics: "demand" as buyers' demand
    ("strong demand for barges", "supply and demand"), "meet" an obligation ("to meet
    interest payments", "meet the target"), "target" a goal ("growth targets", "on
    target", "a target of 405 mln")? "Demanded the release", "their demands", "met
    the envoy" and "Israel targets Hezbollah" stay."""
    i = m.first
    low = toks[i].low
    n = len(toks)
    prev = toks[i - 1].low if i > 0 else ""
    nxt = toks[i + 1].low if i + 1 < n else ""
    if low in ("demand", "demands") and not m.slots:
        if nxt in ("that", "to") or prev in ("their", "his", "her", "its", "our", "whose"):
            return False  # "demands that he resign", "their demands"
        if prev in _MARKET_DEMAND_BEFORE or (prev == "and" and i > 1
                                             and toks[i - 2].low in ("supply", "supplies")):
            return True
        if prev in ("the", "a", "in", "of") or nxt == "for":
            lo, hi = max(0, i - 12), min(n, i + 12)
            return any(toks[k].low in _MARKET_WORDS for k in range(lo, hi))
        return False
    if low in ("meet", "meets", "met", "meeting") and m.entry.code.startswith("04"):
        return _after_in_clause(toks, i, 4, _MEET_OBLIGATIONS, _MEET_STOPS)
    if low in ("target", "targets") and m.entry.code.startswith("19") and not m.slots:
        return prev in _TARGET_NOUN_BEFORE or nxt in _TARGET_NOUN_AFTER
    return False


def _other_sense(toks: Sequence[Token], m: VerbMatch, verbs: VerbIndex) -> bool:
    """Is the trigger used in a sense that names no political act: part of a
    proper name ("Storm Kristin", "Merrill Lynch", "Court of Appeals"), a
    fight against an ill ("fight corruption"), a court appeal ("appeal the
    ruling"), a release of words or pictures ("releases a video"), or a
    modifier of a noun ("the proposed plan")?"""
    if not m.slots and len(m.tokens) == 1 and _in_name(toks, m.first):
        return True
    if _abstract_foe(toks, m) or _legal_appeal(toks, m) or _media_release(toks, m):
        return True
    if _traded_goods(toks, m) or _market_sense(toks, m):
        return True
    if (len(m.tokens) == 1 and _compound_modifier(toks, m.first)) or _idiom(toks, m):
        return True
    return _modifier(toks, m, verbs)


#: Words that put what follows as an obligation, not a fact ("authorities should
#: declare a state of emergency", "Israel must withdraw").
_DEONTIC = frozenset({"should", "ought", "must", "shouldn't", "mustn't"})
#: Verbs of appeal or demand whose complement ("urged Russia to accept a
#: ceasefire", "called on X to release") is what is asked for, not done.
_APPEAL_VERBS = frozenset(
    """urge urges urged urging call calls called calling ask asks asked asking appeal appeals
    appealed appealing implore implores implored imploring plead pleads pleaded pleading
    pressed pressing demand demands demanded demanding request requests requested
    requesting encourage encourages encouraged encouraging""".split()
)
#: Those that are as often nouns: an appeal only with its complement right after
#: ("a request to use the bases", "demands that he resign", "a request from X to").
_APPEAL_NOUNS = frozenset("demand demands request requests appeal appeals".split())
#: Words after one of those that give it another sense ("pleaded guilty to
#: murder", "pressing ahead with its plans to seize").
_NOT_APPEAL_AFTER = frozenset("guilty innocent ahead".split())
#: Roots that are themselves the appeal or demand (coded as such, not dropped).
_APPEAL_ROOTS = frozenset({"02", "10"})
#: Words that open another clause between an appeal and the trigger.
_CLAUSE_OPENERS = frozenset(
    "after when as because since while following amid who which whose where if".split()
)
_APPEAL_REACH = 10
#: Openers of a condition: what they govern in their clause has not happened.
_CONDITIONALS = frozenset({"if", "unless"})
#: Words that may stand between a deontic modal and the act it governs
#: besides one verb ("should not be detained", "must immediately withdraw").
_AUX_BETWEEN = frozenset(
    "be been have to also not never immediately then now instead first either a an the its their"
    " his her this".split()
)


def _deontic_before(toks: Sequence[Token], k: int, first: int) -> bool:
    """Does the deontic modal at ``k`` govern the trigger at ``first``: at most
    one word between them besides auxiliaries and adverbs ("should impose
    sanctions", "must maintain sanctions"; not "must see the attacks")?"""
    between = [t.low for t in toks[k + 1 : first]]
    other = [w for w in between if w not in _AUX_BETWEEN and not w.endswith("ly")]
    return len(other) <= 1


def _unrealised(toks: Sequence[Token], m: VerbMatch) -> bool:
    """Is the act only called for? After a deontic modal governing it
    ("should declare", "must withdraw") or in the complement of an appeal
    ("urged Russia to accept a ceasefire", "called on them to free"), the act
    has not happened: CAMEO codes the appeal (02x/10x, coded on its own
    verb), not the act. Appeals and demands themselves are kept. Nor has an act
    in its clause after "if" or "unless" ("will reopen the strait if the U.S.
    lifts its blockade", "if convicted")."""
    if m.entry.code[:2] in _APPEAL_ROOTS:
        return False
    to_seen = False
    for k in range(m.first - 1, max(-1, m.first - _APPEAL_REACH - 1), -1):
        t = toks[k]
        low = t.low
        if low == "whether":
            return True  # asked about, not told: "asked whether Iran had decided to attack"
        if low in _CONDITIONALS:
            return True  # a condition: "will reopen the strait if the U.S. lifts sanctions"
        if low in _CLAUSE_BARRIERS or low in _CLAUSE_OPENERS or low in _QUESTION_OPENERS:
            return False  # "asked why the United States had chosen to attack": it did
        if low in _DEONTIC and _deontic_before(toks, k, m.first):
            return True
        if low in ("to", "that"):
            to_seen = True
        elif low in _APPEAL_VERBS and to_seen and t.text[:1].islower():
            nxt = toks[k + 1].low
            if low.startswith("call") and nxt not in ("on", "upon", "for"):
                continue  # "in a phone call to discuss", "called Putin to congratulate"
            if low in _APPEAL_NOUNS and nxt not in ("to", "that", "for", "from", "by"):
                continue  # "passenger demand linked to the blockade"
            if nxt not in _NOT_APPEAL_AFTER:
                return True
    return False


def _negated(toks: Sequence[Token], m: VerbMatch, denials: Sequence[VerbMatch]) -> bool:
    if m.entry.code == "016":
        return False
    if _before_in_clause(toks, m.first, 3, _NEGATORS):
        return True
    for den in denials:
        if den.last < m.first <= den.last + 8 and not any(
            toks[k].low in BARRIERS for k in range(den.last + 1, m.first)
        ):
            return True
    return False


#: A negated concession is a refusal to concede ("will not lift the ban",
#: "will not release the prisoners"): 08x -> 124x, longest prefix wins.
_REFUSAL_MAP = {
    "08": "124", "081": "1241", "0811": "1241", "0812": "1241", "0813": "1241",
    "0814": "1241", "082": "1242", "083": "123", "0831": "1231", "0832": "1232",
    "0833": "1233", "0834": "1234", "084": "1243", "0841": "1243", "0842": "1243",
    "085": "1244", "086": "1245", "0861": "1245", "0862": "1245", "0863": "1245",
    "087": "1246", "0871": "1246", "0872": "1246", "0873": "1246", "0874": "1246",
}  # fmt: skip


def _refusal(m: VerbMatch, d: Dictionary) -> VerbMatch | None:
    code = m.entry.code
    for n in range(len(code), 1, -1):
        new = _REFUSAL_MAP.get(code[:n])
        if new is not None and new in d.codebook:
            return replace(m, entry=replace(m.entry, code=new))
    return None


def _before_in_clause(toks: Sequence[Token], first: int, reach: int,
                      words: AbstractSet[str]) -> bool:
    """Is one of ``words`` among the ``reach`` tokens before ``first``, with no clause
    barrier between?"""
    for k in range(first - 1, max(-1, first - reach - 1), -1):
        low = toks[k].low
        if low in _CLAUSE_BARRIERS:
            return False
        if low in words:
            return True
    return False


def _after_in_clause(toks: Sequence[Token], first: int, reach: int, words: AbstractSet[str],
                     barriers: AbstractSet[str] = _CLAUSE_BARRIERS) -> bool:
    """Is one of ``words`` among the ``reach`` tokens after ``first``, with none of
    ``barriers`` between?"""
    for k in range(first + 1, min(len(toks), first + 1 + reach)):
        low = toks[k].low
        if low in barriers:
            return False
        if low in words:
            return True
    return False


def _modal(toks: Sequence[Token], m: VerbMatch) -> bool:
    return _before_in_clause(toks, m.first, 4, _MODALS)


def _modal_code(code: str, d: Dictionary) -> str:
    for n in range(len(code), 1, -1):
        new = _MODAL_MAP.get(code[:n])
        if new is not None and new in d.codebook:
            return new
    return code


_DETERMINERS = frozenset(
    """a an the its their his her our your this that these those any no of for by
    against on 's""".split()
)
_NOUN_ENDINGS = ("tion", "sion", "ment", "ance", "ence", "ity", "ism", "ure", "ade", "age")


def _nominal(toks: Sequence[Token], m: VerbMatch) -> bool:
    """Is the trigger a noun phrase ("an unlawful violation", "the airstrikes")
    rather than a clause's verb? Decided from its first word and the word(s)
    before it; errs on the side of "verb"."""
    first = toks[m.first].low
    if first.endswith(_NOUN_ENDINGS) and not first.endswith(("ed", "ing")):
        return True
    for k in range(m.first - 1, max(-1, m.first - 3), -1):
        low = toks[k].low
        if low in _DETERMINERS:
            return True
        if not (low.endswith(("al", "ful", "ive", "ous", "ic", "ent")) or low in _MODIFIER_ADJ):
            return False
    return False


_MODIFIER_ADJ = frozenset("new fresh recent major big large deadly fierce heavy".split())


def _passive(toks: Sequence[Token], m: VerbMatch) -> bool:
    idx = m.tokens
    for a, b in pairwise(idx):
        # the trigger holds the passive itself ("will be met with force")
        if toks[a].low in _BE and b == a + 1 and toks[b].low.endswith(("ed", "met", "en")):
            return True
    first = toks[m.first].low
    if not (first.endswith("ed") or first in _PARTICIPLES):
        return False
    if first in _STATIVE and not (m.last + 1 < len(toks) and toks[m.last + 1].low == "by"):
        # "Israel is opposed to ...", "is committed to ...": a state, not a passive
        return False
    k = _skip_adverbs(toks, m.first - 1)
    # "was captured and killed by Hamas", "were beaten, robbed and shot": the
    # auxiliary before the first of coordinated participles
    while (
        k >= 1
        and first not in _STATIVE
        and toks[k].low in ("and", "or", ",")
        and (toks[k - 1].low.endswith("ed") or toks[k - 1].low in _PARTICIPLES)
        and toks[k - 1].low not in _STATIVE
    ):
        k = _skip_adverbs(toks, k - 2)
    return k >= 0 and toks[k].low in _BE


_NOT_REDUCED_BEFORE = _BE | frozenset(
    "has have had having 's 've 'd it they he she we i you who which that and or ,".split()
)


def _reduced_shape(toks: Sequence[Token], m: VerbMatch) -> bool:
    """Is the trigger a lone participle with "by" right after it and no auxiliary,
    conjunction or subject pronoun right before it ("civilians kidnapped by")?"""
    if m.last + 2 >= len(toks) or toks[m.last + 1].low != "by" or m.first != m.last:
        return False
    first = toks[m.first].low
    if not (first.endswith("ed") or first in _PARTICIPLES) or first in _STATIVE:
        return False
    return m.first > 0 and toks[m.first - 1].low not in _NOT_REDUCED_BEFORE


def _reduced_passive(
    toks: Sequence[Token], groups: Sequence[list[_Mention]], m: VerbMatch
) -> tuple[bool, list[_Mention] | None]:
    """A participle after its noun with an agent "by X" right after it and no
    auxiliary ("a Thai national abducted by militants", "civilians kidnapped by
    the ELN", "athletes killed by Russian forces"): a passive whose subject is
    the noun before, an actor only when one ends right there (at most one
    word between: "Thai national"). Returns (is it one, that actor)."""
    if not _reduced_shape(toks, m):
        return False, None
    if not any(g[0][0] in (m.last + 2, m.last + 3) for g in groups):
        return False, None
    noun = next((g for g in groups if m.first - 1 <= g[0][1] <= m.first), None)
    if noun is not None and noun[0][1] < m.first:
        w = toks[noun[0][1]]
        if not (w.text.isalpha() and w.text.islower()) or w.low in _FUNCTION_WORDS:
            noun = None  # "Thai national abducted", not "Iraq in 2014 killed"
    return True, noun


def _skip_adverbs(toks: Sequence[Token], k: int) -> int:
    while k >= 0 and (toks[k].low in _SKIP_ADV or toks[k].low.endswith("ly")):
        k -= 1
    return k


def _skip_articles(toks: Sequence[Token], k: int) -> int:
    """The last token at or before ``k`` that is not an article or possessive ("the",
    "its"): -1 when there is none."""
    while k >= 0 and toks[k].low in _ARTICLES:
        k -= 1
    return k


#: Participles that after "be" usually describe a state of the subject
#: ("is opposed to", "are determined to"), not a passive event.
_STATIVE = frozenset(
    """opposed committed determined prepared concerned interested worried pleased satisfied
    disappointed alarmed convinced willing engaged involved dedicated resolved inclined
    obliged entitled poised""".split()
)


_PARTICIPLES = frozenset(
    "struck hit shot held met led sent given taken made beaten told broken brought seen "
    "thrown blown withdrawn sought won drawn frozen stolen found shown hidden cut put set".split()
)


# --- roles -------------------------------------------------------------------------


#: Up to this many tokens, :func:`_same_clause` scans them; over it, it reads the
#: sentence's barrier counts (:func:`_barrier_counts`).
_SCAN_MAX = 16
#: The last token sequence :func:`_same_clause` counted the barriers of, and the counts
#: (one tuple, replaced whole: a thread reads a matching pair or a miss).
_COUNTED: tuple[Sequence[Token], list[int]] = ((), [0])


def _barrier_counts(toks: Sequence[Token]) -> list[int]:
    """``counts[k]``: the number of clause barriers (:data:`BARRIERS`) in ``toks[:k]``,
    counted once per token sequence (the last one's are kept)."""
    global _COUNTED
    counted = _COUNTED
    if counted[0] is toks:
        return counted[1]
    counts = list(accumulate((t.low in BARRIERS for t in toks), initial=0))
    _COUNTED = (toks, counts)
    return counts


def _same_clause(toks: Sequence[Token], a: int, b: int) -> bool:
    """Is there no clause barrier in ``toks[a:b]`` (token indexes ``a`` to ``b - 1``)?
    In constant time for a long span: a subject may be far from its verb in a long
    sentence, and this is asked for every actor before every trigger."""
    if b - a <= _SCAN_MAX or a < 0 or b > len(toks):
        return not any(toks[k].low in BARRIERS for k in range(a, b))
    counts = _barrier_counts(toks)
    return counts[b] == counts[a]


def _groups(mentions: Sequence[_Mention]) -> list[list[_Mention]]:
    """Mentions grouped by span (a compound reference is one group of two)."""
    groups: list[list[_Mention]] = []
    for mt in mentions:
        if groups and groups[-1][0][0] == mt[0] and groups[-1][0][1] == mt[1]:
            groups[-1].append(mt)
        else:
            groups.append([mt])
    return groups


def _has_country(g: list[_Mention]) -> bool:
    return bool(g[0][2].country)


def _governed(toks: Sequence[Token], i: int, groups: list[list[_Mention]]) -> bool:
    """Is the noun phrase starting at token ``i`` the object of a preposition?
    "members of X", "thousands of X": X is the head's actor, unless an actor
    heads the phrase ("the Turkish and Greek sides of the island of Cyprus")."""
    k = _skip_articles(toks, i - 1)
    if k > 0 and toks[k].low == "," and any(
            g[0][0] == i and not g[0][2].sector and g[0][2].code == g[0][2].country
            for g in groups):
        k = _place_head(toks, k)  # "on Odesa, Ukraine": the country of a place
    if k > 0 and toks[k].low == "for" and toks[k - 1].low in _ENVOYS:
        return True  # "the U.N. special envoy for Syria": the envoy is the UN's
    if k < 0 or toks[k].low not in _PREPOSITIONS:
        return False
    if toks[k].low != "of":
        return True
    return any(k - 8 <= g[0][1] <= k and _same_clause(toks, g[0][1], k) for g in groups)


_ARTICLES = frozenset("the a an its their his her".split())
_PLACE_NAME_MAX = 12


def _place_head(toks: Sequence[Token], comma: int) -> int:
    """For a mention after ``comma`` that closes a list of place names ("in
    Kharkiv, Ukraine", "on Sanaa and Al Jawf Governorate, Yemen"): the index of
    the preposition before those names, else ``comma`` itself."""
    k = comma - 1
    names = 0
    while k >= 0 and comma - k <= _PLACE_NAME_MAX:
        t = toks[k]
        if t.low in _LOCATIVE or t.low in ("on", "to", "from", "into"):
            return k if names else comma
        if not (_capitalised(t) or t.low in (",", "and", "-", "of") or t.text.isupper()):
            return comma
        names += t.low not in (",", "and", "-", "of")
        k -= 1
    return comma
#: Titles whose "for X" names the brief, not the holder ("the U.N. envoy for Syria", "the
#: EU special representative for the Sahel"); "for" after other words is left alone.
_ENVOYS = frozenset(
    """envoy envoys representative representatives coordinator coordinators commissioner
    rapporteur mediator mediators""".split()
)


def _source_before(
    toks: Sequence[Token], groups: list[list[_Mention]], first: int, *, strict: bool = False
) -> list[_Mention] | None:
    """The subject before the trigger at ``first``: the nearest actor with a
    country not governed by a preposition, in the same clause (else the
    nearest actor with a country, else the nearest actor, unless ``strict``)."""
    before = [g for g in groups if g[0][1] <= first and _same_clause(toks, g[0][1], first)]
    if not before:
        return None

    def subjectish(g: list[_Mention]) -> bool:
        return _has_country(g) and not _governed(toks, g[0][0], groups)

    if strict:
        return next((g for g in reversed(before) if subjectish(g)), None)

    pick = next(
        (g for g in reversed(before) if subjectish(g)),
        next((g for g in reversed(before) if _has_country(g)), before[-1]),
    )
    # conjoined subject "X and Y <verb>", "X, Y(,) and Z <verb>"
    if len(pick) == 1:
        idx = groups.index(pick)
        if idx > 0:
            prev = groups[idx - 1]
            if (
                len(prev) == 1
                and _gap(toks, prev, pick) in (["and"], [",", "and"])
                and prev[0][2].code != pick[0][2].code
                and _has_country(prev)
            ):
                joined = [prev[0], pick[0]]
                k = idx - 1
                while k > 0 and len(joined) < _MAX_LISTED:
                    head = groups[k - 1]
                    if (len(head) != 1 or _gap(toks, head, groups[k]) not in ([","], [",", "the"])
                            or not _has_country(head)
                            or head[0][2].code in {m[2].code for m in joined}):
                        break
                    if _governed(toks, head[0][0], groups):
                        return [prev[0], pick[0]]  # "In Paris, Berlin and London, ...": places
                    joined.insert(0, head[0])
                    k -= 1
                return joined
    return pick


_CONTRAST = frozenset("but while whereas although though yet".split())
#: Words that make the stretch after a contrast no subject of its own: a shared
#: subject's auxiliaries and pronouns ("but has refused", "but it rejected", "but
#: does not plan to"), a complement ("but state that", "while trying to").
_NOT_OWN_SUBJECT = _MODALS | _BE | _NEGATORS | frozenset(
    """has have had did does do to that it he she they we i you its his her their""".split()
)
#: Openers of a subject that continues the actor's acts ("while another drone
#: strike kills", "while other attacks injure"): the same source.
_SAME_KIND = frozenset("another other one more further additional second similar".split())
_OWN_SUBJECT_MAX = 5


def _own_subject(toks: Sequence[Token], end: int, first: int) -> bool:
    """Has the verb at ``first`` a subject of its own (no actor) after a contrast
    that follows the actor ending at ``end``: "the Chinese side proposed talks, but
    the European side refused", "X has no claim, but analysts say ..."? A short
    noun phrase (up to five words, adverbs aside) with no auxiliary, pronoun,
    "to/that" or word in -ing/-ed. Not for a shared subject ("but refused", "while
    praising", "but it rejected"), nor "another / other ..." (the same kind)."""
    k = next((k for k in range(first - 1, end - 1, -1) if toks[k].low in _CONTRAST), None)
    if k is None:
        return False
    words = [t.low for t in toks[k + 1 : first]
             if t.low not in _SKIP_ADV and not t.low.endswith("ly")]
    if not words or len(words) > _OWN_SUBJECT_MAX or words[0] in _SAME_KIND:
        return False
    return not any(
        w in _NOT_OWN_SUBJECT or w.endswith(("ing", "ed")) or not w.replace("-", "").isalnum()
        for w in words
    )


def _reciprocal(toks: Sequence[Token], first: int, last: int) -> bool:
    """ "each other" / "one another" in the trigger at ``first``..``last`` ("blame each
    other") or after it in its clause ("sever relations with one another")."""
    for k in range(first, min(len(toks) - 1, last + 6)):
        if k > last and toks[k].low in _CLAUSE_BARRIERS:
            return False
        if (toks[k].low, toks[k + 1].low) in (("each", "other"), ("one", "another")):
            return True
    return False


#: Most actors of one listed subject ("Burkina Faso, Mali and Niger withdrew").
_MAX_LISTED = 5


def _gap(toks: Sequence[Token], a: list[_Mention], b: list[_Mention]) -> list[str]:
    """The words between the end of mention group ``a`` and the start of ``b``."""
    return [t.low for t in toks[a[0][1]:b[0][0]]]


def _target_after(
    toks: Sequence[Token],
    groups: list[list[_Mention]],
    first: int,
    last: int,
    exclude: set[str],
    own: set[str],
    skip: AbstractSet[int] = frozenset(),
    *,
    places: bool = False,
    venue: bool = False,
    host: bool = True,
) -> list[_Mention] | None:
    """The first actor after the trigger in its clause, other than the source
    (``exclude``: its codes) or, inside the trigger, the source's own country
    ("expressed Pakistan's readiness to work with Iran"). With ``places``
    (protests, violence), a country named as a place ("in Lima") gives way to
    a person or group after it in the same comma-free stretch ("blocked
    streets in Lima in defiance of Chilean officials", "a bomb in Kabul
    killed five civilians"). With ``venue`` (talks, meetings, signings), a country
    named as a place is where they are held: an actor after it is the other side
    ("meets in Damascus with Syria's leader"); else, with ``host``, the place is
    ("talks in Beijing": the host), never for a joint act of several sources
    ("Rwanda and Congo sign a deal in Doha": they face each other)."""
    stop = next(
        (k for k in range(last + 1, min(len(toks), last + 16)) if toks[k].low in _TARGET_STOP),
        len(toks),
    )
    place: list[_Mention] | None = None
    held: list[_Mention] | None = None
    for g in groups:
        i = g[0][0]
        if i <= first or i - last > 14 or i >= stop or not _same_clause(toks, last + 1, i):
            continue
        inside = i <= last
        if i in skip:
            continue
        if all(
            mt[2].code in exclude or (inside and not mt[2].sector and mt[2].country in own)
            for mt in g
        ):
            continue
        if not _has_country(g) and any(
            _has_country(h)
            and last < h[0][0] <= i + 8
            and not any(toks[k].low == "," for k in range(min(i, h[0][0]), max(i, h[0][0])))
            for h in groups
            if h is not g
        ):
            continue
        if place is not None and (
            not g[0][2].sector or any(toks[k].low == "," for k in range(place[0][1], i))
        ):
            return place
        if venue and i > last and len(g) == 1 and not g[0][2].sector \
                and _placed_at(toks, i, g[0][1]):
            if held is None and host and g[0][2].country not in own:
                held = g
            continue
        if (
            places
            and place is None
            and i > last
            and len(g) == 1
            and not g[0][2].sector
            and _locative_before(toks, i)
        ):
            place = g
            continue
        return g
    return place if place is not None else held


def _agent_after(
    toks: Sequence[Token], groups: list[list[_Mention]], last: int
) -> list[_Mention] | None:
    for g in groups:
        i = g[0][0]
        if not (last < i <= last + 4 and _same_clause(toks, last, i)):
            continue
        by = i - 2 if toks[i - 1].low in ("the", "a", "an") else i - 1
        if toks[by].low == "by":  # "attacked by (the) Taliban"
            return g
    return None


#: Nouns of an act whose "from X" names who acts ("nuclear threats from China",
#: "rocket strikes from Pakistan", "an ultimatum from Trump", "pressure from Washington").
_FROM_ACTS = frozenset(
    """threat threats attack attacks strike strikes airstrike airstrikes ultimatum ultimatums
    pressure aggression incursion incursions interference provocation provocations shelling
    bombardment bombardments rocket rockets missile missiles drone drones retaliation
    warning warnings invitation invitations criticism condemnation sanctions""".split()
)
#: Words before such a noun that make it a verb ("they attack from the north").
_VERB_BEFORE = frozenset(
    """to will would can could may might should must not 't they we he she it i you who
    which""".split()
)


def _from_agent(
    toks: Sequence[Token], groups: list[list[_Mention]], m: VerbMatch
) -> list[_Mention] | None:
    """The actor of "<act noun> from X" ("a growing threat from China", "missile and
    drone attacks from Iran", "an ultimatum from U.S. president Trump"): X acts; it
    is the source as an agent "by X" is. Not when the trigger opens with a verb
    ("launched drones from Yemen": a place) or the noun is a verb ("they attack
    from the north")."""
    last = m.last
    if toks[last].low not in _FROM_ACTS or last + 2 >= len(toks) or toks[last + 1].low != "from":
        return None
    if m.first != last and toks[m.first].low not in _FROM_ACTS:
        return None  # "launched missiles from Iran": from where the subject acts
    if m.first > 0 and toks[m.first - 1].low in _VERB_BEFORE:
        return None
    starts = (last + 2, last + 3) if toks[last + 2].low == "the" else (last + 2,)
    g = next((g for g in groups if g[0][0] in starts), None)
    end = g[0][1] if g is not None else 0
    if g is not None and end < len(toks) and toks[end].low in ("'", "'s", "’", "’s"):
        # "criticism from immigrants' rights groups": the possessed acts
        return next((h for h in groups if end < h[0][0] <= end + 3), None)
    return g


#: Head nouns of an attack named as a noun ("an Israeli airstrike", "a mass shooting").
_ATTACK_NOUNS = frozenset(
    """attack attacks strike strikes airstrike airstrikes raid raids shelling bombardment
    bombardments bombing bombings shooting shootings ambush ambushes assault assaults offensive
    gunfire incursion incursions barrage barrages stabbing stabbings massacre""".split()
)
#: Words between a preposition and an attacker's mention ("in multiple Israeli strikes").
_ATTACK_DETS = _ARTICLES | frozenset(
    "two three several multiple separate new fresh further renewed repeated".split()
)
#: A participle or verb that makes the subject before it victims ("are killed in").
_HARMED = frozenset("killed injured wounded hurt dead died die dies".split())
_ATTACK_MODS_MAX = 3
_HARMED_REACH = 25
#: How far before an attack phrase its harm verb may be ("are killed, including four
#: children, and 50 others are injured in ..."), and words that open another clause.
_HARMED_GAP = 12
_HARM_CLAUSE_STOP = frozenset("that which who whom whose when where while because".split())


def _attack_holder(
    toks: Sequence[Token], groups: list[list[_Mention]], head: int
) -> tuple[list[_Mention] | None, int]:
    """For an attack noun at ``head``: the actor that modifies it inside its noun
    phrase ("in an Israeli airstrike", "in a Hezbollah drone attack", "in a police
    raid"), only lower-case modifiers between, and the index of the word before the
    phrase (after its articles); (None, -1) when no actor modifies it."""
    k = head - 1
    mods = 0
    while k >= 0 and mods < _ATTACK_MODS_MAX:
        t = toks[k]
        if not (t.text[:1].islower() and (t.text.replace("-", "").isalpha() or t.low == "and")) \
                or t.low in _FUNCTION_WORDS - {"and"} or t.low in _HARMED:
            break
        k -= 1
        mods += 1
    g = next((g for g in groups if g[0][1] == k + 1), None)
    if g is None or g[0][2].sector in _VICTIM_SECTORS:
        return None, -1
    j = g[0][0] - 1
    mods = 0
    while j >= 0 and (toks[j].low in _ATTACK_DETS or toks[j].text.isdigit()
                      or (mods < _ATTACK_MODS_MAX and _lower_modifier(toks[j]))):
        # "in overnight Israeli airstrikes", "in a suspected Russian drone attack"
        mods += toks[j].low not in _ATTACK_DETS
        j -= 1
    return g, j


def _lower_modifier(t: Token) -> bool:
    """A lower-case word that may modify a noun (no function word, no harm verb)."""
    return t.text.replace("-", "").isalpha() and t.text[:1].islower() \
        and t.low not in _FUNCTION_WORDS and t.low not in _HARMED


#: Sectors that name the victims of an attack, never its holder ("a civilian convoy").
_VICTIM_SECTORS = frozenset({"CVL", "REF", "EDU", "MED", "HLH", "LAB", "AGR", "BUS", "REL"})
_IN_ATTACK = frozenset({"in", "during", "amid"})
_NOT_IN_ATTACK = (_BACKGROUND - _IN_ATTACK) | {"by", "when", "as", "while"}
#: Words before an attack phrase that govern it: its holder is no subject of the clause.
_ATTACK_GOVERNORS = _PREPOSITIONS | _BACKGROUND | _IN_ATTACK | {"for"}


def _harmed_before(toks: Sequence[Token], k: int) -> int:
    """The index of a passive or intransitive harm verb before ``k`` in its clause
    ("are killed", "were injured", "died"): its subject undergoes what follows.
    -1 when there is none."""
    stop = max(-1, k - _HARMED_GAP)
    for i in range(k - 1, stop, -1):
        low = toks[i].low
        if low in BARRIERS or low in _HARM_CLAUSE_STOP:
            return -1
        if low in _HARMED:
            if low in ("dead", "died", "die", "dies"):
                return i
            b = _skip_adverbs(toks, i - 1)
            if b >= 0 and toks[b].low in _BE:
                return i
    return -1


def _harmed_subject(
    toks: Sequence[Token], groups: list[list[_Mention]], harmed: int
) -> list[_Mention] | None:
    """The actor ending the subject of the harm verb at ``harmed``: right before its
    auxiliary ("ten Palestinian civilians are killed"; a few words between for
    "civilians, including four children, are killed"), else None."""
    k = _skip_adverbs(toks, harmed - 1)
    while k >= 0 and toks[k].low in _BE | {"have", "has", "had"}:
        k -= 1
    near = [g for g in groups if k - _SUBJECT_GAP < g[0][1] <= k + 1]
    return near[-1] if near else None


_SUBJECT_GAP = 4


def _in_attack_agent(
    toks: Sequence[Token], groups: list[list[_Mention]], last: int
) -> list[_Mention] | None:
    """The attacker of a passive harm verb named by the attack it happened in ("people
    are killed in an Israeli airstrike", "were wounded during a Russian drone attack"):
    the actor modifying the first attack noun after ``last`` in the clause, when the
    noun phrase follows in/during/amid after the trigger."""
    for h in range(last + 1, min(len(toks), last + _HARMED_REACH)):
        low = toks[h].low
        if low in BARRIERS or low in _NOT_IN_ATTACK:
            return None
        if low in _ATTACK_NOUNS:
            g, j = _attack_holder(toks, groups, h)
            if g is None:
                j = _phrase_before(toks, h)
            if j <= last or toks[j].low not in _IN_ATTACK:
                return None
            # "killed in an Israeli airstrike", "killed in drone strikes by Israel"
            return g if g is not None else _agent_after(toks, groups, h)
    return None


#: Words that open an attack noun's trigger ("drone attack", "missile strikes").
_ATTACK_OPENERS = frozenset(
    "drone drones missile missiles rocket air artillery mortar suicide".split()
)


def _attack_noun(toks: Sequence[Token], m: VerbMatch) -> bool:
    """Is the trigger an attack noun ("airstrikes", "a drone attack"), not a verb?"""
    first = toks[m.first].low
    if first in _ATTACK_NOUNS:
        return True
    last = m.last - 1 if m.last > m.first and toks[m.last].low in _PREPOSITIONS else m.last
    return first in _ATTACK_OPENERS and toks[last].low in _ATTACK_NOUNS


def _phrase_before(toks: Sequence[Token], first: int) -> int:
    """The word before the noun phrase an attack noun at ``first`` ends ("in" of "in
    a mass shooting"), over a few modifiers and the articles."""
    p = first - 1
    mods = 0
    while p >= 0 and mods < _ATTACK_MODS_MAX and toks[p].text.replace("-", "").isalpha() \
            and toks[p].low not in _FUNCTION_WORDS and toks[p].low not in _HARMED:
        p -= 1
        mods += 1
    while p >= 0 and (toks[p].low in _ATTACK_DETS or toks[p].text.isdigit()):
        p -= 1
    return p


def _attack_roles(
    toks: Sequence[Token], groups: list[list[_Mention]], first: int
) -> tuple[list[ActorMention] | None, list[_Mention] | None]:
    """Source and victims of an attack noun inside a prepositional phrase: the
    actor modifying it ("killed in an Israeli airstrike", "after a Russian drone
    attack": the holder acts, though a preposition governs it); after a harm verb
    with no such actor ("five people are injured in a stabbing") no one named
    acts, and the harmed subject undergoes the attack, it never holds it. (None,
    None) when neither applies (the subject rules decide)."""
    holder, p = _attack_holder(toks, groups, first)
    if holder is None:
        p = _phrase_before(toks, first)
    if p < 0 or toks[p].low not in _ATTACK_GOVERNORS:
        return None, None
    victims = None
    if toks[p].low in _IN_ATTACK:
        harmed = _harmed_before(toks, p)
        if harmed >= 0:
            victims = _harmed_subject(toks, groups, harmed)
            first_harm = harmed
            while victims is None and first_harm >= 0:
                # "people are killed and dozens of others are injured in": the first
                first_harm = _harmed_before(toks, first_harm)
                if first_harm >= 0:
                    victims = _harmed_subject(toks, groups, first_harm)
            if holder is None:
                # "are shot dead by gunmen in an attack": the harm's agent holds it
                holder = _agent_after(toks, groups, harmed)
            if holder is None:
                return [], victims
    if holder is None:
        return None, None
    return [mt[2] for mt in holder], victims


def _context_pair(
    toks: Sequence[Token], m: VerbMatch, groups: list[list[_Mention]], context: Sequence[str]
) -> list[ActorMention] | None:
    """'They agreed ...' with no actor before: the two latest countries."""
    pron = next(
        (
            k
            for k in range(m.first - 1, max(-1, m.first - 6), -1)
            if toks[k].low in _PLURAL_PRONOUNS
        ),
        None,
    )
    if pron is None:
        return None
    seen = list(context) + [g[0][2].country for g in groups if g[0][0] < pron and _has_country(g)]
    picked: list[str] = []
    for c in reversed(seen):
        if c and c not in picked:
            picked.append(c)
    if len(picked) < 2:
        return None
    t = toks[pron]
    return [ActorMention(t.text, t.start, t.end, c, c, "") for c in (picked[1], picked[0])]


def _domestic(a: ActorMention, other: ActorMention, lands: set[str]) -> list[ActorMention]:
    c = other.country
    if a.country or not a.sector or c not in lands:
        return [a]
    return [replace(a, code=c + a.sector, country=c)]


#: Sectors of armed or state actors: never placed by a foreign attacker's country.
_ARMED = _STATE | frozenset({"REB", "UAF", "SPY", "INS"})


def _victims(
    toks: Sequence[Token],
    t: ActorMention,
    src: ActorMention,
    groups: Sequence[list[_Mention]],
    lands: set[str],
    cities: Sequence[tuple[int, int, str]] = (),
) -> list[ActorMention]:
    """The country of a bare target of violence ("people", "civilians",
    "officers"): the attacker's own (domestic reading) only when the sentence
    names no other country or the "attacker" is itself a place ("in Gaza");
    else, for civilians, the one other country named
    as a place ("a Russian drone attack on Odesa, Ukraine, kills two people" ->
    UKRCVL), and none when no or several such places are named or the target is
    armed or a state's. ``cities`` (the sentence's: first token, end, country)
    count as named countries, and as places after in/at/on...: "a Russian drone
    attack on Odesa kills two people" -> UKRCVL."""
    here = {mt[2].country for g in groups for mt in g if mt[2].country in lands}
    here.update(c for _, _, c in cities)
    at = next(((g[0][0], g[0][1]) for g in groups if any(mt[2] is src for mt in g)), None)
    if not here - {src.country} or (at is not None and _placed_at(toks, at[0], at[1])):
        return _domestic(t, src, lands)  # no other country, or the source is the place
    places = {g[0][2].country for g in groups
              if len(g) == 1 and not g[0][2].sector and g[0][2].country in lands
              and _placed_at(toks, g[0][0], g[0][1])} - {src.country}
    places.update(c for i, _, c in cities if c != src.country and _city_placed(toks, i))
    if len(places) == 1 and t.sector not in _ARMED:
        (c,) = places
        return [replace(t, code=c + t.sector, country=c)]
    return [t]


_AT_PLACE = frozenset("in inside near at across outside on into over".split())


def _noun_modifier(toks: Sequence[Token], j: int) -> bool:
    """Does a lower-case word (a noun) follow the mention ending at ``j``, which then
    modifies it ("in a U.S. airstrike", "in a Russian drone attack"): no place?"""
    return j < len(toks) and toks[j].text.isalpha() and toks[j].text.islower() \
        and toks[j].low not in _FUNCTION_WORDS and toks[j].low not in _NOT_NOUNS


#: Lower-case words after a place that name no thing it modifies ("in Iran last June").
_NOT_NOUNS = frozenset(
    """last this next yesterday today tonight overnight earlier later recently again ago
    alone too either late early""".split()
)


def _attack_modifier(toks: Sequence[Token], j: int) -> bool:
    """Does an attack noun follow the mention ending at ``j`` ("in a Russian airstrike",
    "in Israeli drone attacks"): its holder, no place?"""
    return j < len(toks) and (toks[j].low in _ATTACK_NOUNS or toks[j].low in _ATTACK_OPENERS)


def _placed_at(toks: Sequence[Token], i: int, j: int) -> bool:
    """Is the mention at ``i``..``j`` a place: after in/at/on/near... ("in Ukraine",
    "on Kyiv, Ukraine", "in Sumy Oblast, Ukraine"), and no modifier of a noun
    after it ("in a U.S. airstrike")?"""
    if _noun_modifier(toks, j):
        return False
    k = _skip_articles(toks, i - 1)
    if k > 0 and toks[k].low == ",":
        k = _place_head(toks, k)
    return k >= 0 and toks[k].low in _AT_PLACE


#: Roots whose acts a city names the target of: force postures, reduced
#: relations, coercion, protests, assaults, fights and mass violence.
_CITY_ROOTS = frozenset({"15", "16", "17", "18", "19", "20"})
#: Words before a city that make it the object of the act's place ("shelled
#: homes in Kharkiv", "a strike on Odesa", "attacks against Sumy"); "from" is
#: where the act comes from ("drones launched from Kursk").
_CITY_PLACE = _AT_PLACE | frozenset({"against", "toward", "towards", "onto"})
#: Nouns of a place before "of" and a city: "the city of Kharkiv", "the Sumy region".
_PLACE_NOUNS = frozenset(
    """city town village port region province oblast governorate district state area
    outskirts suburbs suburb centre center""".split()
)
_CITY_REACH = 12


def _before_city(toks: Sequence[Token], i: int) -> int:
    """The token before a city at ``i`` once articles and "the city of" are skipped."""
    k = _skip_articles(toks, i - 1)
    if k > 0 and toks[k].low == "of" and toks[k - 1].low in _PLACE_NOUNS:
        k = _skip_articles(toks, k - 2)
    return k


def _city_target(
    text: str,
    toks: Sequence[Token], m: VerbMatch, cities: Sequence[tuple[int, int, str]], passive: bool
) -> ActorMention | None:
    """The city an act without another target is done to or in: the first one
    after the trigger in its clause that is its object ("shelled Kharkiv") or
    after in/on/near/at/into/against... ("a strike on Odesa", "shelled homes in
    Sumy"); for a passive, also its subject just before ("Kharkiv was shelled").
    As a mention of the city's country (no sector)."""
    stop = next(
        (k for k in range(m.last + 1, min(len(toks), m.last + _CITY_REACH + 1))
         if toks[k].low in _TARGET_STOP or toks[k].low in BARRIERS),
        len(toks),
    )
    for i, j, c in cities:
        if i <= m.last:
            if passive and m.first - 6 <= j <= m.first and _same_clause(toks, j, m.first) \
                    and not any(toks[k].low == "," for k in range(j, m.first)):
                k = _before_city(toks, i)
                if k < 0 or toks[k].low not in _PREPOSITIONS:
                    return _city_mention(text, toks, i, j, c)
            continue
        if i >= stop or i - m.last > _CITY_REACH:
            return None
        k = _before_city(toks, i)
        if k == m.last or (k >= 0 and toks[k].low in _CITY_PLACE):
            return _city_mention(text, toks, i, j, c)
    return None


def _city_placed(toks: Sequence[Token], i: int) -> bool:
    """Is the city at ``i`` a place: after in/at/on/near... ("on Odesa", "in
    the city of Sumy", "in a Kharkiv hospital": a city before a noun still
    places it)?"""
    k = _before_city(toks, i)
    return k >= 0 and toks[k].low in _AT_PLACE


def _city_at(toks: Sequence[Token], cities: Sequence[tuple[int, int, str]], at: int) -> str | None:
    """The country of the nearest city after "in/near/at" within reach after
    token ``at`` in its clause ("killed two people in Kharkiv")."""
    for i, _, c in cities:
        if at + 1 < i <= at + _LOCATION_REACH and _same_clause(toks, at, i) \
                and _locative_before(toks, i):
            return c
    return None


def _city_mention(
    text: str, toks: Sequence[Token], i: int, j: int, country: str
) -> ActorMention:
    start, end = toks[i].start, toks[j - 1].end
    return ActorMention(text[start:end], start, end, country, country, "")


def _own_possessive(
    toks: Sequence[Token], mt: _Mention, src: list[ActorMention] | None
) -> ActorMention:
    """A bare sector after its/their ("praised its military") belongs to the source."""
    i, _, a = mt
    if a.country or not a.sector or not src or not src[0].country or i == 0:
        return a
    if toks[i - 1].low not in ("its", "their", "his", "her"):
        return a
    c = src[0].country
    return replace(a, code=c + a.sector, country=c)


#: What a country holds that another violates ("a violation of its sovereignty").
_SOVEREIGN = frozenset("sovereignty territory airspace waters integrity borders".split())


def _violated_own(
    toks: Sequence[Token], m: VerbMatch, owner: list[ActorMention],
    src: list[ActorMention] | None,
) -> list[ActorMention] | None:
    """The target of a trigger ending in "its/their sovereignty|territory|airspace"
    ("a violation of its sovereignty by Iran"): the country of ``owner``, the
    subject of the verb the trigger depends on, named by the pronoun; None when
    the trigger has no such pronoun or the owner's country is the source's."""
    if toks[m.last].low not in _SOVEREIGN:
        return None
    k = m.last - 1
    while k > m.first and toks[k].text[:1].islower() and toks[k].low not in ("its", "their"):
        k -= 1  # "its territorial integrity", "its national airspace"
    c = owner[0].country
    if k <= m.first or toks[k].low not in ("its", "their") or not c \
            or (src and any(a.country == c for a in src)):
        return None
    t = toks[k]
    return [ActorMention(t.text, t.start, t.end, c, c, "")]


_LOCATIVE = frozenset("in inside near at across outside".split())
_LOCATION_REACH = 12


def _locative_before(toks: Sequence[Token], i: int) -> bool:
    """Is the mention at token ``i`` the object of a place preposition: "in
    Gaza", "near the border", "outside (of) the Iraqi city of Basra"?"""
    k = i - 1
    while k >= 0 and toks[k].low in ("the", "a"):
        k -= 1
    if k > 0 and toks[k].low == "of" and toks[k - 1].low == "outside":
        return True
    return k >= 0 and toks[k].low in _LOCATIVE


def _index_of(groups: Sequence[list[_Mention]], a: ActorMention) -> int | None:
    """Last token of the group holding mention ``a``."""
    return next((g[0][1] - 1 for g in groups if any(mt[2] is a for mt in g)), None)


def _location(
    toks: Sequence[Token], groups: Sequence[list[_Mention]], after: int, lands: set[str]
) -> str | None:
    """The country of the nearest "in/near/at <country>" after token ``after``
    in its clause: where a bare actor acts or is acted on."""
    place = _place(toks, groups, after, lands)
    return place.country if place is not None else None


def _place(
    toks: Sequence[Token], groups: Sequence[list[_Mention]], after: int, lands: set[str]
) -> ActorMention | None:
    """The mention of the nearest "in/near/at <country>" after token ``after``."""
    for g in groups:
        i = g[0][0]
        if i <= after + 1 or i > after + _LOCATION_REACH:
            continue
        if not _same_clause(toks, after, i):
            return None
        a = g[0][2]
        if len(g) == 1 and a.country in lands and not a.sector and _locative_before(toks, i) \
                and not _attack_modifier(toks, g[0][1]):
            return a
    return None


#: Roots of actions only a state takes (investigate, disapprove, reject,
#: reduce relations, coerce: arrests, bans...) and of violence.
_STATE_ACTIONS = frozenset({"09", "11", "12", "16", "17"})
#: Roots whose target is the victim, never just the place (protests, violence).
_PLACE_ROOTS = frozenset({"14", "18", "19"})
_VIOLENCE = frozenset({"18", "19", "20"})
#: Codes of acts held somewhere (talks, meetings, mediation, negotiation, signing):
#: a country named as their place is the venue, not the other side.
_VENUE_CODES = frozenset({"036", "040", "041", "044", "045", "046", "057"})


def _unnamed_source(
    toks: Sequence[Token],
    m: VerbMatch,
    groups: Sequence[list[_Mention]],
    tgt: list[ActorMention] | None,
    lands: set[str],
) -> list[ActorMention] | None:
    """The source of an agentless passive or noun event ("was arrested in
    Lebanon", "a bomb explosion in Beirut killed ..."), by the CAMEO
    convention: a state action without an agent is the state of the place
    (``LBN``); violence without a named attacker is unidentified armed forces
    of the place (``LBNUAF``), else of a non-state victim's country ("a
    minefield explosion killed two Iraqi youths": ``IRQUAF``). The source is
    the place mention, or a zero-width mention at the trigger."""
    root = m.entry.code[:2]
    if root not in _STATE_ACTIONS and root not in _VIOLENCE:
        return None
    place = _place(toks, groups, m.last, lands)
    sector = "UAF" if root in _VIOLENCE else ""
    if place is not None:
        c = place.country
        return [replace(place, code=c + sector, country=c, sector=sector)]
    if not sector or not tgt or len(tgt) != 1:
        return None
    victim = tgt[0]
    if victim.country not in lands or victim.sector in _STATE or not victim.sector:
        return None
    t = toks[m.first]
    c = victim.country
    return [ActorMention("", t.start, t.start, c + sector, c, sector)]


#: Protests, demonstrations, strikes and riots with no named target are
#: directed at the government of the protesters' country (domestic reading).
_PROTEST = "14"


def _protest_target(src: list[ActorMention], d: Dictionary, at: int) -> list[ActorMention] | None:
    """The target of "Egyptian demonstrators rioted": EGYGOV (a zero-width
    mention at the trigger), when the protesters are a placed non-state
    group (a sector such as CVL/OPP/LAB, or a plural demonym: "Iraqi Kurds")."""
    if len(src) != 1:
        return None
    a = src[0]
    if a.country not in d.actors.countries or a.sector in _STATE:
        return None
    if not a.sector:
        entries = d.actors.cased.get((a.text,), [])
        if not any(e.kind == "adjective" for e in entries):
            return None
    c = a.country
    return [ActorMention("", at, at, c + "GOV", c, "GOV")]


#: "complained to the UN over Israeli air raids": the complaint is about the
#: actor after over/about, the addressee only hears it.
_ABOUT = frozenset("over about against regarding concerning".split())


def _complaint_object(
    toks: Sequence[Token],
    groups: Sequence[list[_Mention]],
    tgt: list[ActorMention],
    lands: set[str],
) -> list[ActorMention]:
    g = next((g for g in groups if any(mt[2] is tgt[0] for mt in g)), None)
    if g is None or g[0][0] == 0 or toks[g[0][0] - 1].low != "to":
        return tgt
    end = g[0][1]
    about = next((k for k in range(end, min(len(toks), end + 4)) if toks[k].low in _ABOUT), None)
    if about is None:
        return tgt
    for h in groups:
        i = h[0][0]
        if about < i <= about + 5 and _same_clause(toks, about, i) and h[0][2].country in lands:
            return [h[0][2]]
    return tgt


_RELATIVE = frozenset({"which", "who"})


def _relative_antecedent(
    toks: Sequence[Token], groups: Sequence[list[_Mention]], first: int
) -> list[_Mention] | None:
    """The actor a non-restrictive relative clause is about: "the strikes by
    Iran, which killed ...", "Hamas, who fired ..." -> Iran / Hamas: the
    nearest actor within four words before ", which/who" (adverbs and
    auxiliaries may stand between the pronoun and the trigger)."""
    k = first - 1
    while k >= 0 and first - k <= 3 and toks[k].low not in _RELATIVE:
        if toks[k].low in _CLAUSE_BARRIERS:
            return None
        k -= 1
    if k < 1 or toks[k].low not in _RELATIVE or toks[k - 1].low != ",":
        return None
    comma = k - 1
    return next(
        (g for g in reversed(groups) if comma - 4 <= g[0][1] <= comma and _has_country(g)), None
    )


def _must_roles(
    toks: Sequence[Token], groups: Sequence[list[_Mention]], m: VerbMatch
) -> tuple[list[ActorMention], list[ActorMention]] | None:
    """Roles of "X said (that) Y must hand over ...": the demand is X's, addressed to Y
    (a trigger starting at "must", its subject Y after a reported-speech
    "that" or saying verb, the speaker before it)."""
    if toks[m.first].low != "must":
        return None
    subj = next(
        (g for g in reversed(groups) if g[0][1] <= m.first and m.first - g[0][1] <= 6), None
    )
    if subj is None or not _has_country(subj) or not _same_clause(toks, subj[0][1], m.first):
        return None
    k = _skip_articles(toks, subj[0][0] - 1)
    if k < 0 or not (toks[k].low == "that" or toks[k].low in _SAYING):
        return None
    speaker = _source_before(toks, list(groups), k, strict=True)
    if speaker is None:
        return None
    return [mt[2] for mt in speaker], [mt[2] for mt in subj]


_SAYING = frozenset("said says say stated declared insisted reiterated told added".split())


#: Verbs that attribute a quotation to its speaker ('"...," said X', '"...," he told').
_SPEECH = _SAYING | frozenset("tells adds wrote writes states declares insists".split())
#: Tokens before a straight quote that make it a closing one ('...,"' '...."').
_QUOTE_END_PUNCT = frozenset({",", ".", "?", "!", "…"})
_SPEAKER_MAX = 8
#: Saying verbs that may come before their subject ('"...," said X'; not 'told X').
_INVERTED_SPEECH = frozenset("said says adds added wrote writes".split())


def _closing_quote(toks: Sequence[Token], k: int) -> bool:
    t = toks[k].text
    if t in ("”", "''"):
        return True
    return t == '"' and k > 0 and toks[k - 1].text in _QUOTE_END_PUNCT


def _quote_speaker(
    toks: Sequence[Token], groups: Sequence[list[_Mention]], m: VerbMatch
) -> tuple[list[_Mention] | None, bool] | None:
    """The speaker of a one-word saying verb right after a closing quotation
    mark ('"...," said Samore', '"...," he said', '"...," Rubio told
    reporters'): an actor between the quote and the verb, else one just after
    the verb before any comma (inverted: 'said Turkish adviser X'), else none
    (a person the dictionary does not know): never an actor named inside the
    quote. None if the verb follows no closing quote; the flag tells an
    inverted speaker."""
    if m.first != m.last or toks[m.first].low not in _SPEECH:
        return None
    k = m.first - 1
    while k >= 0 and m.first - k <= _SPEAKER_MAX and not _closing_quote(toks, k):
        if toks[k].low in _CLAUSE_BARRIERS or toks[k].text in ('"', "“", "”"):
            return None
        k -= 1
    if k < 0 or not _closing_quote(toks, k):
        return None
    between = [g for g in groups if k < g[0][0] and g[0][1] <= m.first]
    if between:
        # "the U.S. Mission to the United Nations said": not the object of a preposition
        heads = [g for g in between if not _governed(toks, g[0][0], list(groups))]
        return (heads or between)[-1], False
    if toks[m.first].low not in _INVERTED_SPEECH:
        return None, False
    for g in groups:
        i = g[0][0]
        if (
            m.last < i <= m.last + 4
            and not any(toks[j].low in _CLAUSE_BARRIERS for j in range(m.last + 1, i))
            and not _governed(toks, i, list(groups))
        ):
            return g, True
    return None, False


#: Saying verbs that may follow what is said after a comma, before their subject
#: ("..., said Ralf Matthaes, founder of ...", "..., warned a senior fellow at ...").
_INVERTED_AFTER_COMMA = _INVERTED_SPEECH | frozenset(
    "warned warns noted notes explained explains argued argues stressed stresses".split()
)
#: Words of a clause: after the verb they make what follows what is said
#: ("said Kabul was failing"), not its speaker.
_CLAUSE_WORDS = _BE | frozenset(
    """has have had will would can could should must may might shall did does do that if
    whether it he she they we i you 's""".split()
)
_INVERTED_SPEAKER_MAX = 8
#: Lower-case words that may open a speaker after the verb ("..., said a spokesman").
_SPEAKER_OPENERS = frozenset("a an the some one another several many two three".split())
_APPOSITION_OPENERS = frozenset("a an the who which whose".split())


def _inverted_speaker(
    toks: Sequence[Token], groups: Sequence[list[_Mention]], m: VerbMatch
) -> tuple[list[_Mention] | None, bool] | None:
    """The speaker of a saying verb after a comma, followed by its subject and
    then a comma or the end ("..., as cosmetic surgery draws South Koreans, said
    Ralf Matthaes, founder of ..."): an actor in that subject that no
    preposition governs, else none (a person the dictionary does not know);
    never an actor of what was said before the comma. None if the words after
    the verb read as a clause ("said Kabul was failing", "said one should"), or
    those before the comma as an apposition of the subject ("Pakistan, in turn,
    said", "X, a senior fellow at Y, warned")."""
    i = m.first
    if m.first != m.last or i == 0 or toks[i].low not in _INVERTED_AFTER_COMMA:
        return None
    if toks[i - 1].low != "," or i + 1 >= len(toks):
        return None
    nxt = toks[i + 1]
    if not (nxt.text[:1].isupper() or nxt.low in _SPEAKER_OPENERS):
        return None  # "X, in turn, warned against ...": no subject after the verb
    # before the comma: a clause, not an apposition ("Pakistan, in turn, said",
    # "Matthaes, a Vietnam dweller of 25 years, warned")
    p = next((k for k in range(i - 2, -1, -1) if toks[k].low == ","), -1)
    stretch = i - 1 - (p + 1)
    if stretch <= 4 or (p >= 0 and toks[p + 1].low in _APPOSITION_OPENERS):
        return None
    n = len(toks)
    end = i + 1
    while end < n and toks[end].low != "," and toks[end].low not in BARRIERS:
        if toks[end].low in _CLAUSE_WORDS or end - i > _INVERTED_SPEAKER_MAX:
            return None
        end += 1
    if end == i + 1:
        return None
    heads = [g for g in groups if i < g[0][0] < end and not _governed(toks, g[0][0], list(groups))]
    return (heads[0] if heads else None), True


def _coordinated(
    toks: Sequence[Token],
    groups: Sequence[list[_Mention]],
    g: list[_Mention],
    src: list[ActorMention] | None,
) -> list[ActorMention]:
    """A second object coordinated with the target: "attacked Pakistan and
    Iraq" -> [Iraq] (one event per target). Both must be the same kind of
    actor (countries, or both with a sector) and differ from the source."""
    end = g[0][1]
    if end + 1 >= len(toks) or toks[end].low != "and":
        return []
    h = next((h for h in groups if h[0][0] == end + 1), None)
    if h is None or len(h) != 1:
        return []
    a, b = g[0][2], h[0][2]
    if not b.country or not a.country or bool(a.sector) != bool(b.sector) or a.code == b.code:
        return []
    if src and any(x.code == b.code for x in src):
        return []
    return [b]


def _only_articles(toks: Sequence[Token], a: int, b: int) -> bool:
    return all(toks[j].low in _ARTICLES for j in range(a, b))


#: Roots of acts two sides do together (talks, cooperation, aid, a truce or a
#: swap, fighting); not one side's act on the other ('halts flights between').
_MUTUAL_ROOTS = frozenset({"03", "04", "05", "06", "07", "08", "19"})
#: Roots a joined subject does with one another when no one else is named ("Japan, China
#: and South Korea meet in Tokyo", "X and Y clashed"): pairs of every two of them (and
#: de-escalations and ceasefires, 087x, or any act "with each other").
_JOINT_ROOTS = frozenset({"03", "04", "05", "06", "19"})
#: The same for two joined sources, which more often act on each other ("Russia and
#: Ukraine exchange prisoners", "Belgium and Rwanda severed ties").
_PAIR_ROOTS = _MUTUAL_ROOTS | {"16"}
#: Entries of other roots that two sides do together ("Israel and Lebanon failed to
#: reach agreement", "talks collapsed").
_JOINT_ENTRIES = frozenset({"reject_fail_agree"})


#: Roots whose noun a possessor does, not undergoes ("Russia's invasion",
#: "China's build-up", "Iran's demand"; not "Maduro's arrest", "Kirk's killing").
_AGENT_POSSESSOR_ROOTS = frozenset(
    {"01", "02", "03", "04", "05", "06", "10", "11", "12", "13", "14", "15", "16", "19"}
)
_POSSESSIVE = frozenset({"'s", "’s"})


def _possessor(
    toks: Sequence[Token], groups: Sequence[list[_Mention]], first: int
) -> list[_Mention] | None:
    """The actor whose 's stands right before a noun trigger, with at most two
    lowercase modifiers between ("China's military build-up")."""
    k = first - 1
    while k >= 0 and first - k <= 3 and toks[k].low not in _POSSESSIVE:
        t = toks[k].text
        if not t[:1].islower() or not t.replace("-", "").isalpha():
            return None
        k -= 1
    if k < 1 or toks[k].low not in _POSSESSIVE:
        return None
    g = next((g for g in groups if g[0][1] == k), None)
    return g if g is not None and _has_country(g) else None


def _between_pair(
    toks: Sequence[Token], groups: Sequence[list[_Mention]], m: VerbMatch
) -> list[ActorMention] | None:
    """The two sides of "talks/a ceasefire/clashes between X and Y": two
    actors of different codes, each one mention with a country, joined by
    "and" right after "between" (ending the trigger or right after it)."""
    k = m.last if toks[m.last].low == "between" else m.last + 1
    if k >= len(toks) or toks[k].low != "between":
        return None
    g = next((g for g in groups if g[0][0] in (k + 1, k + 2)), None)
    if g is None or len(g) != 1 or not _only_articles(toks, k + 1, g[0][0]):
        return None
    end = g[0][1]
    if end + 1 >= len(toks) or toks[end].low != "and":
        return None
    h = next((h for h in groups if h[0][0] in (end + 1, end + 2)), None)
    if h is None or len(h) != 1 or not _only_articles(toks, end + 1, h[0][0]):
        return None
    a, b = g[0][2], h[0][2]
    if not a.country or not b.country or a.code == b.code:
        return None
    return [a, b]


_ATTEMPT = frozenset("attempt attempts aggression attack attacks move moves violation".split())


def _threat_roles(
    toks: Sequence[Token],
    m: VerbMatch,
    groups: list[list[_Mention]],
    context: Sequence[str],
    d: Dictionary,
) -> tuple[list[ActorMention] | None, list[ActorMention] | None]:
    """Roles of an agentless passive threat. Source: an actor that states it
    (subject of a reporting clause: "Pakistan warned that ..."), else the
    latest country of the article context (the speaker), given as a
    zero-width mention at the trigger. Target: "attempt by X" before the
    trigger, else none."""
    tgt: list[ActorMention] | None = None
    src: list[ActorMention] | None = None
    for k in range(m.first - 1, -1, -1):
        low = toks[k].low
        if low in BARRIERS:
            break
        if low in _ATTEMPT and k + 2 < m.first and toks[k + 1].low == "by":
            g = next((g for g in groups if g[0][0] == k + 2), None)
            if g is not None:
                tgt = [mt[2] for mt in g]
        if low == "that" and src is None:
            before = _source_before(toks, groups, k, strict=True)
            if before is not None:
                src = [mt[2] for mt in before]
    if src is None and context:
        c = context[-1]
        t = toks[m.first]
        src = [ActorMention("", t.start, t.start, c, c, "")]
    return src, tgt


def _events_for(
    text: str,
    toks: Sequence[Token],
    m: VerbMatch,
    mentions: Sequence[_Mention],
    d: Dictionary,
    context: Sequence[str],
    inherited: list[ActorMention] | None = None,
    verbal_src: list[ActorMention] | None = None,
    *,
    roles: _Roles = _Roles(),
    cities: _Cities | None = None,
) -> list[CodedEvent]:
    groups = _groups(mentions)
    tgt_groups = groups
    if roles.target_only:
        groups = [g for g in groups if g[0][0] not in roles.target_only]
    src: list[ActorMention] | None = None
    if inherited and m.first > 0 and toks[m.first - 1].low == "and":
        src = list(inherited)
    tgt: list[ActorMention] | None = None
    for role, i, _ in m.slots:
        g = next((g for g in tgt_groups if g[0][0] == i), None)
        if g is not None:
            if role == "SRC":
                src = [mt[2] for mt in g]
            else:
                tgt = [mt[2] for mt in g]
    quoted = None
    if not m.slots:
        quoted = _quote_speaker(toks, tgt_groups, m) or _inverted_speaker(toks, tgt_groups, m)
    if quoted is not None:
        # '"... the U.S. ...," said Samore': the speaker, not an actor quoted
        speaker, inverted = quoted
        src = [mt[2] for mt in speaker] if speaker else []
        if inverted:
            tgt = []
    nominal = _nominal(toks, m)
    passive = not nominal and _passive(toks, m)
    if not passive and not nominal and not m.slots and not quoted:
        passive, noun = _reduced_passive(toks, tgt_groups, m)
        if passive and tgt is None:
            tgt = [mt[2] for mt in noun] if noun is not None else []
    # "rejected calls by Belarus", "is investigating crimes by X": the
    # by-phrase of an active verb is no agent (it belongs to its object)
    agent = _agent_after(toks, groups, m.last) if passive or nominal else None
    victims: list[_Mention] | None = None
    if agent is None and src is None and not m.slots and not quoted \
            and m.entry.code[:2] in _VIOLENCE:
        if passive:
            # "are killed in an Israeli airstrike": the strike's holder kills
            agent = _in_attack_agent(toks, groups, m.last)
        elif _attack_noun(toks, m):
            agent = _agent_after(toks, groups, m.last)  # "drone strikes by Israel"
            if agent is None:
                src, victims = _attack_roles(toks, groups, m.first)
            nominal = nominal or src is not None or agent is not None
    # "nuclear threats from China": the act is X's, the subject before receives it
    received = agent is None and not m.slots and not quoted
    if received:
        agent = _from_agent(toks, groups, m)
        received = agent is not None
    if src is None and nominal and agent is None and m.entry.code[:2] in _AGENT_POSSESSOR_ROOTS:
        # "China's military build-up", "Russia's full-scale invasion": the possessor acts
        owner = _possessor(toks, groups, m.first)
        if owner is not None:
            src = [mt[2] for mt in owner]
    if src is None and nominal and agent is None:
        # a noun event takes the source of the verb it depends on ("X started
        # a hunger strike"), else a subject that no preposition governs
        # ("lauded the response by the army against an unlawful violation")
        if verbal_src:
            src = list(verbal_src)
        else:
            before = _source_before(toks, groups, m.first, strict=True)
            src = [mt[2] for mt in before] if before is not None else []
    if src is None:
        if agent is not None:
            src = [mt[2] for mt in agent]
            if received and len(agent) == 1:
                src += _coordinated(toks, groups, agent, None)  # "from China and Russia"
            if tgt is None:
                before = _source_before(toks, groups, m.first)
                if (passive or received) and before is not None:
                    tgt = [mt[2] for mt in before]
        elif passive:
            before = _source_before(toks, groups, m.first)
            if tgt is None and before is not None:
                tgt = [mt[2] for mt in before]
        else:
            before = _source_before(toks, groups, m.first)
            if before is not None and _own_subject(toks, before[-1][1], m.first):
                before = None  # "the Chinese side proposed X, but the European side refused"
            if before is not None:
                src = [mt[2] for mt in before]
            else:
                src = _context_pair(toks, m, groups, context)
    relative = _relative_antecedent(toks, groups, m.first)
    if relative is not None and not passive and agent is None and not m.slots and not quoted:
        # "the strikes by Iran, which killed two children": the antecedent acts
        src = [mt[2] for mt in relative]
    must = _must_roles(toks, groups, m) if m.entry.code[:2] == "10" else None
    if must is not None:
        src, tgt = must
    if passive and agent is None and m.entry.code[:2] == "13":
        # "any attempt (by X) ... will be met with full force": the speaker
        # threatens; the would-be attacker, when named, is the target
        src, tgt = _threat_roles(toks, m, groups, context, d)
    if tgt is None and verbal_src and not m.slots:
        # "which praised its military for responding to a violation of its
        # sovereignty by Iran": the pronoun's country, the verb's subject, suffers it
        tgt = _violated_own(toks, m, verbal_src, src)
    if tgt is None and not passive:
        # the source's own mention, and its code unless the domestic reading
        # gave it ("leaders ... forgive Nigerian President X": both NGAGOV)
        starts = {mt[0] for g in groups for mt in g if src and mt[2] in src}
        exclude = {a.code for a in src} if src and not starts & roles.placed else set()
        own = {a.country for a in src if a.country} if src else set()
        after = _target_after(
            toks,
            tgt_groups,
            m.first,
            m.last,
            exclude,
            own,
            starts,
            places=m.entry.code[:2] in _PLACE_ROOTS,
            venue=m.entry.code in _VENUE_CODES,
            # a joint act of several sources faces them, not its host
            host=not (src and len(src) >= 2),
        )
        if after is not None and (agent is None or after[0][2] is not agent[0][2]):
            tgt = [_own_possessive(toks, mt, src) for mt in after]
            if len(after) == 1 and src:
                tgt += _coordinated(toks, tgt_groups, after, src)
    if tgt is None and victims is not None:
        tgt = [mt[2] for mt in victims]  # "people are killed in a shooting": they undergo it
    if not src and m.entry.code[:2] in _MUTUAL_ROOTS:
        # "talks between Israel and Lebanon" with no one holding them: the pair
        pair = _between_pair(toks, tgt_groups, m)
        if pair is not None:
            src, tgt = pair, None
    if not src and tgt and len(tgt) == 2:
        src, tgt = tgt, None
    if tgt and len(tgt) == 1 and m.entry.code[:2] == "11":
        tgt = _complaint_object(toks, tgt_groups, tgt, d.actors.countries)
    lands = d.actors.countries
    # the cities of the sentence, read only by violent or coercive acts
    town = cities if cities is not None and m.entry.code[:2] in _CITY_ROOTS else None
    by_city = False  # a bare target placed by a city (it lends no country to a source)
    if tgt and len(tgt) == 1 and not tgt[0].country and tgt[0].sector:
        # "killed 23 people ... in Tel Aviv": a bare target is where it happened
        at = _index_of(tgt_groups, tgt[0])
        place = _location(toks, tgt_groups, at, lands) if at is not None else None
        if not place and at is not None and town is not None:
            place = _city_at(toks, town.get(), at)  # "killed two people in Kharkiv"
            by_city = place is not None
        if place:
            tgt = [replace(tgt[0], code=place + tgt[0].sector, country=place)]
    if src and len(src) == 1 and not src[0].country and src[0].sector:
        place = _location(toks, tgt_groups, m.last, lands)
        if place:
            src = [replace(src[0], code=place + src[0].sector, country=place)]
    if src and tgt and len(src) == 1 and len(tgt) == 1:
        # an unplaced sector facing a placed actor is read as domestic:
        # "the Sudanese government accused rebels" -> SDNREB
        # a title naming an unknown person ("President X welcomed the Saudi
        # King") is not read as domestic: better unplaced than wrong; unless
        # the other side is a possessive ("Minister X defended Iran's position")
        s0, t0 = src[0], tgt[0]
        if not by_city and (s0.start not in roles.named or _possessive_at(text, t0)):
            src = _domestic(s0, t0, lands)
        if m.entry.code[:2] in _VIOLENCE and not t0.country and t0.sector:
            tgt = _victims(toks, t0, s0, tgt_groups, lands, town.get() if town else ())
        elif t0.start not in roles.named or _possessive_at(text, s0):
            tgt = _domestic(t0, s0, lands)
    if not src and agent is None and (passive or nominal):
        # (victims placed by a city lend no unidentified attacker: "three people are
        # killed in Israeli airstrikes near Sidon" is no LBNUAF act)
        src = _unnamed_source(toks, m, tgt_groups, None if by_city else tgt, lands) or src
        if not src and victims is not None:
            # "civilians are killed in an attack on a post": no one named, the victims' land
            src = _unnamed_source(toks, m, tgt_groups, [mt[2] for mt in victims], lands) or src
    if src and not tgt and m.entry.code[:2] == _PROTEST:
        tgt = _protest_target(src, d, toks[m.first].start)
    unplaced = tgt is not None and len(tgt) == 1 and not tgt[0].country
    if (not tgt or unplaced) and not quoted and town is not None and town.get():
        # "Russian forces shelled Kharkiv": the city's country is the target,
        # unless it is the source's own (a domestic act or an occupied city);
        # before a bare target no place was found for ("attacked Belgorod,
        # killing two people": the city is the object)
        city = _city_target(text, toks, m, town.get(), passive)
        if city is not None and not (src and any(a.country == city.country for a in src)) \
                and (not tgt or city.start < tgt[0].start):
            tgt = [city]

    if src and tgt:
        # a mention is never both sides of one act ("a state of emergency is declared
        # in Slovakia", "Iran ... launches retaliatory attacks against those countries")
        mine = {(a.start, a.end, a.code) for a in src}
        tgt = [a for a in tgt if (a.start, a.end, a.code) not in mine] or None

    code = m.entry.code
    if _modal(toks, m):
        code = _modal_code(code, d)
    entry = d.codebook[code]
    start = toks[m.first].start
    end = toks[m.last].end

    def make(a1: ActorMention | None, a2: ActorMention | None) -> CodedEvent:
        return CodedEvent(
            trigger=text[start:end],
            trigger_start=start,
            trigger_end=end,
            cameo_code=code,
            event_name=entry.name,
            quad_class=entry.quad_class,
            goldstein=entry.goldstein,
            direction=direction_for(code),
            entry_id=m.entry.id,
            actor1=a1,
            actor2=a2,
        )

    if src and len(src) >= 2:
        # a target of one of the sources' own countries ("the two countries discussed it
        # in a call between their foreign ministers") is not a third party
        if tgt and tgt[0].code not in {a.code for a in src} \
                and (not tgt[0].country or tgt[0].country not in {a.country for a in src}):
            return [make(a, tgt[0]) for a in src]
        mutual = _PAIR_ROOTS if len(src) == 2 else _JOINT_ROOTS
        if (code[:2] in mutual or code[:3] == "087" or m.entry.id in _JOINT_ENTRIES
                or _reciprocal(toks, m.first, m.last)):
            return [make(a, b) for i, a in enumerate(src) for j, b in enumerate(src) if i != j]
        # sources of a one-sided act with no target ("the UK, France and Germany
        # threatened sanctions", "Canada and Belgium banned imports"): each acts, none on
        # the others
        return [make(a, None) for a in src]
    a1 = src[0] if src else None
    if tgt and len(tgt) >= 2 and a1 is not None:
        # one source, a compound target ("urged both countries"): one event each
        return [make(a1, t) for t in tgt[:2] if t.code != a1.code] or [make(a1, None)]
    return [make(a1, tgt[0] if tgt else None)]
