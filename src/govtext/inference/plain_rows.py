"""Rows without pandas: sentence CSVs read with the ``csv`` module, reports as plain lists, and
worker jobs that label a piece of rows and write it as CSV lines or JSON lines.

``govtext predict`` of a big CSV spent a second in its own process importing pandas (and
pyarrow) and parsing with ``read_csv`` before a worker got a sentence; read this way the parent
only parses, and the workers get plain lists of strings. The output is the same bytes as the
pandas path (``writers._formatted``), which stays for whatever this reader does not read exactly
as ``pd.read_csv(dtype=object, keep_default_na=False, encoding="utf-8-sig")`` does: such a CSV
raises ``Awkward`` and is labelled by pandas instead, so no input is read two ways. Awkward (the
cases where the two readers differ, found by comparing them on many generated files): a byte
that is not UTF-8, a NUL, a row with more or fewer fields than the header, a duplicate or empty
column name, an unclosed or stray quote, a line of spaces alone (pandas skips it; ``" "`` on a
line is a field), an empty first field right after a blank line (pandas eats the comma after a
lone ``\\r``), a field over the ``csv`` module's size limit, or no row at all. Blank lines are
skipped, as pandas does; ``\\r\\n`` and ``\\r`` line ends, quoted newlines, a byte-order mark and
a missing final newline read alike in both.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np

from govtext.inference.model import GovtextModel

_ENCODING = "utf-8-sig"
# Bytes checked at plan time for UTF-8: more than pandas decodes for the header (two blocks of
# 256 KiB), so that an undecodable byte pandas would report before the model loads sends the
# file to pandas at plan time and the same error comes out at the same moment.
_CHECKED_BYTES = 1 << 20


class Awkward(Exception):
    """This CSV is not read exactly as pandas reads it: label it with the pandas path."""


def plain_header(path: Path) -> list[str] | None:
    """The column names of a CSV, as pandas reads them, or None when the file is awkward at its
    start (empty, undecodable near the start, an odd header): then pandas reads the header and
    raises its usual errors."""
    try:
        with path.open("rb") as handle:
            start = handle.read(_CHECKED_BYTES)
        if b"\x00" in start:
            return None
        final = len(start) < _CHECKED_BYTES  # else a character cut at the block's end is fine
        codecs.getincrementaldecoder(_ENCODING)(errors="strict").decode(start, final=final)
        with path.open(encoding=_ENCODING, newline="") as handle:
            return _header(csv.reader(handle, strict=True))
    except (UnicodeDecodeError, csv.Error, Awkward):
        return None


def _header(reader: Iterator[list[str]]) -> list[str]:
    for row in reader:
        if not row:
            continue  # a blank line before the header: pandas skips it too
        if len(set(row)) != len(row) or "" in row or not row[0].strip(" \t"):
            raise Awkward("duplicate, empty or blank column name")
        return row
    raise Awkward("no header")


def csv_chunks(path: Path, chunk_size: int) -> Iterator[list[list[str]]]:
    """The data rows of a CSV as lists of strings (as in the file, not normalised), at most
    ``chunk_size`` rows a chunk; raises ``Awkward`` (before yielding the chunk that holds it)
    where pandas would read the file differently."""
    try:
        with path.open(encoding=_ENCODING, newline="") as handle:
            reader = csv.reader(handle, strict=True)
            width = len(_header(reader))
            seen = 0
            after_blank = False
            while chunk := list(itertools.islice(reader, chunk_size)):
                if set(map(len, chunk)) != {width}:
                    chunk, after_blank = _without_blank_lines(chunk, width, after_blank)
                elif after_blank and chunk[0][0] == "":
                    raise Awkward("an empty first field after a blank line")
                else:
                    after_blank = False
                if width == 1 and not all(row[0].strip(" \t") for row in chunk):
                    raise Awkward("a line of spaces or an empty quoted field")
                if "\x00" in "".join(itertools.chain.from_iterable(chunk)):
                    raise Awkward("a NUL character")
                seen += len(chunk)
                if chunk:
                    yield chunk
            if not seen:
                raise Awkward("no row")
    except (UnicodeDecodeError, csv.Error) as err:
        raise Awkward(str(err)) from err


def _without_blank_lines(
    chunk: list[list[str]], width: int, after_blank: bool
) -> tuple[list[list[str]], bool]:
    kept = []
    for row in chunk:
        if not row:
            after_blank = True
            continue
        if len(row) != width:
            raise Awkward("a row with more or fewer fields than the header")
        if after_blank and row[0] == "":
            raise Awkward("an empty first field after a blank line")
        after_blank = False
        kept.append(row)
    return kept, after_blank


@dataclass(frozen=True)
class Layout:
    """How a worker turns an input row into an output row: the row is extended with the source
    name and None (a column this input lacks), then ``positions`` picks the output's columns."""

    name: str  # the source, as given
    positions: tuple[int, ...]  # per output column before label and scores: index in the row
    text: int  # index of the sentence in the row
    doc_id: int | None  # index of a doc_id column, which names the document in the counts
    columns: tuple[str, ...]  # every output column, predictions included
    fmt: str  # "csv" or "jsonl"


