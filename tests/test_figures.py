"""OUT/figures: PNG charts of a run."""
import pandas as pd
from PIL import Image

from extract.figures import FIGURES, write_figures


def test_figures_from_tables(tmp_path):
    reports = pd.DataFrame({"status": ["ok", "ok", "partial", "failed"]})
    checks = pd.DataFrame({"check": ["a", "a", "b"], "ok": [True, False, False]})
    panel = pd.DataFrame({"year": pd.array([2019, 2020, 2020], dtype="Int32"), "era": ["t2019", "t2019", None],
                          "active_total": [10.0, 20.0, None], "fee_yuan": [0.0, None, None]})
    paths = write_figures(tmp_path, reports, checks, panel)
    assert sorted(p.name for p in paths) == sorted(FIGURES)
    for p in paths:
        with Image.open(p) as im:
            assert im.format == "PNG" and im.size[0] > 300 and im.size[1] > 200
            # not a blank canvas: more than a couple of colours
            assert len(im.convert("RGB").getcolors(maxcolors=1 << 16) or range(1 << 16)) > 5


def test_empty_run_still_draws(tmp_path):
    paths = write_figures(tmp_path, pd.DataFrame({"status": []}), None,
                          pd.DataFrame({"year": pd.array([], dtype="Int32"), "era": []}))
    assert len(paths) == len(FIGURES) and all(p.stat().st_size > 1000 for p in paths)
