import codecs
import unicodedata

import pytest

from govtext.errors import GovtextError
from govtext.text import (
    Segmenter,
    decode_report,
    normalize,
    split_paragraphs,
    split_report,
    split_sentences,
    syllables,
    words,
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


def test_nfd_normalises_to_nfc():
    nfc = "Huyện ủy Đắk Song đề nghị tỉnh hỗ trợ."
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    assert normalize(nfd) == nfc
    assert split_report(nfd) == split_report(nfc)


def test_syllables_keep_numbers_codes_and_one_letter_syllables():
    assert syllables("Ở xã, ý kiến: đạt 116,6 % theo 839-KL/TU.") == [
        "ở", "xã", ",", "ý", "kiến", ":", "đạt", "116,6", "%", "theo", "839-kl/tu", ".",
    ]  # fmt: skip


def test_words_join_compounds_and_keep_proper_names():
    assert words("Ban Thường vụ Huyện ủy Đắk Song thực hiện nghiêm") == [
        "ban", "thường_vụ", "huyện_ủy", "đắk_song", "thực_hiện", "nghiêm",
    ]  # fmt: skip


@pytest.mark.parametrize("unit", ["syllable", "word", "raw"])
def test_segmenter_accepts_lists_series_and_frames(unit):
    import pandas as pd

    texts = ["Huyện đạt 116,6 %.", "Tập trung xây dựng Đảng."]
    segmenter = Segmenter(unit=unit).fit(texts)
    from_list = segmenter.transform(texts)
    assert from_list == segmenter.transform(pd.Series(texts))
    assert from_list == segmenter.transform(pd.DataFrame({"text": texts}))
    assert all(isinstance(t, str) and t == t.lower() for t in from_list)


def test_segmenter_rejects_an_unknown_unit():
    with pytest.raises(ValueError, match="unit"):
        Segmenter(unit="morpheme").fit(["a"])


def test_decode_accepts_utf8_bom_and_utf16():
    text = "Huyện đạt kế hoạch."
    assert decode_report(codecs.BOM_UTF8 + text.encode("utf-8")) == text
    assert decode_report(text.encode("utf-16")) == text  # with BOM


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"  \n\n ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("<html><body><p>Huyện đạt.</p></body></html>".encode(), "HTML"),
        (b"Huy\xea\xf2n \xf0a\xf2t k\xea\xec ho\xf2ach \xf0\xea\xcc ra.", "legacy"),  # cp1258
        # TCVN3 text opened as Windows-1252 and saved as UTF-8: valid UTF-8, but mojibake.
        ("Huyön ®¹t kÕ ho¹ch ®Ò ra, tæng thu ng©n s¸ch ®¹t".encode(), "legacy Vietnamese"),
    ],
)
def test_bad_input_is_a_clear_error_naming_the_file(data, message):
    with pytest.raises(GovtextError, match=message) as err:
        decode_report(data, "seeds/bad.txt")
    assert str(err.value).startswith("seeds/bad.txt:")


def test_token_cache_segments_each_sentence_once(tmp_path, monkeypatch):
    import govtext.text as text_module

    sentences = ["Ban Thường vụ Huyện ủy họp.", "Huyện ủy chỉ đạo.", "Ban Thường vụ Huyện ủy họp."]
    cache_file = str(tmp_path / "tokens.sqlite")
    segmenter = Segmenter(unit="word", token_cache=cache_file)
    first = segmenter.transform(sentences)
    assert first == Segmenter(unit="word").transform(sentences)

    def no_underthesea(sentence):
        raise AssertionError(f"segmented again: {sentence}")

    monkeypatch.setattr(text_module, "words", no_underthesea)
    assert Segmenter(unit="word", token_cache=cache_file).transform(sentences) == first
