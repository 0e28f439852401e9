"""Tables without ruling lines, found by text alignment: synthetic glyph layouts (no PDF), then whole reports
rendered without rules by LibreOffice."""
import random

import pytest

from conftest import needs_libreoffice
from extract.loaders.pdf.borderless import (build_lines, detect_tables, merge_header_wraps, stack_vertical)
from extract.loaders.pdf.objects import Glyph
from extract.model import Cell, Table
from extract.tables.mapper import map_table

SIZE = 10.0
PAGE_W, PAGE_H = 595.0, 842.0


def text_glyphs(text, x, top, size=SIZE):
    """One glyph per character: CJK a full em wide, digits and Latin about half."""
    out = []
    for ch in text:
        w = size if ord(ch) > 0x2000 else 0.55 * size
        out.append(Glyph(ch, x, top, x + w, top + size, size))
        x += w
    return out


def layout(rows, size=SIZE):
    """rows: (top, [(x, text), ...]) → glyphs."""
    gs = []
    for top, items in rows:
        for x, text in items:
            gs += text_glyphs(text, x, top, size)
    return gs


def as_table(bt):
    return Table(cells=[Cell(row=c.row, col=c.col, text=c.text, row_span=c.row_span, col_span=c.col_span)
                        for c in bt.cells])


def records(bt):
    t = as_table(bt)
    return {(r.indicator, r.dimension): r.value for r in map_table(t).records}


PRE2019_ROWS = [("一、主动公开情况", "", ""), ("（一）主动公开政府信息数", "条", "27"),
                ("其中：主动公开规范性文件数", "条", "3"), ("制发规范性文件总数", "件", "168"),
                ("（一）收到申请数", "件", "12"), ("1.当面申请数", "件", "—"), ("3.网络申请数", "件", "5")]


@pytest.mark.parametrize("align", ["left", "center", "right"])
def test_pre2019_table_from_alignment(align):
    rows = [(100, [(72, "统计指标"), (300, "单位"), (400, "统计数")])]
    top = 125
    for label, unit, value in PRE2019_ROWS:
        w = len(value) * 0.55 * SIZE if value.isascii() else SIZE
        vx = {"left": 400, "center": 415 - w / 2, "right": 430 - w}[align]
        items = [(72, label)] + ([(300, unit)] if unit else []) + ([(vx, value)] if value else [])
        rows.append((top, items))
        top += 18
    found = detect_tables(layout(rows), PAGE_W, PAGE_H)
    assert len(found.tables) == 1
    rec = records(found.tables[0])
    assert rec[("active.total", "total")] == 27
    assert rec[("active.normative_docs.published", "total")] == 3
    assert rec[("apply.received.by_channel.in_person", "total")] == 0
    assert rec[("apply.received.by_channel.online", "total")] == 5
    assert found.tables[0].kind == "pre2019"


def test_wrapped_label_is_one_cell_and_figures_join_the_middle_line():
    """A label wrapped over three lines with its figure set beside the middle line (vertical-align: middle)."""
    rows = [(100, [(72, "统计指标"), (300, "单位"), (400, "统计数")]),
            (125, [(72, "（一）主动公开政府信息数"), (300, "条"), (400, "41")]),
            (143, [(72, "（二）通过不同渠道和方式")]),
            (156, [(72, "公开政府信息的情况"), (300, "条"), (400, "16")]),
            (169, [(72, "（合计）")]),
            (187, [(72, "1.政府公报公开政府信息数"), (300, "条"), (400, "9")])]
    t = detect_tables(layout(rows), PAGE_W, PAGE_H).tables[0]
    labels = [c.text for c in sorted(t.cells, key=lambda c: c.row) if c.col == 0 and c.row > 0]
    assert labels == ["(一)主动公开政府信息数", "(二)通过不同渠道和方式公开政府信息的情况(合计)", "1.政府公报公开政府信息数"]
    rec = records(t)
    assert rec[("active.by_channel.total", "total")] == 16
    assert rec[("active.by_channel.gazette", "total")] == 9


