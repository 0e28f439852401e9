import shutil
import zipfile

import pandas as pd
from typer.testing import CliRunner

from extract.cli import app
from extract.loaders import load
from extract.pipeline import list_inputs, run_batch
from extract.writers import excel_safe


def _folder(tmp_path, corpus):
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    shutil.copy(corpus / "jingyuan-2017.docx", d / "good.docx")
    shutil.copy(corpus / "jingyuan-2017.txt", d / "sub" / "good.txt")
    (d / "corrupt.docx").write_bytes(b"PK\x03\x04 this is not really a zip archive" * 10)
    (d / "empty.pdf").write_bytes(b"")
    (d / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer <<>>\n%%EOF")
    (d / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    return d


def test_bad_files_never_stop_the_batch(tmp_path, corpus):
    d = _folder(tmp_path, corpus)
    files = list_inputs(d)
    results = run_batch(files, d, jobs=2, timeout=60)
    by_file = {r.report["file"]: r.report for r in results}
    assert set(by_file) == {"good.docx", "sub/good.txt", "corrupt.docx", "empty.pdf", "broken.pdf", "picture.png"}
    assert by_file["good.docx"]["status"] == "ok"
    assert by_file["sub/good.txt"]["status"] == "ok"
    assert by_file["corrupt.docx"]["status"] == "failed" and "corrupt" in by_file["corrupt.docx"]["error"]
    assert by_file["empty.pdf"]["status"] == "failed" and "empty" in by_file["empty.pdf"]["error"]
    assert by_file["broken.pdf"]["status"] == "failed" and by_file["broken.pdf"]["error"]
    # page images are read by OCR now: a PNG that is not a readable image is a corrupt file
    assert by_file["picture.png"]["status"] == "failed" and "corrupt image" in by_file["picture.png"]["error"]
    for rep in by_file.values():
        assert "\n" not in (rep["error"] or "")
    good = [r for r in results if r.report["file"] == "good.docx"][0]
    assert len(good.cells) > 100


def test_cli_run_writes_all_outputs(tmp_path, corpus):
    d = _folder(tmp_path, corpus)
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["run", str(d), "-o", str(out)])
    assert res.exit_code == 0, res.output
    for name in ("reports", "records", "checks", "cells", "tasks"):
        assert (out / f"{name}.csv").read_bytes().startswith(b"\xef\xbb\xbf")
        assert (out / f"{name}.parquet").exists()
    reports = pd.read_parquet(out / "reports.parquet")
    assert len(reports) == 6
    assert not list(out.glob(".*tmp"))  # atomic writes leave no temp files
    cells = pd.read_parquet(out / "cells.parquet")
    assert {"report_id", "table", "page", "row", "col", "row_span", "col_span", "text"} <= set(cells.columns)
    assert "2 ok" in res.output and "4 failed" in res.output and "0 skipped" in res.output  # the fake PNG: a corrupt image


def test_zip_bomb_refused(tmp_path):
    p = tmp_path / "bomb.docx"
    with zipfile.ZipFile(p, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", "<a>" + "0" * (60 * 1024 * 1024) + "</a>")
    res = load(p)
    assert res.status == "failed" and "refused" in res.error


def test_excel_formula_escape():
    assert excel_safe("=SUM(A1)") == "'=SUM(A1)"
    assert excel_safe("-8") == "'-8"
    assert excel_safe("主动公开") == "主动公开"


def test_hung_reader_times_out(tmp_path, monkeypatch):
    import time

    import extract.pipeline as pipeline

    p = tmp_path / "slow.txt"
    p.write_text("报告", encoding="utf-8")
    real = pipeline.process_file

    def slow(path, root, options=None):
        time.sleep(30)
        return real(path, root)

    monkeypatch.setattr(pipeline, "process_file", slow)
    results = run_batch([p], tmp_path, jobs=1, timeout=1)
    assert results[0].report["status"] == "failed" and "timed out" in results[0].report["error"]


def test_encrypted_pdf_fails_with_reason(tmp_path):
    from conftest import FIXTURES

    res = load(FIXTURES / "encrypted.pdf")  # made by LibreOffice with an open password
    assert res.status == "failed"
    assert res.error == "encrypted PDF: password required"
