"""govtext.text.segmenter: the Segmenter step."""

import pytest

from govtext.text import (
    Segmenter,
)


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