def _table3_rows(group_align):
    """A 表三 slice: two-level labels, groups 不予公开 / 无法提供 merged over their rows, seven figure columns."""
    cols = [260, 300, 340, 380, 420, 460, 500]
    head = [(100, [(72, "（本列数据的勾稽关系为）"), (260, "申请人情况")]),
            (115, [(300, "法人或其他组织")]),
            (130, [(260, "自然人"), (300, "商业"), (340, "科研"), (380, "社会"), (420, "法律"), (460, "其他"),
                   (500, "总计")]),
            (143, [(300, "企业"), (340, "机构"), (380, "公益"), (420, "服务")])]
    leaves = [("denied", "1.属于国家秘密"), ("denied", "2.其他法律行政法规禁止公开"), ("denied", "3.危及“三安全一稳定”"),
              ("unavail", "1.本机关不掌握相关政府信息"), ("unavail", "2.没有现成信息需要另行制作")]
    body = [(170, [(72, "（一）予以公开")] + [(x, str(k + 1)) for k, x in enumerate(cols)])]
    top = 190
    tops = {}
    for k, (grp, label) in enumerate(leaves):
        tops.setdefault(grp, []).append(top)
        body.append((top, [(140, label)] + [(x, str(10 * (k + 1) + j)) for j, x in enumerate(cols)]))
        top += 20
    for grp, text in (("denied", "（三）不予公开"), ("unavail", "（四）无法提供")):
        ts = tops[grp]
        y = ts[0] if group_align == "top" else (ts[0] + ts[-1]) / 2
        body.append((y + 0.2, [(72, text)]))
    return head + body


@pytest.mark.parametrize("group_align", ["top", "middle"])
def test_table3_group_labels_span_their_rows(group_align):
    found = detect_tables(layout(_table3_rows(group_align), size=9), PAGE_W, PAGE_H)
    assert len(found.tables) == 1
    t = found.tables[0]
    assert t.kind == "table3"
    rec = records(t)
    assert rec[("apply.result.granted", "natural")] == 1
    assert rec[("apply.result.granted", "total")] == 7
    assert rec[("apply.result.denied.state_secret", "natural")] == 10
    assert rec[("apply.result.denied.law_prohibited", "legal.commercial")] == 21
    assert rec[("apply.result.denied.security_stability", "total")] == 36
    assert rec[("apply.result.unavailable.not_held", "legal.social_org")] == 43
    assert rec[("apply.result.unavailable.needs_creation", "legal.other")] == 55
    groups = [c for c in t.cells if c.text in ("(三)不予公开", "(四)无法提供")]
    assert sorted(c.row_span for c in groups) == [2, 3]


def test_header_text_wrapped_in_its_cell_is_one_cell():
    gs = layout([(100, [(300, "商业"), (340, "科研"), (380, "法人或其他组织")]),
                 (113, [(300, "企业"), (340, "机构")])])
    texts = sorted(c.text for c in merge_header_wraps([c for l in build_lines(gs) for c in l.chunks]))
    assert texts == ["商业企业", "法人或其他组织", "科研机构"]


def test_stacked_characters_are_one_vertical_label():
    gs = []
    for k, ch in enumerate("三、本年度办理结果"):
        gs += text_glyphs(ch, 72, 100 + k * 11)
    gs += text_glyphs("（一）予以公开", 100, 100)
    lines = stack_vertical(build_lines(gs))
    texts = [c.text for l in lines for c in l.chunks]
    assert "三、本年度办理结果" in texts and "(一)予以公开" in texts  # NFKC folds the parentheses


def test_prose_and_number_lists_are_never_tables():
    rows = [(100, [(72, "本年度，我单位共主动公开政府信息1200条，其中通过政府网站公开800条。")]),
            (118, [(72, "联系电话"), (200, "0591-23162606")]),
            (136, [(72, "2019年"), (200, "120"), (300, "35")]),
            (154, [(72, "2020年"), (200, "98"), (300, "12")]),
            (172, [(72, "主动公开政府信息数"), (300, "条"), (400, "27")]),  # a known label, but no header
            (190, [(72, "收到申请数"), (300, "件"), (400, "3")])]
    assert detect_tables(layout(rows), PAGE_W, PAGE_H).tables == []


