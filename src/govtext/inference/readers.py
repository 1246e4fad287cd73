"""What ``predict`` reads: ``.txt`` reports and ``.html``/``.htm`` saved pages (their main text),
split into sentences exactly as the dataset builder does; ``.csv`` files with one sentence per
row in a ``text`` column (other columns pass through); or ``-`` for a report on standard input;
each read chunk by chunk.

Every input is checked (exists, known kind, a CSV has a ``text`` column) before the model is
loaded, so a typo fails at once.
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govtext.data.reports import report_rows
from govtext.errors import GovtextError
from govtext.inference.model import SCORE_PREFIX, GovtextModel
from govtext.inference.plain_rows import plain_header
from govtext.labels import ALL_LABELS
from govtext.text import HTML_SUFFIXES, decode_report, normalize, read_report

if TYPE_CHECKING:
    import pandas as pd

REPORT_COLUMNS = ["source", "doc_id", "sent_id", "paragraph", "position", "text"]
# An input CSV column whose name predict also writes (a gold ``label``) is kept under this prefix.
CLASH_PREFIX = "input_"


@dataclass(frozen=True)
class Source:
    name: str  # as given; "-" for standard input
    kind: str  # "report" or "csv"
    columns: list[str] = field(default_factory=list)  # output columns before label and scores
    renames: dict[str, str] = field(default_factory=dict)  # csv column -> output column
    text: str | None = None  # standard input, read once
    plain: bool = True  # read without pandas (``plain_rows``); False: a CSV only pandas reads


def plan_inputs(
    inputs: Sequence[str | Path], output_columns: set[str], text_column: str = "text"
) -> list[Source]:
    """Check every input before the model is loaded: it exists, has a known kind, and a CSV
    has the sentence column ``text_column`` (written as ``text``)."""
    if not inputs:
        raise GovtextError(
            "no input given; pass a .txt report, a saved .html page, a .csv with a text column, "
            "or -."
        )
    sources = []
    for given in inputs:
        name = str(given)
        if name == "-":
            sources.append(Source("-", "report", REPORT_COLUMNS, text=_read_stdin()))
            continue
        path = Path(name)
        if not path.is_file():
            raise GovtextError(f"{path}: no such file.")
        suffix = path.suffix.lower()
        if suffix == ".txt" or suffix in HTML_SUFFIXES:
            sources.append(Source(name, "report", REPORT_COLUMNS))
        elif suffix == ".csv":
            header = plain_header(path)
            plain = header is not None
            header = (
                _checked(path, header, text_column) if plain else _csv_header(path, text_column)
            )
            taken = output_columns | ({"text"} if text_column != "text" else set())
            renames = {column: _free_name(column, taken, header) for column in header}
            renames[text_column] = "text"
            columns = ["source", *renames.values()]
            sources.append(Source(name, "csv", columns, renames, plain=plain))
        else:
            raise GovtextError(
                f"{path}: unknown input type {suffix or '(no extension)'!r}; give a .txt report, "
                "a saved .html page, a .csv with a text column, or - for standard input."
            )
    return sources


def reserved_columns(model: GovtextModel | str | Path) -> set[str]:
    """Column names predict writes beside a CSV's own: known before the model is loaded."""
    labels = set(ALL_LABELS) | (set(model.labels) if isinstance(model, GovtextModel) else set())
    return {"source", "label", *(f"{SCORE_PREFIX}{label}" for label in labels)}


def _free_name(column: str, taken: set[str], header: list[str]) -> str:
    if column not in taken:
        return column
    name = f"{CLASH_PREFIX}{column}"
    while name in taken or name in header:
        name = f"{CLASH_PREFIX}{name}"
    return name


def _read_stdin() -> str:
    stream = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else sys.stdin
    data = stream.read()
    if isinstance(data, str):
        data = data.encode("utf-8")
    return normalize(decode_report(data, "<stdin>"))


