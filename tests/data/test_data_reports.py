"""govtext.data.reports: sentence rows of a report and ids that do not move."""

import shutil
import unicodedata

import pandas as pd
import pytest

from govtext.data import (
    build_dataset,
)
from govtext.data.reports import report_paths
from govtext.errors import GovtextError
from page_fixtures import LEGACY, PORTAL


def test_rows_carry_syllables_and_words(seed_dataset):
    first = seed_dataset.sentences.iloc[1]
    assert "142,6" in first["syllables"].split()
    assert "ngân_sách" in first["words"].split()


def test_ids_do_not_move_when_a_report_is_added_or_another_paragraph_edited(
    tiny_seeds, empty_labels
):
    before = build_dataset(tiny_seeds, empty_labels).sentences
    (tiny_seeds / "report-c.txt").write_text("Huyện đề nghị tỉnh hỗ trợ.\n", encoding="utf-8")
    report_a = tiny_seeds / "report-a.txt"
    report_a.write_text(
        report_a.read_text(encoding="utf-8").replace("đạt 116,6 %", "đạt 117 %"), encoding="utf-8"
    )
    after = build_dataset(tiny_seeds, empty_labels).sentences
    unchanged = before[~before["text"].str.contains("116,6")]
    assert set(unchanged["sent_id"]) <= set(after["sent_id"])
    assert len(after) == len(before) + 1


def test_nfd_report_gives_the_same_sentences_and_ids(tiny_seeds, tmp_path, empty_labels):
    nfc = build_dataset(tiny_seeds, empty_labels).sentences
    for path in tiny_seeds.glob("*.txt"):
        path.write_text(unicodedata.normalize("NFD", path.read_text(encoding="utf-8")), "utf-8")
    nfd = build_dataset(tiny_seeds, empty_labels).sentences
    pd.testing.assert_frame_equal(nfc, nfd)


def test_a_file_in_seeds_that_is_not_a_report_is_named_not_silently_dropped(tiny_seeds, caplog):
    (tiny_seeds / "bao-cao.docx").write_bytes(b"PK\x03\x04 a Word file")
    (tiny_seeds / "manifest.toml").write_text("", "utf-8")  # expected beside the reports
    with caplog.at_level("WARNING", logger="govtext.data.reports"):
        paths = report_paths(tiny_seeds)
    assert [p.name for p in paths] == ["report-a.txt", "report-b.txt"]
    assert [r.getMessage().split(":")[0] for r in caplog.records] == [
        str(tiny_seeds / "bao-cao.docx")
    ]
    for path in paths:
        path.unlink()
    with pytest.raises(
        GovtextError, match=r"holds no \.txt or \.html report \(it has bao-cao\.docx\)"
    ):
        report_paths(tiny_seeds)


def test_saved_pages_are_reports_beside_the_txt_ones(tiny_seeds):
    shutil.copy(PORTAL, tiny_seeds / "portal.html")
    shutil.copy(LEGACY, tiny_seeds / "legacy.HTM")
    names = [p.name for p in report_paths(tiny_seeds)]
    assert names == ["legacy.HTM", "portal.html", "report-a.txt", "report-b.txt"]


def test_a_page_and_a_txt_report_of_the_same_name_are_an_error(tiny_seeds):
    shutil.copy(PORTAL, tiny_seeds / "report-a.html")
    with pytest.raises(GovtextError, match=r"report-a\.txt: has the same name as report-a\.html"):
        report_paths(tiny_seeds)


def test_an_overlong_paragraph_becomes_bounded_sentences_each_with_an_id(tmp_path, empty_labels):
    from govtext.text.sentences import MAX_SENTENCE_CHARS

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    scrape = "huyện tập trung chỉ đạo phát triển kinh tế xã hội " * 600  # no sentence mark
    (seeds / "scrape.txt").write_text(f"Huyện đã đạt kế hoạch.\n{scrape}\n", encoding="utf-8")
    rows = build_dataset(seeds, empty_labels).sentences
    assert rows["text"].iloc[0] == "Huyện đã đạt kế hoạch."
    pieces = rows.iloc[1:]
    assert len(pieces) > 1 and (pieces["text"].str.len() <= MAX_SENTENCE_CHARS).all()
    assert (pieces["paragraph"] == 2).all() and rows["sent_id"].is_unique
    assert (pieces["words"] != "").all()  # each piece is word-segmented like any sentence
