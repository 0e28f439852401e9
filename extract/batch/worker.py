"""One long-lived worker process: files in, results out, bounded in time (by its parent) and memory
(``RLIMIT_AS`` set in the worker itself).

Messages worker → parent: ``("start", idx, budget_s)`` once the file's time limit is known (again, with
the larger limit, when the reader has found pages that need OCR), then ``("done", idx, FileResult, retire)``; ``retire`` asks to be replaced (after a MemoryError the heap is
not trusted).  Parent → worker: ``(idx, path, root, options, fixed_timeout)`` or ``None`` to stop.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from . import limits
from .limits import limit_memory, start_budget

KILL_GRACE_S = 5


def warm_up(pdf_engine: str = "pdfium") -> None:
    """Load patterns, the jieba dictionary and the readers once, before workers fork: not once per file."""
    from .. import pipeline
    pipeline._warm_up(pdf_engine)
    from ..loaders import docx_loader, html_loader, txt_loader  # noqa: F401
    try:
        from ..loaders import pdf  # noqa: F401
    except Exception:  # pragma: no cover - a broken optional reader fails its files, not the batch
        pass


def worker_main(conn, memory_mb: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    limit_memory(memory_mb)
    from .. import pipeline
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        idx, path, root, options, fixed = task
        retire = False
        try:
            budget, grow = start_budget(Path(path), getattr(options, "ocr", "off"), fixed,
                                        getattr(options, "pdf_engine", "pdfium"))
            conn.send(("start", idx, budget))
            if grow is not None:
                limits.on_image_pages(lambda n, idx=idx, grow=grow: n and conn.send(("start", idx, grow(n))))
            res = pipeline.process_file(Path(path), Path(root), options)
        except MemoryError:
            res = pipeline._failed(Path(path), Path(root), "MemoryError")
        finally:
            limits.on_image_pages(None)
        rep = res.report
        if "MemoryError" in (rep.get("error") or ""):
            rep["status"] = "failed"
            rep["error"] = f"exceeded memory limit ({memory_mb} MB)"
            res.records, res.cells, res.checks, res.tasks = [], [], [], []
            retire = True
        try:
            conn.send(("done", idx, res, retire))
        except MemoryError:
            conn.send(("done", idx, pipeline._failed(Path(path), Path(root),
                                                     f"exceeded memory limit ({memory_mb} MB)"), True))
            retire = True
        if retire:
            return


@dataclass
class Slot:
    """The parent's view of one worker: its process, pipe and the file it is on."""
    ctx: object
    memory_mb: int
    proc: Optional[mp.Process] = None
    conn: object = None
    task: Optional[tuple] = None       # (idx, path)
    started: float = 0.0
    deadline: float = float("inf")
    done: int = 0
    retiring: bool = False
    extra: dict = field(default_factory=dict)

    def spawn(self) -> None:
        parent, child = self.ctx.Pipe(duplex=True)
        proc = self.ctx.Process(target=worker_main, args=(child, self.memory_mb), daemon=True)
        try:
            proc.start()
        finally:
            child.close()
        self.proc, self.conn = proc, parent
        self.done = 0
        self.retiring = False
        self.task = None

    def send(self, idx, path, root, options, fixed, provisional_s: float) -> None:
        self.task = (idx, path)
        self.extra.pop("budget", None)  # the previous file's
        self.started = time.monotonic()
        self.deadline = self.started + provisional_s
        self.conn.send((idx, str(path), str(root), options, fixed))

    def stop(self) -> None:
        """Ask the worker to finish; kill it if it does not."""
        if self.proc is None:
            return
        try:
            self.conn.send(None)
        except (OSError, ValueError, AttributeError):
            pass
        self.proc.join(KILL_GRACE_S)
        self.kill()

    def kill(self) -> None:
        if self.proc is None:
            return
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join()
        try:
            self.conn.close()
        except (OSError, AttributeError):
            pass
        self.proc = None
        self.conn = None
        self.task = None

    def exit_reason_after_join(self) -> str:
        if self.proc is not None:
            self.proc.join(KILL_GRACE_S)
        return self.exit_reason()

    def exit_reason(self) -> str:
        code = self.proc.exitcode if self.proc is not None else None
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = str(-code)
            if -code == signal.SIGKILL:
                return f"reader killed ({name}; out of memory?)"
            return f"reader crashed ({name})"
        return f"reader crashed (exit code {code})"

