"""The ``govtext`` command: each command parses its arguments, calls one library function and
prints. No logic lives here."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from govtext.errors import GovtextError

app = typer.Typer(no_args_is_help=True, add_completion=False, help=__doc__)
data_app = typer.Typer(no_args_is_help=True, help="Build the sentence dataset.")
app.add_typer(data_app, name="data")

console = Console()
err_console = Console(stderr=True)


@app.callback()
def _main(verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False) -> None:
    """Classify sentences of Vietnamese government reports."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s")


@data_app.command("build")
def data_build(
    seeds: Annotated[Path, typer.Option(help="Folder of .txt reports.")] = Path("seeds"),
    labels: Annotated[Path, typer.Option(help="Gold labels CSV (sent_id,label,...).")] = Path(
        "data/labels.csv"
    ),
    out: Annotated[Path, typer.Option(help="Output folder.")] = Path("data"),
    allow_orphan_labels: Annotated[
        bool, typer.Option(help="Build even when a gold label's sentence is gone.")
    ] = False,
) -> None:
    """Split the reports into sentences, join the gold labels, write sentences.csv and the card."""
    from govtext.dataset import build_dataset, label_counts, write_dataset

    dataset = build_dataset(seeds, labels, allow_orphan_labels=allow_orphan_labels)
    written = write_dataset(dataset, out)
    table = Table(
        title=f"{len(dataset.sentences)} sentences from {len(dataset.documents)} report(s)"
    )
    table.add_column("label")
    table.add_column("sentences", justify="right")
    for label, count in label_counts(dataset.sentences).items():
        table.add_row(label, str(count))
    console.print(table)
    if not dataset.gold.exists:
        console.print(f"[yellow]{labels} does not exist: every sentence is unlabelled.[/]")
    for orphan in dataset.orphans.itertuples():
        err_console.print(
            f"[yellow]orphan gold label {orphan.sent_id} ({orphan.label}): {orphan.text}[/]"
        )
    console.print(f"content hash {dataset.content_hash[:16]}; wrote {', '.join(map(str, written))}")


@app.command()
def train(
    configs: Annotated[
        list[Path] | None, typer.Argument(help="Config files or folders (default: the default).")
    ] = None,
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="Override a config key: section.key=value.")
    ] = None,
    eval_data: Annotated[
        Path | None, typer.Option(help="Also score on this held-out labelled CSV.")
    ] = None,
) -> None:
    """Run experiments, track them in MLflow, and print a result table with run ids."""
    from rich.progress import Progress

    from govtext.train import config_paths
    from govtext.train import train as run_training

    total = len(config_paths(configs or []))
    with Progress(console=err_console, transient=True, disable=total < 2) as progress:
        task = progress.add_task("training", total=total)

        def advance(config) -> None:
            progress.update(task, description=config.name)
            progress.advance(task, 0)

        runs = run_training(configs or [], set_ or [], eval_data, on_start=advance)
        progress.update(task, completed=total)
    console.print(_results_table(runs))
    protocol = runs[0].result.cross_validation.protocol
    console.print(f"macro-F1 over the four task labels, 95% bootstrap interval; {protocol}.")
    if runs[0].result.external is not None:
        console.print(f"external: {runs[0].result.external.protocol}.")


def _results_table(runs) -> Table:
    table = Table(title="govtext train")
    for column in ("experiment", "macro-F1 [95% CI]", "accuracy"):
        table.add_column(column)
    external = runs[0].result.external is not None
    if external:
        table.add_column("external macro-F1 [95% CI]")
        table.add_column("external accuracy")
    table.add_column("run id")
    for run in runs:
        m = run.result.all_metrics()
        cells = [run.result.config.name, _interval(m, ""), f"{m['accuracy']:.3f}"]
        if external:
            cells += [_interval(m, "ext_"), f"{m['ext_accuracy']:.3f}"]
        table.add_row(*cells, run.run_id)
    return table


def _interval(metrics: dict, prefix: str) -> str:
    return (
        f"{metrics[prefix + 'macro_f1']:.3f} "
        f"[{metrics[prefix + 'macro_f1_low']:.3f}, {metrics[prefix + 'macro_f1_high']:.3f}]"
    )


@app.command()
def runs(
    sort: Annotated[str, typer.Option(help="Column to sort by.")] = "macro_f1",
    format_: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
    experiment: Annotated[str, typer.Option(help="MLflow experiment name.")] = "govtext",
    tracking_uri: Annotated[
        str, typer.Option(help="Default: MLFLOW_TRACKING_URI or ./mlflow.db")
    ] = "",
) -> None:
    """Leaderboard of the tracked runs, best first."""
    from govtext import tracking

    uri = tracking.resolve_tracking_uri(tracking_uri)
    tracking.check_tracking_uri(uri)
    board = tracking.leaderboard(uri, experiment, sort)
    if format_ != "table":
        typer.echo(tracking.dumps(board, format_), nl=False)
        return
    table = Table(title=f"{len(board)} run(s) in {uri}")
    for column in ("experiment", "model", "features", "macro-F1 [95% CI]", "accuracy",
                   "external macro-F1 [95% CI]", "run id", "date"):  # fmt: skip
        table.add_column(column)
    for row in board.to_dict("records"):
        external = "" if row["ext_macro_f1"] is None else _interval(row, "ext_")
        table.add_row(
            row["experiment"], row["model"], row["features"], _interval(row, ""),
            f"{row['accuracy']:.3f}", external, row["run_id"], row["date"],
        )  # fmt: skip
    console.print(table)


@app.command()
def reproduce(
    run_id: Annotated[str, typer.Argument(help="The MLflow run id to re-run.")],
    tracking_uri: Annotated[
        str, typer.Option(help="Default: MLFLOW_TRACKING_URI or ./mlflow.db")
    ] = "",
) -> None:
    """Re-run a logged run from its logged config and data; fail unless every metric matches."""
    from govtext.train import reproduce as run_reproduce

    outcome = run_reproduce(run_id, tracking_uri)
    if not outcome.identical:
        for name, (old, new) in sorted(outcome.differences.items()):
            err_console.print(f"{name}: logged {old!r}, now {new!r}")
        raise GovtextError(
            f"run {run_id}: {len(outcome.differences)} of {outcome.compared} metrics differ "
            f"(new run {outcome.new_run_id})."
        )
    console.print(
        f"run {run_id} reproduced: all {outcome.compared} metrics identical (new run "
        f"{outcome.new_run_id})."
    )


def main() -> None:
    """Entry point: user errors become one line on stderr and exit code 1, no traceback."""
    try:
        app()
    except GovtextError as err:
        err_console.print(f"[red]error:[/] {err}", highlight=False, soft_wrap=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
