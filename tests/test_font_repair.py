"""Partly wrong font maps: glyphs whose text cannot be what they draw are read again from their ink.

The pure parts (which glyph is suspect, the runs cropped, the alignment) are tested on hand-made glyphs;
the repair itself on sentences drawn with a CJK font, their text layer corrupted the way a re-distilled
Type 3 font's map is (a Han character as a Latin-1 letter, a control, 、/。 as 1/2), read by the real
recognizer.  Chromium → Ghostscript PDFs, where this happens, are held to the matrix bar in
test_producers.py.
"""
import random
from pathlib import Path

import numpy as np
import pytest

from extract.loaders.ocr.font_repair import CONTEXT_GLYPHS, align, is_suspect, repair_page, repaired_text, runs, suspects
from extract.loaders.pdf.objects import Glyph, PageObjects


def _g(text, x0, top=100.0, size=10.0, width=None):
    w = size if width is None else width
    return Glyph(text, x0, top, x0 + w, top + size, size=size)


def test_full_width_latin_and_controls_are_suspect_narrow_latin_and_han_are_not():
    assert is_suspect(_g("ç", 0)) and is_suspect(_g("1", 0)) and is_suspect(_g("P", 0))
    assert is_suspect(_g("\x80", 0)) and is_suspect(_g("\x7f", 0, width=4))
    assert not is_suspect(_g("1", 0, width=5))      # a digit in a Latin font: half width
    assert not is_suspect(_g("+", 0, width=8.4))    # the widest Latin signs printed between Han stay under it
    assert not is_suspect(_g("年", 0)) and not is_suspect(_g("，", 0)) and not is_suspect(_g("（", 0))
    assert not is_suspect(_g("\x80", 0, width=0.5))  # a zero-width control is no drawn glyph
    assert not is_suspect(_g("\t", 0, width=3.5))   # a narrow blank (a tab's map) is a blank
    assert suspects(PageObjects(1, 600, 800, glyphs=[_g(ch, 10 * i) for i, ch in enumerate("本ç告\t所列")])) == [1, 3]
    assert is_suspect(_g("\ufffd", 0)) and not is_suspect(_g("\ufffd", 0, width=5))  # no map: Han if full width
    ocr_page = PageObjects(1, 600, 800, glyphs=[_g("ç", 0)], source="ocr")
    assert suspects(ocr_page) == []                  # OCR output is not a font map
    percent = PageObjects(1, 600, 800, glyphs=[_g("1", 0, width=5), _g("0", 5, width=5), _g("%", 10, width=9.2),
                                               _g("以", 20), _g("%", 30, width=9.2), _g("上", 40)])
    assert suspects(percent) == [4]                  # 100% is a percentage; 以%上 is a mis-named glyph
    latin = PageObjects(1, 600, 800, glyphs=[_g("W", 0, width=9.4), _g("P", 10, width=6), _g("S", 20, width=6)])
    assert suspects(latin) == []                     # a wide capital beside Latin letters is Latin text
    dejavu = PageObjects(1, 600, 800, glyphs=[_g("c", 0, width=5.5), _g("o", 6, width=6), _g("m", 12, width=9.7),
                                              _g("）", 22)])
    assert suspects(dejavu) == []                    # DejaVu's m is nearly full width: .com is Latin text
    pair = PageObjects(1, 600, 800, glyphs=[_g(ch, 10 * i) for i, ch in enumerate("政府~s发布")])
    assert suspects(pair) == [2, 3]                  # two mis-named glyphs side by side do not excuse each other
    mostly_wrong = PageObjects(1, 600, 800, glyphs=[_g(ch, 10 * i) for i, ch in enumerate("çæ×Ø报告")])
    assert suspects(mostly_wrong) == [0, 1, 2, 3]   # a map wrong nearly throughout is read all the same ...
    mostly_wrong.glyphs.append(_g("\ufffd", 70, width=5))
    assert suspects(mostly_wrong) == []              # ... unless glyphs without a map the repair cannot name remain
    assert suspects(PageObjects(1, 600, 800, glyphs=[_g(ch, 10 * i) for i, ch in enumerate("本ç告中所列")])) == [1]


