"""Streamed outputs: the same tables as writing everything at once, run.json, dataset layout, progress."""
import io
import json

import pandas as pd
import pyarrow.dataset as ds

from extract.batch.progress import Progress
from extract.batch.runner import run_to_dir
from extract.pipeline import list_inputs, run_batch
from extract.results import collect
from extract.testing.copies import make_copies

TABLES = ("reports", "records", "checks", "cells", "tasks")


def _inputs(tmp_path, corpus, n=6):
    d = tmp_path / "in"
    make_copies(sorted(corpus.iterdir()), d, n)
    (d / "formula.txt").write_text("=SUM(A1)\n\t-8\n\t主动公开\n", encoding="utf-8")
    return d


def test_streamed_tables_equal_the_in_memory_writer(tmp_path, corpus):
    d = _inputs(tmp_path, corpus)
    collect(run_batch(list_inputs(d), d, jobs=2), tmp_path / "memory")
    run_to_dir(d, tmp_path / "stream", jobs=2, part_files=2)  # several parts
    for t in TABLES:
        a = pd.read_parquet(tmp_path / "memory" / f"{t}.parquet")
        b = pd.read_parquet(tmp_path / "stream" / f"{t}.parquet")
        assert list(a.columns) == list(b.columns) and list(a.dtypes) == list(b.dtypes), t
        if t == "reports":
            a, b = a.drop(columns=["seconds"]), b.drop(columns=["seconds"])
        key = list(a.columns)
        pd.testing.assert_frame_equal(a.sort_values(key).reset_index(drop=True),
                                      b.sort_values(key).reset_index(drop=True))
        ca = (tmp_path / "memory" / f"{t}.csv").read_bytes()
        cb = (tmp_path / "stream" / f"{t}.csv").read_bytes()
        assert cb.startswith(b"\xef\xbb\xbf")
        if t != "reports":  # same lines, in part order instead of input order
            assert sorted(ca.decode("utf-8-sig").splitlines()) == sorted(cb.decode("utf-8-sig").splitlines())
    cells = (tmp_path / "stream" / "cells.csv").read_text(encoding="utf-8-sig")
    assert "'-8" in cells and "\n-8" not in cells  # Excel-safe in streamed CSV too
    assert not list((tmp_path / "stream").glob(".*tmp"))


def test_run_json_says_what_happened(tmp_path, corpus):
    d = _inputs(tmp_path, corpus, n=3)
    out = tmp_path / "out"
    run_to_dir(d, out, jobs=1)
    run_to_dir(d, out, jobs=1)
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert info["files"] == 4 and info["resumed"] == 4 and info["processed"] == 0
    assert sum(info["counts"].values()) == 4
    assert info["started"] <= info["ended"] and info["seconds"] >= 0
    assert info["options"]["engine"] == "local" and info["options"]["ocr"] == "auto"
    assert info["options"]["input"] == str(d) and info["version"]


def test_dataset_layout_reads_as_the_same_tables(tmp_path, corpus):
    d = _inputs(tmp_path, corpus, n=3)
    run_to_dir(d, tmp_path / "files", jobs=1)
    run_to_dir(d, tmp_path / "ds", jobs=1, layout="dataset")
    for t in TABLES:
        a = pd.read_parquet(tmp_path / "files" / f"{t}.parquet").drop(columns=["seconds"], errors="ignore")
        b = pd.read_parquet(tmp_path / "ds" / t).drop(columns=["seconds"], errors="ignore")
        assert len(a) == len(b) and list(a.columns) == list(b.columns)
        assert ds.dataset(tmp_path / "ds" / t).count_rows() == len(a)


def test_progress_line_on_a_terminal_and_in_a_log():
    tty = io.StringIO()
    p = Progress(10, resumed=4, stream=tty, tty=True)
    p.add("ok", 4)
    for s in ("ok", "partial", "failed"):
        p.update(s)
    line = p.line()
    assert line.startswith("7/10 files (4 resumed)") and "files/s" in line and "ETA" in line
    assert "5 ok, 1 partial, 1 failed" in line
    assert "\r" in tty.getvalue()
    log = io.StringIO()
    p = Progress(10, stream=log, tty=False, every=3)
    for _ in range(7):
        p.update("ok")
    assert log.getvalue().count("\n") == 2 and "\r" not in log.getvalue()
