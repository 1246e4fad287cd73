"""govtext.tracking: what a logged model trusts, and store URIs checked before any training."""

import pytest

from govtext.errors import GovtextError
from govtext.learning.config import parse_config
from govtext.learning.models import build_pipeline
from govtext.stores import check_tracking_uri, resolve_tracking_uri
from govtext.tracking import own_types


def test_a_logged_model_trusts_exactly_the_govtext_types_it_holds():
    config = parse_config({"name": "t", "features": {"cues": True}}, "t.toml")
    pipeline = build_pipeline(config).fit(
        ["Huyện đề nghị tỉnh hỗ trợ vốn.", "Huyện đạt 100% kế hoạch."], ["request", "achievement"]
    )
    names = own_types(pipeline)
    assert len(names) == 2 and all(name.startswith("govtext.") for name in names)
    assert {name.rpartition(".")[2] for name in names} == {"Segmenter", "CueFeatures"}


def test_store_uris_are_checked_before_training(tmp_path, monkeypatch):
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    monkeypatch.chdir(tmp_path)
    assert resolve_tracking_uri() == f"sqlite:///{tmp_path / 'mlflow.db'}"
    check_tracking_uri(resolve_tracking_uri())
    with pytest.raises(GovtextError, match="refuses plain file stores"):
        check_tracking_uri("file:./mlruns")
    with pytest.raises(GovtextError, match="does not exist or is not writable"):
        check_tracking_uri(f"sqlite:///{tmp_path / 'missing' / 'mlflow.db'}")
