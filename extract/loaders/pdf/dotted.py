"""Dotted and dashed ruling lines → whole rules: a pure function on segments, testable without a PDF.

A browser prints a CSS ``dotted`` border (Chromium: ``1px dotted`` → squares of 0.75 pt, 0.75 pt apart) as
thousands of tiny filled squares.  Each square is shorter than any rule the table geometry accepts, and a
square has no orientation (a column of them reads as many flat "horizontal" pieces), so a table ruled that
way has no rules at all and falls to the borderless detector.  Here runs of such dots along one line become
the one rule they draw; everything else passes through unchanged.
"""
from __future__ import annotations

from typing import Callable, Sequence

from .objects import Segment

DOT_MAX_SIZE = 3.0   # points: a piece this small both ways is a dot (or a short dash) of a broken rule
DOT_ALIGN = 0.3      # points: dots whose centres differ this little across the run stand on one line
DOT_MAX_GAP = 3.0    # points: a wider gap between neighbouring dots ends the run (the rule join tolerance)
MIN_DOTS = 3         # fewer dots in a row are no rule (two stacked border rows, a stray square)


def _is_dot(s: Segment) -> bool:
    return s.x1 - s.x0 <= DOT_MAX_SIZE and s.bottom - s.top <= DOT_MAX_SIZE


def _runs(dots: list[Segment], across: Callable[[Segment], float], start: Callable[[Segment], float],
          end: Callable[[Segment], float]) -> list[list[int]]:
    """Indexes of dots in runs along one axis: same centre across it, neighbours close along it."""
    order = sorted(range(len(dots)), key=lambda i: (across(dots[i]), start(dots[i])))
    lines: list[list[int]] = []
    for i in order:
        if lines and abs(across(dots[i]) - across(dots[lines[-1][0]])) <= DOT_ALIGN:
            lines[-1].append(i)
        else:
            lines.append([i])
    runs = []
    for line in lines:
        line.sort(key=lambda i: start(dots[i]))
        run = [line[0]]
        reach = end(dots[line[0]])
        for i in line[1:]:
            if start(dots[i]) - reach <= DOT_MAX_GAP:
                run.append(i)
            else:
                if len(run) >= MIN_DOTS:
                    runs.append(run)
                run = [i]
            reach = max(reach, end(dots[i]))
        if len(run) >= MIN_DOTS:
            runs.append(run)
    return runs


def join_dotted_rules(segments: Sequence[Segment]) -> list[Segment]:
    """The segments with every run of dots along a horizontal or vertical line replaced by one rule over
    the run (as thick as its dots).  A dot at a corner serves both the rule across and the rule down;
    dots in no run are kept as they were."""
    dots = [s for s in segments if _is_dot(s)]
    if len(dots) < MIN_DOTS:
        return list(segments)
    out = [s for s in segments if not _is_dot(s)]
    used: set[int] = set()
    for run in _runs(dots, lambda s: (s.top + s.bottom) / 2, lambda s: s.x0, lambda s: s.x1):
        used.update(run)
        ds = [dots[i] for i in run]
        out.append(Segment(min(d.x0 for d in ds), min(d.top for d in ds), max(d.x1 for d in ds),
                           max(d.bottom for d in ds)))
    for run in _runs(dots, lambda s: (s.x0 + s.x1) / 2, lambda s: s.top, lambda s: s.bottom):
        used.update(run)
        ds = [dots[i] for i in run]
        out.append(Segment(min(d.x0 for d in ds), min(d.top for d in ds), max(d.x1 for d in ds),
                           max(d.bottom for d in ds)))
    out.extend(d for i, d in enumerate(dots) if i not in used)
    return out
