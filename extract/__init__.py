"""xxgk-extract: figures from Chinese government information-disclosure annual reports."""
__version__ = "0.1.0"

__all__ = ["run", "read", "finalize_outputs"]


def __getattr__(name):  # lazy: `import extract` stays light for the workers
    if name in ("run", "read"):
        from . import api
        return getattr(api, name)
    if name == "finalize_outputs":
        from .finalize import finalize_outputs
        return finalize_outputs
    raise AttributeError(f"module 'extract' has no attribute {name!r}")
