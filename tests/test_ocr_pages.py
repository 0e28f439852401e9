"""Which PDF pages OCR reads, and what the document says afterwards (the recognizer replaced by a stub)."""
from pathlib import Path

from extract.loaders.ocr import pdf_pages
from extract.loaders.pdf.geometry import Line
from extract.loaders.pdf.layout import _PageContent
from extract.model import Document


def _page(n, text=""):
    c = _PageContent(number=n, height=800)
    if text:
        c.items.append((100, "para", [Line(text=text, x0=50, x1=500, top=100, bottom=110)]))
    return c


def _run(monkeypatch, mode, fail=False):
    asked = []

    def fake(path, numbers, dpi=200):
        numbers = list(numbers)
        asked.extend(numbers)
        if fail:
            raise RuntimeError("no engine")
        run = pdf_pages.OcrRun()
        out = {}
        for n in numbers:
            out[n] = _page(n, "本年度共收到政府信息公开申请十二件。")
            run.pages.append(n)
        return out, run

    monkeypatch.setattr(pdf_pages, "ocr_pdf_pages", fake)
    monkeypatch.setattr(pdf_pages, "ocr_picture_regions", lambda *a, **k: [])  # no PDF behind these pages
    contents = [_page(1, "一、总体情况：本年度主动公开政府信息。"), _page(2), _page(3, "ÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙ")]
    empty, cid = [2], []
    doc = Document(path="x.pdf", format="pdf")
    run = pdf_pages.apply_ocr(Path("x.pdf"), contents, empty, cid, mode, doc)
    return asked, contents, empty, doc, run


def test_auto_reads_pages_without_a_usable_text_layer_only(monkeypatch):
    asked, contents, empty, doc, run = _run(monkeypatch, "auto")
    assert asked == [2, 3]                     # the empty page and the garbled one, never the good page
    assert empty == [] and doc.ocr_pages == [2, 3]
    assert "十二件" in contents[1].items[0][2][0].text
    assert "一、总体情况" in contents[0].items[0][2][0].text


def test_force_reads_every_page(monkeypatch):
    asked, *_ = _run(monkeypatch, "force")
    assert asked == [1, 2, 3]


def test_when_ocr_fails_the_warning_stays(monkeypatch):
    asked, contents, empty, doc, run = _run(monkeypatch, "auto", fail=True)
    assert run is None and empty == [2] and doc.ocr_pages == []
    assert any("OCR failed" in w for w in doc.warnings)


def test_a_header_repeated_on_the_next_page_is_dropped_when_ocr_reads_it_slightly_differently():
    """OCR reads the same printed header twice: a bracket form or one character may differ; the page's
    repeat is still the header (dropped), and a first row that is data is never taken for it."""
    from extract.loaders.pdf.loader import _append_rows
    from extract.model import Cell, Table

    def table(rows):
        return Table(cells=[Cell(row=r, col=c, text=t) for r, row in enumerate(rows) for c, t in enumerate(row)])
    header = [["（本列数据的勾稽关系为：第一项加第二项之和）", "自然人", "商业企业", "法律服务机构"]]
    base = table(header + [["一、本年新收政府信息公开申请数量", "3", "1", "0"]])
    cont = table([["(本列数据的勾稽关系为:第一项加第二项之和)", "自然人", "商业企业", "法律服务机"],
                  ["二、上年结转政府信息公开申请数量", "0", "2", "0"]])
    _append_rows(base, cont)
    assert base.n_rows == 3 and base.row_cells(2)[0].text.startswith("二、")
    other = table([["三、本年度办理结果", "5", "7", "0"]])
    _append_rows(base, other)
    assert base.n_rows == 4 and base.row_cells(3)[1].text == "5"


def test_pictures_that_can_hold_a_table_and_have_no_text_over_them_are_ocr_candidates():
    from extract.loaders.pdf.objects import Glyph, PageObjects
    po = PageObjects(number=1, width=595, height=842, images=[
        (72, 300, 520, 600),     # a pasted table: wide and tall enough, no text over it
        (400, 700, 500, 790),    # a seal: too narrow
        (72, 100, 520, 110),     # a rule drawn as an image strip: too low
        (72, 620, 520, 800),     # a background picture under the page's own text
    ])
    po.glyphs = [Glyph("字", 80 + 12 * i, 650, 92 + 12 * i, 662) for i in range(30)]
    assert pdf_pages.picture_boxes(po) == [(72, 300, 520, 600)]
    po.rotation = 90
    assert pdf_pages.picture_boxes(po) == []