def test_table_continued_on_next_page_keeps_columns_and_open_group():
    """The header on page 1, rows on page 2 (no repeated header): the carried column model reads them, and a
    group label open at the foot of page 1 still covers its rows."""
    rows = _table3_rows("top")
    page1 = [r for r in rows if r[0] < 230]
    page2 = [(t - 150, items) for t, items in rows if t >= 230 and not any(x == 72 for x, _ in items)]
    first = detect_tables(layout(page1, size=9), PAGE_W, PAGE_H)
    assert first.carry is not None and first.carry.open_at_bottom
    second = detect_tables(layout(page2, size=9), PAGE_W, PAGE_H, carry=first.carry)
    assert len(second.tables) == 1
    rec = records(second.tables[0])
    assert rec[("apply.result.denied.security_stability", "natural")] == 30
    assert rec[("apply.result.unavailable.not_held", "total")] == 46


# ---------------------------------------------------------------- whole reports, rules removed

def _score(results, gens):
    tp_p = n_p = tp_r = n_r = 0
    for res, g in zip(results, gens):
        gold = {(x.indicator, x.dimension): x.value for x in g.gold if x.source == "table"}
        pred = [(r["indicator"], r["dimension"], r["value"]) for r in res.records if r["source"] == "table"]
        n_p += len(pred)
        tp_p += sum(1 for i, d, v in pred if (i, d) in gold and abs(gold[(i, d)] - v) < 1e-6)
        got = {(i, d): v for i, d, v in pred}
        n_r += len(gold)
        tp_r += sum(1 for k, v in gold.items() if k in got and abs(got[k] - v) < 1e-6)
    return tp_p / max(1, n_p), tp_r / max(1, n_r)


@needs_libreoffice
@pytest.mark.parametrize("borders", ["none", "three-line"])
def test_generated_reports_without_rules(tmp_path, borders):
    from extract.pipeline import process_file
    from extract.testing.generator import generate_set, restyle_docx
    from extract.testing.producers import libreoffice_many

    gens = generate_set(tmp_path, 3, seed=31 if borders == "none" else 32)
    docx = [restyle_docx(tmp_path / "reports" / f"{g.stem}.docx", tmp_path / "variant" / f"{g.stem}.docx",
                         borders=borders) for g in gens]
    pdfs = libreoffice_many(docx, tmp_path / "pdf")
    results = [process_file(p, tmp_path / "pdf") for p in pdfs]
    precision, recall = _score(results, gens)
    assert precision >= 0.99, precision  # the producer matrix's bar (tests/test_producers.py)
    assert recall >= 0.99, recall
    for res, g in zip(results, gens):
        assert res.report["era"] == g.era


def _browser_table3_rows():
    """A 表三 slice as a browser prints an agency page: 12 pt text, a generous line height (the gap inside a
    wrapped label is as wide as the gap between rows), figures centred on their cell, a long label column
    beside a narrow first figure column, and a centred group label whose short last line is indented."""
    cols = [251, 300, 348, 391, 433, 473, 507]
    head = [(143, [(355, "申请人情况")]),
            (165, [(43, "（本列数据的勾稽关系为）"), (346, "法人或其他组织")]),
            (187, [(242, "自然人"), (288, "商业"), (340, "科研"), (382, "社会"), (425, "法律"), (465, "其他"),
                   (503, "总计")]),
            (208, [(288, "企业"), (340, "机构"), (382, "公益"), (425, "服务")]),
            (231, [(382, "组织"), (425, "机构")])]

    def figures(top, values):
        return (top, [(x, str(v)) for x, v in zip(cols, values)])

    body = [(255, [(40, "一、本年新收政府信息公开申请数")]), (279, [(40, "量")]),
            figures(267, [23, 1, 0, 2, 0, 0, 26]),
            (303, [(40, "二、上年结转政府信息公开申请数")]), (327, [(40, "量")]),
            figures(315, [4, 0, 0, 0, 0, 0, 4]),
            (351, [(46, "三、本年")]), (375, [(46, "度办理结")]), (399, [(64, "果")]),
            (357, [(99, "（一）予以公开")]), figures(357, [7, 0, 0, 1, 0, 0, 8]),
            (386, [(99, "（二）部分公开（区分")]), (409.5, [(99, "处理的，只计这一情")]),
            (433.5, [(99, "形，不计其他情形）")]), figures(409.75, [5, 1, 0, 0, 0, 0, 6]),
            (457, [(40, "四、结转下年度继续办理")]), figures(457, [2, 0, 0, 0, 0, 0, 2])]
    return head + body


