"""Views of one run's errors: the run re-computed from its logged config, its held-out scores
(out-of-fold for cross-validation, the validation split for a ``holdout`` run), the misclassified
sentences beside what the rules say, the errors logged on an external set, and the top-weighted
features. A table with nothing to show says why (``attrs["why_empty"]``, ``table_or_reason``).
The lockbox is never scored here: only ``govtext lockbox`` looks at it."""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from sklearn.pipeline import FeatureUnion, Pipeline

from govtext import leaderboard, rules, tracking
from govtext.analysis.common import LABEL_COLOURS, message_figure
from govtext.analysis.experiment_views import protocol_name
from govtext.errors import GovtextError
from govtext.labels import ALL_LABELS
from govtext.learning.experiment import holdout_fit, protocol_for, run_experiment
from govtext.learning.protocols import out_of_fold_fits
from govtext.learning.results import ExperimentResult
from govtext.training import logged_config

log = logging.getLogger(__name__)


def choose_run(
    uri: str, run_id: str = "", experiment: str = "govtext", prefer: str = "default"
) -> str:
    """``run_id`` if given, else the newest run of the ``prefer`` config, else the newest run."""
    if run_id:
        return run_id
    try:
        return leaderboard.latest_run_id(uri, experiment, name=prefer)
    except GovtextError:
        log.info("no run of %r in %s; taking the newest run", prefer, uri)
        return leaderboard.latest_run_id(uri, experiment, name=None)


@dataclass(frozen=True)
class Rerun:
    """A tracked run re-computed from its logged config: its fitted pipeline and predictions."""

    run_id: str
    logged_metrics: dict[str, float]
    result: ExperimentResult
    uri: str = ""  # the store it was read from (for what the run logged beyond metrics)

    def comparison(self) -> pd.DataFrame:
        """Every cross-validation metric as logged and as re-computed; ``same`` is exact equality."""
        fresh = self.result.cross_validation.metrics
        rows = [
            {"metric": k, "logged": v, "rerun": fresh.get(k, np.nan), "same": fresh.get(k) == v}
            for k, v in sorted(self.logged_metrics.items())
            if not k.startswith("ext_")
        ]
        return pd.DataFrame(rows, columns=["metric", "logged", "rerun", "same"])

    @property
    def matches(self) -> bool:
        return bool(self.comparison()["same"].all())


def rerun(uri: str, run_id: str, data: str | Path | None = None) -> Rerun:
    """Re-run a tracked run's logged config (cross-validation and the final fit) without logging.

    Training is deterministic, so this gives the run's own predictions and fitted model. ``data``
    replaces the config's data path (which is relative to where training ran); its content must
    hash to what the run logged, or the comparison would be meaningless and it is an error.
    """
    logged, config = logged_config(uri, run_id, data, fix="pass the data it was trained on")
    if config.features.token_cache:
        # The cache only saves time (it never changes a token), and its path is relative to
        # where training ran: without it a re-run writes no file beside the notebook.
        features = dataclasses.replace(config.features, token_cache="")
        config = dataclasses.replace(config, features=features)
    return Rerun(run_id, dict(logged.metrics), run_experiment(config), uri)


def score_kind(pipeline: Pipeline) -> str | None:
    """How a pipeline scores the labels: ``"probability"``, ``"decision function"`` or None."""
    if hasattr(pipeline, "predict_proba"):
        return "probability"
    if hasattr(pipeline, "decision_function"):
        return "decision function"
    return None


def out_of_fold_scores(result: ExperimentResult) -> pd.DataFrame:
    """Every sentence's out-of-fold prediction and per-label scores, first repeat of the run's
    cross-validation: the same folds and seeds, so ``predicted`` equals the run's predictions.

    Columns: row, text, label, predicted, and ``score_<label>`` for every label when the model
    scores (probabilities, else decision-function values; ``attrs["score_kind"]`` says which).
    A label missing from a fold's training part gets NaN.
    """
    config, data = result.config, result.data
    protocol, groups = protocol_for(config, data)
    protocol = dataclasses.replace(protocol, n_repeats=1)  # repeat 0 of the run: same folds
    kind = score_kind(result.pipeline)
    n = len(data.labels)
    predicted = np.empty(n, dtype=object)
    scores = np.full((n, len(ALL_LABELS)), np.nan)
    for _, test, model in out_of_fold_fits(
        result.pipeline, data.texts, data.labels, protocol, groups=groups
    ):
        predicted[test] = np.asarray(model.predict(data.texts[test]), dtype=object)
        if kind is not None:
            scores[np.ix_(test, _label_columns(model.classes_))] = _scores(
                model, data.texts[test], kind
            )
    name = protocol_name(result.cross_validation.protocol, Path(data.path).name)
    held_out = f"out-of-fold predictions ({name}; first repeat)"
    return _scored_frame(result, data.texts, data.labels, predicted, scores, kind, held_out)


