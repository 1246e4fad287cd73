"""govtext.inference.linear: the sklearn engine from model.linear.npz gives scikit-learn's labels
and scores bit for bit, and the plain-record output path writes the same bytes as the frames."""

from __future__ import annotations

import shutil
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from sklearn.pipeline import Pipeline

from exported import FIXTURE, SEED_SENTENCES, Exported, exported_default_model
from govtext.errors import GovtextError
from govtext.inference import load_model, write_predictions
from govtext.inference.engines import FAST_PROBES
from govtext.inference.linear import LinearModel, NotLinear, linear_arrays
from govtext.inference.model import GovtextModel
from govtext.learning.config import FeaturesConfig
from govtext.learning.features import make_features
from govtext.learning.models import make_estimator
from govtext.text import split_report
from helpers import REPORT_A, REPORT_B


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Exported:
    return exported_default_model(tmp_path_factory)


def _sentences() -> list[str]:
    """Hand-written reports, the fixture and the seed, and the hard cases of the fast engine:
    unseen words only, an empty sentence, repeats, capitals, NFD accents."""
    texts = [s for report in (REPORT_A, REPORT_B) for _, s in split_report(report)]
    for path in (FIXTURE, SEED_SENTENCES):
        texts += pd.read_csv(path, dtype=str, keep_default_na=False)["text"].tolist()
    # A photo credit the cues cut off while the n-grams count it (one tokenising serves both).
    credits = [f"Ảnh: Văn An/TTXVN {texts[0]}", f"(Ảnh minh họa) {texts[1]}", "Ảnh: TTXVN"]
    return [
        *texts,
        *FAST_PROBES,
        "xyzzy qwerty",
        "đề nghị đề nghị đề nghị tỉnh tỉnh",
        " ",
        *credits,
    ]


def _same(a: GovtextModel, b: GovtextModel, texts: list[str], chunk_size: int = 5000) -> None:
    labels_a, scores_a = a.predict_texts(texts, chunk_size)
    labels_b, scores_b = b.predict_texts(texts, chunk_size)
    assert labels_a.tolist() == labels_b.tolist()
    assert np.array_equal(scores_a, scores_b)  # bit for bit, not approximately


def test_the_exported_default_model_has_the_linear_file_and_loads_without_its_pipeline(exported):
    model = load_model(exported.model_dir)
    assert (exported.model_dir / "model.linear.npz").is_file()
    assert model.linear is not None and model.fitted_pipeline is None
    assert model.metadata["files"]["linear"] == "model.linear.npz"


@pytest.mark.parametrize("chunk_size", [5000, 7])
def test_linear_and_skops_loads_give_the_same_labels_and_scores_bit_for_bit(exported, chunk_size):
    by_linear = load_model(exported.model_dir)
    by_skops = load_model(exported.model_dir, linear=False)
    assert by_skops.linear is None and by_linear.classes == by_skops.classes
    assert by_linear.score_kind == by_skops.score_kind == "probability"
    _same(by_linear, by_skops, _sentences(), chunk_size)


def test_linear_and_skops_agree_on_the_licensed_dev_corpus(exported, corpus_dir):
    texts = pd.read_csv(corpus_dir / "dev.csv", dtype=str, keep_default_na=False)["text"].tolist()
    _same(load_model(exported.model_dir), load_model(exported.model_dir, linear=False), texts)


def test_the_pipeline_still_loads_on_demand(exported):
    model = load_model(exported.model_dir)
    assert model.classifier.__class__.__name__ == "LogisticRegression"
    assert model.fitted_pipeline is not None  # read from model.skops when asked for


def test_an_older_folder_without_the_file_loads_through_skops(exported, tmp_path):
    folder = tmp_path / "old-model"
    shutil.copytree(exported.model_dir, folder)
    (folder / "model.linear.npz").unlink()
    old = load_model(folder)
    assert old.linear is None and old.fitted_pipeline is not None
    _same(old, load_model(exported.model_dir), _sentences())


