from extract.loaders import load
from extract.loaders.pdf.geometry import (Line, grid_from_boxes, group_paragraphs, is_continuation,
                                          is_frame_table, is_page_number)
from extract.loaders.pdf.loader import peel_frame_rows
from extract.model import Cell
from extract.normalize import compact


def _signature(t):
    return sorted((c.row, c.col, c.row_span, c.col_span, compact(c.text)) for c in t.cells if compact(c.text))


def test_statistics_table_crossing_pages_is_one_table(corpus):
    pdf = load(corpus / "jingyuan-2017.pdf")
    assert pdf.status == "ok" and pdf.document.pages > 1
    stats = pdf.document.tables[-1]
    assert len(stats.pages) >= 2  # it really does cross pages
    txt = load(corpus / "jingyuan-2017.txt").document.tables[-1]
    assert _signature(stats) == _signature(txt)


def test_task_table_merges_survive_page_breaks(corpus):
    pdf = load(corpus / "jingyuan-2017.pdf").document.tables[0]
    docx = load(corpus / "jingyuan-2017.docx").document.tables[0]
    assert _signature(pdf) == _signature(docx)


def test_page_numbers_dropped_and_title_joined(corpus):
    doc = load(corpus / "jingyuan-2017.pdf").document
    assert doc.paragraphs[0].text == "鲸园街道办事处2017年政府信息公开工作年度报告"
    assert not any(is_page_number(p.text) for p in doc.paragraphs)


# ---- pure geometry, no PDF needed

def test_grid_from_boxes_spans():
    boxes = [(0, 0, 30, 10), (30, 0, 50, 10), (50, 0, 70, 20),  # last cell spans two rows
             (0, 10, 50, 20)]  # spans two columns
    g = {(c.row, c.col): (c.row_span, c.col_span) for c in grid_from_boxes(boxes)}
    assert g[(0, 2)] == (2, 1)
    assert g[(1, 0)] == (1, 2)
    assert g[(0, 0)] == (1, 1)


def test_continuation_rules():
    cols = [70.0, 200.0, 250.0, 300.0]
    assert is_continuation(False, 80, 842, False, cols, [70.5, 199.0, 251.0, 300.0])
    assert not is_continuation(True, 80, 842, False, cols, cols)  # text after the table
    assert not is_continuation(False, 80, 842, True, cols, cols)  # text before the continuation
    assert not is_continuation(False, 400, 842, False, cols, cols)  # not at the top
    assert not is_continuation(False, 80, 842, False, cols, [70.0, 150.0, 300.0, 400.0])


def test_page_number_forms():
    for s in ("- 5 -", "－ 12 －", "第 3 页", "第3页 共8页", "3/8", "7"):
        assert is_page_number(s), s
    assert not is_page_number("2017年")
    assert not is_page_number("一、总体情况")


def test_frame_rows_peeled():
    cells = [Cell(0, 0, "（三）政府信息管理情况。加强区政府门户网站日常管理", col_span=4),
             Cell(1, 0, "二、主动公开政府信息情况", col_span=4),
             Cell(2, 0, "第二十条第（一）项", col_span=4),
             Cell(3, 0, "信息内容"), Cell(3, 1, "本年制发件数"), Cell(3, 2, "本年废止件数"), Cell(3, 3, "现行有效件数")]
    lead, trail, kept = peel_frame_rows(cells, 4)
    assert len(lead) == 2 and not trail
    assert kept[0].text == "第二十条第（一）项" and kept[0].row == 0
    assert is_frame_table(10, 1, ["一段正文"])
    assert not is_frame_table(3, 2, ["规章", "0"])


def test_paragraph_grouping_by_indent_and_short_lines():
    lines = [Line("（一）主动公开情况。主要通过政府门户网站主动", 90, 500, 100, 112),
             Line("公开政府文件。", 70, 160, 115, 127),
             Line("二、主动公开政府信息情况", 70, 250, 140, 152),
             Line("　　2024年，我区在政府网站平台主动发布各类", 90, 500, 155, 167),
             Line("政府信息2428条。", 70, 200, 170, 182)]
    paras = group_paragraphs(lines, left=70, right=500, char_w=12)
    assert [len(p) for p in paras] == [2, 1, 2]


def test_line_joining_keeps_table_rows_apart_but_text_whole():
    from extract.loaders.pdf.loader import _join_lines
    from extract.normalize import normalize

    raw = _join_lines(["一、本年新收政府信息公开申请数量 95 0 0 0 0 0 95", "二、上年结转政府信息公开申请数量 0 0"])
    assert "95 二、" in raw
    assert normalize(_join_lines(["我区主动公开政府信息2428", "条，解读信息7条"])).text == "我区主动公开政府信息2428条，解读信息7条"
    assert _join_lines(["受理政府信", "息公开申请"]) == "受理政府信息公开申请"
