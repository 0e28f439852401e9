"""DOCX → Document, reading the WordprocessingML body directly (through python-docx).

Body order is kept (paragraphs, tables, content controls).  gridSpan and vMerge become cell
spans; nested tables become tables of their own right after their parent; text boxes become
paragraphs.  Field codes, deleted text and bookmarks never reach the text.
"""
from __future__ import annotations

from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError

from ..model import Cell, Document, Paragraph, Table, clean_cell_text, make_paragraph
from . import LoadError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SKIP_TEXT = {W + "instrText", W + "delText", W + "delInstrText"}


def load_docx(path: Path) -> Document:
    try:
        d = docx.Document(str(path))
    except PackageNotFoundError as e:
        raise LoadError("corrupt DOCX: package not found") from e
    except KeyError as e:
        raise LoadError(f"corrupt DOCX: missing part {e}") from e
    doc = Document(path=str(path), format="docx")
    _walk(d.element.body, doc.blocks)
    return doc


def _walk(container, blocks: list) -> None:
    for el in container.iterchildren():
        tag = el.tag
        if tag == W + "p":
            _emit_paragraph(el, blocks)
        elif tag == W + "tbl":
            _emit_table(el, blocks)
        elif tag == W + "sdt":
            content = el.find(W + "sdtContent")
            if content is not None:
                _walk(content, blocks)


def paragraph_text(p) -> str:
    """Visible text of a w:p: runs, tabs and breaks; no field codes, no text-box content."""
    out: list[str] = []
    for el in p.iter():
        tag = el.tag
        if tag in _SKIP_TEXT:
            continue
        if tag == W + "t":
            if _inside(el, p, W + "txbxContent"):
                continue
            out.append(el.text or "")
        elif tag == W + "tab" and el.getparent() is not None and el.getparent().tag == W + "r":
            out.append("\t")
        elif tag in (W + "br", W + "cr"):
            out.append("\n")
    return "".join(out)


def _inside(el, stop, tag: str) -> bool:
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False


def _emit_paragraph(p, blocks: list) -> None:
    para = make_paragraph(paragraph_text(p))
    if para:
        blocks.append(para)
    # text boxes anchored in this paragraph: their own paragraphs, in order
    for box in p.iter(W + "txbxContent"):
        if _inside(box, p, W + "txbxContent"):
            continue
        _walk(box, blocks)


def _emit_table(tbl, blocks: list) -> None:
    cells, nested = table_cells(tbl)
    blocks.append(Table(cells=cells))
    for n in nested:
        _emit_table(n, blocks)


def table_cells(tbl) -> tuple[list[Cell], list]:
    """Resolve gridSpan / vMerge into anchored cells with spans.

    Returns the cells and the nested w:tbl elements found inside them.
    """
    cells: list[Cell] = []
    nested: list = []
    # column -> the Cell that a vMerge="continue" below would extend
    open_vmerge: dict[int, Cell] = {}
    r = 0
    for tr in tbl.iterchildren(W + "tr"):
        col = 0
        trpr = tr.find(W + "trPr")
        if trpr is not None:
            gb = trpr.find(W + "gridBefore")
            if gb is not None:
                col += int(gb.get(W + "val", "0") or 0)
        seen_cols: set[int] = set()
        for tc in _row_cells(tr):
            tcpr = tc.find(W + "tcPr")
            span = 1
            vmerge = None
            if tcpr is not None:
                gs = tcpr.find(W + "gridSpan")
                if gs is not None:
                    span = max(1, int(gs.get(W + "val", "1") or 1))
                vm = tcpr.find(W + "vMerge")
                if vm is not None:
                    vmerge = vm.get(W + "val", "continue")
            text_parts = []
            for child in tc.iterchildren():
                if child.tag == W + "p":
                    text_parts.append(paragraph_text(child))
                elif child.tag == W + "tbl":
                    nested.append(child)
                elif child.tag == W + "sdt":
                    for p in child.iter(W + "p"):
                        text_parts.append(paragraph_text(p))
            text = clean_cell_text("\n".join(text_parts))
            if vmerge == "continue" and col in open_vmerge and open_vmerge[col].col_span == span:
                above = open_vmerge[col]
                above.row_span = r - above.row + 1
                if text and text not in above.text:  # keep any stray text rather than lose it
                    above.text = (above.text + text) if above.text else text
            else:
                cell = Cell(row=r, col=col, text=text, col_span=span)
                cells.append(cell)
                for k in range(col, col + span):
                    open_vmerge.pop(k, None)
                if vmerge == "restart":
                    open_vmerge[col] = cell
            seen_cols.update(range(col, col + span))
            col += span
        # a column not continued in this row closes its merge
        for k in list(open_vmerge):
            if k not in seen_cols:
                open_vmerge.pop(k)
        r += 1
    return cells, nested


def _row_cells(tr):
    for child in tr.iterchildren():
        if child.tag == W + "tc":
            yield child
        elif child.tag == W + "sdt":  # content control wrapping cells
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from content.iterchildren(W + "tc")