def test_browser_printed_table3_wrapped_labels_centred_figures():
    found = detect_tables(layout(_browser_table3_rows(), size=12), PAGE_W, PAGE_H)
    assert len(found.tables) == 1
    t = found.tables[0]
    labels = sorted(c.text for c in t.cells if c.col < 3 and c.row >= 3 and c.text)
    assert "一、本年新收政府信息公开申请数量" in labels and "三、本年度办理结果" in labels
    assert "(二)部分公开(区分处理的,只计这一情形,不计其他情形)" in [x.replace("（", "(").replace("）", ")")
                                                                      .replace("，", ",") for x in labels]
    rec = records(t)
    assert rec[("apply.new_received", "natural")] == 23
    assert rec[("apply.new_received", "legal.research")] == 0
    assert rec[("apply.new_received", "total")] == 26
    assert rec[("apply.carried_over", "total")] == 4
    assert rec[("apply.result.granted", "legal.social_org")] == 1
    assert rec[("apply.result.partial", "natural")] == 5
    assert rec[("apply.result.partial", "total")] == 6
    assert rec[("apply.carried_forward", "total")] == 2
    # no figure is left as a row of its own, no label line as a row without figures
    value_rows = {c.row for c in t.cells if c.col >= 3 and c.text and c.row >= 3}
    label_rows = {c.row for c in t.cells if c.col < 3 and c.text and c.row >= 3 and c.row_span == 1}
    assert label_rows <= value_rows


def _ruled_part(top, bottom):
    from extract.loaders.pdf.layout import _PageTable
    cells = [Cell(row=0, col=k, text=t, page=2) for k, t in enumerate(["8.属于行政查询事项", "0", "0"])]
    return _PageTable(table=Table(cells=cells, page=2), top=top, bottom=bottom, cols=[40.0, 200.0, 260.0, 320.0],
                      bbox=(40.0, top, 320.0, bottom))


def test_row_cut_by_the_page_break_joins_the_ruled_table_at_the_page_top():
    """The part of a ruled row printed above the first rule of the next page is that row, not paragraphs."""
    from extract.loaders.pdf.layout import _cut_row_band
    pt = _ruled_part(80, 400)
    band = text_glyphs("7.属于行政", 44, 34, 12) + text_glyphs("0", 220, 47, 12) + text_glyphs("0", 280, 47, 12) + \
        text_glyphs("执法案卷", 44, 58, 12)
    assert _cut_row_band(pt, band, PAGE_H) is not None
    row0 = {c.col: c.text for c in pt.table.cells if c.row == 0}
    assert row0[0].replace("\n", "") == "7.属于行政执法案卷" and row0[1] == "0" and row0[2] == "0"
    assert [c.text for c in pt.table.cells if c.row == 1][0] == "8.属于行政查询事项"


def test_caption_or_text_above_a_ruled_table_is_no_cut_row():
    from extract.loaders.pdf.layout import _cut_row_band
    caption = text_glyphs("表三：收到和处理政府信息公开申请情况", 120, 50, 12)  # runs across column edges
    assert _cut_row_band(_ruled_part(80, 400), caption, PAGE_H) is None
    far = text_glyphs("7.属于行政", 44, 34, 12)                                 # table not at the page top
    assert _cut_row_band(_ruled_part(300, 600), far, PAGE_H) is None
    wide = text_glyphs("正文", 20, 50, 12)                                       # outside the table's frame
    assert _cut_row_band(_ruled_part(80, 400), wide, PAGE_H) is None


