"""Loading, validating and merging the coder's dictionaries.

A :class:`Dictionary` bundles the CAMEO codebook, the compiled actor lexicon
and the compiled verb patterns. The package's own files
(``analysis/data/actors.yaml``, ``analysis/data/verbs.yaml``) are always
loaded first; analyst YAML files given to :func:`load_dictionary` are merged
on top, in order. An analyst file may hold actor sections (``countries``,
``seats``, ``organisations``, ``groups``, ``sectors``, ``leaders``, ``places``, ``cities``; see the
top of ``actors.yaml``) and/or verb sections (``entries``, ``irregular``; see
the top of ``verbs.yaml``).

Merging rules: actor phrases from later files override the same phrase from
earlier ones; a verb entry whose ``id`` already exists replaces the earlier
entry (so analysts can redefine a package entry); inside one file ids must be
unique. Every problem raises :class:`~analysis.errors.DictionaryError` naming
the file, the line and the problem.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from analysis.actors import SECTORS, ActorLexicon
from analysis.codebook import CodebookEntry, default_codebook
from analysis.errors import DictionaryError
from analysis.verbs import CompiledPattern, PatternError, VerbEntry, VerbIndex, compile_pattern

__all__ = [
    "ACTOR_SECTIONS",
    "ORGANISATION_KINDS",
    "VERB_SECTIONS",
    "Dictionary",
    "default_dictionary",
    "load_dictionary",
    "parse_dictionary_text",
    "validate_dictionary_file",
]

#: kinds of organisation: intergovernmental (CAMEO code as is) or non-governmental (NGO + code)
ORGANISATION_KINDS = ("IGO", "NGO")
ACTOR_SECTIONS = (
    "countries", "seats", "organisations", "groups", "sectors", "leaders", "places", "cities"
)
VERB_SECTIONS = ("entries", "irregular")
_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_CODE_RE = re.compile(r"^[A-Z][A-Z0-9]{1,8}$")
_COUNTRY_RE = re.compile(r"^[A-Z]{3}$")
_ENTRY_KEYS = frozenset({"id", "code", "patterns", "alone"})
_LEADER_KEYS = frozenset({"name", "aliases", "code", "from", "to"})
_COUNTRY_KEYS = frozenset({"names", "adjectives", "capitals"})


@dataclass(frozen=True)
class Dictionary:
    """Everything the coder needs: codebook, actor lexicon, verb index, and
    the files they came from (package files first)."""

    codebook: Mapping[str, CodebookEntry]
    actors: ActorLexicon
    verbs: VerbIndex
    files: tuple[str, ...]


# --- YAML with line numbers -----------------------------------------------


class _LineDict(dict[Any, Any]):
    line: int = 0
    keylines: dict[Any, int]


class _LineList(list[Any]):
    line: int = 0
    lines: list[int]


#: libyaml's parser when PyYAML was built with it (~10x faster on the package's
#: dictionaries, the same nodes and line marks), else the pure-Python one
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    pass


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> Iterator[_LineDict]:
    d = _LineDict()
    d.line = node.start_mark.line + 1
    d.keylines = {}
    yield d
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise DictionaryError(
                loader.name, "unhashable mapping key", line=key_node.start_mark.line + 1
            ) from None
        if key in d:
            raise DictionaryError(
                loader.name, f"duplicate key {key!r}", line=key_node.start_mark.line + 1
            )
        d[key] = loader.construct_object(value_node, deep=True)
        d.keylines[key] = key_node.start_mark.line + 1


def _construct_seq(loader: _Loader, node: yaml.SequenceNode) -> Iterator[_LineList]:
    lst = _LineList()
    lst.line = node.start_mark.line + 1
    lst.lines = []
    yield lst
    for item in node.value:
        lst.append(loader.construct_object(item, deep=True))
        lst.lines.append(item.start_mark.line + 1)


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


def _load_yaml(text: str, path: str) -> _LineDict:
    loader = _Loader(text)
    loader.name = path
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise DictionaryError(path, f"YAML syntax error: {exc.problem}", line=line) from exc
    except yaml.YAMLError as exc:
        raise DictionaryError(path, f"YAML error: {exc}") from exc
    finally:
        loader.dispose()
    if data is None:
        raise DictionaryError(path, "file is empty")
    if not isinstance(data, _LineDict):
        raise DictionaryError(path, "top level must be a mapping of sections", line=1)
    return data


# --- validation ----------------------------------------------------------------


def _line(container: object, key: object, default: int) -> int:
    if isinstance(container, _LineDict):
        return container.keylines.get(key, container.line)
    if isinstance(container, _LineList) and isinstance(key, int) and key < len(container.lines):
        return container.lines[key]
    return default


def _check_str_list(value: object, path: str, line: int, what: str) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DictionaryError(path, f"{what} must be a list of non-empty strings", line=line)


def _check_actor_code(code: object, path: str, line: int) -> None:
    if not isinstance(code, str) or not _CODE_RE.match(code):
        raise DictionaryError(path, f"bad actor code {code!r}", line=line)


def _validate_actors(data: _LineDict, path: str) -> None:
    countries = data.get("countries")
    if countries is not None:
        if not isinstance(countries, Mapping):
            raise DictionaryError(
                path, "countries must be a mapping", line=_line(data, "countries", 1)
            )
        for code, spec in countries.items():
            ln = _line(countries, code, 1)
            if not isinstance(code, str) or not _COUNTRY_RE.match(code):
                raise DictionaryError(
                    path, f"country code {code!r} must be 3 capital letters", line=ln
                )
            if not isinstance(spec, Mapping):
                raise DictionaryError(path, f"country {code}: expected a mapping", line=ln)
            unknown = set(spec) - _COUNTRY_KEYS
            if unknown:
                raise DictionaryError(
                    path, f"country {code}: unknown field(s) {sorted(unknown)}", line=ln
                )
            if not any(spec.get(k) for k in _COUNTRY_KEYS):
                raise DictionaryError(
                    path, f"country {code}: needs names, adjectives or capitals", line=ln
                )
            for k in _COUNTRY_KEYS:
                if k in spec:
                    _check_str_list(spec[k], path, ln, f"country {code}: {k}")
    for section in ("seats", "groups"):
        table = data.get(section)
        if table is None:
            continue
        if not isinstance(table, Mapping):
            raise DictionaryError(
                path, f"{section} must be a mapping phrase: CODE", line=_line(data, section, 1)
            )
        for phrase, code in table.items():
            ln = _line(table, phrase, 1)
            if not isinstance(phrase, str) or not phrase.strip():
                raise DictionaryError(path, f"{section}: bad phrase {phrase!r}", line=ln)
            _check_actor_code(code, path, ln)
    places = data.get("places")
    if places is not None:
        _check_str_list(places, path, _line(data, "places", 1), "places")
    _validate_cities(data, path)
    orgs = data.get("organisations")
    if orgs is not None:
        if not isinstance(orgs, Mapping):
            raise DictionaryError(
                path, "organisations must be a mapping", line=_line(data, "organisations", 1)
            )
        for code, spec in orgs.items():
            ln = _line(orgs, code, 1)
            _check_actor_code(code, path, ln)
            if not isinstance(spec, Mapping) or "names" not in spec:
                raise DictionaryError(path, f"organisation {code}: missing field 'names'", line=ln)
            _check_str_list(spec["names"], path, ln, f"organisation {code}: names")
            kind = spec.get("kind", "IGO")
            if not isinstance(kind, str) or kind.upper() not in ORGANISATION_KINDS:
                raise DictionaryError(
                    path, f"organisation {code}: kind {kind!r} is not one of "
                    f"{', '.join(ORGANISATION_KINDS)}", line=ln)
    sectors = data.get("sectors")
    if sectors is not None:
        if not isinstance(sectors, Mapping):
            raise DictionaryError(path, "sectors must be a mapping", line=_line(data, "sectors", 1))
        for sector, words in sectors.items():
            ln = _line(sectors, sector, 1)
            if sector not in SECTORS:
                raise DictionaryError(
                    path, f"unknown sector {sector!r} (known: {sorted(SECTORS)})", line=ln
                )
            _check_str_list(words, path, ln, f"sector {sector}")
    leaders = data.get("leaders")
    if leaders is not None:
        if not isinstance(leaders, list):
            raise DictionaryError(path, "leaders must be a list", line=_line(data, "leaders", 1))
        for n, spec in enumerate(leaders):
            ln = _line(leaders, n, 1)
            if not isinstance(spec, Mapping):
                raise DictionaryError(path, "leader: expected a mapping", line=ln)
            unknown = set(spec) - _LEADER_KEYS
            if unknown:
                raise DictionaryError(path, f"leader: unknown field(s) {sorted(unknown)}", line=ln)
            for k in ("name", "code", "from"):
                if k not in spec:
                    raise DictionaryError(path, f"leader: missing field {k!r}", line=ln)
            if not isinstance(spec["name"], str):
                raise DictionaryError(path, "leader: name must be a string", line=ln)
            _check_actor_code(spec["code"], path, ln)
            if not isinstance(spec["from"], int) or not (
                spec.get("to") is None or isinstance(spec.get("to"), int)
            ):
                raise DictionaryError(
                    path, "leader: from/to must be years (to may be null)", line=ln
                )
            if isinstance(spec.get("to"), int) and spec["to"] < spec["from"]:
                raise DictionaryError(path, "leader: 'to' is before 'from'", line=ln)
            if "aliases" in spec:
                _check_str_list(spec["aliases"], path, ln, "leader: aliases") if spec[
                    "aliases"
                ] else None


def _validate_cities(data: _LineDict, path: str) -> None:
    """``cities:`` maps a country code to a list of city, province and region
    names; a name listed for two countries is ambiguous (it would name no one
    country), so it is an error."""
    cities = data.get("cities")
    if cities is None:
        return
    if not isinstance(cities, Mapping):
        raise DictionaryError(
            path, "cities must be a mapping CODE: [names]", line=_line(data, "cities", 1)
        )
    seen: dict[str, tuple[str, int]] = {}
    for code, names in cities.items():
        ln = _line(cities, code, 1)
        if not isinstance(code, str) or not _COUNTRY_RE.match(code):
            raise DictionaryError(
                path, f"cities: country code {code!r} must be 3 capital letters", line=ln
            )
        _check_str_list(names, path, ln, f"cities {code}")
        for n, name in enumerate(names):
            nln = _line(names, n, ln)
            first = seen.get(name)
            if first is not None and first[0] != code:
                raise DictionaryError(
                    path, f"cities {code}: {name!r} is also a city of {first[0]} "
                    f"(line {first[1]}): a city must name one country", line=nln)
            seen[name] = (code, nln)


def _validate_verbs(
    data: _LineDict, path: str, codebook: Mapping[str, CodebookEntry]
) -> tuple[list[VerbEntry], dict[str, tuple[str, ...]]]:
    irregular: dict[str, tuple[str, ...]] = {}
    irr = data.get("irregular")
    if irr is not None:
        if not isinstance(irr, Mapping):
            raise DictionaryError(
                path, "irregular must be a mapping word: [forms]", line=_line(data, "irregular", 1)
            )
        for word, forms in irr.items():
            ln = _line(irr, word, 1)
            if not isinstance(word, str):
                raise DictionaryError(path, f"irregular: bad word {word!r}", line=ln)
            if forms:
                _check_str_list(forms, path, ln, f"irregular {word}")
            irregular[word.lower()] = tuple(f.lower() for f in (forms or []))
    entries_raw = data.get("entries")
    out: list[VerbEntry] = []
    if entries_raw is None:
        return out, irregular
    if not isinstance(entries_raw, list):
        raise DictionaryError(path, "entries must be a list", line=_line(data, "entries", 1))
    seen: dict[str, int] = {}
    for n, spec in enumerate(entries_raw):
        ln = _line(entries_raw, n, 1)
        if not isinstance(spec, Mapping):
            raise DictionaryError(path, "entry must be a mapping with id, code, patterns", line=ln)
        unknown = set(spec) - _ENTRY_KEYS
        if unknown:
            raise DictionaryError(
                path, f"entry: unknown field(s) {sorted(map(str, unknown))}", line=ln
            )
        for k in ("id", "code", "patterns"):
            if k not in spec:
                raise DictionaryError(path, f"entry: missing field {k!r}", line=ln)
        eid = spec["id"]
        if not isinstance(eid, str) or not _ID_RE.match(eid):
            raise DictionaryError(path, f"entry: bad id {eid!r}", line=ln)
        if eid in seen:
            raise DictionaryError(
                path, f"duplicate id {eid!r} (first on line {seen[eid]})", line=ln
            )
        seen[eid] = ln
        code = spec["code"]
        if not isinstance(code, str):
            raise DictionaryError(
                path, f"entry {eid}: code must be a quoted string, got {code!r}", line=ln
            )
        if code not in codebook:
            raise DictionaryError(path, f"entry {eid}: unknown CAMEO code {code!r}", line=ln)
        pats = spec["patterns"]
        if not isinstance(pats, list) or not pats:
            raise DictionaryError(path, f"entry {eid}: patterns must be a non-empty list", line=ln)
        compiled: list[CompiledPattern] = []
        for pn, p in enumerate(pats):
            pln = _line(pats, pn, ln)
            if not isinstance(p, str):
                raise DictionaryError(path, f"entry {eid}: pattern {p!r} is not a string", line=pln)
            try:
                compiled.append(compile_pattern(p, irregular))
            except PatternError as exc:
                raise DictionaryError(path, f"entry {eid}: bad pattern: {exc}", line=pln) from exc
        alone = spec.get("alone", False)
        if not isinstance(alone, bool):
            raise DictionaryError(path, f"entry {eid}: alone must be true or false", line=ln)
        out.append(VerbEntry(eid, code, tuple(compiled), alone, path, ln))
    return out, irregular


@dataclass(frozen=True)
class _Parsed:
    path: str
    actors: _LineDict | None
    verbs: list[VerbEntry]


def parse_dictionary_text(
    text: str, path: str, codebook: Mapping[str, CodebookEntry] | None = None
) -> _Parsed:
    """Parse and validate one dictionary file's text (``path`` for errors)."""
    cb = default_codebook() if codebook is None else codebook
    data = _load_yaml(text, path)
    unknown = [k for k in data if k not in ACTOR_SECTIONS + VERB_SECTIONS]
    if unknown:
        key = unknown[0]
        raise DictionaryError(
            path,
            f"unknown section {key!r} (expected {', '.join(ACTOR_SECTIONS + VERB_SECTIONS)})",
            line=_line(data, key, 1),
        )
    has_actors = any(k in data for k in ACTOR_SECTIONS)
    if has_actors:
        _validate_actors(data, path)
    verbs, _ = _validate_verbs(data, path, cb)
    return _Parsed(path, data if has_actors else None, verbs)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DictionaryError(str(path), f"cannot read: {exc}") from exc


