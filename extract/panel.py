"""The agency × year panel: one row per report (duplicates left out), one column per codebook code.

Built from the output tables only (reports, records).  Each code column holds the report's figure for that code
and dimension, from a table where a table has it, else from the text (the first one printed, as in ``reports``).
Codes that the codebook calls the same concept in different eras (收到申请数 before 2019, 本年新收 after …) are
brought together in the harmonised headline columns, computed by the very mapping ``reports`` uses
(``stages.HEADLINES``).  ``panel_columns`` lists which code feeds which column.
"""
from __future__ import annotations

import csv
import io
from functools import lru_cache
from typing import Optional

import pandas as pd

from .agency import complete_keys, describe_many
from .codebook import _read, indicators
from .stages import HEADLINES, pick_headlines

ID_COLUMNS = ["report_id", "file", "agency", "agency_key", "level", "parent", "province", "city", "county",
              "year", "era", "status", "n_records", "n_check_failures", "duplicate_files"]
SOURCE_ORDER = {"table": 0, "text": 1}
ERAS = ("pre2019", "t2019", "t2021")

ID_DESCRIPTIONS = {
    "report_id": "the report kept (first 16 hex digits of the SHA-256 of its file)",
    "file": "its input file",
    "agency": "issuing body as printed",
    "agency_key": "the agency's name folded to one spelling that is the same across years "
                  "(places read with cpca's division data, patterns/agency_names.yaml variants)",
    "level": "administrative level: 省级 市级 县级 乡镇街道 部门 (empty where the name does not say)",
    "parent": "the government a department or township belongs to, where the name says it",
    "province": "province (from the name via cpca, else where the text names it)",
    "city": "prefecture-level city (from the name via cpca)",
    "county": "county-level division (from the name via cpca)",
    "year": "the year reported on",
    "era": "template era detected from the labels: pre2019, t2019, t2021, unknown",
    "status": "ok or partial",
    "n_records": "figures found in the report",
    "n_check_failures": "failed checks of the report",
    "duplicate_files": "other input files recognised as the same report (reports.duplicate_of), ;-separated",
}


@lru_cache(maxsize=None)
def dimension_sets() -> dict[str, list[str]]:
    sets: dict[str, list[str]] = {}
    for row in csv.DictReader(io.StringIO(_read("dimensions.csv"))):
        sets.setdefault(row["set"], [])
        if row["code"] not in sets[row["set"]]:
            sets[row["set"]].append(row["code"])
    for codes in sets.values():  # the total first
        if "total" in codes:
            codes.remove("total")
            codes.insert(0, "total")
    return sets


def column_name(indicator: str, dimension: str) -> str:
    return indicator if dimension == "total" else f"{indicator}@{dimension}"


def codebook_columns() -> list[tuple[str, str]]:
    """(indicator, dimension) for every fixed column, in codebook order (open families like
    ``active.by_category.<slug>`` get columns only where a run finds them)."""
    sets = dimension_sets()
    cols = []
    for code, row in indicators().items():
        if "<" in code:
            continue
        for dim in sets.get(row["dimensions"] or "total", ["total"]):
            cols.append((code, dim))
    return cols


def headline_feeds(column: str) -> str:
    per_era = HEADLINES[column]
    parts = []
    for era in ERAS:
        codes = per_era.get(era, per_era["*"])
        parts.append(f"{era}: " + ", else ".join(codes))
    return "; ".join(parts) + " (dimension total; table before text)"


def panel_columns(observed: Optional[list[tuple[str, str]]] = None) -> pd.DataFrame:
    """What each panel column holds and which codes feed it."""
    ind = indicators()
    sets = {code: label for code, label in _dimension_labels().items()}
    rows = [{"column": c, "kind": "id", "indicator": None, "dimension": None, "label_zh": None, "unit": None,
             "feeds": None, "description": ID_DESCRIPTIONS[c]} for c in ID_COLUMNS]
    for col in HEADLINES:
        rows.append({"column": col, "kind": "harmonised", "indicator": None, "dimension": "total",
                     "label_zh": None, "unit": "元" if col == "fee_yuan" else None, "feeds": headline_feeds(col),
                     "description": "harmonised across eras, equal to the reports column of the same name"})
    for code, dim in codebook_columns() + list(observed or []):
        meta = ind.get(code) or ind.get(_family(code) or "", {})
        rows.append({"column": column_name(code, dim), "kind": "code", "indicator": code, "dimension": dim,
                     "label_zh": (meta.get("label_zh") or "") + ("" if dim == "total" else f" · {sets.get(dim, dim)}"),
                     "unit": (meta.get("unit") or "").split(" ")[0] or None,
                     "feeds": f"records {code} [{dim}] (table before text)",
                     "description": meta.get("note") or None})
    return pd.DataFrame(rows).astype("string")


def _family(code: str) -> Optional[str]:
    for c in indicators():
        if "<" in c and code.startswith(c.split("<")[0]):
            return c
    return None


