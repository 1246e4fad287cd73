"""govtext.inference.onnx_export: every shipped config converts to ONNX or says why."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from exported import FIXTURE, SEED_SENTENCES
from govtext.data import load_sentences
from govtext.inference import GovtextModel
from govtext.inference.onnx_export import NotConvertible, to_onnx
from govtext.learning.config import load_config
from govtext.learning.models import build_pipeline

PROJECT = Path(__file__).resolve().parents[2]


def _shipped_configs() -> list[Path]:
    return sorted((PROJECT / "experiments").glob("*.toml"))


@pytest.mark.parametrize("config_path", _shipped_configs(), ids=lambda p: p.stem)
def test_every_shipped_config_converts_to_onnx_or_says_why(config_path):
    """Where skl2onnx can express the pipeline, ONNX Runtime agrees with scikit-learn."""
    import onnxruntime as ort

    train = load_sentences(FIXTURE)
    config = load_config(config_path, ["features.token_cache="])
    pipeline = build_pipeline(config).fit(
        train["text"].to_numpy(dtype=object), train["label"].to_numpy(dtype=object)
    )
    try:
        onnx_model = to_onnx(pipeline)
    except NotConvertible as why:
        assert config.model.kind in ("majority", "rules") or config.features.unit == "char", why
        return
    session = ort.InferenceSession(
        onnx_model.SerializeToString(), providers=["CPUExecutionProvider"]
    )
    texts = pd.concat([train, load_sentences(SEED_SENTENCES)])["text"].tolist()
    by_onnx, _ = GovtextModel(Path("."), {}, pipeline, "onnx", session).predict_texts(texts)
    assert list(by_onnx) == list(pipeline.predict(np.array(texts, dtype=object)))


def test_the_onnx_graph_takes_tokenised_text_and_cues(exported):
    import onnx

    model = onnx.load(str(exported.model_dir / "model.onnx"))
    assert [i.name for i in model.graph.input] == ["text", "cues"]
    assert [o.name for o in model.graph.output] == ["label", "scores"]
