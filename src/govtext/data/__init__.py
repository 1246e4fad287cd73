"""Data: reports and corpora in, sentence rows with stable ids out; gold labels joined by id;
the dataset card; the annotation round-trip.

>>> from govtext.data import build_dataset, write_dataset
>>> write_dataset(build_dataset("seeds", "data/labels.csv"), "data")  # doctest: +SKIP
"""

from govtext.data.corpora import corpus_documents, corpus_rows, corpus_sentences, write_corpus
from govtext.data.dataset import build_dataset, write_dataset
from govtext.data.gold import GoldLabels, read_labels
from govtext.data.reports import read_manifest, report_rows, sentence_id
from govtext.data.sentences import (
    COLUMNS,
    Dataset,
    checked_sentences,
    content_hash,
    iter_sentences,
    label_counts,
    load_sentences,
)

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
