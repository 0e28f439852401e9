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


def _figure_resources(out):
    import json
    return sorted(r["path"] for r in json.loads((out / "datapackage.json").read_text("utf-8"))["resources"]
                  if r["path"].startswith("figures/"))


def test_figures_only_when_asked_and_the_same_from_the_helper_process(tmp_path):
    """Without --figures none are drawn (and an earlier run's are removed, they would show other tables);
    ``xxgk figures OUT`` draws them later, and the run's helper process draws the very same PNGs."""
    from typer.testing import CliRunner

    from conftest import CORPUS
    from extract.cli import app

    src = CORPUS / "jingyuan-2017.txt"
    asked, later = tmp_path / "asked", tmp_path / "later"
    runner = CliRunner()
    assert runner.invoke(app, ["run", str(src), "-o", str(asked), "--figures"]).exit_code == 0  # helper process
    assert sorted(p.name for p in (asked / "figures").iterdir()) == sorted(FIGURES)
    assert _figure_resources(asked) == sorted(f"figures/{n}" for n in FIGURES)

    res = runner.invoke(app, ["run", str(src), "-o", str(later), "--no-isolation"])
    assert res.exit_code == 0, res.output
    assert not (later / "figures").exists() and _figure_resources(later) == []
    res = runner.invoke(app, ["figures", str(later)])  # drawn here, in this process
    assert res.exit_code == 0, res.output
    for name in FIGURES:
        assert (later / "figures" / name).read_bytes() == (asked / "figures" / name).read_bytes(), name
    assert _figure_resources(later) == _figure_resources(asked)

    res = runner.invoke(app, ["run", str(src), "-o", str(asked), "--force"])  # figures not asked this time
    assert res.exit_code == 0, res.output
    assert not (asked / "figures").exists() and _figure_resources(asked) == []


def test_helper_that_cannot_draw_leaves_it_to_the_caller(tmp_path):
    from extract.figures import FigureHelper

    helper = FigureHelper()
    assert helper.draw(tmp_path / "missing") is None  # no tables there: the helper reports, nothing hangs
    assert helper.proc is None
