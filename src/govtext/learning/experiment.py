"""Run one experiment config: cross-validate on its data, fit on all of it, and optionally score
an external labelled file. Pure computation; tracking is ``govtext.tracking``'s job."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.pipeline import Pipeline

from govtext.data.corpus_gold import VALIDATION
from govtext.errors import GovtextError
from govtext.learning.config import ExperimentConfig
from govtext.learning.metrics import bootstrap_interval, confusion, evaluate_predictions, scores
from govtext.learning.models import build_pipeline
from govtext.learning.out_of_core import run_out_of_core
from govtext.learning.protocols import Protocol, choose_protocol, cross_val_predictions
from govtext.learning.results import Evaluation, ExperimentResult, LabelledData, load_labelled

log = logging.getLogger(__name__)


def run_experiment(
    config: ExperimentConfig, eval_data: str | Path | None = None
) -> ExperimentResult:
    """Cross-validate ``config`` on its data, fit it on all of it, and score ``eval_data`` if
    given (held out: never trained on). Same config and data give identical results."""
    if config.out_of_core.enabled:
        result = run_out_of_core(config)
        if eval_data is None:
            return result
        external_data = load_labelled(eval_data)
        external = score_external(config, result.pipeline, external_data)
        return ExperimentResult(
            config, result.data, result.cross_validation, result.pipeline, external, external_data
        )
    data = load_labelled(config.data.path, config.data.split_column)
    extra_X, extra_y = _extra_training(config, data)
    pipeline = build_pipeline(config)
    if config.evaluation.protocol == "holdout":
        cv = _holdout(config, pipeline, data, extra_X, extra_y)
    else:
        protocol, groups = protocol_for(config, data)
        log.info("%s: %s", config.name, protocol.description)
        predictions = cross_val_predictions(
            pipeline, data.texts, data.labels, protocol, groups=groups, extra_X=extra_X,
            extra_y=extra_y,
        )  # fmt: skip
        cv = _summarise(config, protocol, data, predictions)
    train_X, fitted = _fit_all(pipeline, data, extra_X, extra_y)
    external = external_data = None
    if eval_data is not None:
        external_data = load_labelled(eval_data)
        external = score_external(config, fitted, external_data)
        overlap = len(set(external_data.texts) & set(train_X))
        external.metrics["overlap_with_training"] = float(overlap)
        if overlap:
            external = Evaluation(
                f"trained on {config.data.path}, scored on {eval_data}, which shares {overlap} "
                f"of {len(external_data.texts)} sentences with the training data: IN-SAMPLE, "
                "not held out",
                external.metrics, external.confusion, external.predictions,
            )  # fmt: skip
            log.warning(
                "%s: %d sentence(s) of %s are also in the training data; its scores are not "
                "held out for those.",
                config.name,
                overlap,
                eval_data,
            )
    return ExperimentResult(config, data, cv, fitted, external, external_data)


def fit_config(config: ExperimentConfig) -> tuple[set[str], Pipeline]:
    """The model ``run_experiment`` logs for ``config``, fitted alone (no evaluation), and
    the sentences it was trained on."""
    if config.out_of_core.enabled:
        raise GovtextError(f"{config.name}: an out-of-core run cannot be re-fitted in memory.")
    data = load_labelled(config.data.path, config.data.split_column)
    extra_X, extra_y = _extra_training(config, data)
    train_X, fitted = _fit_all(build_pipeline(config), data, extra_X, extra_y)
    return set(train_X.tolist()), fitted


def _fit_all(pipeline: Pipeline, data: LabelledData, extra_X, extra_y):
    # A train or validation row that repeats a lockbox sentence (a byline, a republished
    # story) never trains the model that the lockbox will score.
    usable = np.array([text not in data.lockbox_texts for text in data.texts], dtype=bool)
    train_X = np.concatenate([data.texts[usable], extra_X])
    return train_X, pipeline.fit(train_X, np.concatenate([data.labels[usable], extra_y]))


def _extra_training(config: ExperimentConfig, data: LabelledData) -> tuple[np.ndarray, np.ndarray]:
    """The ``train_extra`` rows, less any sentence that is held out in ``data`` (validation or
    lockbox): an extra corpus (weak labels of the pool) may contain the very sentences scored."""
    extra = [load_labelled(path) for path in config.data.train_extra]
    if not extra:
        return np.empty(0, dtype=object), np.empty(0, dtype=object)
    X = np.concatenate([e.texts for e in extra])
    y = np.concatenate([e.labels for e in extra])
    held_out = set(data.lockbox_texts) | set(data.texts[data.split_mask(VALIDATION)])
    keep = np.array([text not in held_out for text in X], dtype=bool)
    if not keep.all():
        log.info("%s: %d extra training row(s) repeat a held-out sentence; dropped.",
                 config.name, int((~keep).sum()))  # fmt: skip
    return X[keep], y[keep]


def holdout_fit(config: ExperimentConfig, data: LabelledData) -> tuple[Pipeline, LabelledData]:
    """The model a ``holdout`` run scores its validation split with, and that split: what
    ``run_experiment`` does for the protocol, without scoring, so the validation predictions
    (and their scores) can be looked at again. Never touches the lockbox."""
    extra_X, extra_y = _extra_training(config, data)
    model, scored, _ = _fit_train_split(build_pipeline(config), data, extra_X, extra_y)
    return model, scored


def _fit_train_split(
    pipeline: Pipeline, data: LabelledData, extra_X, extra_y
) -> tuple[Pipeline, LabelledData, np.ndarray]:
    """Fit on the train split (and the extras); return the model, the validation split and
    which rows trained. A train row that repeats a validation or lockbox sentence (a byline, a
    republished story) is left out of this fit, so every validation score is held out."""
    validation = data.split_mask(VALIDATION)
    if not validation.any() or validation.all():
        raise GovtextError(
            f"{data.path}: protocol 'holdout' needs both train and validation rows in "
            f"column {data.split_column!r}."
        )
    held_out = set(data.texts[validation]) | set(data.lockbox_texts)
    train = ~validation & np.array([t not in held_out for t in data.texts], dtype=bool)
    model = clone(pipeline).fit(
        np.concatenate([data.texts[train], extra_X]), np.concatenate([data.labels[train], extra_y])
    )
    scored = LabelledData(data.path, data.frame[validation].reset_index(drop=True), 0)
    return model, scored, train


def _holdout(
    config: ExperimentConfig, pipeline: Pipeline, data: LabelledData, extra_X, extra_y
) -> Evaluation:
    """Fit on the train split (and the extras), score the validation split once."""
    model, scored, train = _fit_train_split(pipeline, data, extra_X, extra_y)
    evaluation = score_external(config, model, scored)
    validation = data.split_mask(VALIDATION)
    n_docs = _count_groups(data, validation, config)
    description = (
        f"trained on the train split ({int(train.sum())} sentences"
        f"{f' + {len(extra_X)} extra' if len(extra_X) else ''}), scored once on the "
        f"validation split ({int(validation.sum())} sentences{n_docs}); lockbox not used"
    )
    return Evaluation(description, evaluation.metrics, evaluation.confusion, evaluation.predictions)


def _count_groups(data: LabelledData, mask: np.ndarray, config: ExperimentConfig) -> str:
    column = config.data.group_column
    if not column or column not in data.frame.columns:
        return ""
    return f", {data.frame.loc[mask, column].nunique()} articles"


def protocol_for(
    config: ExperimentConfig, data: LabelledData
) -> tuple[Protocol, np.ndarray | None]:
    """The cross-validation protocol a config gets on this data, and the groups it splits by."""
    groups = _groups(data, config)
    protocol = choose_protocol(
        data.labels,
        folds=config.evaluation.folds,
        repeats=config.evaluation.repeats,
        random_state=config.seed,
        protocol=config.evaluation.protocol,
        groups=groups,
    )
    return protocol, groups


def _groups(data: LabelledData, config: ExperimentConfig) -> np.ndarray | None:
    column = config.data.group_column
    if not column:
        return None
    if column not in data.frame.columns:
        raise GovtextError(f"{data.path}: has no {column!r} column (data.group_column).")
    return data.frame[column].to_numpy(dtype=object)


def _summarise(
    config: ExperimentConfig, protocol: Protocol, data: LabelledData, predictions: list
) -> Evaluation:
    summary = evaluate_predictions(
        data.labels, predictions, n_resamples=config.evaluation.bootstrap, random_state=config.seed
    )
    matrix = summary.pop("confusion")
    metrics = {k: float(v) for k, v in summary.items()}
    frame = pd.DataFrame({"text": data.texts, "label": data.labels, "predicted": predictions[0]})
    return Evaluation(protocol.description, metrics, matrix, frame)


def score_external(config: ExperimentConfig, fitted: Pipeline, data: LabelledData) -> Evaluation:
    """Score a fitted pipeline on a held-out labelled file, with a bootstrap interval."""
    predicted = np.asarray(fitted.predict(data.texts), dtype=object)
    metrics: dict[str, Any] = {k: float(v) for k, v in scores(data.labels, predicted).items()}
    metrics["macro_f1_low"], metrics["macro_f1_high"] = bootstrap_interval(
        data.labels,
        predicted,
        n_resamples=config.evaluation.bootstrap,
        random_state=config.seed,
    )
    metrics["n_sentences"] = float(len(data.labels))
    frame = pd.DataFrame({"text": data.texts, "label": data.labels, "predicted": predicted})
    description = f"trained on {config.data.path}, scored once on held-out {data.path}"
    return Evaluation(description, metrics, confusion(data.labels, predicted), frame)
