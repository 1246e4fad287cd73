"""Evaluation on a tiny, imbalanced dataset: metrics, bootstrap intervals, CV protocols.

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
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support
from sklearn.model_selection import (
    GroupKFold,
    LeaveOneOut,
    StratifiedGroupKFold,
    StratifiedKFold,
)

from govtext.errors import GovtextError
from govtext.labels import ALL_LABELS, TASK_LABELS

__all__ = [
    "PROTOCOLS",
    "Protocol",
    "bootstrap_interval",
    "choose_protocol",
    "confusion",
    "cross_val_predictions",
    "evaluate_predictions",
    "misclassified",
    "paired_bootstrap",
    "scores",
]

PROTOCOLS: tuple[str, ...] = ("auto", "stratified-kfold", "loo", "grouped")

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


# --------------------------------------------------------------------------- protocols


@dataclass(frozen=True)
class Protocol:
    """How to cross-validate: which splitter, how many folds and repeats, from which seed.

    ``name`` is ``"stratified-kfold"``, ``"loo"`` or ``"grouped"``. Repeat ``r`` uses seed
    ``random_state + r`` both for the split and for the estimator. ``n_samples``, when set,
    is checked against the labels given to ``splits``. ``stratify`` only matters for
    ``"grouped"``: keep class proportions across folds (StratifiedGroupKFold) or only keep
    groups apart (GroupKFold) when a class is too small to stratify.
    """

    name: str
    n_splits: int
    n_repeats: int
    description: str
    random_state: int = 0
    n_samples: int | None = None
    stratify: bool = True

    def __post_init__(self) -> None:
        if self.name not in PROTOCOLS[1:]:
            raise GovtextError(
                f"unknown protocol {self.name!r}; use one of {', '.join(PROTOCOLS[1:])}."
            )
        if self.n_repeats < 1 or (self.name != "loo" and self.n_splits < 2):
            raise GovtextError(
                f"protocol {self.name!r} needs n_splits >= 2 and n_repeats >= 1, got "
                f"n_splits={self.n_splits}, n_repeats={self.n_repeats}."
            )

    @property
    def seeds(self) -> tuple[int, ...]:
        """The seed of each repeat."""
        return tuple(self.random_state + r for r in range(self.n_repeats))

    def splits(
        self, y: Sequence[str] | int, groups: Sequence[object] | None = None
    ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Yield ``(train_idx, test_idx)`` for every fold of every repeat, repeat by repeat.

        ``y`` is the labels (an int number of sentences is enough for ``"loo"``); ``groups``
        (e.g. the article id of each sentence) is required for ``"grouped"``.
        """
        for _, train, test in _repeat_splits(self, y, groups):
            yield train, test


