"""Saved government web pages (often Word-exported HTML) → Document.

Charset from BOM or <meta>, else detected.  Scripts, styles, navigation, headers and footers
are dropped.  ``<table>`` becomes a Table with rowspan/colspan; a table that only lays out the
page (it holds other tables) is walked as a container instead.
"""
from __future__ import annotations

import re
from pathlib import Path

import lxml.html

from ..model import Cell, Document, Table, clean_cell_text, make_paragraph
from .txt_loader import decode_bytes

_DROP_TAGS = {"script", "style", "noscript", "nav", "header", "footer", "iframe", "form", "select",
              "button", "svg", "object", "embed", "template", "head", "input", "textarea"}
_CHROME = re.compile(r"(^|[-_ ])(nav|menu|footer|foot|header|head|breadcrumb|crumb|share|sidebar|topbar|"
                     r"bottom|copyright|weizhi|dqwz|location|links?|search|login)([-_ ]|\d|$)", re.I)
_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "blockquote",
               "pre", "dd", "dt", "center", "ul", "ol", "dl", "main", "body", "html", "tbody", "thead",
               "tfoot", "font", "o:p"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)

MAX_SPAN = 1000  # a rowspan="99999" must not allocate a huge grid


def decode_html(data: bytes) -> str:
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode_bytes(data)[0]
    m = _META_CHARSET.search(data[:8192])
    if m:
        enc = m.group(1).decode("ascii", "ignore").lower()
        if enc in ("gb2312", "gbk", "x-gbk"):
            enc = "gb18030"
        try:
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(data)[0]


def load_html(path: Path) -> Document:
    text = decode_html(path.read_bytes())
    parser = lxml.html.HTMLParser(encoding="utf-8", no_network=True, remove_comments=True, remove_pis=True)
    root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    doc = Document(path=str(path), format="html")
    body = root.find("body")
    _walk(body if body is not None else root, doc.blocks)
    return doc


def _is_chrome(el) -> bool:
    if el.tag in _DROP_TAGS:
        return True
    if el.tag in ("body", "html"):
        return False
    ident = " ".join(filter(None, [el.get("id"), el.get("class")]))
    if ident and _CHROME.search(ident):
        # a container that holds report tables is content, whatever it is called
        return el.find(".//table") is None or len(el.xpath("string()")) < 200
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style


def _walk(el, blocks: list) -> None:
    """Emit paragraphs for inline text runs and tables in document order."""
    buf: list[str] = []

    def flush():
        if buf:
            para = make_paragraph("".join(buf))
            if para:
                blocks.append(para)
            buf.clear()

    if el.text:
        buf.append(el.text)
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if not tag or _is_chrome(child):
            if child.tail:
                buf.append(child.tail)
            continue
        tag = tag.lower()
        if tag == "table":
            flush()
            if child.find(".//table") is not None:  # layout table
                for cell in child.iter("td", "th"):
                    if cell.getparent() is not None and _owning_table(cell) is child:
                        _walk(cell, blocks)
            else:
                t = html_table(child)
                if t.cells:
                    blocks.append(t)
        elif tag == "br":
            buf.append("\n")
        elif tag in _BLOCK_TAGS or tag.startswith("h"):
            flush()
            _walk(child, blocks)
            flush()
        else:
            _walk_inline(child, buf, blocks, flush)
        if child.tail:
            buf.append(child.tail)
    flush()


def _walk_inline(el, buf: list[str], blocks: list, flush) -> None:
    if el.find(".//table") is not None or el.find(".//p") is not None or el.find(".//div") is not None:
        flush()
        _walk(el, blocks)
        flush()
        return
    buf.append(el.text_content())


def _owning_table(el):
    p = el.getparent()
    while p is not None and p.tag != "table":
        p = p.getparent()
    return p


def html_table(table) -> Table:
    """rowspan/colspan resolved into anchored cells on an occupancy grid."""
    cells: list[Cell] = []
    occupied: set[tuple[int, int]] = set()
    rows = [tr for tr in table.iter("tr") if _owning_table(tr) is table]
    for r, tr in enumerate(rows):
        c = 0
        for td in tr:
            if not isinstance(td.tag, str) or td.tag.lower() not in ("td", "th"):
                continue
            while (r, c) in occupied:
                c += 1
            rs = _span(td.get("rowspan"))
            cs = _span(td.get("colspan"))
            rs = min(rs, len(rows) - r)
            text = clean_cell_text(_cell_text(td))
            cells.append(Cell(row=r, col=c, text=text, row_span=rs, col_span=cs))
            for rr in range(r, r + rs):
                for cc in range(c, c + cs):
                    occupied.add((rr, cc))
            c += cs
    return Table(cells=cells)


def _cell_text(td) -> str:
    parts: list[str] = []
    for node in td.iter():
        if node is not td and isinstance(node.tag, str) and node.tag.lower() in ("p", "div", "br", "li"):
            parts.append("\n")
        if isinstance(node.tag, str) and node.tag.lower() in ("script", "style"):
            continue
        if node.text and isinstance(node.tag, str):
            parts.append(node.text)
        if node is not td and node.tail:
            parts.append(node.tail)
    return "".join(parts)


def _span(v) -> int:
    try:
        return max(1, min(MAX_SPAN, int(str(v).strip() or 1)))
    except (TypeError, ValueError):
        return 1

