import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from conftest import LABELS, SEEDS
from govtext.dataset import (
    build_dataset,
    label_counts,
    load_sentences,
    read_labels,
    sentence_id,
    write_dataset,
)
from govtext.errors import GovtextError
from govtext.labels import ALL_LABELS


@pytest.fixture(scope="module")
def seed_dataset():
    return build_dataset(SEEDS, LABELS)


def test_every_seed_sentence_has_a_gold_label(seed_dataset):
    frame = seed_dataset.sentences
    assert len(frame) == 26
    assert set(frame["label"]) <= set(ALL_LABELS)
    assert label_counts(frame)["unlabelled"] == 0
    assert frame["sent_id"].is_unique
    assert list(frame["position"]) == list(range(1, 27))
    assert frame.iloc[-1]["text"] == "T/h: Bảo Ngọc – Thế Anh"


def test_rows_carry_syllables_and_words(seed_dataset):
    first = seed_dataset.sentences.iloc[1]
    assert "142,6" in first["syllables"].split()
    assert "ngân_sách" in first["words"].split()


def test_ids_do_not_move_when_a_report_is_added_or_another_paragraph_edited(tiny_seeds, tmp_path):
    before = build_dataset(tiny_seeds, tmp_path / "none.csv").sentences
    (tiny_seeds / "report-c.txt").write_text("Huyện đề nghị tỉnh hỗ trợ.\n", encoding="utf-8")
    report_a = tiny_seeds / "report-a.txt"
    report_a.write_text(
        report_a.read_text(encoding="utf-8").replace("đạt 116,6 %", "đạt 117 %"), encoding="utf-8"
    )
    after = build_dataset(tiny_seeds, tmp_path / "none.csv").sentences
    unchanged = before[~before["text"].str.contains("116,6")]
    assert set(unchanged["sent_id"]) <= set(after["sent_id"])
    assert len(after) == len(before) + 1


def test_nfd_report_gives_the_same_sentences_and_ids(tiny_seeds, tmp_path):
    nfc = build_dataset(tiny_seeds, tmp_path / "none.csv").sentences
    for path in tiny_seeds.glob("*.txt"):
        path.write_text(unicodedata.normalize("NFD", path.read_text(encoding="utf-8")), "utf-8")
    nfd = build_dataset(tiny_seeds, tmp_path / "none.csv").sentences
    pd.testing.assert_frame_equal(nfc, nfd)


def test_missing_labels_file_means_every_row_unlabelled(tiny_seeds, tmp_path):
    dataset = build_dataset(tiny_seeds, tmp_path / "labels.csv")
    assert not dataset.gold.exists
    assert label_counts(dataset.sentences)["unlabelled"] == len(dataset.sentences)


def _labels_file(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    lines = ["sent_id,label,text,note"] + [f"{sid},{label},{text}," for sid, label, text in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_unknown_label_is_an_error_naming_the_line(tiny_seeds, tmp_path):
    sid = sentence_id("report-b", "Xã đã giữ vững ổn định an ninh trật tự.")
    labels = _labels_file(
        tmp_path / "labels.csv", [(sid, "achievement", "x"), (sid, "praise", "x")]
    )
    with pytest.raises(GovtextError, match=r"labels.csv:3: unknown label 'praise'"):
        read_labels(labels)


def test_orphan_label_fails_the_build_and_is_kept(tiny_seeds, tmp_path):
    kept = sentence_id("report-b", "Xã đã giữ vững ổn định an ninh trật tự.")
    labels = _labels_file(
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


def test_bad_report_is_named_and_nothing_is_written(tiny_seeds, tmp_path):
    out = tmp_path / "out"
    (tiny_seeds / "zz-broken.txt").write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(GovtextError, match="zz-broken.txt: looks like a binary file"):
        write_dataset(build_dataset(tiny_seeds, tmp_path / "none.csv"), out)
    assert not out.exists()


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


def test_corpus_jsonl_streams_documents_with_stable_ids(tmp_path):
    import json

    from govtext.dataset import corpus_documents, corpus_rows, write_corpus

    corpus = tmp_path / "pool.jsonl"
    records = [
        {"title": "Huyện A", "text": "Huyện đạt kế hoạch.\nHuyện đề nghị tỉnh hỗ trợ vốn."},
        {"article": 7, "text": unicodedata.normalize("NFD", "Xã còn nhiều khó khăn.")},
    ]
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n\n")
    documents = list(corpus_documents(corpus))
    assert [d.doc_id for d in documents][1] == "7"
    assert documents[1].text == "Xã còn nhiều khó khăn."  # NFC
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in reversed(records)))
    assert {d.doc_id for d in corpus_documents(corpus)} == {d.doc_id for d in documents}
    rows = list(corpus_rows(corpus, with_words=False))
    assert [r["position"] for r in rows] == [1, 1, 2]
    assert rows[1]["title"] == "Huyện A"
    out = tmp_path / "out" / "pool.csv"
    assert write_corpus(corpus, out, with_words=False) == (2, 3)
    assert pd.read_csv(out)["sent_id"].is_unique


def test_corpus_folder_of_reports(tiny_seeds):
    from govtext.dataset import corpus_rows

    rows = list(corpus_rows(tiny_seeds, with_words=False))
    assert {r["doc_id"] for r in rows} == {"report-a", "report-b"}


@pytest.mark.parametrize(
    "line, message",
    [
        ('{"title": "x"}', r"pool.jsonl:1: has no 'text' field"),
        ("not json", r"pool.jsonl:1: is not a JSON object"),
    ],
)
def test_bad_corpus_lines_are_named(tmp_path, line, message):
    from govtext.dataset import corpus_documents

    corpus = tmp_path / "pool.jsonl"
    corpus.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(GovtextError, match=message):
        list(corpus_documents(corpus))


def test_real_corpus_articles_segment_like_the_labelled_dev_set(corpus_dir):
    """The dev sentences were split per paragraph by underthesea after NFC: ours should agree
    on nearly all of them (we also mend abbreviations and quotes)."""
    from govtext.dataset import corpus_rows

    ours = {r["text"] for r in corpus_rows(corpus_dir / "dev_articles.jsonl", with_words=False)}
    dev = pd.read_csv(corpus_dir / "dev.csv")["text"].map(lambda t: unicodedata.normalize("NFC", t))
    assert dev.isin(ours).mean() > 0.95
