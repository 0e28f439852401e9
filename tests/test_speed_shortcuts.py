"""The faster ways of the run give what the slower ones they replace gave (no timing here: bench/bench_pdf.py
measures).  Each shortcut against the code it replaced, kept here as the reference, on generated inputs."""
from __future__ import annotations

import random
from difflib import SequenceMatcher

import pytest

from extract.loaders.pdf import borderless, lines, rule_grid
from extract.loaders.pdf.objects import Glyph


def _edges(rng: random.Random, n: int) -> list[dict]:
    """Rules of a few grids, jittered, broken and duplicated, as the page readers give them."""
    out = []
    for _ in range(n):
        x0, top = rng.uniform(20, 300), rng.uniform(20, 600)
        cols = sorted({round(x0 + rng.uniform(0, 250), rng.choice((0, 1, 2))) for _ in range(rng.randint(2, 6))})
        rows = sorted({round(top + rng.uniform(0, 200), rng.choice((0, 1, 2))) for _ in range(rng.randint(2, 8))})
        for y in rows:
            for a, b in zip(cols, cols[1:]):  # a rule per cell side, as Word and WPS draw them
                j = rng.uniform(-1.5, 1.5) if rng.random() < 0.3 else 0.0
                out.append({"x0": a, "x1": b + rng.choice((0, 0, 0.5, -2.5)), "top": y + j, "bottom": y + j,
                            "width": b - a, "height": 0.0, "orientation": "h"})
        for x in cols:
            for a, b in zip(rows, rows[1:]):
                j = rng.uniform(-1.5, 1.5) if rng.random() < 0.3 else 0.0
                out.append({"x0": x + j, "x1": x + j, "top": a, "bottom": b + rng.choice((0, 0, 1.0, -4.0)),
                            "width": 0.0, "height": b - a, "orientation": "v"})
    rng.shuffle(out)
    return out


def test_rule_grid_is_pdfplumbers_table_geometry():
    from pdfplumber.table import cells_to_tables, edges_to_intersections, merge_edges

    from extract.loaders.pdf.geometry import cells_from_intersections

    with_cells = 0
    for seed in range(40):
        rng = random.Random(seed)
        edges = _edges(rng, rng.randint(1, 3))
        ours = rule_grid.merge_edges(edges, 3, 3, 3, 3)
        theirs = merge_edges(edges, 3, 3, 3, 3)
        assert ours == theirs
        points = rule_grid.edges_to_intersections(ours, 3, 3)
        assert points == edges_to_intersections(theirs, 3, 3)
        cells = cells_from_intersections(points)
        assert rule_grid.cells_to_tables(cells) == cells_to_tables(cells)
        with_cells += bool(cells)
    assert with_cells >= 30  # most grids did close cells


def _glyphs(rng: random.Random, n: int) -> list[Glyph]:
    """Lines of mixed-size text with raised digits, blanks, flat glyphs and fake-bold copies."""
    out = []
    y = 30.0
    while len(out) < n:
        size = rng.choice((9.0, 10.5, 12.0, 16.0))
        x = rng.uniform(20, 80)
        for _ in range(rng.randint(1, 30)):
            ch = rng.choice("的年度申请件数量 0123456789,%本公开")
            s = size * rng.choice((1.0, 1.0, 0.8))
            shift = rng.choice((0.0, 0.0, -0.3 * s, 0.25 * s))
            h = 0.5 if rng.random() < 0.03 else s
            g = Glyph(ch, x, y + shift, x + s * rng.uniform(0.5, 1.0), y + shift + h, size=s,
                      font=rng.choice(("SimSun", "Arial")))
            out.append(g)
            if rng.random() < 0.1:  # drawn again (fake bold), within or just beyond the tolerance
                d = rng.choice((0.3, 0.9, 1.2))
                out.append(Glyph(ch, g.x0 + d, g.top + rng.choice((0.0, d)), g.x1 + d, g.bottom, size=g.size,
                                 font=g.font))
            x = g.x1 + rng.choice((0.0, 0.5, 2.0, 20.0))
        y += size * rng.uniform(0.9, 2.5)
    return out


def _dedupe_reference(glyphs, tol=lines.DEDUPE_TOLERANCE):
    cells: dict = {}
    out = []
    for g in glyphs:
        fx, fy = g.x0 / (2 * tol), g.top / (2 * tol)
        gx, gy = int(fx), int(fy)
        nx = gx + (1 if fx - gx >= 0.5 else -1)
        ny = gy + (1 if fy - gy >= 0.5 else -1)
        key = (g.text, g.font, round(g.size, 1))
        if any(any(abs(g.x0 - x) <= tol and abs(g.top - t) <= tol for x, t in cells.get(key + c, ()))
               for c in ((gx, gy), (nx, gy), (gx, ny), (nx, ny))):
            continue
        cells.setdefault(key + (gx, gy), []).append((g.x0, g.top))
        out.append(g)
    return out


