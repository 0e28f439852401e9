"""The agency × year panel: agency keys that join years, levels, and headline columns equal to reports'."""
import pandas as pd
import pytest

import extract
from extract.agency import clean_name, complete_keys, describe, describe_many
from extract.panel import codebook_columns, column_name
from extract.stages import HEADLINES


@pytest.mark.parametrize("a, b", [
    ("淮安市洪泽区人民政府", "洪泽区人民政府"),                       # parent places printed or not
    ("淮安市洪泽区人民政府", "淮安市 洪泽区 人民政府"),                # PDF spacing
    ("上海市人民政府办公厅", "上海市人民政府办公室"),                   # 办公厅 / 办公室
    ("淮安市政府办", "淮安市人民政府办公室"),
    ("鲸园街道办事处", "鲸园街道"),                                  # 街道办事处 / 街道
    ("夹皮沟镇人民政府", "夹皮沟镇"),
    ("平潭综合实验区管委会", "平潭综合实验区管理委员会"),
    ("ＸＹ市教育局", "XY市教育局"),                                  # full width
    ("北京市东城区人民政府东华门街道办事处", "北京市东城区东华门街道"),
    ("淮安市人民政府（淮安市政府）", "淮安市人民政府"),                # a note in parentheses
])
def test_spellings_of_one_agency_share_a_key(a, b):
    assert describe(a).agency_key == describe(b).agency_key


@pytest.mark.parametrize("a, b", [
    ("淮安市人民政府", "淮安市洪泽区人民政府"),
    ("淮安市人民政府", "淮安市人民政府办公室"),
    ("鲸园街道", "环翠楼街道"),
    ("湖北省邮政管理局", "浙江省邮政管理局"),
])
def test_different_agencies_keep_different_keys(a, b):
    assert describe(a).agency_key != describe(b).agency_key


@pytest.mark.parametrize("name, level, parent, province, city, county", [
    ("江苏省人民政府", "省级", None, "江苏", None, None),
    ("淮安市人民政府", "市级", None, "江苏", "淮安市", None),
    ("淮安市洪泽区人民政府", "县级", None, "江苏", "淮安市", "洪泽区"),
    ("平塘县大塘镇人民政府", "乡镇街道", "平塘县人民政府", "贵州", "黔南布依族苗族自治州", "平塘县"),
    ("威海市环翠区鲸园街道办事处", "乡镇街道", "威海市环翠区人民政府", "山东", "威海市", "环翠区"),
    ("湖北省邮政管理局", "部门", "湖北省人民政府", "湖北", None, None),
    ("涵江区交通运输局", "部门", "涵江区人民政府", "福建", "莆田市", "涵江区"),
    ("上海市人民政府办公厅", "部门", "上海市人民政府", "上海", None, None),
])
def test_level_parent_and_place(name, level, parent, province, city, county):
    a = describe(name)
    assert (a.level, a.parent, a.province, a.city, a.county) == (level, parent, province, city, county)


def test_province_named_in_the_text_decides_an_ambiguous_county():
    # 朝阳区 is in Beijing and in Changchun
    assert describe("朝阳区人民政府", "北京").agency_key == describe("北京市朝阳区人民政府").agency_key
    assert describe("朝阳区人民政府", "吉林").province == "吉林"


def test_bare_name_completed_from_the_one_placed_name_of_the_run():
    got = complete_keys(describe_many(["鲸园街道", "威海市环翠区鲸园街道办事处", "教育局", "淮安市教育局"]))
    assert got[0].agency_key == got[1].agency_key == "山东省威海市环翠区鲸园街道"
    assert got[2].agency_key == "教育局"  # too short and common to be completed


def test_missing_and_junk_names():
    assert describe(None).agency_key is None
    assert describe(pd.NA).agency_key is None
    assert clean_name("2019-01-04湖里区人民政府") == "湖里区人民政府"


REPORT = """{name}{year}年政府信息公开工作年度报告

一、总体情况
{year}年，本机关主动公开政府信息{active}条，其中通过政府网站公开政府信息{web}条。全年共收到政府信息公开申请{apply}件。
未发生政府信息公开行政复议、行政诉讼情况。
"""


