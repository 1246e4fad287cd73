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
    table = Table(title=f"{len(dataset.sentences)} sentences from {len(dataset.documents)} report(s)")
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


def main() -> None:
    """Entry point: user errors become one line on stderr and exit code 1, no traceback."""
    try:
        app()
    except GovtextError as err:
        err_console.print(f"[red]error:[/] {err}", highlight=False, soft_wrap=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
