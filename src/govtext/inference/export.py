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
``MODEL_CARD.md``   generated: intended use, labels, data, evaluation, limitations, versions
``govtext.json``    folder format version, labels, run id, data hash, metrics, files present
==================  =========================================================================

The folder is built beside its destination and renamed into place, so a failed export never
leaves half a model. The run's model is also registered in the MLflow model registry, with the
alias ``champion`` for the default experiment, so that ``models:/govtext@champion`` loads.
"""

from __future__ import annotations

import json
import logging
import platform
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

import numpy as np

from govtext.errors import GovtextError
from govtext.labels import ALL_LABELS, GUIDELINE_VERSION, TASK_LABELS
from govtext.prediction import (
    CARD_FILE,
    FORMAT_VERSION,
    METADATA_FILE,
    MLMODEL_FILE,
    ONNX_FILE,
    SKOPS_FILE,
    GovtextModel,
    load_pipeline,
    pipeline_parts,
)

log = logging.getLogger(__name__)

DEFAULT_EXPERIMENT_ALIAS = "champion"
DEFAULT_MODEL_NAME = "govtext"
# The ONNX graph is built from three converted pieces that must share operator set versions.
_OPSETS = {"": 17, "ai.onnx.ml": 3}
_ONNX_IR_VERSION = 8
_VERSIONED = ("govtext", "scikit-learn", "numpy", "scipy", "pandas", "skops", "skl2onnx", "onnx",
              "onnxruntime", "mlflow", "underthesea")  # fmt: skip

# One line per label, from ../shared/labels.md, for the card.
LABEL_FUNCTIONS = {
    "achievement": "a result, progress or good state that was attained (targets met, figures "
    "reached, tasks done, stability kept)",
    "limitation": "a shortcoming, weakness, difficulty, problem or unmet target of the "
    "reporting body or locality",
    "request": "the reporting body (or locality, its people, an enterprise) asks a higher level "
    "or another body for support, resources, a policy or an action",
    "instruction": "a directive, task, orientation or commitment for future action",
    "other": "none of the above: bylines, datelines, captions, attendance, background facts",
}


class NotConvertible(Exception):
    """Why a pipeline has no ONNX form; the export says so and carries on without it."""


@dataclass(frozen=True)
class ExportResult:
    path: Path
    run_id: str
    experiment: str
    labels: list[str]
    onnx_skipped: str | None  # None when model.onnx was written
    onnx_checked: int  # sentences on which ONNX and scikit-learn were compared (all agreed)
    registered: Any | None  # govtext.tracking.RegisteredModel

    @property
    def files(self) -> list[str]:
        return sorted(p.name for p in self.path.iterdir())


def default_alias(experiment_name: str) -> str:
    """``champion`` for the default experiment; otherwise the experiment config's name."""
    if experiment_name == "default":
        return DEFAULT_EXPERIMENT_ALIAS
    alias = re.sub(r"[^A-Za-z0-9_-]+", "-", experiment_name).strip("-")
    return alias or "unnamed"


def export(
    run: str = "latest",
    out: str | Path = "model",
    *,
    tracking_uri: str = "",
    experiment: str = "govtext",
    register: bool = True,
    model_name: str = DEFAULT_MODEL_NAME,
    alias: str | None = None,
) -> ExportResult:
    """Write run ``run`` (an id, or ``latest`` in the MLflow experiment ``experiment``) to the
    model folder ``out``, replacing an earlier export there, and register it.

    ``alias`` defaults to ``champion`` for the default experiment, else the config's name.
    """
    from govtext import tracking

    out = Path(out)
    _check_destination(out)
    uri = tracking.resolve_tracking_uri(tracking_uri)
    tracking.check_tracking_uri(uri)
    run_id = tracking.resolve_run(uri, run, experiment)
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
        pipeline = load_pipeline(folder / SKOPS_FILE)
        data = _training_data(details)
        sample = data.pop("texts", None) or _input_example(folder)
        onnx_skipped, checked = _write_onnx(pipeline, folder / ONNX_FILE, sample)
        registered = None
        if register:
            registered = tracking.register_model(
                uri, run_id, model_name, alias or default_alias(name)
            )
        meta = _metadata(details, name, pipeline, data, onnx_skipped, checked, registered)
        model = GovtextModel(out, meta, pipeline)
        (folder / METADATA_FILE).write_text(
            json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        (folder / CARD_FILE).write_text(model_card(model, details, data), encoding="utf-8")
        _swap_into_place(folder, out, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return ExportResult(out, run_id, name, meta["labels"], onnx_skipped, checked, registered)


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
    from govtext.dataset import read_manifest
    from govtext.experiment import load_labelled

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


# ------------------------------------------------------------------------------------- ONNX


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
    session = _session(path)
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


def _session(path: Path):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.log_severity_level = 3
    return ort.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])


