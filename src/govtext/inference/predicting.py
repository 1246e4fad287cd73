"""Labels for new reports: load an exported model folder safely and label every sentence.

A model folder is what ``govtext export`` writes (see ``govtext.exporting``). Loading it never
unpickles anything: the pipeline is read from ``model.skops`` with an explicit list of trusted
types, and a folder holding any other type is refused.

Inputs are ``.txt`` reports (split into sentences exactly as the dataset builder does), ``.csv``
files with one sentence per row in a ``text`` column (not re-split; other columns pass through),
or ``-`` for a report on standard input. Each sentence is tokenised once, and the model is loaded
once however many inputs and rows there are; big inputs are labelled in chunks.

>>> frame = predict(["report.txt"], "model")  # doctest: +SKIP
>>> frame[["doc_id", "position", "text", "label"]]  # doctest: +SKIP
"""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from govtext.errors import GovtextError
from govtext.labels import ALL_LABELS

log = logging.getLogger(__name__)

# ---- the model folder format (written by govtext.exporting)
FORMAT_VERSION = 1
METADATA_FILE = "govtext.json"
SKOPS_FILE = "model.skops"
ONNX_FILE = "model.onnx"
CARD_FILE = "MODEL_CARD.md"
MLMODEL_FILE = "MLmodel"

ENGINES = ("sklearn", "onnx", "fast")
FORMATS = ("csv", "jsonl", "html")
DEFAULT_CHUNK_SIZE = 5000
SCORE_PREFIX = "score_"
# An input CSV column whose name predict also writes (a gold ``label``) is kept under this prefix.
CLASH_PREFIX = "input_"
REPORT_COLUMNS = ["source", "doc_id", "sent_id", "paragraph", "position", "text"]
# ONNX turns TF-IDF into a dense rows x vocabulary float matrix: cap it near 64 MB per batch.
_ONNX_CELLS_PER_BATCH = 16_000_000


def allowed_types() -> frozenset[str]:
    """Types skops does not trust by default that a govtext model may contain: ours only.

    scikit-learn, NumPy and SciPy types our pipelines use are trusted by skops itself (checked on
    every shipped experiment config); anything else in a file, e.g. a function such as
    ``posix.system`` slipped into a ``FunctionTransformer``, is refused.
    """
    from govtext.tracking import TRUSTED_TYPES

    return frozenset(TRUSTED_TYPES)


def load_pipeline(path: str | Path):
    """Read a skops file, trusting only ``allowed_types()``; never unpickles.

    Raises GovtextError naming the file and the unexpected types when the file holds any other.
    """
    import skops.io as sio

    path = Path(path)
    try:
        untrusted = sio.get_untrusted_types(file=path)
    except FileNotFoundError as err:
        raise GovtextError(f"{path}: no such model file; export the model again.") from err
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as err:
        raise GovtextError(
            f"{path}: is not a readable skops file ({type(err).__name__}: {err}); "
            "the model folder is corrupt: export it again with `govtext export`."
        ) from err
    unexpected = sorted(set(untrusted) - allowed_types())
    if unexpected:
        raise GovtextError(
            f"{path}: refused to load: it contains type(s) a govtext model never holds "
            f"({', '.join(unexpected)}); it was not written by `govtext export` or was tampered "
            "with. Export the model again from a trusted run."
        )
    try:
        return sio.load(path, trusted=untrusted)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, AttributeError) as err:
        raise GovtextError(
            f"{path}: could not be loaded ({type(err).__name__}: {err}); export it again with "
            "this version of govtext and scikit-learn."
        ) from err


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
            f"{meta.get('govtext_version', '?')}); this govtext {_version()} reads format "
            f"{FORMAT_VERSION}: export the model again with this version."
        )
    return meta


def _version() -> str:
    try:
        return importlib_metadata.version("govtext")
    except importlib_metadata.PackageNotFoundError:  # pragma: no cover - always installed
        return "unknown"


@dataclass(frozen=True)
class PipelineParts:
    """Where a govtext pipeline tokenises and where it classifies, to feed ONNX and to score."""

    segmenter: Any | None  # govtext.text.Segmenter, or None for featureless models
    vectorizer: Any | None  # the fitted TfidfVectorizer
    cues: Any | None  # govtext.rules.CueFeatures beside the n-grams, or None
    classifier: Any


