"""The sklearn engine without scikit-learn: ``model.linear.npz``, a govtext pipeline's TF-IDF and
linear classifier as plain arrays, computed with NumPy in scikit-learn's own order of operations.

Importing scikit-learn (and skops, which imports all of it to list trusted types) takes 1-3 s,
far longer than labelling a sentence. For the pipelines most models are (Segmenter -> TF-IDF on
space-separated tokens, optionally beside the rule cues -> LogisticRegression, LinearSVC or
RidgeClassifier), ``govtext export`` also writes the fitted numbers as NumPy arrays: vocabulary,
idf, coefficients, intercepts, classes. ``LinearModel`` recomputes what scikit-learn computes
step by step (counts, 1 + log(tf), times idf, each row divided by its L2 norm accumulated in
column order, the cue columns after the n-grams, the sparse-times-dense product accumulated in
column order, + intercept, argmax, softmax), so labels and scores are bit for bit the same.
Export checks that on the training sentences before it keeps the file; without it (older
folders, other models) the engine reads ``model.skops`` with scikit-learn as before.

The file is read with ``allow_pickle=False``: arrays of numbers and strings only.

>>> model = LinearModel.load("model/model.linear.npz")  # doctest: +SKIP
>>> model.predict_texts(["Huyện đề nghị tỉnh hỗ trợ vốn."])  # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import json
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from govtext.errors import GovtextError
from govtext.inference.fast import FastFeatures, NotCompilable, sentences_and_tokens
from govtext.inference.folder import pipeline_parts, tfidf_problems
from govtext.rules import cue_matrix, cue_names
from govtext.rules.resolution import vote_row
from govtext.text import syllables, words_batch

LINEAR_VERSION = 1
# scikit-learn classifiers whose scores are X @ coef_.T + intercept_ (and, for logistic
# regression with three classes or more, their softmax); the kind of score each gives.
_CLASSIFIERS = {"LogisticRegression": "probability", "LinearSVC": "decision",
                "RidgeClassifier": "decision"}  # fmt: skip


class NotLinear(Exception):
    """Why a pipeline has no plain-array form; export carries on without the file."""


@dataclass(frozen=True)
class LinearModel:
    """A TF-IDF + linear classifier read from ``model.linear.npz``; see the module docstring."""

    settings: dict[str, Any]  # unit, ngram_range, lowercase, token_pattern, sublinear_tf, ...
    vocabulary: dict[str, int]
    idf: np.ndarray | None
    coef_t: np.ndarray  # features x classes (or x 1 for two classes), C order
    intercept: np.ndarray
    classes: list[str]

    @property
    def score_kind(self) -> str:
        return self.settings["score_kind"]

    def check_cues(self, where: str) -> None:
        """The cue columns are computed by this govtext's rules: a model trained with another
        lexicon would get columns it never saw (as ``CueFeatures.transform`` refuses)."""
        cues = self.settings["cues"]
        if cues is not None and cues["names"] != cue_names(cues["decision"]):
            raise GovtextError(
                f"{where}: was trained with a different rule lexicon ({len(cues['names'])} cue "
                f"columns, the installed govtext has {len(cue_names(cues['decision']))}); "
                "train and export it again with this version."
            )

    @classmethod
    def load(cls, path: str | Path) -> LinearModel:
        """Read the file (never unpickles); a one-line error naming it when it is unreadable."""
        try:
            with np.load(path, allow_pickle=False) as arrays:
                settings = json.loads(str(arrays["settings"]))
                if settings.get("version") != LINEAR_VERSION:
                    raise ValueError(f"version {settings.get('version')!r}")
                text = arrays["terms"].tobytes().decode("utf-8")
                terms = text.split("\n") if text else []
                return cls(
                    settings,
                    dict(zip(terms, range(len(terms)), strict=True)),
                    arrays["idf"] if settings["use_idf"] else None,
                    np.ascontiguousarray(arrays["coef"].T),
                    arrays["intercept"],
                    [str(c) for c in arrays["classes"].tolist()],
                )
        except (OSError, KeyError, ValueError, zipfile.BadZipFile) as err:  # ValueError: bad UTF-8
            raise GovtextError(
                f"{path}: is not a readable linear model ({type(err).__name__}: {err}); export "
                "the model again, or delete the file to use model.skops."
            ) from err

    def predict_texts(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Labels and scores (columns in ``classes`` order), as the scikit-learn pipeline."""
        decision = self.decision_function(texts)
        # Two classes: one margin, for the second class.
        indices = (decision > 0).astype(int) if decision.ndim == 1 else decision.argmax(axis=1)
        labels = np.asarray(self.classes, dtype=object)[indices]
        if self.score_kind == "probability":  # sklearn.utils.extmath.softmax, step by step
            scores = decision
            scores -= np.max(scores, axis=1).reshape((-1, 1))
            np.exp(scores, out=scores)
            scores /= np.sum(scores, axis=1).reshape((-1, 1))
        elif decision.ndim == 1:
            scores = np.column_stack([-decision, decision])
        else:
            scores = decision
        return labels, np.asarray(scores, dtype=float)

    def decision_function(self, texts: Sequence[str]) -> np.ndarray:
        """``X @ coef_.T + intercept_`` with the sum over each row's features taken in column
        order, as SciPy's sparse-times-dense product does."""
        indptr, indices, data = self.features(texts)
        out = np.zeros((len(indptr) - 1, self.coef_t.shape[1]))
        for rows, positions in _by_rank(indptr):
            out[rows] += data[positions][:, None] * self.coef_t[indices[positions]]
        out += self.intercept
        return out[:, 0] if out.shape[1] == 1 else out

    def features(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The pipeline's feature rows as CSR arrays (indptr, indices, data), in the order
        scikit-learn builds them: TF-IDF columns sorted, then the non-zero cue columns."""
        texts = [str(t) for t in texts]
        bulk, cues, rows = self._bulk(), self.settings["cues"], None
        if bulk is not None and bulk.unit == "syllable" and cues is not None:
            # One tokenising for the n-grams and the cues (``fast.sentences_and_tokens``).
            sentences, tokens = sentences_and_tokens(texts)
            indptr, indices, counts = bulk.count_arrays(texts, tokens)
            rows = [vote_row(sentence) for sentence in sentences]
        elif bulk is not None:
            indptr, indices, counts = bulk.count_arrays(texts)
        else:
            indptr, indices, counts = self._counts(self._tokenised(texts))
        data = counts.astype(np.float64)
        if self.settings["sublinear_tf"]:
            np.log(data, data)
            data += 1.0
        if self.idf is not None:
            data *= self.idf[indices]
        if self.settings["norm"] == "l2":
            _normalize_l2(indptr, data)
        if self.settings["cues"] is None:
            return indptr, indices, data
        cues = cue_matrix(texts, self.settings["cues"]["decision"], rows)
        return _beside(indptr, indices, data, cues, len(self.vocabulary))

    def counts_in_bulk(self) -> bool:
        """Whether the n-grams are counted by the fast engine's bulk counter (``fast`` engine)."""
        return self._bulk() is not None

    def _tokenised(self, texts: list[str]) -> list[str]:
        # govtext.text.Segmenter.transform, without its training-time cache.
        if self.settings["unit"] == "syllable":
            return [" ".join(syllables(t)) for t in texts]
        return [" ".join(w) for w in words_batch(texts, None)]

    def _bulk(self) -> FastFeatures | None:
        """The fast engine's n-gram counter for this vocabulary (the same counts in bulk, not
        one Python dict per sentence), when the settings are those it reproduces; built once."""
        settings = self.settings
        if "bulk" not in self.__dict__:
            bulk = None
            if settings["token_pattern"] == r"\S+" and not settings["lowercase"]:
                with contextlib.suppress(NotCompilable):
                    bulk = FastFeatures.counter(
                        settings["unit"], tuple(settings["ngram_range"]), self.vocabulary
                    )
            object.__setattr__(self, "bulk", bulk)  # a cache on a frozen dataclass
        return self.__dict__["bulk"]

    def _counts(self, docs: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """CountVectorizer.transform: n-grams of the token pattern's matches, counted per row,
        columns sorted."""
        settings = self.settings
        find = re.compile(settings["token_pattern"]).findall
        low, high = settings["ngram_range"]
        vocabulary = self.vocabulary
        indptr, indices, counts = [0], [], []
        for doc in docs:
            found = find(doc.lower() if settings["lowercase"] else doc)
            counter: dict[int, int] = {}
            for n in range(low, min(high, len(found)) + 1):
                for i in range(len(found) - n + 1):
                    j = vocabulary.get(" ".join(found[i : i + n]))
                    if j is not None:
                        counter[j] = counter.get(j, 0) + 1
            columns = sorted(counter)
            indices += columns
            counts += [counter[j] for j in columns]
            indptr.append(len(indices))
        return (np.asarray(indptr, dtype=np.int64), np.asarray(indices, dtype=np.int64),
                np.asarray(counts, dtype=np.int64))  # fmt: skip


def _by_rank(indptr: np.ndarray):
    """``(rows, positions)`` for each rank r: the rows with more than r stored values and the
    position of their r-th one. Adding rank by rank sums each row in its columns' order."""
    lengths = np.diff(indptr)
    for rank in range(int(lengths.max()) if len(lengths) else 0):
        rows = np.flatnonzero(lengths > rank)
        yield rows, indptr[rows] + rank


def _normalize_l2(indptr: np.ndarray, data: np.ndarray) -> None:
    """sklearn's inplace_csr_row_normalize_l2: sum of squares in column order, rows of zero
    norm left alone."""
    sums = np.zeros(len(indptr) - 1)
    for rows, positions in _by_rank(indptr):
        sums[rows] += data[positions] * data[positions]
    norms = np.sqrt(sums)
    norms[sums == 0.0] = 1.0
    data /= np.repeat(norms, np.diff(indptr))


def _beside(indptr, indices, data, cues: np.ndarray, offset: int):
    """The TF-IDF rows with the cue matrix's non-zero columns after them (FeatureUnion)."""
    cue_rows, cue_columns = np.nonzero(cues)
    row_of = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))
    rows = np.concatenate([row_of, cue_rows])
    order = np.argsort(rows, kind="stable")
    merged_indptr = np.zeros_like(indptr)
    np.cumsum(np.bincount(rows, minlength=len(indptr) - 1), out=merged_indptr[1:])
    merged_indices = np.concatenate([indices, cue_columns + offset])[order]
    merged_data = np.concatenate([data, cues[cue_rows, cue_columns]])[order]
    return merged_indptr, merged_indices, merged_data


