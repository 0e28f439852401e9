from extract.loaders import load

PAGE = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<script>var x = "脚本";</script><style>.a{}</style></head><body>
<div class="nav">首页 导航</div>
<p>某某局2020年政府信息公开工作年度报告</p>
<p>一、总体情况</p>
<table border=1>
<tr><td rowspan=2 colspan=2>项目</td><td colspan=2>申请人情况</td></tr>
<tr><td>自然人</td><td>总计</td></tr>
<tr><td rowspan=2>三、结果</td><td>（一）予以公开</td><td>3</td><td>3</td></tr>
<tr><td>（二）部分公开</td><td>&nbsp;</td><td>1</td></tr>
</table>
<div id="footer">版权所有</div>
</body></html>"""


def test_html_rowspan_colspan_and_chrome(tmp_path):
    p = tmp_path / "r.htm"
    p.write_bytes(PAGE.encode("gb18030"))
    res = load(p)
    assert res.format == "html" and res.status == "ok"
    doc = res.document
    texts = [b.text for b in doc.paragraphs]
    assert texts[0] == "某某局2020年政府信息公开工作年度报告"
    assert "脚本" not in doc.text and "版权所有" not in doc.text and "导航" not in doc.text
    t = doc.tables[0]
    cells = {(c.row, c.col): (c.text, c.row_span, c.col_span) for c in t.cells}
    assert cells[(0, 0)] == ("项目", 2, 2)
    assert cells[(0, 2)] == ("申请人情况", 1, 2)
    assert cells[(1, 2)] == ("自然人", 1, 1)
    assert cells[(2, 0)] == ("三、结果", 2, 1)
    assert cells[(3, 1)] == ("（二）部分公开", 1, 1)
    assert cells[(3, 2)] == ("", 1, 1)
    assert cells[(3, 3)] == ("1", 1, 1)


def test_layout_table_is_walked_not_kept(tmp_path):
    html = ("<html><body><table><tr><td><p>正文段落</p><table><tr><td>指标</td><td>数</td></tr>"
            "<tr><td>行政复议数</td><td>2</td></tr></table></td></tr></table></body></html>")
    p = tmp_path / "l.html"
    p.write_text(html, encoding="utf-8")
    doc = load(p).document
    assert [b.text for b in doc.paragraphs] == ["正文段落"]
    assert len(doc.tables) == 1 and doc.tables[0].n_rows == 2
