"""A tracked run out as a self-contained model folder; it is read back by ``govtext.predict``.

The folder is itself an MLflow model (``mlflow.pyfunc.load_model(DIR)`` and ``mlflow models
serve -m DIR`` work on it), with files beside MLmodel:

==================  =========================================================================
``MLmodel`` ...     the run's logged MLflow model (pyfunc + sklearn flavours), copied as is
``model.skops``     the fitted pipeline, skops format (no pickle); MLflow's sklearn flavour
                    reads the same file
``model.onnx``      the TF-IDF + linear classifier as ONNX, when the pipeline converts; inputs
                    ``text`` (sentences already tokenised by the pipeline's Segmenter) and, for
                    a model with rule cues, ``cues`` (the cue feature matrix); outputs ``label``
                    and ``scores``
``model.linear.npz`` the TF-IDF + linear classifier as plain arrays, when they give
                    scikit-learn's labels and scores bit for bit on the training sentences:
                    ``predict`` then starts without importing scikit-learn
``MODEL_CARD.md``   generated: intended use, labels, data, evaluation, limitations, versions
``govtext.json``    folder format version, labels, run id, data hash, metrics, files present
==================  =========================================================================

The folder is built beside its destination and renamed into place, so a failed export never
leaves half a model. The run's model is also registered in the MLflow model registry as a new
version of ``govtext``; ``govtext promote RUN_ID`` points the alias ``champion`` at a run's
version, so that ``models:/govtext@champion`` (and ``govtext export champion``) load it.
"""

from __future__ import annotations

import json
import logging
import platform
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from govtext import tracking
from govtext.data import read_manifest
from govtext.errors import GovtextError
from govtext.files import interruptible
from govtext.inference.card import model_card
from govtext.inference.engines import FAST_PROBES, onnx_session
from govtext.inference.folder import (
    CARD_FILE,
    FORMAT_VERSION,
    LINEAR_FILE,
    METADATA_FILE,
    MLMODEL_FILE,
    ONNX_FILE,
    SKOPS_FILE,
    pipeline_parts,
)
from govtext.inference.linear import LinearModel, NotLinear, linear_arrays
from govtext.inference.model import GovtextModel
from govtext.inference.onnx_export import NotConvertible, to_onnx
from govtext.inference.safe_load import load_pipeline
from govtext.labels import ALL_LABELS
from govtext.leaderboard import resolve_run
from govtext.learning.results import load_labelled
from govtext.stores import checked_store_uri
from govtext.versions import package_version, package_versions

log = logging.getLogger(__name__)

DEFAULT_MODEL_NAME = "govtext"
_VERSIONED = ("govtext", "scikit-learn", "numpy", "scipy", "pandas", "skops", "skl2onnx", "onnx",
              "onnxruntime", "mlflow", "underthesea")  # fmt: skip


@dataclass(frozen=True)
class ExportResult:
    path: Path
    run_id: str
    experiment: str
    labels: list[str]
    onnx_skipped: str | None  # None when model.onnx was written
    onnx_checked: int  # sentences on which ONNX and scikit-learn were compared (all agreed)
    registered: tracking.RegisteredModel | None
    mlflow_experiment: str = ""
    score: str = ""  # the run's held-out score(s), in words

    @property
    def files(self) -> list[str]:
        return sorted(p.name for p in self.path.iterdir())


def held_out_score(metrics: dict[str, float], tags: dict[str, str]) -> str:
    """A run's scores on data it was not fitted on, in words: cross-validated, and on the
    external set when that was held out (an in-sample external score is named as such)."""
    parts = []
    if "macro_f1" in metrics:
        protocol = tags.get("govtext.protocol", "cross-validation").split(";")[0]
        parts.append(f"macro-F1 {_interval(metrics, '')} out of fold ({protocol})")
    if "ext_macro_f1" in metrics:
        where = Path(tags.get("govtext.eval_path", "the external set")).name
        if metrics.get("ext_overlap_with_training"):
            parts.append(f"{_interval(metrics, 'ext_')} on {where}, IN-SAMPLE (not held out)")
        else:
            parts.append(f"macro-F1 {_interval(metrics, 'ext_')} held out on {where}")
    return "; ".join(parts) or "no score logged"


def _interval(m: dict[str, float], p: str) -> str:
    low, high = m.get(f"{p}macro_f1_low", float("nan")), m.get(f"{p}macro_f1_high", float("nan"))
    return f"{m[f'{p}macro_f1']:.3f} [{low:.3f}, {high:.3f}]"


