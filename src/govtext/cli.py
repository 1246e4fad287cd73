"""The ``govtext`` command: each command parses its arguments, calls one library function and
prints. No logic lives here."""

from __future__ import annotations

import json
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
annotate_app = typer.Typer(no_args_is_help=True, help="The annotation round-trip.")
app.add_typer(annotate_app, name="annotate")
rules_app = typer.Typer(no_args_is_help=True, help="The rule-based labelling functions.")
app.add_typer(rules_app, name="rules")

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
    corpus: Annotated[
        list[Path] | None,
        typer.Option(help="Also ingest a folder of .txt reports or a .jsonl file (repeatable)."),
    ] = None,
    words: Annotated[
        bool, typer.Option(help="Word-segment corpus sentences (slow: ~200 sentences/s).")
    ] = True,
) -> None:
    """Split the reports into sentences, join the gold labels, write sentences.csv and the card.

    Each --corpus is streamed to OUT/corpus/NAME.csv (unlabelled sentence rows).
    """
    from govtext.dataset import build_dataset, label_counts, write_corpus, write_dataset

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
    for path in corpus or []:
        target = out / "corpus" / f"{path.stem}.csv"
        documents, sentences = write_corpus(path, target, with_words=words)
        console.print(f"{path}: {documents} documents, {sentences} sentences -> {target}")


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

    from govtext.training import config_paths
    from govtext.training import train as run_training

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
    table.add_column("run id", no_wrap=True, min_width=32)
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
        if row["ext_overlap_with_training"]:  # then the external set was not held out
            external += f" (NOT held out: {int(row['ext_overlap_with_training'])} overlap)"
        table.add_row(
            row["experiment"], row["model"], row["features"], _interval(row, ""),
            f"{row['accuracy']:.3f}", external, row["run_id"], row["date"],
        )  # fmt: skip
    console.print(table)


@app.command()
def compare(
    run_a: Annotated[str, typer.Argument(help="First run id.")],
    run_b: Annotated[str, typer.Argument(help="Second run id.")],
    tracking_uri: Annotated[
        str, typer.Option(help="Default: MLFLOW_TRACKING_URI or ./mlflow.db")
    ] = "",
) -> None:
    """Is one run really better? Paired bootstrap of macro-F1 on the same sentences."""
    from govtext.training import compare as run_compare

    for prefix, result in run_compare(run_a, run_b, tracking_uri).items():
        name = "cross-validation (first repeat)" if prefix == "cv" else "external set"
        console.print(
            f"{name}: a={result['macro_f1_a']:.3f}, b={result['macro_f1_b']:.3f}; "
            f"{result['verdict']}"
        )


@app.command()
def reproduce(
    run_id: Annotated[str, typer.Argument(help="The MLflow run id to re-run.")],
    tracking_uri: Annotated[
        str, typer.Option(help="Default: MLFLOW_TRACKING_URI or ./mlflow.db")
    ] = "",
) -> None:
    """Re-run a logged run from its logged config and data; fail unless every metric matches."""
    from govtext.training import reproduce as run_reproduce

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


@rules_app.command("report")
def rules_report(
    corpus: Annotated[Path, typer.Option(help="Sentence CSV, .jsonl or folder of .txt reports.")],
    limit: Annotated[int | None, typer.Option(help="Only the first N sentences.")] = None,
    format_: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
) -> None:
    """Coverage, overlap and conflict of every labelling function (and accuracy with gold)."""
    from govtext.weak import corpus_sentences, lf_summary, overall_summary, vote_matrix

    texts, gold = corpus_sentences(corpus, limit)
    matrix = vote_matrix(texts)
    summary = lf_summary(matrix, gold)
    if format_ != "table":
        from govtext.tracking import dumps

        typer.echo(dumps(summary, format_), nl=False)
        return
    table = Table(title=f"labelling functions on {corpus} ({len(texts)} sentences)")
    for column in summary.columns:
        table.add_column(column, justify="left" if column in ("function", "label") else "right")
    for row in summary.itertuples(index=False):
        table.add_row(*[f"{v:.3f}" if isinstance(v, float) else str(v) for v in row])
    console.print(table)
    overall = overall_summary(matrix)
    console.print(
        f"any vote {overall['coverage']:.1%}, 2+ votes {overall['overlap']:.1%}, "
        f"conflicting votes {overall['conflict']:.1%} of {len(texts)} sentences"
    )


