"""Safe loading of ``model.skops``: only govtext's own types are trusted, under their current
names and the names older layouts recorded."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from govtext.errors import GovtextError
from govtext.inference import load_model
from govtext.inference.safe_load import LEGACY_NAMES, OWN_TYPES, allowed_types, type_name

# ---- bad folders


def test_a_tampered_skops_file_with_an_unexpected_type_is_refused(model_copy):
    import skops.io as sio
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer

    folder = model_copy
    sio.dump(Pipeline([("evil", FunctionTransformer(os.system))]), folder / "model.skops")
    # linear=False: with model.linear.npz the sklearn engine never reads model.skops (plain
    # arrays, no pickle); every load that does read it refuses the file.
    with pytest.raises(GovtextError) as caught:
        load_model(folder, linear=False)
    message = str(caught.value)
    assert "model.skops: refused to load" in message and "system" in message
    assert "\n" not in message


# ---- models exported before the package layout changed

LEGACY = Path(__file__).resolve().parents[1] / "fixtures" / "model-exported-by-govtext-0.1"


def test_a_model_exported_by_the_old_layout_loads_and_labels_as_it_did():
    """``model.skops`` and ``govtext.json`` as govtext 0.1 (flat modules) exported them, from the
    tiny fixture; the file was only re-zipped with deflate to keep it small."""
    import skops.io as sio

    recorded = set(sio.get_untrusted_types(file=LEGACY / "model.skops"))
    assert recorded == {"govtext.text.Segmenter", "govtext.rules.CueFeatures"}
    expected = pd.read_csv(LEGACY / "labels-by-govtext-0.1.csv", keep_default_na=False)
    labels, scores = load_model(LEGACY).predict_texts(expected["text"].tolist())
    assert labels.tolist() == expected["label"].tolist()
    np.testing.assert_allclose(scores[:, 2], expected["score_request"], rtol=1e-12)


def test_every_legacy_name_still_resolves_to_its_class():
    for name, cls in LEGACY_NAMES.items():
        module, _, attribute = name.rpartition(".")
        assert getattr(importlib.import_module(module), attribute) is cls
    assert {type_name(cls) for cls in OWN_TYPES} | set(LEGACY_NAMES) == allowed_types()
