"""How the ``govtext`` command shows results: rich tables for people, CSV or JSON for scripts,
and a progress bar for long sweeps."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.table import Table

from govtext.errors import GovtextError

err_console = Console(stderr=True)  # where progress bars go, beside the CLI's messages


def counts_table(title: str, counts: dict[str, int]) -> Table:
    """Sentences per label."""
    table = Table(title=title)
    table.add_column("label")
    table.add_column("sentences", justify="right")
    for label, count in counts.items():
        table.add_row(label, str(count))
    return table


@contextmanager
def progress() -> Iterator:
    """A progress bar on stderr for two or more experiments; yields ``on_start``."""
    from rich.progress import Progress  # only commands that train draw one

    with Progress(console=err_console, transient=True) as progress:
        state: dict = {}

        def advance(config, index: int, total: int) -> None:
            if total < 2:
                return
            if "task" not in state:
                state["task"] = progress.add_task("training", total=total)
            progress.update(state["task"], description=config.name, completed=index)

        yield advance


def results_table(runs) -> Table:
    table = Table(title="govtext train")
    for column in ("experiment", "macro-F1 [95% CI]", "accuracy"):
        table.add_column(column)
    external = runs[0].result.external is not None
    if external:
        table.add_column("external macro-F1 [95% CI]")
        table.add_column("external accuracy")
    table.add_column("run id", no_wrap=True, min_width=32)
    for run in runs:
        m = run.result.all_metrics()
        cells = [run.result.config.name, interval(m, ""), f"{m['accuracy']:.3f}"]
        if external:
            cells += [interval(m, "ext_"), f"{m['ext_accuracy']:.3f}"]
        table.add_row(*cells, run.run_id)
    return table


def runs_table(board, uri: str) -> Table:
    table = Table(title=f"{len(board)} run(s) in {uri}")
    for column in ("experiment", "model", "features", "macro-F1 [95% CI]", "accuracy",
                   "external macro-F1 [95% CI]", "run id", "date"):  # fmt: skip
        table.add_column(column)
    for row in board.to_dict("records"):
        external = "" if row["ext_macro_f1"] is None else interval(row, "ext_")
        if row["ext_overlap_with_training"]:  # then the external set was not held out
            external += f" (NOT held out: {int(row['ext_overlap_with_training'])} overlap)"
        table.add_row(
            row["experiment"], row["model"], row["features"], interval(row, ""),
            f"{row['accuracy']:.3f}", external, row["run_id"], row["date"],
        )  # fmt: skip
    return table


def summary_table(report) -> Table:
    title = f"labelling functions on {report.corpus} ({report.sentences} sentences)"
    return frame_table(report.summary, title)


def frame_table(frame, title: str) -> Table:
    """A data frame as a table: text columns left, numbers right, floats to 3 places."""
    table = Table(title=title)
    for column, values in frame.items():
        numeric = values.dtype.kind in "biuf"
        table.add_column(str(column), justify="right" if numeric else "left")
    for row in frame.itertuples(index=False):
        table.add_row(*[f"{v:.3f}" if isinstance(v, float) else str(v) for v in row])
    return table


def prediction_table(run) -> Table:
    table = Table(title=f"{run.rows} sentence(s) labelled ({run.engine})")
    table.add_column("report", overflow="fold")
    for label in run.labels:
        table.add_column(label, justify="right")
    for document, counts in run.counts.iterrows():
        table.add_row(str(document), *(str(counts[label]) for label in run.labels))
    return table


def interval(metrics: dict, prefix: str) -> str:
    return (
        f"{metrics[prefix + 'macro_f1']:.3f} "
        f"[{metrics[prefix + 'macro_f1_low']:.3f}, {metrics[prefix + 'macro_f1_high']:.3f}]"
    )


def dumps(frame, fmt: str) -> str:
    """A table as CSV or JSON text for scripts."""
    if fmt == "csv":
        return frame.to_csv(index=False)
    if fmt == "json":
        return json.dumps(json.loads(frame.to_json(orient="records")), ensure_ascii=False, indent=1)
    raise GovtextError(f"--format {fmt}: use table, csv or json.")
