"""Reading tracked runs back: the leaderboard (one row per run, each naming its own protocol,
overrides and whether its external score is held out), the best run per experiment, and which
run ``latest`` or ``champion`` means.

A run whose external (``--eval-data``) set shares sentences with its training data is
*in-sample* there: its external score is shown flagged and never ranked as held out.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from govtext import tracking
from govtext.errors import GovtextError

LEADERBOARD_COLUMNS = [
    "experiment", "overrides", "model", "features", "macro_f1", "macro_f1_low", "macro_f1_high",
    "accuracy", "ext_macro_f1", "ext_macro_f1_low", "ext_macro_f1_high", "ext_accuracy",
    "ext_overlap_with_training", "ext_held_out", "protocol", "data", "eval_data", "parent_run",
    "run_id", "date",
]  # fmt: skip
_TEXT_COLUMNS = ("experiment", "overrides", "model", "features", "protocol", "data", "run_id")
_TAGS = {"experiment": "govtext.experiment", "overrides": "govtext.overrides",
         "model": "govtext.model", "features": "govtext.features", "protocol": "govtext.protocol",
         "parent_run": "mlflow.parentRunId"}  # fmt: skip


def _tag(run: pd.Series, name: str) -> str:
    value = run.get(f"tags.{name}")
    return "" if value is None or pd.isna(value) else str(value)


def _row(run: pd.Series) -> dict:
    row = {column: _tag(run, tag) for column, tag in _TAGS.items()}
    row["data"] = Path(_tag(run, "govtext.data_path")).name
    row["eval_data"] = (
        Path(_tag(run, "govtext.eval_path")).name if _tag(run, "govtext.eval_path") else ""
    )
    row["run_id"] = run["run_id"]
    row["date"] = pd.Timestamp(run["start_time"]).strftime("%Y-%m-%d %H:%M")
    for metric in LEADERBOARD_COLUMNS:
        if metric not in row and metric != "ext_held_out":
            value = run.get(f"metrics.{metric}")
            row[metric] = None if value is None or pd.isna(value) else float(value)
    has_external = row["ext_macro_f1"] is not None
    row["ext_held_out"] = has_external and not row["ext_overlap_with_training"]
    return row


def _trained_runs(uri: str, experiment: str) -> pd.DataFrame:
    """Finished runs that trained a model: no sweep parents (they hold their children only)."""
    runs = tracking.finished_runs(uri, experiment)
    if runs.empty:
        return runs
    role = runs.get("tags.govtext.sweep", pd.Series("", index=runs.index)).fillna("")
    return runs[role != tracking.SWEEP_PARENT]


def leaderboard(
    uri: str, experiment: str = "govtext", sort_by: str = "macro_f1", *, best: bool = False
) -> pd.DataFrame:
    """Every finished run of the MLflow experiment, best first, one row each; ``best``: only
    the best run of each experiment config (of a sweep's children, the best one).

    Sorting by an external score ranks only held-out scores: in-sample ones go last.
    """
    if sort_by not in LEADERBOARD_COLUMNS:
        raise GovtextError(
            f"cannot sort by {sort_by!r}; use one of {', '.join(LEADERBOARD_COLUMNS)}."
        )
    runs = _trained_runs(uri, experiment)
    frame = pd.DataFrame([_row(run) for _, run in runs.iterrows()], columns=LEADERBOARD_COLUMNS)
    key = frame[sort_by]
    if sort_by.startswith("ext_") and sort_by not in ("ext_held_out", "ext_overlap_with_training"):
        key = key.where(frame["ext_held_out"].astype(bool))  # in-sample: never ranked
    ascending = sort_by in _TEXT_COLUMNS
    order = key.sort_values(ascending=ascending, na_position="last", kind="stable")
    frame = frame.loc[order.index].reset_index(drop=True)
    if best:
        frame = frame.drop_duplicates("experiment", keep="first").reset_index(drop=True)
    return frame


def latest_run_id(uri: str, experiment: str = "govtext", name: str | None = "default") -> str:
    """The newest finished run of the experiment config ``name`` (any config if None) that is
    neither a reproduction (``govtext reproduce``) nor a sweep's parent."""
    runs = _trained_runs(uri, experiment)
    if not runs.empty:
        reproduced = runs.get("tags.govtext.reproduces", pd.Series(None, index=runs.index))
        runs = runs[reproduced.isna() | (reproduced == "")]
        if name:
            runs = runs[runs.get("tags.govtext.experiment") == name]
    if runs.empty:
        which = f"of experiment {name!r} " if name else ""
        fix = f"govtext train experiments/{name}.toml" if name else "govtext train"
        raise GovtextError(f"no finished run {which}in {uri}; run `{fix}` first.")
    return str(runs.sort_values("start_time", ascending=False).iloc[0]["run_id"])


def resolve_run(
    uri: str,
    run: str,
    experiment: str = "govtext",
    *,
    name: str | None = "default",
    model_name: str = "govtext",
) -> str:
    """What ``govtext export RUN`` means: ``latest`` (the newest run of the experiment config
    ``name``, see ``latest_run_id``), ``champion`` (the run ``govtext promote`` chose), or a
    run id, checked to exist."""
    if run == "latest":
        return latest_run_id(uri, experiment, name)
    if run == "champion":
        return tracking.alias_run_id(uri, model_name, "champion")
    return tracking.check_run(uri, run)
