"""Section context: the heading a sentence sits under decides the family of its bare figures.

Headings are recognised from paragraph text alone (numbering and a short title), so the same rule
works for TXT, DOCX, HTML and PDF, and for headings a text dump ran into the body
(``二、主动公开政府信息情况 (一)公开的内容。主要包括…``).  The heading → family table is data:
``patterns/sections.yaml``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional


from ..codebook import _read, load_yaml

CN = "一二三四五六七八九十"
# numbering → level: 一、 = 1; （一） = 2; 1. / 1、 / （1） = 3
_NUMBERING = [
    (1, re.compile(rf"[{CN}]{{1,3}}\s*[、.．]|[{CN}]{{1,3}}(?=\s+\S)")),
    (2, re.compile(rf"[（(]\s*[{CN}]{{1,3}}\s*[)）]")),
    (3, re.compile(r"(?:\d{1,2}\s*[.．、](?!\d)|[（(]\d{1,2}[)）])")),
]
MAX_SUBJECT = 6  # characters of a body's subject run into a title (情况城西街道)
MAX_TITLE = 30  # characters: a longer run before the first stop is body text, not a title
TITLE_END = re.compile(r"[。．.：:]|\s{1,}|\d|$")
# words a body sentence starts with, that no heading title continues with
BODY_START = re.compile(r"全年|本年|今年|当年|年内|截至|截止|根据|按照|目前|我[局委办区县市镇乡处厅院]|本[局委办机关单位街镇乡]|共[计有]?|未|没有|暂无|无")
# words a heading title ends with, to find the end of a run-in title whose separating space was lost
TITLE_WORDS = re.compile(r"情况|概述|措施|事项|方面|问题|建设|工作|形式|内容|方式|载体|保障|管理|公开")
# a heading may also start inside a paragraph, after a sentence end or whitespace
_INLINE_START = re.compile(rf"(?:(?<=[。\s])|^)(?=[{CN}]{{1,3}}\s*、|[（(][{CN}]{{1,3}}[)）])")


@dataclass
class Family:
    name: str
    words: list
    skip: bool = False


@dataclass
class Heading:
    level: int
    title: str
    start: int  # offset of the numbering in the paragraph
    end: int  # offset where the body starts
    family: Optional[str] = None


@dataclass
class Context:
    """The headings in force: level → (title, family)."""
    stack: dict = field(default_factory=dict)

    def update(self, h: Heading) -> None:
        for lv in [k for k in self.stack if k >= h.level]:
            del self.stack[lv]
        self.stack[h.level] = h

    @property
    def family(self) -> Optional[str]:
        for lv in sorted(self.stack, reverse=True):
            if self.stack[lv].family:
                return self.stack[lv].family
        return None

    @property
    def skip(self) -> bool:
        fams = {f.name: f for f in families()}
        f = self.family
        return bool(f and fams[f].skip)


@lru_cache(maxsize=1)
def families() -> list[Family]:
    cfg = load_yaml(_read("sections.yaml"))
    return [Family(name=f["name"], words=f["words"], skip=f.get("skip", False)) for f in cfg["families"]]


def family_of(title: str) -> Optional[str]:
    t = re.sub(r"\s+", "", title)
    for f in families():
        if any(w in t for w in f.words):
            return f.name
    return None


def heading_at(text: str, pos: int = 0) -> Optional[Heading]:
    """A numbered heading starting at ``pos``: numbering, then a title of at most MAX_TITLE characters
    that ends the line, or ends in 。/．/：/whitespace before the body."""
    for level, rx in _NUMBERING:
        m = rx.match(text, pos)
        if not m:
            continue
        rest = text[m.end():]
        lead = len(rest) - len(rest.lstrip())
        rest = rest.lstrip()
        line = rest.split("\n")[0]
        pieces = line.split()
        spaced_out = len(pieces) > 1 and all(len(p) <= 2 for p in pieces)  # 概 述 / 一 概 述
        if len(line) <= MAX_TITLE and not re.search(r"[。；;，,\d]", line.rstrip("。．.：:")) and (
                len(pieces) <= 1 or spaced_out):
            stop = None  # a short line is all title, spaces included (一 概 述)
            rest = line
        else:
            stop = TITLE_END.search(rest)
        title = (rest[:stop.start()] if stop else rest).strip()
        if re.search(r"[，,；;]", title):
            # normalized text may have lost the space between a run-in title and its body
            # (依申请公开政府信息情况目前，暂无…): the title ends with its last heading word before the comma
            head = re.split(r"[，,；;]", title)[0]
            ends = list(TITLE_WORDS.finditer(head))
            if not ends:
                return None
            title = head[:ends[-1].end()]
            stop = None
            rest_end = rest.find(title) + len(title)
        else:
            ends = list(TITLE_WORDS.finditer(title))
            if ends and ends[-1].end() < len(title) and len(title) - ends[-1].end() <= MAX_SUBJECT:
                title = title[:ends[-1].end()]  # 情况城西街道2017年…: the subject belongs to the body
                stop = None
            rest_end = (rest.find(title) + len(title)) if stop is None else (stop.end() if stop and stop.group(0) and not stop.group(0)[0].isdigit() else
                        (stop.start() if stop else len(rest)))
        for tw in TITLE_WORDS.finditer(title):
            if BODY_START.match(title, tw.end()):
                title = title[:tw.end()]  # 依申请公开全年未收到…: the body starts after the heading word
                stop = None
                rest_end = rest.find(title) + len(title)
                break
        if not title or len(title) > MAX_TITLE:
            return None
        if re.match(r"^[是要]", title):
            return None  # 一是… enumerations
        end = m.end() + lead + rest_end
        return Heading(level=level, title=title, start=pos, end=end, family=family_of(title))
    return None


def headings_in(text: str) -> list[Heading]:
    """Headings at the start of the paragraph and headings a text dump ran into it."""
    out = []
    for m in _INLINE_START.finditer(text):
        h = heading_at(text, m.start())
        if h is not None and (h.start == 0 or h.level <= 2):
            out.append(h)
    if not out:
        h = heading_at(text, 0)
        if h is not None:
            out.append(h)
    return out


def is_heading_line(text: str) -> bool:
    """A whole paragraph that is only a heading (numbered short title, nothing after it)."""
    h = heading_at(text.strip(), 0)
    return h is not None and h.end >= len(text.strip())
