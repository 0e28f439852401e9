"""Unique copies of report files, for batch tests and benchmarks: same content, different bytes.

Each copy differs by a trailing comment (PDF, TXT, HTML) or a ZIP archive comment (DOCX), so its
content hash (``report_id``) differs while every reader sees the same document.
"""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path


def unique_copy(src: Path, dst: Path, tag: str) -> Path:
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)
    data = src.read_bytes()[:8]
    if data.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(dst, "a") as z:
            z.comment = f"copy {tag}".encode()
    elif data.startswith(b"%PDF"):
        with open(dst, "ab") as fh:
            fh.write(f"\n% copy {tag}\n".encode())
    elif src.suffix.lower() in (".html", ".htm"):
        with open(dst, "ab") as fh:
            fh.write(f"\n<!-- copy {tag} -->\n".encode())
    else:  # blank lines, told apart by a space or none: the tag's bits, invisible to the text
        bits = "".join(f"{b:08b}" for b in tag.encode())
        tail = "\n\n" + "".join(" \n" if bit == "1" else "\n" for bit in bits)
        codec = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be" if data.startswith(b"\xfe\xff") \
            else "utf-8"
        with open(dst, "ab") as fh:
            fh.write(tail.encode(codec))
    return dst


def make_copies(sources: list[Path], out_dir: Path, n: int) -> list[Path]:
    """``n`` files cycling through ``sources``, spread over sub-folders of at most 1,000 files."""
    out = []
    for i in range(n):
        src = sources[i % len(sources)]
        out.append(unique_copy(src, out_dir / f"d{i // 1000:03d}" / f"{i:06d}-{src.name}", str(i)))
    return out
