"""The extraction stages, in order.  Each reads the document model and appends to the result."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Document

if TYPE_CHECKING:  # pragma: no cover
    from .pipeline import FileResult


def cells_rows(doc: Document, report_id: str, file: str) -> list[dict]:
    rows = []
    for t in doc.tables:
        for c in t.cells:
            rows.append({"report_id": report_id, "file": file, "table": t.index,
                         "page": c.page if c.page is not None else t.page, "row": c.row, "col": c.col,
                         "row_span": c.row_span, "col_span": c.col_span, "text": c.text})
    return rows


def run_stages(doc: Document, result: "FileResult") -> None:
    rep = result.report
    rid, file = rep["report_id"], rep["file"]
    result.cells = cells_rows(doc, rid, file)
    rep["n_tables"] = len(doc.tables)
    rep["n_cells"] = len(result.cells)
