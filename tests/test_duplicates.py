"""The same report in two files is recognised; different reports of one agency are not."""
import shutil

import pandas as pd

import extract
from extract.duplicates import find_duplicates, similar


def _reports(rows):
    base = {"format": "txt", "status": "ok", "title": None, "n_cells": 0}
    return pd.DataFrame([{**base, **r} for r in rows])


def _records(figs):
    return pd.DataFrame([{"report_id": rid, "indicator": ind, "dimension": "total", "value": v, "source": "text"}
                         for rid, ind, v in figs])


def test_seed_in_three_formats_is_one_report(tmp_path):
    from conftest import CORPUS
    t = extract.run(CORPUS, isolate=False)
    reports = t["reports"]
    kept = reports[reports.duplicate_of.isna()]
    assert len(kept) == 1
    dups = reports[reports.duplicate_of.notna()]
    assert len(dups) == 2 and set(dups.duplicate_of) == set(kept.report_id)
    assert t["panel"]["duplicate_files"].iloc[0].count(";") == 1


def test_byte_identical_copies(tmp_path):
    from conftest import CORPUS
    src = tmp_path / "in"
    (src / "a").mkdir(parents=True)
    shutil.copy(CORPUS / "jingyuan-2017.txt", src / "one.txt")
    shutil.copy(CORPUS / "jingyuan-2017.txt", src / "a" / "copy.txt")
    reports = extract.run(src, isolate=False)["reports"]
    assert reports.report_id.nunique() == 1
    assert reports.duplicate_of.notna().sum() == 1


def test_a_saved_page_that_lost_its_tables_is_a_copy_of_the_html():
    reports = _reports([
        {"report_id": "html", "file": "r.html", "format": "html", "year": 2017, "n_records": 5, "n_cells": 40},
        {"report_id": "page", "file": "r-page.txt", "year": 2017, "n_records": 2},
    ])
    records = _records([("html", "active.total", 10), ("html", "apply.received.total", 3), ("html", "review.total", 0),
                        ("html", "consult.total", 9), ("html", "fee.amount", 0),
                        ("page", "active.total", 10), ("page", "review.total", 0)])
    dup = find_duplicates(reports, records, pd.Series(["平潭", "平潭"]))
    assert list(dup) == [None, "html"]


def test_same_agency_and_year_with_other_figures_is_not_a_copy():
    reports = _reports([
        {"report_id": "a", "file": "a.txt", "year": 2020, "n_records": 3},
        {"report_id": "b", "file": "b.txt", "year": 2020, "n_records": 3},
        {"report_id": "c", "file": "c.txt", "year": 2021, "n_records": 3},
    ])
    records = _records([("a", "active.total", 10), ("a", "review.total", 0), ("a", "consult.total", 4),
                        ("b", "active.total", 11), ("b", "review.total", 2), ("b", "consult.total", 4),
                        ("c", "active.total", 10), ("c", "review.total", 0), ("c", "consult.total", 4)])
    dup = find_duplicates(reports, records, pd.Series(["k", "k", "k"]))
    assert dup.isna().all()  # b differs in figures; c is another year


def test_other_agency_is_never_a_copy_and_failed_files_are_left_alone():
    reports = _reports([
        {"report_id": "a", "file": "a.txt", "year": 2020, "n_records": 1},
        {"report_id": "b", "file": "b.txt", "year": 2020, "n_records": 1},
        {"report_id": "c", "file": "c.txt", "year": 2020, "n_records": 0, "status": "failed"},
    ])
    records = _records([("a", "active.total", 10), ("b", "active.total", 10)])
    assert find_duplicates(reports, records, pd.Series(["k1", "k2", "k1"])).isna().all()


def test_similarity_rule():
    a = frozenset({("x", "total", 1.0), ("y", "total", 2.0), ("z", "total", 3.0), ("w", "total", 4.0),
                   ("v", "total", 5.0)})
    assert similar(a, frozenset(list(a)[:4]))
    assert not similar(a, frozenset({("x", "total", 9.0), ("y", "total", 2.0)}))
    assert similar(frozenset(), frozenset(), "t", "t") and not similar(frozenset(), frozenset(), "t", "u")
