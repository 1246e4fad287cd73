"""The notebooks' tables and figures, on hand-written Vietnamese sentences and a real temporary
SQLite MLflow store."""

from __future__ import annotations

import io
import shutil
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from govtext import analysis, tracking
from govtext.config import parse_config
from govtext.errors import GovtextError
from govtext.experiment import run_experiment
from govtext.labels import ALL_LABELS
from govtext.models import build_pipeline
from govtext.rules import LABELLING_FUNCTIONS, label_sentence
from govtext.training import train

FIXTURE = Path(__file__).parent / "fixtures" / "tiny_sentences.csv"
PROJECT = Path(__file__).resolve().parent.parent
TINY = pd.read_csv(FIXTURE, dtype=str, keep_default_na=False)
FAST = {"repeats": 1, "bootstrap": 100}

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


def render(fig: Figure) -> None:
    """Draw the figure as PNG; a glyph missing from the font (a box instead of ệ) fails."""
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="Glyph .* missing from font")
        fig.savefig(io.BytesIO(), format="png")


def assert_titled_and_labelled(fig: Figure) -> None:
    axes = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
    assert axes
    has_suptitle = fig._suptitle is not None and fig._suptitle.get_text()
    assert has_suptitle or all(ax.get_title() for ax in axes)
    assert all(ax.get_xlabel() for ax in axes)
    assert any(ax.get_ylabel() for ax in axes)
    render(fig)


def fit_config(kind: str, *, cues: bool = False, labels=None) -> object:
    raw = {"name": kind, "model": {"kind": kind}, "features": {"cues": cues}}
    pipeline = build_pipeline(parse_config(raw, "test"))
    frame = TINY if labels is None else TINY[TINY["label"].isin(labels)]
    return pipeline.fit(frame["text"].to_numpy(dtype=object), frame["label"].to_numpy(dtype=object))


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


# --------------------------------------------------------------------------- experiments


def board(**extra) -> pd.DataFrame:
    rows = pd.DataFrame(
        {
            "experiment": ["default", "rules", "majority"],
            "macro_f1": [0.6, 0.5, 0.2],
            "macro_f1_low": [0.4, 0.3, 0.1],
            "macro_f1_high": [0.8, 0.7, 0.3],
            "ext_macro_f1": [0.55, np.nan, np.nan],
            "ext_macro_f1_low": [0.4, np.nan, np.nan],
            "ext_macro_f1_high": [0.7, np.nan, np.nan],
            **{f"f1_{k}": [0.5, 0.4, 0.0] for k in ALL_LABELS},
            **{f"ext_f1_{k}": [0.5, np.nan, np.nan] for k in ALL_LABELS},
        }
    )
    return rows.assign(**extra)


def test_seed_vs_external_keeps_runs_with_an_external_score():
    table = analysis.seed_vs_external(board())
    assert list(table["experiment"]) == ["default"]
    assert table.loc[0, "gap"] == pytest.approx(-0.05)
    assert analysis.seed_vs_external(board().iloc[1:]).empty


@pytest.mark.parametrize(
    "draw",
    [
        analysis.forest_figure,
        lambda t: analysis.forest_figure(t, prefix="ext_"),
        analysis.per_class_f1_figure,
        lambda t: analysis.per_class_f1_figure(t, prefix="ext_"),
        analysis.seed_vs_external_figure,
    ],
    ids=["forest", "forest-ext", "per-class", "per-class-ext", "seed-vs-external"],
)
@pytest.mark.parametrize("rows", ["all", "none"])
def test_experiment_figures_are_labelled_and_empty_tables_give_a_message(draw, rows):
    table = board() if rows == "all" else board().iloc[0:0]
    fig = draw(table)
    assert_titled_and_labelled(fig)
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    if rows == "none":
        assert any("no " in t for t in texts)


def test_forest_plot_shows_one_interval_per_experiment_best_on_top():
    fig = analysis.forest_figure(board())
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    ticks = list(ax.get_yticks())
    assert labels[int(np.argmax(ticks))] == "default"
    assert len(labels) == 3


# --------------------------------------------------------------------------- one run's errors


