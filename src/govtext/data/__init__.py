"""Data: reports and corpora in, sentence rows with stable ids out; gold labels joined by id;
the dataset card; the annotation round-trip.

>>> from govtext.data import build_dataset, write_dataset
>>> write_dataset(build_dataset("seeds", "data/labels.csv"), "data")  # doctest: +SKIP
"""

from __future__ import annotations

from govtext.data.gold import GoldLabels, read_labels
from govtext.data.reports import read_manifest, report_rows, sentence_id
from govtext.lazy import lazy_names

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

__getattr__, __dir__ = lazy_names(__name__, globals(), _LAZY)
