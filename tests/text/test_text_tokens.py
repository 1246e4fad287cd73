"""govtext.text.tokens: syllables, words and the token cache."""

import unicodedata

import pytest

from govtext.text import (
    Segmenter,
    syllables,
    tokens,
    words,
)
from govtext.text.tokens import SYLLABLE_TOKEN


def test_syllables_keep_numbers_codes_and_one_letter_syllables():
    assert syllables("Ở xã, ý kiến: đạt 116,6 % theo 839-KL/TU.") == [
        "ở", "xã", ",", "ý", "kiến", ":", "đạt", "116,6", "%", "theo", "839-kl/tu", ".",
    ]  # fmt: skip


def test_words_join_compounds_and_keep_proper_names():
    assert words("Ban Thường vụ Huyện ủy Đắk Song thực hiện nghiêm") == [
        "ban", "thường_vụ", "huyện_ủy", "đắk_song", "thực_hiện", "nghiêm",
    ]  # fmt: skip


def test_token_cache_segments_each_sentence_once(tmp_path, monkeypatch):
    import govtext.text.tokens as text_module

    sentences = ["Ban Thường vụ Huyện ủy họp.", "Huyện ủy chỉ đạo.", "Ban Thường vụ Huyện ủy họp."]
    cache_file = str(tmp_path / "tokens.sqlite")
    segmenter = Segmenter(unit="word", token_cache=cache_file)
    first = segmenter.transform(sentences)
    assert first == Segmenter(unit="word").transform(sentences)

    def no_underthesea(sentence):
        raise AssertionError(f"segmented again: {sentence}")

    monkeypatch.setattr(text_module, "words", no_underthesea)
    assert Segmenter(unit="word", token_cache=cache_file).transform(sentences) == first


# Whitespace of every kind the splitter and the pattern must agree on (NBSP, tabs, the
# information separators \x1c-\x1f, a line separator), codes, runs of marks, a zero-width space.
AWKWARD = [
    "Thu ngân sách\xa0đạt 142,6 tỷ\tđồng (08/7/2020, số 839-KL/TU).",
    "Tỷ lệ..hộ nghèo  giảm\x1c còn 3,5%;\x1fđường\u2028giao thông",
    "a.-b a-b-c 1.000.000 ... ?! _x x_ \u200bẢnh: TTXVN",
    "   ",
    "",
]


@pytest.mark.parametrize("sentence", AWKWARD)
def test_syllables_are_the_token_pattern_over_the_whole_sentence(sentence, monkeypatch):
    whole = SYLLABLE_TOKEN.findall(unicodedata.normalize("NFC", sentence).lower())
    assert syllables(sentence) == whole
    assert syllables(sentence) == whole  # the second time from the pieces already seen
    monkeypatch.setattr(tokens._Tokenised, "LIMIT", 1)  # emptied at every new piece
    tokens._PIECES.clear()
    assert syllables(sentence) == whole