@pytest.mark.parametrize(
    "kind, cues, block",
    [
        ("linearsvc", False, "tfidf"),
        ("logreg", True, "ngrams"),
        ("sgd", False, "tfidf"),
        ("ridge", False, "tfidf"),
    ],
)
def test_top_features_are_the_largest_coefficients(kind, cues, block):
    pipeline = fit_config(kind, cues=cues)
    table = analysis.top_features(pipeline, n=4)
    assert set(table["label"]) == set(ALL_LABELS)
    assert (table.groupby("label").size() == 4).all()
    classifier = pipeline.steps[-1][1]
    for label, part in table.groupby("label"):
        row = classifier.coef_[list(classifier.classes_).index(label)]
        assert part["weight"].iloc[0] == pytest.approx(row.max())
        assert part["weight"].is_monotonic_decreasing
    assert block in set(table["block"])
    if cues:
        assert "cues" in set(table["block"])
        assert set(table.loc[table["block"] == "cues", "feature"]) <= {
            lf.name for lf in LABELLING_FUNCTIONS
        }


def test_top_features_of_complement_nb_are_centred_log_probabilities():
    pipeline = fit_config("complementnb")
    table = analysis.top_features(pipeline, n=3)
    assert set(table["label"]) == set(ALL_LABELS)
    weights = pipeline.named_steps["classify"].feature_log_prob_
    centred = weights - weights.mean(axis=0)
    assert table["weight"].max() == pytest.approx(centred.max())


def test_top_features_of_a_binary_linear_model_have_both_classes():
    pipeline = fit_config("linearsvc", labels=["request", "other"])
    table = analysis.top_features(pipeline, n=2).set_index(["label", "rank"])
    coef = pipeline.named_steps["classify"].coef_[0]  # positive: classes_[1] = "request"
    assert table.loc[("request", 1), "weight"] == pytest.approx(coef.max())
    assert table.loc[("other", 1), "weight"] == pytest.approx(-coef.min())


@pytest.mark.parametrize("kind", ["majority", "rules"])
def test_top_features_skip_models_without_weights(kind):
    table = analysis.top_features(fit_config(kind))
    assert table.empty and "has no feature weights" in table.attrs["note"]
    fig = analysis.top_features_figure(table)
    assert_titled_and_labelled(fig)
    assert "has no feature weights" in fig.axes[0].texts[0].get_text()


def test_top_features_figure_is_labelled():
    assert_titled_and_labelled(
        analysis.top_features_figure(analysis.top_features(fit_config("logreg", cues=True), 5))
    )


def experiment(kind: str, **evaluation) -> object:
    raw = {
        "name": kind,
        "model": {"kind": kind},
        "data": {"path": str(FIXTURE)},
        "evaluation": {**FAST, **evaluation},
    }
    if evaluation.get("protocol") == "grouped":
        raw["data"]["group_column"] = "doc_id"
    return run_experiment(parse_config(raw, "test"))


@pytest.mark.parametrize(
    "kind, scores",
    [
        ("logreg", "probability"),
        ("linearsvc", "decision function"),
        ("complementnb", "probability"),
        ("majority", "probability"),
        ("rules", None),
    ],
)
def test_out_of_fold_scores_reproduce_the_runs_predictions(kind, scores):
    result = experiment(kind)
    frame = analysis.out_of_fold_scores(result)
    assert list(frame["predicted"]) == list(result.cross_validation.predictions["predicted"])
    score_columns = [f"score_{k}" for k in ALL_LABELS]
    if scores is None:
        assert not set(score_columns) & set(frame.columns)
        assert frame.attrs["score_kind"].startswith("none")
        return
    assert frame.attrs["score_kind"] == scores
    values = frame[score_columns].to_numpy()
    if kind in ("logreg", "linearsvc"):  # predict is the argmax of these scores
        assert list(np.array(ALL_LABELS)[np.nanargmax(values, axis=1)]) == list(frame["predicted"])
    if scores == "probability":
        assert np.allclose(np.nansum(values, axis=1), 1.0)


def test_out_of_fold_scores_follow_a_grouped_protocol_and_three_repeats():
    result = experiment("logreg", protocol="grouped", repeats=3)
    frame = analysis.out_of_fold_scores(result)
    assert list(frame["predicted"]) == list(result.cross_validation.predictions["predicted"])


def test_errors_table_lists_the_misclassified_with_the_rules_view():
    result = experiment("linearsvc")
    errors = analysis.errors_table(result)
    predictions = result.cross_validation.predictions
    assert len(errors) == int((predictions["label"] != predictions["predicted"]).sum())
    assert (errors["label"] != errors["predicted"]).all()
    assert list(errors["rules"]) == [label_sentence(t) for t in errors["text"]]
    assert (errors["rules_right"] == (errors["rules"] == errors["label"])).all()
    assert {"score_request", "cues", "row"} <= set(errors.columns)
    summary = analysis.rules_on_errors(errors)
    assert summary["model_errors"].sum() == len(errors)
    assert summary["rules_right"].sum() == int(errors["rules_right"].sum())


