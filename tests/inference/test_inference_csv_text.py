"""govtext.inference.csv_text: the CSV rows of a labelled chunk equal ``DataFrame.to_csv``'s."""

from __future__ import annotations

import numpy as np
import pandas as pd

from govtext.inference.csv_text import csv_rows


def _to_csv(frame: pd.DataFrame) -> str:
    return frame.to_csv(index=False, header=False, lineterminator="\n")


def test_awkward_strings_and_floats_are_written_as_to_csv_writes_them():
    texts = [
        "Đạt 142,6 tỷ đồng",
        'Nói: "tiếp tục"',
        "hai\ndòng",
        "có\rCR",
        "",
        " lề ",
        "tab\tở",
        "a;b",
    ]
    scores = [0.1, 1.0, -0.0, 1e-05, 1e16, 0.30000000000000004, 5e-324, -2.5]
    frame = pd.DataFrame(
        {
            "source": pd.Series(["báo.csv"] * len(texts), dtype=object),
            "text": pd.Series(texts, dtype=object),
            "label": pd.Series(texts[::-1], dtype="str"),  # an Arrow-backed string column
            "position": np.arange(len(texts), dtype=np.int64),
            "score": scores,
        }
    )
    assert csv_rows(frame) == _to_csv(frame)


def test_random_scores_over_many_magnitudes_match():
    rng = np.random.default_rng(0)
    scores = rng.random((2000, 3)) * 10.0 ** rng.integers(-30, 30, (2000, 3))
    frame = pd.DataFrame(scores, columns=["a", "b", "c"])
    frame.insert(0, "text", pd.Series([f"câu {i}," for i in range(2000)], dtype=object))
    assert csv_rows(frame) == _to_csv(frame)


def test_what_it_does_not_write_is_left_to_to_csv():
    with_nan = pd.DataFrame({"text": ["a", "b"], "score": [0.5, np.nan]})
    with_none = pd.DataFrame({"text": pd.Series(["a", None], dtype=object), "score": [0.5, 1.0]})
    one_column = pd.DataFrame({"text": [""]})
    assert csv_rows(with_nan) is None
    assert csv_rows(with_none) is None
    assert csv_rows(one_column) is None
    assert csv_rows(pd.DataFrame({"text": [], "score": []})) == ""