@app.command("weak-label")
def weak_label(
    corpus: Annotated[Path, typer.Option(help="Sentence CSV, .jsonl or folder of .txt reports.")],
    out: Annotated[Path, typer.Option(help="Where to write text,label,votes,agreement CSV.")],
    method: Annotated[str, typer.Option(help="rules (the decision rules) or majority.")] = "rules",
    limit: Annotated[int | None, typer.Option(help="Only the first N sentences.")] = None,
    min_votes: Annotated[int, typer.Option(help="Drop labels with fewer votes (not other).")] = 1,
) -> None:
    """Weak labels for an unlabelled corpus from the labelling functions."""
    from govtext.dataset import write_atomic
    from govtext.weak import corpus_texts, drop_uncovered, weak_labels

    frame = drop_uncovered(weak_labels(corpus_texts(corpus, limit), method), min_votes)
    write_atomic(out, frame.to_csv(index=False, lineterminator="\n"))
    counts = frame["label"].value_counts()
    console.print(
        f"{len(frame)} weak labels -> {out}: " + ", ".join(f"{k} {v}" for k, v in counts.items())
    )


@annotate_app.command("export")
def annotate_export(
    out_dir: Annotated[Path, typer.Option(help="Folder for tasks.json, tasks.csv, config.")] = Path(
        "annotations"
    ),
    sentences: Annotated[Path, typer.Option(help="Sentence rows with sent_id.")] = Path(
        "data/sentences.csv"
    ),
    unlabelled_only: Annotated[bool, typer.Option(help="Skip sentences with gold.")] = False,
    pre_annotate: Annotated[
        bool, typer.Option(help="Add the default experiment's predictions as suggestions.")
    ] = True,
) -> None:
    """Sentences as Label Studio JSON tasks and a spreadsheet CSV (with model suggestions)."""
    from govtext.annotate import LABEL_STUDIO_CONFIG, export_tasks
    from govtext.dataset import load_sentences, write_atomic
    from govtext.training import default_model_scores

    frame = load_sentences(sentences)
    if unlabelled_only:
        frame = frame[frame["label"] == ""].reset_index(drop=True)
    predictions = default_model_scores(frame["text"]) if pre_annotate and len(frame) else None
    tasks, table = export_tasks(frame, predictions)
    write_atomic(out_dir / "tasks.json", json.dumps(tasks, ensure_ascii=False, indent=1))
    write_atomic(out_dir / "tasks.csv", table)
    write_atomic(out_dir / "label-studio-config.xml", LABEL_STUDIO_CONFIG)
    console.print(f"{len(tasks)} sentences -> {out_dir}/tasks.json, tasks.csv")


@annotate_app.command("import")
def annotate_import(
    annotations: Annotated[Path, typer.Argument(help="Label Studio JSON export or CSV.")],
    labels: Annotated[Path, typer.Option(help="Gold labels CSV to merge into.")] = Path(
        "data/labels.csv"
    ),
    sentences: Annotated[Path, typer.Option(help="The built dataset.")] = Path(
        "data/sentences.csv"
    ),
    replace_conflicts: Annotated[
        bool, typer.Option(help="Let the import win where it disagrees with a gold label.")
    ] = False,
) -> None:
    """Merge completed annotations into the gold labels, keyed by sentence id."""
    from govtext.annotate import import_annotations
    from govtext.dataset import load_sentences

    report = import_annotations(
        annotations, labels, load_sentences(sentences), replace_conflicts=replace_conflicts
    )
    console.print(
        f"{len(report.added)} added, {len(report.unchanged)} unchanged, "
        f"{len(report.replaced)} replaced, {len(report.conflicts)} conflicts kept as they were"
    )
    for sid, kept, offered in report.conflicts:
        err_console.print(f"conflict {sid}: gold {kept!r} kept, import says {offered!r}")
    if report.added or report.replaced:
        console.print(f"rebuild the dataset: govtext data build --labels {labels}")


