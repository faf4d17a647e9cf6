"""The notebook clients wake their sockets, so a lost pyzmq wake-up cannot hang a run."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import nbformat
import pytest
import zmq
import zmq.asyncio

from analysis.errors import ReportError
from analysis.notebook_client import (
    ENGINE_NAME,
    AwakeEngine,
    keep_awake,
    register_engine,
    wake_channels,
    wake_socket,
)
from analysis.report import execute_notebook


async def _stranded_poll() -> tuple[zmq.asyncio.Socket, asyncio.Future[Any], zmq.Socket[Any]]:
    """An asyncio socket with a message waiting that its event loop was never told about.

    A raw read of ``zmq.EVENTS`` behind the asyncio socket's back consumes the edge of its
    file descriptor, as happens inside pyzmq when the wake-up is lost.
    """
    ctx = zmq.asyncio.Context()
    a = ctx.socket(zmq.PAIR)
    port = a.bind_to_random_port("tcp://127.0.0.1")
    b = zmq.Context.instance().socket(zmq.PAIR)
    b.connect(f"tcp://127.0.0.1:{port}")
    b.send(b"hello")
    assert await a.recv() == b"hello"
    poll = asyncio.ensure_future(a.poll(None))
    await asyncio.sleep(0.05)  # the poll is registered with the loop
    raw = zmq.Socket.shadow(a.underlying)
    b.send(b"lost")
    deadline = time.monotonic() + 10
    while not raw.get(zmq.EVENTS) & zmq.POLLIN:  # consumes the edge, sees the message
        assert time.monotonic() < deadline, "the message never arrived"
        time.sleep(0.01)
    return a, poll, b


def test_a_consumed_edge_strands_the_poll_and_wake_socket_recovers_it() -> None:
    async def main() -> tuple[bool, int]:
        a, poll, b = await _stranded_poll()
        done, _ = await asyncio.wait({poll}, timeout=0.5)
        stranded = not done
        assert wake_socket(a)
        events = await asyncio.wait_for(poll, 5)
        assert await a.recv() == b"lost"
        a.close()
        b.close()
        return stranded, events

    stranded, events = asyncio.run(main())
    assert stranded  # without the wake-up the loop sleeps through the message
    assert events == zmq.POLLIN


def test_keep_awake_recovers_a_stranded_client_within_its_interval() -> None:
    async def main() -> int:
        a, poll, b = await _stranded_poll()
        client = SimpleNamespace(shell_channel=SimpleNamespace(socket=a), iopub_channel=None)
        task = asyncio.ensure_future(keep_awake(client, interval=0.05))
        events = await asyncio.wait_for(poll, 5)  # stranded for good without the task
        task.cancel()
        a.close()
        b.close()
        return int(events)

    assert asyncio.run(main()) == zmq.POLLIN


def test_wake_channels_skips_what_is_not_an_open_asyncio_socket() -> None:
    ctx = zmq.asyncio.Context()
    closed = ctx.socket(zmq.PAIR)
    closed.close()
    plain = zmq.Context.instance().socket(zmq.PAIR)
    try:
        client = SimpleNamespace(shell_channel=SimpleNamespace(socket=closed),
                                 iopub_channel=SimpleNamespace(socket=plain))
        assert wake_channels(client) == 0
        assert wake_channels(SimpleNamespace()) == 0  # an in-process client has no sockets
        assert not wake_socket(None)
    finally:
        plain.close()


def test_the_engine_is_papermills_under_its_name() -> None:
    from papermill.engines import papermill_engines

    assert register_engine() == ENGINE_NAME
    assert papermill_engines.get_engine(ENGINE_NAME) is AwakeEngine


@pytest.mark.notebook
def test_a_cell_over_the_timeout_is_a_report_error(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook()  # type: ignore[no-untyped-call]
    nb.cells = [
        nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),  # type: ignore[no-untyped-call]
        nbformat.v4.new_code_cell("import time\ntime.sleep(30)"),  # type: ignore[no-untyped-call]
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    path = tmp_path / "slow.ipynb"
    nbformat.write(nb, path)  # type: ignore[no-untyped-call]
    # the cell would end without error: the error says the timeout stopped it
    with pytest.raises(ReportError, match=r"slow\.ipynb: timed out after 1 s"):
        execute_notebook(path, tmp_path / "out.ipynb", {"x": 2}, cwd=tmp_path, timeout=1)
