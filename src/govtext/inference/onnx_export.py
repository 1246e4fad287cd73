"""A govtext pipeline's TF-IDF and classifier as one ONNX graph (``model.onnx``).

Inputs: ``text``, sentences already tokenised by the pipeline's Segmenter (space-separated
tokens), and, for a model with rule cues, ``cues`` (the cue feature matrix). Outputs: ``label``
and ``scores``. Only the conversion lives here; ``govtext.inference.export`` checks the graph
against scikit-learn before keeping it.
"""

from __future__ import annotations

import json

import numpy as np
import onnx
from onnx import TensorProto, compose, helper, numpy_helper
from skl2onnx import convert_sklearn
from skl2onnx.common.data_types import FloatTensorType, StringTensorType
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from govtext.inference.folder import pipeline_parts, tfidf_problems
from govtext.versions import package_version

# The ONNX graph is built from three converted pieces that must share operator set versions.
_OPSETS = {"": 17, "ai.onnx.ml": 3}
_ONNX_IR_VERSION = 8


class NotConvertible(Exception):
    """Why a pipeline has no ONNX form; the export says so and carries on without it."""


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
    onnx.checker.check_model(model)
    return model


def _check_vectorizer(vectorizer) -> None:
    if isinstance(vectorizer, TfidfVectorizer) and vectorizer.analyzer != "word":
        raise NotConvertible(
            f"character n-grams (analyzer={vectorizer.analyzer!r}) have no ONNX converter"
        )
    problems = tfidf_problems(vectorizer)
    if not problems and vectorizer.norm not in ("l2", None):
        problems.append(f"norm={vectorizer.norm!r}")
    if problems:
        raise NotConvertible(f"the TF-IDF settings do not convert: {', '.join(problems)}")


def _counts_graph(vectorizer):
    """skl2onnx's n-gram counter over the fitted vocabulary: text -> raw counts."""
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
    values = {"producer": "govtext", "govtext_version": package_version("govtext"), **values}
    helper.set_model_props(model, values)
