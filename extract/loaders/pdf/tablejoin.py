"""Joining the two parts of a ruled table that a page break cut, from the cells the cut left open.

A browser or a Qt/WebKit converter prints a table across a page break without a rule along the cut
(`geometry.page_cuts`): the cells the break cut open on the first page go on at the top of the next.
Where a cell open at the foot of one part meets, in the same columns, a cell open at the top of the
next, the two are one cell: a merged group label (三、本年度办理结果) spanning rows on both pages, or a
row the break split in two.  When every cell of the next part's first row continues one above, that
row is the rest of the previous part's last row (its text completes the text above: a wrapped label,
or a row a Qt converter painted blank at the foot and whole on the next page).  Pure functions on
`Table` cells, testable without a PDF.
"""
from __future__ import annotations

from typing import Sequence

from ...model import Cell, Table


def join_at_cut(base: Table, cont: Table, open_bottom: Sequence[Cell], open_top: Sequence[Cell]) -> bool:
    """Append ``cont`` below ``base`` through the cells the page break left open; False (nothing
    changed) when no open cell of ``cont``'s first row meets an open cell of ``base``'s last row.

    Both tables must already share one column grid."""
    offset = base.n_rows
    if not offset or not cont.cells:
        return False
    ends = {(c.col, c.col_span): c for c in open_bottom if c.row + c.row_span == offset}
    open_ids = {id(c) for c in open_top}
    first_row = [c for c in cont.cells if c.row == 0]
    pairs = {id(c): ends[(c.col, c.col_span)] for c in first_row
             if id(c) in open_ids and (c.col, c.col_span) in ends}
    if not pairs:
        return False
    # every cell of the first row goes on from one above: the row the break cut in two, counted once
    shared = len(pairs) == len(first_row)
    shift = offset - 1 if shared else offset
    for c in cont.cells:
        above = pairs.get(id(c))
        if above is not None:
            above.text = join_cell_text(above.text, c.text)
            above.row_span += c.row_span - (1 if shared else 0)
            continue
        base.cells.append(Cell(row=c.row + shift, col=c.col, text=c.text, row_span=c.row_span,
                               col_span=c.col_span, page=c.page))
    base.cells.sort(key=lambda c: (c.row, c.col))
    return True


def join_cell_text(a: str, b: str) -> str:
    """The text of a cell in two parts: its lines, one after the other (an empty part adds nothing)."""
    return "\n".join(t for t in (a, b) if t.strip())


def open_at_foot(table: Table, open_cells: Sequence[Cell]) -> list[Cell]:
    """Of ``open_cells`` (a part's cells open at its foot, by column), the cells of ``table`` that now
    end its last row: after a join the part's foot is the joined table's foot."""
    keys = {(c.col, c.col_span) for c in open_cells}
    n = table.n_rows
    return [c for c in table.cells if c.row + c.row_span == n and (c.col, c.col_span) in keys]


def carry_leading_columns(table: Table, rows_before: int, n_cols: int) -> None:
    """Cells in the first ``n_cols`` columns that ended the table's first part (``rows_before`` rows)
    run on over the rows joined below, when the continuation had no cells there (its grid started
    right of them): the group label they hold is the context of those rows too."""
    rows_after = table.n_rows
    if rows_after <= rows_before:
        return
    covered = {k for c in table.cells if c.row >= rows_before for k in range(c.col, c.col + c.col_span)}
    for c in table.cells:
        if (c.row + c.row_span == rows_before and c.col + c.col_span <= n_cols
                and not covered & set(range(c.col, c.col + c.col_span))):
            c.row_span += rows_after - rows_before

