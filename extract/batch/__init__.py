"""Batch engines: run ``process_file`` over many files with bounded time and memory, stream the rows to
part files under ``OUT/.parts/``, resume an interrupted run, and assemble the output tables.

- ``local``: a pool of long-lived worker processes (the default; needs nothing but the standard library)
- ``dask``: the same per-file function on a ``dask.distributed`` cluster
- ``fork``: the former fork-per-file engine, kept as the benchmark baseline
"""