def pipeline_parts(pipeline) -> PipelineParts:
    """Pick apart the shapes ``govtext.models.build_pipeline`` makes."""
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


@dataclass(frozen=True)
class GovtextModel:
    """An exported model, loaded once, ready to label sentences."""

    path: Path
    metadata: dict[str, Any]
    pipeline: Any
    engine: str = "sklearn"
    session: Any = None  # an onnxruntime.InferenceSession when engine == "onnx"
    fast: Any = None  # a govtext.fast.FastFeatures when engine == "fast"

    @property
    def classifier(self):
        return self.pipeline.steps[-1][1]

    @property
    def classes(self) -> list[str]:
        """The classifier's ``classes_``: the column order of its (and ONNX's) score matrix."""
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
                chunk_labels, chunk_scores = self._predict_onnx(chunk)
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

    def _predict_onnx(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        parts = pipeline_parts(self.pipeline)
        segmented = np.asarray(parts.segmenter.transform(texts), dtype=object)
        cues = parts.cues.transform(texts).astype(np.float32) if parts.cues is not None else None
        width = len(parts.vectorizer.vocabulary_) + (cues.shape[1] if cues is not None else 0)
        batch = max(1, _ONNX_CELLS_PER_BATCH // max(width, 1))
        labels, scores = [], []
        for start in range(0, len(texts), batch):
            feeds = {"text": segmented[start : start + batch]}
            if cues is not None:
                feeds["cues"] = cues[start : start + batch]
            label, score = self.session.run(["label", "scores"], feeds)
            labels.append(np.asarray(label).astype(str).astype(object))
            scores.append(np.asarray(score, dtype=float))
        if not labels:
            return np.array([], dtype=object), np.zeros((0, len(self.labels)))
        return np.concatenate(labels), np.vstack(scores)  # classes order


def load_model(
    model_dir: str | Path, engine: str = "sklearn", *, threads: int | None = None
) -> GovtextModel:
    """Load an exported model folder: checks its format, then reads ``model.skops`` safely.

    ``engine="onnx"`` runs the classifier with ONNX Runtime from ``model.onnx`` (segmentation and
    cue features still run in Python); the folder must have one (``threads``: ONNX Runtime's
    intra-op threads, default one per core). ``engine="fast"`` computes the
    pipeline's n-gram features in bulk (``govtext.fast``), the same matrix as scikit-learn's
    ``transform`` several times faster, and hands it to the same classifier.
    """
    if engine not in ENGINES:
        raise GovtextError(f"--engine {engine}: use one of {', '.join(ENGINES)}.")
    model_dir = Path(model_dir)
    meta = read_metadata(model_dir)
    pipeline = load_pipeline(model_dir / SKOPS_FILE)
    _check_compatible(pipeline, meta, model_dir)
    segmenter = pipeline_parts(pipeline).segmenter
    if getattr(segmenter, "token_cache", ""):
        # The training-time word cache is a path relative to the project; predicting elsewhere
        # must not create it in the working folder. Sentences are still segmented only once.
        segmenter.set_params(token_cache="")
    session = fast = None
    if engine == "onnx":
        session = _onnx_session(model_dir, meta, threads)
    if engine == "fast":
        fast = _fast_features(pipeline, model_dir)
    return GovtextModel(model_dir, meta, pipeline, engine, session, fast)


# Sentences on which the fast engine must reproduce scikit-learn's features exactly before it is
# used: cases, NFD accents, numbers and codes, punctuation runs, an empty line, a repeated word.
FAST_PROBES = (
    "Huyện đạt 100% kế hoạch.",
    "TỔNG THU NGÂN SÁCH ĐẠT 142,6 TỶ ĐỒNG, ĐẠT 116,6 %.",
    unicodedata.normalize("NFD", "Đề nghị tỉnh quan tâm hỗ trợ vốn cho huyện."),
    "Theo Kết luận 839-KL/TU ngày 08/7/2020... (Ảnh: T/h) – “tiếp tục” đẩy mạnh, đẩy mạnh!",
    "",
)


def _fast_features(pipeline, model_dir: Path):
    from govtext.fast import FastFeatures, NotCompilable

    try:
        fast = FastFeatures.from_parts(pipeline_parts(pipeline))
    except NotCompilable as why:
        raise GovtextError(
            f"{model_dir}: the fast engine cannot run this model ({why}); use --engine sklearn."
        ) from why
    probes = np.asarray(FAST_PROBES, dtype=object)
    expected = pipeline[:-1].transform(probes)
    got = fast.transform(list(FAST_PROBES))
    if expected.shape != got.shape or abs(_sparse(expected) - got).max() > 1e-12:
        raise GovtextError(
            f"{model_dir}: the fast engine's features differ from scikit-learn's for this model; "
            "use --engine sklearn (and report it: govtext.fast and govtext.text disagree)."
        )
    return fast


def _sparse(matrix):
    import scipy.sparse as sp

    return sp.csr_matrix(matrix)


def _check_compatible(pipeline, meta: dict[str, Any], model_dir: Path) -> None:
    """The cue features are computed by this govtext's rule lexicon, not stored in the model: a
    model trained with another lexicon would get columns it never saw."""
    incompatible = (
        f"{model_dir}: was exported by govtext {meta.get('govtext_version', '?')} and cannot run "
        f"with this govtext {_version()}"
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
    then = meta.get("cue_features")
    width = len(now) + (len(parts.vectorizer.vocabulary_) if parts.vectorizer is not None else 0)
    expected = getattr(parts.classifier, "n_features_in_", width)
    if (then is not None and then != now) or expected != width:
        changed = sorted(set(then or []) ^ set(now))
        raise GovtextError(
            f"{incompatible}: it was trained with {len(then) if then is not None else '?'} rule "
            f"cues, this version computes {len(now)} (differing: "
            f"{', '.join(changed[:5]) or 'their order'}); train and export it again with this "
            "version."
        )


def _onnx_session(model_dir: Path, meta: dict[str, Any], threads: int | None = None):
    import onnxruntime as ort

    path = model_dir / ONNX_FILE
    if not path.is_file():
        reason = (meta.get("onnx") or {}).get("skipped") or "no model.onnx in the folder"
        raise GovtextError(f"{model_dir}: has no ONNX model ({reason}); use --engine sklearn.")
    options = ort.SessionOptions()
    options.log_severity_level = 3  # unused-initialiser notices are not the user's business
    if threads:
        options.intra_op_num_threads = threads
    try:
        return ort.InferenceSession(
            str(path), sess_options=options, providers=["CPUExecutionProvider"]
        )
    except (RuntimeError, ValueError) as err:  # onnxruntime's load errors
        raise GovtextError(
            f"{path}: ONNX Runtime cannot load it ({err}); export the model again."
        ) from err


# ------------------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class _Source:
    name: str  # as given; "-" for standard input
    kind: str  # "report" or "csv"
    columns: list[str] = field(default_factory=list)  # output columns before label and scores
    renames: dict[str, str] = field(default_factory=dict)  # csv column -> output column
    text: str | None = None  # standard input, read once


def _plan(inputs: Sequence[str | Path], output_columns: set[str]) -> list[_Source]:
    """Check every input before the model is loaded: it exists, has a known kind, and a CSV
    has a ``text`` column."""
    if not inputs:
        raise GovtextError("no input given; pass a .txt report, a .csv with a text column, or -.")
    sources = []
    for given in inputs:
        name = str(given)
        if name == "-":
            sources.append(_Source("-", "report", REPORT_COLUMNS, text=_read_stdin()))
            continue
        path = Path(name)
        if not path.is_file():
            raise GovtextError(f"{path}: no such file.")
        suffix = path.suffix.lower()
        if suffix == ".txt":
            sources.append(_Source(name, "report", REPORT_COLUMNS))
        elif suffix == ".csv":
            header = _csv_header(path)
            renames = {column: _free_name(column, output_columns, header) for column in header}
            sources.append(_Source(name, "csv", ["source", *renames.values()], renames))
        else:
            raise GovtextError(
                f"{path}: unknown input type {suffix or '(no extension)'!r}; give a .txt report, "
                "a .csv with a text column, or - for standard input."
            )
    return sources


def _reserved(model: GovtextModel | str | Path) -> set[str]:
    """Column names predict writes beside a CSV's own: known before the model is loaded."""
    labels = set(ALL_LABELS) | (set(model.labels) if isinstance(model, GovtextModel) else set())
    return {"source", "label", *(f"{SCORE_PREFIX}{label}" for label in labels)}


def _free_name(column: str, taken: set[str], header: list[str]) -> str:
    if column == "text" or column not in taken:
        return column
    name = f"{CLASH_PREFIX}{column}"
    while name in taken or name in header:
        name = f"{CLASH_PREFIX}{name}"
    return name


def _read_stdin() -> str:
    from govtext.text import decode_report, normalize

    stream = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else sys.stdin
    data = stream.read()
    if isinstance(data, str):
        data = data.encode("utf-8")
    return normalize(decode_report(data, "<stdin>"))


def _csv_header(path: Path) -> list[str]:
    try:
        header = pd.read_csv(path, nrows=0, dtype=str, encoding="utf-8-sig")
    except pd.errors.EmptyDataError as err:
        raise GovtextError(
            f"{path}: is empty; a sentence CSV needs a header with a 'text' column and one "
            "sentence per row."
        ) from err
    except (UnicodeDecodeError, pd.errors.ParserError) as err:
        raise GovtextError(f"{path}: is not a readable UTF-8 CSV ({err}).") from err
    columns = [str(c) for c in header.columns]
    if "text" not in columns:
        raise GovtextError(
            f"{path}: has no 'text' column (columns: {', '.join(columns) or 'none'}); put one "
            "sentence per row in a column named text."
        )
    return columns


def _rows(source: _Source, chunk_size: int) -> Iterator[pd.DataFrame]:
    """The input rows of one source, chunk by chunk, with the output's leading columns."""
    if source.kind == "report":
        yield from _report_rows(source, chunk_size)
        return
    path = Path(source.name)
    seen = 0
    try:
        reader = pd.read_csv(
            path, dtype=str, keep_default_na=False, encoding="utf-8-sig", chunksize=chunk_size
        )
        for chunk in reader:
            chunk = chunk.rename(columns=source.renames)
            # tolist() first: iterating an Arrow-backed column element by element is slow.
            chunk["text"] = [unicodedata.normalize("NFC", t) for t in chunk["text"].tolist()]
            chunk.insert(0, "source", source.name)
            seen += len(chunk)
            yield chunk[source.columns].reset_index(drop=True)
    except (UnicodeDecodeError, pd.errors.ParserError) as err:
        raise GovtextError(f"{path}: is not a readable UTF-8 CSV ({err}).") from err
    if not seen:
        raise GovtextError(f"{path}: has a header but no sentence rows; add one sentence per row.")


def _report_rows(source: _Source, chunk_size: int) -> Iterator[pd.DataFrame]:
    from govtext.dataset import report_rows
    from govtext.text import read_report

    if source.text is not None:
        text, doc_id = source.text, "stdin"
    else:
        text, doc_id = read_report(source.name), Path(source.name).stem
    # with_words=False: the model tokenises the sentences itself, once.
    rows = report_rows(doc_id, text, with_words=False)
    if not rows:
        raise GovtextError(f"{source.name}: no sentence could be read from it; check its content.")
    frame = pd.DataFrame(rows)
    frame.insert(0, "source", source.name)
    frame = frame[REPORT_COLUMNS]
    for start in range(0, len(frame), chunk_size):
        yield frame.iloc[start : start + chunk_size].reset_index(drop=True)


# ----------------------------------------------------------------------------------- predicting


def _as_model(model: GovtextModel | str | Path, engine: str) -> GovtextModel:
    if isinstance(model, GovtextModel):
        if model.engine != engine:
            raise GovtextError(
                f"{model.path}: loaded for engine {model.engine!r}, asked for {engine!r}."
            )
        return model
    return load_model(model, engine)


def iter_predict(
    inputs: Sequence[str | Path],
    model: GovtextModel | str | Path,
    *,
    engine: str = "sklearn",
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    n_jobs: int = 1,
) -> Iterator[pd.DataFrame]:
    """Labelled rows of every input, in input order, one chunk at a time (flat memory).

    Every input is checked before the model is loaded, and the model is loaded once (and once
    in each worker process when ``n_jobs`` is not 1; see ``resolve_jobs``).
    """
    sources, loaded, jobs = _prepare(inputs, model, engine, chunk_size, n_jobs)
    return _label(sources, loaded, chunk_size, jobs)


def resolve_jobs(n_jobs: int) -> int:
    """Worker processes for ``n_jobs``, as joblib counts them: 1 labels in this process, N > 1
    starts N processes, -1 one per available core, -2 all cores but one, and so on."""
    if n_jobs == 0:
        raise GovtextError(
            "--jobs 0: use 1 (this process), a number of processes, or -1 (one per core)."
        )
    if n_jobs > 0:
        return n_jobs
    return max(1, available_cores() + 1 + n_jobs)


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity, not the machine's total)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # pragma: no cover - macOS, Windows


def _prepare(
    inputs: Sequence[str | Path],
    model: GovtextModel | str | Path,
    engine: str,
    chunk_size: int,
    n_jobs: int = 1,
) -> tuple[list[_Source], GovtextModel, int]:
    if chunk_size < 1:
        raise GovtextError(f"--chunk-size {chunk_size}: must be at least 1.")
    if engine not in ENGINES:
        raise GovtextError(f"--engine {engine}: use one of {', '.join(ENGINES)}.")
    jobs = resolve_jobs(n_jobs)
    sources = _plan(inputs, _reserved(model))
    loaded = _as_model(model, engine)
    spawned = jobs > 1 and not _worker_context(loaded.engine)[1]
    if spawned and not (loaded.path / METADATA_FILE).is_file():
        raise GovtextError(
            f"{loaded.path}: --jobs {n_jobs} loads the model in each worker process from its "
            "folder, and this model has none; save it with `govtext export` or use --jobs 1."
        )
    return sources, loaded, jobs


def _label(
    sources: list[_Source], model: GovtextModel, chunk_size: int, jobs: int = 1
) -> Iterator[pd.DataFrame]:
    chunks = (rows for source in sources for rows in _rows(source, chunk_size))
    if jobs == 1:
        for rows in chunks:
            labels, scores = model.predict_texts(rows["text"].tolist(), chunk_size)
            yield _with_predictions(rows, labels, scores, model)
        return
    yield from _label_in_workers(chunks, model, jobs)


def _with_predictions(
    rows: pd.DataFrame, labels: np.ndarray, scores: np.ndarray, model: GovtextModel
) -> pd.DataFrame:
    rows["label"] = labels
    scored = pd.DataFrame(scores, columns=model.score_columns)
    return pd.concat([rows, scored], axis=1)


# ---- labelling in worker processes
# Workers label lists of sentences with the model; the parent reads the inputs and writes the
# output, keeps at most _CHUNKS_AHEAD chunks in flight (flat memory) and takes results back in
# input order. Where the platform forks, a worker starts as a copy of the parent with the model
# already loaded (milliseconds); an ONNX Runtime session is not safe to fork, so the onnx engine
# (and platforms without fork) spawn fresh workers that load the model folder once each
# (seconds: imports and loading).

_CHUNKS_AHEAD = 2
_worker_model: GovtextModel | None = None  # each worker's own, set by _start_worker
_worker_limits: Any = None


def _start_worker(model: GovtextModel | str, engine: str) -> None:
    global _worker_model, _worker_limits
    from threadpoolctl import threadpool_limits

    # The processes are the parallelism: one BLAS / ONNX Runtime thread each, no oversubscription.
    _worker_limits = threadpool_limits(limits=1)
    if isinstance(model, GovtextModel):
        _worker_model = model  # inherited by fork, not pickled
    else:
        _worker_model = load_model(model, engine, threads=1)


def _worker_context(engine: str):
    import multiprocessing

    if engine != "onnx" and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork"), True
    return multiprocessing.get_context("spawn"), False


def _predict_in_worker(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    assert _worker_model is not None, "the worker's initializer did not run"
    return _worker_model.predict_texts(texts, max(len(texts), 1))


def _label_in_workers(
    chunks: Iterator[pd.DataFrame], model: GovtextModel, jobs: int
) -> Iterator[pd.DataFrame]:
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    context, forked = _worker_context(model.engine)
    executor = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=context,
        initializer=_start_worker,
        initargs=(model if forked else str(model.path), model.engine),
    )
    pending: deque = deque()
    try:
        for rows in chunks:
            texts = rows["text"].tolist()
            # Every chunk is shared out among the workers, so that a small input uses them all.
            step = max(1, -(-len(texts) // jobs))
            pieces = [texts[i : i + step] for i in range(0, len(texts), step)]
            pending.append((rows, [executor.submit(_predict_in_worker, p) for p in pieces]))
            while len(pending) > _CHUNKS_AHEAD:
                yield _collect(*pending.popleft(), model)
        while pending:
            yield _collect(*pending.popleft(), model)
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _collect(rows: pd.DataFrame, futures: list, model: GovtextModel) -> pd.DataFrame:
    results = [future.result() for future in futures]
    if not results:
        return _with_predictions(rows, *model.predict_texts([]), model)
    labels = np.concatenate([labels for labels, _ in results])
    scores = np.vstack([scores for _, scores in results])
    return _with_predictions(rows, labels, scores, model)


def predict(
    inputs: Sequence[str | Path] | str | Path,
    model: GovtextModel | str | Path = "model",
    *,
    engine: str = "sklearn",
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    n_jobs: int = 1,
) -> pd.DataFrame:
    """Label every sentence of the inputs with an exported model; one row per sentence.

    ``inputs``: ``.txt`` reports, ``.csv`` files with a ``text`` column, or ``-`` (a report on
    standard input). Rows keep input order; reports get ``doc_id``, ``sent_id``, ``paragraph``
    and ``position``; CSV columns pass through (one named like an output column is renamed with
    the ``input_`` prefix). Every row has ``text``, ``label`` and ``score_<label>`` columns.
    ``n_jobs``: worker processes (see ``resolve_jobs``); the rows are the same whatever it is.
    """
    if isinstance(inputs, str | Path):
        inputs = [inputs]
    return _concat(iter_predict(inputs, model, engine=engine, chunk_size=chunk_size, n_jobs=n_jobs))


def _concat(chunks: Iterator[pd.DataFrame]) -> pd.DataFrame:
    chunks = list(chunks)
    return _fill(pd.concat(chunks, ignore_index=True) if chunks else pd.DataFrame())


def _fill(frame: pd.DataFrame) -> pd.DataFrame:
    """Mixed inputs leave report columns empty on CSV rows and the other way round."""
    for column in frame.columns:
        if frame[column].dtype == object or str(frame[column].dtype) in ("str", "string"):
            frame[column] = frame[column].fillna("")
    return frame


# --------------------------------------------------------------------------------------- Spark


def label_spark_dataframe(
    frame, model_dir: str | Path, column: str = "text", output: str = "label"
):
    """``frame`` (a Spark DataFrame) with an ``output`` column of labels for its ``column`` of
    sentences, computed on the cluster's executors by the exported model folder ``model_dir``.

    The folder is read through MLflow's pyfunc flavour (the same pipeline as ``model.skops``),
    so the labels are those ``predict`` gives. MLflow ships the folder to the executors; they
    need govtext installed in the Python that Spark runs them with (``PYSPARK_PYTHON``).

    >>> labelled = label_spark_dataframe(spark.read.parquet("sentences"), "model")  # doctest: +SKIP
    """
    from govtext import tracking

    read_metadata(model_dir)  # a govtext folder, or a one-line error before Spark starts work
    if column not in frame.columns:
        raise GovtextError(
            f"the Spark DataFrame has no {column!r} column (columns: {', '.join(frame.columns)})."
        )
    udf = tracking.spark_udf(frame.sparkSession, model_dir)
    return frame.withColumn(output, udf(frame[column]))


# ------------------------------------------------------------------------------------- writing


@dataclass(frozen=True)
class PredictionRun:
    """What ``write_predictions`` did: rows written, counts per label per document, where."""

    rows: int
    counts: pd.DataFrame  # one row per document (or CSV file), one column per label
    output: Path | None
    format: str
    engine: str
    labels: list[str]


def infer_format(output: str | Path | None, fmt: str | None) -> str:
    """The explicit ``--format``, else the output file's suffix, else csv."""
    if fmt:
        if fmt not in FORMATS:
            raise GovtextError(f"--format {fmt}: use one of {', '.join(FORMATS)}.")
        return fmt
    suffix = Path(output).suffix.lower().lstrip(".") if output else ""
    return {"jsonl": "jsonl", "json": "jsonl", "html": "html", "htm": "html"}.get(suffix, "csv")


def write_predictions(
    inputs: Sequence[str | Path],
    model: GovtextModel | str | Path,
    output: str | Path | None = None,
    fmt: str | None = None,
    *,
    engine: str = "sklearn",
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    stdout: IO[str] | None = None,
    n_jobs: int = 1,
) -> PredictionRun:
    """Label the inputs and write CSV, JSON lines or an HTML page to ``output`` (or stdout).

    CSV and JSON lines are streamed chunk by chunk; a file is written beside its final name and
    renamed at the end, so a failed run never leaves half a file. ``n_jobs`` labels the chunks in
    that many worker processes (``resolve_jobs``), in input order, with the same flat memory.
    """
    fmt = infer_format(output, fmt)
    sources, loaded, jobs = _prepare(inputs, model, engine, chunk_size, n_jobs)
    counter = _Counter(loaded.labels)
    sink = _Sink(Path(output) if output else None, stdout)
    written = 0
    with sink as handle:
        if fmt == "html":
            frame = _concat(_label(sources, loaded, chunk_size, jobs))
            counter.add(frame)
            written = len(frame)
            from govtext.report_html import render

            handle.write(render(frame, loaded.labels, _model_title(loaded)))
        else:
            columns = _output_columns(sources, loaded)
            for chunk in _label(sources, loaded, chunk_size, jobs):
                counter.add(chunk)
                chunk = _fill(chunk.reindex(columns=columns))
                if fmt == "csv":
                    handle.write(
                        chunk.to_csv(index=False, header=written == 0, lineterminator="\n")
                    )
                else:
                    for record in chunk.to_dict("records"):
                        handle.write(json.dumps(_plain(record), ensure_ascii=False) + "\n")
                written += len(chunk)
    return PredictionRun(written, counter.frame(), sink.path, fmt, engine, loaded.labels)


def _plain(record: dict[str, Any]) -> dict[str, Any]:
    """JSON-ready values: NumPy scalars as Python ones, NaN as null."""
    out = {}
    for key, value in record.items():
        if isinstance(value, np.generic):
            value = value.item()
        if isinstance(value, float) and value != value:
            value = None
        out[key] = value
    return out


def _output_columns(sources: list[_Source], model: GovtextModel) -> list[str]:
    """One header for all inputs: report and CSV columns in first-seen order, then predictions."""
    columns: list[str] = []
    for source in sources:
        columns += [c for c in source.columns if c not in columns]
    return [*columns, "label", *model.score_columns]


def _model_title(model: GovtextModel) -> str:
    meta = model.metadata
    return f"{meta.get('experiment', 'govtext')} (run {str(meta.get('run_id', '?'))[:12]})"


class _Counter:
    """Sentences per label per document, accumulated over chunks."""

    def __init__(self, labels: list[str]):
        self.labels = labels
        self.counts: dict[str, dict[str, int]] = {}

    def add(self, chunk: pd.DataFrame) -> None:
        keys = document_keys(chunk)
        for key, label in zip(keys, chunk["label"], strict=True):
            row = self.counts.setdefault(key, dict.fromkeys(self.labels, 0))
            row[label] = row.get(label, 0) + 1

    def frame(self) -> pd.DataFrame:
        frame = pd.DataFrame.from_dict(self.counts, orient="index", columns=self.labels)
        frame = frame.fillna(0).astype(int)
        frame.index.name = "document"
        return frame


def document_keys(frame: pd.DataFrame) -> list[str]:
    """Which report each row belongs to: its ``doc_id`` when it has one, else its source file."""
    sources = frame["source"].astype(str) if "source" in frame else pd.Series([""] * len(frame))
    if "doc_id" not in frame:
        return sources.tolist()
    doc_ids = frame["doc_id"].fillna("").astype(str)
    return [d or s for d, s in zip(doc_ids, sources, strict=True)]


class _Sink:
    """A text handle on stdout, or on a temporary file renamed to ``path`` on success."""

    def __init__(self, path: Path | None, stdout: IO[str] | None):
        self.path = path
        self.stdout = stdout
        self._tmp: str | None = None
        self._handle: IO[str] | None = None

    def __enter__(self) -> IO[str]:
        if self.path is None:
            return self.stdout or sys.stdout
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self._tmp = tempfile.mkstemp(
            dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp"
        )
        self._handle = os.fdopen(fd, "w", encoding="utf-8", newline="")
        return self._handle

    def __exit__(self, exc_type, exc, tb) -> None:
        if self._handle is None:
            return
        self._handle.close()
        if exc_type is None:
            os.replace(self._tmp, self.path)
        else:
            Path(self._tmp).unlink(missing_ok=True)
