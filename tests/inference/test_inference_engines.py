"""govtext.inference.engines: the fast engine is checked against scikit-learn before use and gives the
sklearn engine's labels and scores."""

from __future__ import annotations

import shutil
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from exported import FIXTURE, SEED_SENTENCES
from govtext.errors import GovtextError
from govtext.inference import load_model
from govtext.inference.fast import NotCompilable


@pytest.mark.parametrize("linear", [True, False], ids=["linear-npz", "skops"])
def test_the_fast_engine_gives_the_sklearn_engines_labels_and_scores(
    exported, tricky_texts, linear
):
    texts = pd.read_csv(SEED_SENTENCES, dtype=str, keep_default_na=False)["text"].tolist()
    texts += pd.read_csv(FIXTURE, dtype=str, keep_default_na=False)["text"].tolist() + tricky_texts
    # The reference: scikit-learn's pipeline from model.skops, not the linear file.
    by_sklearn = load_model(exported.model_dir, linear=False)
    sklearn_labels, sklearn_scores = by_sklearn.predict_texts(texts)
    fast = load_model(exported.model_dir, "fast", linear=linear)
    assert (fast.linear is not None) is linear and (fast.fast is None) is linear
    fast_labels, fast_scores = fast.predict_texts(texts, 7)
    assert fast_labels.tolist() == sklearn_labels.tolist()
    np.testing.assert_array_equal(fast_scores, sklearn_scores)


def test_the_fast_engine_reads_the_linear_file_without_importing_scikit_learn(exported, tmp_path):
    """`govtext predict --engine fast` on a folder with model.linear.npz: neither scikit-learn
    nor skops is imported (it would cost seconds), and the output is the skops route's bytes."""
    sentences = tmp_path / "in.csv"
    sentences.write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    older = tmp_path / "older"
    shutil.copytree(exported.model_dir, older)
    (older / "model.linear.npz").unlink()
    modules = {}
    for name, folder in (("linear", exported.model_dir), ("skops", older)):
        code = (
            "import sys\nfrom govtext.cli import app\ntry:\n    app()\nexcept SystemExit as e:\n"
            "    assert not e.code, e.code\nprint(' '.join(sorted(sys.modules)))"
        )
        args = ["predict", "--model", str(folder), "--engine", "fast", "-q", str(sentences),
                "--output", str(tmp_path / f"{name}.csv")]  # fmt: skip
        done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                              text=True, check=True, timeout=120)  # fmt: skip
        modules[name] = set(done.stdout.split())
    assert not {"sklearn", "skops", "scipy"} & modules["linear"]
    assert "sklearn" in modules["skops"]  # the check can fail: the skops route imports it
    out = (tmp_path / "linear.csv").read_bytes()
    assert out == (tmp_path / "skops.csv").read_bytes() and out.count(b"\n") > 3


def test_a_model_the_fast_engine_cannot_run_is_a_one_line_error(exported, tmp_path, monkeypatch):
    import govtext.inference.fast

    def refuse(*args, **kwargs):
        raise NotCompilable("segmenter unit 'raw'")

    monkeypatch.setattr(govtext.inference.fast.FastFeatures, "from_parts", refuse)
    with pytest.raises(GovtextError, match="fast engine cannot run.*use --engine sklearn"):
        load_model(exported.model_dir, "fast", linear=False)  # the route through model.skops


def test_features_that_drift_from_scikit_learns_are_refused(exported, monkeypatch):
    import govtext.inference.fast

    real = govtext.inference.fast.FastFeatures.tfidf

    def drifted(self, *args):
        matrix = real(self, *args)
        matrix.data = matrix.data * 1.001
        return matrix

    monkeypatch.setattr(govtext.inference.fast.FastFeatures, "tfidf", drifted)
    with pytest.raises(GovtextError, match="features differ from scikit-learn"):
        load_model(exported.model_dir, "fast", linear=False)  # the route through model.skops
