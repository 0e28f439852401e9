"""The extraction stages, in order.  Each reads the document model and appends to the result.

1. recover tables a text dump flattened into a paragraph
2. every table cell → ``cells``
3. statistics tables → table records (tables/mapper.py); task tables → ``tasks``
4. narrative → text records (narrative/)
5. metadata, era, checks, headline columns → ``reports`` / ``checks``
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Optional

from .checks import ocr_checks, run_checks, text_vs_table
from .model import Document
from .narrative.metadata import extract_metadata
from .records import Check, Record
from .tables.flattened import recover_flattened_tables, recover_template_tables
from .tables.mapper import detect_era, map_table
from .tables.tasks import task_rows

if TYPE_CHECKING:  # pragma: no cover
    from .pipeline import FileResult

# Which codes feed each headline column, per era, in order of preference (table before text).
HEADLINES: dict[str, dict[str, list[str]]] = {
    "active_total": {"*": ["active.total"]},
    "active_website": {"*": ["active.by_channel.website"]},
    "consult_total": {"*": ["consult.total"]},
    "apply_received": {"pre2019": ["apply.received.total", "apply.new_received"],
                       "*": ["apply.new_received", "apply.received.total"]},
    "apply_result_total": {"pre2019": ["apply.reply.total"], "*": ["apply.result.total"]},
    "review_total": {"*": ["review.total"]},
    "litigation_total": {"*": ["litigation.total", "litigation.direct.total+litigation.after_review.total"]},
    "fee_yuan": {"t2021": ["fee.processing.collected", "fee.amount"],
                 "*": ["fee.amount", "fee.processing.collected"]},
}


def cells_rows(doc: Document, report_id: str, file: str) -> list[dict]:
    rows = []
    for t in doc.tables:
        for c in t.cells:
            rows.append({"report_id": report_id, "file": file, "table": t.index,
                         "page": c.page if c.page is not None else t.page, "row": c.row, "col": c.col,
                         "row_span": c.row_span, "col_span": c.col_span, "text": c.text})
    return rows


def headline(records: list[Record], era: str) -> dict[str, Optional[float]]:
    return pick_headlines(era, lambda code, source: _lookup(records, code, source))


def pick_headlines(era: str, lookup: Callable[[str, str], Optional[float]]) -> dict[str, Optional[float]]:
    """The headline columns by ``HEADLINES``: per column the era's codes in order, a table's figure before the
    text's.  ``lookup(code, source)`` gives a code's total figure from one source, or None; the reports table
    and the panel share this one rule so that they cannot disagree."""
    out: dict[str, Optional[float]] = {}
    for column, per_era in HEADLINES.items():
        codes = per_era.get(era, per_era["*"])
        out[column] = next((v for source in ("table", "text") for code in codes
                            if (v := lookup(code, source)) is not None), None)
    return out


def _lookup(records: list[Record], code: str, source: str) -> Optional[float]:
    if "+" in code:
        parts = [_lookup(records, c, source) for c in code.split("+")]
        return sum(p for p in parts if p is not None) if any(p is not None for p in parts) else None
    for r in records:
        if r.indicator == code and r.dimension == "total" and r.source == source:
            return r.value
    return None


def run_stages(doc: Document, result: "FileResult") -> None:
    from .narrative.extractor import extract_text_records

    rep = result.report
    rid, file = rep["report_id"], rep["file"]
    recover_flattened_tables(doc)
    recover_template_tables(doc)
    result.cells = cells_rows(doc, rid, file)
    rep["n_tables"] = len(doc.tables)
    rep["n_cells"] = len(result.cells)
    rep["ocr_pages"] = ",".join(str(n) for n in doc.ocr_pages)  # pages read by OCR ("" = none)
    rep["repaired_pages"] = ",".join(str(n) for n in doc.repaired_pages)  # glyphs read again by OCR

    records: list[Record] = []
    issues: list[str] = []
    for t in doc.tables:
        tr = map_table(t)
        records.extend(tr.records)
        issues.extend(tr.issues)
        if tr.kind == "tasks":
            result.tasks.extend(task_rows(t, rid, file))
    era = detect_era([doc.text])
    md = extract_metadata(doc)
    records.extend(extract_text_records(doc, era=era, year=md.year))

    checks = run_checks(records) + text_vs_table(records)
    checks += ocr_checks(records, checks)
    for issue in issues:
        checks.append(Check("unmapped", issue.split(":")[0], None, None, False, issue))
    result.records = [r.row(rid, file) for r in records]
    result.checks = [c.row(rid, file) for c in checks]
    rep.update({"agency": md.agency, "year": md.year, "title": md.title, "province": md.province, "era": era,
                "n_records": len(records), "n_check_failures": sum(1 for c in checks if not c.ok)})
    rep.update(headline(records, era))
    if issues and rep["status"] == "ok":
        rep["status"] = "partial"
        rep["error"] = f"{len(issues)} table part(s) not mapped: {issues[0]}"[:300]