@annotate_app.command("suggest")
def annotate_suggest(
    corpus: Annotated[Path, typer.Option(help="A .jsonl or folder of .txt reports.")],
    n: Annotated[int, typer.Option("-n", help="How many sentences.")] = 20,
    per_document: Annotated[int, typer.Option(help="At most this many per report.")] = 2,
    limit: Annotated[int | None, typer.Option(help="Only the first N corpus sentences.")] = None,
    out: Annotated[Path | None, typer.Option(help="Also write them to this CSV.")] = None,
) -> None:
    """The sentences most worth labelling next: least certain for the default model."""
    from itertools import islice

    import pandas as pd

    from govtext.annotate import suggest
    from govtext.dataset import corpus_rows, write_atomic
    from govtext.training import default_model_scores

    rows = pd.DataFrame(islice(corpus_rows(corpus, with_words=False), limit))
    if rows.empty:
        raise GovtextError(f"{corpus}: no sentence to suggest from.")
    scores = default_model_scores(rows["text"])
    chosen = suggest(rows, scores.filter(like="score_").to_numpy(), n, per_document=per_document)
    if out:
        write_atomic(out, chosen[["doc_id", "sent_id", "text", "margin"]].to_csv(index=False))
    table = Table(title=f"{len(chosen)} sentences to label next (smallest margin first)")
    for column in ("doc_id", "margin", "text"):
        table.add_column(column)
    for row in chosen.itertuples(index=False):
        table.add_row(str(row.doc_id), f"{row.margin:.3f}", row.text)
    console.print(table)


@app.command()
def export(
    run: Annotated[str, typer.Argument(help="A run id, or latest.")] = "latest",
    out: Annotated[
        Path, typer.Option("--out", help="Model folder to write (an earlier export is replaced).")
    ] = Path("model"),
    experiment: Annotated[
        str, typer.Option(help="MLflow experiment in which 'latest' is looked up.")
    ] = "govtext",
    name: Annotated[str, typer.Option(help="Registered model name.")] = "govtext",
    alias: Annotated[
        str | None,
        typer.Option(help="Registry alias; default champion for the default experiment."),
    ] = None,
    register: Annotated[bool, typer.Option(help="Register it in the MLflow registry.")] = True,
    tracking_uri: Annotated[
        str, typer.Option(help="Default: MLFLOW_TRACKING_URI or ./mlflow.db")
    ] = "",
) -> None:
    """Write a tracked run as a model folder: MLflow model, skops, ONNX, model card."""
    from govtext.exporting import export as run_export

    result = run_export(
        run,
        out,
        tracking_uri=tracking_uri,
        experiment=experiment,
        register=register,
        model_name=name,
        alias=alias,
    )
    files = ", ".join(result.files)
    console.print(f"exported run {result.run_id} ({result.experiment}) to {result.path}: {files}")
    if result.onnx_skipped:
        err_console.print(f"[yellow]no model.onnx: {result.onnx_skipped}.[/]")
    else:
        console.print(f"model.onnx agrees with scikit-learn on {result.onnx_checked} sentences.")
    if result.registered is not None:
        registered = result.registered
        console.print(f"registered as {registered.uri} (version {registered.version})")


@app.command()
def predict(
    inputs: Annotated[
        list[str],
        typer.Argument(help=".txt reports, .csv files with a text column, or - (stdin)."),
    ],
    model: Annotated[Path, typer.Option("--model", "-m", help="Folder from govtext export.")] = (
        Path("model")
    ),
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Output file (default: stdout).")
    ] = None,
    format_: Annotated[
        str | None,
        typer.Option("--format", help="csv, jsonl or html (default: from --output, else csv)."),
    ] = None,
    engine: Annotated[
        str, typer.Option(help="sklearn (model.skops), onnx, or fast (same labels, bulk features).")
    ] = "sklearn",
    chunk_size: Annotated[int, typer.Option(help="Sentences labelled per batch.")] = 5000,
    jobs: Annotated[
        int,
        typer.Option("--jobs", "-j", help="Worker processes: 1 = this process, -1 = one per core."),
    ] = 1,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary table.")] = False,
) -> None:
    """Label every sentence of new reports; a per-report summary goes to stderr."""
    from govtext.prediction import write_predictions

    run = write_predictions(
        inputs, model, output, format_, engine=engine, chunk_size=chunk_size, n_jobs=jobs
    )
    if quiet:
        return
    table = Table(title=f"{run.rows} sentence(s) labelled ({run.engine})")
    table.add_column("report", overflow="fold")
    for label in run.labels:
        table.add_column(label, justify="right")
    for document, counts in run.counts.iterrows():
        table.add_row(str(document), *(str(counts[label]) for label in run.labels))
    err_console.print(table)
    if run.output is not None:
        err_console.print(f"wrote {run.format} to {run.output}")


def main() -> None:
    """Entry point: user errors become one line on stderr and exit code 1, no traceback."""
    try:
        app()
    except GovtextError as err:
        err_console.print(f"[red]error:[/] {err}", highlight=False, soft_wrap=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
