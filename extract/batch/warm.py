"""Imported by the fork server of a Dask worker: readers and dictionaries loaded once, before any fork."""
from .worker import warm_up

warm_up()
