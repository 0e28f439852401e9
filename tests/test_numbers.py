"""Property tests: formatting a number in each way the reports print it and parsing it gives it back."""
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.numbers import cn_to_int, int_to_cn, parse_number

counts = st.integers(min_value=0, max_value=999_999_999)


def _fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() or c in ".," else c for c in s)


@given(counts)
def test_arabic(n):
    assert parse_number(f"共{n}条").value == n


@given(counts)
def test_fullwidth_and_thousands(n):
    assert parse_number(_fullwidth(f"{n}条")).value == n
    assert parse_number(f"{n:,}件").value == n


@given(counts, st.booleans())
def test_chinese_numerals(n, liang):
    text = int_to_cn(n, liang)
    assert cn_to_int(text) == n
    assert parse_number(f"受理{text}件").value == n


@given(st.integers(min_value=1, max_value=99_999), st.sampled_from(["万", "亿"]))
def test_magnitudes(hundredths, big):
    text = f"{hundredths / 100:g}{big}"
    expected = hundredths / 100 * (10_000 if big == "万" else 100_000_000)
    assert abs(parse_number(text + "条").value - expected) < 1e-6 * max(1, expected)


@settings(max_examples=200)
@given(st.integers(min_value=1, max_value=10_000_000),
       st.sampled_from([("约", ""), ("逾", ""), ("近", ""), ("超过", ""), ("", "余"), ("", "多"), ("", "左右"),
                        ("", "")]))
def test_qualifiers_kept_apart(n, qual):
    before, after = qual
    p = parse_number(f"接受咨询{before}{n}{after}人次")
    assert p.value == n
    assert p.qualifier == (before or after)


def test_examples_from_reports():
    assert parse_number("3万余人次").value == 30000 and parse_number("3万余人次").qualifier == "余"
    assert parse_number("1.2万条").value == 12000
    assert parse_number("5500余条").value == 5500
    assert parse_number("万余份").value == 10000
    assert parse_number("两万三千").value == 23000
    assert parse_number("一千二百").value == 1200
    assert parse_number("十七").value == 17
    assert parse_number("二〇一九").value == 2019
    assert parse_number("达97402人次").qualifier == ""  # 达 only means reached