def linear_arrays(pipeline) -> dict[str, np.ndarray]:
    """The arrays ``model.linear.npz`` holds for a fitted govtext pipeline; NotLinear says why a
    pipeline has none (export checks the numbers against scikit-learn before keeping them)."""
    parts = pipeline_parts(pipeline)
    vectorizer, classifier = parts.vectorizer, parts.classifier
    kind = _CLASSIFIERS.get(type(classifier).__name__)
    if kind is None or not type(classifier).__module__.startswith("sklearn."):
        raise NotLinear(f"{type(classifier).__name__} is not a linear model read here")
    if vectorizer is None or getattr(parts.segmenter, "unit", None) not in ("syllable", "word"):
        raise NotLinear("the model has no TF-IDF on syllables or words")
    problems = tfidf_problems(vectorizer)
    if vectorizer.norm not in ("l2", None) or vectorizer.dtype is not np.float64:
        problems.append(f"norm={vectorizer.norm!r}, dtype={vectorizer.dtype}")
    if problems:
        raise NotLinear(f"TF-IDF settings not reproduced here: {', '.join(problems)}")
    classes = [str(c) for c in classifier.classes_]
    if kind == "probability" and len(classes) < 3:
        raise NotLinear("a two-class logistic regression (its probabilities are not a softmax)")
    if not _known_shape(pipeline, parts.cues is not None):
        raise NotLinear(f"a pipeline of steps {[n for n, _ in pipeline.steps]} is not read here")
    terms = [term for term, _ in sorted(vectorizer.vocabulary_.items(), key=lambda kv: kv[1])]
    if any("\n" in term or not term for term in terms):
        raise NotLinear("a vocabulary term is empty or holds a line break")
    settings = {
        "version": LINEAR_VERSION,
        "unit": parts.segmenter.unit,
        "token_pattern": vectorizer.token_pattern,
        "lowercase": bool(vectorizer.lowercase),
        "ngram_range": [int(n) for n in vectorizer.ngram_range],
        "sublinear_tf": bool(vectorizer.sublinear_tf),
        "use_idf": bool(vectorizer.use_idf),
        "norm": vectorizer.norm,
        "cues": None
        if parts.cues is None
        else {
            "decision": bool(parts.cues.decision),
            "names": [str(n) for n in parts.cues.get_feature_names_out()],
        },
        "score_kind": kind,
        "classifier": type(classifier).__name__,
    }
    return {
        "settings": np.array(json.dumps(settings)),
        # The vocabulary in column order as UTF-8 text, one term a line (a term is tokens joined
        # by spaces: never a newline); a fixed-width string array would pad every term.
        "terms": np.frombuffer("\n".join(terms).encode("utf-8"), dtype=np.uint8),
        "idf": np.asarray(vectorizer.idf_ if vectorizer.use_idf else [], dtype=np.float64),
        "coef": np.asarray(classifier.coef_, dtype=np.float64),
        "intercept": np.asarray(classifier.intercept_, dtype=np.float64).reshape(-1),
        "classes": np.array(classes, dtype=str),
    }


def _known_shape(pipeline, with_cues: bool) -> bool:
    """``build_pipeline``'s shapes: segment -> tfidf -> classify, or (n-grams beside cues, no
    weights) -> classify."""
    if not with_cues:
        return len(pipeline.steps) == 3
    union = pipeline.steps[0][1]
    names = [name for name, _ in getattr(union, "transformer_list", [])]
    return (
        len(pipeline.steps) == 2
        and names == ["ngrams", "cues"]
        and getattr(union, "transformer_weights", None) is None
        and len(union.transformer_list[0][1].steps) == 2
    )
