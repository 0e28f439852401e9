"""A 重点工作落实情况表-like table → ``tasks`` rows, merged 序号 / 工作任务 filled down."""
from __future__ import annotations

from ..codebook import table_labels
from ..model import Table
from ..normalize import compact


def task_columns(t: Table) -> dict[int, str]:
    cfg = table_labels()["tasks"]["columns"]
    cols: dict[int, str] = {}
    for cell in t.row_cells(0):
        k = compact(cell.text)
        for field, words in cfg.items():
            if field not in cols.values() and any(w in k for w in words):
                cols[cell.col] = field
                break
    return cols


def task_rows(t: Table, report_id: str, file: str) -> list[dict]:
    cols = task_columns(t)
    grid = t.grid()
    out = []
    last: dict[str, str] = {}
    for r in range(1, t.n_rows):
        row = {"report_id": report_id, "file": file, "table": t.index, "row": r, "page": None}
        texts = {}
        for c, field in cols.items():
            cell = grid[r][c] if c < len(grid[r]) else None
            texts[field] = cell.text if cell is not None else ""
            if cell is not None and cell.page is not None and row["page"] is None:
                row["page"] = cell.page
        if not any(v.strip() for v in texts.values()):
            continue
        for field in ("seq", "task"):  # merged or blank cells take the value from above
            if field in texts:
                if texts[field].strip():
                    last[field] = texts[field]
                else:
                    texts[field] = last.get(field, "")
        row.update(texts)
        out.append(row)
    return out
