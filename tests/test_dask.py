"""The Dask engine on a LocalCluster with two workers gives the same rows as the local engine."""
import pandas as pd
import pytest

distributed = pytest.importorskip("distributed")

from extract.batch.runner import run_to_dir  # noqa: E402
from extract.testing.copies import make_copies  # noqa: E402

TABLES = ("reports", "records", "checks", "cells", "tasks")


def _sorted(out, t):
    df = pd.read_parquet(out / f"{t}.parquet")
    if t == "reports":
        df = df.drop(columns=["seconds"])
    return df.sort_values(list(df.columns), kind="stable").reset_index(drop=True)


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as c:
        yield c


def test_dask_gives_the_same_rows_as_the_local_engine(tmp_path, corpus, cluster, monkeypatch):
    d = tmp_path / "in"
    make_copies(sorted(corpus.iterdir()), d, 9)
    (d / "empty.pdf").write_bytes(b"")
    (d / "truncated.pdf").write_bytes((corpus / "jingyuan-2017.pdf").read_bytes()[:5000])
    local = run_to_dir(d, tmp_path / "local", engine="local", jobs=2)
    remote = run_to_dir(d, tmp_path / "dask", engine="dask", scheduler=cluster.scheduler_address)
    assert remote.processed == local.processed == 11
    for t in TABLES:
        pd.testing.assert_frame_equal(_sorted(tmp_path / "local", t), _sorted(tmp_path / "dask", t))
    seen = {r["file"] for r in pd.read_parquet(tmp_path / "dask" / "reports.parquet").to_dict("records")}
    assert len(seen) == 11


def test_dask_ships_bytes_when_workers_cannot_see_the_files(tmp_path, corpus, cluster):
    from extract.batch.dask import DaskEngine
    from extract.pipeline import process_file

    d = tmp_path / "in"
    files = make_copies([corpus / "jingyuan-2017.txt"], d, 2)
    eng = DaskEngine(scheduler=cluster.scheduler_address, ship=True)
    got = dict(eng.run(enumerate(files), d))
    for i, f in enumerate(files):
        want = process_file(f, d)
        assert got[i].report["file"] == want.report["file"] and got[i].report["report_id"] == want.report["report_id"]
        assert got[i].records == want.records


def test_dask_task_time_limit(tmp_path, cluster):
    from extract.batch.dask import DaskEngine

    p = tmp_path / "slow.txt"  # long enough (well over a second of work) that the limit fires first
    p.write_text("\n".join(f"本年度主动公开政府信息{i}条，接受咨询{i}人次。" for i in range(3000)), encoding="utf-8")
    eng = DaskEngine(scheduler=cluster.scheduler_address, timeout=0.05)
    (_, res), = list(eng.run([(0, p)], tmp_path))
    assert res.report["status"] == "failed" and res.report["error"].startswith("timed out after")
