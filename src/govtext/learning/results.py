"""What an experiment works on and produces: its labelled data, evaluations and result."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.pipeline import Pipeline

from govtext.data import content_hash, load_sentences
from govtext.data.corpus_gold import DEFAULT_SPLIT_COLUMN, LOCKBOX, SPLITS
from govtext.errors import GovtextError
from govtext.learning.config import ExperimentConfig


@dataclass(frozen=True)
class LabelledData:
    """The labelled rows an experiment trains or scores on, and where they came from."""

    path: Path
    frame: pd.DataFrame  # rows with a label only (a sample, for data streamed out of core)
    n_unlabelled: int
    streamed_hash: str = ""  # the whole file's hash when ``frame`` is only a sample
    split_column: str = ""  # train / validation / lockbox per row, when the file has splits
    lockbox_texts: frozenset[str] = frozenset()  # texts of the lockbox rows left out of frame

    @property
    def texts(self) -> np.ndarray:
        return self.frame["text"].to_numpy(dtype=object)

    @property
    def labels(self) -> np.ndarray:
        return self.frame["label"].to_numpy(dtype=object)

    @property
    def content_hash(self) -> str:
        return self.streamed_hash or content_hash(self.frame)

    def split_mask(self, split: str) -> np.ndarray:
        """Which rows of ``frame`` are in ``split`` (all False without a split column)."""
        if not self.split_column:
            return np.zeros(len(self.frame), dtype=bool)
        return (self.frame[self.split_column] == split).to_numpy()


def load_labelled(
    path: str | Path, split_column: str = "", *, lockbox: bool = False
) -> LabelledData:
    """Read a sentence CSV and keep its labelled rows; no labelled row at all is an error.

    With ``split_column`` (by default ``split`` when the file has it) the lockbox rows are set
    aside (their texts kept in ``lockbox_texts`` so nothing trains on them); ``lockbox=True``
    returns only them.
    """
    frame = load_sentences(path)
    labelled = frame[frame["label"] != ""]
    lockbox_texts: frozenset[str] = frozenset()
    if not split_column and DEFAULT_SPLIT_COLUMN in labelled.columns:
        # A file with splits never hands out its lockbox by accident (e.g. as --eval-data).
        split_column = DEFAULT_SPLIT_COLUMN
    if split_column:
        if split_column not in labelled.columns:
            raise GovtextError(f"{path}: has no {split_column!r} column (data.split_column).")
        unknown = sorted(set(labelled[split_column]) - set(SPLITS))
        if unknown:
            raise GovtextError(
                f"{path}: unknown split(s) {', '.join(map(repr, unknown))} in column "
                f"{split_column!r}; use {', '.join(SPLITS)}."
            )
        in_lockbox = labelled[split_column] == LOCKBOX
        lockbox_texts = frozenset(labelled.loc[in_lockbox, "text"])
        labelled = labelled[in_lockbox if lockbox else ~in_lockbox]
    if labelled.empty:
        what = "lockbox sentence" if lockbox else "labelled sentence"
        raise GovtextError(f"{path}: has no {what}; annotate some (data/labels.csv) and rebuild.")
    return LabelledData(
        Path(path),
        labelled.reset_index(drop=True),
        int((frame["label"] == "").sum()),
        split_column=split_column,
        lockbox_texts=lockbox_texts,
    )


@dataclass(frozen=True)
class Evaluation:
    """Metrics, confusion matrix and per-sentence predictions of one protocol on one data set."""

    protocol: str
    metrics: dict[str, float]
    confusion: pd.DataFrame
    predictions: pd.DataFrame  # text, label, predicted (first repeat for cross-validation)


@dataclass(frozen=True)
class ExperimentResult:
    config: ExperimentConfig
    data: LabelledData
    cross_validation: Evaluation
    pipeline: Pipeline  # fitted on all of ``data``
    external: Evaluation | None = None
    external_data: LabelledData | None = None

    def all_metrics(self) -> dict[str, float]:
        """Flat metrics for tracking: cross-validation as is, external ones prefixed ``ext_``."""
        metrics = dict(self.cross_validation.metrics)
        if self.external is not None:
            metrics.update({f"ext_{k}": v for k, v in self.external.metrics.items()})
        return metrics
