"""Views of the tracked experiments: the leaderboard with per-class F1, a forest plot of macro-F1
with intervals, F1 per class, and seed cross-validation against an external held-out set."""

from __future__ import annotations

import os
import re
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from govtext import leaderboard, tracking
from govtext.analysis.common import annotate, message_figure, rows_with
from govtext.errors import GovtextError
from govtext.labels import ALL_LABELS, TASK_LABELS
from govtext.stores import resolve_tracking_uri


def store_uri(configured: str = "", default: str | Path = "mlflow.db") -> str:
    """The tracking store to read: ``configured``, else ``MLFLOW_TRACKING_URI``, else the SQLite
    file ``default`` (the notebooks pass ``../mlflow.db``, the store ``make run`` writes).

    A SQLite file that does not exist is an error: reading it would create an empty store and
    show an empty leaderboard.
    """
    if configured or os.environ.get("MLFLOW_TRACKING_URI"):
        uri = resolve_tracking_uri(configured)
    else:
        uri = f"sqlite:///{Path(default).resolve()}"
    if uri.startswith("sqlite:///") and not Path(uri.removeprefix("sqlite:///")).is_file():
        raise GovtextError(
            f"{uri}: no MLflow store there; run `make run` (or `govtext train`) in the project "
            "folder first, or set TRACKING_URI / MLFLOW_TRACKING_URI to your store."
        )
    return uri


def experiment_table(uri: str, experiment: str = "govtext", *, latest: bool = True) -> pd.DataFrame:
    """The leaderboard with per-class F1 columns (``f1_<label>``, ``ext_f1_<label>``).

    ``latest``: keep only the newest run of each experiment config, so a config trained twice
    is one row. Best macro-F1 first.
    """
    board = leaderboard.leaderboard(uri, experiment)
    metrics = tracking.run_metrics(uri, experiment)
    extra = ["start_time", *(f"{p}f1_{k}" for p in ("", "ext_") for k in ALL_LABELS)]
    table = board.merge(
        metrics.reindex(columns=extra), left_on="run_id", right_index=True, how="left"
    )
    # A run with --set overrides is its own row, named with them, never mistaken for the config.
    table["label"] = [
        " ".join(filter(None, pair))
        for pair in zip(table["experiment"], table["overrides"], strict=True)
    ]
    if latest:
        table = table.sort_values("start_time", ascending=False, kind="stable")
        table = table.drop_duplicates("label", keep="first")
    table = table.sort_values("macro_f1", ascending=False, na_position="last", kind="stable")
    return table.reset_index(drop=True)


def protocol_name(protocol: str, data: str) -> str:
    """A short name for how a run was scored, to tell rows of different protocols apart:
    ``"2-fold stratified cross-validation (seed 0) on sentences.csv, 26 sentences"`` or
    ``"validation split of gold.csv (holdout), 1107 sentences"``.

    >>> protocol_name("trained on the train split (9 sentences), scored once on the validation "
    ...               "split (5 sentences, 1 articles); lockbox not used", "gold.csv")
    'validation split of gold.csv (holdout), 5 sentences'
    """
    protocol = protocol or ""
    on = f" of {data}" if data else ""
    if held_out := re.search(r"validation split \((\d+) sentences", protocol):
        return f"validation split{on} (holdout), {held_out.group(1)} sentences"
    first = protocol.split(";")[0]
    count = re.search(r"(\d+) sentences", first)
    method = first[: count.start()].rstrip(", ") if count else first
    method = re.sub(r"\s*\((seed|seeds) [^)]*\)", "", method)  # the seeds are in the table
    size = f", {count.group(1)} sentences" if count else ""
    return f"{method or 'unknown protocol'}{' on ' + data if data else ''}{size}"


def _scored_by(rows: pd.DataFrame, prefix: str) -> list[str]:
    """Each row's protocol name: its own evaluation, or its external set (flagged in-sample)."""

    def column(name: str, default) -> pd.Series:
        return rows[name] if name in rows else pd.Series(default, index=rows.index)

    if not prefix:
        pairs = zip(column("protocol", "").fillna(""), column("data", "").fillna(""), strict=True)
        return [protocol_name(protocol, data) for protocol, data in pairs]
    held = column("ext_held_out", True).fillna(True).astype(bool)
    return [
        f"fitted on all its data, scored once on {name or 'the external set'}"
        + ("" if ok else " (IN-SAMPLE: shares sentences with the training data)")
        for name, ok in zip(column("eval_data", "").fillna(""), held, strict=True)
    ]


# Colours and markers for the protocols of one figure, in order of first appearance.
_PROTOCOL_STYLES = [("#264f8c", "o"), ("#e76f51", "s"), ("#2a9d8f", "D"), ("#8e6bbf", "^"),
                    ("#9a9a9a", "v"), ("#b5892e", "P")]  # fmt: skip


def _row_names(rows: pd.DataFrame) -> tuple[list[str], float]:
    """Each row's name with its overrides (wrapped: they can be long), and the row height in
    inches that fits the longest one."""
    names = rows["label"] if "label" in rows else rows["experiment"]
    names = [textwrap.fill(str(n), 48) for n in names]
    return names, max(0.45, 0.16 * max(n.count("\n") + 1 for n in names) + 0.15)


