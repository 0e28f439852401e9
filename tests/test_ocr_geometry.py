"""OCR page geometry without the recognizer: deskew, ruling lines, cells from rules, cell ink, glyph lines."""
import cv2
import numpy as np
import pytest

from extract.loaders.ocr.image import deskew, estimate_skew, find_rules, ink_box, binarize, rotate
from extract.loaders.ocr.layout import cell_boxes, cluster_segments
from extract.loaders.ocr.page import OcrStats, dedupe_glyphs
from extract.loaders.ocr.pdf_pages import OcrRun, cjk_share, mark_provenance, record_page, score_cells, stray_share
from extract.loaders.pdf.layout import layout_page
from extract.loaders.pdf.loader import _assemble
from extract.loaders.pdf.geometry import grid_from_boxes
from extract.loaders.pdf.objects import Glyph, PageObjects, Segment


def _ruled_page(dpi: int, rows=(1.0, 1.5, 2.0, 2.5), cols=(1.0, 3.0, 4.0, 5.0), text_rows=12):
    """A white page at dpi with a ruled grid (inches) and lines of fake text below it."""
    w, h = int(8.27 * dpi), int(11.69 * dpi)
    img = np.full((h, w), 255, np.uint8)
    for y in rows:
        cv2.line(img, (int(cols[0] * dpi), int(y * dpi)), (int(cols[-1] * dpi), int(y * dpi)), 0, max(1, dpi // 100))
    for x in cols:
        cv2.line(img, (int(x * dpi), int(rows[0] * dpi)), (int(x * dpi), int(rows[-1] * dpi)), 0, max(1, dpi // 100))
    for i in range(text_rows):
        y = int((3.5 + i * 0.3) * dpi)
        for k in range(30):  # "characters": small blobs with gaps, like a line of text
            x = int((1.0 + k * 0.2) * dpi)
            cv2.rectangle(img, (x, y), (x + int(0.12 * dpi), y + int(0.12 * dpi)), 0, -1)
    return img


@pytest.mark.parametrize("angle", [-0.9, -0.4, 0.3, 0.8])
def test_skew_is_found_and_undone(angle):
    img = rotate(_ruled_page(150), angle)
    est = estimate_skew(img)
    assert est == pytest.approx(-angle, abs=0.08)
    level, applied = deskew(img)
    assert applied == pytest.approx(-angle, abs=0.08)
    assert abs(estimate_skew(level)) <= 0.08


def test_level_page_is_left_alone():
    img = _ruled_page(150)
    out, applied = deskew(img)
    assert applied == 0.0 and out is img


@pytest.mark.parametrize("dpi", [150, 300])
def test_rules_found_at_any_resolution_and_text_is_not_a_rule(dpi):
    rules, mask = find_rules(_ruled_page(dpi), dpi)
    hs = [r for r in rules if r.horizontal]
    vs = [r for r in rules if not r.horizontal]
    assert len(hs) == 4 and len(vs) == 4  # the fake text blobs (0.12 in) are not rules
    assert all(abs((r.x1 - r.x0) - 4 * dpi) <= 6 for r in hs)
    assert mask[int(1.0 * dpi), int(2 * dpi)] > 0


def _seg_h(y, x0, x1):
    return Segment(x0, y - 0.5, x1, y + 0.5)


def _seg_v(x, t, b):
    return Segment(x - 0.5, t, x + 0.5, b)


def test_cells_from_rules_with_merged_cells():
    # 3 columns x 3 rows; the first column's last two rows are merged, the header spans cols 1-2
    xs, ys = [0, 100, 200, 300], [0, 20, 40, 60]
    segs = [_seg_h(ys[0], 0, 300), _seg_h(ys[3], 0, 300),
            _seg_h(ys[1], 0, 300),                 # under the header row
            _seg_h(ys[2], 100, 300),               # not across the merged label cell
            _seg_v(xs[0], 0, 60), _seg_v(xs[3], 0, 60), _seg_v(xs[1], 0, 60),
            _seg_v(xs[2], 20, 60)]                 # the header cell over cols 1-2 is one
    groups = cluster_segments(segs)
    assert len(groups) == 1
    boxes = sorted(cell_boxes(groups[0]))
    grid = {(g.row, g.col): (g.row_span, g.col_span) for g in grid_from_boxes(boxes)}
    assert grid == {(0, 0): (1, 1), (0, 1): (1, 2), (1, 0): (2, 1), (1, 1): (1, 1), (1, 2): (1, 1),
                    (2, 1): (1, 1), (2, 2): (1, 1)}


def test_two_separate_tables_are_two_groups():
    segs = []
    for top in (0, 200):
        segs += [_seg_h(top, 0, 100), _seg_h(top + 30, 0, 100), _seg_v(0, top, top + 30), _seg_v(100, top, top + 30),
                 _seg_v(50, top, top + 30)]
    assert len(cluster_segments(segs)) == 2


def _glyphs(text, x, top, w=10.0, h=10.0, conf=0.99):
    return [Glyph(ch, x + i * w, top, x + (i + 1) * w, top + h, size=h, confidence=conf) for i, ch in enumerate(text)]


def test_ocr_page_objects_go_through_the_shared_layout_with_scores():
    segs = [_seg_h(100, 50, 250), _seg_h(130, 50, 250), _seg_h(160, 50, 250),
            _seg_v(50, 100, 160), _seg_v(150, 100, 160), _seg_v(250, 100, 160)]
    glyphs = (_glyphs("自然人", 60, 110) + _glyphs("总计", 160, 110) + _glyphs("12", 60, 140, conf=0.7)
              + _glyphs("12", 160, 140, conf=0.98) + _glyphs("本年新收申请十二件。", 50, 200, conf=0.93))
    objs = PageObjects(number=3, width=600, height=800, glyphs=glyphs, segments=segs, source="ocr")
    content, flag = layout_page(objs)
    assert flag == ""
    score_cells(objs, content)
    run = OcrRun()
    record_page(run, 3, OcrStats(texts=[("本年新收申请十二件。", 0.93)]), content)
    blocks = _assemble([content])
    mark_provenance(blocks, run)
    [t] = [b for b in blocks if hasattr(b, "cells")]
    cells = {(c.row, c.col): c for c in t.cells}
    assert cells[(0, 0)].text == "自然人" and cells[(0, 1)].text == "总计"
    assert cells[(1, 0)].text == "12" and cells[(1, 0)].confidence == pytest.approx(0.7)
    assert cells[(1, 1)].text == "12" and cells[(1, 1)].confidence == pytest.approx(0.98)  # same text, own score
    assert all(c.ocr and c.page == 3 for c in t.cells)
    [p] = [b for b in blocks if not hasattr(b, "cells")]
    assert p.ocr and p.confidence == pytest.approx(0.93) and "十二件" in p.text


def test_ink_in_a_cell_ignores_rule_remnants():
    dpi = 200
    img = np.full((200, 400), 255, np.uint8)
    cv2.rectangle(img, (10, 10), (390, 190), 0, 1)            # the cell's rules, left unerased
    cv2.line(img, (180, 100), (205, 100), 0, 3)                # a dash in the middle
    box = ink_box(binarize(img), (10, 10, 390, 190), dpi)
    assert box is not None and 175 <= box[0] <= 182 and 203 <= box[2] <= 208
    blank = np.full((200, 400), 255, np.uint8)
    cv2.rectangle(blank, (10, 10), (390, 190), 0, 2)
    assert ink_box(binarize(blank), (10, 10, 390, 190), dpi) is None


def test_duplicate_glyphs_from_overlapping_boxes_are_one():
    a = _glyphs("345", 0, 0, conf=0.9)
    b = _glyphs("345", 1, 0, conf=0.8)
    kept = dedupe_glyphs(a + b)
    assert sorted(g.text for g in kept) == ["3", "4", "5"] and all(g.confidence == 0.9 for g in kept)


def test_script_share_tells_garbled_text_layers():
    assert cjk_share("本年新收政府信息公开申请1234件") > 0.9
    assert cjk_share("¸ÃÊÐÈËÃñÕþ¸®2020Äê") < 0.1


def test_short_row_rules_kept_only_between_rules():
    dpi = 150
    img = np.full((600, 900), 255, np.uint8)
    top, bottom = 100, 100 + int(0.17 * dpi)             # a row barely taller than its text
    cv2.line(img, (50, top), (850, top), 0, 1)
    cv2.line(img, (50, bottom), (850, bottom), 0, 1)
    for x in (50, 300, 850):
        cv2.line(img, (x, top), (x, bottom), 0, 1)
    cv2.line(img, (400, 300), (400, 300 + int(0.14 * dpi)), 0, 2)   # a character stroke in free text
    cv2.line(img, (500, top + 4), (500, bottom - 4), 0, 2)          # a stroke inside the row's cell
    rules, _ = find_rules(img, dpi)
    vx = sorted((r.x0 + r.x1) // 2 for r in rules if not r.horizontal)
    assert vx == [50, 300, 850]


def test_wide_comma_between_digit_groups_is_a_thousands_comma():
    from extract.loaders.ocr.page import thousands_commas
    assert thousands_commas("主动公开政府信息10，234条") == "主动公开政府信息10,234条"
    assert thousands_commas("收到申请12，其中") == "收到申请12，其中"
    assert thousands_commas("分别为1，2345件") == "分别为1，2345件"


def test_a_lone_zero_in_a_cell_is_read_as_0(monkeypatch):
    """The recognizer reads a lone 0 without context as 。 or o: in a ruled cell, ring-shaped, it is 0."""
    from extract.loaders.ocr import page as P
    dpi = 200
    img = np.full((300, 600), 255, np.uint8)
    cv2.rectangle(img, (20, 20), (580, 120), 0, 2)
    cv2.line(img, (300, 20), (300, 120), 0, 2)
    cv2.ellipse(img, (150, 70), (7, 11), 0, 0, 360, 0, 2)       # a 0: taller than wide
    cv2.line(img, (430, 70), (452, 70), 0, 3)                   # a dash
    monkeypatch.setattr(P, "recognize_crops", lambda crops: [("。", 0.3)] * len(crops))
    k = 72 / dpi
    cells = [(20, 20, 300, 120), (300, 20, 580, 120)]
    got = sorted((b.text, round(b.quad[0][0])) for b in P._read_cells_from_ink(img, dpi, cells, [])[0])
    assert [t for t, _ in got] == ["0", "—"]


def test_stray_letters_between_han_tell_a_partly_wrong_font_map():
    # Ghostscript re-distilling a browser's Type 3 fonts: most Han right, some turned into Latin-1 letters
    broken = "本ç告根据中_人民共和ÿ政府信息公开条例，汇总\x7f潭综合实验区各有关单位政府信息公开工作情况编制而r本ç告"
    assert cjk_share(broken) > 0.5 and stray_share(broken) >= 0.02
    # real text: English words, a lone letter inside a number, a '|' between menu items, digits between Han
    fine = ("本年度共收到政府信息公开申请12件，通过闽政通APP和政府网站|政务微博发布信息1条，"
            "其中A类事项3件，第1季度完成，二〇二三年度报告")
    assert stray_share(fine) < 0.02
    assert stray_share("短ú文") == 0.0  # too little text to judge


def test_a_point_the_recognizer_read_for_a_thousands_comma_in_a_count_is_the_comma():
    """Counts (人次, 件, 条 …) have no fractions: d.ddd before a count unit is d,ddd; amounts keep decimals."""
    from extract.loaders.ocr.page import thousands_commas
    assert thousands_commas("全年接待来访咨询6.544人次") == "全年接待来访咨询6,544人次"
    assert thousands_commas("主动公开信息12.306 条") == "主动公开信息12,306 条"
    assert thousands_commas("网站访问量1.234.567次") == "网站访问量1,234,567次"
    assert thousands_commas("收取费用6.544万元") == "收取费用6.544万元"       # an amount: a decimal point
    assert thousands_commas("增长2.5件") == "增长2.5件"                       # not three digits
    assert thousands_commas("编号3.1234件") == "编号3.1234件"                 # four digits: not a group
    assert thousands_commas("网站访问量1.234.567") == "网站访问量1,234,567"  # several groups, no unit needed
    assert len(thousands_commas("来访咨询6.544人次")) == len("来访咨询6.544人次")  # one character for one


def test_recognizer_artefacts_are_dropped_with_their_character_boxes():
    from extract.loaders.ocr.engine import TextBox
    from extract.loaders.ocr.page import clean_box_text
    b = TextBox(quad=[(0, 0), (70, 0), (70, 20), (0, 20)], text="社会‧公益", score=0.9,
                char_boxes=[(i * 14, 0, i * 14 + 14, 20) for i in range(5)])
    clean_box_text(b)
    assert b.text == "社会公益" and [cb[0] for cb in b.char_boxes] == [0, 14, 42, 56]


def test_small_gaps_inside_one_recognized_word_are_closed_wide_ones_and_spaces_kept():
    from extract.loaders.ocr.page import _close_gaps
    em = 22.0
    boxes = [(610, 0, 625, 30), (630, 0, 642, 30), (642, 0, 655, 30)]   # "971": a 5 px gap after the 9
    got = _close_gaps("971", boxes, em)
    assert all(got[i][2] == got[i + 1][0] for i in range(2))
    wide = [(0, 0, 20, 30), (60, 0, 80, 30)]                             # 40 px: a rule or column gap
    assert _close_gaps("人法", wide, em) == wide
    spaced = [(0, 0, 10, 30), (10, 0, 12, 30), (14, 0, 24, 30)]
    assert _close_gaps("1 2", spaced, em) == spaced


def test_a_detected_box_that_misfits_its_cell_is_read_again_from_the_ink(monkeypatch):
    """A box across the cell's rule, one cutting the glyph's height, or a stray letter in a figure cell is
    replaced by the cell's own read when that is a figure; a good box is left alone."""
    from extract.loaders.ocr import page as P
    from extract.loaders.ocr.engine import TextBox
    dpi = 200
    img = np.full((200, 700), 255, np.uint8)
    for x in (20, 220, 420, 680):
        cv2.line(img, (x, 20), (x, 120), 0, 2)
    for y in (20, 120):
        cv2.line(img, (20, y), (680, y), 0, 2)
    for x in (110, 310, 510):
        cv2.ellipse(img, (x, 70), (7, 11), 0, 0, 360, 0, 2)
    cells = [(20, 20, 220, 120), (220, 20, 420, 120), (420, 20, 680, 120)]

    def box(text, x0, top, x1, bottom):
        return TextBox(quad=[(x0, top), (x1, top), (x1, bottom), (x0, bottom)], text=text, score=0.8,
                       char_boxes=[(x0, top, x1, bottom)])
    boxes = [box("Q", 100, 58, 120, 82),     # a stray letter
             box("y", 300, 58, 320, 66),     # cuts the ring's height
             box("0", 500, 56, 520, 84)]     # fits: kept
    monkeypatch.setattr(P, "recognize_crops", lambda crops: [("0", 0.4)] * len(crops))
    new, dropped = P._read_cells_from_ink(img, dpi, cells, boxes)
    assert sorted(b.text for b, _ in dropped) == ["Q", "y"]
    assert [b.text for b in new] == ["0", "0"]


def test_a_finer_page_is_read_at_the_recognizers_resolution_a_coarser_one_as_it_is():
    from extract.loaders.ocr.page import OCR_DPI, normalise_resolution
    img = np.full((3300, 2550), 255, np.uint8)
    cv2.line(img, (100, 1000), (2400, 1000), 0, 3)     # a 3 px rule at 300 dpi keeps its ink at 200
    out, dpi = normalise_resolution(img, 300)
    assert dpi == OCR_DPI and out.shape == (2200, 1700) and out[666:668, 1000].min() < 128
    small = np.full((1650, 1275), 255, np.uint8)
    out, dpi = normalise_resolution(small, 150)
    assert dpi == 150 and out is small


def test_a_row_of_figures_read_as_one_line_across_cells_is_read_cell_by_cell(monkeypatch):
    """A 表四 value row of lone digits is detected as one line ("1|21"): its per-character boxes fall into the
    wrong cells.  Each one-line cell whose ink that box covers is read from its own ink, and the line's
    characters left over in cells it does not cover (a rule remnant read as | or 1) go too."""
    from extract.loaders.ocr import page as P
    from extract.loaders.ocr.engine import TextBox
    dpi = 200
    img = np.full((160, 520), 255, np.uint8)
    xs = [20, 120, 220, 320, 420]
    for x in xs:
        cv2.line(img, (x, 20), (x, 100), 0, 2)
    for y in (20, 100):
        cv2.line(img, (20, y), (420, y), 0, 2)
    for x in (70, 170, 270, 370):  # one stroke of ink per cell (the digits' shapes do not matter here)
        cv2.line(img, (x, 50), (x, 72), 0, 3)
    cells = [(xs[i], 20, xs[i + 1], 100) for i in range(4)]
    line = TextBox(quad=[(60, 45), (380, 45), (380, 77), (60, 77)], text="1|21", score=0.6,
                   char_boxes=[(60, 45, 80, 77), (110, 45, 130, 77), (150, 45, 170, 77), (330, 45, 350, 77)])
    monkeypatch.setattr(P, "recognize_crops", lambda crops: [(str(i + 1), 0.9) for i in range(len(crops))])
    new, dropped = P._read_cells_from_ink(img, dpi, cells, [line])
    assert [b.text for b in new] == ["1", "2", "3", "4"]
    for b, region in dropped:
        P._drop_chars_in(b, region)
    assert line.text == ""  # every character of the misplaced line is replaced


@pytest.mark.parametrize("read", [(".", 0.3), ("0", 0.26), ("o", 0.26)])
def test_a_lone_ring_read_as_a_point_or_a_very_unsure_0_is_a_0_a_full_stop_is_not(monkeypatch, read):
    from extract.loaders.ocr import page as P
    dpi = 200
    img = np.full((300, 600), 255, np.uint8)
    cv2.rectangle(img, (20, 20), (580, 120), 0, 2)
    cv2.line(img, (300, 20), (300, 120), 0, 2)
    cv2.ellipse(img, (150, 70), (7, 11), 0, 0, 360, 0, 2)    # a printed 0, 0.12 in high
    cv2.circle(img, (440, 80), 3, 0, -1)                       # a full stop: far lower than a digit
    monkeypatch.setattr(P, "recognize_crops", lambda crops: [read] * len(crops))
    cells = [(20, 20, 300, 120), (300, 20, 580, 120)]
    got = [(b.text, b.quad[0][0] < 300) for b in P._read_cells_from_ink(img, dpi, cells, [])[0]]
    assert ("0", True) in got and not any(t == "0" for t, left in got if not left)
