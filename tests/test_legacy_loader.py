import shutil
import subprocess

from conftest import needs_libreoffice
from extract.loaders import load


def _ole_doc(path):
    # an OLE2 header is enough for the sniffer to call it legacy Word
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)


def test_doc_without_libreoffice_fails_with_reason(tmp_path, monkeypatch):
    import extract.loaders.legacy_loader as legacy

    monkeypatch.setattr(legacy, "find_soffice", lambda: None)
    p = tmp_path / "old.doc"
    _ole_doc(p)
    res = load(p)
    assert res.format == "doc" and res.status == "failed"
    assert res.error == "legacy .doc: install LibreOffice to read it"


@needs_libreoffice
def test_doc_converted_with_libreoffice(tmp_path, corpus):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    src = tmp_path / "r.docx"
    shutil.copy(corpus / "jingyuan-2017.docx", src)
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/p", "--headless", "--convert-to", "doc",
                    "--outdir", str(tmp_path), str(src)], check=True, capture_output=True, timeout=300)
    res = load(tmp_path / "r.doc")
    assert res.format == "doc" and res.status == "ok", res.error
    assert len(res.document.tables) == 2
    assert res.document.tables[1].n_rows == 88


@needs_libreoffice
def test_pdf_page_without_text_is_flagged(tmp_path):
    from docx import Document as NewDocx
    from docx.enum.text import WD_BREAK

    d = NewDocx()
    d.add_paragraph("某某局2020年政府信息公开工作年度报告")
    d.add_paragraph("").add_run().add_break(WD_BREAK.PAGE)
    d.add_paragraph("").add_run().add_break(WD_BREAK.PAGE)
    d.add_paragraph("第三页正文。")
    src = tmp_path / "blank.docx"
    d.save(src)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/p", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(src)], check=True, capture_output=True, timeout=300)
    from extract.options import Options
    res = load(tmp_path / "blank.pdf", Options(ocr="off"))
    assert res.status == "partial"
    assert "no text on page(s) 2" in res.error
    # with OCR (the default) the page is looked at, found blank, and is a blank page, not a warning
    res = load(tmp_path / "blank.pdf")
    assert res.status == "ok" and res.document.ocr_pages == [2]
