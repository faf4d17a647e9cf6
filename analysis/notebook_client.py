"""Notebook clients that cannot sleep through their kernel's replies.

A client talks to a kernel process over pyzmq's asyncio sockets, which learn of new messages
from an edge-triggered file descriptor. With ipykernel 7.4, jupyter_client 8.10, nbclient 0.11
and pyzmq 27.3 that wake-up is sometimes lost: the kernel's reply and outputs sit in the
client's sockets (``zmq.EVENTS`` says ``POLLIN``) while the event loop sleeps, so nbclient
and papermill wait for ever. Measured here: 8 runs in 66 of ``notebooks/explore.ipynb`` on a
loaded machine (0 in 100 with these clients); twice a test run hung for good.

Reading ``zmq.EVENTS`` through the asyncio socket makes pyzmq re-check the socket and
dispatch what is pending (it is pyzmq's documented way back from a consumed edge). The
clients here do that once a second (:data:`WAKE_INTERVAL`) while they wait for a cell or a
reply, so such a stall costs about a second instead of the whole run:

- :class:`AwakeNotebookClient`: an ``nbclient.NotebookClient`` (used by
  :func:`analysis.report.run_notebooks`);
- :class:`AwakeEngine`: a papermill engine (``engine_name="tension"``, also registered as the
  ``papermill.engine`` entry point ``tension``, so ``papermill --engine tension`` uses it);
  :func:`analysis.report.execute_notebook` runs with it (:func:`register_engine`).

**Interrupts.** nbclient routes SIGINT and SIGTERM to its event loop
(``loop.add_signal_handler``), where they only schedule a kernel clean-up. An in-process
kernel runs each cell while the loop's thread waits for it, so the loop never sees the
signal: Ctrl-C and ``kill`` were ignored until the notebook ended (a report that ran for
ever could only be killed with SIGKILL). While these clients run a notebook
(:func:`interruptible`), both signals raise :class:`Interrupted` (a ``KeyboardInterrupt``
naming the signal) in the main thread instead, which ends the run at once; the handlers
the process had are restored afterwards.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import signal
import threading
from collections.abc import AsyncIterator, Iterator
from types import FrameType
from typing import Any, Final

import zmq
import zmq.asyncio
from nbclient import NotebookClient
from nbclient.util import run_sync

__all__ = [
    "ENGINE_NAME",
    "WAKE_INTERVAL",
    "AwakeEngine",
    "AwakeNotebookClient",
    "Interrupted",
    "interruptible",
    "keep_awake",
    "register_engine",
    "wake_channels",
    "wake_socket",
]

#: seconds between two wake-ups of a waiting client's sockets
WAKE_INTERVAL: Final = 1.0
#: the name :class:`AwakeEngine` is registered under with papermill
ENGINE_NAME: Final = "tension"
_CHANNELS: Final = ("shell_channel", "iopub_channel")


def wake_socket(socket: object) -> bool:
    """Have pyzmq re-check an asyncio socket for pending messages; whether it could."""
    if not isinstance(socket, zmq.asyncio.Socket) or socket.closed:
        return False  # in-process kernels have no sockets; a closed one has nothing to read
    socket.get(zmq.EVENTS)  # the asyncio socket schedules its handlers when events wait
    return True


def wake_channels(client: Any) -> int:
    """Wake the shell and IOPub sockets of a kernel client; return how many were woken."""
    woken = 0
    for name in _CHANNELS:
        channel = getattr(client, name, None)
        woken += wake_socket(getattr(channel, "socket", None))
    return woken


async def keep_awake(client: Any, interval: float = WAKE_INTERVAL) -> None:
    """Wake ``client``'s sockets every ``interval`` seconds until cancelled."""
    while True:
        await asyncio.sleep(interval)
        wake_channels(client)


