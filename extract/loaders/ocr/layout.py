"""Cells drawn by ruling segments, for OCR's own use before the shared layout runs.

The page's tables, lines and paragraphs come from the PDF loader's layout (extract/loaders/pdf/layout.py),
the same for a text layer and for OCR.  OCR needs the cells earlier, on the image: a ruled cell with ink
but no detected text is read by the recognizer alone, and a lone stroke in a cell is a dash.  Rules
that touch form a table, the distinct rule positions its grid, and neighbouring grid cells are one
(merged) cell where no rule separates them.
"""
from __future__ import annotations

from typing import Sequence

from ..pdf.objects import Segment

TOUCH_TOL = 4.0          # points: rules this close touch (scans leave small gaps at crossings)
POSITION_TOL = 4.0       # points: rules this close are the same grid line
BORDER_COVER = 0.6       # a grid cell side is ruled when a rule covers this share of it
# A lone horizontal stroke in a table cell is a dash (a zero): the recognizer cannot tell it from 一 or =
DASH_LOOKALIKES = {"一", "=", "_", "ー", "―", "一一", "--"}


def _touch(a: Segment, b: Segment, tol: float = TOUCH_TOL) -> bool:
    return not (a.x1 + tol < b.x0 or b.x1 + tol < a.x0 or a.bottom + tol < b.top or b.bottom + tol < a.top)


def cluster_segments(segments: Sequence[Segment]) -> list[list[Segment]]:
    """Groups of rules connected by touching or crossing: one group per drawn table."""
    parent = list(range(len(segments)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(segments)):
        for j in range(i + 1, len(segments)):
            if segments[i].horizontal != segments[j].horizontal and _touch(segments[i], segments[j]):
                parent[find(i)] = find(j)
    groups: dict[int, list[Segment]] = {}
    for i, s in enumerate(segments):
        groups.setdefault(find(i), []).append(s)
    return list(groups.values())


def _positions(values: list[float], tol: float = POSITION_TOL) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def _covered(rules: list[tuple[float, float, float]], pos: float, lo: float, hi: float) -> bool:
    """Some rule at ``pos`` (within tolerance) covers most of [lo, hi]."""
    need = BORDER_COVER * (hi - lo)
    got = 0.0
    for p, a, b in rules:
        if abs(p - pos) <= POSITION_TOL:
            got += max(0.0, min(b, hi) - max(a, lo))
    return got >= need


def cell_boxes(group: Sequence[Segment]) -> list[tuple[float, float, float, float]]:
    """The cells a group of rules draws, merged cells as one box."""
    hs = [((s.top + s.bottom) / 2, s.x0, s.x1) for s in group if s.horizontal]
    vs = [((s.x0 + s.x1) / 2, s.top, s.bottom) for s in group if not s.horizontal]
    ys = _positions([h[0] for h in hs])
    xs = _positions([v[0] for v in vs])
    if len(ys) < 2 or len(xs) < 2:
        return []
    nr, nc = len(ys) - 1, len(xs) - 1
    parent = {(r, c): (r, c) for r in range(nr) for c in range(nc)}

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and not _covered(vs, xs[c + 1], ys[r], ys[r + 1]):
                parent[find((r, c))] = find((r, c + 1))
            if r + 1 < nr and not _covered(hs, ys[r + 1], xs[c], xs[c + 1]):
                parent[find((r, c))] = find((r + 1, c))
    regions: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for k in parent:
        regions.setdefault(find(k), []).append(k)
    boxes = []
    for members in regions.values():
        r0 = min(r for r, _ in members)
        r1 = max(r for r, _ in members) + 1
        c0 = min(c for _, c in members)
        c1 = max(c for _, c in members) + 1
        if len(members) != (r1 - r0) * (c1 - c0):
            continue  # not a rectangle: open area around the table, not a cell
        # a real cell is closed: its outer sides are ruled
        if not (_covered(hs, ys[r0], xs[c0], xs[c1]) and _covered(hs, ys[r1], xs[c0], xs[c1])
                and _covered(vs, xs[c0], ys[r0], ys[r1]) and _covered(vs, xs[c1], ys[r0], ys[r1])):
            continue
        boxes.append((xs[c0], ys[r0], xs[c1], ys[r1]))
    return boxes
