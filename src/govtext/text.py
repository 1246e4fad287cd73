"""Reading, normalising and segmenting Vietnamese report text.

Everything that turns bytes into sentences and sentences into tokens lives here, so that the
dataset builder, the models and ``predict`` segment a report in exactly the same way.

>>> split_sentences("Tổng thu đạt 142,6 tỷ đồng, đạt 116,6 %. Huyện còn 3,28% hộ nghèo.")
['Tổng thu đạt 142,6 tỷ đồng, đạt 116,6 %.', 'Huyện còn 3,28% hộ nghèo.']
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable
from contextlib import closing
from pathlib import Path

from sklearn.base import BaseEstimator, TransformerMixin

from govtext.errors import GovtextError

# Title and place abbreviations after which underthesea's sent_tokenize wrongly ends a sentence
# ("PGS.TS. Trần B" -> "PGS.TS." + "Trần B"). Lower-cased, without the final period.
_ABBREVIATIONS = frozenset(
    [
        "pgs",
        "gs",
        "ts",
        "ths",
        "bs",
        "ks",
        "ls",
        "ncs",
        "cn",
        "tp",
        "tx",
        "tt",
        "q",
        "p",
        "ph",
        "st",
        "pgs.ts",
        "gs.ts",
        "th.s",
        "tr",
        "nxb",
    ]
)
_CLOSING_QUOTES = '”"’»)'
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
_LINE_BREAKS = re.compile(r"\r\n|\r|\u2028|\u2029|\x0b|\x0c|\x85")
_HTML = re.compile(r"<\s*(!doctype|html|head|body|div|p|span|br|table)\b", re.IGNORECASE)
# Characters that a TCVN3 / VNI / Windows-1258 file shows when read as UTF-8 via a legacy
# code page, and that never appear in real Vietnamese text.
_MOJIBAKE = set("¸¹µ¶·¾¼½ª«¬®¯°±²³´¿ÆÇÐÑ×ØÞßåæçëîïðñö÷øûüþÿ¤¥¦§¨©ƒ†‡ˆ‰‹›œžŸ")
_TOKEN = re.compile(r"\w+(?:[.,/:-]\w+)*|[^\w\s]", re.UNICODE)

SEGMENTER_VERSION = "1"


def decode_report(data: bytes, source: str = "<input>") -> str:
    """Decode a report's bytes, accepting UTF-8 (with or without BOM) and UTF-16 with BOM.

    Raises GovtextError, naming ``source`` and the fix, for empty, binary, HTML, legacy-encoded
    (TCVN3, VNI, Windows-1258) or otherwise undecodable input.
    """
    if not data.strip():
        raise GovtextError(
            f"{source}: the file is empty; put the report's text in it or remove it."
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise GovtextError(
                f"{source}: starts with a UTF-16 byte-order mark but is not valid UTF-16; "
                "re-save it as UTF-8."
            ) from err
    else:
        if b"\x00" in data:
            raise GovtextError(
                f"{source}: looks like a binary file (it has NUL bytes), not a text report; "
                "export the report as UTF-8 plain text (.txt)."
            )
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            raise GovtextError(
                f"{source}: is not UTF-8 (byte {err.start}); it may be in a legacy Vietnamese "
                "encoding (TCVN3, VNI, Windows-1258): convert it to UTF-8 Unicode, e.g. with "
                "UniKey's converter or `iconv -f CP1258 -t UTF-8`."
            ) from err
    _check_text(text, source)
    return text


def _check_text(text: str, source: str) -> None:
    if _HTML.search(text[:5000]):
        raise GovtextError(
            f"{source}: looks like an HTML page, not a plain-text report; "
            "save the article's text as a UTF-8 .txt file."
        )
    letters = [c for c in text if c.isalpha()]
    if not letters:
        raise GovtextError(f"{source}: has no letters; it is not a text report.")
    odd = sum(c in _MOJIBAKE for c in text)
    controls = sum(unicodedata.category(c) == "Cc" and c not in "\n\r\t" for c in text)
    if controls > 0.01 * len(text):
        raise GovtextError(
            f"{source}: has {controls} control characters; it looks binary, not a text report."
        )
    if odd >= 3 and odd > 0.02 * len(letters):
        raise GovtextError(
            f"{source}: the text looks like a legacy Vietnamese encoding (TCVN3/VNI/Windows-1258) "
            "read as Unicode (characters such as 'µ', '¸', 'ª'); convert the original file to "
            "UTF-8 Unicode and try again."
        )


def read_report(path: str | Path) -> str:
    """Read a report file and return its normalised text (see ``decode_report``)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise GovtextError(f"{path}: cannot be read ({err.strerror}).") from err
    return normalize(decode_report(data, str(path)))


