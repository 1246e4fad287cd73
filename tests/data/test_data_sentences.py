"""govtext.data.sentences: reading and checking sentence files."""

import pytest

from govtext.data import (
    load_sentences,
    write_dataset,
)
from govtext.errors import GovtextError


def test_written_dataset_reads_back(seed_dataset, tmp_path):
    csv_path, _ = write_dataset(seed_dataset, tmp_path)
    frame = load_sentences(csv_path)
    assert list(frame.columns[:5]) == ["doc_id", "sent_id", "paragraph", "position", "text"]
    assert list(frame["label"]) == list(seed_dataset.sentences["label"])


def test_load_sentences_rejects_files_without_text_or_with_unknown_labels(tmp_path):
    no_text = tmp_path / "no_text.csv"
    no_text.write_text("sentence,label\nHuyện đạt.,achievement\n", encoding="utf-8")
    with pytest.raises(GovtextError, match="no_text.csv: has no text column"):
        load_sentences(no_text)
    odd = tmp_path / "odd.csv"
    odd.write_text("text,label\nHuyện đạt.,praise\n", encoding="utf-8")
    with pytest.raises(GovtextError, match="odd.csv: unknown label"):
        load_sentences(odd)
