"""Tests for govtext.rules.usage: where the lexicon's phrases occur, and which look written for
the labelled data."""

from __future__ import annotations

import pandas as pd

from govtext.rules.usage import lexicon_report, phrase_usage, tuned_to_labelled

LABELLED = [
    "Huyện đề nghị tỉnh hỗ trợ kinh phí.",
    "Xã đề nghị huyện quan tâm, hỗ trợ.",
    "Tình hình còn nhiều hạn chế.",
]
POOL = ["Thời tiết hôm nay đẹp.", "Huyện đề nghị tỉnh bố trí vốn.", "Giá vàng tăng."]


def test_phrases_are_counted_once_a_sentence_on_whole_tokens():
    usage = phrase_usage(LABELLED, POOL)
    ask = usage[usage["phrase"] == "đề nghị"].iloc[0]
    assert (ask["labelled"], ask["pool"]) == (2, 1)
    assert ask["labelled_per_1000"] == 2000 / 3
    han_che = usage[usage["phrase"] == "hạn chế"].iloc[0]
    assert (han_che["labelled"], han_che["pool"]) == (1, 0)
    # "đề" alone is no phrase; a phrase never matches inside a longer token
    assert not usage["phrase"].eq("đề").any()
    assert usage["source"].str.len().gt(0).all()


def test_suspects_are_frequent_on_labelled_data_and_rare_on_the_pool():
    usage = pd.DataFrame(
        {
            "phrase": ["a", "b", "c", "d"],
            "labelled": [5, 5, 1, 3],
            "pool": [0, 50, 0, 1],
            "labelled_per_1000": [5.0, 5.0, 1.0, 3.0],
            "pool_per_1000": [0.0, 0.5, 0.0, 0.2],
        }
    )
    assert list(tuned_to_labelled(usage)["phrase"]) == ["a", "d"]
    assert list(tuned_to_labelled(usage, max_ratio=0.05)["phrase"]) == ["a"]


def test_the_report_never_reads_lockbox_rows(tmp_path):
    gold = pd.DataFrame(
        {
            "text": ["Còn nhiều hạn chế.", "Còn nhiều hạn chế, yếu kém.", "Nhiều bất cập."],
            "label": ["limitation"] * 3,
            "split": ["train", "train", "lockbox"],
        }
    )
    gold.to_csv(tmp_path / "gold.csv", index=False)
    pd.DataFrame({"text": POOL * 20}).to_csv(tmp_path / "pool.csv", index=False)
    suspects = lexicon_report(tmp_path / "gold.csv", tmp_path / "pool.csv")
    assert "hạn chế" in set(suspects["phrase"])
    assert "bất cập" not in set(suspects["phrase"])  # only in a lockbox row