def _csv_header(path: Path, text_column: str = "text") -> list[str]:
    import pandas as pd  # 0.3-1 s to import: only for CSV inputs (see writers.write_predictions)

    try:
        header = pd.read_csv(path, nrows=0, dtype=str, encoding="utf-8-sig")
    except pd.errors.EmptyDataError as err:
        raise GovtextError(
            f"{path}: is empty; a sentence CSV needs a header with a 'text' column and one "
            "sentence per row."
        ) from err
    except (UnicodeDecodeError, pd.errors.ParserError) as err:
        raise GovtextError(f"{path}: is not a readable UTF-8 CSV ({err}).") from err
    return _checked(path, [str(c) for c in header.columns], text_column)


def _checked(path: Path, columns: list[str], text_column: str) -> list[str]:
    if text_column not in columns:
        raise GovtextError(
            f"{path}: has no {text_column!r} column (columns: {', '.join(columns) or 'none'}); "
            "name the sentence column with --text-column, or call it text."
        )
    return columns


def input_rows(source: Source, chunk_size: int) -> Iterator[pd.DataFrame]:
    """The input rows of one source, chunk by chunk, with the output's leading columns."""
    if source.kind == "report":
        yield from _report_rows(source, chunk_size)
        return
    import pandas as pd  # 0.3-1 s to import: only for frames (see writers.write_predictions)

    path = Path(source.name)
    seen = 0
    try:
        # Object columns of Python strings: the sentences go to the model and the writer as
        # they are, not converted to Arrow strings and back at every step.
        reader = pd.read_csv(
            path, dtype=object, keep_default_na=False, encoding="utf-8-sig", chunksize=chunk_size
        )
        for chunk in reader:
            chunk = chunk.rename(columns=source.renames)
            texts = [unicodedata.normalize("NFC", t) for t in chunk["text"].tolist()]
            chunk["text"] = pd.Series(texts, index=chunk.index, dtype=object)
            chunk.insert(0, "source", pd.Series(source.name, index=chunk.index, dtype=object))
            seen += len(chunk)
            yield chunk[source.columns].reset_index(drop=True)
    except (UnicodeDecodeError, pd.errors.ParserError) as err:
        raise GovtextError(f"{path}: is not a readable UTF-8 CSV ({err}).") from err
    if not seen:
        raise GovtextError(f"{path}: has a header but no sentence rows; add one sentence per row.")


def report_records(source: Source) -> list[dict[str, Any]]:
    """The sentences of one report (a .txt file or standard input) as plain records with the
    output's leading columns (``REPORT_COLUMNS``): what ``input_rows`` frames, without pandas,
    so that labelling a short report starts fast."""
    if source.text is not None:
        text, doc_id = source.text, "stdin"
    else:
        text, doc_id = read_report(source.name), Path(source.name).stem
    # with_words=False: the model tokenises the sentences itself, once.
    rows = report_rows(doc_id, text, with_words=False)
    if not rows:
        raise GovtextError(f"{source.name}: no sentence could be read from it; check its content.")
    return [{"source": source.name, **{c: row[c] for c in REPORT_COLUMNS[1:]}} for row in rows]


def _report_rows(source: Source, chunk_size: int) -> Iterator[pd.DataFrame]:
    import pandas as pd  # 0.3-1 s to import: only for frames (see writers.write_predictions)

    frame = pd.DataFrame(report_records(source), columns=REPORT_COLUMNS)
    for start in range(0, len(frame), chunk_size):
        yield frame.iloc[start : start + chunk_size].reset_index(drop=True)


def document_keys(frame: pd.DataFrame) -> list[str]:
    """Which report each row belongs to: its ``doc_id`` when it has one, else its source file."""
    sources = frame["source"].astype(str).tolist() if "source" in frame else [""] * len(frame)
    if "doc_id" not in frame:
        return sources
    doc_ids = frame["doc_id"].fillna("").astype(str).tolist()
    return [d or s for d, s in zip(doc_ids, sources, strict=True)]
