"""Run one experiment config: cross-validate on its data, fit on all of it, and optionally score
an external labelled file. Pure computation; tracking is ``govtext.tracking``'s job."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.pipeline import Pipeline

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
    data = load_labelled(config.data.path)
    extra = [load_labelled(path) for path in config.data.train_extra]
    extra_X = np.concatenate([e.texts for e in extra]) if extra else np.empty(0, dtype=object)
    extra_y = np.concatenate([e.labels for e in extra]) if extra else np.empty(0, dtype=object)
    pipeline = build_pipeline(config)
    protocol, groups = protocol_for(config, data)
    log.info("%s: %s", config.name, protocol.description)
    predictions = cross_val_predictions(
        pipeline, data.texts, data.labels, protocol, groups=groups, extra_X=extra_X, extra_y=extra_y
    )
    cv = _summarise(config, protocol, data, predictions)
    train_X = np.concatenate([data.texts, extra_X])
    fitted = pipeline.fit(train_X, np.concatenate([data.labels, extra_y]))
    external = external_data = None
    if eval_data is not None:
        external_data = load_labelled(eval_data)
        external = score_external(config, fitted, external_data)
        overlap = len(set(external_data.texts) & set(train_X))
        external.metrics["overlap_with_training"] = float(overlap)
        if overlap:
            log.warning(
                "%s: %d sentence(s) of %s are also in the training data; its scores are not "
                "held out for those.",
                config.name,
                overlap,
                eval_data,
            )
    return ExperimentResult(config, data, cv, fitted, external, external_data)


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
