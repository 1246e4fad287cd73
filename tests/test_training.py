"""Training end to end on a tiny fixture, tracked in a real temporary SQLite MLflow store."""

import shutil
from pathlib import Path

import pytest

from govtext.errors import GovtextError
from govtext.leaderboard import leaderboard
from govtext.stores import resolve_tracking_uri
from govtext.training import reproduce, train

FIXTURE = Path(__file__).parent / "fixtures" / "tiny_sentences.csv"
PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """A project-like folder: the fixture as the dataset, a fresh MLflow store."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    (tmp_path / "data").mkdir()
    shutil.copy(FIXTURE, tmp_path / "data" / "sentences.csv")
    shutil.copytree(PROJECT / "experiments", tmp_path / "experiments")
    return tmp_path


def test_every_shipped_experiment_trains_and_is_tracked(workdir):
    runs = train([workdir / "experiments"], ["evaluation.repeats=1", "evaluation.bootstrap=200"])
    names = {run.result.config.name for run in runs}
    assert {"majority", "rules", "default", "tfidf-word-linearsvc"} <= names
    board = leaderboard(resolve_tracking_uri())
    assert len(board) == len(runs)
    assert board["macro_f1"].is_monotonic_decreasing
    for run in runs:
        m = run.result.all_metrics()
        assert 0.0 <= m["macro_f1_low"] <= m["macro_f1"] <= m["macro_f1_high"] <= 1.0


def test_same_config_and_data_give_identical_metrics_and_predictions(workdir):
    first, second = (train(["experiments/default.toml"])[0].result for _ in range(2))
    assert first.all_metrics() == second.all_metrics()
    assert list(first.cross_validation.predictions["predicted"]) == list(
        second.cross_validation.predictions["predicted"]
    )


def test_external_data_is_scored_with_an_interval(workdir):
    (run,) = train(["experiments/tfidf-syllable-linearsvc.toml"], eval_data=FIXTURE)
    m = run.result.all_metrics()
    assert m["ext_n_sentences"] == 25
    assert m["ext_macro_f1_low"] <= m["ext_macro_f1"] <= m["ext_macro_f1_high"]


def test_a_logged_run_records_config_lineage_and_artifacts(workdir):
    import mlflow

    (run,) = train(["experiments/default.toml"])
    logged = mlflow.get_run(run.run_id)
    assert logged.data.tags["govtext.data_hash"] == run.result.data.content_hash
    # The workdir is no git checkout: said so, not guessed clean or dirty.
    assert logged.data.tags["govtext.git_dirty"] == "unknown (not a git checkout)"
    artifacts = {a.path for a in mlflow.MlflowClient().list_artifacts(run.run_id, "cv")}
    assert {"cv/confusion_matrix.png", "cv/per_class.csv", "cv/misclassified.csv"} <= artifacts
    assert logged.inputs.dataset_inputs[0].dataset.digest == run.result.data.content_hash[:16]
    model = mlflow.pyfunc.load_model(f"runs:/{run.run_id}/model")
    import numpy as np

    texts = np.array(["Huyện đề nghị tỉnh hỗ trợ vốn."])
    assert list(model.predict(texts)) == list(run.result.pipeline.predict(texts))


def test_reproduce_passes_and_catches_a_changed_metric(workdir):
    import mlflow

    (run,) = train(["experiments/tfidf-syllable-logreg.toml"])
    assert reproduce(run.run_id).identical
    with mlflow.start_run(run_id=run.run_id):
        mlflow.log_metric("macro_f1", 0.123)
    outcome = reproduce(run.run_id)
    assert not outcome.identical and "macro_f1" in outcome.differences


def test_reproduce_refuses_changed_data(workdir):
    (run,) = train(["experiments/majority.toml"])
    csv = workdir / "data" / "sentences.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("116,6", "117"), encoding="utf-8")
    with pytest.raises(GovtextError, match="content hash"):
        reproduce(run.run_id)


@pytest.mark.parametrize(
    "override, message",
    [
        ("data.path=missing.csv", "missing.csv: no such sentence file"),
        ("model.kind=bert", "model.kind = 'bert' is unknown"),
        ("tracking.uri=sqlite:////nonexistent/dir/mlflow.db", "does not exist or is not writable"),
        ("tracking.uri=http://127.0.0.1:9", "does not answer"),
    ],
)
def test_bad_settings_fail_before_training(workdir, override, message):
    with pytest.raises(GovtextError, match=message):
        train(["experiments/default.toml"], [override])


def test_empty_dataset_and_unknown_labels_are_errors(workdir):
    csv = workdir / "data" / "sentences.csv"
    csv.write_text("text,label\nHuyện đạt.,\n", encoding="utf-8")
    with pytest.raises(GovtextError, match="has no labelled sentence"):
        train(["experiments/default.toml"])
    csv.write_text("text,label\nHuyện đạt.,praise\n", encoding="utf-8")
    with pytest.raises(GovtextError, match="unknown label"):
        train(["experiments/default.toml"])


def test_out_of_core_experiment_streams_chunks_and_reports_like_the_others(workdir):
    from govtext.data import content_hash, load_sentences

    (run,) = train(
        ["experiments/out-of-core-sgd.toml"],
        ["out_of_core.chunk_size=4", "out_of_core.epochs=2", "evaluation.bootstrap=200"],
        eval_data=FIXTURE,
    )
    result = run.result
    assert "out-of-core" in result.cross_validation.protocol
    assert result.cross_validation.metrics["n_sentences"] == 25
    # the hash streamed chunk by chunk is the hash of the whole file
    assert result.data.content_hash == content_hash(load_sentences(workdir / "data/sentences.csv"))
    assert len(result.data.frame) == 4  # only a sample is held for lineage
    assert "ext_macro_f1" in result.all_metrics()
    assert reproduce(run.run_id).identical


def test_optional_experiments_run_on_a_fixture_too(workdir):
    """best.toml reads the gold table built from the shared corpus; on the fixture, given a
    split column, it exercises the same code paths."""
    import pandas as pd

    extra = workdir / "extra.csv"
    shutil.copy(FIXTURE, extra)
    frame = pd.read_csv(FIXTURE, dtype=str, keep_default_na=False)
    docs = sorted(set(frame["doc_id"]))
    frame["split"] = frame["doc_id"].map(
        {d: ("train", "validation")[i % 2] for i, d in enumerate(docs)}
    )
    frame.to_csv(workdir / "data" / "split.csv", index=False)
    (run,) = train(
        ["experiments/best.toml"],
        ["data.path=data/split.csv", f'data.train_extra=["{extra}"]', "evaluation.bootstrap=200"],
    )
    assert "scored once on the validation split" in run.result.cross_validation.protocol
    assert len(run.result.pipeline.classes_) == 5


def test_an_optional_experiment_without_its_data_is_skipped(workdir):
    assert train(["experiments/best.toml"]) == []


def test_compare_says_whether_a_difference_is_inside_the_interval(workdir):
    from govtext.training import compare

    rules, majority = train(
        ["experiments/rules.toml", "experiments/majority.toml"], eval_data=FIXTURE
    )
    outcome = compare(rules.run_id, majority.run_id)
    assert set(outcome) == {"cv", "external"}
    assert outcome["cv"]["macro_f1_a"] == pytest.approx(rules.result.all_metrics()["macro_f1"])
    assert outcome["cv"]["difference"] > 0
    same = compare(rules.run_id, rules.run_id)["cv"]
    assert same["difference"] == 0 and not same["significant"]
