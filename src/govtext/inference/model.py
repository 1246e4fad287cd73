"""An exported model loaded once and ready to label sentences, with any of three engines.

``sklearn`` runs the pipeline from ``model.skops``, or, when export wrote ``model.linear.npz``,
the same arithmetic without importing scikit-learn (``govtext.inference.linear``: a one-sentence
``govtext predict`` then starts in a fraction of the time); ``onnx`` runs its TF-IDF and classifier
with ONNX Runtime from ``model.onnx``; ``fast`` computes the n-gram features in bulk
(``govtext.inference.fast``), and it too reads ``model.linear.npz`` when there is one (whose
n-grams are counted by the same bulk counter). All three give the same labels; each is checked
when loaded (``model.linear.npz`` when export wrote it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from govtext.errors import GovtextError
from govtext.inference.engines import fast_features, folder_session, predict_onnx
from govtext.inference.folder import LINEAR_FILE, SKOPS_FILE, pipeline_parts, read_metadata
from govtext.inference.linear import LinearModel
from govtext.inference.safe_load import check_file, load_pipeline
from govtext.labels import ALL_LABELS
from govtext.versions import package_version

if TYPE_CHECKING:
    import pandas as pd

ENGINES = ("sklearn", "onnx", "fast")
DEFAULT_CHUNK_SIZE = 5000
SCORE_PREFIX = "score_"


@dataclass(frozen=True)
class GovtextModel:
    """An exported model, loaded once, ready to label sentences."""

    path: Path
    metadata: dict[str, Any]
    # The fitted scikit-learn pipeline; None for a model loaded for the linear path (below),
    # until something asks for ``pipeline``.
    fitted_pipeline: Any
    engine: str = "sklearn"
    session: Any = None  # an onnxruntime.InferenceSession when engine == "onnx"
    fast: Any = None  # a govtext.inference.fast.FastFeatures: engine "fast" from model.skops
    # A govtext.inference.linear.LinearModel: the sklearn engine's numbers without scikit-learn
    # (engine "sklearn" or "fast", when the folder has model.linear.npz).
    linear: LinearModel | None = None

    @property
    def pipeline(self):
        """The scikit-learn pipeline; read from ``model.skops`` on first use when the model was
        loaded for the linear path (which does not need it)."""
        if self.fitted_pipeline is None:
            pipeline = load_pipeline(self.path / SKOPS_FILE)
            _check_compatible(pipeline, self.metadata, self.path)
            _drop_training_caches(pipeline)
            object.__setattr__(self, "fitted_pipeline", pipeline)  # a cache: frozen otherwise
        return self.fitted_pipeline

    @property
    def classifier(self):
        return self.pipeline.steps[-1][1]

    @property
    def classes(self) -> list[str]:
        """The classifier's ``classes_``: the column order of its (and ONNX's) score matrix."""
        if self.linear is not None:
            return self.linear.classes
        return [str(c) for c in self.classifier.classes_]

    @property
    def labels(self) -> list[str]:
        """The labels in the scheme's order (labels.md), the order of the score columns."""
        classes = self.classes
        return [c for c in ALL_LABELS if c in classes] + [c for c in classes if c not in ALL_LABELS]

    @property
    def score_columns(self) -> list[str]:
        return [f"{SCORE_PREFIX}{label}" for label in self.labels]

    @property
    def score_kind(self) -> str:
        """``probability``, ``decision`` (a linear model's margin) or ``one-hot`` (rules)."""
        if self.linear is not None:
            return self.linear.score_kind
        classifier = self.classifier
        if hasattr(classifier, "predict_proba"):
            return "probability"
        if hasattr(classifier, "decision_function"):
            return "decision"
        return "one-hot"

    def predict_texts(
        self, texts: Sequence[str], chunk_size: int = DEFAULT_CHUNK_SIZE
    ) -> tuple[np.ndarray, np.ndarray]:
        """Labels and per-label scores (rows x labels) for raw sentences, chunk by chunk."""
        texts = [str(t) for t in texts]
        labels, scores = [], []
        for start in range(0, len(texts), max(chunk_size, 1)):
            chunk = texts[start : start + chunk_size]
            if self.engine == "onnx":
                chunk_labels, chunk_scores = predict_onnx(
                    self.session, pipeline_parts(self.pipeline), chunk
                )
            elif self.linear is not None:  # the sklearn or the fast engine, without sklearn
                chunk_labels, chunk_scores = self.linear.predict_texts(chunk)
            elif self.engine == "fast":
                chunk_labels, chunk_scores = self._classify(self.fast.transform(chunk))
            else:
                chunk_labels, chunk_scores = self._predict_sklearn(chunk)
            labels.append(chunk_labels)
            scores.append(chunk_scores)
        if not labels:
            return np.array([], dtype=object), np.zeros((0, len(self.labels)))
        order = [self.classes.index(label) for label in self.labels]
        return np.concatenate(labels), np.vstack(scores)[:, order]

    def predict(self, texts: Sequence[str]) -> pd.DataFrame:
        """A frame of ``text``, ``label`` and one ``score_<label>`` column per label."""
        import pandas as pd  # 0.3-1 s to import: `govtext predict` labels with predict_texts

        labels, scores = self.predict_texts(texts)
        frame = pd.DataFrame({"text": list(texts), "label": labels})
        return pd.concat([frame, pd.DataFrame(scores, columns=self.score_columns)], axis=1)

    def _predict_sklearn(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        # Transform once, then ask the classifier for labels and scores: the text is tokenised
        # (and the cues computed) once per sentence, not once per question.
        features = self.pipeline[:-1]
        X = np.asarray(texts, dtype=object)
        if len(features.steps):
            X = features.transform(X)
        return self._classify(X)

    def _classify(self, X) -> tuple[np.ndarray, np.ndarray]:
        """Labels and scores (classes order) from the features the classifier was trained on."""
        classifier = self.classifier
        predicted = np.asarray(classifier.predict(X)).astype(str).astype(object)
        kind = self.score_kind
        if kind == "probability":
            scores = classifier.predict_proba(X)
        elif kind == "decision":
            scores = classifier.decision_function(X)
            if scores.ndim == 1:  # two classes: one margin, for the second class
                scores = np.column_stack([-scores, scores])
        else:
            scores = (predicted[:, None] == np.array(self.classes)[None, :]).astype(float)
        return predicted, np.asarray(scores, dtype=float)


def load_model(
    model_dir: str | Path,
    engine: str = "sklearn",
    *,
    threads: int | None = None,
    linear: bool = True,
) -> GovtextModel:
    """Load an exported model folder: checks its format, then reads ``model.skops`` safely.

    ``engine="onnx"`` runs the classifier with ONNX Runtime from ``model.onnx`` (segmentation and
    cue features still run in Python); the folder must have one (``threads``: ONNX Runtime's
    intra-op threads, default one per core). ``engine="fast"`` computes the
    pipeline's n-gram features in bulk (``govtext.inference.fast``), the same matrix as scikit-learn's
    ``transform`` several times faster, and hands it to the same classifier.
    ``engine="sklearn"`` reads ``model.linear.npz`` instead of ``model.skops`` when the folder
    has one (the same numbers, without importing scikit-learn); so does ``engine="fast"`` when
    that file's n-grams are counted by the fast engine's bulk counter (its features are then
    the fast engine's numbers, and export checked them against scikit-learn's bit for bit).
    ``linear=False`` reads ``model.skops`` all the same.
    """
    if engine not in ENGINES:
        raise GovtextError(f"--engine {engine}: use one of {', '.join(ENGINES)}.")
    model_dir = Path(model_dir)
    meta = read_metadata(model_dir)
    if engine in ("sklearn", "fast") and linear and (model_dir / LINEAR_FILE).is_file():
        check_file(model_dir / SKOPS_FILE)  # the folder stays whole even if this path skips it
        plain = LinearModel.load(model_dir / LINEAR_FILE)
        plain.check_cues(str(model_dir))
        if plain.settings["cues"] is not None:
            _check_cues(plain.settings["cues"]["names"], meta, model_dir)
        if engine == "sklearn" or plain.counts_in_bulk():
            return GovtextModel(model_dir, meta, None, engine, linear=plain)
    pipeline = load_pipeline(model_dir / SKOPS_FILE)
    _check_compatible(pipeline, meta, model_dir)
    _drop_training_caches(pipeline)
    session = fast = None
    if engine == "onnx":
        session = folder_session(model_dir, meta, threads)
    if engine == "fast":
        fast = fast_features(pipeline, model_dir)
    return GovtextModel(model_dir, meta, pipeline, engine, session, fast)


def _drop_training_caches(pipeline) -> None:
    segmenter = pipeline_parts(pipeline).segmenter
    if getattr(segmenter, "token_cache", ""):
        # The training-time word cache is a path relative to the project; predicting elsewhere
        # must not create it in the working folder. Sentences are still segmented only once.
        segmenter.set_params(token_cache="")
    cues = pipeline_parts(pipeline).cues
    if getattr(cues, "cache", ""):
        cues.set_params(cache="")  # likewise the training-time cue cache


def _check_compatible(pipeline, meta: dict[str, Any], model_dir: Path) -> None:
    """The cue features are computed by this govtext's rule lexicon, not stored in the model: a
    model trained with another lexicon would get columns it never saw."""
    incompatible = (
        f"{model_dir}: was exported by govtext {meta.get('govtext_version', '?')} and cannot run "
        f"with this govtext {package_version('govtext')}"
    )
    try:
        # A govtext class whose attributes changed fails here, not halfway through an input.
        pipeline.predict(np.asarray(["Huyện đạt 100% kế hoạch."], dtype=object))
    except (AttributeError, TypeError, ValueError, KeyError) as err:
        raise GovtextError(
            f"{incompatible} ({type(err).__name__}: {err}); train and export it again with "
            "this version."
        ) from err
    parts = pipeline_parts(pipeline)
    if parts.cues is None:
        return
    now = [str(n) for n in parts.cues.get_feature_names_out()]
    width = len(now) + (len(parts.vectorizer.vocabulary_) if parts.vectorizer is not None else 0)
    expected = getattr(parts.classifier, "n_features_in_", width)
    _check_cues(now, meta, model_dir, expected == width)


def _check_cues(now: list[str], meta: dict[str, Any], model_dir: Path, fits: bool = True) -> None:
    """The model's cue columns ``now`` must be those it was exported with, and (``fits``) the
    classifier must take as many features as the n-grams and cues give."""
    incompatible = (
        f"{model_dir}: was exported by govtext {meta.get('govtext_version', '?')} and cannot run "
        f"with this govtext {package_version('govtext')}"
    )
    then = meta.get("cue_features")
    if (then is not None and then != now) or not fits:
        changed = sorted(set(then or []) ^ set(now))
        raise GovtextError(
            f"{incompatible}: it was trained with {len(then) if then is not None else '?'} rule "
            f"cues, this version computes {len(now)} (differing: "
            f"{', '.join(changed[:5]) or 'their order'}); train and export it again with this "
            "version."
        )
