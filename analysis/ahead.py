"""Work started in a thread before its result is needed (for work that releases the GIL:
opening a DuckDB connection, a DuckDB query)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["Ahead"]

T = TypeVar("T")


class Ahead(Generic[T]):
    """``make()`` running in a daemon thread named ``name`` from now on; :meth:`result`
    waits for it and returns its value, or raises what it raised."""

    __slots__ = ("_error", "_thread", "_value")

    def __init__(self, make: Callable[[], T], name: str) -> None:
        self._value: T | None = None
        self._error: BaseException | None = None

        def run() -> None:
            try:
                self._value = make()
            except BaseException as error:  # raised again by result()
                self._error = error

        self._thread = threading.Thread(target=run, name=name, daemon=True)
        self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def wait(self) -> BaseException | None:
        """Return once ``make()`` is done: what it raised, None when it returned."""
        self._thread.join()
        return self._error

    def result(self) -> T:
        error = self.wait()
        if error is not None:
            raise error
        return self._value  # type: ignore[return-value]  # set when no error was
