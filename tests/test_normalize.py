from extract.normalize import compact, normalize


def test_fullwidth_digits_and_spaces_fold():
    n = normalize("共主动公开信息６２０条，\u3000其中　网站 233 条")
    assert n.text == "共主动公开信息620条，其中网站233条"


def test_spaces_between_han_are_dropped_but_kept_between_numbers():
    assert normalize("政 府 信 息 公 开").text == "政府信息公开"
    assert normalize("95 0 0 0").text == "95 0 0 0"
    assert normalize("2024 年 1 月").text == "2024年1月"
    assert normalize("Word export").text == "Word export"


def test_original_characters_recoverable():
    raw = "收到申请\u3000１２ 件"
    n = normalize(raw)
    i = n.text.index("12")
    assert n.raw_span(raw, i, i + 2) == "１２"
    assert n.raw_span(raw, 0, len(n.text)) == raw


def test_compact_removes_all_whitespace():
    assert compact(" 结果\n维持 ") == "结果维持"


def test_radicals_and_compatibility_ideographs_unified():
    from extract.normalize import RADICAL_SUPPLEMENT, unify_ideograph

    # Kangxi Radicals (NFKC), Radicals Supplement (explicit table), Compatibility Ideographs (NFKC)
    raw = "⼈⺠⽹⼯：本年度⻓期⻔户⽹站⻢上办，⾏政复议\uf9b2件"
    n = normalize(raw)
    assert n.text == "人民网工：本年度长期门户网站马上办，行政复议零件"
    assert compact("⾏政诉讼") == "行政诉讼"
    i = n.text.index("民")
    assert n.raw_span(raw, i, i + 1) == "⺠"  # the printed character stays recoverable
    assert len(RADICAL_SUPPLEMENT) == 114
    assert all(len(v) == 1 and not 0x2E80 <= ord(v) <= 0x2FDF for v in RADICAL_SUPPLEMENT.values())
    assert unify_ideograph("\u2f00") == "一" and unify_ideograph("\u2fd5") == "龠"
    assert unify_ideograph("\U0002f800") == "丽"
    assert unify_ideograph("\u2e80") == "\u2e80"  # no equivalent ideograph: left as printed
    assert unify_ideograph("民") == "民"