def test_rejected_header_with_rows_above_it_does_not_stall_the_scan():
    """A header whose top lies above the line that gave it away (申请人情况 over 商业企业 | 科研机构), read as
    no table: the scan goes on below that line instead of climbing back to the header's top for ever."""
    import signal

    rows = [(100, [(300, "法人或其他组织")]),
            (118, [(300, "商业企业"), (380, "科研机构"), (460, "社会公益组织")]),
            (136, [(72, "联系我们"), (300, "地址")]),
            (154, [(72, "本年度，我单位共主动公开政府信息1200条，其中通过政府网站公开800条。")])]

    def stalled(*_):
        raise TimeoutError("detect_tables did not return")

    old = signal.signal(signal.SIGALRM, stalled)
    signal.alarm(10)
    try:
        assert detect_tables(layout(rows), PAGE_W, PAGE_H).tables == []
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_header_words_wrapped_within_their_cells_open_the_table():
    """A narrow browser column wraps 单位 and 统计数 onto two lines, the label header 统计指标 set between them:
    no single line reads as a header, the lines joined do."""
    rows = [(100, [(300, "单"), (400, "统计")]), (107.5, [(72, "统计指标")]), (115, [(300, "位"), (400, "数")])]
    top = 140
    for label, unit, value in PRE2019_ROWS:
        rows.append((top, [(72, label)] + ([(300, unit)] if unit else []) + ([(405, value)] if value else [])))
        top += 19.5
    found = detect_tables(layout(rows), PAGE_W, PAGE_H)
    assert len(found.tables) == 1 and found.tables[0].kind == "pre2019"
    rec = records(found.tables[0])
    assert rec[("active.total", "total")] == 27
    assert rec[("apply.received.by_channel.online", "total")] == 5
    header = {c.text for c in found.tables[0].cells if c.row == 0}
    assert {"单位", "统计数", "统计指标"} <= header


def test_header_split_by_the_page_break_is_one_header_on_the_next_page():
    """表四's first header line at the foot of page 1, the rest of the header and the figures on page 2: the
    carried header lines are read again above page 2's, so every one of the 15 columns is found."""
    xs = [72 + 30 * k for k in range(15)]
    page1 = [(700, [(72, "行政复议"), (222, "行政诉讼")])]
    words = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    page2 = [(60, [(222, "未经复议直接起诉"), (372, "复议后起诉")]),
             (78, [(x, words[k % 5][:2]) for k, x in enumerate(xs)]),
             (90, [(x, words[k % 5][2:]) for k, x in enumerate(xs)]),
             (112, [(x, str(k + 1)) for k, x in enumerate(xs)]),
             (150, [(72, "五、存在的主要问题及改进情况")])]
    first = detect_tables(layout(page1), PAGE_W, PAGE_H)
    assert first.tables == [] and first.carry is not None
    second = detect_tables(layout(page2), PAGE_W, PAGE_H, first.carry)
    assert len(second.tables) == 1 and second.tables[0].kind == "table4"
    rec = records(second.tables[0])
    assert rec[("review.maintained", "total")] == 1 and rec[("review.total", "total")] == 5
    assert rec[("litigation.direct.total", "total")] == 10 and rec[("litigation.after_review.total", "total")] == 15