def validate_dictionary_file(path: Path) -> None:
    """Validate one analyst (or package) dictionary file; raises
    :class:`DictionaryError` naming file, line and problem."""
    parse_dictionary_text(_read(path), str(path))


def _package_parsed() -> list[_Parsed]:
    out = []
    for name in ("actors.yaml", "verbs.yaml"):
        text = resources.files("analysis").joinpath("data", name).read_text(encoding="utf-8")
        out.append(parse_dictionary_text(text, f"analysis/data/{name}"))
    return out


def _build(parsed: Sequence[_Parsed]) -> Dictionary:
    actors = ActorLexicon.build([p.actors for p in parsed if p.actors is not None])
    verbs = VerbIndex.build([e for p in parsed for e in p.verbs])
    return Dictionary(default_codebook(), actors, verbs, tuple(p.path for p in parsed))


@functools.lru_cache(maxsize=1)
def _default_parsed() -> tuple[_Parsed, ...]:
    return tuple(_package_parsed())


@functools.lru_cache(maxsize=1)
def default_dictionary() -> Dictionary:
    """The package dictionary, built once per process."""
    return _build(_default_parsed())


def load_dictionary(paths: Sequence[Path] = ()) -> Dictionary:
    """The package dictionary merged with analyst YAML files (in order)."""
    if not paths:
        return default_dictionary()
    extra = [parse_dictionary_text(_read(Path(p)), str(p)) for p in paths]
    return _build(list(_default_parsed()) + extra)