def _build_lines_reference(glyphs, fraction=lines.LINE_OVERLAP_FRACTION):
    """lines.build_lines before the overlap test was inlined: the line of each glyph."""
    m = lines.MIN_GLYPH_HEIGHT

    def overlap(top, bottom, g):
        return min(bottom, g.bottom) - max(top, g.top)

    def fits(ln, g):
        h, lh = g.bottom - g.top, ln.band_bottom - ln.band_top
        if h < m or lh < m:
            return ln.band_top - m <= (g.top + g.bottom) / 2 <= ln.band_bottom + m
        return overlap(ln.band_top, ln.band_bottom, g) >= fraction * min(h, lh)

    ink = sorted((g for g in glyphs if not g.text.isspace()), key=lambda g: (g.top, g.x0))
    out, open_lines = [], []
    for g in ink:
        open_lines = [ln for ln in open_lines if ln.band_bottom >= g.top - m]
        best, best_ov = None, None
        for ln in open_lines:
            if fits(ln, g):
                ov = overlap(ln.band_top, ln.band_bottom, g)
                if best is None or ov > best_ov:
                    best, best_ov = ln, ov
        if best is None:
            best = lines.TextLine(glyphs=[], top=g.top, bottom=g.bottom, x0=g.x0, x1=g.x1, band_top=g.top,
                                  band_bottom=g.bottom)
            out.append(best)
            open_lines.append(best)
        elif g.bottom - g.top > best.height:
            best.band_top, best.band_bottom = g.top, g.bottom
        best.glyphs.append(g)
    return [[id(g) for g in ln.glyphs] for ln in out]


def _borderless_rows_reference(glyphs):
    gs = sorted((g for g in glyphs if g.text and not g.text.isspace()), key=lambda g: (g.cy, g.x0))
    rows: list = []
    for g in gs:
        if rows:
            cur = rows[-1]
            cy = sum(x.cy for x in cur) / len(cur)
            size = min(max(x.size for x in cur), g.size) or 10.0
            if abs(g.cy - cy) <= borderless.LINE_TOL * size:
                cur.append(g)
                continue
        rows.append([g])
    return rows


@pytest.mark.parametrize("seed", range(30))
def test_line_building_shortcuts_match_the_code_they_replaced(seed, monkeypatch):
    rng = random.Random(seed)
    glyphs = _glyphs(rng, rng.randint(5, 400))
    kept = lines.dedupe_glyphs(glyphs)
    assert [id(g) for g in kept] == [id(g) for g in _dedupe_reference(glyphs)]
    assert len(kept) < len(glyphs) or len(glyphs) < 40  # copies were drawn and dropped
    ours = lines.build_lines(kept)
    ref = _build_lines_reference(kept)
    assert sorted(sorted(map(id, (g for g in ln.glyphs if not g.text.isspace()))) for ln in ours) == \
        sorted(sorted(r) for r in ref)
    # borderless rows: the same groups of glyphs as summing each row again for every glyph
    captured = []
    real_chunk = borderless._chunk
    monkeypatch.setattr(borderless, "_chunk", lambda gs: captured.append([id(g) for g in gs]) or real_chunk(gs))
    borderless.build_lines(kept)
    rows = _borderless_rows_reference(kept)
    assert sorted(i for c in captured for i in c) == sorted(id(g) for r in rows for g in r)
    by_row = {id(g): k for k, r in enumerate(rows) for g in r}
    assert all(len({by_row[i] for i in c}) == 1 for c in captured)  # no chunk spans two reference rows


def _label_score_reference(label: str, aliases) -> float:
    from extract.codebook import CONTAIN_SCORE, clean_label

    best = 0.0
    for a in aliases:
        ka = clean_label(a)
        if not ka:
            continue
        if ka == label:
            return 1.0
        s = SequenceMatcher(None, label, ka, autojunk=False).ratio() if label and ka else 0.0
        if len(ka) >= 2 and (ka in label or (label in ka and len(label) >= max(2, len(ka) * 0.6))):
            s = max(s, CONTAIN_SCORE * min(1.0, (len(ka) + 4) / (len(label) + 4)) + 0.05)
        best = max(best, s)
    return best


def test_label_score_bounds_skip_only_what_cannot_win():
    from extract.codebook import _label_score, clean_label, table_labels

    cfg = table_labels()
    entries = list(cfg["table3"]["rows"]) + list(cfg["table2"]["items"]) + list(cfg["pre2019"]["rows"])
    aliases = [tuple(e.get("labels", [])) for e in entries]
    words = sorted({w for a in aliases for w in a})
    rng = random.Random(7)
    labels = [clean_label(w) for w in words]
    for _ in range(300):  # labels as printed: cut, misspelt, joined, with stray characters
        w = rng.choice(words)
        k = rng.randrange(len(w) + 1)
        labels.append(clean_label(rng.choice((w[:k], w[k:], w[:k] + rng.choice(words), w.replace(w[k - 1], "某")
                                              if k else w, w + "情况", "其他" + w))))
    n = 0
    for label in filter(None, labels):
        for al in rng.sample(aliases, 12):
            assert _label_score(label, al) == _label_score_reference(label, al)
            n += 1
    assert n > 1000


def test_excel_safe_column_is_excel_safe_on_every_value():
    import pandas as pd

    from extract.writers import excel_safe, excel_safe_column

    values = ["=SUM(A1)", "+1", "-8", "@x", "\tcell", "\rcell", "主动公开", "", None, "a=b", "'=quoted", "12"]
    for dtype in ("string", object):
        s = pd.Series(values * 3, dtype=dtype)
        got, per_value = excel_safe_column(s), s.map(excel_safe, na_action="ignore")
        assert got.dtype == per_value.dtype
        assert got.fillna("<NA>").tolist() == per_value.fillna("<NA>").tolist()
    plain = pd.Series(["主动公开", None, "12"], dtype="string")
    assert excel_safe_column(plain).tolist() == plain.tolist()
    mixed = pd.Series(["=1", 3, None, 2.5], dtype=object)  # an extra column of other values
    assert excel_safe_column(mixed).tolist() == ["'=1", 3, None, 2.5]
