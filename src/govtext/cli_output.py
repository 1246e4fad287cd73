"""How the ``govtext`` command shows results: rich tables for people, CSV or JSON for scripts,
and a progress bar for long sweeps."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.table import Table

from govtext import __version__
from govtext.errors import GovtextError

# Piped or logged output has no terminal width: rich would cut every table at 80 columns
# (``tfidf-syllabl…``). Without a terminal, tables take their natural width (they never
# stretch) and help text wraps at HELP_WIDTH; COLUMNS, when set, wins.
PIPED_WIDTH = 1000
HELP_WIDTH = 120


def output_width(stream=None) -> int | None:
    """The width to render at: None (the terminal's) on a terminal or with COLUMNS set."""
    stream = stream or sys.stdout
    if os.environ.get("COLUMNS") or (hasattr(stream, "isatty") and stream.isatty()):
        return None
    return PIPED_WIDTH


def make_console(*, stderr: bool = False) -> Console:
    """A console for the CLI's output that never cuts a table when piped."""
    return Console(stderr=stderr, width=output_width(sys.stderr if stderr else sys.stdout))


err_console = make_console(stderr=True)  # where progress bars go, beside the CLI's messages


def new_table(title: str, columns: list[str], right: tuple[str, ...] = ()) -> Table:
    """A table whose cells fold onto more lines in a narrow terminal instead of being cut."""
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column, overflow="fold", justify="right" if column in right else "left")
    return table


def counts_table(title: str, counts: dict[str, int]) -> Table:
    """Sentences per label."""
    table = new_table(title, ["label", "sentences"], right=("sentences",))
    table.min_width = len(title)  # a narrow table would wrap its title over two lines
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
    """``govtext train``: each run with its own protocol, overrides and external score."""
    table = new_table("govtext train", ["experiment", "overrides", "protocol", "macro-F1 [95% CI]",
                      "accuracy", "external macro-F1 [95% CI]", "run id"])  # fmt: skip
    for run in runs:
        m = run.result.all_metrics()
        cv = run.result.cross_validation.protocol.split(";")[0]
        protocol = f"{cv} on {Path(run.result.data.path).name}"
        table.add_row(run.result.config.name, " ".join(run.overrides) or "-", protocol,
                      interval(m, ""), f"{m['accuracy']:.3f}", external_cell(m),
                      run.run_id)  # fmt: skip
    return table


def external_cell(m: dict, eval_data: str = "") -> str:
    """The external score, flagged IN-SAMPLE when its data overlaps the training data."""
    if not _number(m.get("ext_macro_f1")):
        return "-"
    where = f" on {eval_data}" if eval_data else ""
    overlap = _number(m.get("ext_overlap_with_training")) or 0
    if overlap:
        return f"IN-SAMPLE{where} ({int(overlap)} sentences also trained on): {interval(m, 'ext_')}"
    return f"{interval(m, 'ext_')} held out{where}"


def _number(value) -> float | None:
    """A metric of a run, or None where it has none (NaN in a frame)."""
    return None if value is None or value != value else float(value)


def runs_table(board, uri: str) -> Table:
    """``govtext runs``: each run with its own protocol, data, overrides and external score."""
    table = new_table(f"{len(board)} run(s) in {uri}", ["experiment", "overrides", "model",
                      "features", "protocol", "macro-F1 [95% CI]", "accuracy",
                      "external macro-F1 [95% CI]", "run id", "date"])  # fmt: skip
    for row in board.to_dict("records"):
        protocol = f"{(row['protocol'] or '').split(';')[0]} on {row['data']}"
        sweep = f" (sweep {row['parent_run'][:8]})" if row["parent_run"] else ""
        table.add_row(row["experiment"], (row["overrides"] or "-") + sweep, row["model"],
                      row["features"], protocol, interval(row, ""), f"{row['accuracy']:.3f}",
                      external_cell(row, row["eval_data"]), row["run_id"], row["date"])  # fmt: skip
    return table


def summary_table(report) -> Table:
    title = f"labelling functions on {report.corpus} ({report.sentences} sentences)"
    return frame_table(report.summary, title)


def frame_table(frame, title: str) -> Table:
    """A data frame as a table: text columns left, numbers right, floats to 3 places."""
    numeric = tuple(str(c) for c, values in frame.items() if values.dtype.kind in "biuf")
    table = new_table(title, [str(c) for c in frame.columns], right=numeric)
    for row in frame.itertuples(index=False):
        table.add_row(*[f"{v:.3f}" if isinstance(v, float) else str(v) for v in row])
    return table


def prediction_table(run) -> Table:
    title = f"{run.rows} sentence(s) labelled ({run.engine})"
    table = new_table(title, ["report", *run.labels], right=tuple(run.labels))
    for document, counts in run.per_document.items():
        table.add_row(str(document), *(str(counts.get(label, 0)) for label in run.labels))
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


def train_footer(runs) -> str:
    """What the train table's numbers are, and the sweeps it ran."""
    lines = ["macro-F1 over the four task labels, 95% bootstrap interval over sentences; each "
             "row names its own protocol; IN-SAMPLE external scores are not held out."]  # fmt: skip
    for parent in dict.fromkeys(r.parent_run_id for r in runs if r.parent_run_id):
        children = [r for r in runs if r.parent_run_id == parent]
        best = max(children, key=lambda r: r.result.cross_validation.metrics["macro_f1"])
        lines.append(f"sweep {parent}: {len(children)} child runs of "
                     f"{best.result.config.name}; best {' '.join(best.overrides)} "
                     f"({interval(best.result.cross_validation.metrics, '')}).")  # fmt: skip
    return "\n".join(lines)


def export_summary(result) -> str:
    """What export wrote: the run, its experiment, its held-out score and the folder."""
    return (
        f"exported run {result.run_id} (experiment {result.experiment}, MLflow experiment "
        f"{result.mlflow_experiment}) to {result.path}: {', '.join(result.files)}\n"
        f"held-out score: {result.score}"
    )


def version() -> str:
    return __version__


def widen_help() -> None:
    """Help text piped or logged wraps at HELP_WIDTH instead of being cut at 80 columns."""
    if output_width() is None:
        return
    # typer's help renderer reads TERMINAL_WIDTH when it is imported, which only help and
    # usage errors do: importing it here (50 ms, with Markdown) would slow every command.
    rich_utils = sys.modules.get("typer.rich_utils")
    if rich_utils is None:
        os.environ.setdefault("TERMINAL_WIDTH", str(HELP_WIDTH))
    elif rich_utils.MAX_WIDTH is None:
        rich_utils.MAX_WIDTH = HELP_WIDTH
