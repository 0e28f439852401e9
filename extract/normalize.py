"""Text normalization that keeps the original recoverable.

Reports mix full-width digits, ideographic spaces and PDF-inserted spaces between Han
characters.  Matching is done on a normalized form; every normalized character keeps the
index of the original character it came from, so a match can always be shown as printed.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Characters that count as "CJK" for the space-removal rule: Han ideographs, CJK
# punctuation, full-width forms.  Spaces next to these are layout artefacts, not words.
_CJK_RANGES = (
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFF00, 0xFFEF),  # full-width forms (after folding only punctuation remains here)
    (0x2018, 0x201F),  # curly quotes used around Chinese terms
    (0x2026, 0x2026),
)

_SPACES = {" ", "\t", "\u3000", "\u00a0", "\u2002", "\u2003", "\u2009", "\u200b", "\ufeff"}


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return any(lo <= o <= hi for lo, hi in _CJK_RANGES)


# CJK Radicals Supplement → the unified ideograph of the same form (Unicode's
# EquivalentUnifiedIdeograph.txt, U+2E81–U+2EF3; NFKC maps only two of them).  Browser and some WPS
# exports put ⺠ for 民, ⻓ for 长, ⻔ for 门 in the text layer, and every keyword then fails.
_RADICAL_SUPPLEMENT_PAIRS = (
    "⺁厂 ⺂乛 ⺃乚 ⺄乙 ⺅亻 ⺆冂 ⺇𠘨 ⺈刀 ⺉刂 ⺊卜 ⺋㔾 ⺌小 ⺍小 ⺎兀 ⺏尣 ⺐尢 ⺑𡯂 ⺒巳 ⺓幺 ⺔彑 ⺕𫜹 ⺖忄 ⺗心 ⺘扌 ⺙攵 "
    "⺛旡 ⺜日 ⺝月 ⺞歺 ⺟母 ⺠民 ⺡氵 ⺢氺 ⺣灬 ⺤爫 ⺥爫 ⺦丬 ⺧牛 ⺨犭 ⺩王 ⺪𤴔 ⺫目 ⺬示 ⺭礻 ⺮𥫗 ⺯糹 ⺰纟 ⺱罓 ⺲罒 "
    "⺳㓁 ⺴冗 ⺵𦉫 ⺶羊 ⺷𦍌 ⺸𦍋 ⺹耂 ⺺肀 ⺻聿 ⺼肉 ⺽𦥑 ⺾艹 ⺿艹 ⻀艹 ⻁虎 ⻂衤 ⻃覀 ⻄西 ⻅见 ⻆角 ⻇𧢲 ⻈讠 ⻉贝 ⻊𧾷 "
    "⻋车 ⻌辶 ⻍辶 ⻎辶 ⻏邑 ⻐钅 ⻑長 ⻒镸 ⻓长 ⻔门 ⻕𨸏 ⻖阝 ⻗雨 ⻘青 ⻙韦 ⻚页 ⻛风 ⻜飞 ⻝食 ⻞𩙿 ⻟飠 ⻠饣 ⻡𩠐 "
    "⻢马 ⻣骨 ⻤鬼 ⻥鱼 ⻦鸟 ⻧卤 ⻨麦 ⻩黄 ⻪黾 ⻫斉 ⻬齐 ⻭歯 ⻮齿 ⻯竜 ⻰龙 ⻱龜 ⻲亀 ⻳龟")
RADICAL_SUPPLEMENT = {pair[0]: pair[1:] for pair in _RADICAL_SUPPLEMENT_PAIRS.split()}

# blocks whose characters NFKC maps one-to-one onto unified ideographs
_IDEOGRAPH_VARIANT_RANGES = (
    (0x2F00, 0x2FDF),    # Kangxi Radicals
    (0xF900, 0xFAFF),    # CJK Compatibility Ideographs
    (0x2F800, 0x2FA1F),  # CJK Compatibility Ideographs Supplement
)


@lru_cache(maxsize=4096)
def unify_ideograph(ch: str) -> str:
    """A radical or compatibility ideograph as the unified ideograph it stands for; other characters as they are."""
    o = ord(ch)
    if 0x2E80 <= o <= 0x2EFF:
        return RADICAL_SUPPLEMENT.get(ch, ch)
    if any(lo <= o <= hi for lo, hi in _IDEOGRAPH_VARIANT_RANGES):
        n = unicodedata.normalize("NFKC", ch)
        return n if len(n) == 1 else ch
    return ch


def fold_char(ch: str) -> str:
    """Full-width ASCII digits/letters/signs to ASCII; ideographic and odd spaces to ' '; radicals and
    compatibility ideographs to unified ideographs.

    Chinese punctuation (，。（）：) is kept: it carries meaning for the patterns.
    """
    if ch in _SPACES:
        return " "
    o = ord(ch)
    if 0x2E80 <= o <= 0x2FDF or 0xF900 <= o <= 0xFAFF or 0x2F800 <= o <= 0x2FA1F:
        return unify_ideograph(ch)
    if 0xFF10 <= o <= 0xFF19 or 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A:
        return chr(o - 0xFEE0)
    if ch in "．％＋－／":
        return chr(o - 0xFEE0)
    if ch == "\u2212":  # minus sign
        return "-"
    return ch


@dataclass
class Normalized:
    text: str
    origin: list[int]  # origin[i] = index in the raw string of text[i]

    def raw_span(self, raw: str, start: int, end: int) -> str:
        if start >= end or not self.origin:
            return ""
        return raw[self.origin[start]: self.origin[end - 1] + 1]


def normalize(raw: str, keep_newlines: bool = False) -> Normalized:
    """Fold widths, collapse whitespace, drop spaces wrongly inserted around Han characters.

    A run of whitespace is removed when the characters on both sides are CJK, or one side is
    CJK and the other a digit (PDF text puts ``2024 年``); it becomes one space otherwise.
    """
    folded = [(fold_char(c), i) for i, c in enumerate(raw) if unicodedata.category(c) != "Cf" or c in "\t"]
    out: list[str] = []
    origin: list[int] = []
    n = len(folded)
    i = 0
    while i < n:
        ch, oi = folded[i]
        if ch == "\r":
            i += 1
            continue
        if ch == " " or (ch == "\n" and not keep_newlines):
            j = i
            while j < n and (folded[j][0] == " " or folded[j][0] == "\r" or (folded[j][0] == "\n" and not keep_newlines)):
                j += 1
            prev = out[-1] if out else ""
            nxt = folded[j][0] if j < n else ""
            if prev and nxt and prev != "\n" and nxt != "\n" and not _drop_space(prev, nxt):
                out.append(" ")
                origin.append(oi)
            i = j
            continue
        if ch == "\n":
            while out and out[-1] == " ":
                out.pop()
                origin.pop()
            if out and out[-1] == "\n":
                i += 1
                continue
        out.append(ch)
        origin.append(oi)
        i += 1
    while out and out[-1] in " \n":
        out.pop()
        origin.pop()
    while out and out[0] in " \n":
        out.pop(0)
        origin.pop(0)
    return Normalized("".join(out), origin)


def _drop_space(prev: str, nxt: str) -> bool:
    a, b = is_cjk(prev), is_cjk(nxt)
    if a and b:
        return True
    if (a and (nxt.isdigit() or nxt in ".%")) or (b and (prev.isdigit() or prev == "%")):
        return True
    return False


def norm(raw: str) -> str:
    return normalize(raw).text


def compact(raw: str) -> str:
    """All whitespace removed: the key form for matching table labels."""
    return "".join(ch for ch in norm(raw) if not ch.isspace())