@lru_cache(maxsize=None)
def _dimension_labels() -> dict[str, str]:
    out = {}
    for row in csv.DictReader(io.StringIO(_read("dimensions.csv"))):
        out.setdefault(row["code"], row["label_zh"])
    return out


def first_values(records: pd.DataFrame) -> pd.DataFrame:
    """One figure per (report, code, dimension): a table's before the text's, the first printed within each."""
    if records.empty:
        return records.assign(_order=pd.Series(dtype="int64"))
    r = records.assign(_order=range(len(records)),
                       _src=records["source"].map(SOURCE_ORDER).fillna(2))
    r = r.sort_values(["_src", "_order"], kind="stable")
    return r.drop_duplicates(["report_id", "indicator", "dimension"], keep="first")


def headlines_from_records(records: pd.DataFrame, eras: pd.Series) -> pd.DataFrame:
    """The headline columns recomputed from records by ``stages.HEADLINES`` (what ``reports`` holds)."""
    tot = records[records["dimension"] == "total"]
    lookup: dict[tuple, float] = {}
    for rid, code, src, val in zip(tot["report_id"], tot["indicator"], tot["source"], tot["value"]):
        lookup.setdefault((rid, code, src), val)

    def value(rid, code, src):
        if "+" in code:
            parts = [lookup.get((rid, c, src)) for c in code.split("+")]
            parts = [p for p in parts if p is not None and not pd.isna(p)]
            return sum(parts) if parts else None
        v = lookup.get((rid, code, src))
        return None if v is None or pd.isna(v) else v

    rows = [pick_headlines(era, lambda code, src, rid=rid: value(rid, code, src)) for rid, era in eras.items()]
    return pd.DataFrame(rows, index=eras.index, columns=list(HEADLINES), dtype="float64")


def describe_agencies(reports: pd.DataFrame) -> pd.DataFrame:
    """agency_key, level, parent, province, city, county per reports row (aligned on its index)."""
    provinces = [p if isinstance(p, str) and p else None for p in reports.get("province", [None] * len(reports))]
    agencies = complete_keys(describe_many(list(reports["agency"]), provinces))
    return pd.DataFrame([a.row() for a in agencies], index=reports.index)


def build_panel(reports: pd.DataFrame, records: pd.DataFrame, duplicate_of: pd.Series,
                agencies: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(panel, panel_columns)."""
    keep = reports["status"].isin(("ok", "partial")) & duplicate_of.isna()
    base = reports[keep]
    ids = pd.DataFrame({"report_id": base["report_id"].astype("string"), "file": base["file"].astype("string"),
                        "agency": base["agency"].astype("string")}, index=base.index)
    for col in ("agency_key", "level", "parent", "province", "city", "county"):
        ids[col] = agencies.loc[base.index, col].astype("string")
    ids["year"] = pd.to_numeric(base["year"], errors="coerce").astype("Int32")
    ids["era"] = base["era"].astype("string")
    ids["status"] = base["status"].astype("string")
    ids["n_records"] = pd.to_numeric(base["n_records"], errors="coerce").astype("Int32")
    ids["n_check_failures"] = pd.to_numeric(base["n_check_failures"], errors="coerce").astype("Int32")
    copies: dict[str, list[str]] = {}
    for i, kept in duplicate_of.dropna().items():
        copies.setdefault(str(kept), []).append(str(reports.at[i, "file"]))
    ids["duplicate_files"] = pd.Series([";".join(sorted(copies.get(str(r), []))) or None for r in ids["report_id"]],
                                       index=ids.index, dtype="string")

    recs = records[records["report_id"].isin(set(ids["report_id"].astype(str)))]
    eras = pd.Series(list(ids["era"].fillna("unknown")), index=list(ids["report_id"].astype(str)))
    eras = eras[~eras.index.duplicated()]
    heads = headlines_from_records(recs, eras)

    fixed = codebook_columns()
    fixed_names = [column_name(c, d) for c, d in fixed]
    first = first_values(recs)
    first = first.assign(_col=[column_name(c, d) for c, d in zip(first["indicator"], first["dimension"])])
    observed = sorted({(c, d) for c, d, n in zip(first["indicator"], first["dimension"], first["_col"])
                       if n not in set(fixed_names)})
    names = fixed_names + [column_name(c, d) for c, d in observed]
    wide = first.pivot(index="report_id", columns="_col", values="value") if not first.empty else pd.DataFrame()
    wide = wide.reindex(index=list(eras.index), columns=names).astype("float64")

    rid = ids["report_id"].astype(str)
    parts = [ids.reset_index(drop=True),
             heads.reindex(rid).reset_index(drop=True),
             wide.reindex(rid).reset_index(drop=True)]
    panel = pd.concat(parts, axis=1)
    panel.columns = [str(c) for c in panel.columns]
    panel = panel.sort_values(["agency_key", "year", "file"], na_position="last", kind="stable").reset_index(drop=True)
    return panel, panel_columns(observed)