def to_onnx(pipeline):
    """The pipeline after its Segmenter (and beside its cue features) as one ONNX graph.

    Inputs: ``text``, a 1-d string tensor of sentences already tokenised by the pipeline's
    Segmenter (space-separated tokens); ``cues``, a float matrix of the cue features, when the
    pipeline has them. Outputs: ``label`` and ``scores`` (probabilities, or decision values for
    LinearSVC and ridge), columns in the classifier's ``classes_`` order.

    Built from three pieces: skl2onnx converts the n-gram counting (a CountVectorizer with the
    fitted vocabulary) and the classifier; the TF-IDF weighting between them is written here,
    because skl2onnx computes ``sublinear_tf`` as log(1 + tf) where scikit-learn uses
    1 + log(tf), and drops ``min_df``-pruned words before forming n-grams where scikit-learn
    does not. Raises NotConvertible with the reason for any other pipeline.
    """
    parts = pipeline_parts(pipeline)
    vectorizer = parts.vectorizer
    if vectorizer is None or parts.segmenter is None:
        raise NotConvertible(
            "the model reads raw sentences with no TF-IDF features (a majority or rules "
            "baseline): there is no linear model on n-grams to convert"
        )
    _check_vectorizer(vectorizer)
    n_cues = 0
    if parts.cues is not None:
        n_cues = len(parts.cues.get_feature_names_out())
    width = len(vectorizer.vocabulary_) + n_cues
    if getattr(parts.classifier, "n_features_in_", width) != width:
        raise NotConvertible(
            f"the classifier expects {parts.classifier.n_features_in_} features but the n-grams "
            f"and cues give {width} (the cue lexicon changed since training)"
        )
    from onnx import compose

    counts = _counts_graph(vectorizer)
    tail = _tfidf_graph(vectorizer, n_cues)
    classifier = _classifier_graph(parts.classifier, width)
    _align_opsets(counts, tail, classifier)
    joined = compose.merge_models(
        counts,
        tail,
        io_map=[(counts.graph.output[0].name, "counts")],
        prefix1="counts_",
        prefix2="tfidf_",
    )
    model = compose.merge_models(
        joined, classifier, io_map=[("tfidf_features", "features")], prefix2="classify_"
    )
    inputs = {"counts_text": "text", "tfidf_cues": "cues"}
    outputs = {model.graph.output[0].name: "label", model.graph.output[1].name: "scores"}
    for extra in list(model.graph.output)[2:]:
        model.graph.output.remove(extra)
    _rename(model, {**inputs, **outputs})
    model.doc_string = (
        "govtext sentence classifier. Inputs: text = sentences tokenised by govtext's Segmenter"
        + (", cues = govtext.rules.CueFeatures matrix" if n_cues else "")
        + ". Outputs: label, scores (one column per label in classes order)."
    )
    _set_metadata(model, {"classes": json.dumps([str(c) for c in parts.classifier.classes_])})
    import onnx

    onnx.checker.check_model(model)
    return model


def _check_vectorizer(vectorizer) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not isinstance(vectorizer, TfidfVectorizer):
        raise NotConvertible(f"{type(vectorizer).__name__} features have no ONNX converter here")
    if vectorizer.analyzer != "word":
        raise NotConvertible(
            f"character n-grams (analyzer={vectorizer.analyzer!r}) have no ONNX converter"
        )
    problems = []
    if vectorizer.token_pattern != r"\S+":
        problems.append(f"token_pattern {vectorizer.token_pattern!r} (ONNX needs \\S+)")
    for name in ("tokenizer", "preprocessor", "strip_accents", "stop_words"):
        if getattr(vectorizer, name) is not None:
            problems.append(f"{name}={getattr(vectorizer, name)!r}")
    if vectorizer.binary:
        problems.append("binary=True")
    if vectorizer.norm not in ("l2", None):
        problems.append(f"norm={vectorizer.norm!r}")
    if problems:
        raise NotConvertible(f"the TF-IDF settings do not convert: {', '.join(problems)}")


