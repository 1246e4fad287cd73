"""Tokens of a sentence: syllables (a fast regex) or words (underthesea's segmentation, with an
on-disk cache)."""

from __future__ import annotations

import hashlib
import re
import sqlite3
import unicodedata
from collections.abc import Iterable
from contextlib import closing
from importlib.metadata import version
from itertools import chain
from pathlib import Path

# A syllable, number or code (kept whole: 142,6  08/7/2020  839-KL/TU), or one punctuation mark.
SYLLABLE_TOKEN = re.compile(r"\w+(?:[.,/:-]\w+)*|[^\w\s]", re.UNICODE)

SEGMENTER_VERSION = "1"

try:  # built by setup.py where a C compiler is found; syllables() falls back to Python
    from govtext.text import _syllables
except ImportError:  # pragma: no cover - a machine without a compiler
    _syllables = None


def syllables(sentence: str) -> list[str]:
    """Lower-cased syllables and punctuation marks; numbers and codes stay whole.

    Fast and dependency-free: no word segmentation is needed for syllable features.
    One-letter syllables (``ở``, ``ý``) are kept.
    """
    # No token spans whitespace (the pattern has no lookbehind either), so the tokens of the
    # sentence are those of its whitespace-separated pieces, in order; a text of any length
    # repeats a few tens of thousands of pieces, each tokenised once (``_PIECES``, or the C
    # extension's own table where it was built: the same tokens without a str per piece).
    lowered = unicodedata.normalize("NFC", sentence).lower()
    if _syllables is not None:
        return _syllables.tokens(lowered, SYLLABLE_TOKEN.findall)
    return list(chain.from_iterable(map(_PIECES.__getitem__, lowered.split())))


class _Tokenised(dict):
    """The tokens of each whitespace-free piece seen, found by ``SYLLABLE_TOKEN`` on first
    sight; emptied when full, so that memory stays bounded on any input."""

    LIMIT = 100_000

    def __missing__(self, piece: str) -> list[str]:
        if len(self) >= self.LIMIT:
            self.clear()
        found = self[piece] = SYLLABLE_TOKEN.findall(piece)
        return found


_PIECES = _Tokenised()


def words(sentence: str) -> list[str]:
    """Lower-cased words from underthesea's ``word_tokenize``; compound words joined by ``_``."""
    # underthesea takes ~1 s to import: imported on first use, so that importing govtext is quick.
    from underthesea import word_tokenize

    # Segment before lower-casing: capitals help underthesea find proper names.
    segmented = word_tokenize(unicodedata.normalize("NFC", sentence), format="text")
    return segmented.lower().split()


def words_batch(sentences: Iterable[str], cache: TokenCache | None = None) -> list[list[str]]:
    """``words`` for many sentences: each distinct sentence is segmented once, and not at all
    when ``cache`` already holds it."""
    sentences = list(sentences)
    known = cache.get_many(sentences) if cache is not None else {}
    fresh: dict[str, list[str]] = {}
    for sentence in sentences:
        if sentence not in known and sentence not in fresh:
            fresh[sentence] = words(sentence)
    if cache is not None and fresh:
        cache.put_many(fresh)
    return [known[s] if s in known else fresh[s] for s in sentences]


class HashedStore:
    """Space-separated token lists on disk (SQLite), keyed by SHA-1 of ``salt`` + the text: what
    a sweep computes once per sentence, kept across folds, runs and processes. ``table`` lets
    several kinds (word tokens, rule cues) share one file."""

    def __init__(self, path: str | Path, salt: str, table: str = "tokens"):
        if not table.isidentifier():
            raise ValueError(f"table must be a plain name, not {table!r}")
        self.path = Path(path)
        self._salt = salt
        self._table = table

    def _connect(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=30)
        connection.execute(
            f"CREATE TABLE IF NOT EXISTS {self._table} (key TEXT PRIMARY KEY, words TEXT)"
        )
        return connection

    def key(self, text: str) -> str:
        return hashlib.sha1((self._salt + text).encode("utf-8")).hexdigest()

    def get_many(self, texts: list[str]) -> dict[str, list[str]]:
        keys = {self.key(t): t for t in set(texts)}
        found: dict[str, list[str]] = {}
        with closing(self._connect()) as connection:
            items = list(keys.items())
            for start in range(0, len(items), 500):
                chunk = [k for k, _ in items[start : start + 500]]
                marks = ",".join("?" * len(chunk))
                for key, joined in connection.execute(
                    f"SELECT key, words FROM {self._table} WHERE key IN ({marks})", chunk
                ):
                    found[keys[key]] = joined.split(" ")
        return found

    def put_many(self, tokens: dict[str, list[str]]) -> None:
        with closing(self._connect()) as connection, connection:
            connection.executemany(
                f"INSERT OR REPLACE INTO {self._table} VALUES (?, ?)",
                [(self.key(t), " ".join(w)) for t, w in tokens.items()],
            )


class TokenCache(HashedStore):
    """Word tokens on disk (SQLite), keyed by a hash of the text, the segmenter version and
    underthesea's version: a sweep segments each sentence once, across runs and processes.

    >>> import tempfile, pathlib
    >>> cache = TokenCache(pathlib.Path(tempfile.mkdtemp()) / "tokens.sqlite")
    >>> words_batch(["Huyện ủy họp."], cache) == words_batch(["Huyện ủy họp."], cache)
    True
    """

    def __init__(self, path: str | Path):
        super().__init__(path, f"{SEGMENTER_VERSION}|{version('underthesea')}|")
