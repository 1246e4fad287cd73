"""govtext.inference.engines: the fast engine is checked against scikit-learn before use and gives the
sklearn engine's labels and scores."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from exported import FIXTURE, SEED_SENTENCES, exported_default_model
from govtext.errors import GovtextError
from govtext.inference import load_model
from govtext.inference.engines import FAST_PROBES
from govtext.inference.fast import NotCompilable

TRICKY = [
    *FAST_PROBES,
    "Tổng thu ngân sách đạt 142,6 tỷ đồng, đạt 116,6 % so với dự toán.",
    "TP. Hồ Chí Minh, PGS.TS. Trần B: “Phải làm tốt!”... (Ảnh: T/h)",
    "a.b.c ,, .5 5. -x- x_y __ — … 1.234.567 08/7/2020 839-KL/TU",
    "Huyện \x00 có ký tự lạ",  # the fast path's own separator, inside a text
    "   ",
    "ở ý à",
    "Ⅻ ² ½ ǅ İstanbul ΣΑΣ",  # numerals, title case, a final sigma, a two-character lower case
    "emoji 😀 ở cuối 𝒜",
]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    return exported_default_model(tmp_path_factory)


def test_the_fast_engine_gives_the_sklearn_engines_labels_and_scores(exported):
    texts = pd.read_csv(SEED_SENTENCES, dtype=str, keep_default_na=False)["text"].tolist()
    texts += pd.read_csv(FIXTURE, dtype=str, keep_default_na=False)["text"].tolist() + TRICKY
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

    def drifted(self, texts):
        matrix = real(self, texts)
        matrix.data = matrix.data * 1.001
        return matrix

    monkeypatch.setattr(govtext.inference.fast.FastFeatures, "tfidf", drifted)
    with pytest.raises(GovtextError, match="features differ from scikit-learn"):
        load_model(exported.model_dir, "fast")
