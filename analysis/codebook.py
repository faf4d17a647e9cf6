"""The CAMEO codebook: every event code with its root, quad class, Goldstein score.

The table lives in ``analysis/data/cameo_codebook.csv`` (columns ``code, name,
root, quad_class, goldstein, plover``). Codes, roots, quad classes, Goldstein
scores and PLOVER categories are the published CAMEO/GDELT/PLOVER facts; the
short names are the project's own. The file is validated on load; a bad row
raises :class:`~analysis.errors.DictionaryError` naming file, line and problem.

The escalation label of a code is decided in exactly one place,
:func:`direction_for`.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from analysis.errors import DictionaryError

__all__ = [
    "DIRECTIONS",
    "NEUTRAL_ROOTS",
    "CodebookEntry",
    "default_codebook",
    "direction_for",
    "entry_for",
    "load_codebook",
    "parse_codebook",
]

#: Roots whose events are neither escalation nor de-escalation: public
#: statements (01), appeals (02) and investigations (09).
NEUTRAL_ROOTS = frozenset({"01", "02", "09"})
DIRECTIONS = ("escalation", "de-escalation", "neutral")
_COLUMNS = ("code", "name", "root", "quad_class", "goldstein", "plover")
_RESOURCE = "cameo_codebook.csv"


@dataclass(frozen=True, slots=True)
class CodebookEntry:
    """One CAMEO code: ``code`` (2-4 digits, e.g. ``"0231"``), the project's
    short ``name``, the 2-digit ``root``, GDELT ``quad_class`` (1 verbal
    cooperation, 2 material cooperation, 3 verbal conflict, 4 material
    conflict), ``goldstein`` score (-10..10) and ``plover`` category (may be
    empty)."""

    code: str
    name: str
    root: str
    quad_class: int
    goldstein: float
    plover: str

    @property
    def direction(self) -> str:
        return _direction(self.root, self.quad_class)


def _direction(root: str, quad_class: int) -> str:
    if root in NEUTRAL_ROOTS:
        return "neutral"
    return "escalation" if quad_class >= 3 else "de-escalation"


def parse_codebook(text: str, path: str = _RESOURCE) -> dict[str, CodebookEntry]:
    """Parse and validate codebook CSV text; ``path`` is only used in errors."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or tuple(h.strip() for h in header) != _COLUMNS:
        raise DictionaryError(path, f"header must be {','.join(_COLUMNS)}", line=1)
    entries: dict[str, CodebookEntry] = {}
    for row in reader:
        line = reader.line_num
        if not row or all(not c.strip() for c in row):
            continue
        if len(row) != len(_COLUMNS):
            raise DictionaryError(
                path, f"expected {len(_COLUMNS)} fields, got {len(row)}", line=line
            )
        code, name, root, quad, gold, plover = (c.strip() for c in row)
        if not (code.isdigit() and 2 <= len(code) <= 4):
            raise DictionaryError(path, f"bad CAMEO code {code!r} (2-4 digits)", line=line)
        if not name:
            raise DictionaryError(path, f"code {code}: missing name", line=line)
        if root != code[:2]:
            raise DictionaryError(path, f"code {code}: root {root!r} != {code[:2]!r}", line=line)
        if quad not in {"1", "2", "3", "4"}:
            raise DictionaryError(path, f"code {code}: quad_class {quad!r} not in 1-4", line=line)
        try:
            score = float(gold)
        except ValueError:
            raise DictionaryError(
                path, f"code {code}: goldstein {gold!r} not a number", line=line
            ) from None
        if not -10.0 <= score <= 10.0:
            raise DictionaryError(
                path, f"code {code}: goldstein {score} outside -10..10", line=line
            )
        if code in entries:
            raise DictionaryError(path, f"duplicate code {code}", line=line)
        if len(code) > 2 and code[:-1] not in entries and code[:2] not in entries:
            raise DictionaryError(
                path, f"code {code}: parent code not defined before it", line=line
            )
        entries[code] = CodebookEntry(code, name, root, int(quad), score, plover)
    if not entries:
        raise DictionaryError(path, "codebook is empty")
    return entries


def load_codebook(path: Path | None = None) -> dict[str, CodebookEntry]:
    """Load a codebook CSV (the package's own when ``path`` is None)."""
    if path is None:
        return dict(default_codebook())
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DictionaryError(str(path), f"cannot read: {exc}") from exc
    return parse_codebook(text, str(path))


@functools.lru_cache(maxsize=1)
def default_codebook() -> Mapping[str, CodebookEntry]:
    """The package codebook, parsed once."""
    text = resources.files("analysis").joinpath("data", _RESOURCE).read_text(encoding="utf-8")
    return parse_codebook(text, f"analysis/data/{_RESOURCE}")


def entry_for(code: str) -> CodebookEntry:
    """The codebook entry of ``code``; raises ``KeyError`` for unknown codes."""
    return default_codebook()[code]


def direction_for(code: str) -> str:
    """The project's escalation label of a CAMEO code.

    This is the single definition of the rule used everywhere:

    - ``neutral`` for roots 01 (statements), 02 (appeals) and 09
      (investigations), whatever their quad class;
    - ``escalation`` for quad classes 3 and 4 (verbal and material conflict);
    - ``de-escalation`` for quad classes 1 and 2 (verbal and material
      cooperation).

    Raises ``KeyError`` for a code not in the codebook.
    """
    entry = default_codebook()[code]
    return _direction(entry.root, entry.quad_class)
