"""Table mapping on hand-built tables: spellings, numbering, layouts the dev reports don't show."""
from extract.model import Cell, Table
from extract.tables.mapper import classify, detect_era, map_table


def _table(rows, spans=None):
    cells = []
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text is None:
                continue
            rs, cs = (spans or {}).get((r, c), (1, 1))
            cells.append(Cell(r, c, text, rs, cs))
    return Table(cells=cells)


def _records(t):
    return {(r.indicator, r.dimension): r.value for r in map_table(t).records}


HEADER3 = [["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", None, None, "申请人情况", None, None, None, None, None, None],
           [None, None, None, "自然人", "法人或其他组织", None, None, None, None, "总计"],
           [None, None, None, None, "商业\n企业", "科研机构", "社会公益组织", "法律服务机构", "其他", None]]
SPANS3 = {(0, 0): (3, 3), (0, 3): (1, 7), (1, 3): (2, 1), (1, 4): (1, 5), (1, 9): (2, 1)}


def test_table3_misspelled_and_renumbered_rows():
    rows = HEADER3 + [
        ["一、本年新收政府信息公开申请数", None, None, "5", "1", "0", "0", "0", "0", "6"],
        ["三、本年度办理结果", "(三)不予公开", "2、其他法律行政止公开", "1", "", "0", "0", "0", "0", "1"],
        [None, None, "(3) 危及 三安全一稳定", "2", "0", "0", "0", "0", "0", "2"],
        [None, "（六）其他处理", "3.其他", "4", "0", "0", "0", "0", "0", "4"],
        [None, "（七）总计", None, "7", "0", "0", "0", "0", "0", "7"],
    ]
    spans = dict(SPANS3)
    spans[(3, 0)] = (1, 3)
    spans[(4, 0)] = (4, 1)
    spans[(4, 1)] = (2, 1)
    spans[(7, 1)] = (1, 2)
    t = _table(rows, spans)
    assert classify(t) == "table3"
    rec = _records(t)
    assert rec[("apply.new_received", "natural")] == 5
    assert rec[("apply.new_received", "legal.commercial")] == 1
    assert rec[("apply.result.denied.law_prohibited", "natural")] == 1
    assert ("apply.result.denied.law_prohibited", "legal.commercial") not in rec  # blank is not zero
    assert rec[("apply.result.denied.security_stability", "total")] == 2
    assert rec[("apply.result.other.misc", "natural")] == 4
    assert rec[("apply.result.total", "total")] == 7


def test_table4_by_position_with_flattened_header():
    rows = [["行政复议", None, None, None, None, "行政诉讼"] + [None] * 9,
            ["结果 维持 结果 纠正 其他 结果 尚未 审结 总计"] + [None] * 14,
            ["5", "", "", "2", "7", "8", "", "", "1", "9", "0", "0", "0", "0", "0"]]
    t = _table(rows, {(0, 0): (1, 5), (0, 5): (1, 10), (1, 0): (1, 15)})
    assert classify(t) == "table4"
    rec = _records(t)
    assert rec[("review.maintained", "total")] == 5
    assert ("review.corrected", "total") not in rec
    assert rec[("review.pending", "total")] == 2
    assert rec[("review.total", "total")] == 7
    assert rec[("litigation.direct.total", "total")] == 9
    assert rec[("litigation.after_review.total", "total")] == 0


def test_table2_2019_signed_changes_and_amounts():
    rows = [["第二十条第（五）项", None, None, None],
            ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
            ["行政许可", "396", "减4", "181"],
            ["其他对外管理服务事项", "10", "+3", "153"],
            ["第二十条第（九）项", None, None, None],
            ["信息内容", "采购项目数量", "采购总金额", None],
            ["政府集中采购", "135", "75394432.52元", None]]
    t = _table(rows, {(0, 0): (1, 4), (4, 0): (1, 4), (5, 2): (1, 2), (6, 2): (1, 2)})
    rec = _records(t)
    assert rec[("active.license.item_change", "total")] == -4
    assert rec[("active.other_service.item_change", "total")] == 3
    assert rec[("active.procurement.amount", "total")] == 75394432.52
    assert detect_era(["上一年项目数量"]) == "t2019"


def test_table2_2021_fee_in_wan_yuan():
    rows = [["第二十条第（八）项", None, None, None],
            ["信息内容", "本年收费金额（单位：万元）", None, None],
            ["行政事业性收费", "7545", None, None]]
    t = _table(rows, {(0, 0): (1, 4), (1, 1): (1, 3), (2, 1): (1, 3)})
    assert _records(t)[("active.admin_fee.amount", "total")] == 75_450_000


def test_pre2019_context_decides_duplicate_labels():
    rows = [["统计指标", "单位", "统计数"],
            ["四、行政复议数量", "件", "3"],
            ["（一）维持具体行政行为数", "件", "2"],
            ["五、行政诉讼数量", "件", "1"],
            ["（一）维持具体行政行为或者驳回原告诉讼请求数", "件", "1"],
            ["六、被举报投诉数量", "件", "4"],
            ["（一）维持具体行政行为数", "件", "3"],
            ["十二、依申请公开信息收取的费用", "万元", "0.5"]]
    rec = _records(_table(rows))
    assert rec[("review.maintained", "total")] == 2
    assert rec[("litigation.maintained", "total")] == 1
    assert rec[("complaint.maintained", "total")] == 3
    assert rec[("fee.amount", "total")] == 5000


def test_era_from_labels_not_year():
    assert detect_era(["2021年", "本年新制作数量"]) == "t2019"  # a 2021 report on the 2019 template
    assert detect_era(["本年制发件数", "第二十条"]) == "t2021"
    assert detect_era(["统计指标", "单位", "统计数"]) == "pre2019"
    assert detect_era(["2020年工作总结"]) == "unknown"


def test_unmapped_row_is_reported_not_dropped():
    rows = [["统计指标", "单位", "统计数"], ["主动公开政府信息数", "条", "5"], ["某某自创指标数", "个", "9"]]
    res = map_table(_table(rows))
    assert any("某某自创指标数" in i for i in res.issues)


def test_pre2019_year_column_and_subtotal_rows():
    rows = [["指标", "单位", "2016年"], ["主动公开信息数", "条", "120"], ["行政复议数", "件", "0"]]
    rec = _records(_table(rows))
    assert rec[("active.total", "total")] == 120 and rec[("review.total", "total")] == 0
    rows = HEADER3 + [["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密", "1", "0", "0", "0", "0", "0", "1"],
                      [None, None, "小计", "3", "0", "0", "0", "0", "0", "3"]]
    spans = dict(SPANS3)
    spans[(3, 0)] = (2, 1)
    spans[(3, 1)] = (2, 1)
    rec = _records(_table(rows, spans))
    assert rec[("apply.result.denied.state_secret", "natural")] == 1
    assert rec[("apply.result.denied", "total")] == 3
