"""One parser for every number the reports print.

Arabic and full-width digits, thousands separators, decimals, 万/亿 magnitudes, Chinese
numerals (一千二百, 两万三千, 十七, 〇), signed changes (减4, -8, +1036), approximation words kept
apart from the value (约 余 多 逾 近 超过 左右 …).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .normalize import fold_char

CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
             "九": 9, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9}
CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG = {"万": 10_000, "亿": 100_000_000}

PREFIX_QUALIFIERS = ("超过", "不少于", "不低于", "约", "逾", "近", "超", "达到", "将近", "大约")
SUFFIX_QUALIFIERS = ("余", "多", "左右", "以上", "余万", "多万")
# 达/达到 only mean "reached": not qualifiers (FORMATS.md 3.2)
NOT_QUALIFIERS = ("达到",)

CN_NUM_CHARS = "〇零一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
_ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
# number core: arabic with optional 万/亿 (and the 余/多 between, e.g. 3万余, 1.2万), or Chinese numerals
NUMBER_RE = re.compile(
    rf"(?P<num>(?:{_ARABIC})(?:\s*(?P<q1>余|多)?\s*(?P<big>[万亿]))?|[{CN_NUM_CHARS}]+)")


def cn_to_int(s: str) -> Optional[int]:
    """Chinese numeral to int: 一千二百 → 1200, 两万三千 → 23000, 十七 → 17, 一〇五 → 105."""
    if not s:
        return None
    if all(ch in CN_DIGITS for ch in s):  # digit-by-digit: 二〇一九, 一〇五
        if len(s) == 1:
            return CN_DIGITS[s]
        return int("".join(str(CN_DIGITS[ch]) for ch in s))
    total = 0
    section = 0
    digit: Optional[int] = None
    for ch in s:
        if ch in ("零", "〇"):
            digit = None  # a place holder, not a digit: 二万零十 = 20010
        elif ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            section += (1 if digit is None else digit) * CN_UNITS[ch]
            digit = None
        elif ch in CN_BIG:
            section += digit or 0
            if section == 0:
                section = 1
            total += section * CN_BIG[ch]
            section = 0
            digit = None
        else:
            return None
    section += digit or 0
    return total + section


_CN = "零一二三四五六七八九"


def int_to_cn(n: int, liang: bool = False, top: bool = False) -> str:
    """Write an integer in Chinese numerals (一千零五, 两万三千, 十七) — the inverse of ``cn_to_int``."""
    if n == 0:
        return "零"
    if n >= 100_000_000:
        hi, lo = divmod(n, 100_000_000)
        return int_to_cn(hi, liang) + "亿" + (("零" if lo < 10_000_000 else "") + int_to_cn(lo, liang, True)
                                             if lo else "")
    if n >= 10_000:
        hi, lo = divmod(n, 10_000)
        return int_to_cn(hi, liang) + "万" + (("零" if lo < 1000 else "") + int_to_cn(lo, liang, True) if lo else "")
    out = ""
    zero = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, unit)
        if d:
            if zero and out:
                out += "零"
            digit = "两" if (liang and d == 2 and unit >= 100) else _CN[d]
            if not (unit == 10 and d == 1 and not out and not top):  # 十七, but 一百一十, 二万零一十
                out += digit
            out += name
            zero = False
        elif out:
            zero = True
    return out


@dataclass
class ParsedNumber:
    value: float
    qualifier: str = ""
    start: int = 0
    end: int = 0


def parse_number(text: str) -> Optional[ParsedNumber]:
    """Parse the first number in ``text`` (with its qualifier); None if there is none."""
    s = "".join(fold_char(c) for c in text)
    m = NUMBER_RE.search(s)
    if not m:
        return None
    return _from_match(s, m)


def _from_match(s: str, m: re.Match) -> Optional[ParsedNumber]:
    num = m.group("num")
    value: Optional[float]
    if num[0].isdigit():
        core = re.match(_ARABIC, num).group(0)
        value = float(core.replace(",", ""))
        if m.group("big"):
            value *= CN_BIG[m.group("big")]
    else:
        iv = cn_to_int(num)
        if iv is None:
            return None
        value = float(iv)
    start, end = m.start(), m.end()
    qual = ""
    if m.groupdict().get("q1"):
        qual = m.group("q1")
    before = s[:start].rstrip()
    for q in PREFIX_QUALIFIERS:
        if before.endswith(q) and q not in NOT_QUALIFIERS:
            qual = q
            start = len(before) - len(q)
            break
    after = s[end:]
    for q in SUFFIX_QUALIFIERS:
        if after.lstrip().startswith(q):
            qual = qual or q.replace("万", "")
            if q.endswith("万"):
                value *= 10_000
            end = end + (len(after) - len(after.lstrip())) + len(q)
            break
    return ParsedNumber(value=value, qualifier=qual, start=start, end=end)


def format_value(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else repr(v)


# ---------------------------------------------------------------- table cells

ZERO_MARKS = {"-", "—", "–", "－", "/", "／", "无", "0", "〇", "零", "——", "--", "\\", "×"}
_CELL = re.compile(rf"^\s*(?P<sign>[减增+\-−])?\s*(?P<num>{_ARABIC})\s*(?P<unit>万元|亿元|元|万|件|条|个|项|人次|人|次)?")


@dataclass
class CellValue:
    value: float
    unit: str = ""  # a unit printed in the cell
    note: str = ""  # text after the leading figure: 22（其中修订16件）


def parse_cell(text: str) -> Optional[CellValue]:
    """A statistics-table cell: blank → None (blank is not zero); dashes and 无 → 0; notes kept."""
    s = "".join(fold_char(c) for c in (text or "")).strip()
    s = s.replace(" ", "")
    if not s:
        return None
    if s in ZERO_MARKS:
        return CellValue(0.0)
    m = _CELL.match(s)
    if not m:
        cn = re.match(rf"^[{CN_NUM_CHARS}]+$", s)
        if cn and cn_to_int(s) is not None:
            return CellValue(float(cn_to_int(s)))
        return None
    value = float(m.group("num").replace(",", ""))
    sign = m.group("sign")
    if sign in ("减", "-", "−"):
        value = -value
    unit = m.group("unit") or ""
    if unit in ("万", "万元"):
        value *= 10_000
        unit = "元" if unit == "万元" else ""
    elif unit == "亿元":
        value *= 100_000_000
        unit = "元"
    note = s[m.end():]
    return CellValue(value=value, unit=unit, note=note)


def is_numeric_cell(text: str) -> bool:
    return parse_cell(text) is not None
