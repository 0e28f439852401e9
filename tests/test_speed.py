"""What the run does to be fast must not change what it finds or what it allows: each shortcut against the
slower way it replaces (no timing here: speed is measured in bench/bench_pdf.py)."""
from __future__ import annotations

from extract.batch import limits
from extract.batch.limits import SECONDS_PER_OCR_PAGE, start_budget, time_budget
from extract.loaders import MAX_PAGE_CHARS, load
from extract.options import Options
from test_pathological import make_pdf


def _pdf(tmp_path, name, pages, size=12):
    p = tmp_path / name
    p.write_bytes(make_pdf(pages, size))
    return p


def test_two_step_budget_adds_up_to_the_probed_one(tmp_path):
    text = "Page text " * 20
    mixed = _pdf(tmp_path, "mixed.pdf", [text, "", text, "", ""])  # 3 pages without a text layer
    plain = _pdf(tmp_path, "plain.pdf", [text] * 4)
    for path, image_pages in ((mixed, 3), (plain, 0)):
        for ocr in ("off", "auto", "force"):
            first, grow = start_budget(path, ocr)
            full = time_budget(path, ocr)
            if ocr == "auto":
                assert grow is not None and first == time_budget(path, "off")
                assert grow(image_pages) == full
            else:
                assert grow is None and first == full
        assert start_budget(path, "auto", engine="plumber") == (time_budget(path, "auto"), None)
        assert start_budget(path, "auto", fixed=7) == (7.0, None)
    notes = tmp_path / "notes.txt"
    notes.write_text("报告", encoding="utf-8")
    assert start_budget(notes, "auto") == (time_budget(notes, "auto"), None)


def test_pdfium_reader_reports_the_pages_ocr_will_need(tmp_path):
    from extract.loaders.pdf.pdfium_reader import PdfiumReader

    text = "Page text " * 20
    path = _pdf(tmp_path, "mixed.pdf", ["", text, "", text, ""])
    seen = []
    limits.on_image_pages(seen.append)
    try:
        reader = PdfiumReader(path)
        pages = [n for n, _ in reader.pages()]
        reader.close()
    finally:
        limits.on_image_pages(None)
    assert pages == [1, 2, 3, 4, 5]
    assert seen == [limits.probe_pdf(path).image_pages] == [3]
    # and the worker's budget grows by their OCR time, to the probe's total
    assert start_budget(path, "auto")[1](seen[0]) - start_budget(path, "auto")[0] == 3 * SECONDS_PER_OCR_PAGE


def test_dense_page_refused_with_the_same_reason_by_both_readers(tmp_path):
    line = "1234567890" * 10
    light = "\n".join([line] * 5)
    dense = "\n".join([line] * (MAX_PAGE_CHARS // 100 + 50))
    denser = "\n".join([line] * (MAX_PAGE_CHARS // 100 + 90))
    path = _pdf(tmp_path, "dense.pdf", [light, dense, light, denser, denser], 0.5)
    reasons = {engine: load(path, Options(pdf_engine=engine, ocr="off")).error for engine in ("pdfium", "plumber")}
    assert reasons["pdfium"] == reasons["plumber"]
    assert reasons["pdfium"].startswith("refused: page 4 has ")  # the densest, the first of a tie
    assert load(path, Options(pdf_engine="pdfium", ocr="off")).status == "failed"