def forest_figure(table: pd.DataFrame, *, prefix: str = "") -> Figure:
    """Macro-F1 per run with its 95% bootstrap interval (a forest plot), best on top.

    Runs are scored by different protocols (cross-validation on the seed, grouped
    cross-validation on dev.csv, the validation split of a holdout run): each row's colour and
    marker name its protocol, in a legend below the axes. ``prefix="ext_"`` plots the scores on
    the external set (``--eval-data``) instead.
    """
    where = "on the external set" if prefix else "each run on its own protocol (legend)"
    title = f"Macro-F1 with 95% bootstrap interval, {where}"
    rows = rows_with(table, f"{prefix}macro_f1")
    if rows.empty:
        return message_figure(
            title, "no tracked run has these metrics yet", "macro-F1", "experiment"
        )
    scored_by = _scored_by(rows, prefix)
    kinds = list(dict.fromkeys(scored_by))
    names, per_row = _row_names(rows)
    height = per_row * len(rows) + 1.4 + 0.2 * len(kinds)
    fig = Figure(figsize=(8.5, height), layout="constrained")
    ax = fig.subplots()
    y = np.arange(len(rows))[::-1]
    value = rows[f"{prefix}macro_f1"].to_numpy(float)
    low = rows[f"{prefix}macro_f1_low"].to_numpy(float)
    high = rows[f"{prefix}macro_f1_high"].to_numpy(float)
    for i, kind in enumerate(kinds):
        colour, marker = _PROTOCOL_STYLES[i % len(_PROTOCOL_STYLES)]
        at = np.array([s == kind for s in scored_by])
        ax.errorbar(
            value[at], y[at], xerr=[value[at] - low[at], high[at] - value[at]], fmt=marker,
            color=colour, capsize=4, label=textwrap.fill(kind, 90),
        )  # fmt: skip
    for yi, v, h in zip(y, value, high, strict=True):
        ax.annotate(
            f"{v:.2f}", (h, yi), xytext=(4, 0), textcoords="offset points", va="center", fontsize=8
        )
    ax.set_yticks(y, names)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xlim(0.0, 1.1)
    ax.set_xlabel("macro-F1 over the four task labels")
    ax.set_ylabel("experiment")
    ax.grid(axis="x", alpha=0.3)
    fig.suptitle(title, fontsize=10)  # over the whole figure: an axes title was cut at its edge
    # Below the axes and inside the figure: constrained layout makes room for it, no band.
    fig.legend(loc="outside lower left", fontsize=8, title="scored by", title_fontsize=8,
               alignment="left", frameon=False)  # fmt: skip
    return fig


def per_class_f1_figure(table: pd.DataFrame, *, prefix: str = "") -> Figure:
    """Heatmap of F1 per label (columns) and experiment (rows, leaderboard order)."""
    where = (
        "on the external set" if prefix else "each run on its own protocol, as in the forest plot"
    )
    title = f"F1 per class and experiment ({where})"
    columns = [f"{prefix}f1_{k}" for k in ALL_LABELS]
    rows = rows_with(table, f"{prefix}macro_f1")
    if rows.empty or not set(columns) <= set(rows.columns):
        return message_figure(title, "no tracked run has per-class F1 yet", "label", "experiment")
    values = rows[columns].to_numpy(dtype=float)
    names, per_row = _row_names(rows)
    fig = Figure(figsize=(8.5, per_row * len(rows) + 1.8), layout="constrained")
    ax = fig.subplots()
    image = ax.imshow(values, cmap="viridis", vmin=0.0, vmax=1.0, aspect="auto")
    annotate(ax, values, "{:.2f}", light_below=0.6)
    ax.set_xticks(range(len(ALL_LABELS)), [*TASK_LABELS, "other (not in macro-F1)"], rotation=20)
    ax.set_yticks(range(len(rows)), names)
    ax.set_xlabel("label")
    ax.set_ylabel("experiment")
    fig.suptitle(title, fontsize=10)  # over the figure: an axes title was cut at its edge
    fig.colorbar(image, ax=ax, label="F1")
    return fig


def seed_vs_external(table: pd.DataFrame) -> pd.DataFrame:
    """For runs also scored on an external set: both macro-F1s, their intervals and the gap."""
    rows = rows_with(table, "ext_macro_f1")
    out = rows[
        [
            "experiment",
            "macro_f1",
            "macro_f1_low",
            "macro_f1_high",
            "ext_macro_f1",
            "ext_macro_f1_low",
            "ext_macro_f1_high",
        ]
    ].copy()
    out["gap"] = out["ext_macro_f1"] - out["macro_f1"]
    return out.reset_index(drop=True)


def seed_vs_external_figure(table: pd.DataFrame) -> Figure:
    """Each experiment's seed cross-validation and external macro-F1, with intervals, paired."""
    title = "Each run's own score vs its external set (macro-F1, 95% interval)"
    rows = seed_vs_external(table)
    if rows.empty:
        return message_figure(
            title,
            "no run was scored on an external set\n(train with --eval-data FILE)",
            "macro-F1",
            "experiment",
        )
    fig = Figure(figsize=(7.5, 0.55 * len(rows) + 1.8), layout="constrained")
    ax = fig.subplots()
    y = np.arange(len(rows))[::-1].astype(float)
    for offset, prefix, name, colour in (
        (0.15, "", "the run's own protocol (cross-validation or validation split)", "#264f8c"),
        (-0.15, "ext_", "external set (--eval-data)", "#e76f51"),
    ):
        value = rows[f"{prefix}macro_f1"].to_numpy(float)
        low = rows[f"{prefix}macro_f1_low"].to_numpy(float)
        high = rows[f"{prefix}macro_f1_high"].to_numpy(float)
        ax.errorbar(
            value, y + offset, xerr=[value - low, high - value], fmt="o", capsize=3,
            color=colour, label=name,
        )  # fmt: skip
    ax.set_yticks(y, rows["experiment"])
    ax.set_xlim(0.0, 1.1)
    ax.set_xlabel("macro-F1 over the four task labels")
    ax.set_ylabel("experiment")
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(title, fontsize=10)
    # Below the axes and inside the figure: constrained layout makes room for it, no band.
    fig.legend(loc="outside lower center", ncols=2, fontsize=8, frameon=False)
    return fig
