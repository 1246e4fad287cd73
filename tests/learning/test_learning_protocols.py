"""govtext.learning.protocols: cross-validation protocols and out-of-fold predictions."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.dummy import DummyClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import make_pipeline

from govtext.errors import GovtextError
from govtext.labels import ALL_LABELS
from govtext.learning.protocols import Protocol, choose_protocol, cross_val_predictions
from miniature import ACH, INS, LABELS, LIM, OTH, REQ, TEXTS, tfidf_logreg


class SeedEcho(ClassifierMixin, BaseEstimator):
    """Predicts its own random_state, to see which seed each fold was fitted with."""

    def __init__(self, random_state=None):
        self.random_state = random_state

    def fit(self, X, y):
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.array([f"seed{self.random_state}"] * X.shape[0], dtype=object)


class TextEcho(ClassifierMixin, BaseEstimator):
    """Predicts the input text itself, to see that each sentence gets its own prediction."""

    def fit(self, X, y):
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=object)


class Memoriser(ClassifierMixin, BaseEstimator):
    """Returns the training label of a sentence it has seen, else ``other``: exposes leakage."""

    def fit(self, X, y):
        self.memory_ = dict(zip(X, y, strict=True))
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.array([self.memory_.get(x, OTH) for x in X], dtype=object)


# --------------------------------------------------------------------------- protocols


SEED_COUNTS = [INS] * 12 + [ACH] * 8 + [REQ] * 2 + [LIM] * 2 + [OTH] * 2


def test_auto_protocol_on_the_seed_is_2_fold_stratified_repeated():
    protocol = choose_protocol(SEED_COUNTS)
    assert (protocol.name, protocol.n_splits, protocol.n_repeats) == ("stratified-kfold", 2, 3)
    assert protocol.seeds == (0, 1, 2)
    assert protocol.description.startswith(
        "2-fold stratified cross-validation repeated 3 times (seeds 0..2), 26 sentences"
    )
    assert "smallest class" in protocol.description


def test_auto_protocol_uses_the_requested_folds_when_classes_are_big_enough():
    protocol = choose_protocol([ACH] * 6 + [INS] * 7, folds=5, repeats=1, random_state=4)
    assert (protocol.n_splits, protocol.n_repeats, protocol.seeds) == (5, 1, (4,))
    assert protocol.description == "5-fold stratified cross-validation (seed 4), 13 sentences"


def test_auto_protocol_with_a_one_example_class_is_leave_one_out():
    protocol = choose_protocol([INS] * 12 + [ACH] * 8 + [REQ])
    assert (protocol.name, protocol.n_splits, protocol.n_repeats) == ("loo", 21, 1)
    assert "request has 1" in protocol.description
    assert choose_protocol([INS] * 5).name == "loo"


def test_explicit_protocol_that_the_labels_cannot_meet_is_a_user_error():
    with pytest.raises(
        GovtextError, match=r"'request' has 1.*class 'request' or use protocol='loo'"
    ):
        choose_protocol([INS] * 12 + [ACH] * 8 + [REQ], protocol="stratified-kfold")
    with pytest.raises(GovtextError, match="at least 2 classes"):
        choose_protocol([INS] * 5, protocol="stratified-kfold")
    with pytest.raises(GovtextError, match="cannot cross-validate 0"):
        choose_protocol([])
    with pytest.raises(GovtextError, match="unknown protocol"):
        choose_protocol(SEED_COUNTS, protocol="kfold")
    with pytest.raises(GovtextError, match="needs groups"):
        choose_protocol(SEED_COUNTS, protocol="grouped")
    with pytest.raises(GovtextError, match="at least 2 groups"):
        choose_protocol(SEED_COUNTS, protocol="grouped", groups=["a"] * 26)
    assert choose_protocol(SEED_COUNTS, protocol="stratified-kfold").n_splits == 2
    assert choose_protocol(SEED_COUNTS, protocol="loo").n_splits == 26


@pytest.mark.parametrize("labels", [SEED_COUNTS, [INS] * 12 + [ACH] * 8 + [REQ]])
def test_splits_partition_the_sentences_in_every_repeat(labels):
    protocol = choose_protocol(labels)
    folds = list(protocol.splits(labels))
    assert len(folds) == protocol.n_splits * protocol.n_repeats
    per_repeat = [folds[r : r + protocol.n_splits] for r in range(0, len(folds), protocol.n_splits)]
    for repeat in per_repeat:
        tested = np.sort(np.concatenate([test for _, test in repeat]))
        assert tested.tolist() == list(range(len(labels)))
        for train, test in repeat:
            assert not set(train) & set(test)
    if protocol.n_repeats > 1:
        assert not np.array_equal(per_repeat[0][0][1], per_repeat[1][0][1])


def test_grouped_protocol_never_puts_a_group_on_both_sides():
    labels = [INS, ACH, INS, ACH, REQ, INS, LIM, INS, ACH, REQ, LIM, OTH] * 2
    groups = np.repeat(np.arange(8), 3)  # 8 articles of 3 sentences
    protocol = choose_protocol(labels, protocol="grouped", groups=groups, folds=4)
    assert protocol.name == "grouped" and protocol.n_splits == 4
    for train, test in protocol.splits(labels, groups):
        assert not set(groups[train]) & set(groups[test])
    predictions = cross_val_predictions(
        DummyClassifier(), TEXTS + TEXTS[:8], labels, protocol, groups=groups
    )
    assert len(predictions) == 3 and all(len(p) == 24 for p in predictions)


def test_protocol_checks_its_inputs():
    protocol = choose_protocol(SEED_COUNTS)
    with pytest.raises(GovtextError, match="chosen for 26 sentences but got 3"):
        list(protocol.splits([INS, ACH, REQ]))
    with pytest.raises(GovtextError, match="unknown protocol"):
        Protocol("holdout", 2, 1, "")
    assert len(list(Protocol("loo", 4, 1, "").splits(4))) == 4


# --------------------------------------------------------------------------- cross-validation


def test_out_of_fold_predictions_cover_every_sentence_once_per_repeat():
    protocol = choose_protocol(LABELS)
    predictions = cross_val_predictions(TextEcho(), TEXTS, LABELS, protocol)
    assert len(predictions) == protocol.n_repeats == 3
    for pred in predictions:
        assert pred.tolist() == TEXTS


def test_no_sentence_is_predicted_by_a_model_that_saw_it():
    for protocol in (choose_protocol(LABELS), choose_protocol(LABELS, protocol="loo")):
        for pred in cross_val_predictions(Memoriser(), TEXTS, LABELS, protocol):
            assert set(pred.tolist()) == {OTH}


def test_each_repeat_fits_with_its_own_seed_also_inside_a_pipeline():
    protocol = choose_protocol(LABELS, random_state=10)
    bare = cross_val_predictions(SeedEcho(random_state=99), TEXTS, LABELS, protocol)
    nested = make_pipeline(TfidfVectorizer(token_pattern=r"\S+"), SeedEcho())
    in_pipeline = cross_val_predictions(nested, TEXTS, LABELS, protocol)
    for preds in (bare, in_pipeline):
        assert [set(p.tolist()) for p in preds] == [{"seed10"}, {"seed11"}, {"seed12"}]


def test_cross_validated_pipeline_is_deterministic():
    protocol = choose_protocol(LABELS)
    model = make_pipeline(
        TfidfVectorizer(token_pattern=r"\S+"),
        DummyClassifier(strategy="stratified"),
    )
    first = cross_val_predictions(model, TEXTS, LABELS, protocol)
    second = cross_val_predictions(model, TEXTS, LABELS, protocol)
    assert all(np.array_equal(a, b) for a, b in zip(first, second, strict=True))
    assert not all(np.array_equal(first[0], p) for p in first[1:])  # the repeats differ
    real = cross_val_predictions(tfidf_logreg(), TEXTS, LABELS, protocol)
    assert all(set(p.tolist()) <= set(ALL_LABELS) for p in real)


def test_cross_val_predictions_checks_lengths():
    with pytest.raises(GovtextError, match="3 sentences but 16 labels"):
        cross_val_predictions(DummyClassifier(), TEXTS[:3], LABELS, choose_protocol(LABELS))
