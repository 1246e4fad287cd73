"""govtext.inference.folder: a bad model folder is a one-line error naming it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from govtext.errors import GovtextError
from govtext.inference import load_model

# ---- bad folders


def _edit_metadata(folder: Path, **changes) -> None:
    path = folder / "govtext.json"
    meta = json.loads(path.read_text(encoding="utf-8"))
    meta.update(changes)
    path.write_text(json.dumps(meta), encoding="utf-8")


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda f: shutil.rmtree(f), "no such model folder"),
        (lambda f: (f / "govtext.json").unlink(), "is not a govtext model folder"),
        (lambda f: (f / "govtext.json").write_text("{not json", "utf-8"), "is not valid JSON"),
        (lambda f: _edit_metadata(f, format_version=99, govtext_version="9.0"),
         r"model folder format 99 \(exported by govtext 9.0\).*export the model again"),
        (lambda f: (f / "model.skops").write_bytes(b"not a zip"), "is not a readable skops file"),
        (lambda f: (f / "model.skops").unlink(), "no such model file"),
        (lambda f: _edit_metadata(f, cue_features=["lf_gone"]),
         "rule cues.*train and export it again"),
    ],
    ids=["missing", "no-metadata", "corrupt-metadata", "format-version", "corrupt-skops",
         "no-skops", "other-cue-lexicon"],
)  # fmt: skip
def test_a_bad_model_folder_is_a_one_line_error_naming_it(model_copy, damage, message):
    folder = model_copy
    damage(folder)
    with pytest.raises(GovtextError, match=message) as caught:
        load_model(folder)
    assert str(folder) in str(caught.value) and "\n" not in str(caught.value)