def test_runs_hold_each_suspect_once_and_stop_at_column_gaps_and_other_lines():
    line = [_g(ch, 10 + 10 * i) for i, ch in enumerate("本ç告中所")]          # one run: x 10–60
    cell = [_g(ch, 200 + 10 * i) for i, ch in enumerate("P一项目")]            # after a column gap
    below = [_g(ch, 10 + 10 * i, top=130) for i, ch in enumerate("第ÿ一Ā项")]  # the next line
    glyphs = line + cell + below
    marked = [i for i, g in enumerate(glyphs) if is_suspect(g)]
    found = runs(glyphs, marked)
    assert sorted(j for r in found for j in r if j in marked) == marked
    texts = ["".join(glyphs[j].text for j in r) for r in found]
    assert texts == ["本ç告中所", "P一项目", "第ÿ一Ā项"]


def test_runs_keep_a_bounded_context_around_a_suspect():
    glyphs = [_g("字", 10 * i) for i in range(60)]
    glyphs[30].text = "ç"
    (run,) = runs(glyphs, [30])
    assert 30 in run and len(run) <= 2 * CONTEXT_GLYPHS + 1 and run == sorted(run)


@pytest.mark.parametrize("known, read, want", [
    ("本?告中", "本报告中", ["本", "报", "告", "中"]),
    ("本?度，?单位", "本年度，我单位", ["本", "年", "度", "，", "我", "单", "位"]),
    ("二??动公开", "二、主动公开", ["二", "、", "主", "动", "公", "开"]),
    ("第?一?项", "第（一）项", ["第", "（", "一", "）", "项"]),
    ("(三)?予公开", "（三）不予公开", ["（", "三", "）", "不", "予", "公", "开"]),  # known text folded, read not
    ("本?告中", "本报告中所", ["本", "报", "告", "中"]),         # the recognizer read a glyph beyond the run
    ("本?告中所", "本报中所", ["本", "报", None, "中", "所"]),  # ... or missed one
])
def test_alignment_gives_each_suspect_the_character_read_there(known, read, want):
    k = [None if ch == "?" else ch for ch in known]
    got = [read[j] if j is not None else None for j in align(k, read)]
    assert got == want


def test_a_suspect_takes_han_or_chinese_punctuation_never_a_latin_letter_or_digit():
    assert repaired_text("ç", "报") == "报"
    assert repaired_text("1", "、") == "、"
    assert repaired_text("2", ".") == "．" and repaired_text("2", ",") == "，"
    assert repaired_text("%", "％") is None          # the same sign read back: left as printed
    assert repaired_text("P", "P") is None and repaired_text("ç", "c") is None and repaired_text("1", "7") is None


# ---------------------------------------------------------------- the repair, with the real recognizer

FONTS = [Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
         Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),
         Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")]
SENTENCES = [
    "本年度我单位共收到政府信息公开申请15件，已全部按期答复。",
    "全年主动公开政府信息2360条，其中在政府网站发布1820条。",
    "因政府信息公开被申请行政复议2件、提起行政诉讼1件。",
    "下一步，我局将进一步加强政府信息公开平台建设。",
    "第二十条第（一）项：规章、规范性文件的制发与废止情况。",
]
WRONG = "çæ×ØòóÿĀ¿À~sPQrO\x7f\x80"  # what a re-distilled Type 3 font's map gave for Han glyphs
PUNCT_AS_DIGIT = {"、": "1", "。": "2"}


