"""One loader per format, all producing ``extract.model.Document``.

``load(path)`` sniffs the format from the bytes (the extension is only a hint) and returns a
``LoadResult``: a document or a one-line reason, never an exception.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..model import Document, finalize
from ..options import DEFAULT, Options

# Inputs are untrusted: refuse archives that would inflate beyond these bounds.
MAX_ZIP_UNCOMPRESSED = 300 * 1024 * 1024
MAX_ZIP_RATIO = 200
MAX_FILE_BYTES = 200 * 1024 * 1024
# Work that grows faster than the input (layout, narrative rules, table mapping) is kept near-linear by
# bounding the pieces it works on; a report is 10k–200k characters, a table at most a few hundred rows.
MAX_DOCUMENT_CHARS = 1_000_000   # more text than this is not a report: refused within seconds
MAX_PARAGRAPH_CHARS = 5_000      # a longer paragraph (a text with no line breaks) is cut at sentence ends
MAX_TABLE_ROWS = 1_000           # rows beyond are dropped with a warning (status partial)
MAX_TABLE_CELLS = 30_000
MAX_PDF_PAGES = 2_000            # refused before any page is laid out
MAX_PAGE_CHARS = 30_000          # a dense A4 page holds ~5,000; more is generated, not printed


class LoadError(Exception):
    """A file that cannot be read; the message is the one-line reason shown in ``reports``."""


@dataclass
class LoadResult:
    format: str
    status: str  # ok | partial | failed | skipped
    document: Optional[Document] = None
    error: str = ""


def sniff_format(path: Path, head: bytes) -> str:
    """Format from content: pdf, docx, doc, rtf, html, txt, empty or ``unknown:<hint>``."""
    if not head:
        return "empty"
    stripped = head.lstrip()
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as z:
                names = set(z.namelist())
        except zipfile.BadZipFile:
            return "corrupt-zip"
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "unknown:xlsx"
        if "ppt/presentation.xml" in names:
            return "unknown:pptx"
        if "content.xml" in names:
            return "odt" if path.suffix.lower() in (".odt", "") else "unknown:opendocument"
        return "unknown:zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        ext = path.suffix.lower()
        if ext in (".xls", ".ppt", ".msg"):
            return f"unknown:{ext[1:]}"
        return "wps" if ext == ".wps" else "doc"
    if stripped.startswith(b"{\\rtf"):
        return "rtf"
    if head[:4] == b"\x89PNG" or head[:3] == b"\xff\xd8\xff" or head[:4] in (b"II*\x00", b"MM\x00*"):
        return "image"
    if head[:4] == b"GIF8":
        return "unknown:image"
    low = stripped[:4096].lower()
    for bom in (b"\xef\xbb\xbf",):
        if low.startswith(bom):
            low = low[len(bom):].lstrip()
    if low.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in low[:2048] or b"<body" in low[:4096] \
            or (low.startswith(b"<") and b"<table" in low):
        return "html"
    if _looks_like_text(head):
        return "txt"
    return "unknown:binary"


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head[:4096]:
        # UTF-16 without BOM: every other byte zero for ASCII
        zeros = head[:4096].count(b"\x00")
        return zeros > len(head[:4096]) // 4
    controls = sum(1 for b in head[:4096] if b < 9 or 13 < b < 32)
    return controls < 5


def load(path: str | Path, options: Options = DEFAULT) -> LoadResult:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return LoadResult("unknown", "skipped", error=f"file too large ({size // 1048576} MB)")
        with open(path, "rb") as fh:
            head = fh.read(8192)
    except OSError as e:
        return LoadResult("unknown", "failed", error=f"cannot read file: {e.strerror or e}")
    fmt = sniff_format(path, head)
    if fmt == "empty":
        return LoadResult("empty", "failed", error="empty file (0 bytes)")
    if fmt == "corrupt-zip":
        return LoadResult("docx", "failed", error="corrupt file: not a readable ZIP/DOCX container")
    if fmt.startswith("unknown:"):
        return LoadResult(fmt.split(":", 1)[1], "skipped", error=f"unsupported file type ({fmt.split(':', 1)[1]})")
    if fmt == "pdf":
        refusal = _pdf_refusal(path, options.pdf_engine)
        if refusal:
            return LoadResult(fmt, "failed", error=refusal)
    if fmt == "image":
        from .image_loader import page_key, report_pages
        if options.ocr == "off":
            return LoadResult(fmt, "skipped", error="page image: OCR is off")
        carrier = report_pages(path)[1]
        if carrier != path:
            return LoadResult(fmt, "skipped", error=f"page {page_key(path)[1]} of {page_key(path)[0]} "
                                                    f"(read with {carrier.name})")
    try:
        doc = _dispatch(fmt, path, options)
    except LoadError as e:
        return LoadResult(fmt, "failed", error=str(e))
    except Exception as e:  # a reader crashed on a malformed file: a result, not a crash
        msg = str(e).splitlines()[0][:160] if str(e) else ""
        if "amplification" in msg or "entity" in msg.lower() and "XML" in type(e).__name__:
            return LoadResult(fmt, "failed", error="refused: XML entity definitions (an XML bomb?)")
        return LoadResult(fmt, "failed", error=f"cannot read {fmt}: {type(e).__name__}{': ' + msg if msg else ''}")
    refusal = bound_document(doc)
    if refusal:
        return LoadResult(fmt, "failed", error=refusal)
    finalize(doc)
    if not doc.blocks:
        return LoadResult(fmt, "failed", document=doc, error=_first(doc.warnings) or "no text found in file")
    status = "partial" if doc.warnings else "ok"
    return LoadResult(fmt, status, document=doc, error="; ".join(doc.warnings)[:300])


def _first(items: list[str]) -> str:
    return items[0] if items else ""


def _dispatch(fmt: str, path: Path, options: Options = DEFAULT) -> Document:
    if fmt == "pdf":
        from .pdf import load_pdf
        return load_pdf(path, options)
    if fmt == "docx":
        from .docx_loader import load_docx
        check_zip_bounds(path)
        return load_docx(path)
    if fmt in ("doc", "wps", "rtf", "odt"):
        from .legacy_loader import load_legacy
        return load_legacy(path, fmt)
    if fmt == "image":
        from .image_loader import load_images
        return load_images(path)
    if fmt == "html":
        from .html_loader import load_html
        return load_html(path)
    if fmt == "txt":
        from .txt_loader import load_txt
        return load_txt(path)
    raise LoadError(f"unsupported file type ({fmt})")


def check_zip_bounds(path: Path) -> None:
    """Refuse zip bombs before any XML is inflated."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except zipfile.BadZipFile as e:
        raise LoadError(f"corrupt file: {e}") from e
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_ZIP_UNCOMPRESSED or total / packed > MAX_ZIP_RATIO:
        raise LoadError(f"refused: archive inflates to {total // 1048576} MB (ratio {total // packed}:1)")


