"""What a run reports beside its metrics: the per-class table and the confusion-matrix figure.

Figures are built on ``matplotlib.figure.Figure`` directly, without pyplot: no global state, no
backend to choose for the whole process.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from govtext.labels import ALL_LABELS
from govtext.learning.results import Evaluation


def per_class_report(evaluation: Evaluation) -> pd.DataFrame:
    """Precision, recall, F1 and support per label, from an evaluation's metrics."""
    m = evaluation.metrics
    return pd.DataFrame(
        [
            {
                "label": label,
                "precision": m[f"precision_{label}"],
                "recall": m[f"recall_{label}"],
                "f1": m[f"f1_{label}"],
                "support": int(m[f"support_{label}"]),
            }
            for label in ALL_LABELS
        ]
    )


def confusion_figure(evaluation: Evaluation) -> Figure:
    """The confusion matrix as a labelled matplotlib figure."""
    matrix = evaluation.confusion
    fig = Figure(figsize=(6, 5))
    ax = fig.subplots()
    ax.imshow(matrix.to_numpy(), cmap="Blues")
    ax.set_xticks(range(len(matrix.columns)), matrix.columns, rotation=30, ha="right")
    ax.set_yticks(range(len(matrix.index)), matrix.index)
    dark = matrix.to_numpy().max() / 2  # white counts on the darker half of the blues
    for (i, j), value in np.ndenumerate(matrix.to_numpy()):
        colour = "white" if value > dark else "black"
        ax.text(j, i, str(value), ha="center", va="center", color=colour)
    ax.set_xlabel("predicted label")
    ax.set_ylabel("gold label")
    # The whole protocol, wrapped: a title cut mid-word hid which evaluation this is.
    title = textwrap.fill(f"Confusion matrix: {evaluation.protocol}", width=70)
    ax.set_title(title, fontsize=8)
    fig.tight_layout()
    return fig
