"""jieba word segmentation with the domain dictionary in ``patterns/userdict.txt``.

Used to tell whole words from substrings: a short keyword (网站, 微博, 咨询) counts only where
its ends fall on word boundaries.
"""
from __future__ import annotations

import logging
import tempfile
from functools import lru_cache

from ..codebook import _read


@lru_cache(maxsize=1)
def tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.tmp_dir = tempfile.gettempdir()
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as fh:
        fh.write(_read("userdict.txt"))
        path = fh.name
    tk.load_userdict(path)
    return tk


def words(text: str) -> list[str]:
    return list(tokenizer().cut(text, HMM=False))


def word_boundaries(text: str) -> set[int]:
    """Character offsets where a word starts or ends."""
    out = {0}
    pos = 0
    for w in words(text):
        pos += len(w)
        out.add(pos)
    return out
