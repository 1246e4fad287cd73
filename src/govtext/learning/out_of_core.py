"""Out-of-core experiments: train on a sentence file larger than memory.

Features are hashed n-grams (``HashingVectorizer``: stateless, nothing to fit on the whole
corpus) and the classifier learns with ``partial_fit`` over chunks read from disk, several
epochs. Evaluation is k-fold cross-validation where a sentence's fold comes from a hash of its
text, so a fold can be picked out of every chunk without holding the corpus: only the labels and
predictions (a few bytes a sentence) stay in memory. The outputs are those of every experiment.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.pipeline import Pipeline

from govtext.data import content_hash, iter_sentences
from govtext.errors import GovtextError
from govtext.labels import ALL_LABELS
from govtext.learning.config import ExperimentConfig
from govtext.learning.metrics import evaluate_predictions
from govtext.learning.models import make_estimator
from govtext.learning.results import Evaluation, ExperimentResult, LabelledData
from govtext.text import Segmenter

log = logging.getLogger(__name__)

# Misclassified sentences kept for the run's report: enough to read, bounded in memory.
MAX_KEPT_ERRORS = 2000


def folds_of(texts: pd.Series, folds: int, seed: int) -> np.ndarray:
    """A fold number per sentence from a hash of the seed and its text: the same sentence is in
    the same fold in every chunk and every pass."""
    return np.array(
        [int(hashlib.sha1(f"{seed}\n{t}".encode()).hexdigest()[:8], 16) % folds for t in texts],
        dtype=np.int64,
    )


def make_online_pipeline(config: ExperimentConfig) -> Pipeline:
    """Segmenter -> HashingVectorizer -> a classifier with ``partial_fit`` (not yet trained)."""
    features = config.features
    cache = features.token_cache if features.unit == "word" else ""
    params = dict(config.model.params)
    if config.model.kind == "sgd":
        # partial_fit cannot compute balanced weights from data it never holds at once.
        params.setdefault("class_weight", None)
    return Pipeline(
        [
            ("segment", Segmenter(unit=features.unit, token_cache=cache)),
            (
                "hashing",
                HashingVectorizer(
                    token_pattern=r"\S+",
                    ngram_range=(features.ngram_min, features.ngram_max),
                    n_features=config.out_of_core.n_features,
                    alternate_sign=False,
                    lowercase=False,
                ),
            ),
            ("classify", make_estimator(config.model.kind, params, config.seed)),
        ]
    )


def _labelled_chunks(config: ExperimentConfig) -> Iterator[pd.DataFrame]:
    for chunk in iter_sentences(config.data.path, config.out_of_core.chunk_size):
        labelled = chunk[chunk["label"] != ""]
        if len(labelled):
            yield labelled.reset_index(drop=True)


def _train(config: ExperimentConfig, held_out_fold: int | None, folds: int) -> Pipeline:
    pipeline = make_online_pipeline(config)
    head = pipeline[:-1].fit([""])  # stateless steps: fit only validates their parameters
    classifier = pipeline.named_steps["classify"]
    classes = np.array(sorted(ALL_LABELS), dtype=object)
    seen = False
    for _ in range(config.out_of_core.epochs):
        for chunk in _labelled_chunks(config):
            if held_out_fold is not None:
                chunk = chunk[folds_of(chunk["text"], folds, config.seed) != held_out_fold]
            if chunk.empty:
                continue
            classifier.partial_fit(
                head.transform(chunk["text"].tolist()),
                chunk["label"].to_numpy(dtype=object),
                classes=classes,
            )
            seen = True
    if not seen:
        raise GovtextError(f"{config.data.path}: no labelled sentence to train on.")
    return pipeline


def run_out_of_core(config: ExperimentConfig) -> ExperimentResult:
    """Cross-validate and fit ``config`` streaming its data; returns what ``run_experiment``
    returns, with a sample of the data standing in for the whole file."""
    folds = config.evaluation.folds
    labels = [chunk["label"].to_numpy(dtype=object) for chunk in _labelled_chunks(config)]
    predicted = [np.empty(len(chunk_labels), dtype=object) for chunk_labels in labels]
    # One fold's model at a time: memory holds one weight matrix, whatever the fold count.
    for k in range(folds):
        model = _train(config, k, folds)
        for i, chunk in enumerate(_labelled_chunks(config)):
            mask = folds_of(chunk["text"], folds, config.seed) == k
            if mask.any():
                predicted[i][mask] = model.predict(chunk["text"][mask].tolist())
        del model
    errors: list[pd.DataFrame] = []
    for i, chunk in enumerate(_labelled_chunks(config)):
        wrong = predicted[i] != labels[i]
        if wrong.any() and sum(len(e) for e in errors) < MAX_KEPT_ERRORS:
            errors.append(chunk.loc[wrong, ["text", "label"]].assign(predicted=predicted[i][wrong]))
    y = np.concatenate(labels)
    summary = evaluate_predictions(
        y,
        [np.concatenate(predicted)],
        n_resamples=config.evaluation.bootstrap,
        random_state=config.seed,
    )
    matrix = summary.pop("confusion")
    description = (
        f"{folds}-fold cross-validation by a hash of each sentence (seed {config.seed}), "
        f"streamed in chunks of {config.out_of_core.chunk_size} over "
        f"{config.out_of_core.epochs} epochs (out-of-core), {len(y)} sentences"
    )
    log.info("%s: %s", config.name, description)
    kept = (
        pd.concat(errors, ignore_index=True)
        if errors
        else pd.DataFrame(columns=["text", "label", "predicted"])
    )
    cv = Evaluation(description, {k: float(v) for k, v in summary.items()}, matrix, kept)
    fitted = _train(config, None, folds)
    chunks = _labelled_chunks(config)
    sample = next(chunks)
    chunks.close()  # only the first chunk is kept, as a sample for lineage
    data = LabelledData(
        config.data.path,
        sample,
        n_unlabelled=0,
        streamed_hash=content_hash(_labelled_chunks(config)),
    )
    return ExperimentResult(config, data, cv, fitted)
