"""What ``predict`` writes: CSV or JSON lines streamed chunk by chunk, or one HTML page; to a
file (written beside its final name and renamed at the end) or to standard output."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from govtext.errors import GovtextError
from govtext.files import atomic_writer
from govtext.inference.html import render
from govtext.inference.model import DEFAULT_CHUNK_SIZE, GovtextModel
from govtext.inference.predicting import concat_chunks, fill_empty, label_chunks, prepare
from govtext.inference.readers import Source, document_keys

FORMATS = ("csv", "jsonl", "html")


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
    """The explicit ``--format``, else the output file's suffix (none: csv); a suffix naming
    no format (``out.xlsx``) is an error, not a CSV file under a misleading name."""
    if fmt:
        if fmt not in FORMATS:
            raise GovtextError(f"--format {fmt}: use one of {', '.join(FORMATS)}.")
        return fmt
    suffix = Path(output).suffix.lower().lstrip(".") if output else ""
    if suffix not in _SUFFIXES:
        raise GovtextError(
            f"--output {output}: unknown extension .{suffix}; name it .csv, .jsonl or .html, "
            "or pass --format."
        )
    return _SUFFIXES[suffix]


_SUFFIXES = {"": "csv", "csv": "csv", "jsonl": "jsonl", "json": "jsonl", "html": "html",
             "htm": "html"}  # fmt: skip


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
    text_column: str = "text",
) -> PredictionRun:
    """Label the inputs and write CSV, JSON lines or an HTML page to ``output`` (or stdout).

    CSV and JSON lines are streamed chunk by chunk; a file is written beside its final name and
    renamed at the end, so a failed run never leaves half a file. ``n_jobs`` labels the chunks in
    that many worker processes (``resolve_jobs``), in input order, with the same flat memory.
    """
    fmt = infer_format(output, fmt)
    sources, loaded, jobs = prepare(inputs, model, engine, chunk_size, n_jobs, text_column)
    counter = _Counter(loaded.labels)
    path = Path(output) if output else None
    sink = atomic_writer(path) if path else nullcontext(stdout or sys.stdout)
    written = 0
    with sink as handle:
        if fmt == "html":
            frame = concat_chunks(label_chunks(sources, loaded, chunk_size, jobs))
            counter.add(frame)
            written = len(frame)
            handle.write(render(frame, loaded.labels, _model_title(loaded)))
        else:
            columns = _output_columns(sources, loaded)
            for chunk in label_chunks(sources, loaded, chunk_size, jobs):
                counter.add(chunk)
                chunk = fill_empty(chunk.reindex(columns=columns))
                if fmt == "csv":
                    handle.write(
                        chunk.to_csv(index=False, header=written == 0, lineterminator="\n")
                    )
                else:
                    for record in chunk.to_dict("records"):
                        handle.write(json.dumps(_plain(record), ensure_ascii=False) + "\n")
                written += len(chunk)
    return PredictionRun(written, counter.frame(), path, fmt, engine, loaded.labels)


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


def _output_columns(sources: list[Source], model: GovtextModel) -> list[str]:
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
