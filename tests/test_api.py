"""extract.run / extract.read: the output tables as DataFrames."""
import pandas as pd
import pytest

import extract


def test_run_without_out_leaves_nothing_and_returns_tables(tmp_path, monkeypatch):
    from conftest import CORPUS
    import tempfile
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    t = extract.run(CORPUS / "jingyuan-2017.txt", isolate=False)
    assert {"reports", "records", "checks", "cells", "tasks", "panel", "panel_columns"} <= set(t)
    assert all(isinstance(v, pd.DataFrame) for v in t.values())
    assert len(t["reports"]) == 1 and len(t["records"]) == t["reports"].n_records.iloc[0]
    # the run's scratch folder is gone (jieba may leave its dictionary cache in the temp dir: not ours)
    assert [p for p in tmp_path.iterdir() if p.name.startswith("xxgk-")] == []


def test_run_with_out_writes_what_read_loads(tmp_path):
    from conftest import CORPUS
    out = tmp_path / "out"
    t = extract.run(CORPUS, out=out, isolate=False, jobs=1)
    assert (out / "panel.parquet").exists() and (out / "datapackage.json").exists()
    again = extract.read(out)
    for name in ("reports", "records", "panel"):
        pd.testing.assert_frame_equal(t[name], again[name])
    assert again["records"]["value"].dtype == "float64"


def test_options_reach_the_batch_and_bad_options_are_refused(tmp_path):
    from conftest import CORPUS
    t = extract.run(CORPUS / "jingyuan-2017.docx", isolate=True, timeout=120, pdf_engine="plumber")
    assert t["reports"].status.iloc[0] == "ok"
    with pytest.raises(TypeError, match="unknown option"):
        extract.run(CORPUS, no_such_option=1)


def test_read_a_missing_folder():
    with pytest.raises(FileNotFoundError):
        extract.read("/nonexistent/run")
