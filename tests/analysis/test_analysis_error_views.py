"""govtext.analysis.error_views: one run re-computed, its out-of-fold scores, errors and top features,
on hand-written sentences and a real temporary SQLite MLflow store."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from exported import FIXTURE
from figure_checks import assert_titled_and_labelled
from gold_fixtures import ARTICLES, write_annotations, write_corpus
from govtext import analysis
from govtext.data.corpus_gold import build_gold, write_gold
from govtext.errors import GovtextError
from govtext.labels import ALL_LABELS
from govtext.learning.config import parse_config
from govtext.learning.experiment import run_experiment
from govtext.learning.models import build_pipeline
from govtext.rules import LABELLING_FUNCTIONS, label_sentence
from govtext.training import train
from helpers import PROJECT

TINY = pd.read_csv(FIXTURE, dtype=str, keep_default_na=False)
FAST = {"repeats": 1, "bootstrap": 100}


def fit_config(kind: str, *, cues: bool = False, labels=None) -> object:
    raw = {"name": kind, "model": {"kind": kind}, "features": {"cues": cues}}
    pipeline = build_pipeline(parse_config(raw, "test"))
    frame = TINY if labels is None else TINY[TINY["label"].isin(labels)]
    return pipeline.fit(frame["text"].to_numpy(dtype=object), frame["label"].to_numpy(dtype=object))


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


def test_no_errors_say_why_instead_of_an_empty_table(capsys, tmp_path):
    # The fixture's sentences the rules label right: the rules baseline makes no error on them.
    right = TINY[TINY["text"].map(label_sentence) == TINY["label"]]
    assert len(right) >= 20
    right.to_csv(tmp_path / "right.csv", index=False)
    raw = {"name": "rules", "model": {"kind": "rules"}, "data": {"path": str(tmp_path / "right.csv")},
           "evaluation": FAST}  # fmt: skip
    result = run_experiment(parse_config(raw, "test"))
    errors = analysis.errors_table(result)
    assert errors.empty
    why = errors.attrs["why_empty"]
    assert why.startswith("no held-out errors: every one of the out-of-fold predictions (")
    assert "stratified cross-validation on right.csv" in why
    assert analysis.table_or_reason(errors) is None
    assert capsys.readouterr().out == why + "\n"
    assert analysis.table_or_reason(analysis.rules_on_errors(errors)) is None
    assert capsys.readouterr().out.startswith("nothing to set beside the rules")
    assert analysis.table_or_reason(analysis.top_features(result.pipeline)) is None
    assert "has no feature weights" in capsys.readouterr().out


def test_a_table_with_rows_is_shown_as_it_is(capsys):
    errors = analysis.errors_table(experiment("linearsvc"))
    assert not errors.empty and "why_empty" not in errors.attrs
    assert analysis.table_or_reason(errors) is errors
    assert capsys.readouterr().out == ""


# --------------------------------------------------------------------------- a holdout run

LOCKBOX_TEXTS = {text for text, _ in ARTICLES["lockbox"]}
VALIDATION_TEXTS = {text for text, _ in ARTICLES["validation"]}


@pytest.fixture(scope="module")
def gold(tmp_path_factory) -> Path:
    """A gold table with train, validation and lockbox articles (tests/gold_fixtures.py)."""
    work = tmp_path_factory.mktemp("gold")
    corpus = write_corpus(work / "corpus")
    annotations = write_annotations(corpus, work / "pool-annotations.csv")
    return write_gold(build_gold(annotations, corpus, seed_sentences=None), work / "gold.csv")


def holdout(gold: Path, kind: str, cues: bool) -> object:
    raw = {
        "name": f"holdout-{kind}",
        "data": {"path": str(gold), "split_column": "split", "group_column": "doc_id"},
        "features": {"cues": cues},
        "model": {"kind": kind},
        "evaluation": {"protocol": "holdout", "bootstrap": 100},
    }
    return run_experiment(parse_config(raw, "test"))


def test_a_holdout_run_shows_its_validation_errors_never_the_lockbox(gold):
    result = holdout(gold, "linearsvc", cues=False)  # n-grams of 10 sentences: it errs
    logged = result.cross_validation.predictions
    assert (logged["label"] != logged["predicted"]).any()
    frame = analysis.held_out_scores(result)
    assert set(frame["text"]) == VALIDATION_TEXTS and not LOCKBOX_TEXTS & set(frame["text"])
    assert list(frame["predicted"]) == list(logged["predicted"])  # the run's own predictions
    assert frame.attrs["score_kind"] == "decision function"
    values = frame[[f"score_{k}" for k in ALL_LABELS]].to_numpy()
    assert list(np.array(ALL_LABELS)[np.nanargmax(values, axis=1)]) == list(frame["predicted"])
    assert "validation split of gold.csv (holdout" in frame.attrs["predictions"]
    errors = analysis.errors_table(result)
    assert len(errors) == int((logged["label"] != logged["predicted"]).sum()) > 0
    assert set(errors["text"]) <= VALIDATION_TEXTS
    assert analysis.rules_on_errors(errors)["model_errors"].sum() == len(errors)


def test_a_holdout_run_without_errors_says_so(gold, capsys):
    result = holdout(gold, "linearsvc", cues=True)
    assert result.cross_validation.metrics["accuracy"] == 1.0  # the cues carry it
    errors = analysis.errors_table(result)
    assert errors.empty
    assert analysis.table_or_reason(errors) is None
    assert capsys.readouterr().out == (
        "no held-out errors: every one of the predictions on the 5 sentences of the validation "
        "split of gold.csv (holdout; model fitted on the train split) is right.\n"
    )


# --------------------------------------------------------------------------- the store


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


def test_external_errors_are_the_logged_ones_and_flag_an_in_sample_set(store):
    data = store["work"] / "data" / "sentences.csv"
    run = analysis.rerun(store["uri"], store["logreg"], data=data)  # scored on its own data
    errors = analysis.external_errors(run)
    logged = run.result.cross_validation.predictions  # the same sentences, as it happens
    assert "IN-SAMPLE: 25 of them were also trained on" in errors.attrs["predictions"]
    assert (errors["label"] != errors["predicted"]).all()
    assert {"rules", "rules_right", "cues"} <= set(errors.columns)
    assert len(errors) <= len(logged)
    without = analysis.external_errors(analysis.rerun(store["uri"], store["rules"], data=data))
    assert without.empty
    assert without.attrs["why_empty"].startswith(
        "no external errors to show: the run was not scored on an external set"
    )
