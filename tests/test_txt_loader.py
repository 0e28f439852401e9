from extract.loaders import load

TABLE = "报告正文第一段。\n\t统计指标\n\t单位\n\t统计数\n\n\t主动公开政府信息数\n\t条\n\t5\n\n\t其中：主动公开规范性文件数\n\t条\n\t\n\n\t政府信息公开专项经费（不包括\n维护经费）\n\t万元\n\t1.5\n\n（注：说明）\n"


def _grid(t):
    return {(c.row, c.col): c.text for c in t.cells}


def test_gbk_text_with_tab_table(tmp_path):
    p = tmp_path / "gbk.txt"
    p.write_bytes(TABLE.encode("gbk"))
    res = load(p)
    assert res.format == "txt" and res.status == "ok"
    doc = res.document
    assert doc.paragraphs[0].text == "报告正文第一段。"
    g = _grid(doc.tables[0])
    assert g[(0, 0)] == "统计指标"
    assert g[(1, 2)] == "5"
    assert g[(2, 2)] == ""  # blank cell kept, blank is not zero
    assert g[(3, 0)] == "政府信息公开专项经费（不包括维护经费）"
    assert doc.tables[0].n_rows == 4 and doc.tables[0].n_cols == 3
    assert doc.paragraphs[-1].text == "（注：说明）"


def test_utf16_and_bom(tmp_path):
    for enc, data in (("utf-16", TABLE.encode("utf-16")), ("bom", b"\xef\xbb\xbf" + TABLE.encode("utf-8"))):
        p = tmp_path / f"{enc}.txt"
        p.write_bytes(data)
        doc = load(p).document
        assert _grid(doc.tables[0])[(1, 0)] == "主动公开政府信息数", enc


def test_seed_text_has_no_bookmark_noise(corpus):
    doc = load(corpus / "jingyuan-2017.txt").document
    assert "[bookmark" not in doc.text
    assert len(doc.tables) == 2
    assert doc.tables[1].n_rows == 88