def test_a_corrupt_linear_file_is_a_one_line_error_naming_it(exported, tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(exported.model_dir, folder)
    (folder / "model.linear.npz").write_bytes(b"not a zip")
    with pytest.raises(GovtextError, match="model.linear.npz: is not a readable") as caught:
        load_model(folder)
    assert "\n" not in str(caught.value)


def _fitted(kind: str, **features) -> Pipeline:
    data = pd.read_csv(FIXTURE, dtype=str, keep_default_na=False)
    steps = make_features(FeaturesConfig(token_cache="", **features))
    steps = steps.steps if isinstance(steps, Pipeline) else [("features", steps)]
    params = {"max_iter": 5000} if kind != "complementnb" else {}
    pipeline = Pipeline([*steps, ("classify", make_estimator(kind, params, 0))])
    return pipeline.fit(np.asarray(data["text"], dtype=object), data["label"])


@pytest.mark.parametrize(
    "kind, features",
    [
        ("linearsvc", {}),
        ("ridge", {"cues": True}),
        ("logreg", {"ngram_max": 3, "sublinear_tf": False}),
        ("linearsvc", {"cues": True, "rule_decision": True, "min_df": 2}),
        ("logreg", {"unit": "word", "cues": True}),
    ],
)
def test_other_linear_pipelines_also_match_scikit_learn_bit_for_bit(tmp_path, kind, features):
    pipeline = _fitted(kind, **features)
    path = tmp_path / "model.linear.npz"
    np.savez(path, **linear_arrays(pipeline))
    by_linear = GovtextModel(tmp_path, {}, None, linear=LinearModel.load(path))
    _same(by_linear, GovtextModel(tmp_path, {}, pipeline), _sentences())


@pytest.mark.parametrize(
    "kind, features, why",
    [
        ("complementnb", {}, "ComplementNB is not a linear model"),
        ("linearsvc", {"unit": "char"}, "no TF-IDF on syllables or words"),
    ],
)
def test_pipelines_it_does_not_reproduce_are_refused(kind, features, why):
    with pytest.raises(NotLinear, match=why):
        linear_arrays(_fitted(kind, **features))


def test_a_report_goes_out_as_the_same_bytes_with_or_without_frames(exported, tmp_path):
    """Reports in one process are written as plain records (no pandas); --jobs 2 goes through
    DataFrames and worker processes: the files must be identical."""
    report = tmp_path / "report.txt"
    report.write_text(REPORT_A + "\n" + REPORT_B, encoding="utf-8")
    for fmt in ("csv", "jsonl"):
        plain, frames = tmp_path / f"plain.{fmt}", tmp_path / f"frames.{fmt}"
        run = write_predictions([report, report], exported.model_dir, plain)
        write_predictions([report, report], exported.model_dir, frames, n_jobs=2)
        assert plain.read_bytes() == frames.read_bytes()
        assert run.rows == 2 * len(split_report(REPORT_A + "\n" + REPORT_B))
        assert run.counts.to_numpy().sum() == run.rows  # the frame view of per_document


@pytest.mark.parametrize("engine", ["sklearn", "fast"])
def test_govtext_predict_on_stdin_prints_the_same_with_or_without_the_linear_file(
    exported, tmp_path, engine
):
    """The command a user times: one report on standard input, CSV on standard output."""
    older = tmp_path / "older"
    shutil.copytree(exported.model_dir, older)
    (older / "model.linear.npz").unlink()
    outputs = [
        subprocess.run(
            [sys.executable, "-c", "from govtext.cli import app; app()", "predict", "--model",
             str(folder), "--engine", engine, "-q", "-"],
            input=REPORT_A, capture_output=True, text=True, check=True, timeout=120,
        ).stdout
        for folder in (exported.model_dir, older)
    ]  # fmt: skip
    assert outputs[0] == outputs[1] and outputs[0].count("\n") > 3
