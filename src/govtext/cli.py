"""The ``govtext`` command: each command parses its arguments, calls one library function and
prints what it returned; the logic lives in the library.

Each command imports the stage it calls when it runs, not when this module loads: ``govtext
predict`` never pays for MLflow or the training code, and ``govtext --help`` answers at once.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from govtext import cli_output as show
from govtext.errors import GovtextError

HELP = """Label the sentences of Vietnamese government reports as achievement, limitation, request,
instruction or other.

Label your own report: `govtext train` (the default experiment, tracked in ./mlflow.db), then
`govtext export latest --out model`, then `govtext predict --model model report.txt` (or .html,
or a .csv of sentences).

Build the dataset with `data build`; compare experiments with `train experiments/`, `runs` and
`compare`; choose a model with `promote`; see `govtext COMMAND -h` for each.
"""

app = typer.Typer(no_args_is_help=True, add_completion=False, help=HELP,
                  context_settings={"help_option_names": ["-h", "--help"]})  # fmt: skip
data_app = typer.Typer(no_args_is_help=True, help="Build the labelled sentence dataset.")
app.add_typer(data_app, name="data")
annotate_app = typer.Typer(
    no_args_is_help=True, help="Send sentences to annotators and merge their labels back."
)
app.add_typer(annotate_app, name="annotate")
rules_app = typer.Typer(no_args_is_help=True, help="Inspect the rule-based labelling functions.")
app.add_typer(rules_app, name="rules")

console = show.make_console()
err_console = show.make_console(stderr=True)

TrackingUri = Annotated[
    str, typer.Option(help="MLflow store (default: MLFLOW_TRACKING_URI, else ./mlflow.db).")
]
CorpusPath = Annotated[
    Path, typer.Option(help="A sentence CSV, a .jsonl file or a folder of .txt reports.")
]
Limit = Annotated[int | None, typer.Option(help="Read only the first N sentences.")]


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"govtext {show.version()}")
        raise typer.Exit()


@app.callback()
def _main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Say what is done.")] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version."
        ),
    ] = False,
) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s")
    # trafilatura logs each page it cannot use ("discarding data"); govtext says so in one line.
    logging.getLogger("trafilatura").setLevel(logging.INFO if verbose else logging.CRITICAL)
    # MLflow configures its own loggers when imported and says INFO for every new store
    # ("Creating initial MLflow database tables..."); the CLI prints what matters itself.
    if not verbose:
        os.environ.setdefault("MLFLOW_LOGGING_LEVEL", "WARNING")


@data_app.command("build")
def data_build(
    seeds: Annotated[Path, typer.Option(help="Folder of .txt and .html reports.")] = Path("seeds"),
    labels: Annotated[
        Path | None,
        typer.Option(help="Gold labels CSV (sent_id,label,...); default data/labels.csv if any."),
    ] = None,
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
    from govtext.data.dataset import build

    result = build(seeds, labels, out, allow_orphan_labels=allow_orphan_labels,
                   corpora=corpus or [], with_words=words)  # fmt: skip
    dataset = result.dataset
    console.print(show.counts_table(*dataset.summary))
    if not dataset.gold.exists:
        console.print(f"[yellow]{dataset.gold.path} does not exist: every sentence is unlabelled.[/]")  # fmt: skip
    for orphan in dataset.orphans.itertuples():
        err_console.print(f"[yellow]orphan gold label {orphan.sent_id} ({orphan.label}): {orphan.text}[/]")  # fmt: skip
    written = ", ".join(map(str, result.written))
    console.print(f"content hash {dataset.content_hash[:16]}; wrote {written}")
    for path, target, documents, sentences in result.corpora:
        console.print(f"{path}: {documents} documents, {sentences} sentences -> {target}")


@data_app.command("gold")
def data_gold(
    corpus: Annotated[
        Path, typer.Option(help="The shared corpus folder (pool.jsonl and dev.csv).")
    ] = Path("../shared/corpus"),
    annotations: Annotated[
        Path, typer.Option(help="Pool annotations: ids, both passes, final label, split.")
    ] = Path("data/gold/pool-annotations.csv"),
    out: Annotated[Path, typer.Option(help="Where to write the gold sentence table.")] = Path(
        "data/corpus/gold.csv"
    ),
) -> None:
    """Join the gold labels of the seed, dev.csv and the pool annotations with their text.

    The text comes from your copy of the shared corpus and stays out of the repository
    (data/corpus/ is git-ignored). Splits: train / validation / lockbox (see `govtext lockbox`).
    """
    from govtext.data.corpus_gold import build_gold, split_summary, write_gold

    frame = build_gold(annotations, corpus, "data/sentences.csv")
    title = f"{len(frame)} gold sentences -> {write_gold(frame, out)}"
    console.print(show.frame_table(split_summary(frame).reset_index(), title))


@app.command()
def train(
    configs: Annotated[
        list[Path] | None,
        typer.Argument(help="Experiment configs or folders of them (default: the default)."),
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", help="Override a config key: section.key=value; a,b,c sweeps."),
    ] = None,
    eval_data: Annotated[
        Path | None, typer.Option(help="Also score on this held-out labelled CSV.")
    ] = None,
) -> None:
    """Run experiments, track each in MLflow, and print their scores with the run ids.

    `--set model.params.C=0.1,0.3,1` (or a [sweep] table in the config) runs each combination
    as a child run of one parent run.
    """
    from govtext.training import train as run_training

    with show.progress() as advance:
        runs = run_training(configs or [], set_ or [], eval_data, on_start=advance)
    console.print(show.results_table(runs))
    console.print(show.train_footer(runs))


@app.command()
def runs(
    sort: Annotated[str, typer.Option(help="Column to sort by.")] = "macro_f1",
    format_: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
    experiment: Annotated[str, typer.Option(help="MLflow experiment name.")] = "govtext",
    best: Annotated[bool, typer.Option(help="Only the best run of each experiment.")] = False,
    tracking_uri: TrackingUri = "",
) -> None:
    """The leaderboard of tracked runs, best first; in-sample external scores rank last."""
    from govtext.training import list_runs

    uri, board = list_runs(tracking_uri, experiment, sort, best=best)
    if format_ != "table":
        typer.echo(show.dumps(board, format_), nl=False)
        return
    console.print(show.runs_table(board, uri))


@app.command()
def compare(
    run_a: Annotated[str, typer.Argument(help="First run id.")],
    run_b: Annotated[str, typer.Argument(help="Second run id.")],
    tracking_uri: TrackingUri = "",
) -> None:
    """Is one run really better? A paired bootstrap of macro-F1 on the same sentences."""
    from govtext.training import compare as run_compare

    for prefix, result in run_compare(run_a, run_b, tracking_uri).items():
        name = {"cv": "cross-validation (first repeat) or validation", "external": "external set",
                "lockbox": "lockbox"}[prefix]  # fmt: skip
        console.print(
            f"{name}: a={result['macro_f1_a']:.3f}, b={result['macro_f1_b']:.3f}; "
            f"{result['verdict']}"
        )


@app.command()
def reproduce(
    run_id: Annotated[str, typer.Argument(help="The MLflow run id to re-run.")],
    tracking_uri: TrackingUri = "",
) -> None:
    """Re-run a logged run from its logged config and data; fail unless every metric matches."""
    from govtext.training import reproduce as run_reproduce

    outcome = run_reproduce(run_id, tracking_uri, strict=True)
    console.print(
        f"run {run_id} reproduced: all {outcome.compared} metrics identical (new run "
        f"{outcome.new_run_id})."
    )


@app.command()
def lockbox(
    run_id: Annotated[str, typer.Argument(help="The run to score (see `govtext runs`).")],
    data: Annotated[
        Path | None,
        typer.Option(help="Score the lockbox of this file instead of the run's own data."),
    ] = None,
    tracking_uri: TrackingUri = "",
) -> None:
    """Score a run on the lockbox split, once, and record the look in MLflow.

    The lockbox is the test set nobody tuned on; every look is counted (experiment
    govtext-lockbox), so choose models on the validation split and look here only on purpose.
    """
    from govtext.training import score_lockbox

    look = score_lockbox(run_id, data, tracking_uri)
    m = look.evaluation.metrics
    console.print(f"lockbox look {look.look} ({look.look - 1} before it in this store): "
                  f"{look.experiment} macro-F1 {show.interval(m, '')}, accuracy {m['accuracy']:.3f}, "
                  f"{int(m['n_sentences'])} sentences from {look.articles} articles "
                  f"(look run {look.look_run_id}).")  # fmt: skip


@rules_app.command("report")
def rules_report(
    corpus: CorpusPath,
    limit: Limit = None,
    format_: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
) -> None:
    """Coverage, overlap and conflict of every labelling function (and accuracy with gold)."""
    from govtext.learning.weak import rules_report as run_report

    report = run_report(corpus, limit)
    if format_ != "table":
        typer.echo(show.dumps(report.summary, format_), nl=False)
        return
    console.print(show.summary_table(report))
    overall = report.overall
    console.print(
        f"any vote {overall['coverage']:.1%}, 2+ votes {overall['overlap']:.1%}, "
        f"conflicting votes {overall['conflict']:.1%} of {report.sentences} sentences"
    )


@rules_app.command("lexicon")
def rules_lexicon(
    labelled: Annotated[
        Path, typer.Option(help="Labelled sentence CSV the rules were written on.")
    ],
    pool: Annotated[Path, typer.Option(help="Unlabelled corpus: CSV, .jsonl or folder.")],
    limit: Limit = None,
    format_: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
) -> None:
    """Cue phrases that occur on the labelled data but almost never on the pool: written for
    those sentences, they inflate the labelled score. Remove them or justify them."""
    from govtext.rules.usage import lexicon_report

    suspects = lexicon_report(labelled, pool, pool_limit=limit)
    if format_ != "table":
        typer.echo(show.dumps(suspects, format_), nl=False)
        return
    console.print(show.frame_table(suspects, f"{len(suspects)} phrase(s) rare on {pool}"))


@app.command("weak-label")
def weak_label(
    corpus: CorpusPath,
    out: Annotated[Path, typer.Option(help="Where to write text,label,votes,agreement CSV.")],
    method: Annotated[str, typer.Option(help="rules (the decision rules) or majority.")] = "rules",
    limit: Limit = None,
    min_votes: Annotated[int, typer.Option(help="Drop labels with fewer votes (not other).")] = 1,
) -> None:
    """Weak labels for an unlabelled corpus from the labelling functions."""
    from govtext.learning.weak import write_weak_labels

    frame = write_weak_labels(corpus, out, method, limit=limit, min_votes=min_votes)
    counts = ", ".join(f"{k} {v}" for k, v in frame["label"].value_counts().items())
    console.print(f"{len(frame)} weak labels -> {out}: {counts}")


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
    from govtext.analysis.suggestions import write_annotation_tasks

    n = write_annotation_tasks(
        out_dir, sentences, unlabelled_only=unlabelled_only, pre_annotate=pre_annotate
    )
    console.print(f"{n} sentences -> {out_dir}/tasks.json, tasks.csv")


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
    from govtext.data.annotation import import_annotations

    report = import_annotations(annotations, labels, sentences, replace_conflicts=replace_conflicts)
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
    limit: Limit = None,
    out: Annotated[Path | None, typer.Option(help="Also write them to this CSV.")] = None,
) -> None:
    """The sentences most worth labelling next: those the default model is least sure of."""
    from govtext.analysis.suggestions import suggest_from_corpus

    chosen = suggest_from_corpus(corpus, n, per_document=per_document, limit=limit, out=out)
    table = Table(title=f"{len(chosen)} sentences to label next (smallest margin first)")
    for column in ("doc_id", "margin", "text"):
        table.add_column(column)
    for row in chosen.itertuples(index=False):
        table.add_row(str(row.doc_id), f"{row.margin:.3f}", row.text)
    console.print(table)


@app.command()
def export(
    run: Annotated[
        str, typer.Argument(help="A run id, latest (newest run of --experiment) or champion.")
    ] = "latest",
    out: Annotated[
        Path, typer.Option("--out", help="Model folder to write (an earlier export is replaced).")
    ] = Path("model"),
    experiment: Annotated[
        str, typer.Option(help="Experiment config whose newest run 'latest' means.")
    ] = "default",
    mlflow_experiment: Annotated[str, typer.Option(help="MLflow experiment.")] = "govtext",
    name: Annotated[str, typer.Option(help="Registered model name.")] = "govtext",
    alias: Annotated[
        str | None, typer.Option(help="Also point this registry alias at it (see promote).")
    ] = None,
    register: Annotated[bool, typer.Option(help="Register it in the MLflow registry.")] = True,
    tracking_uri: TrackingUri = "",
) -> None:
    """Write a tracked run as a model folder: MLflow model, skops, ONNX, model card."""
    from govtext.inference.export import export as run_export

    result = run_export(run, out, tracking_uri=tracking_uri, experiment=experiment,
                        mlflow_experiment=mlflow_experiment, register=register, model_name=name,
                        alias=alias)  # fmt: skip
    console.print(show.export_summary(result))
    if result.onnx_skipped:
        err_console.print(f"[yellow]no model.onnx: {result.onnx_skipped}.[/]")
    else:
        console.print(f"model.onnx agrees with scikit-learn on {result.onnx_checked} sentences.")
    if result.registered is not None:
        registered = result.registered
        console.print(f"registered as {registered.uri} (version {registered.version})")


@app.command()
def promote(
    run_id: Annotated[str, typer.Argument(help="The run to make the champion.")],
    alias: Annotated[str, typer.Option(help="Registry alias to set.")] = "champion",
    name: Annotated[str, typer.Option(help="Registered model name.")] = "govtext",
    tracking_uri: TrackingUri = "",
) -> None:
    """Point the registry alias (models:/govtext@champion) at a run's model."""
    from govtext.training import promote as run_promote

    registered = run_promote(run_id, tracking_uri, model_name=name, alias=alias)
    console.print(f"{registered.uri} is now run {run_id} (version {registered.version}); "
                  "`govtext export champion --out model` writes it.")  # fmt: skip


@app.command()
def predict(
    inputs: Annotated[
        list[str],
        typer.Argument(help=".txt or .html reports, .csv files of sentences, or - (stdin)."),
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
    text_column: Annotated[str, typer.Option(help="The sentence column of .csv inputs.")] = "text",
) -> None:
    """Label every sentence of new reports; a per-report summary goes to stderr."""
    from govtext.inference.writers import write_predictions

    run = write_predictions(inputs, model, output, format_, engine=engine, chunk_size=chunk_size,
                            n_jobs=jobs, text_column=text_column)  # fmt: skip
    if quiet:
        return
    err_console.print(show.prediction_table(run))
    if run.output is not None:
        err_console.print(f"wrote {run.format} to {run.output}")


# ---- printing


def main() -> None:
    """Entry point: user errors become one line on stderr and exit code 1, no traceback."""
    show.widen_help()
    try:
        app()
    except GovtextError as err:
        err_console.print(f"[red]error:[/] {err}", highlight=False, soft_wrap=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
