from __future__ import annotations

from pathlib import Path

import pytest

from analysis.coder import code_sentence, find_actors, load_dictionary, validate_dictionary_file
from analysis.dictionaries import default_dictionary
from analysis.errors import DictionaryError
from analysis.verbs import PatternError, compile_pattern, inflections


def _file(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "analyst.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_default_dictionary_is_cached_and_covers_every_root() -> None:
    assert load_dictionary() is default_dictionary()
    d = default_dictionary()
    roots = {e.code[:2] for e in d.verbs.entries.values()}
    assert roots == {f"{n:02d}" for n in range(1, 21)}
    assert all(e.code in d.codebook for e in d.verbs.entries.values())


def test_package_files_validate() -> None:
    root = Path(__file__).resolve().parents[1] / "analysis" / "data"
    validate_dictionary_file(root / "verbs.yaml")
    validate_dictionary_file(root / "actors.yaml")


ENTRY_A = 'entries:\n  - {id: a, code: "010", patterns: [say+]}\n'


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        (
            ENTRY_A + '  - {id: b, code: "999", patterns: [x]}\n',
            3,
            "unknown CAMEO code",
        ),
        ("entries:\n  - {id: a, code: 10, patterns: [say+]}\n", 2, "quoted string"),
        ('entries:\n  - {id: a, code: "010"}\n', 2, "missing field 'patterns'"),
        (
            ENTRY_A + '  - {id: a, code: "010", patterns: [tell+]}\n',
            3,
            "duplicate id",
        ),
        (
            'entries:\n  - id: a\n    code: "010"\n'
            '    patterns:\n      - "say+"\n      - "... say"\n',
            6,
            "bad pattern",
        ),
        ('entries:\n  - {id: a, code: "010", patterns: ["say+ ..."]}\n', 2, "ends with a gap"),
        ('entries:\n  - {id: a, code: "010", patterns: ["say+ [to|"]}\n', 2, "bad pattern"),
        ('entries:\n  - {id: a, code: "010", colour: red, patterns: [x]}\n', 2, "unknown field"),
        ("verbs:\n  - {id: a}\n", 1, "unknown section"),
        ("entries: [\n  {id: a\n", 3, "YAML syntax"),
        ("countries:\n  Pakistan: {names: [Pakistan]}\n", 2, "3 capital letters"),
        ("sectors:\n  XXX: [spies]\n", 2, "unknown sector"),
        ("leaders:\n  - {name: A B, code: PAKGOV}\n", 2, "missing field 'from'"),
        ("groups:\n  Some Group: pakreb\n", 2, "bad actor code"),
    ],
)
def test_validation_names_file_line_problem(
    tmp_path: Path, text: str, line: int, problem: str
) -> None:
    path = _file(tmp_path, text)
    with pytest.raises(DictionaryError) as err:
        validate_dictionary_file(path)
    assert err.value.path == str(path)
    assert err.value.line == line, err.value
    assert problem in err.value.problem
    assert f"{path}:{line}" in str(err.value)
    with pytest.raises(DictionaryError):
        load_dictionary([path])


def test_empty_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(DictionaryError, match="empty"):
        validate_dictionary_file(_file(tmp_path, ""))
    with pytest.raises(DictionaryError, match="cannot read"):
        validate_dictionary_file(tmp_path / "nope.yaml")


def test_analyst_file_merges_actors_and_verbs(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        "groups:\n  Jundallah: IRNREB\n"
        'entries:\n  - {id: custom_shun, code: "120", patterns: ["cold-shoulder+"]}\n',
    )
    d = load_dictionary([path])
    assert d is not default_dictionary()
    assert [m.code for m in find_actors("Jundallah struck.", d)] == ["IRNREB"]
    (ev,) = code_sentence("Iran cold-shouldered Pakistan.", d)
    assert (ev.entry_id, ev.cameo_code, ev.direction) == ("custom_shun", "120", "escalation")
    assert code_sentence("Iran cold-shouldered Pakistan.") == []


def test_analyst_entry_overrides_package_id(tmp_path: Path) -> None:
    path = _file(
        tmp_path, 'entries:\n  - {id: fight_generic, code: "193", patterns: ["attack+"]}\n'
    )
    (ev,) = code_sentence("Iran attacked Pakistan.", load_dictionary([path]))
    assert ev.cameo_code == "193"


def test_pattern_language() -> None:
    assert {"struck", "strikes", "striking"} <= inflections("strike")
    assert {"agreed", "agrees"} <= inflections("agree")
    assert {"banned", "bans"} <= inflections("ban")
    p = compile_pattern("recall+ ...4 [envoy|high commissioner] (from) TGT")
    assert len(p.elements) == 5
    for bad in ["(opt) word", "...2", "a ...2 ...3 b", "a ...x b", "a [b"]:
        with pytest.raises(PatternError):
            compile_pattern(bad)


def test_organisation_kind_is_checked(tmp_path: Path) -> None:
    good = _file(tmp_path, "organisations:\n  XYZ: {names: [Xyz Watch], kind: NGO}\n")
    validate_dictionary_file(good)
    bad = _file(tmp_path, "organisations:\n  XYZ: {names: [Xyz Watch], kind: charity}\n")
    with pytest.raises(DictionaryError, match=r"analyst\.yaml:2: organisation XYZ: kind"):
        validate_dictionary_file(bad)


def test_places_section_keeps_country_names_inside_from_matching(tmp_path: Path) -> None:
    path = _file(tmp_path, "places:\n  - Upper Freedonia\n  - Sea of Ruritania\n")
    validate_dictionary_file(path)
    d = load_dictionary([path])
    assert [m.code for m in find_actors("Iran fired into the Sea of Ruritania.", d)] == ["IRN"]
    bad = _file(tmp_path, "places:\n  Upper Freedonia: FRD\n")
    with pytest.raises(DictionaryError, match="places must be a list"):
        validate_dictionary_file(bad)


def _tree(node: object) -> object:
    """A parsed YAML value with the line marks the loader records, for comparison."""
    if isinstance(node, dict):
        return ("map", getattr(node, "line", None), sorted(getattr(node, "keylines", {}).items()),
                [(k, _tree(v)) for k, v in node.items()])
    if isinstance(node, list):
        return ("seq", getattr(node, "line", None), list(getattr(node, "lines", [])),
                [_tree(v) for v in node])
    return node


def test_libyaml_and_pure_python_parsers_give_the_same_dictionaries() -> None:
    from importlib import resources

    import yaml

    from analysis import dictionaries

    if yaml.__with_libyaml__:
        assert issubclass(dictionaries._Loader, yaml.CSafeLoader)

    class PurePython(yaml.SafeLoader):
        pass

    PurePython.add_constructor("tag:yaml.org,2002:map", dictionaries._construct_map)
    PurePython.add_constructor("tag:yaml.org,2002:seq", dictionaries._construct_seq)
    for name in ("actors.yaml", "verbs.yaml"):
        text = resources.files("analysis").joinpath("data", name).read_text(encoding="utf-8")
        loader = PurePython(text)
        try:
            expected = loader.get_single_data()
        finally:
            loader.dispose()
        assert _tree(dictionaries._load_yaml(text, name)) == _tree(expected)
