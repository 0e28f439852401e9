import pandas as pd

from extract.evaluate import evaluate, format_report
from extract.writers import write_all


def test_scoring_rules(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    pd.DataFrame([
        ["active.total", "total", "table", 5, 1, ""],
        ["review.total", "total", "table", 0, 1, ""],
        ["active.total", "total", "text", 620, 1, ""],
        ["active.by_category.business", "total", "text", 147, 0, "optional"],
    ], columns=["indicator", "dimension", "source", "value", "required", "note"]).to_csv(gold / "rep.csv", index=False)
    out = tmp_path / "out"
    rec = lambda ind, src, v, raw="": {"report_id": "x", "file": f"sub/rep.{src[:3]}", "indicator": ind,  # noqa: E731
                                       "dimension": "total", "value": v, "source": src, "raw": raw}
    records = [rec("active.total", "table", 5), rec("active.total", "table", 5),  # duplicate counts once
               rec("review.total", "table", 1),  # wrong value
               rec("active.total", "text", 620), rec("active.by_category.business", "text", 147),
               rec("response.interpretations", "text", 9),  # non-core, not in gold: not counted
               rec("consult.total", "text", 3)]  # core, not in gold: a false positive
    for r in records:
        r["file"] = "rep.docx"
    write_all(out, {"records": records,
                    "reports": [{"report_id": "x", "file": "rep.docx", "status": "ok"}]})
    res = evaluate(out, gold)
    assert res.totals("table") == (1, 2, 1, 2)
    assert res.totals("text") == (2, 3, 1, 1)
    text = format_report(res)
    assert "MISSED review.total [total] = 0 (found 1)" in text
    assert "WRONG  consult.total [total] = 3 (not in gold)" in text
