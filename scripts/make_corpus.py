"""Build corpus/jingyuan-2017.{txt,docx,pdf} from the seed report text.

    python scripts/make_corpus.py SEED.txt corpus/

The DOCX is written with python-docx from the text: the title and section headings as
headings, paragraphs, and both tables as real Word tables (header row repeated on each page,
rows never split), with the 重点工作 table's repeated or blank 序号/工作任务 cells as vertical
merges.  The PDF is the DOCX exported by LibreOffice headless (CJK fonts needed).  The files
are committed, so tests never need LibreOffice to read them.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from extract.loaders.txt_loader import decode_bytes, parse_text_blocks  # noqa: E402
from extract.model import Table  # noqa: E402

CJK_FONT = "Noto Serif CJK SC"
_HEADING = re.compile(r"^[一二三四五六七八九十]+、")


def _set_font(doc) -> None:
    style = doc.styles["Normal"]
    style.font.name = CJK_FONT
    style.font.size = Pt(11)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), CJK_FONT)
    for name in ("Title", "Heading 1", "Heading 2"):
        st = doc.styles[name]
        st.font.name = CJK_FONT
        rpr = st.element.get_or_add_rPr()
        rpr.get_or_add_rFonts().set(qn("w:eastAsia"), CJK_FONT)


def _row_props(row, header: bool) -> None:
    trpr = row._tr.get_or_add_trPr()
    cant = OxmlElement("w:cantSplit")
    trpr.append(cant)
    if header:
        h = OxmlElement("w:tblHeader")
        trpr.append(h)


def _merge_columns(t: Table) -> set[int]:
    """The task table (序号 … 下步打算) merges its first two columns down; the statistics table none."""
    header = [c.text for c in t.row_cells(0)]
    return {0, 1} if header and header[0] == "序号" else set()


def add_table(doc, t: Table) -> None:
    n_rows, n_cols = t.n_rows, t.n_cols
    table = doc.add_table(rows=n_rows, cols=n_cols)
    table.style = "Table Grid"
    grid = {(c.row, c.col): c.text for c in t.cells}
    for r in range(n_rows):
        _row_props(table.rows[r], header=(r == 0))
        for c in range(n_cols):
            table.cell(r, c).text = grid.get((r, c), "")
    for col in _merge_columns(t):
        r = 1
        while r < n_rows:
            start = r
            key = grid.get((r, 0), "")
            r += 1
            while r < n_rows and (grid.get((r, 0), "") in ("", key)):
                r += 1
            if r - 1 > start:
                top = table.cell(start, col)
                text = grid.get((start, col), "")
                merged = top.merge(table.cell(r - 1, col))
                merged.text = text  # merge() concatenates the texts; the report prints it once


def build_docx(blocks: list, out: Path) -> None:
    doc = new_docx()
    _set_font(doc)
    first = True
    for b in blocks:
        if isinstance(b, Table):
            add_table(doc, b)
            continue
        text = b.raw.strip() if b.raw else b.text
        if first:
            p = doc.add_heading(text, level=0)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            first = False
        elif _HEADING.match(b.text):
            doc.add_heading(text, level=1)
        else:
            doc.add_paragraph(text)
    doc.save(str(out))


def export_pdf(docx_path: Path, out_pdf: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("LibreOffice is needed to export the PDF")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                        "--convert-to", "pdf", "--outdir", tmp, str(docx_path)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
        shutil.copyfile(Path(tmp) / (docx_path.stem + ".pdf"), out_pdf)


def main(seed: str, out_dir: str, stem: str = "jingyuan-2017") -> None:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    data = Path(seed).read_bytes()
    (out / f"{stem}.txt").write_bytes(data)
    text, _ = decode_bytes(data)
    blocks = parse_text_blocks(text)
    build_docx(blocks, out / f"{stem}.docx")
    export_pdf(out / f"{stem}.docx", out / f"{stem}.pdf")


if __name__ == "__main__":
    main(*sys.argv[1:])
