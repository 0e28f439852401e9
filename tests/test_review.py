"""xxgk review: a static site; every figure is one highlight element, checked in a real browser."""
import os
import re
import json
import shutil
import subprocess
from html.parser import HTMLParser

import pandas as pd
import pytest
from typer.testing import CliRunner

import extract
from extract.cli import app
from extract.review import check_targets, write_site
from extract.writers import frame, write_table

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None and os.environ.get("CI") != "true",
                                    reason="chromium not installed")


class Highlights(HTMLParser):
    """Elements carrying data-code (the figures), with their attributes and classes."""

    def __init__(self):
        super().__init__()
        self.figs, self.urls, self.rows = [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "data-code" in a:
            self.figs.append(a)
        for k in ("src", "href"):
            if a.get(k):
                self.urls.append(a[k])
        if tag == "tr" and "unmapped" in (a.get("class") or ""):
            self.rows.append(a)


def parse(html):
    p = Highlights()
    p.feed(html)
    return p


def dump_dom(path, tmp_path):
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'chr'}",
           "--dump-dom", path.as_uri()]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr[-1000:]
    return res.stdout


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from conftest import CORPUS
    out = tmp_path_factory.mktemp("review") / "out"
    extract.run(CORPUS, out=out, isolate=False, figures=True)  # the index shows the run's figures
    res = CliRunner().invoke(app, ["review", str(out), "--inputs", str(CORPUS)])
    assert res.exit_code == 0, res.output
    return out


@needs_chromium
def test_browser_renders_one_highlight_per_record(site, tmp_path):
    t = extract.read(site)
    records = t["records"]
    for rid in t["reports"].report_id.unique():
        dom = dump_dom(site / "review" / "r" / f"{rid}.html", tmp_path)
        figs = parse(dom).figs
        recs = records[records.report_id == rid]
        assert len(figs) == len(recs) > 0
        got = sorted((f["data-code"], f["data-dimension"], float(f["data-value"]), f["data-source"]) for f in figs)
        want = sorted(zip(recs.indicator, recs.dimension, recs.value.astype(float), recs.source))
        assert got == want
        assert all("data-tip" in f and f["data-code"] in f["data-tip"] and "rule:" in f["data-tip"] for f in figs)
    dom = dump_dom(site / "review" / "index.html", tmp_path)
    assert dom.count('<tr data-status="ok"') == len(t["reports"])


def test_text_figures_sit_in_the_document_text(site):
    t = extract.read(site)
    rid = t["reports"].loc[t["reports"].format == "docx", "report_id"].iloc[0]
    html = (site / "review" / "r" / f"{rid}.html").read_text(encoding="utf-8")
    text_part = html[html.index('<div class="text">'):html.index("</div>", html.index('<div class="text">'))]
    text_figs = parse(text_part).figs
    n_text = ((t["records"].report_id == rid) & (t["records"].source == "text")).sum()
    assert len(text_figs) == n_text > 0
    assert "约14600人次" in re.sub(r"<[^>]+>", "", text_part)


def test_failed_checks_listed_and_marked(site):
    t = extract.read(site)
    rid = t["reports"].report_id.iloc[0]
    p = parse((site / "review" / "r" / f"{rid}.html").read_text(encoding="utf-8"))
    failed = [f for f in p.figs if "check-failed" in f["class"]]
    # seed: active.total 5 in the table, 620 in the text
    assert {(f["data-code"], f["data-value"]) for f in failed} >= {("active.total", "5"), ("active.total", "620")}
    assert all("check failed: text_vs_table" in f["data-tip"] for f in failed)


def test_static_no_network(site):
    for page in (site / "review").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"(src|href)=\"(https?:)?//", html), page
        assert "<link" not in html
    idx = parse((site / "review" / "index.html").read_text(encoding="utf-8"))
    assert any(u.startswith("../figures/") for u in idx.urls)
    assert all(not u.startswith("http") for u in idx.urls)


