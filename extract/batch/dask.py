"""The Dask engine: the same per-file function on a ``dask.distributed`` cluster.

With no scheduler address it starts a ``LocalCluster``; with one it connects to the user's cluster (SSH,
Kubernetes, Slurm via dask-jobqueue …).  Each task runs the file in a sandbox process on the worker
(``sandbox.run_isolated``: time limit, memory limit, recycling), so a hostile file costs one row, never a
Dask worker.  Results stream back to this process, which writes the parts: workers need no access to
the output folder.  When the workers cannot see the input paths, the file's bytes are shipped with the task.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterable, Iterator, Optional

from ..options import DEFAULT, Options
from .limits import DEFAULT_MEMORY_MB, RECYCLE_AFTER

TASKS_PER_THREAD = 2  # tasks queued per worker thread: enough to hide latency, few results held


def process_remote(path: str, root: str, options: Options, timeout, memory_mb: int, recycle_after: int,
                   data: Optional[bytes] = None, rel: Optional[str] = None):
    """Runs on a Dask worker. With ``data`` the file is written to a temporary folder first."""
    from .sandbox import run_isolated
    if data is None:
        return run_isolated(Path(path), Path(root), options, timeout, memory_mb, recycle_after)
    tmp = Path(tempfile.mkdtemp(prefix="xxgk-"))
    try:
        local = tmp / rel
        local.parent.mkdir(parents=True, exist_ok=True)
        local.write_bytes(data)
        local_root = local if Path(root) == Path(path) else tmp  # one file given: its name is its label
        return run_isolated(local, local_root, options, timeout, memory_mb, recycle_after)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def worker_version(options: Options) -> str:
    from .state import version_key
    return version_key(options)


class DaskEngine:
    name = "dask"

    def __init__(self, scheduler: Optional[str] = None, jobs: int = 0, timeout: Optional[float] = None,
                 memory_mb: int = DEFAULT_MEMORY_MB, recycle_after: int = RECYCLE_AFTER,
                 options: Options = DEFAULT, ship: Optional[bool] = None):
        self.scheduler = scheduler
        self.jobs = jobs or max(1, os.cpu_count() or 1)
        self.timeout = timeout or None
        self.memory_mb = memory_mb
        self.recycle_after = recycle_after
        self.options = options
        self.ship = ship

    def _client(self):
        try:
            from distributed import Client, LocalCluster
        except ImportError as e:  # pragma: no cover - depends on the install
            raise RuntimeError("the dask engine needs dask[distributed]: pip install 'xxgk-extract[dask]'") from e
        if self.scheduler:
            return Client(self.scheduler), None
        cluster = LocalCluster(n_workers=self.jobs, threads_per_worker=1, processes=True,
                               dashboard_address=None, memory_limit=0)
        return Client(cluster), cluster

    def _check_versions(self, client) -> None:
        from .state import version_key
        mine = version_key(self.options)
        theirs = client.run(worker_version, self.options)
        wrong = {w: v for w, v in theirs.items() if v != mine}
        if wrong:
            w, v = next(iter(wrong.items()))
            raise RuntimeError(f"Dask worker {w} runs extractor {v}, this machine {mine}: install the same "
                               f"xxgk-extract on the cluster")

    def run(self, tasks: Iterable[tuple[int, Path]], root: Path) -> Iterator[tuple[int, object]]:
        from distributed import as_completed

        from ..pipeline import _failed, relative_name

        client, cluster = self._client()
        try:
            self._check_versions(client)
            threads = sum(client.nthreads().values()) or 1
            window = threads * TASKS_PER_THREAD
            todo = iter(tasks)
            ship = self.ship
            futures = {}
            pending = as_completed()

            def submit() -> bool:
                nonlocal ship
                nxt = next(todo, None)
                if nxt is None:
                    return False
                idx, path = nxt
                if ship is None:  # can the workers read our paths?
                    ship = not all(client.run(os.path.exists, str(Path(path).resolve())).values())
                args = dict(options=self.options, timeout=self.timeout, memory_mb=self.memory_mb,
                            recycle_after=self.recycle_after)
                if ship:
                    fut = client.submit(process_remote, str(path), str(root), data=Path(path).read_bytes(),
                                        rel=relative_name(Path(path), Path(root)), pure=False, **args)
                else:
                    fut = client.submit(process_remote, str(Path(path).resolve()), str(Path(root).resolve()),
                                        pure=False, **args)
                futures[fut] = (idx, path)
                pending.add(fut)
                return True

            while len(futures) < window and submit():
                pass
            for fut in pending:
                idx, path = futures.pop(fut)
                try:
                    res = fut.result()
                except Exception as e:  # a worker lost with the task (KilledWorker …): a row, not a crash
                    res = _failed(Path(path), Path(root), f"dask task failed: {type(e).__name__}: {str(e)[:120]}")
                fut.release()
                yield idx, res
                while len(futures) < window and submit():
                    pass
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
