"""govtext.data.dataset: building and writing the dataset from seeds/ and the gold labels."""

import shutil

import pytest

from govtext.data import (
    build_dataset,
    label_counts,
    sentence_id,
    write_dataset,
)
from govtext.errors import GovtextError
from govtext.labels import ALL_LABELS
from helpers import LABELS, SEEDS, labels_file
from page_fixtures import ARTICLE, CHINHPHU, CHROME


def test_every_seed_sentence_has_a_gold_label(seed_dataset):
    frame = seed_dataset.sentences
    assert len(frame) == 26
    assert set(frame["label"]) <= set(ALL_LABELS)
    assert label_counts(frame)["unlabelled"] == 0
    assert frame["sent_id"].is_unique
    assert list(frame["position"]) == list(range(1, 27))
    assert frame.iloc[-1]["text"] == "T/h: Bảo Ngọc – Thế Anh"


def test_orphan_label_fails_the_build_and_is_kept(tiny_seeds, tmp_path):
    kept = sentence_id("report-b", "Xã đã giữ vững ổn định an ninh trật tự.")
    labels = labels_file(
        tmp_path / "labels.csv",
        [(kept, "achievement", "Xã đã giữ vững"), ("0123456789ab", "request", "Câu đã bị xóa.")],
    )
    original = labels.read_bytes()
    with pytest.raises(GovtextError, match=r"0123456789ab \(request\) 'Câu đã bị xóa.'"):
        build_dataset(tiny_seeds, labels)
    dataset = build_dataset(tiny_seeds, labels, allow_orphan_labels=True)
    assert list(dataset.orphans["sent_id"]) == ["0123456789ab"]
    assert labels.read_bytes() == original
    assert dataset.sentences.set_index("sent_id").loc[kept, "label"] == "achievement"
    write_dataset(dataset, tmp_path / "out")
    assert "0123456789ab" in (tmp_path / "out" / "README.md").read_text(encoding="utf-8")


def test_rebuilding_unchanged_inputs_is_byte_identical(seed_dataset, tmp_path):
    first = [p.read_bytes() for p in write_dataset(seed_dataset, tmp_path / "one")]
    again = build_dataset(SEEDS, LABELS)
    second = [p.read_bytes() for p in write_dataset(again, tmp_path / "two")]
    assert first == second


def test_bad_report_is_named_and_nothing_is_written(tiny_seeds, tmp_path, empty_labels):
    out = tmp_path / "out"
    (tiny_seeds / "zz-broken.txt").write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(GovtextError, match="zz-broken.txt: looks like a binary file"):
        write_dataset(build_dataset(tiny_seeds, empty_labels), out)
    assert not out.exists()


def test_a_saved_page_in_seeds_gives_its_article_sentences(tiny_seeds, empty_labels):
    shutil.copy(CHINHPHU, tiny_seeds / "chinhphu.html")
    sentences = build_dataset(tiny_seeds, empty_labels).sentences
    page = sentences[sentences["doc_id"] == "chinhphu"]
    assert [t for t in page["text"] if t in ARTICLE[CHINHPHU]] == ARTICLE[CHINHPHU]
    assert not [c for c in CHROME[CHINHPHU] if page["text"].str.contains(c, regex=False).any()]
    assert page["sent_id"].tolist() == [sentence_id("chinhphu", t) for t in page["text"]]
    assert set(sentences["doc_id"]) == {"chinhphu", "report-a", "report-b"}
