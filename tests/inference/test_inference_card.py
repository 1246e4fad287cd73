"""govtext.inference.card: the model card of an exported folder."""

from __future__ import annotations

import json


def test_the_model_card_covers_use_labels_data_evaluation_limitations_versions(exported):
    card = (exported.model_dir / "MODEL_CARD.md").read_text(encoding="utf-8")
    meta = json.loads((exported.model_dir / "govtext.json").read_text(encoding="utf-8"))
    for heading in ("## Intended use", "## Labels", "## Training data", "## Evaluation",
                    "## Known limitations", "## Versions"):  # fmt: skip
        assert heading in card
    assert meta["data"]["content_hash"] in card
    assert "25 labelled sentences from 3 document(s)" in card
    low, high = meta["metrics"]["macro_f1_low"], meta["metrics"]["macro_f1_high"]
    assert f"{low:.3f}–{high:.3f}" in card
    assert "cross-validation" in card
    assert "A tiny training set" in card
    assert "| scikit-learn |" in card
    for label in ("achievement", "limitation", "request", "instruction", "other"):
        assert f"`{label}`" in card


def test_the_card_cites_only_files_in_the_repository_and_says_what_is_held_out(exported):
    card = (exported.model_dir / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "labels.md" not in card and "docs/annotation-guide.md" in card
    assert "out-of-fold" in card or "cross-validation" in card
