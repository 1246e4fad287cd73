"""Build the sentence dataset: every report of ``seeds/`` split into rows, the gold labels
joined by sentence id, written with its card."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from govtext.data.card import dataset_card
from govtext.data.corpora import write_corpus
from govtext.data.corpus_gold import read_annotations
from govtext.data.gold import read_labels
from govtext.data.reports import read_manifest, report_paths, report_rows
from govtext.data.sentences import COLUMNS, Dataset
from govtext.errors import GovtextError
from govtext.files import write_atomic
from govtext.text import read_report

DEFAULT_LABELS = Path("data/labels.csv")


def build_dataset(
    seeds: str | Path = "seeds",
    labels: str | Path | None = None,
    *,
    allow_orphan_labels: bool = False,
) -> Dataset:
    """Read every report in ``seeds``, split and tokenise it, and join the gold labels.

    ``labels``: a gold labels file, which must exist; None: ``data/labels.csv``, which may be
    absent (a new project: every sentence unlabelled). A named file that is missing is an
    error, so that a typo never rewrites the dataset without its labels.
    Raises GovtextError when a gold label's sentence is gone (the report changed) unless
    ``allow_orphan_labels``; the orphans are returned either way and never deleted.
    """
    if labels is not None and not Path(labels).is_file():
        raise GovtextError(
            f"{labels}: no such gold labels file; check --labels (leave it out to use "
            f"{DEFAULT_LABELS}, which may be absent in a new project)."
        )
    manifest = read_manifest(seeds)
    gold = read_labels(DEFAULT_LABELS if labels is None else labels)
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


def write_dataset(
    dataset: Dataset, out_dir: str | Path = "data", annotations: str | Path | None = None
) -> list[Path]:
    """Write ``sentences.csv`` and the dataset card ``README.md`` (describing the pool
    ``annotations`` file too, when it exists); identical inputs give byte-identical files."""
    out_dir = Path(out_dir)
    csv_text = dataset.sentences[COLUMNS].to_csv(index=False, lineterminator="\n")
    written = [out_dir / "sentences.csv", out_dir / "README.md"]
    pool = read_annotations(annotations) if annotations and Path(annotations).exists() else None
    card = dataset_card(dataset, pool)
    write_atomic(written[0], csv_text)
    write_atomic(written[1], card)
    return written


@dataclass(frozen=True)
class Build:
    """What ``build`` did: the dataset, the files written, and each corpus streamed out as
    ``(corpus, csv written, documents, sentences)``."""

    dataset: Dataset
    written: list[Path]
    corpora: list[tuple[Path, Path, int, int]] = field(default_factory=list)


def build(
    seeds: str | Path = "seeds",
    labels: str | Path | None = None,
    out: str | Path = "data",
    *,
    allow_orphan_labels: bool = False,
    corpora: Iterable[str | Path] = (),
    with_words: bool = True,
) -> Build:
    """``govtext data build``: build and write the dataset to ``out``, then stream each corpus
    to ``out/corpus/<name>.csv`` (unlabelled sentence rows; ``with_words``: word-segment them)."""
    dataset = build_dataset(seeds, labels, allow_orphan_labels=allow_orphan_labels)
    written = write_dataset(dataset, out, Path(out) / "gold" / "pool-annotations.csv")
    streamed = []
    for corpus in map(Path, corpora):
        target = Path(out) / "corpus" / f"{corpus.stem}.csv"
        streamed.append((corpus, target, *write_corpus(corpus, target, with_words=with_words)))
    return Build(dataset, written, streamed)
