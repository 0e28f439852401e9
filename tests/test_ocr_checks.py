"""Figures read by OCR are flagged when the recognizer is unsure or the table's own sums break."""
from extract.checks import ocr_checks, run_checks
from extract.records import Record

DIMS = ["natural", "legal.commercial", "legal.research", "legal.social_org", "legal.legal_service", "legal.other"]


def _rec(code, dim, value, conf=0.99, ocr=True):
    return Record(code, dim, float(value), "件", "table", str(value), page=2, locator=f"table 1 {code} {dim}",
                  rule=f"t3:{code}" + ("+ocr" if ocr else ""), confidence=conf)


def _table3(values: dict):
    recs = []
    for code, row in values.items():
        for dim, v in zip(DIMS + ["total"], row):
            recs.append(_rec(code, dim, v))
    return recs


def test_a_misread_cell_is_pinpointed_by_its_row_and_column():
    rows = {"apply.new_received": [3, 1, 0, 0, 0, 0, 4], "apply.carried_over": [0, 0, 0, 0, 0, 0, 0],
            "apply.result.granted": [2, 1, 0, 0, 0, 0, 3], "apply.result.partial": [1, 0, 0, 0, 0, 0, 1],
            "apply.result.total": [3, 1, 0, 0, 0, 0, 4], "apply.carried_forward": [0, 0, 0, 0, 0, 0, 0]}
    recs = _table3(rows)
    assert not ocr_checks(recs, run_checks(recs))  # consistent table, confident reads: nothing flagged
    # the recognizer read 7 for 1 in 部分公开/自然人: its row total and its column's result total break
    bad = next(r for r in recs if r.indicator == "apply.result.partial" and r.dimension == "natural")
    bad.value, bad.raw = 7.0, "7"
    flags = ocr_checks(recs, run_checks(recs))
    arith = [f for f in flags if f.check == "ocr_arithmetic"]
    assert [f.scope for f in arith] == ["apply.result.partial [natural]"]
    assert "table3_row_total" in arith[0].detail and "table3_result_total" in arith[0].detail


def test_low_confidence_figures_are_flagged_text_layer_ones_never():
    recs = [_rec("apply.new_received", "total", 12, conf=0.55), _rec("apply.carried_over", "total", 3, conf=0.97),
            _rec("apply.result.total", "total", 5, conf=0.3, ocr=False)]
    flags = ocr_checks(recs, [])
    assert [(f.check, f.scope) for f in flags] == [("ocr_low_confidence", "apply.new_received [total]")]
    assert "0.55" in flags[0].detail


def test_a_low_score_figure_the_sums_confirm_is_not_flagged_one_in_a_broken_sum_is():
    """Lone zeros score low without context; a zero whose row and column sums hold is vouched for by the
    table itself.  The same low score in a row whose total breaks stays flagged."""
    rows = {"apply.new_received": [3, 1, 0, 0, 0, 0, 4], "apply.carried_over": [0, 0, 0, 0, 0, 0, 0],
            "apply.result.granted": [2, 1, 0, 0, 0, 0, 3], "apply.result.partial": [1, 0, 0, 0, 0, 0, 1],
            "apply.result.total": [3, 1, 0, 0, 0, 0, 4], "apply.carried_forward": [0, 0, 0, 0, 0, 0, 0]}
    recs = _table3(rows)
    zero = next(r for r in recs if r.indicator == "apply.result.granted" and r.dimension == "legal.research")
    zero.confidence = 0.4
    assert not [f for f in ocr_checks(recs, run_checks(recs)) if f.check == "ocr_low_confidence"]
    other = next(r for r in recs if r.indicator == "apply.result.granted" and r.dimension == "natural")
    other.value = 5.0  # its row total (3) now breaks: the unsure zero in that row is no longer vouched for
    low = [f.scope for f in ocr_checks(recs, run_checks(recs)) if f.check == "ocr_low_confidence"]
    assert low == ["apply.result.granted [legal.research]"]
