"""Resume: a run killed with SIGKILL midway, then re-run, gives the same tables as an uninterrupted run."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from extract.batch.runner import run_to_dir
from extract.testing.copies import make_copies

TABLES = ("reports", "records", "checks", "cells", "tasks")
ROOT = Path(__file__).resolve().parents[1]


def _inputs(tmp_path, corpus, n=24):
    d = tmp_path / "in"
    make_copies(sorted(corpus.iterdir()), d, n)
    (d / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer <<>>\n%%EOF")
    (d / "empty.txt").write_bytes(b"")
    return d


def _tables(out: Path) -> dict[str, pd.DataFrame]:
    got = {}
    for t in TABLES:
        df = pd.read_parquet(out / f"{t}.parquet")
        if t == "reports":
            df = df.drop(columns=["seconds"])
        got[t] = df.sort_values(list(df.columns), kind="stable").reset_index(drop=True)
    return got


def _cli(args, **kw):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "extract.cli", "run", *args], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)


def _parts(out: Path) -> list[Path]:
    root = out / ".parts"
    return sorted(root.glob("part-*")) if root.exists() else []


def test_sigkill_midway_then_resume_gives_identical_rows(tmp_path, corpus):
    d = _inputs(tmp_path, corpus)
    n_inputs = len([p for p in d.rglob("*") if p.is_file()])
    whole = tmp_path / "whole"
    run_to_dir(d, whole, jobs=2, part_files=2)

    out = tmp_path / "killed"
    proc = _cli([str(d), "-o", str(out), "-j", "2", "--part-files", "2"], start_new_session=True)
    deadline = time.monotonic() + 120
    while len(_parts(out)) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before it could be killed: " + proc.stdout.read()
    os.killpg(proc.pid, signal.SIGKILL)  # the whole tree, as kill -9 or a power cut would
    proc.wait()
    assert not (out / "reports.parquet").exists()
    done_before = len(_parts(out))

    summary = run_to_dir(d, out, jobs=2, part_files=2)
    assert 0 < summary.resumed < n_inputs
    assert summary.resumed + summary.processed == n_inputs
    assert done_before >= 2

    a, b = _tables(whole), _tables(out)
    for t in TABLES:
        pd.testing.assert_frame_equal(a[t], b[t], check_dtype=True)
    reports = pd.read_parquet(out / "reports.parquet")
    assert len(reports) == n_inputs and reports["file"].is_unique
    assert sorted(reports["file"]) == sorted(p.relative_to(d).as_posix() for p in d.rglob("*") if p.is_file())
    assert reports["file"].tolist() == sorted(reports["file"])  # one stable order


def test_incremental_run_processes_only_new_or_changed_files(tmp_path, corpus):
    d = tmp_path / "in"
    files = make_copies(sorted(corpus.iterdir()), d, 6)
    out = tmp_path / "out"
    first = run_to_dir(d, out, jobs=2)
    assert (first.processed, first.resumed) == (6, 0)

    added = make_copies([corpus / "jingyuan-2017.txt"], d / "new", 1)[0]
    changed = files[0]
    changed.write_bytes(changed.read_bytes() + b"\n")
    removed = files[1]
    removed.unlink()
    second = run_to_dir(d, out, jobs=2)
    assert (second.processed, second.resumed) == (2, 4)
    reports = pd.read_parquet(out / "reports.parquet")
    assert len(reports) == 6 and reports["file"].is_unique
    assert added.relative_to(d).as_posix() in set(reports["file"])
    assert removed.relative_to(d).as_posix() not in set(reports["file"])
    row = reports[reports["file"] == changed.relative_to(d).as_posix()].iloc[0]
    from extract.pipeline import report_id
    assert row["report_id"] == report_id(changed)
    records = pd.read_parquet(out / "records.parquet")
    assert set(records["report_id"]) <= set(reports["report_id"])  # no rows of the old bytes left

    third = run_to_dir(d, out, jobs=2, force=True)
    assert (third.processed, third.resumed) == (6, 0)
    import json
    run = json.loads((out / "run.json").read_text())
    assert run["resumed"] == 0 and run["files"] == 6 and sum(run["counts"].values()) == 6


def test_new_options_redo_files(tmp_path, corpus):
    from extract.options import Options
    d = tmp_path / "in"
    make_copies([corpus / "jingyuan-2017.txt"], d, 2)
    out = tmp_path / "out"
    run_to_dir(d, out, jobs=1)
    again = run_to_dir(d, out, jobs=1, options=Options(ocr="force"))
    assert again.resumed == 0 and again.processed == 2
    assert len(pd.read_parquet(out / "reports.parquet")) == 2


def test_ctrl_c_stops_cleanly_and_says_how_to_resume(tmp_path, corpus):
    # enough files that the run is still reading when the interrupt lands (a fast run of 30 files could be
    # past its last file by then, and exit 0)
    d = _inputs(tmp_path, corpus, n=200)
    out = tmp_path / "out"
    # a terminal's foreground job gets SIGINT; a test run from a background job (`cmd &` without job control)
    # inherits it ignored, and Python then installs no KeyboardInterrupt handler: give the CLI the terminal's
    proc = _cli([str(d), "-o", str(out), "-j", "2", "--part-files", "2"], start_new_session=True,
                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    while not _parts(out) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None
    os.killpg(proc.pid, signal.SIGINT)  # what the terminal sends the foreground group on Ctrl-C
    text, _ = proc.communicate(timeout=60)
    assert proc.returncode == 130, text
    assert "run the same command again to resume" in text
    assert "Traceback" not in text
    summary = run_to_dir(d, out, jobs=2)
    assert summary.resumed >= 2


def test_flush_cut_by_ctrl_c_after_its_rename_is_not_written_twice(tmp_path, monkeypatch):
    """Ctrl-C can land between a part's rename and the writer's bookkeeping (here: in the directory fsync);
    the flush that follows in the interrupt handler must neither fail nor write those files again."""
    import pytest

    from extract.batch import parts
    from extract.pipeline import _failed

    writer = parts.PartWriter(tmp_path, "v1", flush_files=100)
    for i in range(3):
        (tmp_path / f"f{i}.txt").write_text("报告", encoding="utf-8")
        writer.add(_failed(tmp_path / f"f{i}.txt", tmp_path, "test"))

    def interrupted(path):
        raise KeyboardInterrupt

    monkeypatch.setattr(parts, "_fsync_dir", interrupted)
    with pytest.raises(KeyboardInterrupt):
        writer.flush()
    monkeypatch.undo()
    assert writer.flush() is None  # nothing left pending
    [part] = parts.committed_parts(tmp_path)
    assert sorted(parts.done_files(tmp_path)) == ["f0.txt", "f1.txt", "f2.txt"]

    # and when the cut came before the bookkeeping moved on, the next flush takes the part as written
    writer2 = parts.PartWriter(tmp_path, "v1", flush_files=100)
    writer2.add(_failed(tmp_path / "f0.txt", tmp_path, "again"))
    writer2.seq -= 1  # as if the rename of part-000000 had happened and the counter had not moved
    assert writer2.flush() == part and writer2.n_files == 0 and len(parts.committed_parts(tmp_path)) == 1
