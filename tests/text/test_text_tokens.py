"""govtext.text.tokens: syllables, words and the token cache."""

import random
import unicodedata

import pytest

from govtext.text import (
    Segmenter,
    syllables,
    tokens,
    words,
)
from govtext.text.tokens import SYLLABLE_TOKEN
from helpers import missing


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


@pytest.fixture(params=["python", "c"])
def implementation(request, monkeypatch):
    """``syllables`` as the Python fallback computes it, and as the C extension does."""
    if request.param == "python":
        monkeypatch.setattr(tokens, "_syllables", None)
    elif tokens._syllables is None:
        missing("govtext.text._syllables was not built (no C compiler at install time)")
    return request.param


def _emptied(implementation: str, monkeypatch) -> None:
    """The table of pieces emptied, and (Python) emptied again at every new piece."""
    if implementation == "c":
        tokens._syllables.clear()
    else:
        monkeypatch.setattr(tokens._Tokenised, "LIMIT", 1)
        tokens._PIECES.clear()


@pytest.mark.parametrize("sentence", AWKWARD)
def test_syllables_are_the_token_pattern_over_the_whole_sentence(
    sentence, implementation, monkeypatch
):
    whole = SYLLABLE_TOKEN.findall(unicodedata.normalize("NFC", sentence).lower())
    assert syllables(sentence) == whole
    assert syllables(sentence) == whole  # the second time from the pieces already seen
    _emptied(implementation, monkeypatch)
    assert syllables(sentence) == whole


def test_random_text_of_every_width_gives_the_patterns_tokens(implementation, monkeypatch):
    # Pieces of one-byte, two-byte and four-byte characters side by side, so that a piece is
    # looked up in a sentence of another width than the one it was first seen in.
    alphabet = [
        "a", "Z", "_", "1", ",", ".", "-", "/", ":", "%", "é", "đ", "ệ", "Ư", "\u0301", "😀",
        "𝟙", " ", "  ", "\t", "\xa0", "\u2028", "\x1c", "\u200b", "\n",
    ]  # fmt: skip
    rng = random.Random(3)
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(800)]
    for round_ in range(2):
        if round_:
            _emptied(implementation, monkeypatch)
        for text in texts:
            whole = SYLLABLE_TOKEN.findall(unicodedata.normalize("NFC", text).lower())
            assert syllables(text) == whole, text


def test_the_c_table_of_pieces_is_bounded():
    if tokens._syllables is None:
        missing("govtext.text._syllables was not built (no C compiler at install time)")
    tokens._syllables.clear()
    text = " ".join(f"x{i}" for i in range(130_000))
    assert syllables(text) == text.split()
    assert 0 < tokens._syllables.size() <= 100_000  # emptied once on the way, not grown
    assert syllables("x5 x129999") == ["x5", "x129999"]
