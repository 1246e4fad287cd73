"""Metrics on a tiny, imbalanced dataset: scores, confusion, bootstrap intervals, paired tests.

Everything here is a pure function over label arrays (no MLflow, no files), so the CLI, the
experiment runner and the notebooks report the same numbers. The headline metric is macro-F1
over the four task labels, computed on every sentence, ``other`` included (see labels.md):

>>> gold = ["achievement", "limitation", "request", "instruction", "other"]
>>> pred = ["achievement", "other", "request", "instruction", "other"]
>>> round(scores(gold, pred)["macro_f1"], 4)  # the missed limitation scores 0 for its class
0.75

With a seed of a few dozen sentences every number has a wide margin of error, so the
functions that report a score also report a bootstrap interval, and comparisons between two
models say whether the difference is larger than that noise.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

from govtext.errors import GovtextError
from govtext.labels import ALL_LABELS, TASK_LABELS

__all__ = [
    "bootstrap_interval",
    "confusion",
    "evaluate_predictions",
    "misclassified",
    "paired_bootstrap",
    "scores",
]

_N_LABELS = len(ALL_LABELS)
_N_TASK = len(TASK_LABELS)
# ALL_LABELS starts with TASK_LABELS, so codes 0.._N_TASK-1 are the scored classes.
_CODE = {label: code for code, label in enumerate(ALL_LABELS)}
# The bootstrap draws its resamples in chunks of about this many indices, to bound memory on
# large evaluation sets. The chunk size depends only on the number of sentences, so the same
# inputs always draw the same resamples.
_CHUNK_INDICES = 1_000_000


# --------------------------------------------------------------------------- metrics


def scores(y_true: Sequence[str], y_pred: Sequence[str]) -> dict[str, float | int]:
    """Headline macro-F1, accuracy and per-class precision, recall, F1 and support.

    ``macro_f1`` averages F1 over the four task labels only, but is computed on every sentence:
    predicting ``other`` for an ``achievement`` is a missed achievement, and predicting
    ``achievement`` for an ``other`` is a false achievement. ``accuracy`` counts all five
    labels. Per-class keys are flat (``f1_request``, ``precision_other``, ``support_other``...)
    and cover all five labels; a class with no predictions (or no gold sentences) gets 0.
    """
    true, pred = _check_pair(y_true, y_pred)
    precision, recall, f1, support = precision_recall_fscore_support(
        true, pred, labels=list(ALL_LABELS), zero_division=0
    )
    result: dict[str, float | int] = {
        "macro_f1": float(
            f1_score(true, pred, labels=list(TASK_LABELS), average="macro", zero_division=0)
        ),
        "accuracy": float(accuracy_score(true, pred)),
    }
    for i, label in enumerate(ALL_LABELS):
        result[f"precision_{label}"] = float(precision[i])
        result[f"recall_{label}"] = float(recall[i])
        result[f"f1_{label}"] = float(f1[i])
        result[f"support_{label}"] = int(support[i])
    return result


def confusion(y_true: Sequence[str], y_pred: Sequence[str]) -> pd.DataFrame:
    """Confusion counts: one row per gold label, one column per predicted label (ALL_LABELS)."""
    true, pred = _check_pair(y_true, y_pred)
    counts = np.bincount(
        _codes(true) * _N_LABELS + _codes(pred), minlength=_N_LABELS * _N_LABELS
    ).reshape(_N_LABELS, _N_LABELS)
    return _confusion_frame(counts)


def misclassified(
    texts: Sequence[str], y_true: Sequence[str], y_pred: Sequence[str]
) -> pd.DataFrame:
    """The wrongly labelled sentences, in input order: columns row, text, label, predicted.

    ``row`` is the sentence's position in the inputs, so it can be joined back to the dataset.
    """
    true, pred = _check_pair(y_true, y_pred)
    text = np.asarray(texts, dtype=object)
    if text.shape != true.shape:
        raise GovtextError(
            f"misclassified: got {len(text)} texts for {len(true)} labels; "
            "pass the sentences the labels belong to, in the same order."
        )
    wrong = np.flatnonzero(true != pred)
    return pd.DataFrame(
        {
            "row": wrong.astype(np.int64),
            "text": text[wrong].tolist(),
            "label": true[wrong].tolist(),
            "predicted": pred[wrong].tolist(),
        }
    )


# --------------------------------------------------------------------------- bootstrap


def bootstrap_interval(
    y_true: Sequence[str],
    y_pred: Sequence[str],
    *,
    n_resamples: int = 2000,
    confidence: float = 0.95,
    random_state: int = 0,
) -> tuple[float, float]:
    """Percentile bootstrap interval of macro-F1, resampling sentences with replacement.

    Every resample is scored exactly like ``scores(...)["macro_f1"]`` (sklearn's definition,
    ``zero_division=0``). Note that on a tiny set a resample can miss a rare class entirely;
    that class then scores 0 in the resample, which pulls the interval down: the interval is
    honest about how little a couple of examples of a class can tell.
    """
    true, pred = _check_pair(y_true, y_pred)
    _check_bootstrap_args(n_resamples, confidence)
    (dist,) = _bootstrap_macro_f1(
        [_sentence_counts(true, [pred])], n_resamples, np.random.default_rng(random_state)
    )
    return _percentile_interval(dist, confidence)


def paired_bootstrap(
    y_true: Sequence[str],
    pred_a: Sequence[str],
    pred_b: Sequence[str],
    *,
    n_resamples: int = 2000,
    confidence: float = 0.95,
    random_state: int = 0,
) -> dict[str, float | bool | str]:
    """Compare two predictors on the same sentences: macro-F1(a) - macro-F1(b) with its interval.

    Both predictors are scored on the same resampled sentences, so the noise they share (which
    sentences happen to be in the set) cancels out of the difference.

    Returns ``macro_f1_a``, ``macro_f1_b``, ``difference`` (a - b on all sentences),
    ``low``/``high`` (percentile interval of the difference), ``p_value`` (share of resamples
    in which a is not better than b: a one-sided bootstrap estimate, not an exact test),
    ``significant`` (the interval excludes 0), ``confidence``, ``n_resamples`` and a one-line
    ``verdict``.
    """
    true, a = _check_pair(y_true, pred_a, "pred_a")
    _, b = _check_pair(y_true, pred_b, "pred_b")
    _check_bootstrap_args(n_resamples, confidence)
    dist_a, dist_b = _bootstrap_macro_f1(
        [_sentence_counts(true, [a]), _sentence_counts(true, [b])],
        n_resamples,
        np.random.default_rng(random_state),
    )
    diff = dist_a - dist_b
    low, high = _percentile_interval(diff, confidence)
    f1_a = scores(true, a)["macro_f1"]
    f1_b = scores(true, b)["macro_f1"]
    difference = float(f1_a - f1_b)
    significant = bool(low > 0 or high < 0)
    span = f"the {confidence * 100:g}% interval of the difference [{low:.2f}, {high:.2f}]"
    if low > 0:
        verdict = f"a is better than b by {difference:.2f} macro-F1: {span} excludes 0"
    elif high < 0:
        verdict = f"b is better than a by {-difference:.2f} macro-F1: {span} excludes 0"
    else:
        # Not "no difference": an interval that includes 0 means the data cannot tell.
        verdict = (
            f"no clear difference (a - b = {difference:+.2f} macro-F1): {span} includes 0, "
            "so the data cannot tell them apart"
        )
    return {
        "macro_f1_a": float(f1_a),
        "macro_f1_b": float(f1_b),
        "difference": difference,
        "low": low,
        "high": high,
        "p_value": float(np.mean(diff <= 0)),
        "significant": significant,
        "confidence": float(confidence),
        "n_resamples": int(n_resamples),
        "verdict": verdict,
    }


def evaluate_predictions(
    y_true: Sequence[str],
    predictions_per_repeat: Sequence[Sequence[str]],
    *,
    n_resamples: int = 2000,
    random_state: int = 0,
) -> dict[str, object]:
    """Summarise repeated out-of-fold predictions into the numbers an experiment reports.

    Headline metrics are the mean over repeats of every ``scores`` key, plus ``macro_f1_std``
    (population std of macro-F1 across the repeats: the split-to-split noise, 0.0 for one
    repeat). ``confusion`` is the confusion matrix summed over repeats. ``n_repeats`` and
    ``n_sentences`` say what was pooled.

    ``macro_f1_low``/``macro_f1_high`` are a 95% bootstrap interval of macro-F1 over the
    POOLED predictions (y_true repeated once per repeat against all predictions). The
    resampling unit is the sentence, not the pooled row: each resample draws sentences and
    brings all of a drawn sentence's predictions, one per repeat. The repeats predict the
    same sentences, so treating the pooled rows as independent would shrink the interval by
    up to sqrt(n_repeats) without any new evidence. With one repeat this equals
    ``bootstrap_interval``.
    """
    true = _as_labels(y_true, "y_true")
    if isinstance(predictions_per_repeat, str) or len(predictions_per_repeat) == 0:
        raise GovtextError(
            "evaluate_predictions: pass a list of prediction arrays, one per repeat."
        )
    if isinstance(predictions_per_repeat[0], str):
        raise GovtextError(
            "evaluate_predictions: got a single list of labels; wrap it in a list "
            "([predictions]) - it takes one prediction array per repeat."
        )
    preds = [
        _check_pair(true, p, f"predictions_per_repeat[{r}]")[1]
        for r, p in enumerate(predictions_per_repeat)
    ]
    per_repeat = [scores(true, p) for p in preds]
    result: dict[str, object] = {}
    for key, value in per_repeat[0].items():
        if key.startswith("support_"):
            result[key] = int(value)  # the same gold labels in every repeat
        else:
            result[key] = float(np.mean([s[key] for s in per_repeat]))
    result["macro_f1_std"] = float(np.std([s["macro_f1"] for s in per_repeat]))
    (dist,) = _bootstrap_macro_f1(
        [_sentence_counts(true, preds)], n_resamples, np.random.default_rng(random_state)
    )
    result["macro_f1_low"], result["macro_f1_high"] = _percentile_interval(dist, 0.95)
    result["confusion"] = _confusion_frame(
        _sentence_counts(true, preds).sum(axis=0).reshape(_N_LABELS, _N_LABELS)
    )
    result["n_repeats"] = len(preds)
    result["n_sentences"] = len(true)
    return result


# --------------------------------------------------------------------------- helpers


def _as_1d(values: Sequence[object], name: str) -> np.ndarray:
    arr = np.asarray(values, dtype=object)
    if arr.ndim != 1:
        raise GovtextError(f"{name} must be a flat list of labels, got shape {arr.shape}.")
    return arr


def _as_labels(values: Sequence[str], name: str) -> np.ndarray:
    arr = _as_1d(values, name)
    if len(arr) == 0:
        raise GovtextError(f"{name} is empty; there is nothing to evaluate.")
    unknown = Counter(v for v in arr.tolist() if v not in _CODE)
    if unknown:
        found = ", ".join(f"{k!r} ({c})" for k, c in sorted(unknown.items(), key=str))
        raise GovtextError(
            f"{name} has labels outside the scheme: {found}; the labels are "
            f"{', '.join(ALL_LABELS)} (see labels.md)."
        )
    return arr


def _check_pair(
    y_true: Sequence[str], y_pred: Sequence[str], pred_name: str = "y_pred"
) -> tuple[np.ndarray, np.ndarray]:
    true = _as_labels(y_true, "y_true")
    pred = _as_labels(y_pred, pred_name)
    if len(true) != len(pred):
        raise GovtextError(
            f"y_true has {len(true)} labels but {pred_name} has {len(pred)}; "
            "pass one prediction per gold sentence, in the same order."
        )
    return true, pred


def _codes(labels: np.ndarray) -> np.ndarray:
    return np.fromiter((_CODE[v] for v in labels.tolist()), dtype=np.int64, count=len(labels))


def _confusion_frame(counts: np.ndarray) -> pd.DataFrame:
    frame = pd.DataFrame(counts.astype(np.int64), index=list(ALL_LABELS), columns=list(ALL_LABELS))
    frame.index.name = "gold"
    frame.columns.name = "predicted"
    return frame


def _sentence_counts(true: np.ndarray, preds: list[np.ndarray]) -> np.ndarray:
    """Per-sentence confusion contributions, shape (n, 25): cell gold*5+pred, summed over preds."""
    n = len(true)
    gold = _codes(true) * _N_LABELS
    counts = np.zeros((n, _N_LABELS * _N_LABELS), dtype=np.float64)
    rows = np.arange(n)
    for pred in preds:
        counts[rows, gold + _codes(pred)] += 1  # rows are unique, so += is safe
    return counts


def _macro_f1_from_counts(counts: np.ndarray) -> np.ndarray:
    """Macro-F1 over the task labels from flat confusion counts of shape (..., 25).

    F1 = 2 tp / (gold + predicted), 0 when the class is neither in gold nor predicted:
    sklearn's f1_score with zero_division=0.
    """
    matrix = counts.reshape(*counts.shape[:-1], _N_LABELS, _N_LABELS)
    tp = np.diagonal(matrix, axis1=-2, axis2=-1)[..., :_N_TASK]
    denom = matrix.sum(axis=-1)[..., :_N_TASK] + matrix.sum(axis=-2)[..., :_N_TASK]
    f1 = np.divide(2 * tp, denom, out=np.zeros(tp.shape), where=denom > 0)
    return f1.mean(axis=-1)


def _bootstrap_indices(n: int, n_resamples: int, rng: np.random.Generator) -> Iterator[np.ndarray]:
    """Resampled sentence indices, shape (chunk, n), chunk after chunk."""
    chunk = max(1, _CHUNK_INDICES // n)
    for start in range(0, n_resamples, chunk):
        yield rng.integers(0, n, size=(min(chunk, n_resamples - start), n))


def _bootstrap_macro_f1(
    per_sentence: list[np.ndarray], n_resamples: int, rng: np.random.Generator
) -> list[np.ndarray]:
    """Macro-F1 of every resample for each per-sentence count matrix, all on the same indices.

    A resample's confusion counts are weights @ per_sentence, where weights[b, i] is how often
    sentence i was drawn in resample b: one bincount and one matrix product per chunk instead
    of thousands of sklearn calls.
    """
    n = per_sentence[0].shape[0]
    out = [np.empty(n_resamples) for _ in per_sentence]
    start = 0
    for idx in _bootstrap_indices(n, n_resamples, rng):
        size = idx.shape[0]
        offsets = (np.arange(size, dtype=np.int64) * n)[:, None]
        weights = np.bincount((idx + offsets).ravel(), minlength=size * n).reshape(size, n)
        weights = weights.astype(np.float64)
        for dist, counts in zip(out, per_sentence, strict=True):
            dist[start : start + size] = _macro_f1_from_counts(weights @ counts)
        start += size
    return out


def _percentile_interval(dist: np.ndarray, confidence: float) -> tuple[float, float]:
    tail = (1.0 - confidence) / 2.0
    low, high = np.quantile(dist, [tail, 1.0 - tail])
    return float(low), float(high)


def _check_bootstrap_args(n_resamples: int, confidence: float) -> None:
    if n_resamples < 1:
        raise GovtextError(f"n_resamples must be at least 1, got {n_resamples}.")
    if not 0.0 < confidence < 1.0:
        raise GovtextError(f"confidence must be between 0 and 1, got {confidence}.")
