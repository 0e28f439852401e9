"""The page layout works from PageObjects alone: glyphs and segments made by hand, no PDF."""
from extract.loaders.pdf.layout import is_undecodable, layout_page
from extract.loaders.pdf.objects import Glyph, PageObjects, Segment


def _word(text, x, top, size=10.0, font="F1", advance=None):
    advance = advance or size
    return [Glyph(ch, x + i * advance, top, x + (i + 1) * advance, top + size, size=size, font=font)
            for i, ch in enumerate(text)]


def _grid(xs, ys):
    segs = [Segment(xs[0], y, xs[-1], y) for y in ys]
    segs += [Segment(x, ys[0], x, ys[-1]) for x in xs]
    return segs


def test_ruled_table_and_paragraph_from_page_objects():
    glyphs = _word("一、总体情况。", 70, 80)
    glyphs += _word("信息内容", 75, 205) + _word("件数", 205, 205)
    glyphs += _word("规章", 75, 225) + _word("12", 205, 225, advance=5)
    po = PageObjects(number=1, width=595, height=842, glyphs=glyphs,
                     segments=_grid([70, 200, 300], [200, 220, 240]))
    content, flag = layout_page(po)
    assert flag == ""
    kinds = [k for _, k, _ in content.items]
    assert kinds == ["para", "table"]
    table = content.items[1][2].table
    cells = {(c.row, c.col): c.text for c in table.cells}
    assert cells == {(0, 0): "信息内容", (0, 1): "件数", (1, 0): "规章", (1, 1): "12"}
    para = content.items[0][2]
    assert para[0].text == "一、总体情况。"


def test_fake_bold_duplicates_dropped():
    glyphs = _word("公开", 70, 80) + _word("公开", 70.3, 80.2)
    content, _ = layout_page(PageObjects(number=1, width=595, height=842, glyphs=glyphs))
    assert content.items[0][2][0].text == "公开"


def test_empty_and_undecodable_pages_flagged():
    assert layout_page(PageObjects(number=1, width=595, height=842))[1] == "empty"
    blanks = [Glyph(" ", 70, 80, 75, 90)]
    assert layout_page(PageObjects(number=1, width=595, height=842, glyphs=blanks))[1] == "empty"
    cid = [Glyph("(cid:%d)" % i, 70 + 10 * i, 80, 80 + 10 * i, 90) for i in range(10)]
    assert layout_page(PageObjects(number=1, width=595, height=842, glyphs=cid))[1] == "cid"
    pua = _word("\ue001\ue002\ue003\ufffd\ufffd", 70, 80)
    assert layout_page(PageObjects(number=1, width=595, height=842, glyphs=pua))[1] == "cid"
    assert is_undecodable("(cid:12)") and is_undecodable("\ufffd") and not is_undecodable("民")
