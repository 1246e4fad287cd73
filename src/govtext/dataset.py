"""Reports in, labelled sentence rows out.

A sentence's id is derived from its document id and its normalised text, so adding a report or
editing another paragraph never re-keys the hand-made gold labels, which are joined by that id.

>>> sentence_id("dak-song", "Tập trung xây dựng Đảng.")
'1a0e05ae1cc7'
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import os
import tempfile
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from govtext.errors import GovtextError
from govtext.labels import ALL_LABELS, GUIDELINE_VERSION
from govtext.text import (
    SEGMENTER_VERSION,
    decode_report,
    normalize,
    read_report,
    split_report,
    syllables,
    words_batch,
)

log = logging.getLogger(__name__)

COLUMNS = ["doc_id", "sent_id", "paragraph", "position", "text", "syllables", "words", "label"]
LABEL_COLUMNS = ["sent_id", "label", "text", "note"]
MANIFEST = "manifest.toml"


def sentence_id(doc_id: str, text: str) -> str:
    """12 hex digits of SHA-1 over the document id and the NFC, whitespace-folded text."""
    key = f"{doc_id}\n{' '.join(unicodedata.normalize('NFC', text).split())}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def report_rows(doc_id: str, text: str, *, with_words: bool = True) -> list[dict]:
    """Sentence rows of one report's text, in reading order, without labels.

    ``paragraph`` and ``position`` count from 1. A sentence repeated in the same report keeps
    the same id with a ``-2``, ``-3`` suffix, so ids stay unique and stable.
    """
    rows = []
    seen: dict[str, int] = {}
    pairs = split_report(text)
    tokens = words_batch(s for _, s in pairs) if with_words else [[] for _ in pairs]
    for position, ((paragraph, sentence), word_tokens) in enumerate(
        zip(pairs, tokens, strict=True), start=1
    ):
        sid = sentence_id(doc_id, sentence)
        seen[sid] = seen.get(sid, 0) + 1
        if seen[sid] > 1:
            sid = f"{sid}-{seen[sid]}"
        rows.append(
            {
                "doc_id": doc_id,
                "sent_id": sid,
                "paragraph": paragraph + 1,
                "position": position,
                "text": sentence,
                "syllables": " ".join(syllables(sentence)),
                "words": " ".join(word_tokens),
            }
        )
    return rows


def report_paths(seeds_dir: str | Path) -> list[Path]:
    """The ``.txt`` reports in a folder, sorted by name so the dataset order is stable."""
    seeds_dir = Path(seeds_dir)
    if not seeds_dir.is_dir():
        raise GovtextError(f"{seeds_dir}: no such folder of reports; pass --seeds DIR.")
    paths = sorted(p for p in seeds_dir.iterdir() if p.is_file() and p.suffix == ".txt")
    if not paths:
        raise GovtextError(f"{seeds_dir}: holds no .txt report; add a UTF-8 .txt report there.")
    return paths


def read_manifest(seeds_dir: str | Path) -> dict[str, dict]:
    """Per-document metadata (title, place, date, source) from ``seeds/manifest.toml``, if any."""
    path = Path(seeds_dir) / MANIFEST
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise GovtextError(f"{path}: is not valid UTF-8 TOML ({err}); fix the manifest.") from err


@dataclass(frozen=True)
class GoldLabels:
    """Hand-made labels keyed by sentence id, as read from the labels file."""

    path: Path
    labels: dict[str, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)

    @property
    def exists(self) -> bool:
        return self.path.exists()


def read_labels(path: str | Path) -> GoldLabels:
    """Read the gold labels CSV (``sent_id,label,text,note``); a missing file means no labels.

    An unknown label, a missing id, or one id given two different labels is an error that names
    the line: a gold label is never dropped or guessed.
    """
    path = Path(path)
    if not path.exists():
        return GoldLabels(path)
    try:
        content = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise GovtextError(f"{path}: is not UTF-8; re-save the labels file as UTF-8 CSV.") from err
    reader = csv.DictReader(io.StringIO(content))
    missing = {"sent_id", "label"} - set(reader.fieldnames or [])
    if missing:
        raise GovtextError(
            f"{path}: has no {', '.join(sorted(missing))} column; the header must start with "
            "sent_id,label."
        )
    labels: dict[str, str] = {}
    texts: dict[str, str] = {}
    for line, row in enumerate(reader, start=2):
        sid = (row.get("sent_id") or "").strip()
        label = (row.get("label") or "").strip()
        if not sid and not label:
            continue
        if not sid:
            raise GovtextError(f"{path}:{line}: a label without a sent_id; add the sentence id.")
        if label not in ALL_LABELS:
            raise GovtextError(
                f"{path}:{line}: unknown label {label!r} for {sid}; use one of "
                f"{', '.join(ALL_LABELS)}."
            )
        if sid in labels and labels[sid] != label:
            raise GovtextError(
                f"{path}:{line}: {sid} is labelled both {labels[sid]!r} and {label!r}; keep one."
            )
        labels[sid] = label
        texts[sid] = row.get("text") or ""
    return GoldLabels(path, labels, texts)


@dataclass(frozen=True)
class Dataset:
    """The built sentence table and what it was built from."""

    sentences: pd.DataFrame
    gold: GoldLabels
    orphans: pd.DataFrame  # gold labels whose sentence no longer exists
    documents: dict[str, dict]

    @property
    def content_hash(self) -> str:
        return content_hash(self.sentences)


def build_dataset(
    seeds: str | Path = "seeds",
    labels: str | Path = "data/labels.csv",
    *,
    allow_orphan_labels: bool = False,
) -> Dataset:
    """Read every report in ``seeds``, split and tokenise it, and join the gold labels.

    Raises GovtextError when a gold label's sentence is gone (the report changed) unless
    ``allow_orphan_labels``; the orphans are returned either way and never deleted.
    """
    manifest = read_manifest(seeds)
    gold = read_labels(labels)
    rows = []
    documents = {}
    for path in report_paths(seeds):
        doc_id = path.stem
        doc_rows = report_rows(doc_id, read_report(path))
        if not doc_rows:
            raise GovtextError(f"{path}: no sentence could be read from it; check its content.")
        rows.extend(doc_rows)
        documents[doc_id] = {**manifest.get(doc_id, {}), "sentences": len(doc_rows)}
    frame = pd.DataFrame(rows, columns=COLUMNS[:-1])
    frame["label"] = [gold.labels.get(sid, "") for sid in frame["sent_id"]]
    orphan_ids = sorted(set(gold.labels) - set(frame["sent_id"]))
    orphans = pd.DataFrame(
        {
            "sent_id": orphan_ids,
            "label": [gold.labels[i] for i in orphan_ids],
            "text": [gold.texts[i] for i in orphan_ids],
        }
    )
    if orphan_ids and not allow_orphan_labels:
        listing = "; ".join(
            f"{r.sent_id} ({r.label}) {r.text[:60]!r}" for r in orphans.itertuples()
        )
        raise GovtextError(
            f"{gold.path}: {len(orphan_ids)} gold label(s) match no sentence any more: {listing}. "
            "Fix the labels (they are kept in the file) or pass --allow-orphan-labels."
        )
    return Dataset(frame, gold, orphans, documents)


def content_hash(sentences: pd.DataFrame | Iterable[pd.DataFrame]) -> str:
    """SHA-256 of the sentences' texts and labels in order: what a model's metrics depend on.

    Works on any sentence table with ``text`` and ``label`` columns (the built dataset or an
    external CSV), or on such a table streamed in chunks (the same hash), so a logged run can
    check that it is re-run on the same data.
    """
    digest = hashlib.sha256()
    chunks = [sentences] if isinstance(sentences, pd.DataFrame) else sentences
    for chunk in chunks:
        for row in chunk[["text", "label"]].itertuples(index=False):
            digest.update("\x1f".join(row).encode("utf-8") + b"\x1e")
    return digest.hexdigest()


def load_sentences(path: str | Path) -> pd.DataFrame:
    """Read a labelled sentence file (the built ``sentences.csv`` or any CSV with ``text`` and
    ``label`` columns, e.g. an external dev set)."""
    path = Path(path)
    if not path.exists():
        raise GovtextError(f"{path}: no such sentence file; run `govtext data build` first.")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise GovtextError(f"{path}: is not a readable UTF-8 CSV ({err}).") from err
    return checked_sentences(frame, path)


def checked_sentences(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    """A sentence table checked as ``load_sentences`` checks it: text and label columns, NFC
    text, labels from the scheme; errors name ``path``."""
    missing = {"text", "label"} - set(frame.columns)
    if missing:
        raise GovtextError(
            f"{path}: has no {', '.join(sorted(missing))} column; a sentence file needs "
            "'text' and 'label'."
        )
    frame["text"] = frame["text"].map(lambda t: unicodedata.normalize("NFC", t))
    unknown = sorted(set(frame["label"]) - set(ALL_LABELS) - {""})
    if unknown:
        raise GovtextError(
            f"{path}: unknown label(s) {', '.join(map(repr, unknown))}; use one of "
            f"{', '.join(ALL_LABELS)}."
        )
    return frame


def iter_sentences(path: str | Path, chunk_size: int = 5000) -> Iterator[pd.DataFrame]:
    """``load_sentences`` in chunks of ``chunk_size`` rows, for files larger than memory;
    each chunk is checked the same way."""
    path = Path(path)
    if not path.exists():
        raise GovtextError(f"{path}: no such sentence file; run `govtext data build` first.")
    try:
        with pd.read_csv(
            path, dtype=str, keep_default_na=False, encoding="utf-8", chunksize=chunk_size
        ) as reader:
            for chunk in reader:
                yield checked_sentences(chunk, path)
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise GovtextError(f"{path}: is not a readable UTF-8 CSV ({err}).") from err


def write_atomic(path: str | Path, content: str) -> None:
    """Write text to a temporary file beside ``path`` and rename it: never a half-written file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_dataset(dataset: Dataset, out_dir: str | Path = "data") -> list[Path]:
    """Write ``sentences.csv`` and the dataset card ``README.md``; identical inputs give
    byte-identical files."""
    out_dir = Path(out_dir)
    csv_text = dataset.sentences[COLUMNS].to_csv(index=False, lineterminator="\n")
    written = [out_dir / "sentences.csv", out_dir / "README.md"]
    card = dataset_card(dataset)
    write_atomic(written[0], csv_text)
    write_atomic(written[1], card)
    return written


