"""Tests for govtext.data.corpus_gold: the pool annotations (ids only) joined with their text,
the splits, and the agreement of the two annotation passes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score

from gold_fixtures import ARTICLES, DEV, write_annotations, write_corpus
from govtext.data.corpus_gold import (
    GOLD_COLUMNS,
    agreement,
    build_gold,
    read_annotations,
    split_summary,
    write_gold,
)
from govtext.errors import GovtextError


@pytest.fixture
def corpus(tmp_path):
    folder = write_corpus(tmp_path / "corpus")
    return folder, write_annotations(folder, tmp_path / "pool-annotations.csv")


def test_the_gold_table_joins_every_annotation_with_its_text_and_keeps_the_splits(corpus):
    folder, annotations = corpus
    gold = build_gold(annotations, folder, seed_sentences=None)
    assert list(gold.columns) == GOLD_COLUMNS
    pool = gold[gold["source"] == "pool-random-article"]
    expected = {text: (label, split) for split, rows in ARTICLES.items() for text, label in rows}
    assert len(pool) == len(expected)
    for row in pool.itertuples():
        assert (row.label, row.split) == expected[row.text]
    dev = gold[gold["source"] == "dev"]
    assert list(dev["text"]) == [text for *_, text, _ in DEV]
    assert set(dev["split"]) == {"train"} and set(dev["doc_id"]) == {"dev-1"}


def test_seed_gold_labels_join_the_train_split(corpus, tmp_path):
    folder, annotations = corpus
    seed = tmp_path / "sentences.csv"
    pd.DataFrame(
        {"doc_id": ["r", "r"], "sent_id": ["a1", "a2"], "position": [1, 2],
         "text": ["Xã đạt chuẩn nông thôn mới.", "Chưa gán nhãn."], "label": ["achievement", ""]}
    ).to_csv(seed, index=False)  # fmt: skip
    gold = build_gold(annotations, folder, seed_sentences=seed)
    seeded = gold[gold["source"] == "seed"]
    assert list(seeded["text"]) == ["Xã đạt chuẩn nông thôn mới."]
    assert list(seeded["split"]) == ["train"]


def test_split_summary_counts_sentences_and_articles_per_split(corpus, tmp_path):
    folder, annotations = corpus
    gold = build_gold(annotations, folder, seed_sentences=None)
    table = split_summary(gold)
    assert list(table.index) == ["train", "validation", "lockbox"]
    assert table.loc["lockbox", "sentences"] == 5 and table.loc["lockbox", "articles"] == 1
    assert table.loc["train", "sentences"] == 10 and table.loc["train", "articles"] == 2
    out = write_gold(gold, tmp_path / "out" / "gold.csv")
    assert pd.read_csv(out, keep_default_na=False).shape == gold.shape


def test_an_annotation_whose_sentence_is_gone_is_an_error_not_a_dropped_label(corpus):
    folder, annotations = corpus
    frame = pd.read_csv(annotations, dtype=str, keep_default_na=False)
    frame.loc[0, "sent_id"] = "ffffffffffff"
    frame.to_csv(annotations, index=False)
    with pytest.raises(GovtextError, match="1 annotated sentence.*ffffffffffff.*none is dropped"):
        build_gold(annotations, folder, seed_sentences=None)


def test_without_the_shared_corpus_the_error_says_what_to_pass(corpus, tmp_path):
    _, annotations = corpus
    with pytest.raises(GovtextError, match="pool.jsonl: not found.*--corpus"):
        build_gold(annotations, tmp_path / "nowhere", seed_sentences=None)


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("label", "praise", "label is not one of"),
        ("split", "test", "split is not one of"),
        ("pass_a", "Other", "pass_a is not one of"),
    ],
)
def test_bad_annotation_rows_are_errors_naming_the_line(corpus, column, value, message):
    _, annotations = corpus
    frame = pd.read_csv(annotations, dtype=str, keep_default_na=False)
    frame.loc[3, column] = value
    frame.to_csv(annotations, index=False)
    with pytest.raises(GovtextError, match=rf"pool-annotations.csv:5: {message}"):
        read_annotations(annotations)


def test_a_label_that_overrides_two_agreeing_passes_is_an_error(corpus):
    _, annotations = corpus
    frame = pd.read_csv(annotations, dtype=str, keep_default_na=False)
    frame.loc[4, "label"] = "request" if frame.loc[4, "label"] != "request" else "other"
    frame.to_csv(annotations, index=False)
    with pytest.raises(GovtextError, match=":6: both passes agree but label differs"):
        read_annotations(annotations)


def test_an_article_on_both_sides_of_a_split_is_an_error(corpus):
    _, annotations = corpus
    frame = pd.read_csv(annotations, dtype=str, keep_default_na=False)
    first_lockbox = frame.index[frame["split"] == "lockbox"][0]
    frame.loc[first_lockbox, "split"] = "train"
    frame.to_csv(annotations, index=False)
    with pytest.raises(GovtextError, match="an article is split"):
        read_annotations(annotations)


def test_agreement_of_a_hand_worked_case():
    # observed 3/4; chance = P(a=x)P(b=x) + P(a=y)P(b=y) = 1/2*1/4 + 1/2*3/4 = 1/2
    frame = pd.DataFrame({"pass_a": ["other", "other", "request", "request"],
                          "pass_b": ["other", "request", "request", "request"]})  # fmt: skip
    result = agreement(frame)
    assert result.sentences == 4 and result.agreed == 3 and result.rate == 0.75
    assert result.kappa == pytest.approx(0.5)
    assert result.per_label["request"] == pytest.approx(0.5)
    assert np.isnan(agreement(frame.iloc[:0]).kappa)


def test_agreement_matches_scikit_learns_cohen_kappa(corpus):
    rng = np.random.default_rng(0)
    labels = np.array(["achievement", "limitation", "request", "instruction", "other"])
    a = rng.choice(labels, 300)
    b = np.where(rng.random(300) < 0.8, a, rng.choice(labels, 300))
    result = agreement(pd.DataFrame({"pass_a": a, "pass_b": b}))
    assert result.kappa == pytest.approx(cohen_kappa_score(a, b))
    for label in labels:
        assert result.per_label[label] == pytest.approx(cohen_kappa_score(a == label, b == label))


def test_the_dataset_card_reports_samples_splits_and_agreement(
    corpus, tiny_seeds, tmp_path, empty_labels
):
    from govtext.data.dataset import build_dataset, write_dataset

    _, annotations = corpus
    dataset = build_dataset(tiny_seeds, empty_labels)
    _, card_path = write_dataset(dataset, tmp_path / "data", annotations)
    card = card_path.read_text(encoding="utf-8")
    assert "| 1 | random-article | 15 | 3 |" in card
    assert "Agreement before adjudication: 14 of 15 sentences (93.3%)" in card
    assert "| lockbox | 1 | 1 | 1 | 1 | 1 | 1 |" in card
    assert "The lockbox (1 articles) and validation (1 articles)" in card