def _page(sentence: str, font: Path, size_pt: float, rng: random.Random):
    """The sentence drawn at size_pt (one glyph per character, boxes from the font's advances), and a
    text layer with about one glyph in five mis-named."""
    from PIL import Image, ImageDraw, ImageFont

    scale = 200 / 72  # the page is drawn at 200 dpi; the repair renders at its own scale
    face = ImageFont.truetype(str(font), int(round(size_pt * scale)))
    width_pt = 72 + sum(face.getlength(ch) for ch in sentence) / scale + 72
    page = Image.new("L", (int(width_pt * scale) + 1, int(160 * scale)), 255)
    draw = ImageDraw.Draw(page)
    glyphs, truth = [], []
    x, top = 72.0, 60.0
    for ch in sentence:
        adv = face.getlength(ch) / scale
        draw.text((x * scale, top * scale), ch, font=face, fill=0)
        text = ch
        if ch in PUNCT_AS_DIGIT and rng.random() < 0.7:
            text = PUNCT_AS_DIGIT[ch]
        elif "\u4e00" <= ch <= "\u9fff" and rng.random() < 0.2:
            text = rng.choice(WRONG)
        glyphs.append(Glyph(text, x, top, x + adv, top + size_pt * 1.16, size=size_pt))
        truth.append(ch)
        x += adv
    img = np.asarray(page)

    def render(k: float):
        from PIL import Image as I
        h, w = img.shape
        return np.asarray(I.fromarray(img).resize((int(w * k / scale), int(h * k / scale)), I.BILINEAR))
    return PageObjects(1, width_pt, 160, glyphs=glyphs), truth, render


@pytest.mark.skipif(not FONTS[0].exists(), reason="fonts-noto-cjk not installed")
def test_mis_named_glyphs_are_read_again_in_varied_fonts_and_sizes():
    from extract.loaders.ocr.engine import recognize_crops

    rng = random.Random(7)
    wrong_before = fixed = wrong_after = 0
    for i, sentence in enumerate(SENTENCES * 2):
        font = FONTS[i % len(FONTS)] if FONTS[i % len(FONTS)].exists() else FONTS[0]
        po, truth, render = _page(sentence, font, rng.choice([9.0, 10.5, 12.0, 14.0]), rng)
        before = [g.text for g in po.glyphs]
        wrong_before += sum(a != b for a, b in zip(before, truth))
        repair_page(po, render, recognize_crops)
        after = [g.text for g in po.glyphs]
        for b, a, t in zip(before, after, truth):
            if b != t:
                fixed += a == t
            wrong_after += a != t
            assert b == t or a in (b, t) or not a.isdigit(), (sentence, b, a, t)  # never a new figure
        # figures and correct glyphs are never touched
        assert all(a == b for a, b, t in zip(after, before, truth) if b == t), sentence
    print("font repair:", fixed, wrong_before, wrong_after)
    assert wrong_before >= 25
    assert fixed / wrong_before >= 0.95 and wrong_after <= 0.05 * wrong_before, (fixed, wrong_before, wrong_after)


@pytest.mark.skipif(not FONTS[0].exists(), reason="fonts-noto-cjk not installed")
def test_a_glyph_read_the_same_way_twice_is_not_read_again_and_two_glyphs_of_one_wrong_text_stay_apart():
    """One font's map gives 三 and 不 the same wrong text: the memory tells them apart by shape, and a glyph
    it has settled costs no crop on the next page."""
    from extract.loaders.ocr.engine import recognize_crops
    from extract.loaders.ocr.font_repair import GlyphMemory

    memory = GlyphMemory()
    crops_per_page = []
    sentences = ["（三）不予公开的三类信息不得公开，三是不再处理。", "三是不断完善制度，不予处理的三件均已说明。",
                 "第三，不动产登记信息三条，不属于本机关。", "三要不折不扣落实，三是不搞形式。"]
    for sentence in sentences:
        po, truth, render = _page(sentence, FONTS[0], 10.5, random.Random(0))
        for g, t in zip(po.glyphs, truth):
            g.font = "F"
            g.text = "O" if t in "三不" else t  # only these two are mis-named, both as O
        seen = []

        def counting(crops):
            seen.append(len(crops))
            return recognize_crops(crops)
        repair_page(po, render, counting, memory)
        crops_per_page.append(sum(seen))
        assert [g.text for g in po.glyphs] == truth, sentence
    assert crops_per_page[0] > 0 and crops_per_page[-1] == 0, crops_per_page  # both glyphs settled by then


