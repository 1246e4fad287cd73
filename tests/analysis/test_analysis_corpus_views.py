"""govtext.analysis.corpus_views: the dataset's tables and figures, on hand-written Vietnamese sentences."""

from __future__ import annotations

import pandas as pd
import pytest

from exported import FIXTURE
from figure_checks import assert_titled_and_labelled
from govtext import analysis
from govtext.errors import GovtextError
from govtext.labels import ALL_LABELS
from govtext.rules import LABELLING_FUNCTIONS
from helpers import PROJECT

TINY = pd.read_csv(FIXTURE, dtype=str, keep_default_na=False)

SMALL = pd.DataFrame(
    {
        "text": [
            "Huyện đề nghị tỉnh hỗ trợ kinh phí làm đường.",
            "Xã đề nghị huyện bố trí vốn xây trường.",
            "Tổng thu ngân sách đạt 116,6 % dự toán.",
            "Huyện đã hoàn thành 15/17 chỉ tiêu.",
            "Công tác cải cách hành chính còn chậm.",
        ],
        "label": ["request", "request", "achievement", "achievement", "limitation"],
    }
)


# --------------------------------------------------------------------------- the dataset


def test_with_tokens_adds_only_missing_columns():
    frame = analysis.with_tokens(SMALL, words=False)
    assert frame.loc[2, "syllables"].startswith("tổng thu ngân sách đạt 116,6 %")
    assert "words" not in frame.columns and "syllables" not in SMALL.columns
    kept = analysis.with_tokens(frame.assign(syllables="x y"), words=False)
    assert set(kept["syllables"]) == {"x y"}


def test_load_corpora_shows_the_external_set_only_when_it_exists(tmp_path):
    seed = PROJECT / "data" / "sentences.csv"
    alone = analysis.load_corpora(seed, tmp_path / "absent.csv", words=False)
    assert list(alone) == ["seed: sentences.csv"]
    both = analysis.load_corpora(seed, FIXTURE, words=False)
    assert list(both) == ["seed: sentences.csv", "external: tiny_sentences.csv"]
    assert len(both["external: tiny_sentences.csv"]) == 25


def test_label_counts_and_lengths_per_corpus():
    counts = analysis.label_count_table({"a": SMALL, "b": TINY})
    assert list(counts.index) == [*ALL_LABELS, "unlabelled"]
    assert counts.loc["request", "a"] == 2 and counts.loc["request", "b"] == 5
    lengths = analysis.sentence_lengths(SMALL)
    assert lengths[2] == 8  # "116,6" counts once; "%" and "." do not count
    table = analysis.length_table(SMALL)
    assert set(table["label"]) == {"request", "achievement", "limitation"}
    assert table.set_index("label").loc["limitation", "max"] == 8


def test_distinctive_ngrams_find_the_cue_of_a_label_and_skip_punctuation():
    table = analysis.distinctive_ngrams(SMALL, "syllables", n=3)
    request = table[table["label"] == "request"]
    assert {"đề", "nghị"} <= set(request["token"])
    assert list(request["rank"]) == [1, 2, 3] and request["z"].is_monotonic_decreasing
    assert (table["z"] > 0).all()
    assert not set(table["token"]) & {".", "%", ",", "116,6"}
    bigrams = analysis.distinctive_ngrams(SMALL, "syllables", n=1, ngram_range=(2, 2))
    assert bigrams.set_index("label").loc["request", "token"] == "đề nghị"


def test_distinctive_table_puts_corpora_side_by_side():
    table = analysis.distinctive_table({"a": SMALL, "b": TINY}, "syllables", n=2)
    assert ("a", "request") in table.columns and ("b", "other") in table.columns
    assert list(table.index) == [1, 2]


def test_cue_lexicon_lists_every_labelling_function():
    lexicon = analysis.cue_lexicon()
    assert list(lexicon["function"]) == [lf.name for lf in LABELLING_FUNCTIONS]
    assert set(lexicon["votes_for"]) <= set(ALL_LABELS)
    assert lexicon["cues"].str.len().gt(0).all()


def test_cue_firing_shares_per_gold_label():
    by_label = analysis.cue_firing(SMALL)
    assert by_label.loc["request", ("data", "request")] == 1.0
    assert ((by_label >= 0) & (by_label <= 1)).all().all()
    by_function = analysis.cue_firing({"a": SMALL, "b": TINY}, by="function")
    assert by_function.index.names == ["votes for", "function"]
    assert len(by_function) == len(LABELLING_FUNCTIONS)
    assert ("request", "lf_request_upward") in by_function.index
    with pytest.raises(GovtextError, match="use 'label' or 'function'"):
        analysis.cue_firing(SMALL, by="word")


def test_examples_are_a_fixed_sample_per_label():
    first = analysis.examples_per_label({"b": TINY}, n=2)
    assert first.equals(analysis.examples_per_label({"b": TINY}, n=2))
    assert first.groupby("label").size().to_dict() == dict.fromkeys(ALL_LABELS, 2)
    assert set(first["text"]) <= set(TINY["text"])


@pytest.mark.parametrize(
    "draw",
    [
        analysis.label_count_figure,
        analysis.length_figure,
        analysis.distinctive_figure,
        lambda c: analysis.distinctive_figure(c, "words"),
        analysis.cue_firing_figure,
    ],
    ids=["counts", "lengths", "distinctive", "distinctive-words", "cues"],
)
def test_dataset_figures_are_titled_labelled_and_render_vietnamese(draw):
    fig = draw({"seed": SMALL, "external": TINY})
    assert_titled_and_labelled(fig)
    assert len([ax for ax in fig.axes if ax.get_label() != "<colorbar>"]) >= 2
