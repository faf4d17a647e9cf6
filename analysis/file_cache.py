"""Values read from files, reused while the file is unchanged.

The store never modifies a file in place: every write is a new file renamed over
the old name (:func:`analysis.store.atomic_write`, the commit journal). So a file
whose device, inode, size, modification and change times are those it had when
it was read still holds what was read, and a value read from it earlier (for
instance in a thread, while an ingest's articles were being analysed) can be used
instead of reading it again.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeAlias, TypeVar

__all__ = ["FileCache", "Identity", "identity"]

T = TypeVar("T")

#: device, inode, size, modification and status-change times (ns) of a file
Identity: TypeAlias = tuple[int, int, int, int, int]


def identity(path: Path) -> Identity | None:
    """The :data:`Identity` of ``path``; None when there is no such file."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


class FileCache(Generic[T]):
    """``read(path)`` for any path, remembered with the identity the file had before and
    after the read (a value is kept only when both agree: no rename happened meanwhile).
    Not thread-safe: fill it in one thread, then use it in another once that is done."""

    __slots__ = ("_read", "_values")

    def __init__(self, read: Callable[[Path], T]) -> None:
        self._read = read
        self._values: dict[Path, tuple[Identity, T]] = {}

    def get(self, path: Path) -> T:
        """The value of ``path``: the one read before while the file is the same, else
        ``read(path)`` (which raises as it does, e.g. for a missing file)."""
        before = identity(path)
        held = self._values.get(path)
        if held is not None and before is not None and held[0] == before:
            return held[1]
        value = self._read(path)
        if before is not None and identity(path) == before:
            self._values[path] = (before, value)
        else:
            self._values.pop(path, None)
        return value

    def put(self, path: Path, value: T) -> None:
        """Remember ``value`` as what ``path`` holds now (a file just written from it, which
        no other writer can have replaced since); nothing when there is no such file."""
        now = identity(path)
        if now is not None:
            self._values[path] = (now, value)

    def __len__(self) -> int:
        return len(self._values)
