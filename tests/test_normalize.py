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
