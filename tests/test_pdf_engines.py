"""The two text-layer readers (pypdfium2, pdfplumber) give the layout the same page, in reading orientation."""
import pytest
import pypdfium2 as pdfium

from conftest import FIXTURES, needs_libreoffice
from extract.loaders import load
from extract.loaders.pdf import load_pdf
from extract.loaders.pdf.geometry import path_rulings, ruled_tables
from extract.loaders.pdf.objects import Segment
from extract.loaders.pdf.pdfium_reader import page_transform
from extract.normalize import compact
from extract.options import Options
from extract.testing.generator import generate_set, to_pdf

PDFIUM, PLUMBER = Options(pdf_engine="pdfium"), Options(pdf_engine="plumber")


def _tables(doc):
    return [sorted((c.row, c.col, c.row_span, c.col_span, compact(c.text)) for c in t.cells) for t in doc.tables]


def _paragraphs(doc):
    return [compact(p.text) for p in doc.paragraphs]


@needs_libreoffice
def test_engines_give_the_same_cells_and_text_on_generated_pdfs(tmp_path):
    gens = generate_set(tmp_path, 6, seed=11)
    pdfs = to_pdf([tmp_path / "reports" / f"{g.stem}.docx" for g in gens], tmp_path / "pdf")
    assert len(pdfs) == 6
    for pdf in pdfs:
        a, b = load_pdf(pdf, PDFIUM), load_pdf(pdf, PLUMBER)
        assert a.pages == b.pages and a.tables, pdf.name
        assert _tables(a) == _tables(b), pdf.name
        assert _paragraphs(a) == _paragraphs(b), pdf.name


def _rotated_copy(src, dst, degrees):
    pdf = pdfium.PdfDocument(str(src))
    for i in range(len(pdf)):
        page = pdf[i]
        page.set_rotation(degrees)
        page.close()
    pdf.save(str(dst))
    pdf.close()
    return dst


@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_rotated_pages_read_in_reading_orientation(corpus, tmp_path, degrees):
    # /Rotate turns the page on screen; its content stream is unchanged, so the text as read
    # must be the same and the page as read is landscape for 90 and 270
    src = corpus / "jingyuan-2017.pdf"
    upright = load_pdf(src, PDFIUM)
    rotated = _rotated_copy(src, tmp_path / f"r{degrees}.pdf", degrees)
    for options in (PDFIUM, PLUMBER):
        doc = load_pdf(rotated, options)
        assert _tables(doc) == _tables(upright), options
        assert _paragraphs(doc) == _paragraphs(upright), options


def test_page_transform_maps_corners_for_each_rotation():
    box = (0, 0, 600, 800)  # portrait user space
    tf, w, h = page_transform(box, 0)
    assert (w, h) == (600, 800) and tf(0, 800) == (0, 0) and tf(600, 0) == (600, 800)
    tf, w, h = page_transform(box, 90)  # shown turned clockwise: the bottom-left corner is top-left
    assert (w, h) == (800, 600) and tf(0, 0) == (0, 0) and tf(600, 800) == (800, 600)
    tf, w, h = page_transform(box, 180)
    assert (w, h) == (600, 800) and tf(0, 0) == (600, 0)
    tf, w, h = page_transform(box, 270)
    assert (w, h) == (800, 600) and tf(0, 0) == (800, 600) and tf(600, 800) == (0, 0)
    tf, _, _ = page_transform((10, 20, 610, 820), 0)  # a media box away from the origin
    assert tf(10, 820) == (0, 0)


def test_rulings_from_paths():
    rect = [(0, 0), (100, 0), (100, 20), (0, 20), (0, 0)]
    assert len(path_rulings([rect], stroke=True, fill=False)) == 4  # a stroked cell border
    assert path_rulings([rect], stroke=False, fill=True) == []  # a shaded cell background
    thin = [(0, 0), (100, 0), (100, 0.7), (0, 0.7), (0, 0)]
    assert path_rulings([thin], stroke=False, fill=True) == [(0, 0, 100, 0.7)]  # a rule drawn as a filled bar
    curve = [(0, 0), (50, 0, False), (100, 0, False), (100, 40)]
    assert path_rulings([curve], stroke=True, fill=False) == [(100, 0, 100, 40)]  # curve pieces are no rule
    diagonal = [(0, 0), (50, 50)]
    assert path_rulings([diagonal], stroke=True, fill=False) == []


def test_ruled_tables_from_segments_of_thin_bars_and_lines():
    # a 2 x 2 grid whose outer frame is thin filled bars (two edges each, snapped to one) and inner rules lines
    segs = [Segment(70, 100, 300, 100.6), Segment(70, 160, 300, 160.6), Segment(70, 130, 300, 130),
            Segment(70, 100, 70.6, 160.6), Segment(299.4, 100, 300, 160.6), Segment(180, 100, 180, 160)]
    tables = ruled_tables(segs)
    assert len(tables) == 1 and len(tables[0]) == 4


def test_bad_pdfs_get_one_line_reasons_with_pdfium(tmp_path):
    res = load(FIXTURES / "encrypted.pdf", PDFIUM)
    assert res.status == "failed" and res.error == "encrypted PDF: password required"
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage\n")
    res = load(bad, PDFIUM)
    assert res.status == "failed" and res.error.startswith("corrupt PDF") and "\n" not in res.error


def _landscape_copy(src, dst):
    """Each page drawn turned a quarter counter-clockwise in a form XObject on a landscape media box,
    with /Rotate 90 so that it shows upright: how drivers write a landscape page."""
    pdf, out = pdfium.PdfDocument(str(src)), pdfium.PdfDocument.new()
    for i in range(len(pdf)):
        w, h = pdf[i].get_size()
        obj = pdf.page_as_xobject(i, out).as_pageobject()
        obj.transform(pdfium.PdfMatrix().rotate(90, ccw=True).translate(h, 0))
        page = out.new_page(h, w)
        page.insert_obj(obj)
        page.gen_content()
        page.set_rotation(90)
    out.save(str(dst))
    return dst


def test_page_drawn_turned_with_rotate_reads_upright(corpus, tmp_path):
    src = corpus / "jingyuan-2017.pdf"
    upright = load_pdf(src, PDFIUM)
    turned = _landscape_copy(src, tmp_path / "landscape.pdf")
    for options in (PDFIUM, PLUMBER):
        doc = load_pdf(turned, options)
        assert _tables(doc) == _tables(upright), options
        assert _paragraphs(doc) == _paragraphs(upright), options