def choose_protocol(
    y: Sequence[str],
    *,
    folds: int = 5,
    repeats: int = 3,
    random_state: int = 0,
    protocol: str = "auto",
    groups: Sequence[object] | None = None,
) -> Protocol:
    """Pick the cross-validation protocol the labels allow.

    ``"auto"``: stratified k-fold with k = min(folds, smallest class count), repeated
    ``repeats`` times with seeds ``random_state .. random_state + repeats - 1``, when every
    class has at least 2 sentences and there are at least 2 classes; otherwise leave-one-out
    (deterministic, so one repeat). ``"stratified-kfold"`` follows the same k rule but raises
    GovtextError instead of falling back. ``"loo"`` is leave-one-out. ``"grouped"`` keeps each
    group (e.g. article) on one side of every split: stratified by class when the smallest
    class has at least k sentences, else grouped only.

    >>> p = choose_protocol(["request"] * 2 + ["instruction"] * 12)
    >>> p.name, p.n_splits, p.n_repeats
    ('stratified-kfold', 2, 3)
    >>> p.description.split(";")[0]
    '2-fold stratified cross-validation repeated 3 times (seeds 0..2), 14 sentences'
    """
    if protocol not in PROTOCOLS:
        raise GovtextError(f"unknown protocol {protocol!r}; use one of {', '.join(PROTOCOLS)}.")
    if folds < 2:
        raise GovtextError(f"folds must be at least 2, got {folds}.")
    if repeats < 1:
        raise GovtextError(f"repeats must be at least 1, got {repeats}.")
    labels = _as_1d(y, "y")
    n = len(labels)
    if n < 2:
        raise GovtextError(
            f"cannot cross-validate {n} labelled sentence{'s' if n != 1 else ''}; "
            "label at least 2 (and in practice many more)."
        )
    counts = Counter(labels.tolist())
    smallest_label, smallest = min(counts.items(), key=lambda kv: (kv[1], str(kv[0])))
    too_small = sorted((str(k), c) for k, c in counts.items() if c < 2)
    seeds = _seed_text(random_state, repeats)

    if protocol == "grouped":
        return _grouped_protocol(labels, groups, folds, repeats, random_state, counts)

    stratifiable = len(counts) >= 2 and not too_small
    if protocol == "loo" or (protocol == "auto" and not stratifiable):
        if protocol == "loo":
            why = ""
        elif len(counts) < 2:
            why = f"; chosen because there is only one class ({smallest_label})"
        else:
            names = ", ".join(f"{k} has {c}" for k, c in too_small)
            why = f"; chosen because a class is too small to stratify ({names})"
        return Protocol(
            name="loo",
            n_splits=n,
            n_repeats=1,
            description=f"leave-one-out cross-validation, {n} sentences ({n} fits){why}",
            random_state=random_state,
            n_samples=n,
        )

    if not stratifiable:  # explicit "stratified-kfold"
        if len(counts) < 2:
            raise GovtextError(
                f"stratified k-fold needs at least 2 classes, but every sentence is "
                f"{smallest_label!r} ({smallest}); label sentences of the other classes "
                "or use protocol='loo'."
            )
        names = ", ".join(f"{k!r} has {c}" for k, c in too_small)
        fix = " and ".join(repr(k) for k, _ in too_small)
        raise GovtextError(
            f"stratified k-fold needs at least 2 sentences of every class, but {names}; "
            f"label more sentences of class {fix} or use protocol='loo'."
        )
    k = min(folds, smallest)
    why = (
        f"; k = {k} because the smallest class ({smallest_label}) has {smallest} sentences"
        if k < folds
        else ""
    )
    return Protocol(
        name="stratified-kfold",
        n_splits=k,
        n_repeats=repeats,
        description=f"{k}-fold stratified cross-validation {seeds}, {n} sentences{why}",
        random_state=random_state,
        n_samples=n,
    )


def cross_val_predictions(
    estimator: object,
    X: Sequence[str],
    y: Sequence[str],
    protocol: Protocol,
    *,
    groups: Sequence[object] | None = None,
    extra_X: Sequence[str] = (),
    extra_y: Sequence[str] = (),
) -> list[np.ndarray]:
    """Out-of-fold predictions: one array per repeat, every sentence predicted once per repeat.

    ``extra_X``/``extra_y`` (e.g. weak labels of an unlabelled corpus, or another labelled
    set) join every training fold and are never predicted or scored.

    The estimator is cloned and fitted afresh for every fold. Every ``random_state`` parameter
    it has (also inside a Pipeline, e.g. ``logisticregression__random_state``) is set to the
    repeat's seed, so results are deterministic yet the repeats differ.
    """
    samples = _as_samples(X)
    labels = _as_1d(y, "y")
    if len(samples) != len(labels):
        raise GovtextError(
            f"cross_val_predictions: got {len(samples)} sentences but {len(labels)} labels; "
            "pass one label per sentence."
        )
    extra_samples = _as_samples(extra_X) if len(extra_X) else np.empty(0, dtype=object)
    extra_labels = np.asarray(list(extra_y), dtype=object)
    if len(extra_samples) != len(extra_labels):
        raise GovtextError("cross_val_predictions: extra_X and extra_y differ in length.")
    n = len(labels)
    predictions = [np.empty(n, dtype=object) for _ in range(protocol.n_repeats)]
    times_predicted = np.zeros((protocol.n_repeats, n), dtype=np.int64)
    for repeat, train, test in _repeat_splits(protocol, labels, groups):
        model = clone(estimator)
        seed_params = [
            key
            for key in model.get_params(deep=True)
            if key == "random_state" or key.endswith("__random_state")
        ]
        if seed_params:
            model.set_params(**dict.fromkeys(seed_params, protocol.random_state + repeat))
        if len(extra_labels):
            model.fit(
                np.concatenate([samples[train], extra_samples]),
                np.concatenate([labels[train], extra_labels]),
            )
        else:
            model.fit(samples[train], labels[train])
        predictions[repeat][test] = np.asarray(model.predict(samples[test]), dtype=object)
        times_predicted[repeat, test] += 1
    if not np.all(times_predicted == 1):
        # A splitter bug, not a user error: fail loudly rather than score missing predictions.
        raise RuntimeError(f"{protocol.name}: some sentences were not predicted exactly once")
    return predictions


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