def _counts_graph(vectorizer):
    """skl2onnx's n-gram counter over the fitted vocabulary: text -> raw counts."""
    from skl2onnx import convert_sklearn
    from skl2onnx.common.data_types import StringTensorType
    from sklearn.feature_extraction.text import CountVectorizer

    counter = CountVectorizer(
        token_pattern=vectorizer.token_pattern,
        ngram_range=vectorizer.ngram_range,
        lowercase=vectorizer.lowercase,
        vocabulary=vectorizer.vocabulary_,
    ).fit([""])
    try:
        return convert_sklearn(
            counter,
            initial_types=[("text", StringTensorType([None]))],
            # The only locale this kind of machine has; lowercasing (if any) then matches Python.
            options={id(counter): {"locale": "C.UTF-8"}},
            target_opset=_OPSETS,
        )
    except (RuntimeError, NotImplementedError, ValueError, TypeError) as err:
        raise NotConvertible(f"the n-gram counter did not convert: {err}") from err


def _tfidf_graph(vectorizer, n_cues: int):
    """counts (and cues) -> the features the classifier was trained on, as scikit-learn makes
    them: sublinear tf = 1 + log(tf) on non-zero counts, times idf, rows L2-normalised, then the
    cue columns after the n-grams (FeatureUnion order)."""
    from onnx import TensorProto, helper, numpy_helper

    def const(name: str, value) -> None:
        initializers.append(numpy_helper.from_array(np.asarray(value), name))

    nodes: list = []
    initializers: list = []
    width = len(vectorizer.vocabulary_)
    const("zero", np.zeros(1, np.float32))
    const("one", np.ones(1, np.float32))
    x = "counts"
    if vectorizer.sublinear_tf:
        nodes += [
            helper.make_node("Greater", [x, "zero"], ["present"]),
            helper.make_node("Max", [x, "one"], ["at_least_one"]),
            helper.make_node("Log", ["at_least_one"], ["log_tf"]),
            helper.make_node("Add", ["log_tf", "one"], ["one_plus_log_tf"]),
            helper.make_node("Where", ["present", "one_plus_log_tf", "zero"], ["sublinear"]),
        ]
        x = "sublinear"
    if vectorizer.use_idf:
        const("idf", vectorizer.idf_.astype(np.float32))
        nodes.append(helper.make_node("Mul", [x, "idf"], ["weighted"]))
        x = "weighted"
    if vectorizer.norm == "l2":
        const("axis_1", np.array([1], np.int64))
        const("tiny", np.full(1, 1e-30, np.float32))  # an all-zero row stays zero, as in sklearn
        nodes += [
            helper.make_node("Mul", [x, x], ["squared"]),
            helper.make_node("ReduceSum", ["squared", "axis_1"], ["sum_squares"], keepdims=1),
            helper.make_node("Sqrt", ["sum_squares"], ["length"]),
            helper.make_node("Max", ["length", "tiny"], ["safe_length"]),
            helper.make_node("Div", [x, "safe_length"], ["normalised"]),
        ]
        x = "normalised"
    inputs = [helper.make_tensor_value_info("counts", TensorProto.FLOAT, [None, width])]
    if n_cues:
        inputs.append(helper.make_tensor_value_info("cues", TensorProto.FLOAT, [None, n_cues]))
        nodes.append(helper.make_node("Concat", [x, "cues"], ["features"], axis=1))
    else:
        nodes.append(helper.make_node("Identity", [x], ["features"]))
    outputs = [helper.make_tensor_value_info("features", TensorProto.FLOAT, [None, width + n_cues])]
    graph = helper.make_graph(nodes, "tfidf", inputs, outputs, initializer=initializers)
    return helper.make_model(
        graph, opset_imports=[helper.make_opsetid(d, v) for d, v in _OPSETS.items()]
    )


def _classifier_graph(classifier, width: int):
    from skl2onnx import convert_sklearn
    from skl2onnx.common.data_types import FloatTensorType

    # zipmap=False gives a plain score matrix; classifiers without probabilities (LinearSVC,
    # ridge) accept no options at all and output their decision values.
    options = {id(classifier): {"zipmap": False} if hasattr(classifier, "predict_proba") else {}}
    try:
        return convert_sklearn(
            classifier,
            initial_types=[("features", FloatTensorType([None, width]))],
            options=options,
            target_opset=_OPSETS,
        )
    except (RuntimeError, NotImplementedError, ValueError, TypeError, NameError) as err:
        raise NotConvertible(f"{type(classifier).__name__} did not convert: {err}") from err