@contextlib.asynccontextmanager
async def _awake(client: Any) -> AsyncIterator[None]:
    task = asyncio.ensure_future(keep_awake(client))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM arrived while a notebook ran (``signal_name`` names it)."""

    def __init__(self, signal_name: str) -> None:
        super().__init__(f"interrupted by {signal_name}")
        self.signal_name = signal_name


_SIGNALS: Final = (signal.SIGINT, signal.SIGTERM)


def _raise_interrupted(signum: int, _frame: FrameType | None) -> None:
    raise Interrupted(signal.Signals(signum).name)


@contextlib.contextmanager
def interruptible(loop: asyncio.AbstractEventLoop | None = None,
                  saved: dict[signal.Signals, Any] | None = None) -> Iterator[None]:
    """While inside, SIGINT and SIGTERM raise :class:`Interrupted` in the main thread.

    ``loop``'s own handlers for them (nbclient's) are removed first; on exit the handlers
    of ``saved`` (default: those in place on entry) are restored. Outside the main thread,
    where Python cannot set handlers, nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    if saved is None:
        saved = {sig: signal.getsignal(sig) for sig in _SIGNALS}
    for sig in _SIGNALS:
        if loop is not None:
            with contextlib.suppress(RuntimeError, ValueError, NotImplementedError):
                loop.remove_signal_handler(sig)
        signal.signal(sig, _raise_interrupted)
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)


class _AwakeMixin:
    """Wraps nbclient's two waits (a cell, a reply) in :func:`keep_awake`, and its run in
    :func:`interruptible`."""

    kc: Any

    @contextlib.asynccontextmanager
    async def async_setup_kernel(self, **kwargs: Any) -> AsyncIterator[None]:
        saved = {sig: signal.getsignal(sig) for sig in _SIGNALS}  # before nbclient's
        async with super().async_setup_kernel(**kwargs):  # type: ignore[misc]
            # nbclient has just routed both signals to the loop: take them back
            with interruptible(asyncio.get_running_loop(), saved):
                yield

    async def async_execute_cell(self, *args: Any, **kwargs: Any) -> Any:
        async with _awake(self.kc):
            return await super().async_execute_cell(*args, **kwargs)  # type: ignore[misc]

    async def async_wait_for_reply(self, *args: Any, **kwargs: Any) -> Any:
        async with _awake(self.kc):
            return await super().async_wait_for_reply(*args, **kwargs)  # type: ignore[misc]

    # nbclient binds its blocking twins to its own coroutines: rebind them to these
    execute_cell = run_sync(async_execute_cell)
    wait_for_reply = run_sync(async_wait_for_reply)
    _wait_for_reply = wait_for_reply


class AwakeNotebookClient(_AwakeMixin, NotebookClient):
    """``nbclient.NotebookClient`` whose waits wake its sockets every second."""


@functools.cache
def _papermill_engine() -> Any:
    """papermill's nbclient engine with its client swapped (built on first use: papermill
    imports this module through its entry point, so it cannot be imported at module level)."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, logger
    from papermill.utils import merge_kwargs, remove_args

    class AwakePapermillClient(_AwakeMixin, PapermillNotebookClient):  # type: ignore[misc]
        """papermill's client (cell timing, output saving) with the wake-ups."""

    class Engine(NBClientEngine):  # type: ignore[misc]
        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man: Any,
            kernel_name: str,
            log_output: bool = False,
            stdout_file: Any = None,
            stderr_file: Any = None,
            start_timeout: int = 60,
            execution_timeout: int | None = None,
            **kwargs: Any,
        ) -> Any:
            # as NBClientEngine.execute_managed_notebook, with AwakePapermillClient
            kwargs = remove_args(["input_path"], **kwargs)
            safe_kwargs = remove_args(["timeout", "startup_timeout"], **kwargs)
            final_kwargs = merge_kwargs(
                safe_kwargs,
                timeout=execution_timeout if execution_timeout else kwargs.get("timeout"),
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log=logger,
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
            )
            return AwakePapermillClient(nb_man, **final_kwargs).execute()

    return Engine


class AwakeEngine:
    """papermill's nbclient engine, executing with a client that wakes its sockets.

    A stand-in for the engine class :func:`_papermill_engine` builds on first use.
    """

    @classmethod
    def execute_notebook(cls, nb: Any, kernel_name: str, **kwargs: Any) -> Any:
        return _papermill_engine().execute_notebook(nb, kernel_name, **kwargs)

    @classmethod
    def nb_kernel_name(cls, nb: Any, name: str | None = None) -> Any:
        return _papermill_engine().nb_kernel_name(nb, name)

    @classmethod
    def nb_language(cls, nb: Any, language: str | None = None) -> Any:
        return _papermill_engine().nb_language(nb, language)


def register_engine() -> str:
    """Register :class:`AwakeEngine` with papermill (if its entry point did not); its name."""
    from papermill.engines import papermill_engines

    papermill_engines.register(ENGINE_NAME, AwakeEngine)
    return ENGINE_NAME
