"""Cross-validation protocols for a tiny, imbalanced dataset, and out-of-fold predictions.

``choose_protocol`` picks what the labels allow (stratified k-fold, leave-one-out, or grouped by
report); ``out_of_fold_fits`` fits a fresh clone of a model for every fold, so the experiment
runner and the notebooks' error analysis see the very same folds and seeds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.base import clone
from sklearn.model_selection import (
    GroupKFold,
    LeaveOneOut,
    StratifiedGroupKFold,
    StratifiedKFold,
)

from govtext.errors import GovtextError
from govtext.learning.metrics import _as_1d

__all__ = [
    "PROTOCOLS",
    "Protocol",
    "choose_protocol",
    "cross_val_predictions",
    "out_of_fold_fits",
]

PROTOCOLS: tuple[str, ...] = ("auto", "stratified-kfold", "loo", "grouped")


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


def out_of_fold_fits(
    estimator: Any, X: Sequence[str], y: Sequence[str], protocol: Protocol, **options: Any
) -> Iterator[tuple[int, np.ndarray, Any]]:
    """``(repeat, test_idx, model)`` for every fold of every repeat: ``model`` is a fresh clone
    of ``estimator`` fitted on the fold's training part. ``options``: ``groups`` (for a grouped
    protocol), ``extra_X``/``extra_y`` (join every training fold, never predicted).

    Every ``random_state`` parameter the clone has (also inside a Pipeline, e.g.
    ``logisticregression__random_state``) is set to the repeat's seed, so results are
    deterministic yet the repeats differ.
    """
    samples = _as_samples(X)
    labels = _as_1d(y, "y")
    extra_X, extra_y = options.get("extra_X", ()), options.get("extra_y", ())
    extra_samples = _as_samples(extra_X) if len(extra_X) else np.empty(0, dtype=object)
    extra_labels = np.asarray(list(extra_y), dtype=object)
    for repeat, train, test in _repeat_splits(protocol, labels, options.get("groups")):
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
        yield repeat, test, model


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

    The estimator is cloned and fitted afresh for every fold (``out_of_fold_fits``), with the
    repeat's seed in every ``random_state``.
    """
    samples = _as_samples(X)
    labels = _as_1d(y, "y")
    if len(samples) != len(labels):
        raise GovtextError(
            f"cross_val_predictions: got {len(samples)} sentences but {len(labels)} labels; "
            "pass one label per sentence."
        )
    if len(extra_X) != len(extra_y):
        raise GovtextError("cross_val_predictions: extra_X and extra_y differ in length.")
    n = len(labels)
    predictions = [np.empty(n, dtype=object) for _ in range(protocol.n_repeats)]
    times_predicted = np.zeros((protocol.n_repeats, n), dtype=np.int64)
    folds = out_of_fold_fits(
        estimator, samples, labels, protocol, groups=groups, extra_X=extra_X, extra_y=extra_y
    )
    for repeat, test, model in folds:
        predictions[repeat][test] = np.asarray(model.predict(samples[test]), dtype=object)
        times_predicted[repeat, test] += 1
    if not np.all(times_predicted == 1):
        # A splitter bug, not a user error: fail loudly rather than score missing predictions.
        raise RuntimeError(f"{protocol.name}: some sentences were not predicted exactly once")
    return predictions


def _as_samples(X: Sequence[str]) -> np.ndarray:
    # Raw sentences (the project's case) become an object array of Python str, which numpy
    # fancy indexing and every text vectoriser accept; a 2-D feature matrix keeps its dtype.
    arr = np.asarray(X, dtype=object)
    return arr if arr.ndim == 1 else np.asarray(X)


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