def _align_opsets(*models) -> None:
    """Give every piece the highest version of each operator set any piece uses."""
    from onnx import helper

    versions: dict[str, int] = {}
    for model in models:
        for opset in model.opset_import:
            versions[opset.domain] = max(versions.get(opset.domain, 0), opset.version)
    for model in models:
        model.ir_version = _ONNX_IR_VERSION
        del model.opset_import[:]
        model.opset_import.extend(helper.make_opsetid(d, v) for d, v in sorted(versions.items()))


def _rename(model, names: dict[str, str]) -> None:
    graph = model.graph
    for node in graph.node:
        node.input[:] = [names.get(n, n) for n in node.input]
        node.output[:] = [names.get(n, n) for n in node.output]
    for value in [*graph.input, *graph.output]:
        value.name = names.get(value.name, value.name)


def _set_metadata(model, values: dict[str, str]) -> None:
    from onnx import helper

    values = {"producer": "govtext", "govtext_version": _version("govtext"), **values}
    helper.set_model_props(model, values)


# ---------------------------------------------------------------------------- metadata and card


def _version(package: str) -> str:
    try:
        return importlib_metadata.version(package)
    except importlib_metadata.PackageNotFoundError:
        return "not installed"


def export_versions() -> dict[str, str]:
    return {"python": platform.python_version(), **{p: _version(p) for p in _VERSIONED}}


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
        "govtext_version": _version("govtext"),
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


def _interval(metrics: dict[str, float], prefix: str = "") -> str:
    return (
        f"{metrics[prefix + 'macro_f1']:.3f} (95% bootstrap interval "
        f"{metrics[prefix + 'macro_f1_low']:.3f}–{metrics[prefix + 'macro_f1_high']:.3f})"
    )


def _scheme_order(model: GovtextModel) -> list[str]:
    return [label for label in ALL_LABELS if label in model.labels] + [
        label for label in model.labels if label not in ALL_LABELS
    ]