@interruptible()  # killed half-way, the scratch folder is removed: no half model folder
def export(
    run: str = "latest",
    out: str | Path = "model",
    *,
    tracking_uri: str = "",
    experiment: str = "default",
    mlflow_experiment: str = "govtext",
    register: bool = True,
    model_name: str = DEFAULT_MODEL_NAME,
    alias: str | None = None,
) -> ExportResult:
    """Write run ``run`` to the model folder ``out``, replacing an earlier export there, and
    register it as a new version of ``model_name``.

    ``run`` is a run id, ``latest`` (the newest finished run of the experiment config
    ``experiment`` in the MLflow experiment ``mlflow_experiment``, never a reproduction) or
    ``champion`` (the run ``govtext promote`` chose). ``alias``: also point it at this version
    (``govtext promote`` is the explicit way to choose the champion).
    """
    out = Path(out)
    _check_destination(out)
    uri = checked_store_uri(tracking_uri, existing=True)
    run_id = resolve_run(uri, run, mlflow_experiment, name=experiment, model_name=model_name)
    details = tracking.run_details(uri, run_id)
    name = details.config.get("name") or details.run_name
    out.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.export-"))
    try:
        folder = tracking.download_model(uri, run_id, scratch / "model")
        flavour = tracking.sklearn_flavour(folder)
        if flavour.get("serialization_format") != "skops" or flavour.get("pickled_model") != (
            SKOPS_FILE
        ):
            raise GovtextError(
                f"run {run_id}: its model was not logged in skops format ({flavour}); "
                "train it again with this version of govtext."
            )
        tracking.set_text_signature(folder)
        pipeline = load_pipeline(folder / SKOPS_FILE)
        data = _training_data(details)
        sample = data.pop("texts", None) or _input_example(folder)
        onnx_skipped, checked = _write_onnx(pipeline, folder / ONNX_FILE, sample)
        linear_skipped = _write_linear(pipeline, folder / LINEAR_FILE, sample)
        registered = None
        if register:
            registered = tracking.register_model(uri, run_id, model_name, alias)
        meta = _metadata(details, name, pipeline, data, onnx_skipped, checked, registered)
        meta["files"]["linear"] = None if linear_skipped else LINEAR_FILE
        meta["linear"] = {"skipped": linear_skipped}
        model = GovtextModel(out, meta, pipeline)
        (folder / METADATA_FILE).write_text(
            json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        (folder / CARD_FILE).write_text(model_card(model, details, data), encoding="utf-8")
        _swap_into_place(folder, out, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    score = held_out_score(details.metrics, details.tags)
    return ExportResult(out, run_id, name, meta["labels"], onnx_skipped, checked, registered,
                        details.experiment, score)  # fmt: skip


def _check_destination(out: Path) -> None:
    if out.is_file():
        raise GovtextError(f"{out}: is a file; --out must name a folder to write the model to.")
    if out.is_dir() and any(out.iterdir()) and not (out / METADATA_FILE).is_file():
        raise GovtextError(
            f"{out}: exists and is not a govtext model folder; choose another --out or empty it."
        )


def _swap_into_place(folder: Path, out: Path, scratch: Path) -> None:
    """Rename the finished folder to ``out``; an earlier export there is replaced whole."""
    old = scratch / "previous"
    if out.exists():
        out.rename(old)
    try:
        folder.rename(out)
    except OSError:
        if old.exists():
            old.rename(out)
        raise


def _input_example(folder: Path) -> list[str]:
    path = folder / "input_example.json"
    if not path.is_file():
        return []
    example = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(example, dict):  # {"inputs": [...]} or {"data": [...]}
        example = next(iter(example.values()), [])
    return [str(t) for t in np.asarray(example, dtype=object).ravel()]


def _training_data(details) -> dict[str, Any]:
    """What the card says about the training data: from the run, and from the data file when it
    still hashes to what the run logged."""
    path = details.tags.get("govtext.data_path") or details.config.get("data", {}).get("path", "")
    logged_hash = details.tags.get("govtext.data_hash", "")
    counts = {
        label: int(details.metrics[f"support_{label}"])
        for label in ALL_LABELS
        if f"support_{label}" in details.metrics
    }
    data: dict[str, Any] = {
        "path": path,
        "content_hash": logged_hash,
        "sentences": int(details.metrics.get("n_sentences", sum(counts.values()))),
        "label_counts": counts,
        "documents": None,
        "note": "",
    }
    if not path or not Path(path).is_file():
        data["note"] = (
            f"{path or 'the data file'} is not here at export time; documents not listed."
        )
        return data
    try:
        labelled = load_labelled(path)
    except GovtextError as err:
        data["note"] = f"{path} cannot be read at export time ({err}); documents not listed."
        return data
    if labelled.content_hash != logged_hash:
        data["note"] = (
            f"{path} changed since training (hash {labelled.content_hash[:12]}, run logged "
            f"{logged_hash[:12]}); documents not listed."
        )
        return data
    frame = labelled.frame
    if "doc_id" in frame.columns:
        manifest = read_manifest("seeds") if Path("seeds").is_dir() else {}
        data["documents"] = [
            {
                "doc_id": doc_id,
                "sentences": int(n),
                "title": manifest.get(doc_id, {}).get("title", ""),
            }
            for doc_id, n in frame.groupby("doc_id", sort=False).size().items()
        ]
    data["texts"] = frame["text"].tolist()
    return data


def _write_onnx(pipeline, path: Path, sample: list[str]) -> tuple[str | None, int]:
    """Convert, check against scikit-learn on ``sample``, write; or say why not."""
    try:
        model = to_onnx(pipeline)
    except NotConvertible as why:
        log.warning("ONNX skipped: %s", why)
        return str(why), 0
    path.write_bytes(model.SerializeToString())
    if not sample:
        return None, 0
    session = onnx_session(path)
    onnx_model = GovtextModel(path.parent, {}, pipeline, "onnx", session)
    sklearn_model = GovtextModel(path.parent, {}, pipeline, "sklearn")
    onnx_labels, _ = onnx_model.predict_texts(sample)
    sklearn_labels, _ = sklearn_model.predict_texts(sample)
    disagree = int((onnx_labels != sklearn_labels).sum())
    if disagree:
        path.unlink()
        reason = (
            f"ONNX Runtime and scikit-learn disagreed on {disagree} of {len(sample)} training "
            "sentences, so model.onnx was not kept"
        )
        log.warning("ONNX skipped: %s", reason)
        return reason, 0
    return None, len(sample)


def _write_linear(pipeline, path: Path, sample: list[str]) -> str | None:
    """Write ``model.linear.npz`` when its labels and scores equal scikit-learn's bit for bit
    on ``sample`` (the training sentences) and the fast engine's probes; or say why not."""
    try:
        np.savez(path, **linear_arrays(pipeline))
    except NotLinear as why:
        return str(why)
    texts = [*sample, *FAST_PROBES]
    by_linear = GovtextModel(path.parent, {}, None, linear=LinearModel.load(path))
    by_sklearn = GovtextModel(path.parent, {}, pipeline, "sklearn")
    linear_labels, linear_scores = by_linear.predict_texts(texts)
    labels, scores = by_sklearn.predict_texts(texts)
    if not (np.array_equal(linear_labels, labels) and np.array_equal(linear_scores, scores)):
        path.unlink()
        reason = "its scores differed from scikit-learn's on the training sentences"
        log.warning("%s skipped: %s", LINEAR_FILE, reason)
        return reason
    return None


def export_versions() -> dict[str, str]:
    return {"python": platform.python_version(), **package_versions(_VERSIONED)}


def _metadata(details, name, pipeline, data, onnx_skipped, checked, registered) -> dict[str, Any]:
    parts = pipeline_parts(pipeline)
    probe = GovtextModel(Path("."), {}, pipeline)
    metrics = {
        k: v
        for k, v in sorted(details.metrics.items())
        if k.removeprefix("ext_").split("_")[0]
        in ("macro", "accuracy", "f1", "precision", "recall", "support", "n")
    }
    return {
        "format_version": FORMAT_VERSION,
        "govtext_version": package_version("govtext"),
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "run_id": details.run_id,
        "experiment": name,
        "mlflow_experiment": details.experiment,
        "trained_at": details.start_time,
        "model": details.tags.get("govtext.model", ""),
        "features": details.tags.get("govtext.features", ""),
        "labels": probe.labels,
        "score_kind": probe.score_kind,
        "protocol": details.tags.get("govtext.protocol", ""),
        "metrics": metrics,
        "data": data,
        "segmenter_unit": getattr(parts.segmenter, "unit", None),
        "cue_features": (
            [str(n) for n in parts.cues.get_feature_names_out()] if parts.cues is not None else None
        ),
        "files": {
            "mlflow": MLMODEL_FILE,
            "skops": SKOPS_FILE,
            "onnx": None if onnx_skipped else ONNX_FILE,
            "card": CARD_FILE,
        },
        "onnx": {
            "inputs": ["text", "cues"] if parts.cues is not None else ["text"],
            "outputs": ["label", "scores"],
            "checked_sentences": checked,
            "skipped": onnx_skipped,
        },
        "registered": (
            {
                "name": registered.name,
                "version": registered.version,
                "alias": registered.alias,
                "uri": registered.uri,
            }
            if registered
            else None
        ),
        "config": details.config,
        "versions": {"training": details.versions, "export": export_versions()},
    }
