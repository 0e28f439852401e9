"""Visual lines from glyphs whatever the font, height or baseline: pure, and on a PDF with mixed fonts."""
import shutil
import subprocess
import tempfile
from pathlib import Path

import os
import pytest

from extract.loaders.pdf.lines import build_lines, dedupe_glyphs, glyphs_text, lines_text
from extract.loaders.pdf.objects import Glyph


def _run(text, x, top, height, size=12.0, font="CJK", advance=12.0):
    return [Glyph(ch, x + i * advance, top, x + i * advance + advance, top + height, size=size, font=font)
            for i, ch in enumerate(text)]


def test_digits_in_another_font_with_other_box_and_baseline_join_the_line():
    # the drawing order puts the digits last (a second font's text object), their box is shorter and
    # raised: grouping by exact top/baseline would give "本年度全区共收到件申请" + "70"
    cjk1 = _run("本年度全区共收到", 70, 100, 12)
    cjk2 = _run("件申请", 70 + 8 * 12 + 12, 100, 12)
    digits = _run("70", 70 + 8 * 12, 96.5, 9, size=10, font="Latin", advance=6)
    nxt = _run("其中：", 70, 116, 12)
    lines = build_lines(cjk1 + cjk2 + nxt + digits)
    assert [ln.text for ln in lines] == ["本年度全区共收到70件申请", "其中："]


def test_lowered_and_taller_glyphs_and_touching_lines():
    a = _run("政府信息", 70, 100, 12)
    sub = _run("2", 118, 104, 12, advance=6)  # lowered by a third of the height
    tall = _run("公开", 124, 98, 16, size=16, advance=16)  # a bigger font, same line
    below = _run("第二行", 70, 112, 12)  # touches the first line's band, does not overlap it
    lines = build_lines(below + tall + a + sub)
    assert [ln.text for ln in lines] == ["政府信息2公开", "第二行"]


def test_spaces_from_gaps_and_blank_glyphs():
    g = _run("95", 70, 100, 12, advance=6) + _run("0", 100, 100, 12, advance=6) + _run("0", 112, 100, 12, advance=6)
    assert glyphs_text(sorted(g, key=lambda x: x.x0)) == "95 0 0"
    tight = _run("ab", 70, 100, 12, advance=6) + [Glyph(" ", 82, 100, 85, 112)] + _run("cd", 85, 100, 12, advance=6)
    assert build_lines(tight)[0].text == "ab cd"
    assert lines_text(_run("上行", 0, 0, 10) + _run("下行", 0, 14, 10)) == "上行\n下行"


def test_dedupe_keeps_first_and_only_near_copies():
    g = _run("公开", 70, 100, 12)
    again = _run("公开", 70.4, 100.3, 12)
    far = _run("公开", 90, 100, 12)
    kept = dedupe_glyphs(g + again + far)
    assert len(kept) == 4 and kept[:2] == g


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(not CHROMIUM and os.environ.get("CI") != "true", reason="chromium not installed")

MIXED_HTML = """<html><head><meta charset="utf-8"><style>
body { font-family: 'Noto Serif CJK SC', serif; font-size: 15pt; }
.n { font-family: 'DejaVu Sans', sans-serif; font-size: 11pt; }
.up { vertical-align: 4pt; } .down { vertical-align: -3pt; }
</style></head><body>
<p>本年度全区共收到<span class="n up">70</span>件申请，办结<span class="n down">68</span>件。</p>
<p>主动公开政府信息<span class="n">2428</span>条，其中<span class="n up">12</span>条为规章。</p>
</body></html>"""


def print_html(html: str, out: Path) -> Path:
    src = out.with_suffix(".html")
    src.write_text(html, encoding="utf-8")
    with tempfile.TemporaryDirectory() as prof:
        subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={prof}",
                        f"--print-to-pdf={out}", "--no-pdf-header-footer", src.as_uri()],
                       check=True, capture_output=True, timeout=120)
    return out


@needs_chromium
@pytest.mark.parametrize("engine", ["plumber", "pdfium"])
def test_mixed_fonts_and_baselines_in_a_browser_pdf(tmp_path, engine):
    from extract.loaders.pdf import load_pdf
    from extract.options import Options

    pdf = print_html(MIXED_HTML, tmp_path / "mixed.pdf")
    texts = [p.text for p in load_pdf(pdf, Options(pdf_engine=engine)).paragraphs]
    assert "本年度全区共收到70件申请，办结68件。" in texts
    assert "主动公开政府信息2428条，其中12条为规章。" in texts
