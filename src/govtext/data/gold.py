"""The hand-made gold labels (``data/labels.csv``), keyed by sentence id."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from govtext.errors import GovtextError
from govtext.labels import ALL_LABELS

LABEL_COLUMNS = ["sent_id", "label", "text", "note"]


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