def _cut_table3_pages(size=9):
    """A 表三 slice with a narrow label column (labels wrap at its edge) whose last row on page 1 has its labels
    cut by the page break: （三）不 | 1.属于国家秘 and the figures at the foot of page 1, 予公开 | 密 at the top of
    page 2, the group's other rows below them."""
    cols = [205, 240, 275, 310, 345, 380, 415]
    head = [(600, [(72, "（本列数据的勾稽关系为）"), (205, "申请人情况")]),
            (615, [(240, "法人或其他组织")]),
            (630, [(205, "自然人"), (240, "商业"), (275, "科研"), (310, "社会"), (345, "法律"), (380, "其他"),
                   (415, "总计")]),
            (643, [(240, "企业"), (275, "机构"), (310, "公益"), (345, "服务")])]

    def figures(base):
        return [(x, str(base + j)) for j, x in enumerate(cols)]

    page1 = head + [(670, [(72, "（一）予以公开")] + figures(1)),
                    (690, [(72, "（二）部分公开")] + figures(11)),
                    (712, [(72, "（三）不"), (140, "1.属于国家秘")] + figures(21))]
    page2 = [(60, [(72, "予公开"), (140, "密")]),
             (80, [(140, "2.其他法律")] + figures(31)), (92, [(140, "行政法规禁止")]), (104, [(140, "公开")]),
             (124, [(140, "3.危及三安")] + figures(41)), (136, [(140, "全一稳定")]),
             (170, [(72, "本年度，我单位共主动公开政府信息1200条，其中通过政府网站公开800条，依申请公开信息。")])]
    return layout(page1, size), layout(page2, size)


def test_row_cut_by_the_page_break_is_read_with_the_rest_of_its_label():
    """The cut row goes to the next page, where the rest of its labels joins it: every figure under its own
    label, none under a label cut short (a shifted or orphaned row would be worse than none)."""
    page1, page2 = _cut_table3_pages()
    first = detect_tables(page1, PAGE_W, PAGE_H, more_pages=True)
    assert len(first.tables) == 1 and first.carry is not None and first.carry.pending
    second = detect_tables(page2, PAGE_W, PAGE_H, carry=first.carry)
    assert len(second.tables) == 1
    rec1, rec2 = records(first.tables[0]), records(second.tables[0])
    assert rec1[("apply.result.partial", "legal.commercial")] == 12
    assert not any(k[0].startswith("apply.result.denied") for k in rec1)
    assert rec2[("apply.result.denied.state_secret", "natural")] == 21
    assert rec2[("apply.result.denied.state_secret", "total")] == 27
    assert rec2[("apply.result.denied.law_prohibited", "legal.research")] == 33
    assert rec2[("apply.result.denied.security_stability", "total")] == 47
    labels = {c.text for c in second.tables[0].cells}
    assert "1.属于国家秘密" in labels and "(三)不予公开" in labels and "2.其他法律行政法规禁止公开" in labels


def test_last_page_keeps_its_last_row():
    """No page follows: the last row stays in the table (nothing is handed over to be lost)."""
    page1, _ = _cut_table3_pages()
    found = detect_tables(page1, PAGE_W, PAGE_H, more_pages=False)
    assert len(found.tables) == 1 and not (found.carry and found.carry.pending)
    assert any("1.属于国家秘" in c.text for c in found.tables[0].cells)


def test_finished_last_row_at_the_foot_of_the_page_stays_with_its_context():
    """A last row whose label ends short of its column and has its figures keeps its place: handed over it
    would lose the rows above it that say what it counts (四、行政复议数量 over （三）其他情形数)."""
    rows = [(640, [(72, "统计指标"), (300, "单位"), (400, "统计数")])]
    top = 665
    for label, unit, value in PRE2019_ROWS:
        rows.append((top, [(72, label)] + ([(300, unit)] if unit else []) + ([(405, value)] if value else [])))
        top += 18
    found = detect_tables(layout(rows), PAGE_W, PAGE_H, more_pages=True)
    assert len(found.tables) == 1 and found.carry is not None and not found.carry.pending
    assert records(found.tables[0])[("apply.received.by_channel.online", "total")] == 5


