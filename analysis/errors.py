"""The exception hierarchy of tension-timeline.

Catch :class:`TensionError` to handle anything the package raises on purpose.
"""

from __future__ import annotations

__all__ = [
    "DictionaryError",
    "InputError",
    "ReportError",
    "TensionError",
]


class TensionError(Exception):
    """Base class of every error raised on purpose by ``analysis``."""


class InputError(TensionError):
    """An input file or record cannot be used.

    ``path`` names the file, ``record`` the record or line inside it (empty
    when the whole file is bad) and ``kind`` a short machine-readable error
    kind (``empty``, ``binary``, ``encoding``, ``json``, ``no_text``,
    ``bad_date``, ``too_large``, ``unsupported``, ``duplicate_id``...).
    """

    def __init__(self, path: str, problem: str, *, record: str = "", kind: str = "invalid") -> None:
        self.path = path
        self.problem = problem
        self.record = record
        self.kind = kind
        where = f"{path}:{record}" if record else path
        super().__init__(f"{where}: {problem}")


class DictionaryError(TensionError):
    """A codebook, actor or verb dictionary file is invalid.

    The message names the file, the line (when known) and the problem.
    """

    def __init__(self, path: str, problem: str, *, line: int | None = None) -> None:
        self.path = path
        self.problem = problem
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {problem}")


class ReportError(TensionError):
    """A report could not be built (bad parameters, missing data, failed notebook)."""
