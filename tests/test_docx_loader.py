import copy

from docx import Document as NewDocx
from docx.oxml import parse_xml

from extract.loaders import load
from extract.model import Table

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _cells(t: Table):
    return {(c.row, c.col): (c.text, c.row_span, c.col_span) for c in t.cells}


def test_grid_span_and_vmerge_resolved(tmp_path):
    d = NewDocx()
    d.add_paragraph("标题")
    t = d.add_table(rows=4, cols=3)
    t.cell(0, 0).merge(t.cell(0, 2)).text = "申请人情况"
    t.cell(1, 0).merge(t.cell(3, 0)).text = "三、本年度办理结果"
    for r in range(1, 4):
        t.cell(r, 1).text = f"行{r}"
        t.cell(r, 2).text = str(r * 10)
    p = tmp_path / "m.docx"
    d.save(p)
    res = load(p)
    assert res.status == "ok" and res.format == "docx"
    table = res.document.tables[0]
    cells = _cells(table)
    assert cells[(0, 0)] == ("申请人情况", 1, 3)
    assert cells[(1, 0)] == ("三、本年度办理结果", 3, 1)
    # merged cells appear once, never repeated where they extend
    assert (2, 0) not in cells and (0, 1) not in cells
    assert cells[(3, 2)] == ("30", 1, 1)
    assert len(table.cells) == 1 + 1 + 3 * 2


def test_nested_table_textbox_fields_and_bookmarks(tmp_path):
    d = NewDocx()
    para = d.add_paragraph("正文")
    # a field code and a bookmark inside the paragraph
    para._p.append(parse_xml(f'<w:bookmarkStart {W} w:id="0" w:name="_GoBack"/>'))
    para._p.append(parse_xml(f'<w:r {W}><w:fldChar w:fldCharType="begin"/></w:r>'))
    para._p.append(parse_xml(f'<w:r {W}><w:instrText> PAGE \\* MERGEFORMAT </w:instrText></w:r>'))
    para._p.append(parse_xml(f'<w:r {W}><w:fldChar w:fldCharType="end"/></w:r>'))
    para._p.append(parse_xml(f'<w:bookmarkEnd {W} w:id="0"/>'))
    # a text box anchored in a paragraph
    box = d.add_paragraph()
    box._p.append(parse_xml(
        f'<w:r {W}><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox>'
        f'<w:txbxContent><w:p><w:r><w:t>文本框内容</w:t></w:r></w:p></w:txbxContent>'
        f'</v:textbox></v:shape></w:pict></w:r>'))
    outer = d.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "外层"
    inner = outer.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "内层A"
    inner.cell(0, 1).text = "内层B"
    p = tmp_path / "n.docx"
    d.save(p)
    doc = load(p).document
    texts = [b.text for b in doc.paragraphs]
    assert "正文" in texts and "文本框内容" in texts
    assert "PAGE" not in doc.text and "bookmark" not in doc.text and "_GoBack" not in doc.text
    assert len(doc.tables) == 2
    assert [c.text for c in doc.tables[1].cells] == ["内层A", "内层B"]


def test_seed_docx_keeps_task_table_merges(corpus):
    doc = load(corpus / "jingyuan-2017.docx").document
    task = doc.tables[0]
    seq = [c for c in task.cells if c.col == 0 and c.row > 0]
    assert [(c.text, c.row_span) for c in seq][:2] == [("14", 2), ("31", 2)]