def test_two_years_of_one_agency_join_by_agency_key(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(REPORT.format(name="威海市环翠区鲸园街道办事处", year=2019, active=120, web=80, apply=5),
                               encoding="utf-8")
    (src / "b.txt").write_text(REPORT.format(name="鲸园街道", year=2020, active=150, web=95, apply=7), encoding="utf-8")
    (src / "c.txt").write_text(REPORT.format(name="淮安市 洪泽区 人民政府", year=2019, active=33, web=20, apply=2),
                               encoding="utf-8")
    (src / "d.txt").write_text(REPORT.format(name="洪泽区人民政府", year=2020, active=44, web=30, apply=3),
                               encoding="utf-8")
    panel = extract.run(src, isolate=False)["panel"]
    assert len(panel) == 4
    wide = panel.pivot(index="agency_key", columns="year", values="active_total")
    assert wide.loc["山东省威海市环翠区鲸园街道", 2019] == 120 and wide.loc["山东省威海市环翠区鲸园街道", 2020] == 150
    assert wide.loc["江苏省淮安市洪泽区", 2019] == 33 and wide.loc["江苏省淮安市洪泽区", 2020] == 44
    j = panel[panel.year == 2019].merge(panel[panel.year == 2020], on="agency_key", suffixes=("_19", "_20"))
    assert len(j) == 2
    assert set(j["apply_received_20"] - j["apply_received_19"]) == {1, 2}
    assert set(panel.loc[panel.agency_key == "江苏省淮安市洪泽区", "level"]) == {"县级"}
    assert set(panel.loc[panel.agency_key == "山东省威海市环翠区鲸园街道", "level"]) == {"乡镇街道"}


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory):
    from conftest import CORPUS
    out = tmp_path_factory.mktemp("panel") / "out"
    return extract.run(CORPUS, out=out, isolate=False)


def test_panel_one_row_per_non_duplicate_report(corpus_run):
    reports, panel = corpus_run["reports"], corpus_run["panel"]
    read = reports[reports.status.isin(["ok", "partial"])]
    assert len(panel) == read["duplicate_of"].isna().sum() == 1  # the seed in TXT, DOCX and PDF: one report
    assert panel["report_id"].is_unique


def test_panel_headlines_equal_reports_headlines(corpus_run):
    reports, panel = corpus_run["reports"], corpus_run["panel"]
    m = panel.merge(reports, on="report_id", suffixes=("", "_rep"))
    for col in HEADLINES:
        pd.testing.assert_series_equal(m[col].astype("float64"), m[col + "_rep"].astype("float64"),
                                       check_names=False)


def test_code_columns_hold_the_records_table_first(corpus_run):
    panel, records = corpus_run["panel"], corpus_run["records"]
    row = panel.iloc[0]
    recs = records[records.report_id == row["report_id"]]
    for (ind, dim), g in recs.groupby(["indicator", "dimension"]):
        table = g[g.source == "table"]
        expected = (table if len(table) else g)["value"].iloc[0]
        assert row[column_name(ind, dim)] == expected, (ind, dim)
    # seed: table prints 5, the text 620 → the table's
    assert row["active.total"] == 5
    # every codebook column is there, blank where the report has nothing
    for ind, dim in codebook_columns():
        assert column_name(ind, dim) in panel.columns
    assert pd.isna(row["apply.result.denied.state_secret@natural"])


def test_panel_columns_document_every_column(corpus_run):
    panel, cols = corpus_run["panel"], corpus_run["panel_columns"]
    assert list(cols["column"]) == list(panel.columns)
    feeds = cols.set_index("column")["feeds"]
    assert "apply.received.total" in feeds["apply_received"] and "apply.new_received" in feeds["apply_received"]
    assert feeds["apply.new_received@natural"] == "records apply.new_received [natural] (table before text)"


def test_xxgk_run_writes_panel_figures_and_datapackage(tmp_path):
    from typer.testing import CliRunner

    from conftest import CORPUS
    from extract.cli import app

    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["run", str(CORPUS / "jingyuan-2017.txt"), "-o", str(out), "--no-isolation",
                                   "--figures"])
    assert res.exit_code == 0, res.output
    for name in ("panel.csv", "panel.parquet", "panel_columns.csv", "datapackage.json", "codebook.csv",
                 "figures/reports_by_year.png"):
        assert (out / name).exists(), name
    assert (out / "panel.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert "duplicate_of" in pd.read_parquet(out / "reports.parquet").columns
