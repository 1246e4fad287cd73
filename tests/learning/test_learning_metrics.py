"""govtext.learning.metrics: scores, confusion, bootstrap intervals, paired bootstrap, pooled repeats."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from sklearn.metrics import f1_score

from govtext.errors import GovtextError
from govtext.labels import ALL_LABELS, TASK_LABELS
from govtext.learning.metrics import (
    bootstrap_interval,
    confusion,
    evaluate_predictions,
    misclassified,
    paired_bootstrap,
    scores,
)
from govtext.learning.protocols import choose_protocol, cross_val_predictions
from miniature import ACH, INS, LABELS, LIM, OTH, REQ, TEXTS, tfidf_logreg


def noisy_predictions(y, accuracy, seed):
    """Predictions that are right with probability ``accuracy`` and a random label otherwise."""
    rng = np.random.default_rng(seed)
    y = np.asarray(y, dtype=object)
    random_labels = rng.choice(np.array(ALL_LABELS, dtype=object), size=len(y))
    return np.where(rng.random(len(y)) < accuracy, y, random_labels)


def random_gold(n, seed):
    rng = np.random.default_rng(seed)
    return rng.choice(np.array(ALL_LABELS, dtype=object), size=n, p=[0.3, 0.1, 0.1, 0.45, 0.05])


# --------------------------------------------------------------------------- scores


def test_macro_f1_by_hand_ignores_other_as_a_class_but_counts_other_predictions_as_errors():
    gold = [ACH, ACH, LIM, REQ, INS, OTH]
    pred = [ACH, OTH, LIM, INS, INS, ACH]
    # achievement: tp 1, 2 gold, 2 predicted -> 2*1/(2+2) = 1/2 (the 'other' prediction is a miss)
    # limitation: 1;  request: 0 (missed);  instruction: tp 1, 1 gold, 2 predicted -> 2/3
    result = scores(gold, pred)
    assert result["macro_f1"] == pytest.approx((1 / 2 + 1 + 0 + 2 / 3) / 4)  # 13/24
    assert result["accuracy"] == pytest.approx(3 / 6)
    assert result["f1_achievement"] == pytest.approx(0.5)
    assert result["recall_achievement"] == pytest.approx(0.5)
    assert result["precision_instruction"] == pytest.approx(0.5)
    assert result["f1_other"] == 0.0
    assert result["support_request"] == 1 and result["support_other"] == 1


def test_correct_other_sentences_change_accuracy_but_not_macro_f1():
    gold, pred = [ACH, LIM, REQ, INS], [ACH, LIM, INS, INS]
    base = scores(gold, pred)
    more = scores([*gold, OTH, OTH, OTH, OTH], [*pred, OTH, OTH, OTH, OTH])
    assert more["macro_f1"] == pytest.approx(base["macro_f1"])
    assert more["accuracy"] > base["accuracy"]
    assert more["f1_other"] == 1.0


def test_predicting_other_for_every_task_sentence_scores_zero():
    assert scores([ACH, LIM, REQ, INS], [OTH, OTH, OTH, OTH])["macro_f1"] == 0.0


def test_scores_match_sklearn_and_are_plain_python_numbers():
    gold = random_gold(300, seed=1)
    pred = noisy_predictions(gold, 0.6, seed=2)
    result = scores(gold, pred)
    expected = f1_score(gold, pred, labels=list(TASK_LABELS), average="macro", zero_division=0)
    assert result["macro_f1"] == pytest.approx(expected)
    for label in ALL_LABELS:
        for metric in ("precision", "recall", "f1"):
            assert type(result[f"{metric}_{label}"]) is float
        assert type(result[f"support_{label}"]) is int
    assert type(result["macro_f1"]) is float and type(result["accuracy"]) is float
    assert sum(result[f"support_{label}"] for label in ALL_LABELS) == 300


def test_unknown_labels_and_length_mismatch_are_user_errors():
    with pytest.raises(GovtextError, match="'achievment'"):
        scores([ACH, "achievment"], [ACH, ACH])
    with pytest.raises(GovtextError, match="2 labels but y_pred has 3"):
        scores([ACH, LIM], [ACH, LIM, REQ])
    with pytest.raises(GovtextError, match="empty"):
        scores([], [])


def test_confusion_rows_are_gold_and_columns_predicted():
    frame = confusion([ACH, ACH, LIM, OTH], [ACH, OTH, REQ, OTH])
    assert list(frame.index) == list(ALL_LABELS) and list(frame.columns) == list(ALL_LABELS)
    assert frame.loc[ACH, ACH] == 1 and frame.loc[ACH, OTH] == 1 and frame.loc[LIM, REQ] == 1
    assert frame.loc[OTH, OTH] == 1 and frame.to_numpy().sum() == 4
    assert frame.index.name == "gold" and frame.columns.name == "predicted"


def test_misclassified_keeps_input_order_and_original_rows():
    frame = misclassified(["s0", "s1", "s2", "s3"], [ACH, LIM, REQ, INS], [ACH, OTH, REQ, LIM])
    assert list(frame.columns) == ["row", "text", "label", "predicted"]
    assert frame["row"].tolist() == [1, 3]
    assert frame["text"].tolist() == ["s1", "s3"]
    assert frame["label"].tolist() == [LIM, INS] and frame["predicted"].tolist() == [OTH, LIM]
    assert misclassified(["s0"], [ACH], [ACH]).empty
    with pytest.raises(GovtextError, match="texts"):
        misclassified(["s0"], [ACH, LIM], [ACH, LIM])


# --------------------------------------------------------------------------- bootstrap


def _macro_f1(gold, pred) -> float:
    return f1_score(gold, pred, labels=list(TASK_LABELS), average="macro", zero_division=0)


def _scipy_interval(statistic, n, n_resamples, confidence, seed, batch=None):
    """scipy's own percentile bootstrap over sentence indices: an independent implementation
    (it draws its resamples from the same seeded generator, ``batch`` at a time)."""
    result = stats.bootstrap(
        (np.arange(n),), lambda idx, axis=-1: np.array([statistic(i) for i in np.atleast_2d(idx)]),
        n_resamples=n_resamples, confidence_level=confidence, method="percentile",
        vectorized=True, batch=batch, rng=np.random.default_rng(seed),
    )  # fmt: skip
    return result.confidence_interval.low, result.confidence_interval.high


def test_bootstrap_interval_is_scipys_percentile_bootstrap():
    gold = np.array([ACH, ACH, ACH, LIM, REQ, INS, INS, INS, INS, OTH] * 4, dtype=object)
    pred = np.array([ACH, LIM, ACH, OTH, REQ, INS, ACH, INS, INS, OTH] * 4, dtype=object)
    expected = _scipy_interval(lambda i: _macro_f1(gold[i], pred[i]), len(gold), 500, 0.9, 7)
    low, high = bootstrap_interval(gold, pred, n_resamples=500, confidence=0.9, random_state=7)
    assert (low, high) == pytest.approx(expected, abs=1e-12)


def test_bootstrap_interval_is_scipys_on_a_set_resampled_in_several_chunks():
    n, n_resamples = 1150, 2000  # more than one chunk of a million indices
    gold = random_gold(n, seed=3)
    pred = noisy_predictions(gold, 0.7, seed=4)
    chunk = 1_000_000 // n
    expected = _scipy_interval(lambda i: _macro_f1(gold[i], pred[i]), n, n_resamples, 0.95, 0,
                               batch=chunk)  # fmt: skip
    assert bootstrap_interval(gold, pred, n_resamples=n_resamples) == pytest.approx(
        expected, abs=1e-12
    )


def test_bootstrap_interval_on_two_sentences_worked_by_hand():
    # gold (achievement, limitation), predicted (achievement, achievement). A resample is
    # {0, 0} (p 1/4): F1 achievement 1, the three other task labels 0 -> macro 0.25;
    # {1, 1} (p 1/4): nothing right -> 0; {0, 1} or {1, 0} (p 1/2): F1 achievement 2/3 -> 1/6.
    # The 2.5% and 97.5% quantiles of that distribution are 0 and 0.25.
    assert bootstrap_interval([ACH, LIM], [ACH, ACH], n_resamples=2000) == (0.0, 0.25)


def test_paired_bootstrap_interval_is_scipys_paired_percentile_bootstrap():
    gold = random_gold(120, seed=20)
    a = noisy_predictions(gold, 0.8, seed=21)
    b = noisy_predictions(gold, 0.6, seed=22)
    expected = _scipy_interval(
        lambda i: _macro_f1(gold[i], a[i]) - _macro_f1(gold[i], b[i]), len(gold), 400, 0.95, 5
    )
    result = paired_bootstrap(gold, a, b, n_resamples=400, random_state=5)
    assert (result["low"], result["high"]) == pytest.approx(expected, abs=1e-12)


def test_bootstrap_interval_contains_the_point_estimate_and_is_deterministic():
    gold = random_gold(200, seed=5)
    pred = noisy_predictions(gold, 0.7, seed=6)
    low, high = bootstrap_interval(gold, pred)
    assert low < scores(gold, pred)["macro_f1"] < high
    assert bootstrap_interval(gold, pred) == (low, high)
    assert bootstrap_interval(gold, pred, random_state=1) != (low, high)
    assert isinstance(low, float) and isinstance(high, float)


def test_bootstrap_arguments_are_checked():
    with pytest.raises(GovtextError, match="confidence"):
        bootstrap_interval([ACH], [ACH], confidence=95)
    with pytest.raises(GovtextError, match="n_resamples"):
        bootstrap_interval([ACH], [ACH], n_resamples=0)


# --------------------------------------------------------------------------- paired bootstrap


def test_paired_bootstrap_of_identical_predictions_is_zero_and_not_significant():
    gold = random_gold(100, seed=10)
    pred = noisy_predictions(gold, 0.7, seed=11)
    result = paired_bootstrap(gold, pred, pred)
    assert result["difference"] == 0.0
    assert result["low"] == 0.0 and result["high"] == 0.0
    assert result["significant"] is False
    assert result["p_value"] == 1.0
    assert result["verdict"].startswith("no clear difference")
    assert "includes 0" in result["verdict"]


def test_paired_bootstrap_finds_a_clearly_better_predictor_on_200_sentences():
    gold = random_gold(200, seed=12)
    good = noisy_predictions(gold, 0.9, seed=13)
    bad = noisy_predictions(gold, 0.4, seed=14)
    result = paired_bootstrap(gold, good, bad)
    assert result["significant"] is True
    assert 0 < result["low"] <= result["difference"] <= result["high"]
    assert result["p_value"] < 0.01
    assert result["difference"] == pytest.approx(
        scores(gold, good)["macro_f1"] - scores(gold, bad)["macro_f1"]
    )
    assert result["verdict"].startswith("a is better than b")
    assert "95% interval of the difference" in result["verdict"]
    assert "excludes 0" in result["verdict"]
    swapped = paired_bootstrap(gold, bad, good)
    assert swapped["significant"] is True and swapped["verdict"].startswith("b is better than a")
    assert paired_bootstrap(gold, good, bad) == result


def test_paired_bootstrap_of_close_predictors_on_a_tiny_set_is_not_significant():
    result = paired_bootstrap(LABELS, LABELS[:-1] + [ACH], LABELS[:2] + [LIM] + LABELS[3:])
    assert result["significant"] is False
    assert result["low"] <= 0 <= result["high"]


# --------------------------------------------------------------------------- evaluate_predictions


def test_evaluate_predictions_pools_the_repeats():
    gold = [ACH, ACH, LIM, REQ, INS, OTH]
    repeats = [
        [ACH, OTH, LIM, INS, INS, ACH],
        [ACH, ACH, LIM, REQ, INS, OTH],
        [OTH, OTH, OTH, OTH, OTH, OTH],
    ]
    result = evaluate_predictions(gold, repeats, n_resamples=200)
    per_repeat = [scores(gold, p) for p in repeats]
    macro = [s["macro_f1"] for s in per_repeat]
    assert result["macro_f1"] == pytest.approx(np.mean(macro))
    assert result["macro_f1_std"] == pytest.approx(np.std(macro))
    assert result["accuracy"] == pytest.approx(np.mean([s["accuracy"] for s in per_repeat]))
    assert result["support_achievement"] == 2 and type(result["support_achievement"]) is int
    expected_confusion = sum(confusion(gold, p) for p in repeats)
    pd.testing.assert_frame_equal(result["confusion"], expected_confusion)
    assert result["n_repeats"] == 3 and result["n_sentences"] == 6
    assert result["macro_f1_low"] <= result["macro_f1_high"]


def test_evaluate_predictions_interval_resamples_sentences_not_pooled_rows():
    gold = random_gold(150, seed=15)
    pred = noisy_predictions(gold, 0.7, seed=16)
    single = evaluate_predictions(gold, [pred])
    assert (single["macro_f1_low"], single["macro_f1_high"]) == bootstrap_interval(gold, pred)
    assert single["macro_f1_std"] == 0.0
    # Three identical repeats add no evidence, so the interval must not narrow.
    tripled = evaluate_predictions(gold, [pred, pred, pred])
    assert tripled["macro_f1_low"] == pytest.approx(single["macro_f1_low"])
    assert tripled["macro_f1_high"] == pytest.approx(single["macro_f1_high"])


def test_evaluate_predictions_end_to_end_is_deterministic():
    protocol = choose_protocol(LABELS)
    runs = [
        evaluate_predictions(LABELS, cross_val_predictions(tfidf_logreg(), TEXTS, LABELS, protocol))
        for _ in range(2)
    ]
    confusions = [run.pop("confusion") for run in runs]
    assert runs[0] == runs[1]
    pd.testing.assert_frame_equal(confusions[0], confusions[1])
    assert runs[0]["macro_f1_low"] <= runs[0]["macro_f1"] <= runs[0]["macro_f1_high"]


def test_evaluate_predictions_rejects_a_bare_prediction_list():
    with pytest.raises(GovtextError, match="one prediction array per repeat"):
        evaluate_predictions([ACH, LIM], [ACH, LIM])
    with pytest.raises(GovtextError, match="one per repeat"):
        evaluate_predictions([ACH, LIM], [])
    with pytest.raises(GovtextError, match=r"predictions_per_repeat\[1\] has 1"):
        evaluate_predictions([ACH, LIM], [[ACH, LIM], [ACH]])
