"""Data: reports and corpora in, sentence rows with stable ids out; gold labels joined by id;
the dataset card; the annotation round-trip.

>>> from govtext.data import build_dataset, write_dataset
>>> write_dataset(build_dataset("seeds", "data/labels.csv"), "data")  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import Any

from govtext.data.gold import GoldLabels, read_labels
from govtext.data.reports import read_manifest, report_rows, sentence_id

# Modules that need pandas (0.4-1 s to import), imported on first use: ``govtext predict`` reads
# a report with ``report_rows`` alone.
_LAZY = {
    **dict.fromkeys(
        ("corpus_documents", "corpus_rows", "corpus_sentences", "write_corpus"),
        "govtext.data.corpora",
    ),
    **dict.fromkeys(("build_dataset", "write_dataset"), "govtext.data.dataset"),
    **dict.fromkeys(
        (
            "COLUMNS",
            "Dataset",
            "checked_sentences",
            "content_hash",
            "iter_sentences",
            "label_counts",
            "load_sentences",
        ),
        "govtext.data.sentences",
    ),
}

__all__ = [
    "COLUMNS",
    "Dataset",
    "GoldLabels",
    "build_dataset",
    "checked_sentences",
    "content_hash",
    "corpus_documents",
    "corpus_rows",
    "corpus_sentences",
    "iter_sentences",
    "label_counts",
    "load_sentences",
    "read_labels",
    "read_manifest",
    "report_rows",
    "sentence_id",
    "write_corpus",
    "write_dataset",
]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'govtext.data' has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