def test_a_line_cut_by_a_page_break_is_completed_from_its_copy_on_the_next_page():
    """wkhtmltopdf paints a line cut by a page break on both pages, each copy clipped: the page's clipped
    glyphs find their hidden copies on the next page (same text, font, x) and take the ink shown there."""
    from extract.loaders.ocr.font_repair import fill_clipped, twin_shift

    scale = 2.0
    size = 10.0
    here = [Glyph(ch, 100 + 10 * i, 780, 110 + 10 * i, 790, size=size, font="F", clipped=True)
            for i, ch in enumerate("ÿP~")]
    there = [Glyph(g.text, g.x0, g.top - 770, g.x1, g.bottom - 770, size=size, font="F", clipped=True)
             for g in here]
    decoy = Glyph("P", 300, 5, 310, 15, size=size, font="other", clipped=True)  # another font's P: no copy
    assert twin_shift(here, there + [decoy]) == -770
    assert twin_shift(here, [decoy]) is None

    full = np.full((int(800 * scale), int(600 * scale)), 255, dtype=np.uint8)
    ink = full.copy()
    ink[int(781 * scale):int(789 * scale), int(101 * scale):int(129 * scale)] = 0  # the line's ink
    page = ink.copy()
    page[int(785 * scale):, :] = 255           # this page shows the top half only
    other = full.copy()                        # the next page shows the bottom half, 770 pt higher
    other[int(15 * scale):int(19 * scale), int(101 * scale):int(129 * scale)] = 0
    po = PageObjects(1, 600, 800, glyphs=here)
    twin_po = PageObjects(2, 600, 800, hidden=there)
    done = fill_clipped(page, po, scale, lambda step: (twin_po, lambda k: other) if step == 1 else None)
    region = (slice(int(781 * scale), int(789 * scale)), slice(int(101 * scale), int(129 * scale)))
    assert (done[region] == 0).all() and (page[region] == 255).any()
    assert (fill_clipped(page, po, scale, lambda step: None) == page).all()  # no next page: as it was


def test_a_re_distilled_browser_print_is_repaired_under_ocr_auto_and_flagged_under_ocr_off(tmp_path):
    """Chromium → Ghostscript end to end: the loader repairs the mis-named glyphs (listed in repaired_pages,
    no page read by OCR whole, the title's characters right); with OCR off it says the map is wrong."""
    import os

    from extract.loaders.pdf.loader import load_pdf
    from extract.options import Options
    from extract.testing import producers as P
    from extract.testing.generator import HtmlLook, docx_to_html, generate_set

    missing = P.missing_programs("ghostscript-chromium")
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"producer missing in CI: {', '.join(missing)}")
        pytest.skip(f"producer not installed: {', '.join(missing)}")
    (gen,) = generate_set(tmp_path, 1, seed=5)
    html = docx_to_html(tmp_path / "reports" / f"{gen.stem}.docx", tmp_path / "page.html",
                        HtmlLook.random(random.Random(5), "ruled"))
    pdf = P.render("ghostscript", P.render("chromium", html, tmp_path / "c.pdf"), tmp_path / "gs.pdf")

    off = load_pdf(pdf, Options(ocr="off"))
    assert any("font map partly wrong" in w for w in off.warnings), off.warnings
    auto = load_pdf(pdf, Options(ocr="auto"))
    assert auto.repaired_pages and not auto.ocr_pages and not any("font map" in w for w in auto.warnings)
    text = "".join(b.text for b in auto.paragraphs)
    assert "政府信息公开工作年度报告" in text
    stray = sum(1 for ch in text if 0x80 <= ord(ch) <= 0x24F or ord(ch) < 0x20)
    assert stray <= 0.002 * len(text), stray