def test_without_inputs_figures_are_shown_with_their_phrase(site, tmp_path):
    out = tmp_path / "copy"
    shutil.copytree(site, out)
    shutil.rmtree(out / "review")
    (out / "run.json").unlink(missing_ok=True)  # run.json names the input folder: without it, no inputs
    write_site(out)
    t = extract.read(out)
    for rid, g in t["records"].groupby("report_id"):
        html = (out / "review" / "r" / f"{rid}.html").read_text(encoding="utf-8")
        assert len(parse(html).figs) == len(g)
        assert "--inputs" in html


def test_review_of_a_run_without_figures_draws_them(site, tmp_path):
    out = tmp_path / "nofig"
    shutil.copytree(site, out)
    shutil.rmtree(out / "review")
    shutil.rmtree(out / "figures")
    index = write_site(out)
    pngs = sorted(p.name for p in (out / "figures").glob("*.png"))
    assert pngs and all((out / "figures" / p).stat().st_size > 1000 for p in pngs)
    links = parse(index.read_text(encoding="utf-8")).urls
    assert {f"../figures/{p}" for p in pngs} <= set(links)
    listed = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert {f"figures/{p}" for p in pngs} <= {r.get("path") for r in listed["resources"]}


def test_unmapped_rows_low_confidence_and_unplaced_figures(tmp_path):
    out = tmp_path / "out"
    rid = "0123456789abcdef"
    rep = {"report_id": rid, "file": "x.pdf", "format": "pdf", "status": "partial", "error": "1 table part(s)",
           "era": "t2021", "n_records": 3, "n_check_failures": 2}
    write_table(out, "reports", frame("reports", [rep]))
    recs = [{"report_id": rid, "file": "x.pdf", "indicator": "review.total", "dimension": "total", "value": 3.0,
             "unit": "件", "source": "table", "raw": "3", "locator": "table 0 row 1 col 1", "rule": "t4:review.total"},
            {"report_id": rid, "file": "x.pdf", "indicator": "review.maintained", "dimension": "total", "value": 1.0,
             "unit": "件", "source": "table", "raw": "1", "locator": "table 0 row 1 col 0", "rule": "t4:x",
             "confidence": 0.6},
            {"report_id": rid, "file": "x.pdf", "indicator": "litigation.total", "dimension": "total", "value": 2.0,
             "unit": "件", "source": "table", "raw": "2", "locator": "table 9 row 9 col 9", "rule": "t4:y"}]
    write_table(out, "records", frame("records", recs))
    checks = [{"report_id": rid, "file": "x.pdf", "check": "table4_total", "scope": "table4 review", "expected": 1.0,
               "actual": 3.0, "ok": False, "detail": "total 3 ≠ 1"},
              {"report_id": rid, "file": "x.pdf", "check": "unmapped", "scope": "table 0 row 2", "ok": False,
               "detail": "table 0 row 2: 表二 item not recognised: 某某"}]
    write_table(out, "checks", frame("checks", checks))
    cells = [{"report_id": rid, "file": "x.pdf", "table": 0, "row": r, "col": c, "row_span": 1, "col_span": 1,
              "text": txt} for r, c, txt in [(0, 0, "维持"), (0, 1, "总计"), (1, 0, "1"), (1, 1, "3"),
                                             (2, 0, "某某"), (2, 1, "7")]]
    write_table(out, "cells", frame("cells", cells))
    write_site(out)
    html = (out / "review" / "r" / f"{rid}.html").read_text(encoding="utf-8")
    p = parse(html)
    assert len(p.figs) == 3
    by = {f["data-code"]: f for f in p.figs}
    assert "low" in by["review.maintained"]["class"] and "confidence: 0.60" in by["review.maintained"]["data-tip"]
    assert "check-failed" in by["review.total"]["class"]
    assert [r["data-row"] for r in p.rows] == ["2"]
    assert 'class="unmapped-cell">7<' in html  # a number no code took
    assert "Table figures whose cell is not in" in html and "litigation.total" in html


def test_check_targets():
    assert check_targets("parent_sum", "active.total [total]") == [("active.total", "total")]
    assert ("apply.carried_over", "natural") in check_targets("table3_balance", "table3 column natural")
    assert check_targets("table3_row_total", "table3 row apply.result.granted") == [("apply.result.granted", "total")]
    assert check_targets("table4_total", "table4 litigation.direct") == [("litigation.direct.total", "total")]
