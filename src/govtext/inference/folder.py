"""The model folder ``govtext export`` writes and ``govtext predict`` reads: its file names,
its format version, its metadata file, and the shapes of the pipeline inside.

====================  =======================================================================
``MLmodel`` ...       the run's logged MLflow model (pyfunc + sklearn flavours), copied as is
``model.skops``       the fitted pipeline, skops format (no pickle); MLflow's sklearn flavour
                      reads the same file
``model.onnx``        the TF-IDF + linear classifier as ONNX, when the pipeline converts
``model.linear.npz``  the same TF-IDF + linear classifier as plain NumPy arrays (no pickle),
                      when export found it gives scikit-learn's numbers bit for bit: the
                      sklearn engine then starts without importing scikit-learn
                      (``govtext.inference.linear``); optional, older folders have none
``MODEL_CARD.md``     generated: intended use, labels, data, evaluation, limitations, versions
``govtext.json``      folder format version, labels, run id, data hash, metrics, files present
====================  =======================================================================
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govtext.errors import GovtextError
from govtext.versions import package_version

FORMAT_VERSION = 1
METADATA_FILE = "govtext.json"
SKOPS_FILE = "model.skops"
ONNX_FILE = "model.onnx"
LINEAR_FILE = "model.linear.npz"
CARD_FILE = "MODEL_CARD.md"
MLMODEL_FILE = "MLmodel"


def read_metadata(model_dir: str | Path) -> dict[str, Any]:
    """The folder's ``govtext.json``, checked for a format this version of govtext reads."""
    model_dir = Path(model_dir)
    if not model_dir.exists():
        raise GovtextError(
            f"{model_dir}: no such model folder; create one with `govtext export latest --out "
            f"{model_dir}`."
        )
    if not model_dir.is_dir():
        raise GovtextError(f"{model_dir}: is a file, not a model folder; pass the folder.")
    path = model_dir / METADATA_FILE
    if not path.is_file():
        raise GovtextError(
            f"{model_dir}: is not a govtext model folder (no {METADATA_FILE}); create one with "
            "`govtext export`."
        )
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise GovtextError(
            f"{path}: is not valid JSON ({err}); the model folder is corrupt: export it again."
        ) from err
    if not isinstance(meta, dict) or "format_version" not in meta:
        raise GovtextError(f"{path}: has no format_version; export the model again.")
    if meta["format_version"] != FORMAT_VERSION:
        raise GovtextError(
            f"{path}: model folder format {meta['format_version']!r} (exported by govtext "
            f"{meta.get('govtext_version', '?')}); this govtext {package_version('govtext')} reads format "
            f"{FORMAT_VERSION}: export the model again with this version."
        )
    return meta


@dataclass(frozen=True)
class PipelineParts:
    """Where a govtext pipeline tokenises and where it classifies, to feed ONNX and to score."""

    segmenter: Any | None  # govtext.text.Segmenter, or None for featureless models
    vectorizer: Any | None  # the fitted TfidfVectorizer
    cues: Any | None  # govtext.rules.CueFeatures beside the n-grams, or None
    classifier: Any


def pipeline_parts(pipeline) -> PipelineParts:
    """Pick apart the shapes ``govtext.learning.models.build_pipeline`` makes."""
    # scikit-learn is imported with the pipeline that is passed in (skops loads it): importing
    # it with this module would cost every `govtext predict` 1-3 s, even those that never use it.
    from sklearn.pipeline import FeatureUnion, Pipeline

    steps = dict(pipeline.steps)
    classifier = pipeline.steps[-1][1]
    if "features" in steps and isinstance(steps["features"], FeatureUnion):
        branches = dict(steps["features"].transformer_list)
        ngrams = branches.get("ngrams")
        if not isinstance(ngrams, Pipeline):
            return PipelineParts(None, None, branches.get("cues"), classifier)
        inner = dict(ngrams.steps)
        return PipelineParts(
            inner.get("segment"), inner.get("tfidf"), branches.get("cues"), classifier
        )
    return PipelineParts(steps.get("segment"), steps.get("tfidf"), None, classifier)


def tfidf_problems(vectorizer) -> list[str]:
    """What in a fitted TF-IDF step stops a tokenised-text fast path (the ONNX graph, the fast
    engine) from reproducing scikit-learn: both read space-separated tokens as they are."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # see pipeline_parts

    problems = []
    if not isinstance(vectorizer, TfidfVectorizer):
        return [f"{type(vectorizer).__name__} features"]
    if vectorizer.analyzer != "word":
        problems.append(f"analyzer={vectorizer.analyzer!r}")
    if vectorizer.token_pattern != r"\S+":
        problems.append(f"token_pattern={vectorizer.token_pattern!r} (needs \\S+)")
    for name in ("tokenizer", "preprocessor", "strip_accents", "stop_words"):
        if getattr(vectorizer, name) is not None:
            problems.append(f"{name}={getattr(vectorizer, name)!r}")
    if vectorizer.binary:
        problems.append("binary=True")
    return problems