def _as_samples(X: Sequence[str]) -> np.ndarray:
    # Raw sentences (the project's case) become an object array of Python str, which numpy
    # fancy indexing and every text vectoriser accept; a 2-D feature matrix keeps its dtype.
    arr = np.asarray(X, dtype=object)
    return arr if arr.ndim == 1 else np.asarray(X)


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


def _seed_text(random_state: int, repeats: int) -> str:
    if repeats == 1:
        return f"(seed {random_state})"
    return f"repeated {repeats} times (seeds {random_state}..{random_state + repeats - 1})"


def _grouped_protocol(
    labels: np.ndarray,
    groups: Sequence[object] | None,
    folds: int,
    repeats: int,
    random_state: int,
    counts: Counter,
) -> Protocol:
    n = len(labels)
    if groups is None:
        raise GovtextError(
            "protocol='grouped' needs groups (e.g. the article id of each sentence); "
            "pass groups=... or use protocol='auto'."
        )
    group_arr = _as_1d(groups, "groups")
    if len(group_arr) != n:
        raise GovtextError(
            f"groups has {len(group_arr)} entries for {n} sentences; pass one group per sentence."
        )
    n_groups = len(set(group_arr.tolist()))
    if n_groups < 2:
        raise GovtextError(
            f"protocol='grouped' needs at least 2 groups, but all {n} sentences are in one; "
            "add sentences from other articles or use protocol='auto'."
        )
    k = min(folds, n_groups)
    smallest_label, smallest = min(counts.items(), key=lambda kv: (kv[1], str(kv[0])))
    stratify = len(counts) >= 2 and smallest >= k
    kind = "stratified group" if stratify else "group"
    notes = []
    if k < folds:
        notes.append(f"k = {k} because there are only {n_groups} groups")
    if not stratify and len(counts) >= 2:
        notes.append(
            f"not stratified because the smallest class ({smallest_label}) has {smallest} "
            f"sentences, fewer than {k}"
        )
    tail = "".join(f"; {note}" for note in notes)
    return Protocol(
        name="grouped",
        n_splits=k,
        n_repeats=repeats,
        description=(
            f"{k}-fold {kind} cross-validation over {n_groups} groups "
            f"{_seed_text(random_state, repeats)}, {n} sentences; no group is on both sides "
            f"of a split{tail}"
        ),
        random_state=random_state,
        n_samples=n,
        stratify=stratify,
    )


def _repeat_splits(
    protocol: Protocol, y: Sequence[str] | int, groups: Sequence[object] | None
) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
    """Yield ``(repeat, train_idx, test_idx)``; empty test folds are skipped."""
    if isinstance(y, int | np.integer):
        if protocol.name != "loo":
            raise GovtextError(f"protocol {protocol.name!r} needs the labels, not just a count.")
        labels = np.empty(int(y), dtype=object)
    else:
        labels = _as_1d(y, "y")
    n = len(labels)
    if protocol.n_samples is not None and n != protocol.n_samples:
        raise GovtextError(
            f"the protocol was chosen for {protocol.n_samples} sentences but got {n}; "
            "call choose_protocol on these labels again."
        )
    placeholder = np.zeros((n, 1))
    if protocol.name == "grouped":
        if groups is None:
            raise GovtextError("protocol 'grouped' needs groups=... (one group per sentence).")
        group_arr = _as_1d(groups, "groups")
        if len(group_arr) != n:
            raise GovtextError(
                f"groups has {len(group_arr)} entries for {n} sentences; "
                "pass one group per sentence."
            )
    for repeat, seed in enumerate(protocol.seeds):
        if protocol.name == "loo":
            folds = LeaveOneOut().split(placeholder)
        elif protocol.name == "stratified-kfold":
            splitter = StratifiedKFold(protocol.n_splits, shuffle=True, random_state=seed)
            folds = splitter.split(placeholder, labels)
        else:
            kind = StratifiedGroupKFold if protocol.stratify else GroupKFold
            splitter = kind(protocol.n_splits, shuffle=True, random_state=seed)
            folds = splitter.split(placeholder, labels, group_arr)
        for train, test in folds:
            if len(test):
                yield repeat, train, test
