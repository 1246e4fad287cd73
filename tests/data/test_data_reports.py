"""govtext.data.reports: sentence rows of a report and ids that do not move."""

import unicodedata

import pandas as pd
import pytest

from conftest import LABELS, SEEDS
from govtext.data import (
    build_dataset,
)


@pytest.fixture(scope="module")
def seed_dataset():
    return build_dataset(SEEDS, LABELS)


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
