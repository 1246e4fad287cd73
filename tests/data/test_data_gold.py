"""govtext.data.gold: the gold labels file."""

import pytest

from govtext.data import (
    build_dataset,
    label_counts,
    read_labels,
    sentence_id,
)
from govtext.errors import GovtextError
from helpers import labels_file


def test_an_absent_default_labels_file_means_every_row_unlabelled(
    tiny_seeds, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)  # a new project: no data/labels.csv yet
    dataset = build_dataset(tiny_seeds)
    assert not dataset.gold.exists
    assert label_counts(dataset.sentences)["unlabelled"] == len(dataset.sentences)


def test_a_named_labels_file_that_is_missing_is_an_error_not_an_unlabelled_dataset(
    tiny_seeds, tmp_path
):
    with pytest.raises(GovtextError, match="nosuch.csv: no such gold labels file; check --labels"):
        build_dataset(tiny_seeds, tmp_path / "nosuch.csv")


def test_unknown_label_is_an_error_naming_the_line(tiny_seeds, tmp_path):
    sid = sentence_id("report-b", "Xã đã giữ vững ổn định an ninh trật tự.")
    labels = labels_file(tmp_path / "labels.csv", [(sid, "achievement", "x"), (sid, "praise", "x")])
    with pytest.raises(GovtextError, match=r"labels.csv:3: unknown label 'praise'"):
        read_labels(labels)
