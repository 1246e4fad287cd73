"""Corpora: folders of ``.txt`` reports (and saved ``.html`` pages) or JSONL files, streamed one
document at a time into sentence rows, so memory stays flat whatever the corpus size."""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from govtext.data.reports import report_paths, report_rows
from govtext.data.sentences import checked_sentences, read_text_csv
from govtext.errors import GovtextError
from govtext.files import atomic_writer
from govtext.text import decode_report, normalize, read_report, split_report

CORPUS_COLUMNS = [
    "doc_id",
    "sent_id",
    "paragraph",
    "position",
    "text",
    "syllables",
    "words",
    "title",
]


@dataclass(frozen=True)
class Document:
    """One report of a corpus: a stable id, its normalised text, and where it came from."""

    doc_id: str
    text: str
    title: str = ""


def corpus_documents(path: str | Path) -> Iterator[Document]:
    """Stream the documents of a corpus: a folder of ``.txt``/``.html`` reports or a JSONL file
    with a ``text`` field (optional ``id``/``article`` and ``title``), one document at a time.

    A JSONL document without an id gets one from its text, so reordering the file keeps ids.
    """
    path = Path(path)
    if path.is_dir():
        for report in report_paths(path):
            yield Document(report.stem, read_report(report))
        return
    if not path.exists():
        raise GovtextError(f"{path}: no such corpus; pass a folder of .txt files or a .jsonl file.")
    if path.suffix != ".jsonl":
        raise GovtextError(f"{path}: a corpus is a folder of .txt reports or a .jsonl file.")
    with path.open("rb") as handle:
        for line_number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{path}:{line_number}"
            try:
                record = json.loads(decode_report(line, where))
            except json.JSONDecodeError as err:
                raise GovtextError(f"{where}: is not a JSON object ({err.msg}).") from err
            text = record.get("text") if isinstance(record, dict) else None
            if not isinstance(text, str) or not text.strip():
                raise GovtextError(f"{where}: has no 'text' field; every line needs one.")
            text = normalize(text)
            doc_id = record.get("id", record.get("article"))
            if doc_id is None:
                doc_id = f"{path.stem}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:10]}"
            yield Document(str(doc_id), text, str(record.get("title") or ""))


def corpus_rows(path: str | Path, *, with_words: bool = True) -> Iterator[dict]:
    """Sentence rows (as ``report_rows``, plus ``title``) of every corpus document, streamed."""
    for document in corpus_documents(path):
        for row in report_rows(document.doc_id, document.text, with_words=with_words):
            row["title"] = document.title
            yield row


def write_corpus(path: str | Path, out: str | Path, *, with_words: bool = True) -> tuple[int, int]:
    """Stream a corpus's sentence rows to a CSV (temporary file, then rename); memory stays
    flat whatever the corpus size. Returns (documents, sentences)."""
    documents = sentences = 0
    last_doc = None
    with atomic_writer(out) as handle:
        writer = csv.DictWriter(handle, CORPUS_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in corpus_rows(path, with_words=with_words):
            writer.writerow(row)
            sentences += 1
            if row["doc_id"] != last_doc:
                documents, last_doc = documents + 1, row["doc_id"]
    return documents, sentences


def corpus_texts(path: str | Path, limit: int | None = None) -> list[str]:
    """Sentences of a corpus (see ``corpus_sentences``)."""
    return corpus_sentences(path, limit)[0]


def corpus_sentences(
    path: str | Path, limit: int | None = None
) -> tuple[list[str], list[str] | None]:
    """Sentences of a corpus and, for a sentence CSV with gold labels, those labels (else None).

    A CSV (``text`` column, optional ``label``) is read as is, once; a folder or JSONL of reports
    is segmented as the dataset builder does.
    """
    path = Path(path)
    if path.suffix == ".csv":
        frame = read_text_csv(path, "corpus file", "check the --corpus path")
        if "split" in frame.columns:  # a gold table's lockbox is scored by `govtext lockbox` only
            frame = frame[frame["split"] != "lockbox"]
        if "label" in frame.columns:
            frame = checked_sentences(frame, path)
        elif "text" not in frame.columns:
            raise GovtextError(f"{path}: has no text column.")
        frame = frame.iloc[:limit] if limit else frame
        labelled = "label" in frame.columns and (frame["label"] != "").any()
        return frame["text"].tolist(), frame["label"].tolist() if labelled else None
    texts: list[str] = []
    for document in corpus_documents(path):
        texts.extend(sentence for _, sentence in split_report(document.text))
        if limit and len(texts) >= limit:
            return texts[:limit], None
    return texts, None
