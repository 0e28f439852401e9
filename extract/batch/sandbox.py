"""One file at a time in a long-lived child process, for engines whose own workers run tasks in threads
(Dask): the same time limit, memory limit and recycling as the local pool, one call per file.
"""
from __future__ import annotations

import multiprocessing as mp
import threading
import time
from pathlib import Path
from typing import Optional

from ..options import DEFAULT, Options
from .limits import BASE_SECONDS, DEFAULT_MEMORY_MB, RECYCLE_AFTER
from .worker import Slot

START_GRACE_S = 30
_local = threading.local()


def _context():
    """A fork server: forking a multi-threaded worker process directly is unsafe."""
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["extract.batch.warm"])
        return ctx
    return mp.get_context("spawn")  # pragma: no cover - Windows


def _spawn_from_daemon(slot: Slot) -> None:
    """Dask worker processes are daemonic, and multiprocessing refuses children to those; our child is
    itself a daemon that dies with the worker, so the flag is lifted just while it starts."""
    config = mp.current_process()._config
    was = config.get("daemon")
    config["daemon"] = False
    try:
        slot.spawn()
    finally:
        if was is not None:
            config["daemon"] = was


def run_isolated(path: Path, root: Path, options: Options = DEFAULT, timeout: Optional[float] = None,
                 memory_mb: int = DEFAULT_MEMORY_MB, recycle_after: int = RECYCLE_AFTER):
    """``process_file`` in this thread's sandbox process; never raises, never hangs past the limit."""
    from ..pipeline import _failed

    slot: Optional[Slot] = getattr(_local, "slot", None)
    if slot is None or slot.memory_mb != memory_mb:
        slot = _local.slot = Slot(_context(), memory_mb)
    if slot.proc is None or slot.retiring or slot.done >= recycle_after or not slot.proc.is_alive():
        slot.stop()
        _spawn_from_daemon(slot)
    slot.send(0, path, root, options, timeout, timeout or START_GRACE_S + BASE_SECONDS)
    budget = None
    while True:
        left = slot.deadline - time.monotonic()
        if left <= 0:
            slot.kill()
            return _failed(Path(path), Path(root), f"timed out after {budget or slot.deadline - slot.started:.0f}s")
        if not slot.conn.poll(min(left, 0.5)):
            continue
        try:
            msg = slot.conn.recv()
        except (EOFError, OSError):
            reason = slot.exit_reason_after_join()
            slot.kill()
            return _failed(Path(path), Path(root), reason)
        if msg[0] == "start":
            budget = msg[2]
            slot.deadline = slot.started + budget
        elif msg[0] == "done":
            _, _idx, res, retire = msg
            slot.task = None
            slot.done += 1
            slot.retiring = retire
            return res
