"""The same report saved twice, or in two formats (the web page and its PDF), recognised from the results.

Two reports are one when they are byte-identical (same report_id), or when they have the same agency_key and year
and their figures are near-identical: most of the smaller report's (indicator, dimension, value) figures are also the
other's (a saved page's text that lost its tables still carries the narrative figures of its HTML).  The copy kept is
the most complete: most figures, then status ok, then most table cells.
"""
from __future__ import annotations

from typing import Optional

import pandas as pd

# Share of the smaller report's figures that the other must also have (same code, dimension and value).
FIGURE_CONTAINMENT = 0.8
READ_STATUSES = ("ok", "partial")
# Formats that keep a report's tables best, first: a tie in figures is broken by these.
FORMAT_RANK = {"docx": 0, "html": 1, "pdf": 2, "doc": 3, "txt": 5}


def figure_keys(records: pd.DataFrame) -> dict[str, frozenset]:
    if records.empty:
        return {}
    vals = records["value"].astype("float64").round(6)
    keys = pd.Series(list(zip(records["indicator"].astype(str), records["dimension"].astype(str), vals)),
                     index=records.index)
    return {rid: frozenset(k) for rid, k in keys.groupby(records["report_id"].astype(str))}


def similar(a: frozenset, b: frozenset, title_a=None, title_b=None) -> bool:
    if not a and not b:
        return bool(title_a) and title_a == title_b
    if not a or not b:
        return False
    return len(a & b) / min(len(a), len(b)) >= FIGURE_CONTAINMENT


def _quality(row) -> tuple:
    return (-(int(row["n_records"]) if pd.notna(row["n_records"]) else 0),
            0 if row["status"] == "ok" else 1,
            -(int(row["n_cells"]) if "n_cells" in row and pd.notna(row["n_cells"]) else 0),
            FORMAT_RANK.get(str(row["format"]), 4),
            str(row["file"]))


def find_duplicates(reports: pd.DataFrame, records: pd.DataFrame, agency_keys: pd.Series) -> pd.Series:
    """``duplicate_of`` for each reports row (aligned on its index): the report_id kept, or None."""
    out = pd.Series([None] * len(reports), index=reports.index, dtype="object")
    keys = figure_keys(records)
    read = reports[reports["status"].isin(READ_STATUSES)]
    # byte-identical files: the first (in quality order) is kept
    order = sorted(read.index, key=lambda i: _quality(read.loc[i]))
    first_of_id: dict[str, int] = {}
    for i in order:
        rid = str(read.at[i, "report_id"])
        if rid in first_of_id:
            out[i] = rid
        else:
            first_of_id[rid] = i
    groups: dict[tuple, list[int]] = {}
    for rid, i in first_of_id.items():
        key, year = agency_keys.get(i), read.at[i, "year"]
        if key is None or pd.isna(key) or pd.isna(year):
            continue
        groups.setdefault((key, int(year)), []).append(i)
    for members in groups.values():
        if len(members) < 2:
            continue
        kept: list[int] = []
        for i in sorted(members, key=lambda m: _quality(read.loc[m])):
            fi = keys.get(str(read.at[i, "report_id"]), frozenset())
            match: Optional[int] = None
            for k in kept:
                fk = keys.get(str(read.at[k, "report_id"]), frozenset())
                if similar(fi, fk, read.at[i, "title"], read.at[k, "title"]):
                    match = k
                    break
            if match is None:
                kept.append(i)
            else:
                out[i] = str(read.at[match, "report_id"])
    return out
