"""What every view of the notebooks shares: the label colours, the corpora argument, panels,
heatmap annotation and the figure that says what is missing.

Figures are built on ``matplotlib.figure.Figure`` directly, without pyplot: no global state.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from govtext.errors import GovtextError

Corpora = Mapping[str, pd.DataFrame] | pd.DataFrame

# One colour per label, the same in every figure.
LABEL_COLOURS = {
    "achievement": "#2a9d8f",
    "limitation": "#e76f51",
    "request": "#8e6bbf",
    "instruction": "#264f8c",
    "other": "#9a9a9a",
}


def as_corpora(corpora: Corpora) -> dict[str, pd.DataFrame]:
    if isinstance(corpora, pd.DataFrame):
        return {"data": corpora}
    if not corpora:
        raise GovtextError("no corpus to show; pass a sentence table or {name: table}.")
    return dict(corpora)


def panels(n: int, *, width: float, height: float) -> tuple[Figure, list[Any]]:
    fig = Figure(figsize=(width * n, height), layout="constrained")
    return fig, list(fig.subplots(1, n, squeeze=False)[0])


def annotate(ax, values: np.ndarray, fmt: str, *, light_below: float = 0.0) -> None:
    """Write each cell's value on a heatmap, white on dark cells."""
    for (i, j), value in np.ndenumerate(values):
        if np.isnan(value):
            continue
        dark = value < light_below if light_below else value > 0.6
        ax.text(j, i, fmt.format(value), ha="center", va="center", fontsize=8,
                color="white" if dark else "black")  # fmt: skip


def message_figure(title: str, message: str, xlabel: str, ylabel: str) -> Figure:
    fig = Figure(figsize=(6.0, 2.2), layout="constrained")
    ax = fig.subplots()
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=10)
    return fig


def rows_with(table: pd.DataFrame, column: str) -> pd.DataFrame:
    if column not in table.columns:
        return table.iloc[0:0]
    return table[table[column].notna()].reset_index(drop=True)
