"""govtext.learning.weak: labelling-function statistics and weak labels."""

import pandas as pd
import pytest

from govtext.data.corpora import corpus_texts
from govtext.errors import GovtextError
from govtext.learning.weak import (
    drop_uncovered,
    lf_summary,
    overall_summary,
    vote_matrix,
    weak_labels,
)
from govtext.rules import LABELLING_FUNCTIONS

SENTENCES = [
    "Huyện đề nghị tỉnh quan tâm hỗ trợ kinh phí xây dựng trường học.",
    "Bí thư Tỉnh ủy yêu cầu huyện tập trung xử lý dứt điểm vi phạm đất đai.",
    "Tỷ lệ hộ nghèo giảm còn 2,1 %, vượt chỉ tiêu đề ra.",
    "Công tác giải ngân vốn đầu tư công còn chậm.",
    "T/h: Minh An",
    "Trời hôm nay nắng đẹp.",
]
GOLD = ["request", "instruction", "achievement", "limitation", "other", "other"]


def test_vote_matrix_has_a_column_per_labelling_function():
    matrix = vote_matrix(SENTENCES)
    assert list(matrix.columns) == [lf.name for lf in LABELLING_FUNCTIONS]
    assert len(matrix) == len(SENTENCES)
    assert matrix.iloc[-1].isna().all()  # nothing fires on the weather


def test_summary_figures_are_shares_and_accuracy_uses_gold():
    matrix = vote_matrix(SENTENCES)
    summary = lf_summary(matrix, GOLD)
    for column in ("coverage", "overlap", "conflict"):
        assert summary[column].between(0, 1).all()
    assert (summary["overlap"] <= summary["coverage"]).all()
    assert (summary["conflict"] <= summary["overlap"]).all()
    fired = summary[summary["votes"] > 0]
    assert fired["accuracy"].notna().all()
    overall = overall_summary(matrix)
    assert overall["coverage"] == pytest.approx(5 / 6)


def test_hand_made_conflict_is_counted():
    matrix = pd.DataFrame(
        [["request", "instruction"], ["request", None], [None, None]],
        columns=[lf.name for lf in LABELLING_FUNCTIONS[:2]],
    )
    assert overall_summary(matrix) == {
        "sentences": 3.0,
        "coverage": pytest.approx(2 / 3),
        "overlap": pytest.approx(1 / 3),
        "conflict": pytest.approx(1 / 3),
    }


@pytest.mark.parametrize("method", ["rules", "majority"])
def test_weak_labels_follow_the_rules_on_clear_sentences(method):
    frame = weak_labels(SENTENCES, method)
    assert list(frame["label"]) == GOLD
    assert frame.loc[5, "votes"] == 0 and frame.loc[5, "agreement"] == 0.0


def test_unknown_method_is_an_error():
    with pytest.raises(GovtextError, match="weak-label method"):
        weak_labels(SENTENCES, "snorkel")


def test_drop_uncovered_keeps_voted_labels_and_other():
    frame = pd.DataFrame(
        {"text": list("abc"), "label": ["request", "other", "achievement"], "votes": [1, 0, 0]}
    )
    assert list(drop_uncovered(frame)["text"]) == ["a", "b"]


def test_corpus_texts_from_reports_and_csv(tiny_seeds, tmp_path):
    texts = corpus_texts(tiny_seeds)
    assert "T/h: Minh An" in texts
    csv = tmp_path / "s.csv"
    csv.write_text("text\nHuyện đạt.\nXã chưa đạt.\n", encoding="utf-8")
    assert corpus_texts(csv, limit=1) == ["Huyện đạt."]


def test_weak_label_cli_on_the_real_pool(corpus_dir, tmp_path):
    from govtext.data.corpora import corpus_texts as texts_of

    texts = texts_of(corpus_dir / "pool.jsonl", limit=300)
    frame = weak_labels(texts)
    assert len(frame) == 300
    assert set(frame["label"]) >= {"achievement", "instruction", "other"}
