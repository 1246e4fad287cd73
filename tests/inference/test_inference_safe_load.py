"""Predict: reports, CSVs and stdin in; labelled rows, files and an HTML page out; safe loading
and one-line errors for bad folders and bad input."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from exported import Exported, exported_default_model
from govtext.errors import GovtextError
from govtext.inference import load_model


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Exported:
    return exported_default_model(tmp_path_factory)


# ---- bad folders


def _copy(exported: Exported, tmp_path: Path) -> Path:
    folder = tmp_path / "model-copy"
    shutil.copytree(exported.model_dir, folder)
    return folder


def test_a_tampered_skops_file_with_an_unexpected_type_is_refused(exported, tmp_path):
    import skops.io as sio
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer

    folder = _copy(exported, tmp_path)
    sio.dump(Pipeline([("evil", FunctionTransformer(os.system))]), folder / "model.skops")
    with pytest.raises(GovtextError) as caught:
        load_model(folder)
    message = str(caught.value)
    assert "model.skops: refused to load" in message and "system" in message
    assert "\n" not in message
