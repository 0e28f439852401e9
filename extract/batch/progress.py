"""Progress a person can read: one refreshing line on a terminal, a log line every N files otherwise.

No background thread (the local engine forks workers while it runs), so the line is redrawn from the
batch loop at most every ``REFRESH_S``.
"""
from __future__ import annotations

import sys
import time
from collections import Counter
from typing import Optional, TextIO

REFRESH_S = 0.2
STATUSES = ("ok", "partial", "failed", "skipped")


def _clock(seconds: float) -> str:
    if seconds != seconds or seconds == float("inf"):
        return "--:--"
    s = int(seconds)
    h, m = divmod(s // 60, 60)
    return f"{h}:{m:02d}:{s % 60:02d}" if h else f"{m:02d}:{s % 60:02d}"


class Progress:
    def __init__(self, total: int, resumed: int = 0, stream: Optional[TextIO] = None,
                 tty: Optional[bool] = None, every: int = 100):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.total = total
        self.resumed = resumed
        self.done = 0  # processed in this run
        self.counts: Counter = Counter()
        self.every = max(1, every)
        self.t0 = time.monotonic()
        self._drawn = 0.0

    def add(self, status: str, n: int = 1) -> None:
        self.counts[status] += n

    def update(self, status: str) -> None:
        self.done += 1
        self.counts[status] += 1
        if self.tty:
            now = time.monotonic()
            if now - self._drawn >= REFRESH_S or self.done + self.resumed == self.total:
                self._drawn = now
                self.stream.write("\r\x1b[2K" + self.line())
                self.stream.flush()
        elif self.done % self.every == 0:
            self.stream.write(self.line() + "\n")
            self.stream.flush()

    def rate(self) -> float:
        dt = time.monotonic() - self.t0
        return self.done / dt if dt > 0 else 0.0

    def line(self) -> str:
        rate = self.rate()
        left = self.total - self.resumed - self.done
        eta = left / rate if rate > 0 else float("inf")
        counts = ", ".join(f"{self.counts.get(s, 0)} {s}" for s in STATUSES if s != "skipped" or self.counts.get(s))
        pct = 100.0 * (self.done + self.resumed) / self.total if self.total else 100.0
        extra = f" ({self.resumed} resumed)" if self.resumed else ""
        return (f"{self.done + self.resumed}/{self.total} files{extra} {pct:.0f}% · {rate:.2f} files/s · "
                f"ETA {_clock(eta)} · {counts}")

    def close(self) -> None:
        if self.tty and self.done:
            self.stream.write("\n")
            self.stream.flush()
