"""govtext.inference.engines: the fast engine is checked against scikit-learn before use and gives the
sklearn engine's labels and scores."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from exported import FIXTURE, SEED_SENTENCES
from govtext.errors import GovtextError
from govtext.inference import load_model
from govtext.inference.fast import NotCompilable


def test_the_fast_engine_gives_the_sklearn_engines_labels_and_scores(exported, tricky_texts):
    texts = pd.read_csv(SEED_SENTENCES, dtype=str, keep_default_na=False)["text"].tolist()
    texts += pd.read_csv(FIXTURE, dtype=str, keep_default_na=False)["text"].tolist() + tricky_texts
    sklearn_labels, sklearn_scores = load_model(exported.model_dir).predict_texts(texts)
    fast_labels, fast_scores = load_model(exported.model_dir, "fast").predict_texts(texts, 7)
    assert fast_labels.tolist() == sklearn_labels.tolist()
    np.testing.assert_array_equal(fast_scores, sklearn_scores)


def test_a_model_the_fast_engine_cannot_run_is_a_one_line_error(exported, tmp_path, monkeypatch):
    import govtext.inference.fast

    def refuse(*args, **kwargs):
        raise NotCompilable("segmenter unit 'raw'")

    monkeypatch.setattr(govtext.inference.fast.FastFeatures, "from_parts", refuse)
    with pytest.raises(GovtextError, match="fast engine cannot run.*use --engine sklearn"):
        load_model(exported.model_dir, "fast")


def test_features_that_drift_from_scikit_learns_are_refused(exported, monkeypatch):
    import govtext.inference.fast

    real = govtext.inference.fast.FastFeatures.tfidf

    def drifted(self, *args):
        matrix = real(self, *args)
        matrix.data = matrix.data * 1.001
        return matrix

    monkeypatch.setattr(govtext.inference.fast.FastFeatures, "tfidf", drifted)
    with pytest.raises(GovtextError, match="features differ from scikit-learn"):
        load_model(exported.model_dir, "fast")