def held_out_scores(result: ExperimentResult) -> pd.DataFrame:
    """Every held-out prediction of the run with its per-label scores: for cross-validation,
    ``out_of_fold_scores``; for a ``holdout`` run, the validation split scored by the model
    fitted on the train split (``learning.experiment.holdout_fit``, the run's own fit, so
    ``predicted`` equals the run's logged validation predictions). Never the lockbox.

    Same columns as ``out_of_fold_scores``; ``attrs["predictions"]`` says which predictions these
    are, ``attrs["score_kind"]`` what the scores are.
    """
    if result.config.evaluation.protocol != "holdout":
        return out_of_fold_scores(result)
    model, validation = holdout_fit(result.config, result.data)
    kind = score_kind(model)
    texts = validation.texts
    predicted = np.asarray(model.predict(texts), dtype=object)
    scores = np.full((len(texts), len(ALL_LABELS)), np.nan)
    if kind is not None:
        scores[:, _label_columns(model.classes_)] = _scores(model, texts, kind)
    held_out = (
        f"predictions on the {len(texts)} sentences of the validation split of "
        f"{Path(result.data.path).name} (holdout; model fitted on the train split)"
    )
    return _scored_frame(result, texts, validation.labels, predicted, scores, kind, held_out)


def _scored_frame(result, texts, labels, predicted, scores, kind, held_out) -> pd.DataFrame:
    expected = result.cross_validation.predictions["predicted"].to_numpy(dtype=object)
    if not np.array_equal(predicted, expected):
        # The refit must be the run's own evaluation; anything else is a bug here.
        raise RuntimeError(f"re-fitted {held_out} disagree with the experiment's predictions")
    frame = pd.DataFrame(
        {"row": np.arange(len(texts)), "text": texts, "label": labels, "predicted": predicted}
    )
    if kind is not None:
        for j, label in enumerate(ALL_LABELS):
            frame[f"score_{label}"] = scores[:, j]
    frame.attrs["score_kind"] = kind or "none (the model gives no scores)"
    frame.attrs["predictions"] = held_out
    return frame


def errors_table(result: ExperimentResult) -> pd.DataFrame:
    """The run's misclassified held-out sentences (``held_out_scores``: out-of-fold, first
    repeat, or a holdout run's validation split) with their per-label scores, what the rule
    baseline says on each (``rules``, ``rules_right``) and which cues fired. With no error,
    ``attrs["why_empty"]`` says so in a sentence."""
    frame = held_out_scores(result)
    wrong = _with_rules(frame[frame["label"] != frame["predicted"]])
    wrong.attrs = dict(frame.attrs)
    if wrong.empty:
        wrong.attrs["why_empty"] = (
            f"no held-out errors: every one of the {frame.attrs['predictions']} is right."
        )
    return wrong


def external_errors(run: Rerun) -> pd.DataFrame:
    """The misclassified sentences of the run's external set (``govtext train --eval-data``),
    as the run logged them (``external/predictions.csv``: no scores), with the rules' view.
    ``attrs["predictions"]`` flags an in-sample external set (sentences also trained on); with
    nothing to show, ``attrs["why_empty"]`` says why. Reads the log; scores nothing."""
    frame = tracking.load_predictions(run.uri, run.run_id, "external") if run.uri else None
    if frame is None:
        empty = _with_rules(pd.DataFrame(columns=["text", "label", "predicted"]))
        empty.attrs["predictions"] = "none: the run was not scored on an external set"
        empty.attrs["why_empty"] = (
            "no external errors to show: the run was not scored on an external set "
            "(train with --eval-data FILE to score one)."
        )
        return empty
    overlap = int(run.logged_metrics.get("ext_overlap_with_training", 0.0))
    status = f"IN-SAMPLE: {overlap} of them were also trained on" if overlap else "held out"
    wrong = _with_rules(frame[frame["label"] != frame["predicted"]])
    wrong.attrs["predictions"] = (
        f"the run's logged predictions on its external set ({len(frame)} sentences, {status})"
    )
    if wrong.empty:
        wrong.attrs["why_empty"] = (
            f"no external errors: all {len(frame)} logged predictions on the external set are "
            f"right ({status})."
        )
    return wrong


def _with_rules(wrong: pd.DataFrame) -> pd.DataFrame:
    wrong = wrong.copy()
    wrong["rules"] = [rules.label_sentence(t) for t in wrong["text"]]
    wrong["rules_right"] = (wrong["rules"] == wrong["label"]).astype(bool)
    wrong["cues"] = [
        ", ".join(name for name, vote in rules.votes(t).items() if vote is not None)
        for t in wrong["text"]
    ]
    return wrong.reset_index(drop=True)


def rules_on_errors(errors: pd.DataFrame) -> pd.DataFrame:
    """Per gold label: how many of the model's errors the rule baseline gets right. With no
    error, ``attrs["why_empty"]`` says so."""
    table = errors.groupby("label")["rules_right"].agg(model_errors="size", rules_right="sum")
    table = table.reindex([k for k in ALL_LABELS if k in table.index]).astype(int)
    table.attrs = {}
    if table.empty:
        table.attrs["why_empty"] = "nothing to set beside the rules: the model made no error here."
    return table