def test_no_errors_give_empty_tables():
    errors = analysis.errors_table(experiment("rules")).iloc[0:0]
    assert analysis.rules_on_errors(errors).empty


# --------------------------------------------------------------------------- the store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A temporary SQLite store: rules twice (only the newer counts as latest) and logreg."""
    work = tmp_path_factory.mktemp("analysis-store")
    (work / "data").mkdir()
    shutil.copy(FIXTURE, work / "data" / "sentences.csv")
    uri = f"sqlite:///{work / 'mlflow.db'}"
    overrides = ["evaluation.repeats=1", "evaluation.bootstrap=100"]
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(work)
        mp.setenv("MLFLOW_TRACKING_URI", uri)
        configs = [
            PROJECT / "experiments" / f"{n}.toml" for n in ("rules", "tfidf-syllable-logreg")
        ]
        first = train(configs, overrides, eval_data=FIXTURE)
        second = train([configs[0]], overrides)
    return {"uri": uri, "work": work, "old_rules": first[0].run_id, "logreg": first[1].run_id,
            "rules": second[0].run_id}  # fmt: skip


def test_run_metrics_has_every_metric_per_run(store):
    metrics = tracking.run_metrics(store["uri"])
    assert set(metrics.index) == {store["old_rules"], store["logreg"], store["rules"]}
    assert {"start_time", "f1_request", "ext_f1_request", "macro_f1"} <= set(metrics.columns)
    assert tracking.run_metrics(store["uri"], "no-such-experiment").empty
    empty = analysis.experiment_table(store["uri"], "no-such-experiment")
    assert empty.empty and "f1_request" in empty.columns
    assert_titled_and_labelled(analysis.forest_figure(empty))


def test_experiment_table_keeps_the_newest_run_per_config(store):
    table = analysis.experiment_table(store["uri"])
    assert sorted(table["run_id"]) == sorted([store["rules"], store["logreg"]])
    assert table["macro_f1"].is_monotonic_decreasing
    assert table[[f"f1_{k}" for k in ALL_LABELS]].notna().all().all()
    every = analysis.experiment_table(store["uri"], latest=False)
    assert len(every) == 3
    external = analysis.seed_vs_external(table)
    assert list(external["experiment"]) == ["tfidf-syllable-logreg"]  # the newer rules run has none
    assert_titled_and_labelled(analysis.forest_figure(table))


def test_choose_run_prefers_the_named_config_then_the_newest(store):
    assert analysis.choose_run(store["uri"], "abc") == "abc"
    assert analysis.choose_run(store["uri"], prefer="tfidf-syllable-logreg") == store["logreg"]
    assert analysis.choose_run(store["uri"]) == store["rules"]  # no "default" run: the newest


def test_rerun_gives_the_logged_metrics_and_refuses_other_data(store, tmp_path):
    run = analysis.rerun(
        store["uri"], store["logreg"], data=store["work"] / "data" / "sentences.csv"
    )
    assert run.matches and run.comparison()["same"].all()
    assert "macro_f1" in set(run.comparison()["metric"])
    changed = tmp_path / "changed.csv"
    changed.write_text(
        FIXTURE.read_text(encoding="utf-8").replace("116,6", "117"), encoding="utf-8"
    )
    with pytest.raises(GovtextError, match="content hash"):
        analysis.rerun(store["uri"], store["logreg"], data=changed)


def test_store_uri_never_creates_an_empty_store(store, tmp_path, monkeypatch):
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    with pytest.raises(GovtextError, match="no MLflow store there"):
        analysis.store_uri("", default=tmp_path / "mlflow.db")
    assert not (tmp_path / "mlflow.db").exists()
    assert analysis.store_uri("", default=store["work"] / "mlflow.db") == store["uri"]
    assert analysis.store_uri(store["uri"], default=tmp_path / "x.db") == store["uri"]
    monkeypatch.setenv("MLFLOW_TRACKING_URI", store["uri"])
    assert analysis.store_uri("", default=tmp_path / "x.db") == store["uri"]


def test_rerun_of_a_word_run_writes_no_token_cache_beside_the_notebook(
    store, tmp_path, monkeypatch
):
    overrides = ["evaluation.repeats=1", "evaluation.bootstrap=100", "tracking.experiment=words"]
    monkeypatch.chdir(store["work"])
    (run,) = train([PROJECT / "experiments" / "tfidf-word-logreg.toml"], overrides)
    monkeypatch.chdir(tmp_path)
    again = analysis.rerun(store["uri"], run.run_id, data=store["work"] / "data" / "sentences.csv")
    assert again.matches
    assert list(tmp_path.iterdir()) == []
