"""Python's cyclic garbage collector paused around bursts of allocation that make no cycles."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["collector_paused"]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off for the ``with`` block, then as it was.

    For code that allocates many short-lived containers and no reference cycles (an
    article chunk's analysis, an incidents refresh): in a process holding a large heap the
    full collections such bursts trigger cost more than the work itself.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