def table_or_reason(table: pd.DataFrame) -> pd.DataFrame | None:
    """``table`` when it has rows; else print the one sentence that says why it is empty (its
    ``attrs["why_empty"]`` or ``attrs["note"]``) and return None, so a notebook shows that
    sentence instead of an empty table."""
    if not table.empty:
        return table
    print(table.attrs.get("why_empty") or table.attrs.get("note") or "nothing to show.")
    return None


def top_features(pipeline: Pipeline, n: int = 10) -> pd.DataFrame:
    """The ``n`` highest-weighted features per class of a fitted linear pipeline.

    Handles ``segment -> tfidf -> classify`` and ``features(ngrams(segment, tfidf), cues) ->
    classify``; ``block`` says which part a feature comes from. Weights are ``coef_`` (logistic
    regression, linear SVM, SGD, ridge) or, for ComplementNB, ``feature_log_prob_`` centred
    across classes per feature (the centring leaves its predictions unchanged and removes what
    every class shares). A model without weights (majority, rules) gives an empty table whose
    ``attrs["note"]`` says so. Columns: label, rank, feature, block, weight.
    """
    columns = ["label", "rank", "feature", "block", "weight"]
    classifier = pipeline.steps[-1][1]
    if hasattr(classifier, "coef_"):
        weights = np.atleast_2d(np.asarray(classifier.coef_, dtype=float))
        if weights.shape[0] == 1 and len(classifier.classes_) == 2:
            weights = np.vstack([-weights[0], weights[0]])  # binary: row 0 is the negative class
    elif hasattr(classifier, "feature_log_prob_"):
        weights = np.asarray(classifier.feature_log_prob_, dtype=float)
        weights = weights - weights.mean(axis=0, keepdims=True)
    else:
        empty = pd.DataFrame(columns=columns)
        empty.attrs["note"] = f"{type(classifier).__name__} has no feature weights to show."
        return empty
    names, blocks = _feature_names(pipeline)
    if weights.shape[1] != len(names):
        raise RuntimeError(f"{len(names)} feature names for {weights.shape[1]} weights")
    rows = []
    for label, row in zip(classifier.classes_, weights, strict=True):
        order = sorted(range(len(row)), key=lambda i: (-row[i], names[i]))[:n]
        rows += [
            {
                "label": label,
                "rank": r,
                "feature": names[i],
                "block": blocks[i],
                "weight": float(row[i]),
            }
            for r, i in enumerate(order, start=1)
        ]
    table = pd.DataFrame(rows, columns=columns)
    table.attrs["note"] = f"{type(classifier).__name__}: highest weights per class"
    return table


def top_features_figure(table: pd.DataFrame) -> Figure:
    """Horizontal bars of ``top_features``: one panel per class."""
    title = "Top-weighted features per class"
    if table.empty:
        return message_figure(title, table.attrs.get("note", "no features"), "weight", "feature")
    labels = [k for k in ALL_LABELS if k in set(table["label"])]
    n = int(table["rank"].max())
    fig = Figure(figsize=(3.2 * len(labels), 0.32 * n + 1.6), layout="constrained")
    axes = fig.subplots(1, len(labels), squeeze=False)[0]
    for ax, label in zip(axes, labels, strict=True):
        part = table[table["label"] == label]
        ax.barh(part["feature"][::-1], part["weight"][::-1], color=LABEL_COLOURS[label])
        ax.set_title(label, fontsize=10)
        ax.set_xlabel("weight")
    axes[0].set_ylabel("feature (highest weight on top)")
    fig.suptitle(f"{title} ({table.attrs.get('note', '')})")
    return fig


def _label_columns(classes: np.ndarray) -> list[int]:
    return [ALL_LABELS.index(c) for c in classes]


def _scores(model: Pipeline, texts: np.ndarray, kind: str) -> np.ndarray:
    if kind == "probability":
        return np.asarray(model.predict_proba(texts), dtype=float)
    values = np.asarray(model.decision_function(texts), dtype=float)
    if values.ndim == 1:  # binary: positive means classes_[1]
        values = np.column_stack([-values, values])
    return values


def _feature_names(pipeline: Pipeline) -> tuple[np.ndarray, np.ndarray]:
    """Feature names and the block each comes from, in the classifier's column order."""
    name, features = pipeline.steps[-2] if len(pipeline.steps) > 1 else (None, None)
    if isinstance(features, FeatureUnion):
        parts = [
            (part, (t.steps[-1][1] if isinstance(t, Pipeline) else t).get_feature_names_out())
            for part, t in features.transformer_list
            if t is not None and not isinstance(t, str)  # "drop" / "passthrough"
        ]
    elif features is not None and hasattr(features, "get_feature_names_out"):
        parts = [(name, features.get_feature_names_out())]
    else:
        raise GovtextError(f"cannot name the features of {pipeline!r}; expected a vectoriser step.")
    names = np.concatenate([np.asarray(p, dtype=object) for _, p in parts])
    blocks = np.concatenate([np.full(len(p), part, dtype=object) for part, p in parts])
    return names, blocks