def _pdf_refusal(path: Path, engine: str = "plumber") -> str:
    """Too many pages, or (plumber) a page too dense to lay out; the pdfium reader refuses a dense page itself
    when it counts the page's characters, so that its pages are not parsed twice."""
    from ..batch.limits import pdf_page_count, probe_pdf
    if engine == "pdfium":
        pages = pdf_page_count(path)
        return f"refused: {pages:,} pages (limit {MAX_PDF_PAGES:,})" if pages and pages > MAX_PDF_PAGES else ""
    probe = probe_pdf(path)
    if probe is None:
        return ""
    if probe.pages > MAX_PDF_PAGES:
        return f"refused: {probe.pages:,} pages (limit {MAX_PDF_PAGES:,})"
    if probe.max_page_chars > MAX_PAGE_CHARS:
        return (f"refused: page {probe.max_page_index} has {probe.max_page_chars:,} characters "
                f"(limit {MAX_PAGE_CHARS:,})")
    return ""


def bound_document(doc: Document) -> str:
    """Cut what would make later stages super-linear; return a refusal reason when nothing sensible is left."""
    from ..model import Paragraph, Table

    total = sum(len(b.text) for b in doc.blocks if isinstance(b, Paragraph))
    total += sum(len(c.text) for b in doc.blocks if isinstance(b, Table) for c in b.cells)
    if total > MAX_DOCUMENT_CHARS:
        return f"refused: {total:,} characters of text (limit {MAX_DOCUMENT_CHARS:,})"
    blocks: list = []
    for b in doc.blocks:
        if isinstance(b, Paragraph) and len(b.text) > MAX_PARAGRAPH_CHARS:
            blocks.extend(Paragraph(text=piece, raw=piece, page=b.page) for piece in split_long(b.text))
        elif isinstance(b, Table):
            warning = _bound_table(b)
            if warning:
                doc.warnings.append(warning)
            blocks.append(b)
        else:
            blocks.append(b)
    doc.blocks = blocks
    return ""


_SENTENCE_END = "。；！？!?;"


def split_long(text: str, limit: int = MAX_PARAGRAPH_CHARS) -> list[str]:
    """Pieces of at most ``limit`` characters, cut after the last sentence end in each window."""
    pieces = []
    start = 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = max(window.rfind(ch) for ch in _SENTENCE_END)
        end = start + (cut + 1 if cut >= limit // 2 else limit)
        pieces.append(text[start:end])
        start = end
    if start < len(text):
        pieces.append(text[start:])
    return [p for p in pieces if p.strip()]


def _bound_table(t) -> str:
    per_row: dict[int, int] = {}
    for c in t.cells:
        per_row[c.row] = per_row.get(c.row, 0) + 1
    keep, cells = 0, 0
    for r in sorted(per_row):
        if r >= MAX_TABLE_ROWS or cells + per_row[r] > MAX_TABLE_CELLS:
            break
        keep, cells = r + 1, cells + per_row[r]
    n_rows = max(per_row, default=-1) + 1
    if keep >= n_rows:
        return ""
    t.cells = [c for c in t.cells if c.row < keep]
    for c in t.cells:
        c.row_span = min(c.row_span, keep - c.row)
    return f"table of {n_rows:,} rows: only the first {keep:,} kept"
