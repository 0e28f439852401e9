from extract.checks import run_checks, text_vs_table
from extract.records import Record


def rec(code, dim, value, source="table"):
    return Record(indicator=code, dimension=dim, value=value, unit="件", source=source, raw=str(value))


def _by(checks, name, scope):
    return [c for c in checks if c.check == name and c.scope == scope]


def test_table3_balance_and_totals():
    recs = [rec("apply.new_received", "natural", 10), rec("apply.carried_over", "natural", 2),
            rec("apply.result.total", "natural", 11), rec("apply.carried_forward", "natural", 1),
            rec("apply.result.granted", "natural", 6), rec("apply.result.partial", "natural", 3),
            rec("apply.result.other.no_correction", "natural", 1), rec("apply.result.other.misc", "natural", 1)]
    checks = run_checks(recs)
    bal = _by(checks, "table3_balance", "table3 column natural")[0]
    assert bal.ok and bal.expected == 12 and bal.actual == 12
    res = _by(checks, "table3_result_total", "table3 column natural")[0]
    assert res.ok  # 6 + 3 + the 2021 其他处理 sub-rows = 11
    assert "blank part(s) counted as 0" in res.detail


def test_printed_totals_that_disagree_are_flagged():
    recs = [rec("review.maintained", "total", 5), rec("review.corrected", "total", 0),
            rec("review.other", "total", 0), rec("review.pending", "total", 2), rec("review.total", "total", 9)]
    recs += [rec("apply.result.granted", d, v) for d, v in (("natural", 3), ("legal.commercial", 1), ("total", 5))]
    checks = run_checks(recs)
    t4 = _by(checks, "table4_total", "table4 review")[0]
    assert not t4.ok and t4.expected == 7 and t4.actual == 9
    row = _by(checks, "table3_row_total", "table3 row apply.result.granted")[0]
    assert not row.ok and "parts add up to 4" in row.detail


def test_pre2019_parents_add_up_but_channels_do_not():
    recs = [rec("apply.received.total", "total", 5), rec("apply.received.by_channel.in_person", "total", 2),
            rec("apply.received.by_channel.online", "total", 3),
            rec("active.total", "total", 5), rec("active.by_channel.website", "total", 233),
            rec("active.by_channel.total", "total", 615), rec("active.by_channel.weibo", "total", 200),
            rec("active.by_channel.wechat", "total", 132), rec("active.by_channel.other", "total", 50)]
    checks = run_checks(recs)
    assert _by(checks, "parent_sum", "apply.received.total [total]")[0].ok
    assert _by(checks, "parent_sum", "active.by_channel.total [total]")[0].ok
    assert not any("active.total" in c.scope for c in checks)  # channels overlap: no sum check on active.total


def test_text_vs_table():
    recs = [rec("active.total", "total", 5), rec("active.total", "total", 620, source="text"),
            rec("active.by_channel.website", "total", 233), rec("active.by_channel.website", "total", 233, "text")]
    checks = {c.scope: c for c in text_vs_table(recs)}
    assert not checks["active.total [total]"].ok
    assert checks["active.by_channel.website [total]"].ok
