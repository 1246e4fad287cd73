"""The ``fast`` engine: a fitted Segmenter + TF-IDF step compiled to array lookups.

scikit-learn's ``TfidfVectorizer.transform`` spends most of its time in a Python loop per token
(building n-gram strings, looking each up, counting in a dict). For a pipeline that govtext
built (``Segmenter`` -> ``TfidfVectorizer(token_pattern=r"\\S+", lowercase=False)``), this module
computes the *same* sparse matrix in bulk: every distinct token of the vocabulary gets an integer
("atom"), each sentence's tokens become atoms with one C-level ``map`` over the whole batch, an
n-gram becomes one integer code ``((a0 * A) + a1) * A + a2 ...``, and codes are looked up in an
open-addressing hash table with NumPy, not one Python call per n-gram. The classifier is the
pipeline's own, fed the same matrix, so labels and scores equal the sklearn engine's.

``count_arrays`` (what the linear engine reads) does the same in C where the extension
``_ngrams.c`` was built: one pass per text over its tokens, the same table probed the same way,
the same arrays (``tests/inference/test_inference_fast.py`` compares the two). There, syllables
come from ``govtext.text.syllables`` (itself in C where built); otherwise from the syllable
regular expression in one pass over the whole batch. Word units come from underthesea, once per
sentence.

>>> compiled = FastFeatures.from_parts(pipeline_parts(pipeline))  # doctest: +SKIP
>>> compiled.transform(["Huyện đạt 100% kế hoạch."])  # doctest: +SKIP
"""

from __future__ import annotations

import unicodedata
from itertools import chain, repeat
from typing import Any

import numpy as np

from govtext.inference.folder import tfidf_problems
from govtext.rules.view import Sentence
from govtext.text import TokenCache, syllables, words_batch
from govtext.text.tokens import SYLLABLE_TOKEN

try:  # built by setup.py where a C compiler is found; count_arrays falls back to NumPy
    from govtext.inference import _ngrams
except ImportError:  # pragma: no cover - a machine without a compiler
    _ngrams = None

# Fibonacci hashing: multiply by 2**64 / golden ratio, keep the top bits.
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_EMPTY = np.int64(-1)
# n-gram codes are products of atom ids; they must fit in an int64 with room to spare.
_MAX_CODE = 2**62
# Joins a batch of sentences into one string for a single regex pass (see FastFeatures._atoms).
_SEPARATOR = "\x00"


class NotCompilable(Exception):
    """Why a pipeline's features cannot take the fast path (the sklearn engine still works)."""


class _Table:
    """int64 code -> int64 value, open addressing with linear probing, looked up in bulk."""

    def __init__(self, codes: np.ndarray, values: np.ndarray):
        size = 1 << max(4, int(len(codes) * 8 - 1).bit_length())  # load factor <= 1/8
        self.bits = size.bit_length() - 1
        self.mask = size - 1
        self.keys = np.full(size, _EMPTY, dtype=np.int64)
        self.values = np.full(size, -1, dtype=np.int64)
        self.max_probe = 0
        for code, value, home in zip(
            codes.tolist(), values.tolist(), self._home(codes).tolist(), strict=True
        ):
            slot, probe = home, 0
            while self.keys[slot] != _EMPTY:
                slot, probe = (slot + 1) & self.mask, probe + 1
            self.keys[slot], self.values[slot] = code, value
            self.max_probe = max(self.max_probe, probe)

    def _home(self, codes: np.ndarray) -> np.ndarray:
        hashed = codes.astype(np.uint64) * _GOLDEN  # wraps modulo 2**64, as intended
        return (hashed >> np.uint64(64 - self.bits)).astype(np.int64)

    def lookup(self, codes: np.ndarray) -> np.ndarray:
        """The value of each code, -1 where absent. A present code sits at most ``max_probe``
        slots after its home, so no more probes than that are needed to know it is absent."""
        found = np.full(len(codes), -1, dtype=np.int64)
        todo = np.arange(len(codes))
        slots = self._home(codes)
        for _ in range(self.max_probe + 1):
            if not len(todo):
                break
            keys = self.keys[slots]
            wanted = codes[todo]
            hit = keys == wanted
            found[todo[hit]] = self.values[slots[hit]]
            going = ~hit & (keys != _EMPTY)
            todo, slots = todo[going], (slots[going] + 1) & self.mask
        return found


