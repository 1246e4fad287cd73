"""govtext.text.sentences: sentence splitting on the genre's hard cases."""

import pytest

from govtext.text import (
    split_paragraphs,
    split_report,
    split_sentences,
)


@pytest.mark.parametrize(
    "paragraph, expected",
    [
        (
            "Tổng thu ngân sách là 142,6 tỷ đồng, đạt 116,6 %. Hộ nghèo còn 3,28%.",
            ["Tổng thu ngân sách là 142,6 tỷ đồng, đạt 116,6 %.", "Hộ nghèo còn 3,28%."],
        ),
        (
            "Thực hiện Kết luận số 839-KL/TU ngày 08/7/2020 về đất đai. Huyện đã làm tốt.",
            ["Thực hiện Kết luận số 839-KL/TU ngày 08/7/2020 về đất đai.", "Huyện đã làm tốt."],
        ),
        (
            "Tổng vốn là 1.234.567 triệu đồng. Dự án ở TP. Hồ Chí Minh chậm.",
            ["Tổng vốn là 1.234.567 triệu đồng.", "Dự án ở TP. Hồ Chí Minh chậm."],
        ),
        (
            "Ông A, PGS.TS. Trần B phát biểu. Hội nghị bế mạc.",
            ["Ông A, PGS.TS. Trần B phát biểu.", "Hội nghị bế mạc."],
        ),
        (
            "Ông A nói: “Phải làm tốt hơn.” Ông B đồng ý.",
            ["Ông A nói: “Phải làm tốt hơn.”", "Ông B đồng ý."],
        ),
        ("T/h: Bảo Ngọc – Thế Anh", ["T/h: Bảo Ngọc – Thế Anh"]),
        ("Huyện đã đạt kế hoạch. T/h: Minh An", ["Huyện đã đạt kế hoạch.", "T/h: Minh An"]),
    ],
)
def test_split_sentences_on_the_genre_hard_cases(paragraph, expected):
    assert split_sentences(paragraph) == expected


def test_caption_line_without_period_stays_its_own_sentence():
    text = "Lãnh đạo huyện báo cáo tại buổi làm việc\nHuyện đề nghị tỉnh hỗ trợ vốn."
    assert [s for _, s in split_report(text)] == [
        "Lãnh đạo huyện báo cáo tại buổi làm việc",
        "Huyện đề nghị tỉnh hỗ trợ vốn.",
    ]


def test_blank_and_nbsp_lines_are_not_paragraphs():
    assert split_paragraphs("Câu một.\n \u00a0\n\r\nCâu  hai.\r\n") == ["Câu một.", "Câu hai."]


def test_a_site_name_is_not_cut_at_its_domain_ending():
    assert split_sentences(
        "Theo Chinhphu.vn, tỉnh đạt 15/17 chỉ tiêu. Huyện đề nghị tỉnh hỗ trợ."
    ) == [
        "Theo Chinhphu.vn, tỉnh đạt 15/17 chỉ tiêu.",
        "Huyện đề nghị tỉnh hỗ trợ.",
    ]
    assert split_sentences("Nguồn: Baochinhphu.vn") == ["Nguồn: Baochinhphu.vn"]


def test_an_overlong_sentence_is_cut_at_spaces_into_bounded_pieces_that_keep_every_word():
    from govtext.text.sentences import MAX_SENTENCE_CHARS

    # A scraped paragraph with no sentence punctuation, 12,000 syllables long.
    prose = "huyện tập trung chỉ đạo phát triển kinh tế xã hội "
    paragraph = (prose * 1100).strip()
    pieces = split_sentences(paragraph)
    assert len(pieces) > 1
    assert all(0 < len(p) <= MAX_SENTENCE_CHARS for p in pieces)
    assert " ".join(pieces) == paragraph  # cut at spaces: no syllable split or lost
    # A paragraph of ordinary length is split exactly as before.
    assert split_sentences("Huyện đã đạt kế hoạch. Xã còn khó khăn.") == [
        "Huyện đã đạt kế hoạch.",
        "Xã còn khó khăn.",
    ]


def test_a_piece_without_any_space_is_cut_at_the_limit():
    from govtext.text.sentences import MAX_SENTENCE_CHARS

    pieces = split_sentences("a" * (2 * MAX_SENTENCE_CHARS + 7))
    assert [len(p) for p in pieces] == [MAX_SENTENCE_CHARS, MAX_SENTENCE_CHARS, 7]


def test_the_standalone_sentence_splitter_splits_as_underthesea_does():
    """``predict`` loads underthesea's sent_tokenize module from its file, without the package
    (which imports every underthesea pipeline): the same function, the same sentences."""
    from underthesea import sent_tokenize

    from govtext.text.sentences import standalone_sent_tokenize
    from helpers import REPORT_A, REPORT_B, SEEDS

    standalone = standalone_sent_tokenize()
    assert standalone is not None and standalone is not sent_tokenize
    paragraphs = [
        line
        for text in [*(p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")), REPORT_A,
                     REPORT_B, "PGS.TS. Trần B nói... Rồi đi. Ảnh: T/h. TP. Hồ Chí Minh có 3,5 %."]
        for line in split_paragraphs(text)
    ]  # fmt: skip
    assert len(paragraphs) > 10
    assert [standalone(p) for p in paragraphs] == [sent_tokenize(p) for p in paragraphs]
