"""An experiment config becomes one scikit-learn Pipeline from raw sentences to labels.

Segmentation is the pipeline's first step, so the whole model is one object to fit, log, export
and load; the vectoriser reads space-separated tokens (``token_pattern=r"\\S+"``), which keeps
one-letter syllables such as ``ở`` and ``ý`` and lets the tail convert to ONNX.
"""

from __future__ import annotations

from typing import Any

from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LogisticRegression, RidgeClassifier, SGDClassifier
from sklearn.naive_bayes import ComplementNB
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

from govtext.errors import GovtextError
from govtext.learning.config import ExperimentConfig
from govtext.learning.features import make_features
from govtext.rules import RuleClassifier

# Defaults chosen for a tiny, imbalanced dataset: balanced class weights so the two-example
# classes are not ignored; the config's params override them.
_ESTIMATORS: dict[str, tuple[type, dict[str, Any]]] = {
    "majority": (DummyClassifier, {"strategy": "most_frequent"}),
    "rules": (RuleClassifier, {}),
    "logreg": (LogisticRegression, {"max_iter": 5000, "class_weight": "balanced", "C": 10.0}),
    "linearsvc": (LinearSVC, {"class_weight": "balanced", "C": 1.0}),
    "sgd": (
        SGDClassifier,
        {"loss": "modified_huber", "class_weight": "balanced", "max_iter": 2000, "tol": None},
    ),
    "complementnb": (ComplementNB, {"alpha": 0.3}),
    "ridge": (RidgeClassifier, {"class_weight": "balanced", "alpha": 1.0}),
}
# Models that read the raw sentences themselves and need no features.
FEATURELESS = ("majority", "rules")


def make_estimator(kind: str, params: dict[str, Any], seed: int):
    """The configured classifier, with the config's seed as its ``random_state``."""
    cls, defaults = _ESTIMATORS[kind]
    known = cls().get_params()
    unknown = sorted(set(params) - set(known))
    if unknown:
        raise GovtextError(
            f"model.params.{unknown[0]} is not a parameter of {cls.__name__}; "
            f"known: {', '.join(sorted(known))}."
        )
    merged = {**defaults, **params}
    if "random_state" in known:
        merged.setdefault("random_state", seed)
    try:
        estimator = cls(**merged)
        # scikit-learn checks values (C > 0, a float) only in fit, after minutes of
        # cross-validation and as a traceback; its own check, run now, names the setting.
        if getattr(estimator, "_parameter_constraints", None):
            estimator._validate_params()
    except (TypeError, ValueError) as err:
        raise GovtextError(f"model.params for {kind}: {err}") from err
    return estimator


def build_pipeline(config: ExperimentConfig) -> Pipeline:
    """The unfitted Pipeline an experiment config describes."""
    estimator = make_estimator(config.model.kind, config.model.params, config.seed)
    if config.model.kind in FEATURELESS or config.features.unit == "none":
        if config.model.kind not in FEATURELESS:
            raise GovtextError(
                f"{config.name}: features.unit = 'none' only suits model.kind majority or rules."
            )
        return Pipeline([("classify", estimator)])
    features = make_features(config.features)
    if isinstance(features, Pipeline):  # flatten: segment -> tfidf -> classify
        return Pipeline([*features.steps, ("classify", estimator)])
    return Pipeline([("features", features), ("classify", estimator)])
