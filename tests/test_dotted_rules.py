"""Dotted ruling lines (a browser's CSS ``dotted`` border: rows and columns of tiny squares) read as rules."""
import os
import shutil

import pytest

from extract.loaders.pdf.dotted import join_dotted_rules
from extract.loaders.pdf.geometry import ruled_tables
from extract.loaders.pdf.objects import Segment

DOT = 0.75  # Chromium prints ``1px dotted`` as 0.75 pt squares, 0.75 pt apart


def _dotted_h(x0, x1, y, dot=DOT):
    out, x = [], x0
    while x + dot <= x1 + 1e-6:
        out.append(Segment(x, y, x + dot, y + dot))
        x += 2 * dot
    return out


def _dotted_v(x, y0, y1, dot=DOT):
    out, y = [], y0
    while y + dot <= y1 + 1e-6:
        out.append(Segment(x, y, x + dot, y + dot))
        y += 2 * dot
    return out


def _dotted_grid(xs, ys, dot=DOT):
    segs = []
    for y in ys:
        segs += _dotted_h(xs[0], xs[-1], y, dot)
    for x in xs:
        segs += _dotted_v(x, ys[0], ys[-1], dot)
    return segs


def test_dotted_grid_becomes_rules_and_cells():
    xs, ys = [50.0, 200.0, 260.0, 320.0], [100.0, 124.0, 148.0]
    dots = _dotted_grid(xs, ys)
    assert all(max(s.x1 - s.x0, s.bottom - s.top) < 1.0 for s in dots)  # every piece shorter than a rule
    rules = join_dotted_rules(dots)
    long_h = [s for s in rules if s.x1 - s.x0 > 100]
    long_v = [s for s in rules if s.bottom - s.top > 40]
    assert len(long_h) == len(ys) and len(long_v) == len(xs)
    for s in long_h:
        assert abs(s.x0 - xs[0]) < 1 and abs(s.x1 - xs[-1]) < 2 and s.bottom - s.top <= DOT + 1e-6
    for s in long_v:
        assert s.x1 - s.x0 <= DOT + 1e-6 and abs(s.top - ys[0]) < 1 and abs(s.bottom - ys[-1]) < 2
    tables = ruled_tables(rules)
    assert len(tables) == 1 and len(tables[0]) == (len(xs) - 1) * (len(ys) - 1)


def test_larger_dots_and_dashes_join_too():
    dots = _dotted_h(10, 110, 40, dot=1.5) + _dotted_v(10, 40, 90, dot=1.5)
    rules = join_dotted_rules(dots)
    assert len(rules) == 2
    assert {s.horizontal for s in rules} == {True, False}


def test_stray_and_stacked_dots_stay_as_they_are():
    solid = Segment(0, 0, 300, 0.75)
    stray = [Segment(5, 50, 5.75, 50.75), Segment(40, 80, 40.75, 80.75), Segment(90, 20, 90.75, 20.75)]
    stacked = [Segment(60, 30, 60.75, 30.75), Segment(60, 30.75, 60.75, 31.5)]  # two border rows touching
    far_apart = [Segment(100 + 10 * k, 60, 100.75 + 10 * k, 60.75) for k in range(5)]  # a dot every 10 pt
    rules = join_dotted_rules([solid] + stray + stacked + far_apart)
    assert sorted(map(tuple, ((s.x0, s.top, s.x1, s.bottom) for s in rules))) == sorted(
        (s.x0, s.top, s.x1, s.bottom) for s in [solid] + stray + stacked + far_apart)


def test_solid_rules_pass_through():
    segs = [Segment(0, 0, 300, 0.75), Segment(0, 0, 0.75, 200), Segment(10, 10, 11, 12)]
    assert join_dotted_rules(segs) == segs


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(not CHROMIUM and os.environ.get("CI") != "true", reason="chromium not installed")

DOTTED_HTML = """<html><head><meta charset="utf-8"><style>
body { font-family: 'Noto Serif CJK SC', serif; font-size: 11pt; }
table { border-collapse: collapse; } td { border: %s; padding: 4px 10px; }
</style></head><body><table>%s</table></body></html>"""


@needs_chromium
@pytest.mark.parametrize("border", ["1px dotted #000", "2px dotted #000", "1px dashed #000"])
def test_chromium_printed_dotted_table_has_its_cells(tmp_path, border):
    import pypdfium2 as pdfium

    from extract.loaders.pdf.pdfium_reader import read_page
    from extract.testing.producers import chromium

    n_rows, n_cols = 4, 3
    rows = "".join("<tr>" + "".join(f"<td>格{r}{c}</td>" for c in range(n_cols)) + "</tr>" for r in range(n_rows))
    html = tmp_path / "t.html"
    html.write_text(DOTTED_HTML % (border, rows), encoding="utf-8")
    pdf = chromium(html, tmp_path / "t.pdf")
    doc = pdfium.PdfDocument(str(pdf))
    try:
        segs = read_page(doc[0], 1).segments
    finally:
        doc.close()
    tables = ruled_tables(join_dotted_rules(segs))
    assert [len(t) for t in tables] == [n_rows * n_cols]
