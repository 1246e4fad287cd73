"""What ``predict`` writes: CSV or JSON lines streamed chunk by chunk, or one HTML page; to a
file (written beside its final name and renamed at the end) or to standard output."""

from __future__ import annotations

import csv
import gc
import io
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import numpy as np

from govtext.errors import GovtextError
from govtext.files import atomic_writer
from govtext.inference.csv_text import csv_rows
from govtext.inference.html import render
from govtext.inference.model import DEFAULT_CHUNK_SIZE, GovtextModel
from govtext.inference.parallel import map_in_workers, share_out
from govtext.inference.plain_rows import Awkward, count_labels, csv_chunks, format_rows, layout
from govtext.inference.predicting import (
    concat_chunks,
    fill_empty,
    label_chunks,
    prepare,
    with_predictions,
)
from govtext.inference.readers import (
    REPORT_COLUMNS,
    Source,
    document_keys,
    input_rows,
    report_records,
)

if TYPE_CHECKING:
    import pandas as pd

FORMATS = ("csv", "jsonl", "html")


@dataclass(frozen=True)
class PredictionRun:
    """What ``write_predictions`` did: rows written, counts per label per document, where."""

    rows: int
    per_document: dict[str, dict[str, int]]  # document (or CSV file) -> label -> sentences
    output: Path | None
    format: str
    engine: str
    labels: list[str]

    @property
    def counts(self) -> pd.DataFrame:
        """``per_document`` as a frame: one row per document, one column per label."""
        import pandas as pd  # 0.3-1 s to import: `govtext predict` prints per_document itself

        frame = pd.DataFrame.from_dict(self.per_document, orient="index", columns=self.labels)
        frame = frame.fillna(0).astype(int)
        frame.index.name = "document"
        return frame


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
    Reports and CSV files are read and labelled as plain rows (``plain_rows``), the same bytes
    as with pandas without importing it: a short report is labelled in well under a second, and
    a big CSV's sentences reach the workers at once. A CSV that pandas reads differently from
    the ``csv`` module is labelled the pandas way (``_formatted``) instead.
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
            with _old_objects_frozen():
                written = _write_rows(handle, sources, loaded, (chunk_size, jobs), columns, fmt,
                                      counter, rewind=path is not None)  # fmt: skip
    return PredictionRun(written, counter.counts, path, fmt, engine, loaded.labels)


# Objects allocated and not yet freed before the collector's youngest generation is searched
# (700 by default). Labelling a sentence allocates hundreds of short-lived containers that
# reference counting frees; what survives is a piece's sentences, alive until it is labelled,
# and with the default the collector walked them again and again: about 4% of labelling CPU
# (``benchmarks/collector.py``). At 10,000, pieces pass through with almost no collection, and
# cyclic garbage, of which labelling makes none, would still be found.
_YOUNG_THRESHOLD = 10_000