def layout(name: str, row_columns: list[str], columns: list[str], n_scored: int, fmt: str):
    """The ``Layout`` of rows whose fields are ``row_columns`` (``source`` may be one of them)
    for the output ``columns`` (the last ``1 + n_scored`` are the label and the scores)."""
    width = len(row_columns)
    where = {"source": width, **{c: i for i, c in enumerate(row_columns)}}
    kept = columns[: len(columns) - 1 - n_scored]
    return Layout(
        name,
        tuple(where.get(c, width + 1) for c in kept),
        row_columns.index("text"),
        row_columns.index("doc_id") if "doc_id" in row_columns else None,
        tuple(columns),
        fmt,
    )


def format_rows(model: GovtextModel, job: tuple[list[tuple[Any, ...]], Layout]):
    """``(text, rows, counts per document)`` of a piece of rows given column by column (they
    pickle faster so), labelled and written as CSV lines (no header) or JSON lines, in UTF-8:
    the bytes ``writers._format_rows`` writes for the same rows read by pandas."""
    columns, plan = job
    rows = [list(row) for row in zip(*columns, strict=True)]
    texts = [unicodedata.normalize("NFC", text) for text in columns[plan.text]]
    labels, scores = model.predict_texts(texts, max(len(texts), 1))
    labels = labels.tolist()
    score_rows = scores.tolist()
    if not np.isfinite(scores).all():  # NaN is written empty (null in JSON), as pandas does
        score_rows = [[None if s != s else s for s in row] for row in score_rows]
    for row, text in zip(rows, texts, strict=True):
        row[plan.text] = text
    pick = itemgetter(*plan.positions)
    extra = [plan.name, None]
    out = [
        (*pick(row + extra), label, *scored)
        for row, label, scored in zip(rows, labels, score_rows, strict=True)
    ]
    if plan.fmt == "csv":
        text = csv_lines(out)
    else:
        text = "".join(
            json.dumps(dict(zip(plan.columns, row, strict=True)), ensure_ascii=False) + "\n"
            for row in out
        )
    # Bytes travel back and are written without decoding and encoding again in the parent.
    return text.encode("utf-8"), len(out), _counts(rows, labels, plan, model.labels)


def csv_lines(rows: Iterable[Sequence[Any]]) -> str:
    """``csv.writer(handle, lineterminator="\\n").writerows(rows)``, as a string, for rows of
    strings, None and numbers, in half the time: the ``csv`` module copies every character of
    every field one by one, and a labelled row is mostly its sentence. A field is quoted when it
    holds a comma or a quote (doubled), as the module does; a row holding a line break or a NUL,
    and a row of one field (an empty one is quoted), are written by the module itself."""
    lines = []
    for row in rows:
        fields = []
        for value in row:
            if value is None:
                fields.append("")
            elif value.__class__ is str:
                if '"' in value:
                    value = '"' + value.replace('"', '""') + '"'
                elif "," in value:
                    value = '"' + value + '"'
                fields.append(value)
            else:
                fields.append(str(value))
        line = ",".join(fields)
        if len(fields) < 2 or "\n" in line or "\r" in line or "\x00" in line:
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerow(row)
            line = buffer.getvalue()[:-1]
        lines.append(line)
    lines.append("")
    return "\n".join(lines) if len(lines) > 1 else ""


def _counts(rows, labels: list[str], plan: Layout, all_labels: list[str]):
    if plan.doc_id is None:
        keys: Any = itertools.repeat(plan.name, len(labels))
    else:
        keys = [row[plan.doc_id] or plan.name for row in rows]
    return count_labels({}, keys, labels, all_labels)


def count_labels(
    counts: dict[str, dict[str, int]], keys: Iterable[str], labels: Iterable[str], all_labels
) -> dict[str, dict[str, int]]:
    """``counts`` (sentences per label per document, documents in first-seen order) with one
    more sentence for each (document key, label) pair; returned."""
    for key, label in zip(keys, labels, strict=True):
        row = counts.setdefault(key, dict.fromkeys(all_labels, 0))
        row[label] = row.get(label, 0) + 1
    return counts
