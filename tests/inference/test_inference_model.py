"""govtext.inference.model: a model loaded once labels every sentence with a score per label."""

from __future__ import annotations

import numpy as np
import pandas as pd

import govtext.inference.model as model_module
from exported import FIXTURE
from govtext.data import report_rows
from govtext.inference import predict, write_predictions
from govtext.text import normalize
from helpers import REPORT_A


def test_rows_carry_a_label_and_a_score_per_label(model, reports):
    frame = predict(reports, model)
    score_columns = [f"score_{label}" for label in model.labels]
    assert list(frame.columns[-len(score_columns) - 1 :]) == ["label", *score_columns]
    scores = frame[score_columns].to_numpy()
    np.testing.assert_allclose(scores.sum(axis=1), 1.0)  # logistic regression: probabilities
    best = np.array(model.labels)[scores.argmax(axis=1)]
    assert frame["label"].tolist() == best.tolist()
    n_a = len(report_rows("a", normalize(REPORT_A), with_words=False))
    assert frame["doc_id"].tolist() == ["report-a"] * n_a + ["report-b"] * 2  # input order kept


def test_ten_thousand_sentences_load_the_model_once_and_tokenise_once(
    exported, tmp_path, monkeypatch
):
    from govtext.rules import CueFeatures
    from govtext.text import Segmenter

    base = pd.read_csv(FIXTURE, dtype=str, keep_default_na=False)
    big = pd.DataFrame({"text": [f"{t} ({i})" for i, t in enumerate(base["text"].tolist() * 400)]})
    path = tmp_path / "big.csv"
    big.to_csv(path, index=False)
    calls = {"load": 0, "segmented": 0, "cues": 0}
    real_load, real_segment, real_cues = (
        model_module.load_pipeline, Segmenter.transform, CueFeatures.transform,
    )  # fmt: skip

    def load(*args, **kwargs):
        calls["load"] += 1
        return real_load(*args, **kwargs)

    def segment(self, X):
        calls["segmented"] += len(X)
        return real_segment(self, X)

    def cues(self, X):
        calls["cues"] += len(X)
        return real_cues(self, X)

    monkeypatch.setattr(model_module, "load_pipeline", load)
    monkeypatch.setattr(Segmenter, "transform", segment)
    monkeypatch.setattr(CueFeatures, "transform", cues)
    run = write_predictions([path], exported.model_dir, tmp_path / "big-out.csv", chunk_size=4000)
    assert run.rows == 10_000
    # Loading runs one probe sentence through the pipeline to catch an incompatible model early.
    assert calls == {"load": 1, "segmented": 10_000 + 1, "cues": 10_000 + 1}
