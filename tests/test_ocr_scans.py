"""Scanned reports end to end: image-only PDFs and page images read by OCR, scored against known answers."""
import csv
import random
import shutil
from pathlib import Path

import pytest

from conftest import needs_libreoffice
from extract.loaders import load, sniff_format
from extract.options import Options
from extract.pipeline import process_file
from extract.testing.scans import ScanStyle, random_style, scan_pdf

FIXTURES = Path(__file__).parent / "fixtures"
SCAN = FIXTURES / "scan-t2021-p1-2.pdf"  # pages 1-2 of a generated 2021-template report, 150 dpi, JPEG, skewed


def _gold(path: Path) -> dict:
    with open(path, newline="", encoding="utf-8") as fh:
        return {(r["indicator"], r["dimension"], r["source"]): float(r["value"]) for r in csv.DictReader(fh)}


def _pr(records, gold, source):
    pred = {(r["indicator"], r["dimension"], r["source"]): r["value"] for r in records if r["source"] == source}
    want = {k: v for k, v in gold.items() if k[2] == source}
    tp = sum(1 for k, v in pred.items() if k in want and abs(want[k] - v) < 1e-6)
    return tp / max(1, len(pred)), tp / max(1, len(want))


@pytest.fixture(scope="module")
def scanned():
    return process_file(SCAN, FIXTURES, Options(ocr="auto"))


def test_scanned_pdf_is_read_by_ocr(scanned):
    rep = scanned.report
    # the fixture stops inside 表三 (a row cut by the page break is "not mapped", as for its text PDF);
    # the pages themselves were read: no warning about missing text or OCR
    assert rep["status"] in ("ok", "partial") and "OCR" not in rep["error"] and "no text" not in rep["error"]
    assert rep["ocr_pages"] == "1,2"
    gold = _gold(FIXTURES / "scan-t2021-p1-2.csv")
    p, r = _pr(scanned.records, gold, "table")
    assert p >= 0.99 and r >= 0.95, (p, r)
    p, r = _pr(scanned.records, gold, "text")
    assert p >= 0.9 and r >= 0.8, (p, r)


def test_ocr_provenance_on_records_and_cells(scanned):
    table = [r for r in scanned.records if r["source"] == "table"]
    assert table and all(r["rule"].endswith("+ocr") and 0 < r["confidence"] <= 1 for r in table)
    assert all(r["page"] in (1, 2) for r in scanned.records)
    assert any(r["confidence"] < 1 for r in table)


def test_ocr_off_keeps_the_warning():
    res = load(SCAN, Options(ocr="off"))
    assert res.status == "failed" and "OCR not applied" in res.error


def test_page_images_as_one_report(tmp_path, scanned):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(SCAN))
    for i in range(len(pdf)):
        pdf[i].render(scale=150 / 72).to_pil().convert("L").save(tmp_path / f"年报_{i + 1}.png", dpi=(150, 150))
    pdf.close()
    assert sniff_format(tmp_path / "年报_1.png", (tmp_path / "年报_1.png").read_bytes()[:64]) == "image"
    first = process_file(tmp_path / "年报_1.png", tmp_path)
    second = process_file(tmp_path / "年报_2.png", tmp_path)
    assert first.report["status"] in ("ok", "partial") and "OCR" not in first.report["error"]
    assert first.report["pages"] == 2 and first.report["ocr_pages"] == "1,2"
    assert second.report["status"] == "skipped" and "年报_1.png" in second.report["error"]
    got = {(r["indicator"], r["dimension"]) for r in first.records if r["source"] == "table"}
    want = {(r["indicator"], r["dimension"]) for r in scanned.records if r["source"] == "table"}
    assert len(got & want) >= 0.95 * len(want)
    assert load(tmp_path / "年报_2.png", Options(ocr="off")).status == "skipped"


def test_scan_maker_keeps_pages_and_size(tmp_path):
    out = tmp_path / "s.pdf"
    n = scan_pdf(SCAN, out, ScanStyle(dpi=150, skew=0.5, blur=0.5, jpeg=None))
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(str(out))
    assert n == len(pdf) == 2
    w, h = pdf[0].get_size()
    assert abs(w - 612) < 2 and abs(h - 792) < 2
    pdf.close()
    st = random_style(random.Random(1))
    assert st.dpi in (150, 200, 300) and abs(st.skew) <= 1.0


@needs_libreoffice
def test_generated_scans_all_eras(tmp_path):
    from extract.testing.generator import export_pdfs, generate_set

    gens = generate_set(tmp_path, 3, seed=21)
    pdfs, dropped = export_pdfs(gens, tmp_path)
    rng = random.Random(4)
    tot = [0, 0, 0, 0]
    for g in gens:
        if g.stem in dropped:
            continue
        src = tmp_path / "pdf" / f"{g.stem}.pdf"
        dst = tmp_path / "scans" / f"{g.stem}.pdf"
        scan_pdf(src, dst, random_style(rng, dpi=200), rng)
        res = process_file(dst, tmp_path / "scans")
        assert res.report["status"] in ("ok", "partial") and res.report["ocr_pages"], res.report
        assert "OCR" not in res.report["error"] and "no text" not in res.report["error"], res.report
        gold = {(x.indicator, x.dimension): x.value for x in g.gold if x.source == "table"}
        pred = {(r["indicator"], r["dimension"]): r["value"] for r in res.records if r["source"] == "table"}
        tot[0] += sum(1 for k, v in pred.items() if k in gold and abs(gold[k] - v) < 1e-6)
        tot[1] += len(pred)
        tot[2] += sum(1 for k, v in gold.items() if k in pred and abs(pred[k] - v) < 1e-6)
        tot[3] += len(gold)
    assert tot[1] and tot[0] / tot[1] >= 0.98 and tot[2] / tot[3] >= 0.93, tot


@needs_libreoffice
def test_tables_pasted_as_pictures_into_a_text_pdf_are_read(tmp_path):
    """A text PDF whose statistics tables are pictures: auto OCRs the pictures only; their figures come
    back (+ocr), the narrative keeps its text layer (no +ocr), and the same PDF with its tables as text
    gets no OCR at all."""
    from extract.testing.generator import export_pdfs, generate_set
    from extract.testing.scans import picture_tables

    gens = generate_set(tmp_path, 1, seed=21)
    export_pdfs(gens, tmp_path)
    g = gens[0]
    src = tmp_path / "pdf" / f"{g.stem}.pdf"
    dst = tmp_path / "pictures" / f"{g.stem}.pdf"
    assert picture_tables(src, dst, ScanStyle(dpi=200, skew=0.0, blur=0.0, jpeg=75)) >= 1
    res = process_file(dst, dst.parent)
    assert res.report["ocr_pages"] and "OCR" not in res.report["error"], res.report
    gold = {(x.indicator, x.dimension): x.value for x in g.gold if x.source == "table"}
    pred = {(r["indicator"], r["dimension"]): r["value"] for r in res.records if r["source"] == "table"}
    tp = sum(1 for k, v in pred.items() if k in gold and abs(gold[k] - v) < 1e-6)
    assert tp >= 0.99 * len(pred) and tp >= 0.97 * len(gold), (tp, len(pred), len(gold))
    assert all(r["rule"].endswith("+ocr") for r in res.records if r["source"] == "table")
    assert not any(r["rule"].endswith("+ocr") for r in res.records if r["source"] == "text")
    plain = process_file(src, src.parent)
    assert not plain.report["ocr_pages"]
