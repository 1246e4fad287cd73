"""The model's view for annotators: the default experiment's scores as suggestions on exported
annotation tasks, and the sentences it is least sure of, worth labelling next."""

from __future__ import annotations

import json
from itertools import islice
from pathlib import Path

import pandas as pd

from govtext.data.annotation import LABEL_STUDIO_CONFIG, export_tasks, suggest
from govtext.data.corpora import corpus_rows
from govtext.data.sentences import load_sentences
from govtext.errors import GovtextError
from govtext.files import write_atomic
from govtext.inference.model import GovtextModel
from govtext.learning.config import load_config
from govtext.learning.models import build_pipeline
from govtext.learning.results import load_labelled
from govtext.training import DEFAULT_CONFIG


def default_model_scores(texts, config_path: str | Path = DEFAULT_CONFIG) -> pd.DataFrame:
    """Fit the default experiment on its data and score ``texts`` as ``govtext predict`` does:
    a frame of ``text``, ``label`` and one ``score_<label>`` column per label."""
    config = load_config(config_path)
    data = load_labelled(config.data.path)
    pipeline = build_pipeline(config).fit(data.texts, data.labels)
    return GovtextModel(Path(config_path), {}, pipeline).predict(list(texts))


def write_annotation_tasks(
    out_dir: str | Path,
    sentences: str | Path = "data/sentences.csv",
    *,
    unlabelled_only: bool = False,
    pre_annotate: bool = True,
) -> int:
    """Write ``tasks.json`` (Label Studio), ``tasks.csv`` (a spreadsheet) and the Label Studio
    config to ``out_dir`` for the sentence rows of ``sentences``, with the default model's
    suggestions when ``pre_annotate``. Returns the number of tasks."""
    out_dir = Path(out_dir)
    frame = load_sentences(sentences)
    if unlabelled_only:
        frame = frame[frame["label"] == ""].reset_index(drop=True)
    predictions = default_model_scores(frame["text"]) if pre_annotate and len(frame) else None
    tasks, table = export_tasks(frame, predictions)
    write_atomic(out_dir / "tasks.json", json.dumps(tasks, ensure_ascii=False, indent=1))
    write_atomic(out_dir / "tasks.csv", table)
    write_atomic(out_dir / "label-studio-config.xml", LABEL_STUDIO_CONFIG)
    return len(tasks)


def suggest_from_corpus(
    corpus: str | Path,
    n: int = 20,
    *,
    per_document: int = 2,
    limit: int | None = None,
    out: str | Path | None = None,
) -> pd.DataFrame:
    """The ``n`` sentences of a corpus (its first ``limit``) the default model is least sure of,
    at most ``per_document`` per report (``govtext.data.annotation.suggest``); also written to
    the CSV ``out`` (doc_id, sent_id, text, margin) when given."""
    rows = pd.DataFrame(islice(corpus_rows(corpus, with_words=False), limit))
    if rows.empty:
        raise GovtextError(f"{corpus}: no sentence to suggest from.")
    scores = default_model_scores(rows["text"])
    chosen = suggest(rows, scores.filter(like="score_").to_numpy(), n, per_document=per_document)
    if out:
        write_atomic(out, chosen[["doc_id", "sent_id", "text", "margin"]].to_csv(index=False))
    return chosen
