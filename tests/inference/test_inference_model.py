"""govtext.inference.model: a model loaded once labels every sentence with a score per label."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

import govtext.inference.linear as linear_module
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


@pytest.mark.parametrize("path", ["skops", "linear"])
def test_ten_thousand_sentences_load_the_model_once_and_tokenise_once(
    exported, tmp_path, monkeypatch, path
):
    from govtext.inference.linear import LinearModel
    from govtext.rules import CueFeatures
    from govtext.text import Segmenter

    model_dir = tmp_path / "model"
    shutil.copytree(exported.model_dir, model_dir)
    if path == "skops":  # a folder exported before model.linear.npz existed
        (model_dir / "model.linear.npz").unlink()
    base = pd.read_csv(FIXTURE, dtype=str, keep_default_na=False)
    big = pd.DataFrame({"text": [f"{t} ({i})" for i, t in enumerate(base["text"].tolist() * 400)]})
    big_csv = tmp_path / "big.csv"
    big.to_csv(big_csv, index=False)
    calls = {"load": 0, "segmented": 0, "cues": 0}

    def counting(owner, name, key, size=lambda args: len(args[-1])):
        real = getattr(owner, name)

        def wrapper(*args, **kwargs):
            calls[key] += size(args)
            return real(*args, **kwargs)

        monkeypatch.setattr(owner, name, wrapper)

    if path == "skops":
        counting(model_module, "load_pipeline", "load", lambda args: 1)
        counting(Segmenter, "transform", "segmented")
        counting(CueFeatures, "transform", "cues")
    else:
        counting(LinearModel, "load", "load", lambda args: 1)
        # The linear path tokenises once for the n-grams and the cues (a model with cues).
        counting(linear_module, "sentences_and_tokens", "segmented", lambda args: len(args[0]))
        counting(linear_module, "cue_matrix", "cues", lambda args: len(args[0]))
    run = write_predictions([big_csv], model_dir, tmp_path / "big-out.csv", chunk_size=4000)
    assert run.rows == 10_000
    # Loading from model.skops runs one probe sentence through the pipeline to catch an
    # incompatible model early; the linear path checks the cue columns by name instead.
    probe = 1 if path == "skops" else 0
    assert calls == {"load": 1, "segmented": 10_000 + probe, "cues": 10_000 + probe}
