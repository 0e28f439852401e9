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


def _pdf_with_form_twice() -> bytes:
    """One form XObject holding the text "AB" at 10 pt, drawn at scale 1 and at scale 2, then "C" on the page."""
    form = b"BT /F1 10 Tf 0 0 Td (AB) Tj ET"
    page = b"q 1 0 0 1 50 700 cm /X1 Do Q q 2 0 0 2 50 500 cm /X1 Do Q BT /F1 12 Tf 50 300 Td (C) Tj ET"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(page) + page + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Type /XObject /Subtype /Form /BBox [0 0 200 50] /Resources << /Font << /F1 5 0 R >> >> "
            b"/Length %d >>\nstream\n" % len(form) + form + b"\nendstream"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def test_font_size_asked_once_per_text_object_still_follows_each_drawing(tmp_path):
    """The reader asks pdfium for a font once per text object, but the scale per character: the same form
    drawn at two scales gives two sizes, as pdfplumber reads them."""
    from extract.loaders.pdf.pdfium_reader import PdfiumReader
    from extract.loaders.pdf.plumber_reader import PlumberReader

    path = tmp_path / "form.pdf"
    path.write_bytes(_pdf_with_form_twice())
    got = {}
    for name, reader_cls in (("pdfium", PdfiumReader), ("plumber", PlumberReader)):
        reader = reader_cls(path)
        [(_, page)] = list(reader.pages())
        reader.close()
        got[name] = sorted((g.text, round(g.size, 1), g.font.split("+")[-1]) for g in page.glyphs)
    assert got["pdfium"] == [("A", 10.0, "Helvetica"), ("A", 20.0, "Helvetica"), ("B", 10.0, "Helvetica"),
                             ("B", 20.0, "Helvetica"), ("C", 12.0, "Helvetica")]
    assert [(t, s) for t, s, _ in got["pdfium"]] == [(t, s) for t, s, _ in got["plumber"]]


def test_worker_sends_the_larger_limit_before_ocr(tmp_path, monkeypatch):
    """The worker's protocol: the page-count limit first, then — when the reader reports pages that need OCR —
    the probe's full limit, then the result; a file without such pages gets one limit only."""
    import multiprocessing as mp

    from extract import pipeline
    from extract.batch.worker import Slot

    text = "Page text " * 20
    scans = _pdf(tmp_path, "scans.pdf", [text, "", ""])
    plain = _pdf(tmp_path, "plain.pdf", [text, text])

    def fake_process_file(path, root, options):  # what the pdfium reader does once every page is read
        limits.report_image_pages(limits.probe_pdf(path).image_pages)
        return pipeline._failed(path, root, "not read in this test")

    monkeypatch.setattr(pipeline, "process_file", fake_process_file)
    slot = Slot(mp.get_context("fork"), memory_mb=0)
    slot.spawn()
    try:
        for idx, path in enumerate((scans, plain)):
            slot.send(idx, path, tmp_path, Options(pdf_engine="pdfium", ocr="auto"), None, 60)
            msgs = []
            while not msgs or msgs[-1][0] != "done":
                msgs.append(slot.conn.recv())
            starts = [m[2] for m in msgs if m[0] == "start"]
            if path == scans:
                assert starts == [time_budget(path, "off"), time_budget(path, "auto")]
                assert starts[1] - starts[0] == 2 * SECONDS_PER_OCR_PAGE
            else:
                assert starts == [time_budget(path, "auto")]
            assert msgs[-1][2].report["error"] == "not read in this test"
    finally:
        slot.stop()


def test_jieba_dictionary_read_in_one_piece_is_jiebas_own(tmp_path):
    """The prefix dictionary read from jieba's cache in one piece is the one jieba builds itself, and a broken
    cache falls back to jieba's own way (which rebuilds it)."""
    import io
    import logging
    import tempfile

    import jieba

    from extract.codebook import _read
    from extract.narrative.segment import _load_prefix_dict, tokenizer

    jieba.setLogLevel(logging.WARNING)
    ref = jieba.Tokenizer()
    ref.tmp_dir = tempfile.gettempdir()
    ref.load_userdict(io.BytesIO(_read("userdict.txt").encode("utf-8")))
    tk = tokenizer()
    assert tk.FREQ == ref.FREQ and tk.total == ref.total and tk.user_word_tag_tab == ref.user_word_tag_tab
    text = "本年度通过政府网站主动公开政府信息1234条，政务微博发布56条，公开栏目刊登"
    assert list(tk.cut(text, HMM=False)) == list(ref.cut(text, HMM=False))

    (tmp_path / "jieba.cache").write_bytes(b"not a marshal dump")
    broken = jieba.Tokenizer()
    broken.tmp_dir = str(tmp_path)
    _load_prefix_dict(broken)
    plain = jieba.Tokenizer()
    plain.tmp_dir = tempfile.gettempdir()
    plain.initialize()
    assert broken.initialized and broken.FREQ == plain.FREQ
