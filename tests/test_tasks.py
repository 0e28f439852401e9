import pytest

from extract.pipeline import process_file


@pytest.mark.parametrize("ext", ["txt", "docx", "pdf"])
def test_seed_task_table_filled_down(corpus, ext):
    res = process_file(corpus / f"jingyuan-2017.{ext}", corpus)
    seq = [t["seq"] for t in res.tasks]
    assert seq == ["14", "14", "31", "31", "32", "32", "33", "33", "33", "34", "35", "35"]
    assert all(t["report_id"] == res.report["report_id"] for t in res.tasks)
    assert res.tasks[0]["task"] == "推进财税体制改革信息公开" and res.tasks[1]["task"] == "推进财税体制改革信息公开"


@pytest.mark.parametrize("ext", ["txt", "docx", "pdf"])
def test_seed_text_vs_table_disagreement_reported_as_printed(corpus, ext):
    res = process_file(corpus / f"jingyuan-2017.{ext}", corpus)
    active = {(r["source"], r["value"]) for r in res.records if r["indicator"] == "active.total"}
    assert active == {("table", 5.0), ("text", 620.0)}
    flagged = [c for c in res.checks if c["check"] == "text_vs_table" and c["scope"] == "active.total [total]"]
    assert flagged and not flagged[0]["ok"]
    assert res.report["era"] == "pre2019" and res.report["active_total"] == 5.0