@contextmanager
def _old_objects_frozen() -> Iterator[None]:
    """The objects alive now (modules, the loaded model) out of the garbage collector's sight
    while rows stream: each of the many row lists read would otherwise make it walk them all
    again and again (a tenth of the parent's time on 80,000 rows), and forked workers leave the
    model's memory pages shared. The youngest generation is searched less often
    (``_YOUNG_THRESHOLD``; forked workers inherit it). Both are undone when the block ends."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(threshold[0], _YOUNG_THRESHOLD), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _write_rows(handle: IO[str], sources, model, sizes, columns, fmt, counter, rewind) -> int:
    """Write the rows of every source as plain rows; a source found awkward on the way
    (``plain_rows.Awkward``) is taken back (``rewind``: the output is a file of ours) and
    written by the pandas path. Without ``rewind`` (standard output) each CSV is checked through
    before anything is written. Returns the rows written."""
    if not rewind:
        sources = [_checked_through(source, sizes[0]) for source in sources]
    written, start = 0, 0
    while start < len(sources):
        results = _plain_results(sources, start, model, sizes, columns, fmt)
        current, mark, awkward = None, (0, 0, {}), None
        for k, result in results:
            if k != current:
                counts = {key: dict(row) for key, row in counter.counts.items()}
                current, mark = k, (handle.tell() if rewind else 0, written, counts)
            if result is None:
                awkward = k
                break
            written = _write_chunk(handle, result, columns, fmt, written, counter, rewind)
        results.close()  # stops the workers before the pandas path starts its own
        if awkward is None:
            break
        if rewind:
            handle.seek(mark[0])
            handle.truncate()
        elif written != mark[1]:
            raise GovtextError(f"{sources[awkward].name}: changed while it was read; run again.")
        written, counter.counts = mark[1], mark[2]
        for result in _formatted([sources[awkward]], model, *sizes, columns, fmt):
            written = _write_chunk(handle, result, columns, fmt, written, counter)
        start = awkward + 1
    return written


def _write_chunk(handle: IO[str], result, columns, fmt, written: int, counter, raw=False) -> int:
    """Write one labelled piece: text from the pandas path, UTF-8 from the plain one (``raw``:
    straight to the bytes of our own output file, UTF-8 with no newline translation; decoded
    for another handle, which has its own encoding and newlines)."""
    text, rows, counts = result
    if fmt == "csv" and written == 0:
        handle.write(_csv_header(columns))
    if isinstance(text, str):
        handle.write(text)
    elif raw:
        handle.flush()
        handle.buffer.write(text)
    else:
        handle.write(text.decode("utf-8"))
    counter.merge(counts)
    return written + rows


def _checked_through(source: Source, chunk_size: int) -> Source:
    """``source``, marked for the pandas path if it is a CSV found awkward somewhere."""
    if source.kind != "csv" or not source.plain:
        return source
    try:
        for _ in csv_chunks(Path(source.name), chunk_size):
            pass
    except Awkward:
        return replace(source, plain=False)
    return source


def _plain_results(sources: list[Source], start: int, model: GovtextModel, sizes, columns, fmt):
    """``(source index, (text, rows, counts))`` of every piece of rows of ``sources[start:]``
    labelled in this process or the workers, in order, and ``(index, None)`` last if
    ``sources[index]`` needs the pandas path."""
    chunk_size, jobs = sizes
    n_scored = len(model.score_columns)

    def pieces() -> Iterator[tuple[int, Any]]:
        for k in range(start, len(sources)):
            source = sources[k]
            if not source.plain:
                yield k, None
                return
            if source.kind == "csv":
                plan = layout(source.name, source.columns[1:], columns, n_scored, fmt)
                chunks = csv_chunks(Path(source.name), chunk_size)
            else:
                plan = layout(source.name, REPORT_COLUMNS, columns, n_scored, fmt)
                chunks = _report_chunks(source, chunk_size)
            try:
                for rows in chunks:
                    for piece in share_out(len(rows), jobs):
                        yield k, (list(zip(*rows[piece], strict=True)), plan)
            except Awkward:
                yield k, None
                return

    if jobs == 1:
        return (_tagged(model, piece) for piece in pieces())
    return map_in_workers(pieces(), model, jobs, _tagged)


def _report_chunks(source: Source, chunk_size: int) -> Iterator[list[list[Any]]]:
    rows = [[record[c] for c in REPORT_COLUMNS] for record in report_records(source)]
    for begin in range(0, len(rows), chunk_size):
        yield rows[begin : begin + chunk_size]


def _tagged(model: GovtextModel, piece: tuple[int, Any]) -> tuple[int, Any]:
    k, job = piece
    return k, None if job is None else format_rows(model, job)


def _formatted(
    sources: list[Source], model: GovtextModel, chunk_size: int, jobs: int, columns, fmt: str
) -> Iterator[tuple[str, int, dict[str, dict[str, int]]]]:
    """``(text, rows, counts per document)`` of every chunk of rows, labelled and written as
    CSV rows (no header) or JSON lines, in input order. With ``jobs`` > 1 the workers label and
    format their share of each chunk: the parent only reads the input and writes the text."""
    chunks = (rows for source in sources for rows in input_rows(source, chunk_size))
    if jobs == 1:
        yield from (_format_rows(model, (rows, columns, fmt)) for rows in chunks)
        return
    pieces = (
        (rows.iloc[piece].reset_index(drop=True), columns, fmt)
        for rows in chunks
        for piece in share_out(len(rows), jobs)
    )
    yield from map_in_workers(pieces, model, jobs, _format_rows)


def _format_rows(model: GovtextModel, job) -> tuple[str, int, dict[str, dict[str, int]]]:
    rows, columns, fmt = job
    labels, scores = model.predict_texts(rows["text"].tolist(), max(len(rows), 1))
    frame = with_predictions(rows, labels, scores, model)
    counter = _Counter(model.labels)
    counter.add(frame)
    frame = fill_empty(frame.reindex(columns=columns))
    if fmt == "csv":
        text = csv_rows(frame)
        if text is None:
            text = frame.to_csv(index=False, header=False, lineterminator="\n")
    else:
        records = frame.to_dict("records")
        text = "".join(json.dumps(_plain(r), ensure_ascii=False) + "\n" for r in records)
    return text, len(frame), counter.counts


def _csv_header(columns: list[str]) -> str:
    """The header line ``to_csv`` writes: the csv module's row of the column names."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(columns)
    return buffer.getvalue()


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
        self._count(document_keys(chunk), chunk["label"])

    def merge(self, counts: dict[str, dict[str, int]]) -> None:
        """Add counts from another counter (a worker's), keeping first-seen document order."""
        for key, labels in counts.items():
            row = self.counts.setdefault(key, dict.fromkeys(self.labels, 0))
            for label, n in labels.items():
                row[label] = row.get(label, 0) + n

    def _count(self, keys: list[str], labels) -> None:
        count_labels(self.counts, keys, labels, self.labels)
