"""Labels for new reports: every sentence of the inputs labelled by an exported model.

The model is loaded once (``govtext.inference.model``) however many inputs and rows there are;
inputs are read chunk by chunk (``govtext.inference.readers``) and labelled in this process or
in worker processes (``govtext.inference.parallel``), so memory stays flat on big inputs.

>>> frame = predict(["report.txt"], "model")  # doctest: +SKIP
>>> frame[["doc_id", "position", "text", "label"]]  # doctest: +SKIP
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from govtext.errors import GovtextError
from govtext.inference.folder import METADATA_FILE
from govtext.inference.model import DEFAULT_CHUNK_SIZE, ENGINES, GovtextModel, load_model
from govtext.inference.parallel import label_in_workers, resolve_jobs, worker_context
from govtext.inference.readers import (
    Source,
    input_rows,
    plan_inputs,
    reserved_columns,
)

if TYPE_CHECKING:
    import pandas as pd


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
    text_column: str = "text",
) -> Iterator[pd.DataFrame]:
    """Labelled rows of every input, in input order, one chunk at a time (flat memory).

    Every input is checked before the model is loaded, and the model is loaded once (and once
    in each worker process when ``n_jobs`` is not 1; see ``resolve_jobs``).
    """
    sources, loaded, jobs = prepare(inputs, model, engine, chunk_size, n_jobs, text_column)
    return label_chunks(sources, loaded, chunk_size, jobs)


def prepare(
    inputs: Sequence[str | Path],
    model: GovtextModel | str | Path,
    engine: str,
    chunk_size: int,
    n_jobs: int = 1,
    text_column: str = "text",
) -> tuple[list[Source], GovtextModel, int]:
    """Check the settings and every input, then load the model (once): the inputs to read, the
    model, and the number of worker processes."""
    if chunk_size < 1:
        raise GovtextError(f"--chunk-size {chunk_size}: must be at least 1.")
    if engine not in ENGINES:
        raise GovtextError(f"--engine {engine}: use one of {', '.join(ENGINES)}.")
    jobs = resolve_jobs(n_jobs)
    sources = plan_inputs(inputs, reserved_columns(model), text_column)
    loaded = _as_model(model, engine)
    spawned = jobs > 1 and not worker_context(loaded.engine)[1]
    if spawned and not (loaded.path / METADATA_FILE).is_file():
        raise GovtextError(
            f"{loaded.path}: --jobs {n_jobs} loads the model in each worker process from its "
            "folder, and this model has none; save it with `govtext export` or use --jobs 1."
        )
    return sources, loaded, jobs


def label_chunks(
    sources: list[Source], model: GovtextModel, chunk_size: int, jobs: int = 1
) -> Iterator[pd.DataFrame]:
    """The rows of every source with ``label`` and ``score_<label>`` columns, chunk by chunk,
    labelled in this process or in ``jobs`` workers."""
    chunks = (rows for source in sources for rows in input_rows(source, chunk_size))
    if jobs == 1:
        for rows in chunks:
            labels, scores = model.predict_texts(rows["text"].tolist(), chunk_size)
            yield with_predictions(rows, labels, scores, model)
        return
    for rows, labels, scores in label_in_workers(chunks, model, jobs):
        yield with_predictions(rows, labels, scores, model)


def with_predictions(
    rows: pd.DataFrame, labels: np.ndarray, scores: np.ndarray, model: GovtextModel
) -> pd.DataFrame:
    import pandas as pd  # 0.3-1 s to import: only where frames are built (see writers.write_predictions)

    # Object columns: a column of Python strings, not converted to Arrow and back per chunk.
    rows["label"] = pd.Series(labels, index=rows.index, dtype=object)
    scored = pd.DataFrame(scores, columns=model.score_columns)
    return pd.concat([rows, scored], axis=1)


def predict(
    inputs: Sequence[str | Path] | str | Path,
    model: GovtextModel | str | Path = "model",
    *,
    engine: str = "sklearn",
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    n_jobs: int = 1,
    text_column: str = "text",
) -> pd.DataFrame:
    """Label every sentence of the inputs with an exported model; one row per sentence.

    ``inputs``: ``.txt`` reports, ``.csv`` files with a ``text`` (or ``text_column``) column, or ``-`` (a report on
    standard input). Rows keep input order; reports get ``doc_id``, ``sent_id``, ``paragraph``
    and ``position``; CSV columns pass through (one named like an output column is renamed with
    the ``input_`` prefix). Every row has ``text``, ``label`` and ``score_<label>`` columns.
    ``n_jobs``: worker processes (see ``resolve_jobs``); the rows are the same whatever it is.
    """
    if isinstance(inputs, str | Path):
        inputs = [inputs]
    return concat_chunks(
        iter_predict(
            inputs,
            model,
            engine=engine,
            chunk_size=chunk_size,
            n_jobs=n_jobs,
            text_column=text_column,
        )  # fmt: skip
    )


def predict_texts(
    texts: Sequence[str], model: GovtextModel | str | Path = "model", *, engine: str = "sklearn"
) -> pd.DataFrame:
    """Label sentences already in memory: one row per sentence, ``text``, ``label`` and
    ``score_<label>``. Each string is one sentence (NFC-normalised; not split further).

    >>> predict_texts(["Huyện đề nghị tỉnh hỗ trợ vốn."], "model")  # doctest: +SKIP
    """
    if isinstance(texts, str):
        raise GovtextError(
            "predict_texts takes a list of sentences, not one string: wrap it in []."
        )
    import pandas as pd  # 0.3-1 s to import: only where frames are built (see writers.write_predictions)

    loaded = _as_model(model, engine)
    texts = [unicodedata.normalize("NFC", str(text)) for text in texts]
    labels, scores = loaded.predict_texts(texts)
    return with_predictions(pd.DataFrame({"text": texts}), labels, scores, loaded)


def concat_chunks(chunks: Iterator[pd.DataFrame]) -> pd.DataFrame:
    """All chunks as one frame, empty cells of mixed inputs filled."""
    import pandas as pd  # 0.3-1 s to import: only where frames are built (see writers.write_predictions)

    chunks = list(chunks)
    return fill_empty(pd.concat(chunks, ignore_index=True) if chunks else pd.DataFrame())


def fill_empty(frame: pd.DataFrame) -> pd.DataFrame:
    """Mixed inputs leave report columns empty on CSV rows and the other way round."""
    for column in frame.columns:
        if frame[column].dtype == object or str(frame[column].dtype) in ("str", "string"):
            frame[column] = frame[column].fillna("")
    return frame