def test_unit_wrapped_in_its_cell_stays_with_its_row():
    """万元 printed 万 / 元 over two lines of a narrow unit column: 元 belongs to the cell above, not to a row
    of its own (the amount would be read in 元 otherwise)."""
    rows = [(100, [(72, "统计指标"), (300, "单位"), (400, "统计数")]),
            (125, [(72, "十一、查阅点接待人数"), (300, "次"), (405, "5")]),
            (145, [(72, "十二、依申请公开信息收取的费用"), (300, "万"), (405, "24.84")]),
            (157, [(300, "元")]),
            (177, [(72, "（一）政府信息公开工作专门机构数"), (300, "个"), (405, "10")])]
    found = detect_tables(layout(rows), PAGE_W, PAGE_H)
    assert len(found.tables) == 1
    t = found.tables[0]
    assert "万元" in {c.text for c in t.cells} and "元" not in {c.text for c in t.cells}
    assert records(t)[("fee.amount", "total")] == 248400


def test_cut_row_goes_below_a_header_repeated_in_other_words():
    """The next page repeats the header with its words wrapped differently: the handed-over row still goes
    below it (not above it, where it would be a table of its own)."""
    page1, page2 = _cut_table3_pages()
    first = detect_tables(page1, PAGE_W, PAGE_H, more_pages=True)
    repeated = [(10, [(72, "（本列数据的勾稽"), (205, "申请人情况")]), (22, [(72, "关系为）"), (240, "法人或其他组织")]),
                (34, [(205, "自然人"), (240, "商业"), (275, "科研"), (310, "社会"), (345, "法律"), (380, "其他"),
                      (415, "总计")]),
                (46, [(240, "企业"), (275, "机构"), (310, "公益"), (345, "服务")])]
    second = detect_tables(layout(repeated, 9) + [
        type(g)(g.text, g.x0, g.top + 10, g.x1, g.bottom + 10, g.size) for g in page2], PAGE_W, PAGE_H,
        carry=first.carry)
    assert len(second.tables) == 1
    rec = records(second.tables[0])
    assert rec[("apply.result.denied.state_secret", "natural")] == 21
    assert rec[("apply.result.denied.law_prohibited", "legal.research")] == 33


def test_long_numbered_label_inside_a_table_is_no_prose():
    """A row label as wide as a paragraph line ((一)回应…(不同方式回应同一热点或舆情计1次), wrapped, its figure set
    between its lines) does not end the table; the paragraph below it does, and is no row."""
    rows = [(100, [(52, "统计指标"), (466, "单位"), (500, "统计数")]),
            (125, [(52, "二、回应解读情况"), (466, "次"), (505, "366")]),
            (150, [(52, "（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1")]),
            (156, [(466, "次"), (508, "3")]),
            (163, [(52, "次）")]),
            (185, [(52, "1.参加或举办新闻发布会总次数"), (466, "次"), (505, "14")]),
            (215, [(52, "（一）主动公开情况，本年度我单位严格落实政府信息公开各项要求，健全工作机制，规范")]),
            (230, [(52, "公开流程，加强平台建设，推动政府信息公开工作取得新进展。")])]
    found = detect_tables(layout(rows), PAGE_W, PAGE_H)
    assert len(found.tables) == 1
    rec = records(found.tables[0])
    assert rec[("response.hotspots", "total")] == 3
    assert rec[("response.press_conferences", "total")] == 14
    assert not any("主动公开情况" in c.text for c in found.tables[0].cells)


def test_two_template_labels_one_under_the_other_are_two_rows():
    """行政处罚 with its figure left blank over 行政强制 with its figure: two rows, the figure 行政强制's (a browser
    prints the rows close enough to look like one wrapped label)."""
    rows = [(100, [(50, "信息内容"), (220, "本年处理决定数量")]),
            (118, [(50, "行政处罚")]),
            (130, [(50, "行政强制"), (360, "4476")])]
    found = detect_tables(layout(rows, size=10.5), PAGE_W, PAGE_H)
    assert len(found.tables) == 1
    rec = records(found.tables[0])
    assert rec[("active.coercion.decisions", "total")] == 4476
    assert ("active.penalty.decisions", "total") not in rec or rec[("active.penalty.decisions", "total")] == 0


