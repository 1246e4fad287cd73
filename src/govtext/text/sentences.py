"""Sentence splitting: underthesea's ``sent_tokenize`` per paragraph, mended for this genre.

>>> split_sentences("Tổng thu đạt 142,6 tỷ đồng, đạt 116,6 %. Huyện còn 3,28% hộ nghèo.")
['Tổng thu đạt 142,6 tỷ đồng, đạt 116,6 %.', 'Huyện còn 3,28% hộ nghèo.']
"""

from __future__ import annotations

import functools
import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path

from govtext.text.reading import normalize

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
# Domain endings: underthesea ends a sentence inside a site name ("Theo Chinhphu.vn" ->
# "Theo Chinhphu." + "vn"); a piece starting with one of these is glued back, without a space.
_DOMAIN_ENDINGS = frozenset(["vn", "com", "net", "org", "gov", "edu", "info", "com.vn", "gov.vn"])

# No real sentence comes near this: the longest of ~82,000 sentences of the shared corpus has
# 4,516 characters. A longer "sentence" is a scrape without punctuation; left whole, word
# segmentation of it takes memory growing faster than its length (1.4 MB took 2.2 GB).
MAX_SENTENCE_CHARS = 5000
# sent_tokenize copies its input several times: a longer paragraph is handed over in windows.
_WINDOW_CHARS = 100_000


def split_paragraphs(text: str) -> list[str]:
    """Split normalised text into non-empty lines.

    Each line is a paragraph: underthesea does not end a sentence at a newline, so a caption
    with no final period would otherwise swallow the next paragraph.
    """
    return [line for line in normalize(text).split("\n") if line]


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph into sentences with underthesea, then mend its genre mistakes.

    A sentence longer than ``MAX_SENTENCE_CHARS`` is cut into pieces of at most that many
    characters, at the last space before the limit (mid-word only when a piece has no space);
    each piece is then a sentence like any other, with its own id, labelled on its own.

    >>> [len(s) for s in split_sentences("ab " * 3000)]
    [5000, 3998]
    """
    sent_tokenize = underthesea_sent_tokenize()
    pieces = [
        p.strip()
        for window in _cut(paragraph, _WINDOW_CHARS)
        for p in sent_tokenize(window)
        if p.strip()
    ]
    return [short for sentence in _mend(pieces) for short in _cut(sentence, MAX_SENTENCE_CHARS)]


def _cut(text: str, limit: int) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, cut at the last space before it."""
    pieces = []
    while len(text) > limit:
        cut = text.rfind(" ", 1, limit + 1)
        cut = cut if cut > 0 else limit
        pieces.append(text[:cut].strip())
        text = text[cut:].strip()
    return [*pieces, text] if text else pieces


def _mend(pieces: list[str]) -> list[str]:
    sentences: list[str] = []
    for piece in pieces:
        if sentences and _continues_a_domain(sentences[-1], piece):
            sentences[-1] = f"{sentences[-1]}{piece}"
            continue
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


def _continues_a_domain(sentence: str, piece: str) -> bool:
    if not sentence.endswith(".") or not sentence[-2:-1].isalnum():
        return False
    head = piece.split(" ", 1)[0].rstrip('.,;:!?)”"')
    return head in _DOMAIN_ENDINGS


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


@functools.cache
def underthesea_sent_tokenize() -> Callable[[str], list[str]]:
    """underthesea's ``sent_tokenize``, without importing all of underthesea when possible.

    ``import underthesea`` loads every pipeline (POS, NER, chunking CRF features, ...; 0.3-1 s),
    while ``sent_tokenize`` is one self-contained module (plain Python and a JSON file of
    abbreviations): it is loaded from its file on its own (``standalone_sent_tokenize``), so
    that labelling one sentence starts fast. When underthesea is already imported, or its
    layout is not the one known here, the package's own function is used.
    """
    standalone = None if "underthesea" in sys.modules else standalone_sent_tokenize()
    if standalone is not None:
        return standalone
    # underthesea takes ~1 s to import: imported on first use, so that importing govtext is quick.
    from underthesea import sent_tokenize

    return sent_tokenize


def standalone_sent_tokenize() -> Callable[[str], list[str]] | None:
    """underthesea's ``pipeline/sent_tokenize`` module executed from its file, outside the
    package (never registered in ``sys.modules``); None when the file is not where underthesea
    9 keeps it. tests/text/test_text_sentences.py checks it splits as ``underthesea`` does."""
    spec = importlib.util.find_spec("underthesea")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    path = Path(locations[0], "pipeline", "sent_tokenize", "__init__.py") if locations else None
    if path is None or not path.is_file():
        return None
    module_spec = importlib.util.spec_from_file_location("_govtext_sent_tokenize", path)
    if module_spec is None or module_spec.loader is None:
        return None
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return getattr(module, "sent_tokenize", None)
