"""The former engine, one forked process per file: kept as the benchmark baseline (``--engine fork``)."""
from __future__ import annotations

import multiprocessing as mp
import os
import time
from pathlib import Path
from typing import Iterable, Iterator, Optional

from ..options import DEFAULT, Options

DEFAULT_TIMEOUT_S = 300


def _child(conn, path: str, root: str, options: Options) -> None:
    from ..pipeline import process_file
    try:
        conn.send(process_file(Path(path), Path(root), options))
    except BaseException as e:  # pragma: no cover - last resort
        conn.send(e)
    finally:
        conn.close()


class ForkEngine:
    name = "fork"

    def __init__(self, jobs: int = 0, timeout: Optional[float] = None, options: Options = DEFAULT, **_ignored):
        self.jobs = jobs or max(1, os.cpu_count() or 1)
        self.timeout = timeout or DEFAULT_TIMEOUT_S
        self.options = options

    def run(self, tasks: Iterable[tuple[int, Path]], root: Path) -> Iterator[tuple[int, object]]:
        from ..pipeline import FileResult, _failed, _warm_up

        ctx = mp.get_context("fork")
        _warm_up(getattr(self.options, "pdf_engine", "pdfium"))
        from ..loaders.ocr.engine import share_threads
        share_threads(self.jobs)
        todo = iter(tasks)
        running: dict[int, tuple] = {}
        exhausted = False
        try:
            while running or not exhausted:
                while not exhausted and len(running) < self.jobs:
                    nxt = next(todo, None)
                    if nxt is None:
                        exhausted = True
                        break
                    i, p = nxt
                    parent, child = ctx.Pipe(duplex=False)
                    proc = ctx.Process(target=_child, args=(child, str(p), str(root), self.options), daemon=True)
                    proc.start()
                    child.close()
                    running[i] = (proc, parent, time.monotonic(), p)
                for i in list(running):
                    proc, conn, started, p = running[i]
                    res = None
                    if conn.poll(0.02):
                        try:
                            got = conn.recv()
                            res = got if isinstance(got, FileResult) else _failed(p, root, f"worker error: {got}")
                        except (EOFError, OSError):
                            res = _failed(p, root, f"reader crashed (exit code {proc.exitcode})")
                        proc.join(5)
                    elif not proc.is_alive():
                        proc.join()
                        if conn.poll(0):
                            continue
                        res = _failed(p, root, f"reader crashed (exit code {proc.exitcode})")
                    elif time.monotonic() - started > self.timeout:
                        proc.kill()
                        proc.join()
                        res = _failed(p, root, f"timed out after {self.timeout:.0f}s")
                    if res is not None:
                        conn.close()
                        del running[i]
                        yield i, res
        finally:
            for proc, conn, _s, _p in running.values():
                proc.kill()
                proc.join()
