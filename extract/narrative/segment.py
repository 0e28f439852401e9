"""jieba word segmentation with the domain dictionary in ``patterns/userdict.txt``.

Used to tell whole words from substrings: a short keyword (网站, 微博, 咨询) counts only where
its ends fall on word boundaries.
"""
from __future__ import annotations

import io
import logging
import tempfile
from functools import lru_cache

from ..codebook import _read


@lru_cache(maxsize=1)
def tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.tmp_dir = tempfile.gettempdir()  # jieba's own prefix-dict cache
    tk.load_userdict(io.BytesIO(_read("userdict.txt").encode("utf-8")))
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
