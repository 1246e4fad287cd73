"""What the ``onnx`` and ``fast`` engines need beyond scikit-learn: an ONNX Runtime session
(the one way govtext opens one, for export's check and for prediction), ONNX prediction in
bounded batches, and the fast features, checked against scikit-learn's before use.
"""

from __future__ import annotations

import importlib
import unicodedata
from pathlib import Path
from typing import Any

import numpy as np

from govtext.errors import GovtextError
from govtext.inference.folder import ONNX_FILE, PipelineParts, pipeline_parts

# ONNX turns TF-IDF into a dense rows x vocabulary float matrix: cap it near 64 MB per batch.
_ONNX_CELLS_PER_BATCH = 16_000_000


def onnx_session(path: str | Path, threads: int | None = None):
    """An ONNX Runtime session on the CPU for ``path``; ``threads``: intra-op threads (default
    one per core). Unused-initialiser notices are not the user's business: warnings and up."""
    import onnxruntime as ort  # only the onnx engine and export need it

    options = ort.SessionOptions()
    options.log_severity_level = 3
    if threads:
        options.intra_op_num_threads = threads
    return ort.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])


def folder_session(model_dir: Path, meta: dict[str, Any], threads: int | None = None):
    """The session of a model folder's ``model.onnx``; a one-line error when it has none (with
    the reason export gave) or ONNX Runtime cannot load it."""
    path = model_dir / ONNX_FILE
    if not path.is_file():
        reason = (meta.get("onnx") or {}).get("skipped") or "no model.onnx in the folder"
        raise GovtextError(f"{model_dir}: has no ONNX model ({reason}); use --engine sklearn.")
    try:
        return onnx_session(path, threads)
    except (RuntimeError, ValueError) as err:  # onnxruntime's load errors
        raise GovtextError(
            f"{path}: ONNX Runtime cannot load it ({err}); export the model again."
        ) from err


def predict_onnx(session, parts: PipelineParts, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Labels and scores (classes order) of raw sentences: segmentation and cue features in
    Python, TF-IDF and classifier in ONNX Runtime, in batches of bounded memory."""
    segmented = np.asarray(parts.segmenter.transform(texts), dtype=object)
    cues = parts.cues.transform(texts).astype(np.float32) if parts.cues is not None else None
    width = len(parts.vectorizer.vocabulary_) + (cues.shape[1] if cues is not None else 0)
    batch = max(1, _ONNX_CELLS_PER_BATCH // max(width, 1))
    labels, scores = [], []
    for start in range(0, len(texts), batch):
        feeds = {"text": segmented[start : start + batch]}
        if cues is not None:
            feeds["cues"] = cues[start : start + batch]
        label, score = session.run(["label", "scores"], feeds)
        labels.append(np.asarray(label).astype(str).astype(object))
        scores.append(np.asarray(score, dtype=float))
    if not labels:
        return np.array([], dtype=object), np.zeros((0, len(parts.classifier.classes_)))
    return np.concatenate(labels), np.vstack(scores)


# Sentences on which the fast engine must reproduce scikit-learn's features exactly before it is
# used: cases, NFD accents, numbers and codes, punctuation runs, an empty line, a repeated word.
FAST_PROBES = (
    "Huyện đạt 100% kế hoạch.",
    "TỔNG THU NGÂN SÁCH ĐẠT 142,6 TỶ ĐỒNG, ĐẠT 116,6 %.",
    unicodedata.normalize("NFD", "Đề nghị tỉnh quan tâm hỗ trợ vốn cho huyện."),
    "Theo Kết luận 839-KL/TU ngày 08/7/2020... (Ảnh: T/h) – “tiếp tục” đẩy mạnh, đẩy mạnh!",
    "",
)


def fast_features(pipeline, model_dir: Path) -> Any:
    """The pipeline's features compiled for the fast engine (a ``FastFeatures``), after checking on ``FAST_PROBES``
    that they equal scikit-learn's; a one-line error otherwise."""
    # The fast engine's module imports scikit-learn (1-3 s) and SciPy: loaded when that engine
    # is asked for, not by every `govtext predict` (by name, as the sklearn engine needs neither).
    fast_module = importlib.import_module("govtext.inference.fast")
    import scipy.sparse as sp

    try:
        fast = fast_module.FastFeatures.from_parts(pipeline_parts(pipeline))
    except fast_module.NotCompilable as why:
        raise GovtextError(
            f"{model_dir}: the fast engine cannot run this model ({why}); use --engine sklearn."
        ) from why
    probes = np.asarray(FAST_PROBES, dtype=object)
    expected = pipeline[:-1].transform(probes)
    got = fast.transform(list(FAST_PROBES))
    if expected.shape != got.shape or abs(sp.csr_matrix(expected) - got).max() > 1e-12:
        raise GovtextError(
            f"{model_dir}: the fast engine's features differ from scikit-learn's for this model; "
            "use --engine sklearn (and report it: govtext.inference.fast and govtext.text "
            "disagree)."
        )
    return fast
