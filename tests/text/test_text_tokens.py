"""govtext.text.tokens: syllables, words and the token cache."""

from govtext.text import (
    Segmenter,
    syllables,
    words,
)


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