def normalize(text: str) -> str:
    """NFC-normalise and tidy whitespace: one space inside lines, ``\\n`` between lines.

    Decomposed (NFD) input gives exactly the same result as precomposed input.
    """
    text = unicodedata.normalize("NFC", text)
    text = _LINE_BREAKS.sub("\n", text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(lines)


def split_paragraphs(text: str) -> list[str]:
    """Split normalised text into non-empty lines.

    Each line is a paragraph: underthesea does not end a sentence at a newline, so a caption
    with no final period would otherwise swallow the next paragraph.
    """
    return [line for line in normalize(text).split("\n") if line]


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph into sentences with underthesea, then mend its genre mistakes."""
    from underthesea import sent_tokenize  # imported late: no work at import time

    pieces = [p.strip() for p in sent_tokenize(paragraph) if p.strip()]
    return _mend(pieces)


def _mend(pieces: list[str]) -> list[str]:
    sentences: list[str] = []
    for piece in pieces:
        if sentences and _ends_with_abbreviation(sentences[-1]):
            sentences[-1] = f"{sentences[-1]} {piece}"
            continue
        # A closing quote or bracket left at the start of the next piece belongs to the sentence
        # it closes: 'nói: “Phải làm tốt.' + '” Ông B' -> 'nói: “Phải làm tốt.”' + 'Ông B'.
        lead = len(piece) - len(piece.lstrip(_CLOSING_QUOTES))
        if sentences and lead:
            sentences[-1] += piece[:lead]
            piece = piece[lead:].strip()
        if piece and any(c.isalnum() for c in piece):
            sentences.append(piece)
        elif piece and sentences:
            sentences[-1] = f"{sentences[-1]} {piece}"
    return sentences


def _ends_with_abbreviation(sentence: str) -> bool:
    if not sentence.endswith("."):
        return False
    last = sentence[:-1].rsplit(" ", 1)[-1].lower()
    return last in _ABBREVIATIONS


def split_report(text: str) -> list[tuple[int, str]]:
    """All sentences of a report as ``(paragraph_index, sentence)`` pairs, in order."""
    return [
        (paragraph_index, sentence)
        for paragraph_index, paragraph in enumerate(split_paragraphs(text))
        for sentence in split_sentences(paragraph)
    ]


def syllables(sentence: str) -> list[str]:
    """Lower-cased syllables and punctuation marks; numbers and codes stay whole.

    Fast and dependency-free: no word segmentation is needed for syllable features.
    One-letter syllables (``ở``, ``ý``) are kept.
    """
    return _TOKEN.findall(unicodedata.normalize("NFC", sentence).lower())


def words(sentence: str) -> list[str]:
    """Lower-cased words from underthesea's ``word_tokenize``; compound words joined by ``_``."""
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


class TokenCache:
    """Word tokens on disk (SQLite), keyed by a hash of the text, the segmenter version and
    underthesea's version: a sweep segments each sentence once, across runs and processes.

    >>> import tempfile, pathlib
    >>> cache = TokenCache(pathlib.Path(tempfile.mkdtemp()) / "tokens.sqlite")
    >>> words_batch(["Huyện ủy họp."], cache) == words_batch(["Huyện ủy họp."], cache)
    True
    """

    def __init__(self, path: str | Path):
        from importlib.metadata import version

        self.path = Path(path)
        self._salt = f"{SEGMENTER_VERSION}|{version('underthesea')}|"

    def _connect(self):
        import sqlite3

        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=30)
        connection.execute("CREATE TABLE IF NOT EXISTS tokens (key TEXT PRIMARY KEY, words TEXT)")
        return connection

    def key(self, text: str) -> str:
        import hashlib

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
                    f"SELECT key, words FROM tokens WHERE key IN ({marks})", chunk
                ):
                    found[keys[key]] = joined.split(" ")
        return found

    def put_many(self, tokens: dict[str, list[str]]) -> None:
        with closing(self._connect()) as connection, connection:
            connection.executemany(
                "INSERT OR REPLACE INTO tokens VALUES (?, ?)",
                [(self.key(t), " ".join(w)) for t, w in tokens.items()],
            )


def as_texts(X) -> list[str]:
    """Sentences from a list, a 1-d array, a Series, a 2-d array's first column, or a DataFrame
    with a ``text`` column (or a single column), as MLflow's pyfunc may hand them over."""
    if hasattr(X, "columns"):
        if "text" in X.columns:
            X = X["text"]
        elif len(X.columns) == 1:
            X = X.iloc[:, 0]
        else:
            raise GovtextError(
                f"the sentences must be in a column named 'text'; got columns "
                f"{list(X.columns)}: rename the sentence column to 'text'."
            )
    if hasattr(X, "ndim") and X.ndim == 2:
        X = X[:, 0]
    if isinstance(X, str):
        raise GovtextError("expected a list of sentences, got a single string; wrap it in [ ].")
    return ["" if x is None or (isinstance(x, float) and x != x) else str(x) for x in X]


class TextInput:
    """Mixin for estimators whose input is raw sentences and that need no fitting."""

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.requires_fit = False
        return tags


class Segmenter(TextInput, TransformerMixin, BaseEstimator):
    """Turn raw sentences into space-joined tokens, the first step of every govtext pipeline.

    ``unit="syllable"`` (fast regex), ``"word"`` (underthesea word segmentation) or ``"raw"``
    (NFC-normalised, lower-cased text, for character n-grams). Stateless: ``fit`` learns nothing.
    ``token_cache``: a SQLite file of word tokens shared across folds, runs and processes
    (empty: no cache); it only saves time, never changes a token.

    >>> Segmenter(unit="syllable").fit_transform(["Đạt 116,6 %."])
    ['đạt 116,6 % .']
    """

    def __init__(self, *, unit: str = "syllable", token_cache: str = ""):
        self.unit = unit
        self.token_cache = token_cache

    def fit(self, X, y=None):
        if self.unit not in ("syllable", "word", "raw"):
            raise ValueError(f"unit must be 'syllable', 'word' or 'raw', not {self.unit!r}")
        self.n_features_in_ = 1
        return self

    def transform(self, X):
        texts = as_texts(X)
        if self.unit == "syllable":
            return [" ".join(syllables(t)) for t in texts]
        if self.unit == "word":
            cache = TokenCache(self.token_cache) if self.token_cache else None
            return [" ".join(w) for w in words_batch(texts, cache)]
        return [" ".join(normalize(t).lower().split()) for t in texts]
