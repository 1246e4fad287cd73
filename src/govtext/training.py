"""Train experiments from config files and track them; reproduce a tracked run; compare two.

Where learning meets tracking: ``govtext.learning`` computes, ``govtext.tracking`` stores, and
these functions (the ``train``, ``reproduce`` and ``compare`` commands) join the two.
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from govtext import tracking
from govtext.errors import GovtextError
from govtext.files import interruptible
from govtext.leaderboard import leaderboard
from govtext.learning.config import ExperimentConfig, parse_config
from govtext.learning.experiment import fit_config, run_experiment, score_external
from govtext.learning.metrics import paired_bootstrap
from govtext.learning.models import build_pipeline
from govtext.learning.results import Evaluation, ExperimentResult, load_labelled
from govtext.learning.sweeps import Variant, variants
from govtext.stores import checked_store_uri, resolve_tracking_uri

log = logging.getLogger(__name__)

DEFAULT_CONFIG = Path("experiments/default.toml")


def config_paths(targets: Iterable[str | Path]) -> list[Path]:
    """Expand folders to their ``*.toml`` files (sorted); no target means the default experiment."""
    paths: list[Path] = []
    for target in targets or [DEFAULT_CONFIG]:
        target = Path(target)
        if target.is_dir():
            found = sorted(target.glob("*.toml"))
            if not found:
                raise GovtextError(f"{target}: holds no experiment config (*.toml).")
            paths.extend(found)
        else:
            paths.append(target)
    return paths


@dataclass(frozen=True)
class TrainedRun:
    run_id: str
    result: ExperimentResult
    overrides: tuple[str, ...] = ()  # --set and sweep values, as key=value
    parent_run_id: str | None = None  # the sweep's parent run, for a sweep's child


# Files that govtext makes, and the command that makes each (said when one is missing).
_MADE_BY = {
    "data/sentences.csv": "govtext data build",
    "data/corpus/gold.csv": "govtext data gold",
    "data/corpus/pool-weak.csv": (
        "govtext weak-label --corpus ../shared/corpus/pool.jsonl --out data/corpus/pool-weak.csv"
    ),
}


def how_to_make(path: str) -> str:
    """What a user runs to obtain a missing data file."""
    if command := _MADE_BY.get(Path(path).as_posix()):
        return f"make it with `{command}`"
    if "shared/corpus" in Path(path).as_posix():
        return "it is the licensed corpus: see the README's 'The licensed corpus'"
    return "create it or fix data.path"


def missing_data(config: ExperimentConfig) -> list[str]:
    """Data files of an optional experiment (``data.required = false``) that are absent."""
    if config.data.required:
        return []
    return [p for p in [config.data.path, *config.data.train_extra] if not Path(p).exists()]


def plan(configs: Iterable[str | Path] = (), overrides: Iterable[str] = ()) -> list[Variant]:
    """Every variant to train (a config's sweep expanded), all validated before any training;
    an optional experiment whose data is absent is skipped, saying how to make that data."""
    loaded = []
    for path in config_paths(configs):
        found = variants(path, list(overrides), check=build_pipeline)
        if absent := missing_data(found[0].config):
            hints = "; ".join(f"{p} not found ({how_to_make(p)})" for p in absent)
            log.warning("skipping %s: %s", found[0].config.name, hints)
        else:
            loaded.extend(found)
    return loaded


@interruptible()  # kill (SIGTERM) as Ctrl-C: a run being logged ends FAILED, never FINISHED
def train(
    configs: Iterable[str | Path] = (),
    overrides: Iterable[str] = (),
    eval_data: str | Path | None = None,
    on_start: Callable[[ExperimentConfig, int, int], None] | None = None,
) -> list[TrainedRun]:
    """Load every config (all are validated before any training), run and log each.

    A config with a sweep (``--set key=a,b`` or a ``[sweep]`` table) runs each combination as
    a child run of one parent run. The tracking store is checked before training starts.
    ``on_start(config, index, total)`` is called before each run (a progress bar).
    """
    loaded = plan(configs, overrides)
    if eval_data is not None and not Path(eval_data).exists():
        raise GovtextError(f"{eval_data}: no such file (--eval-data).")
    for variant in loaded:
        # Opens (creates, upgrades) the store: one that cannot be opened fails before training.
        tracking.experiment_names(checked_store_uri(variant.config.tracking.uri))
    runs: list[TrainedRun] = []
    for _, group in itertools.groupby(loaded, key=lambda v: (v.config.name, bool(v.swept))):
        runs.extend(_train_group(list(group), eval_data, on_start, len(runs), len(loaded)))
    return runs


def _train_group(group: list[Variant], eval_data, on_start, done: int, total: int):
    """One config's variants: a plain run, or a sweep's children under one parent run."""
    first = group[0].config
    uri = resolve_tracking_uri(first.tracking.uri)
    parent = None
    if group[0].swept:
        axes: dict[str, list] = {}
        for variant in group:
            for item in variant.swept:
                key, _, value = item.partition("=")
                values = axes.setdefault(key, [])
                if value not in values:
                    values.append(value)
        parent = tracking.start_sweep(uri, first.tracking.experiment, first.name, axes)
    runs = []
    for index, variant in enumerate(group):
        if on_start:
            on_start(variant.config, done + index, total)
        result = run_experiment(variant.config, eval_data)
        run_id = tracking.log_result(result, uri, overrides=variant.overrides,
                                     parent_run_id=parent)  # fmt: skip
        runs.append(TrainedRun(run_id, result, variant.overrides, parent))
    if parent is not None:
        best = max(runs, key=lambda r: r.result.cross_validation.metrics["macro_f1"])
        metrics = best.result.cross_validation.metrics
        tracking.end_sweep(uri, parent, best.run_id, {"macro_f1": metrics["macro_f1"]})
    return runs


@dataclass(frozen=True)
class Reproduction:
    run_id: str
    new_run_id: str
    compared: int
    differences: dict[str, tuple[float, float]]

    @property
    def identical(self) -> bool:
        return not self.differences


def logged_config(
    uri: str, run_id: str, data: str | Path | None = None, *, fix: str = "restore that data"
) -> tuple[tracking.LoggedRun, ExperimentConfig]:
    """A logged run and its config, ready to re-run: ``data`` replaces the config's data path
    (relative to where training ran). The data must hash to what the run logged, or a re-run
    would compare nothing; the error says ``fix``."""
    logged = tracking.fetch_run(uri, run_id)
    config = parse_config(logged.config, f"run {run_id} config.json")
    if data is not None:
        config = dataclasses.replace(config, data=dataclasses.replace(config.data, path=str(data)))
    found = load_labelled(config.data.path, config.data.split_column).content_hash
    if found != logged.data_hash:
        raise GovtextError(
            f"{config.data.path}: its content hash {found[:12]} differs from the "
            f"{logged.data_hash[:12]} run {run_id} was trained on; {fix}."
        )
    return logged, config


def reproduce(run_id: str, tracking_uri: str = "", *, strict: bool = False) -> Reproduction:
    """Re-run a logged run from its logged config and check every metric is identical.

    The data must hash to what the run logged; otherwise the comparison would be meaningless
    and it is an error. ``strict``: a metric that differs is an error too, naming each one.
    """
    uri = checked_store_uri(tracking_uri, existing=True)
    logged, config = logged_config(uri, run_id, fix="restore that data to reproduce")
    if logged.eval_path and load_labelled(logged.eval_path).content_hash != logged.eval_hash:
        raise GovtextError(
            f"{logged.eval_path}: differs from the evaluation data run {run_id} logged."
        )
    result = run_experiment(config, logged.eval_path)
    new_id = tracking.log_result(result, uri, reproduces=run_id)
    fresh = result.all_metrics()
    differences = {
        name: (old, fresh.get(name, math.nan))
        for name, old in logged.metrics.items()
        if fresh.get(name) != old
    }
    outcome = Reproduction(run_id, new_id, len(logged.metrics), differences)
    if strict and not outcome.identical:
        listing = "; ".join(
            f"{k}: logged {a!r}, now {b!r}" for k, (a, b) in sorted(differences.items())
        )
        raise GovtextError(
            f"run {run_id}: {len(differences)} of {outcome.compared} metrics differ "
            f"(new run {new_id}): {listing}."
        )
    return outcome


def list_runs(
    tracking_uri: str = "",
    experiment: str = "govtext",
    sort_by: str = "macro_f1",
    *,
    best: bool = False,
) -> tuple[str, pd.DataFrame]:
    """The store's URI and its leaderboard (``govtext.leaderboard``), best first; ``best``: the
    best run of each experiment config only."""
    uri = checked_store_uri(tracking_uri, existing=True)
    if experiment not in (names := tracking.experiment_names(uri)):
        raise GovtextError(f"experiment {experiment!r}: not in {uri} (it holds "
                           f"{', '.join(names) or 'none'}); check --experiment.")  # fmt: skip
    return uri, leaderboard(uri, experiment, sort_by, best=best)


def compare(run_a: str, run_b: str, tracking_uri: str = "", n_resamples: int = 2000) -> dict:
    """Paired bootstrap of two runs' macro-F1 on the same sentences, for every evaluation both
    logged: cross-validation (or validation), the external set, or two looks at the lockbox
    (``govtext lockbox`` prints each look's run id): is the difference inside the interval?"""
    uri = checked_store_uri(tracking_uri, existing=True)
    run_a, run_b = (tracking.check_run(uri, run) for run in (run_a, run_b))
    outcome = {}
    for prefix in ("cv", "external", "lockbox"):
        a = tracking.load_predictions(uri, run_a, prefix)
        b = tracking.load_predictions(uri, run_b, prefix)
        if a is None or b is None:
            continue
        if list(a["text"]) != list(b["text"]) or list(a["label"]) != list(b["label"]):
            raise GovtextError(
                f"runs {run_a} and {run_b} were scored on different {prefix} sentences; "
                "a paired comparison needs the same data."
            )
        outcome[prefix] = paired_bootstrap(
            a["label"], a["predicted"], b["predicted"], n_resamples=n_resamples
        )
    if not outcome:
        raise GovtextError(
            f"runs {run_a} and {run_b}: no evaluation logged by both (runs from before govtext "
            "0.1 or out-of-core runs log none); re-run them with `govtext train`."
        )
    return outcome


@dataclass(frozen=True)
class LockboxLook:
    """One look at the lockbox: which run, its score there, and how many looks came before."""

    run_id: str
    experiment: str
    evaluation: Evaluation
    look: int  # this look's number in the store (1 = the first)
    look_run_id: str  # the look's own MLflow run (experiment govtext-lockbox), for `compare`
    articles: int


def score_lockbox(
    run_id: str, data: str | Path | None = None, tracking_uri: str = ""
) -> LockboxLook:
    """Score a logged run on the lockbox split, once, and record the look in MLflow.

    The run is re-fitted from its logged config on the data it logged (checked by hash, as
    ``reproduce`` does; the fit is deterministic), then scored on the lockbox rows of its data
    file, or of ``data`` (e.g. ``data/corpus/gold.csv`` for a model trained on the seed).
    """
    uri = checked_store_uri(tracking_uri, existing=True)
    _, config = logged_config(uri, run_id, fix="restore that data to score the lockbox")
    path = Path(data or config.data.path)
    lockbox = load_labelled(path, config.data.split_column, lockbox=True)
    trained_on, pipeline = fit_config(config)
    if overlap := trained_on & set(lockbox.texts.tolist()):
        raise GovtextError(
            f"run {run_id} was trained on {len(overlap)} sentence(s) of the lockbox of {path}; "
            "its score there would not be held out."
        )
    evaluation = score_external(config, pipeline, lockbox)
    groups = lockbox.frame["doc_id"].nunique() if "doc_id" in lockbox.frame else 0
    look, look_run_id = tracking.log_lockbox_look(uri, run_id, evaluation, str(path))
    return LockboxLook(run_id, config.name, evaluation, look, look_run_id, int(groups))


def promote(
    run_id: str, tracking_uri: str = "", *, model_name: str = "govtext", alias: str = "champion"
) -> tracking.RegisteredModel:
    """Point the registry alias (``models:/govtext@champion``) at run ``run_id``'s model,
    registering it first if it is not yet a version."""
    uri = checked_store_uri(tracking_uri)
    return tracking.register_model(uri, tracking.check_run(uri, run_id), model_name, alias)