class FastFeatures:
    """The fitted n-gram features of a govtext pipeline, computed in bulk (see the module doc).

    ``transform(texts)`` returns exactly ``Pipeline([segment, tfidf]).transform(texts)`` (and,
    with rule cues, the FeatureUnion's matrix), as a CSR matrix.
    """

    def __init__(self, segmenter, vectorizer, cues=None):
        _check(segmenter, vectorizer)
        self.segmenter = segmenter
        self.cues = cues
        self.idf = np.asarray(vectorizer.idf_, dtype=np.float64) if vectorizer.use_idf else None
        self.sublinear_tf = bool(vectorizer.sublinear_tf)
        self.norm = vectorizer.norm
        self._compile(segmenter.unit, vectorizer.ngram_range, vectorizer.vocabulary_)

    @classmethod
    def counter(cls, unit: str, ngram_range: tuple[int, int], vocabulary: dict[str, int]):
        """Only ``counts``, for a vocabulary of space-joined tokens without scikit-learn objects
        (``govtext.inference.linear``: a model read from plain arrays); no word-token cache."""
        if unit not in ("syllable", "word"):
            raise NotCompilable(f"segmenter unit {unit!r}")
        self = cls.__new__(cls)
        self.segmenter, self.cues = None, None
        self._compile(unit, tuple(ngram_range), vocabulary)
        return self

    def _compile(self, unit: str, ngram_range: tuple[int, int], vocabulary: dict[str, int]):
        self.unit = unit
        self.n_min, self.n_max = ngram_range
        self.width = len(vocabulary)
        self._findall = SYLLABLE_TOKEN.findall
        atoms: dict[str, int] = {}
        grams = []
        for term, column in vocabulary.items():
            parts = term.split(" ")
            grams.append(([atoms.setdefault(p, len(atoms)) for p in parts], column))
        self.atoms = atoms
        self.separator_id = len(atoms)
        self._with_separator = {**atoms, _SEPARATOR: self.separator_id}
        self.base = max(len(atoms), 1)
        if self.base**self.n_max >= _MAX_CODE:
            raise NotCompilable(
                f"{len(atoms)} distinct tokens in {self.n_max}-grams overflow a 64-bit code"
            )
        unigram = np.full(self.base, -1, dtype=np.int64)
        by_order: dict[int, tuple[list[int], list[int]]] = {}
        for parts, column in grams:
            if len(parts) == 1:
                unigram[parts[0]] = column
            else:
                codes, columns = by_order.setdefault(len(parts), ([], []))
                codes.append(_code(parts, self.base))
                columns.append(column)
        self.unigram = unigram
        self.tables = {
            n: _Table(np.asarray(codes, np.int64), np.asarray(columns, np.int64))
            for n, (codes, columns) in by_order.items()
        }

    @classmethod
    def from_parts(cls, parts: Any) -> FastFeatures:
        """From ``govtext.inference.folder.pipeline_parts(pipeline)``; NotCompilable if it has no
        segmenter + TF-IDF of the supported kind."""
        if parts.segmenter is None or parts.vectorizer is None:
            raise NotCompilable("the model has no Segmenter + TF-IDF features")
        return cls(parts.segmenter, parts.vectorizer, parts.cues)

    # ------------------------------------------------------------------------------- tokens

    def _atoms(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Atom ids of every token of every text (-1: not in the vocabulary), and the number
        of tokens of each text."""
        if self.unit == "word":
            cache = getattr(self.segmenter, "token_cache", "")
            tokens = words_batch(texts, TokenCache(cache) if cache else None)
            counts = np.fromiter(map(len, tokens), dtype=np.int64, count=len(texts))
            flat = list(chain.from_iterable(tokens))
            return self._lookup_atoms(flat), counts
        # Syllables: text.syllables() is findall over each NFC, lower-cased sentence. One
        # findall over all sentences joined by a separator gives the same tokens at a fraction
        # of the calls: the separator is a one-character token of its own (neither a word
        # character nor a space), so no token crosses it, and it marks where each text ends.
        nfc = [unicodedata.normalize("NFC", t) for t in texts]
        joined = _SEPARATOR.join(nfc)
        if joined.count(_SEPARATOR) != max(len(texts) - 1, 0) or _SEPARATOR in self.atoms:
            # A text holding the separator itself: tokenise one by one (exact, slower).
            per_text = [self._findall(t.lower()) for t in nfc]
            counts = np.fromiter(map(len, per_text), dtype=np.int64, count=len(texts))
            return self._lookup_atoms(list(chain.from_iterable(per_text))), counts
        tokens = self._findall(joined.lower())
        ids = np.fromiter(
            map(self._with_separator.get, tokens, repeat(-1)), dtype=np.int64, count=len(tokens)
        )
        ends = ids == self.separator_id
        text_of = np.cumsum(ends)[~ends]
        counts = np.bincount(text_of, minlength=len(texts)).astype(np.int64)
        return ids[~ends], counts

    def _lookup_atoms(self, tokens: list[str]) -> np.ndarray:
        return np.fromiter(
            map(self.atoms.get, tokens, repeat(-1)), dtype=np.int64, count=len(tokens)
        )

    # ------------------------------------------------------------------------------ features

    def _grams(self, texts: list[str], tokens: list[tuple[str, ...]] | None = None):
        """The vocabulary column of every n-gram found (repeats included) and its text's row."""
        if tokens is None:
            atoms, per_text = self._atoms(texts)
        else:
            atoms = self._lookup_atoms(list(chain.from_iterable(tokens)))
            per_text = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
        total = len(atoms)
        rows = np.repeat(np.arange(len(texts)), per_text)
        orders = range(self.n_min, self.n_max + 1)
        # One column per n-gram order, one row per token position: flattened row-major, the
        # features stay grouped by text, so the CSR index pointer is a cumulative count.
        columns = np.full((total, len(orders)), -1, dtype=np.int64)
        for j, n in enumerate(orders):
            if n == 1:
                known = atoms >= 0
                columns[known, 0] = self.unigram[atoms[known]]
                continue
            if n not in self.tables or total < n:
                continue
            span = total - n + 1
            valid = (atoms[:span] >= 0) & (rows[:span] == rows[n - 1 :])
            code = atoms[:span].copy()
            for k in range(1, n):
                following = atoms[k : k + span]
                valid &= following >= 0
                code = code * self.base + following
            at = np.flatnonzero(valid)
            columns[at, j] = self.tables[n].lookup(code[at])
        flat = columns.ravel()
        present = flat >= 0
        return flat[present], np.repeat(rows, len(orders))[present]

    def counts(self, texts: list[str], tokens: list[tuple[str, ...]] | None = None):
        """The n-gram count matrix (CSR, float64, sorted indices), as CountVectorizer makes it.
        ``tokens``: each text's tokens when already known (``transform`` with rule cues)."""
        # SciPy (~0.2 s to import): the fast engine's matrices need it, count_arrays does not.
        import scipy.sparse as sp

        indptr, indices, counts = self.count_arrays(texts, tokens)
        return sp.csr_matrix(
            (counts.astype(np.float64), indices, indptr), shape=(len(texts), self.width)
        )

    def count_arrays(
        self, texts: list[str], tokens: list[tuple[str, ...]] | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The n-gram counts as plain arrays (indptr, indices, counts; int64) without SciPy (what
        ``counts`` makes a matrix of): each row's columns sorted, a repeated n-gram counted once
        with its number. In C where the extensions
        were built (``_ngrams.c``: the same arrays, no NumPy pass per order), on the tokens given
        or on each text's ``syllables`` (also in C there, faster than one regex over the chunk)."""
        if _ngrams is not None and (tokens is not None or self.unit == "syllable"):
            if tokens is None:
                tokens = [syllables(text) for text in texts]
            return self.count_arrays_in_c(tokens)
        indices, row_of = self._grams(texts, tokens)
        keys, numbers = np.unique(row_of * max(self.width, 1) + indices, return_counts=True)
        rows, columns = np.divmod(keys, max(self.width, 1))
        indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=len(texts)))])
        return indptr.astype(np.int64), columns.astype(np.int64), numbers.astype(np.int64)

    def count_arrays_in_c(
        self, tokens: list[tuple[str, ...]]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``count_arrays`` of texts given as tokens, by the C extension (which must be built)."""
        tables = {
            n: (table.keys, table.values, table.bits, table.max_probe)
            for n, table in self.tables.items()
        }
        arrays = _ngrams.count(
            tokens, self.atoms, self.unigram, self.n_min, self.n_max, self.base, tables
        )
        return tuple(np.frombuffer(array, dtype=np.int64) for array in arrays)

    def tfidf(self, texts: list[str], tokens: list[tuple[str, ...]] | None = None):
        """``TfidfVectorizer.transform`` of the segmented texts, step for step."""
        matrix = self.counts(texts, tokens)
        if self.sublinear_tf:
            np.log(matrix.data, matrix.data)
            matrix.data += 1.0
        if self.idf is not None:
            matrix.data *= self.idf[matrix.indices]
        if self.norm is not None and matrix.shape[0]:
            # scikit-learn is imported by the pipeline this was compiled from: no cost here.
            from sklearn.preprocessing import normalize

            matrix = normalize(matrix, norm=self.norm, copy=False)
        return matrix

    def transform(self, texts: list[str]):
        """The features the classifier was trained on: n-grams, then the rule cues if any."""
        import scipy.sparse as sp  # see counts

        texts = list(texts)
        if self.cues is None:
            return self.tfidf(texts)
        shared = hasattr(self.cues, "transform_sentences") and not getattr(self.cues, "cache", "")
        if self.unit != "syllable" or not shared:
            return sp.hstack([self.tfidf(texts), self.cues.transform(texts)]).tocsr()
        sentences, tokens = sentences_and_tokens(texts)
        cues = self.cues.transform_sentences(texts, sentences)
        return sp.hstack([self.tfidf(texts, tokens), cues]).tocsr()


def sentences_and_tokens(texts: list[str]) -> tuple[list[Sentence], list[tuple[str, ...]]]:
    """Each text's ``Sentence.of`` (what the rule cues read) and its syllable tokens (what the
    n-grams count): the cues see each sentence as NFC syllables, so one tokenising serves both.
    A photo credit the cues cut off ("Ảnh: X/TTXVN Về ...") leaves the n-grams their own."""
    sentences = [Sentence.of(text) for text in texts]
    tokens = [
        sentence.tokens if sentence.raw == unicodedata.normalize("NFC", text) else syllables(text)
        for sentence, text in zip(sentences, texts, strict=True)
    ]
    return sentences, tokens


def _code(parts: list[int], base: int) -> int:
    code = 0
    for atom in parts:
        code = code * base + atom
    return code


def _check(segmenter, vectorizer) -> None:
    if getattr(segmenter, "unit", None) not in ("syllable", "word"):
        raise NotCompilable(f"segmenter unit {getattr(segmenter, 'unit', None)!r}")
    # scikit-learn is imported by the pipeline being checked: no cost here.
    from sklearn.feature_extraction.text import TfidfVectorizer

    problems = tfidf_problems(vectorizer)
    if isinstance(vectorizer, TfidfVectorizer):
        if vectorizer.lowercase:
            problems.append("lowercase=True")
        if np.dtype(vectorizer.dtype) != np.float64:
            problems.append(f"dtype={vectorizer.dtype}")
    if problems:
        raise NotCompilable(f"TF-IDF settings {', '.join(problems)}")
