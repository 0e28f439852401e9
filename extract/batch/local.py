"""The local engine: a pool of long-lived workers, recycled every N files, each file under a time limit.

A worker that hangs past a file's limit is killed and replaced (the file gets ``timed out after …``); one
that dies (a crashing reader, the kernel's OOM killer) costs only the file it was on.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import time
from multiprocessing.connection import wait
from pathlib import Path
from typing import Iterable, Iterator, Optional

from ..options import DEFAULT, Options
from .limits import BASE_SECONDS, DEFAULT_MEMORY_MB, RECYCLE_AFTER
from .worker import Slot, warm_up

POLL_S = 0.25
START_GRACE_S = 30  # until the worker has sized the file's budget (probing is milliseconds)


class LocalEngine:
    name = "local"

    def __init__(self, jobs: int = 0, timeout: Optional[float] = None, memory_mb: int = DEFAULT_MEMORY_MB,
                 recycle_after: int = RECYCLE_AFTER, options: Options = DEFAULT, context: str = "fork"):
        self.jobs = jobs or max(1, os.cpu_count() or 1)
        self.timeout = timeout or None
        self.memory_mb = memory_mb
        self.recycle_after = max(1, recycle_after)
        self.options = options
        self.ctx = mp.get_context(context if context in mp.get_all_start_methods() else "spawn")

    def run(self, tasks: Iterable[tuple[int, Path]], root: Path) -> Iterator[tuple[int, object]]:
        """Yield ``(idx, FileResult)`` as files finish, in completion order; every task yields once."""
        from ..pipeline import _failed

        warm_up(getattr(self.options, "pdf_engine", "pdfium"))
        from ..loaders.ocr.engine import share_threads
        share_threads(self.jobs)
        todo = iter(tasks)
        slots = [Slot(self.ctx, self.memory_mb) for _ in range(self.jobs)]
        exhausted = False
        try:
            while True:
                for s in slots:  # keep every worker busy
                    if s.task is None and not exhausted:
                        nxt = next(todo, None)
                        if nxt is None:
                            exhausted = True
                            break
                        if s.proc is None or s.retiring or s.done >= self.recycle_after or not s.proc.is_alive():
                            s.stop()
                            s.spawn()
                        first = self.timeout or START_GRACE_S + BASE_SECONDS
                        s.send(nxt[0], nxt[1], root, self.options, self.timeout, first)
                busy = [s for s in slots if s.task is not None]
                if not busy:
                    return
                ready = wait([s.conn for s in busy], timeout=POLL_S)
                now = time.monotonic()
                for s in busy:
                    if s.conn in ready:
                        try:
                            msg = s.conn.recv()
                        except (EOFError, OSError):
                            idx, path = s.task
                            reason = s.exit_reason_after_join()
                            s.kill()
                            yield idx, _failed(Path(path), Path(root), reason)
                            continue
                        if msg[0] == "start":
                            s.deadline = s.started + msg[2]
                            s.extra["budget"] = msg[2]
                        elif msg[0] == "done":
                            _, idx, res, retire = msg
                            s.task = None
                            s.done += 1
                            s.retiring = retire
                            yield idx, res
                    elif now > s.deadline:
                        idx, path = s.task
                        budget = s.extra.get("budget", s.deadline - s.started)
                        s.kill()
                        yield idx, _failed(Path(path), Path(root), f"timed out after {budget:.0f}s")
        finally:
            for s in slots:
                s.kill() if s.task is not None else s.stop()
