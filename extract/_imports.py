"""Imports of third-party packages that load ``pkg_resources`` only to open their own data files.

jieba and cpca call ``pkg_resources.resource_stream`` on files inside their own package; importing
``pkg_resources`` (deprecated) costs 0.07 s of CPU, more than any other module a run imports after pandas.
While such a package is imported, a stand-in with that one function (the file beside the package's module,
as ``pkg_resources`` opens it for a package on the file system) takes the name's place, and is removed
afterwards: whoever imports ``pkg_resources`` later gets the real one.
"""
from __future__ import annotations

import os
import sys
import types
from importlib import import_module


def _resource_stream(package: str, name: str):
    module = sys.modules.get(package) or import_module(package)
    return open(os.path.join(os.path.dirname(module.__file__), *name.split("/")), "rb")


def import_without_pkg_resources(name: str):
    """``import_module(name)``, ``pkg_resources.resource_stream`` answered by the stand-in meanwhile."""
    if name in sys.modules or "pkg_resources" in sys.modules:
        return import_module(name)
    shim = types.ModuleType("pkg_resources", "stand-in: resource_stream only (extract._imports)")
    shim.resource_stream = _resource_stream
    sys.modules["pkg_resources"] = shim
    try:
        return import_module(name)
    finally:
        if sys.modules.get("pkg_resources") is shim:
            del sys.modules["pkg_resources"]
