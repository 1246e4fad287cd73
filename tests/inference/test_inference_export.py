"""govtext.inference.export: the model folder (MLflow model, skops, ONNX, card, metadata), the registry
alias, and agreement of the three formats on every sentence."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from exported import FIXTURE, QUICK, SEED_SENTENCES, Exported
from govtext.data import content_hash, load_sentences
from govtext.errors import GovtextError
from govtext.inference import load_model
from govtext.inference.export import export

PROJECT = Path(__file__).resolve().parents[2]
SHARED_DEV = PROJECT.parent / "shared" / "corpus" / "dev.csv"


@pytest.fixture
def in_workdir(exported, monkeypatch) -> Exported:
    monkeypatch.chdir(exported.workdir)
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    return exported


def test_the_folder_is_self_contained(exported):
    folder = exported.model_dir
    names = {p.name for p in folder.iterdir()}
    assert {"MLmodel", "model.skops", "model.onnx", "MODEL_CARD.md", "govtext.json"} <= names
    assert not [p for p in folder.parent.iterdir() if ".export-" in p.name]  # no scratch left
    meta = json.loads((folder / "govtext.json").read_text(encoding="utf-8"))
    fixture = load_sentences(FIXTURE)
    assert meta["format_version"] == 1
    assert meta["run_id"] == exported.run_id
    assert meta["experiment"] == "default"
    assert meta["data"]["content_hash"] == content_hash(fixture)
    assert meta["data"]["sentences"] == len(fixture)
    assert set(meta["labels"]) == set(fixture["label"])
    assert meta["files"]["onnx"] == "model.onnx" and meta["onnx"]["skipped"] is None
    assert meta["onnx"]["inputs"] == ["text", "cues"]
    assert meta["registered"]["name"] == "govtext" and meta["registered"]["version"] == 1


def _texts(path: Path) -> list[str]:
    return load_sentences(path)["text"].tolist()


def _corpora() -> list:
    dev = pytest.param(
        SHARED_DEV,
        id="shared-dev",
        marks=pytest.mark.skipif(not SHARED_DEV.exists(), reason=f"no {SHARED_DEV}"),
    )
    return [pytest.param(FIXTURE, id="fixture"), pytest.param(SEED_SENTENCES, id="seed"), dev]


@pytest.mark.parametrize("corpus", _corpora())
def test_mlflow_skops_and_onnx_give_identical_labels(exported, corpus):
    import mlflow

    texts = _texts(corpus)
    by_mlflow = mlflow.pyfunc.load_model(str(exported.model_dir)).predict(np.array(texts))
    skops_model = load_model(exported.model_dir)
    onnx_model = load_model(exported.model_dir, engine="onnx")
    by_skops, skops_scores = skops_model.predict_texts(texts)
    by_onnx, onnx_scores = onnx_model.predict_texts(texts)
    assert list(by_mlflow) == list(by_skops) == list(by_onnx)
    assert len(by_skops) == len(texts)
    np.testing.assert_allclose(onnx_scores, skops_scores, atol=1e-4)


def test_the_registered_alias_loads(exported, monkeypatch):
    import mlflow

    monkeypatch.setenv("MLFLOW_TRACKING_URI", exported.tracking_uri)
    mlflow.set_tracking_uri(exported.tracking_uri)
    model = mlflow.pyfunc.load_model("models:/govtext@champion")
    texts = _texts(SEED_SENTENCES)
    expected, _ = load_model(exported.model_dir).predict_texts(texts)
    assert list(model.predict(np.array(texts))) == list(expected)


def test_exporting_again_replaces_the_folder_and_reuses_the_registered_version(in_workdir):
    target = in_workdir.workdir / "again"
    first = export(in_workdir.run_id, target)
    (target / "stray.txt").write_text("left over", encoding="utf-8")
    second = export("latest", target)
    assert second.run_id == first.run_id == in_workdir.run_id
    assert second.registered.version == first.registered.version
    assert not (target / "stray.txt").exists()
    assert not [p for p in target.parent.iterdir() if ".export-" in p.name]


def test_export_refuses_a_folder_that_is_not_a_model(in_workdir):
    target = in_workdir.workdir / "notes"
    target.mkdir()
    (target / "mine.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(GovtextError, match="notes: exists and is not a govtext model folder"):
        export("latest", target)
    assert (target / "mine.txt").exists()


def test_export_of_an_unknown_run_is_an_error(in_workdir):
    with pytest.raises(GovtextError, match="run 0123abc: not found"):
        export("0123abc", in_workdir.workdir / "nothing")
    assert not (in_workdir.workdir / "nothing").exists()


def test_an_unconvertible_pipeline_is_exported_without_onnx_and_says_why(in_workdir):
    from govtext.training import train

    (run,) = train(["experiments/tfidf-char-logreg.toml"], QUICK)
    result = export(run.run_id, in_workdir.workdir / "char-model", register=False)
    assert result.onnx_skipped and "character n-grams" in result.onnx_skipped
    assert not (result.path / "model.onnx").exists()
    card = (result.path / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "no `model.onnx`: character n-grams" in card
    meta = json.loads((result.path / "govtext.json").read_text(encoding="utf-8"))
    assert meta["files"]["onnx"] is None and meta["registered"] is None
    with pytest.raises(GovtextError, match="has no ONNX model .*character n-grams"):
        load_model(result.path, engine="onnx")
    labels, _ = load_model(result.path).predict_texts(_texts(FIXTURE))
    assert len(labels) == 25


def test_a_copied_folder_still_loads(exported, tmp_path):
    copy = tmp_path / "moved"
    shutil.copytree(exported.model_dir, copy)
    labels, _ = load_model(copy).predict_texts(["Huyện đề nghị tỉnh hỗ trợ vốn."])
    assert len(labels) == 1
