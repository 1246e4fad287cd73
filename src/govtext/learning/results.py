"""What an experiment works on and produces: its labelled data, evaluations and result."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.pipeline import Pipeline

from govtext.data import content_hash, load_sentences
from govtext.errors import GovtextError
from govtext.learning.config import ExperimentConfig


@dataclass(frozen=True)
class LabelledData:
    """The labelled rows an experiment trains or scores on, and where they came from."""

    path: Path
    frame: pd.DataFrame  # rows with a label only (a sample, for data streamed out of core)
    n_unlabelled: int
    streamed_hash: str = ""  # the whole file's hash when ``frame`` is only a sample

    @property
    def texts(self) -> np.ndarray:
        return self.frame["text"].to_numpy(dtype=object)

    @property
    def labels(self) -> np.ndarray:
        return self.frame["label"].to_numpy(dtype=object)

    @property
    def content_hash(self) -> str:
        return self.streamed_hash or content_hash(self.frame)


def load_labelled(path: str | Path) -> LabelledData:
    """Read a sentence CSV and keep its labelled rows; no labelled row at all is an error."""
    frame = load_sentences(path)
    labelled = frame[frame["label"] != ""].reset_index(drop=True)
    if labelled.empty:
        raise GovtextError(
            f"{path}: has no labelled sentence; annotate some (data/labels.csv) and rebuild."
        )
    return LabelledData(Path(path), labelled, len(frame) - len(labelled))


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
