"""govtext.learning.models and features: a config becomes one scikit-learn Pipeline."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.utils.estimator_checks import (
    check_get_params_invariance,
    check_no_attributes_set_in_init,
    check_parameters_default_constructible,
)

from govtext.errors import GovtextError
from govtext.learning.config import load_config, parse_config
from govtext.learning.models import build_pipeline
from govtext.rules import CueFeatures, RuleClassifier
from govtext.text import Segmenter

PROJECT = Path(__file__).resolve().parents[2]
TINY = pd.read_csv(Path(__file__).resolve().parents[1] / "fixtures" / "tiny_sentences.csv")
CONFIGS = sorted((PROJECT / "experiments").glob("*.toml"))


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.stem)
def test_every_shipped_config_builds_a_pipeline_that_fits_and_predicts(path):
    pipeline = build_pipeline(load_config(path))
    pipeline.fit(TINY["text"], TINY["label"])
    predicted = pipeline.predict(np.array(["Huyện đề nghị tỉnh hỗ trợ vốn.", "T/h: An"]))
    assert len(predicted) == 2
    assert set(predicted) <= set(TINY["label"])


def test_one_letter_syllables_are_features():
    config = parse_config({"name": "x", "model": {"kind": "logreg"}}, "x")
    texts = [*TINY["text"], "Ở xã, ý kiến cử tri tăng 2 %."]
    pipeline = build_pipeline(config).fit(texts, [*TINY["label"], "other"])
    vocabulary = pipeline.named_steps["tfidf"].vocabulary_
    assert {"%", "2", "ở"} <= set(vocabulary)


def test_unknown_estimator_parameter_is_an_error():
    config = parse_config({"name": "x", "model": {"kind": "linearsvc", "params": {"CC": 1}}}, "x")
    with pytest.raises(GovtextError, match="model.params.CC is not a parameter of LinearSVC"):
        build_pipeline(config)


def test_seed_reaches_the_estimator_and_clones_are_equal():
    config = parse_config({"name": "x", "seed": 42, "model": {"kind": "sgd"}}, "x")
    pipeline = build_pipeline(config)
    assert pipeline.named_steps["classify"].random_state == 42
    first = clone(pipeline).fit(TINY["text"], TINY["label"]).predict(TINY["text"])
    second = clone(pipeline).fit(TINY["text"], TINY["label"]).predict(TINY["text"])
    assert list(first) == list(second)


@pytest.mark.parametrize("estimator", [Segmenter(), RuleClassifier(), CueFeatures()])
def test_custom_pieces_follow_the_scikit_learn_parameter_contract(estimator):
    name = type(estimator).__name__
    check_parameters_default_constructible(name, clone(estimator))
    check_no_attributes_set_in_init(name, clone(estimator))
    check_get_params_invariance(name, clone(estimator))