def model_card(model: GovtextModel, details, data: dict[str, Any]) -> str:
    """``MODEL_CARD.md``: what the model is for, what it was trained and scored on, how well it
    did (with intervals), what it cannot do, and the versions behind it."""
    meta = model.metadata
    m = details.metrics
    n_docs = len(data["documents"]) if data["documents"] is not None else None
    docs_text = f"{n_docs} document(s)" if n_docs is not None else "an unlisted number of documents"
    lines = [
        f"# Model card: govtext `{meta['experiment']}`",
        "",
        "Generated by `govtext export`; do not edit by hand (export again instead).",
        "",
        f"- run: `{details.run_id}` (MLflow experiment `{details.experiment}`, trained "
        f"{details.start_time})",
        f"- model: {meta['model']} on {meta['features'] or 'no features'}; scores are "
        f"{meta['score_kind']} values",
        f"- exported: {meta['exported_at']} by govtext {meta['govtext_version']} "
        f"(folder format {FORMAT_VERSION})",
    ]
    if meta["registered"]:
        reg = meta["registered"]
        lines.append(
            f"- registry: `{reg['name']}` version {reg['version']}, alias `{reg['alias']}` "
            f'(`mlflow.pyfunc.load_model("{reg["uri"]}")`)'
        )
    lines += [
        "",
        "## Intended use",
        "",
        "Label each sentence of a Vietnamese government or Party-committee report (or a news "
        "report of one) with the communicative function it carries, so that a researcher can "
        "find a report's achievements, limitations, requests and instructions at a glance. It is "
        "a reading aid and a research baseline, not a decision system: do not use its labels to "
        "judge a person, an official or a locality, and check any sentence that matters.",
        "",
        "## Labels",
        "",
        f"One label per sentence (annotation guideline version {GUIDELINE_VERSION}):",
        "",
        "| label | the sentence ... |",
        "|---|---|",
        *[f"| `{label}` | {LABEL_FUNCTIONS.get(label, '')} |" for label in _scheme_order(model)],
        "",
        "## Training data",
        "",
        f"- file: `{data['path']}`, {data['sentences']} labelled sentences from {docs_text}",
        f"- content hash (sha256 of text and label, in order): `{data['content_hash']}`",
        "- sentences per label: "
        + ", ".join(f"{label} {n}" for label, n in data["label_counts"].items()),
    ]
    if data["documents"]:
        lines += ["", "| document | sentences | title |", "|---|---|---|"]
        lines += [f"| {d['doc_id']} | {d['sentences']} | {d['title']} |" for d in data["documents"]]
    if data["note"]:
        lines += ["", f"Note: {data['note']}"]
    lines += [
        "",
        "## Evaluation",
        "",
        f"- protocol: {details.tags.get('govtext.protocol', 'not logged')}",
        "- headline metric: macro-F1 over the four task labels "
        f"({', '.join(TASK_LABELS)}), computed on every sentence, `other` included",
    ]
    if "macro_f1" in m:
        lines += [
            f"- macro-F1: {_interval(m)}",
            f"- accuracy over all five labels: {m.get('accuracy', float('nan')):.3f}",
            "",
            "| label | precision | recall | F1 | support |",
            "|---|---|---|---|---|",
            *[
                f"| {label} | {m.get(f'precision_{label}', float('nan')):.3f} | "
                f"{m.get(f'recall_{label}', float('nan')):.3f} | "
                f"{m.get(f'f1_{label}', float('nan')):.3f} | "
                f"{int(m.get(f'support_{label}', 0))} |"
                for label in ALL_LABELS
            ],
        ]
    if "ext_macro_f1" in m:
        lines += [
            "",
            f"Held-out file `{details.tags.get('govtext.eval_path', '?')}` (hash "
            f"`{details.tags.get('govtext.eval_hash', '')[:16]}`), scored once: macro-F1 "
            f"{_interval(m, 'ext_')}, accuracy {m.get('ext_accuracy', float('nan')):.3f}.",
        ]
    onnx = meta["onnx"]
    lines += [
        "",
        "## Files and how to load them",
        "",
        '- `MLmodel` and friends: an MLflow model; `mlflow.pyfunc.load_model("<this folder>")`, '
        "or `mlflow models serve -m <this folder> --env-manager local`, then POST "
        '`{"inputs": ["sentence", ...]}` to `/invocations`.',
        "- `model.skops`: the scikit-learn pipeline (raw sentences in), no pickle; "
        "`govtext predict --model <this folder> report.txt` loads it trusting only govtext's "
        "own types and refuses a file holding anything else.",
    ]
    if onnx["skipped"]:
        lines.append(f"- no `model.onnx`: {onnx['skipped']}.")
    else:
        lines.append(
            "- `model.onnx`: the TF-IDF and classifier; inputs "
            + " and ".join(f"`{i}`" for i in onnx["inputs"])
            + " (sentences tokenised by govtext's Segmenter"
            + (", and the cue feature matrix" if len(onnx["inputs"]) > 1 else "")
            + "), outputs `label` and `scores`; agreed with scikit-learn on all "
            f"{onnx['checked_sentences']} training sentences at export "
            "(`govtext predict --engine onnx`)."
        )
    lines += [
        "",
        "## Known limitations",
        "",
        f"- A tiny training set: {data['sentences']} sentences from {docs_text}"
        + (" — essentially one report's style, places and vocabulary" if (n_docs or 0) <= 1 else "")
        + ". The intervals above are wide for that reason; expect lower scores on other "
        "provinces, outlets and years.",
        "- Labels depend on the direction of a request and on context a single sentence may not "
        "show (labels.md, decision rules 1-3); fragments and captions are often wrong.",
        "- Sentence splitting uses underthesea with fixes for this genre; unusual layouts "
        "(tables, lists without punctuation, HTML) split badly: give plain UTF-8 text.",
        "- Scores are not calibrated probabilities unless the model is logistic regression "
        "or naive Bayes, and even then only on data like the training data.",
        "",
        "## Versions",
        "",
        "| package | at training | at export |",
        "|---|---|---|",
    ]
    export_v = meta["versions"]["export"]
    for package in sorted(set(details.versions) | set(export_v)):
        lines.append(
            f"| {package} | {details.versions.get(package, '')} | {export_v.get(package, '')} |"
        )
    lines += [
        "",
        "## Configuration",
        "",
        "```json",
        json.dumps(details.config, ensure_ascii=False, indent=1),
        "```",
        "",
    ]
    return "\n".join(lines)
