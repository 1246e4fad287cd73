"""The sentence table: its columns, the built dataset, reading and checking sentence files, and
the content hash a run's metrics depend on."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from govtext.data.gold import GoldLabels
from govtext.errors import GovtextError
from govtext.labels import ALL_LABELS

COLUMNS = ["doc_id", "sent_id", "paragraph", "position", "text", "syllables", "words", "label"]


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

    @property
    def summary(self) -> tuple[str, dict[str, int]]:
        """A one-line description and the sentences per label, for people."""
        title = f"{len(self.sentences)} sentences from {len(self.documents)} report(s)"
        return title, label_counts(self.sentences)


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
    return checked_sentences(
        read_text_csv(path, "sentence file", "run `govtext data build` first"), path
    )


def read_text_csv(path: str | Path, what: str, fix: str) -> pd.DataFrame:
    """A UTF-8 CSV read as text (every cell a string, empty cells ""); a missing or unreadable
    file is a GovtextError naming it (``what`` it is, ``fix``: what to do when it is missing)."""
    path = Path(path)
    if not path.exists():
        raise GovtextError(f"{path}: no such {what}; {fix}.")
    if path.is_dir():
        raise GovtextError(f"{path}: is a folder, not a CSV file; name the {what} itself.")
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except pd.errors.EmptyDataError as err:
        raise GovtextError(
            f"{path}: is empty; a {what} needs a header row, then its rows."
        ) from err
    except UnicodeDecodeError as err:
        raise GovtextError(
            f"{path}: is not UTF-8 (byte {err.start}); re-save it as a UTF-8 CSV."
        ) from err
    except pd.errors.ParserError as err:
        raise GovtextError(f"{path}: is not a readable UTF-8 CSV ({err}).") from err


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


def label_counts(sentences: pd.DataFrame) -> dict[str, int]:
    """Sentences per label in scheme order, with ``unlabelled`` for rows without a gold label."""
    counts = {label: int((sentences["label"] == label).sum()) for label in ALL_LABELS}
    counts["unlabelled"] = int((sentences["label"] == "").sum())
    return counts