_T3_HEAD = [(100, [(72, "（本列数据的勾稽关系为）"), (205, "申请人情况")]),
            (115, [(240, "法人或其他组织")]),
            (130, [(205, "自然人"), (240, "商业"), (275, "科研"), (310, "社会"), (345, "法律"), (380, "其他"),
                   (415, "总计")]),
            (143, [(240, "企业"), (275, "机构"), (310, "公益"), (345, "服务")])]
_T3_COLS = [205, 240, 275, 310, 345, 380, 415]


def _figs(base):
    return [(x, str(base + j)) for j, x in enumerate(_T3_COLS)]


def test_group_label_beside_the_last_row_at_the_page_foot_stays_with_its_group():
    """A group label printed at the bottom of its rows (（四）无 | 法提供 beside 3.补正后申请内…, the last row on the
    page, its label cut by the break): the row is not handed over without its group, which would leave the
    group's rows above it without a group and unread."""
    rows = [(t + 520, items) for t, items in _T3_HEAD] + [(690, [(72, "（一）予以公开")] + _figs(1)),
                       (710, [(130, "1.本机关不掌握")] + _figs(11)),
                       (730, [(130, "2.没有现成信息")] + _figs(21)),
                       (750, [(72, "（四）无"), (130, "3.补正后申请内")] + _figs(31)),
                       (762, [(72, "法提供")])]
    found = detect_tables(layout(rows, size=9), PAGE_W, PAGE_H, more_pages=True)
    assert len(found.tables) == 1
    rec = records(found.tables[0])
    assert rec[("apply.result.unavailable.unclear_after_correction", "natural")] == 31
    assert rec[("apply.result.unavailable.needs_creation", "total")] == 27


def test_row_whose_labels_read_as_header_words_does_not_end_the_table():
    """结果 (the wrapped end of the group label 三、本年度办理结果) beside （七）总计 reads as two header words, but the
    line prints figures: a row, not the next table's header."""
    rows = _T3_HEAD + [(170, [(72, "一、本年新收政府信息公开申请数量")] + _figs(1)),
                       (190, [(140, "（一）予以公开")] + _figs(11)),
                       (210, [(140, "（六）其他处理")] + _figs(21)),
                       (214, [(72, "三、本年度办理")]),
                       (228, [(72, "结果"), (140, "（七）总计")] + _figs(31)),
                       (248, [(72, "四、结转下年度继续办理")] + _figs(41))]
    found = detect_tables(layout(rows, size=9), PAGE_W, PAGE_H)
    assert len(found.tables) == 1
    rec = records(found.tables[0])
    assert rec[("apply.result.total", "natural")] == 31
    assert rec[("apply.carried_forward", "total")] == 47


def test_wrapped_label_whose_first_line_reads_as_the_whole_label_joins_by_its_centred_figures():
    """2.没有现成信息 ends short of its column and already reads as the template label, so the label vocabulary
    cannot tell whether 需要另行制作 below it goes on with it; the figures centred on the two lines can."""
    shift = 75
    head = [(t, [(x + shift if x > 100 else x, text) for x, text in items]) for t, items in _T3_HEAD]

    def figs(top, base):
        return (top, [(x + shift, str(base + j)) for j, x in enumerate(_T3_COLS)])

    rows = head + [(170, [(72, "（一）予以公开")]), figs(170, 1),
                   (190, [(140, "1.本机关不掌握相关政府信息")]), figs(190, 11),
                   (210, [(72, "（四）无法"), (140, "2.没有现成信息")]), figs(217, 21),
                   (222, [(72, "提供"), (140, "需要另行制作")]),
                   (240, [(140, "3.补正后申请内容仍不明确")]), figs(240, 31)]
    found = detect_tables(layout(rows, size=9), PAGE_W, PAGE_H)
    assert len(found.tables) == 1
    rec = records(found.tables[0])
    assert rec[("apply.result.unavailable.needs_creation", "natural")] == 21
    assert rec[("apply.result.unavailable.unclear_after_correction", "total")] == 37