def label_counts(sentences: pd.DataFrame) -> dict[str, int]:
    """Sentences per label in scheme order, with ``unlabelled`` for rows without a gold label."""
    counts = {label: int((sentences["label"] == label).sum()) for label in ALL_LABELS}
    counts["unlabelled"] = int((sentences["label"] == "").sum())
    return counts


def dataset_card(dataset: Dataset) -> str:
    """The generated ``data/README.md``: documents, counts, hash, guideline version."""
    frame = dataset.sentences
    counts = label_counts(frame)
    lines = [
        "# govtext sentence dataset",
        "",
        "Generated by `govtext data build`; do not edit by hand (edit `labels.csv` or the "
        "reports in `seeds/` and rebuild).",
        "",
        f"- sentences: {len(frame)}",
        f"- documents: {len(dataset.documents)}",
        f"- labelled: {len(frame) - counts['unlabelled']}",
        f"- content hash (sha256 of text and label, in order): `{dataset.content_hash}`",
        f"- annotation guideline version: {GUIDELINE_VERSION} (see `docs/annotation-guide.md`)",
        f"- segmenter version: {SEGMENTER_VERSION} (underthesea `sent_tokenize` per paragraph, "
        "mended for the genre; words by underthesea `word_tokenize`)",
        "",
        "## Label counts",
        "",
        "| label | sentences |",
        "|---|---|",
        *[f"| {label} | {n} |" for label, n in counts.items()],
        "",
        "## Documents",
        "",
        "| doc_id | sentences | title | place | date | source |",
        "|---|---|---|---|---|---|",
    ]
    for doc_id, meta in sorted(dataset.documents.items()):
        lines.append(
            f"| {doc_id} | {meta['sentences']} | {meta.get('title', '')} | "
            f"{meta.get('place', '')} | {meta.get('date', '')} | {meta.get('source', '')} |"
        )
    lines += [
        "",
        "## Columns of `sentences.csv`",
        "",
        "`doc_id` (report file name without `.txt`), `sent_id` (12 hex of SHA-1 over doc_id and "
        "the normalised sentence), `paragraph` and `position` (from 1), `text` (NFC), "
        "`syllables` and `words` (space-separated, lower-cased tokens), `label` (gold, empty "
        "when not yet annotated).",
        "",
    ]
    if len(dataset.orphans):
        lines += [
            "## Orphan gold labels (their sentence is gone; kept in labels.csv)",
            "",
            *[f"- `{r.sent_id}` {r.label}: {r.text}" for r in dataset.orphans.itertuples()],
            "",
        ]
    return "\n".join(lines)


# --------------------------------------------------------------------------- corpora

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
    """Stream the documents of a corpus: a folder of ``.txt`` reports or a JSONL file with a
    ``text`` field (optional ``id``/``article`` and ``title``), one document at a time.

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
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    documents = sentences = 0
    last_doc = None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, CORPUS_COLUMNS, lineterminator="\n")
            writer.writeheader()
            for row in corpus_rows(path, with_words=with_words):
                writer.writerow(row)
                sentences += 1
                if row["doc_id"] != last_doc:
                    documents, last_doc = documents + 1, row["doc_id"]
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return documents, sentences
