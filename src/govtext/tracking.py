"""MLflow tracking: the only module that imports mlflow.

Logging a run, reading runs back (leaderboard, metrics, predictions, details for a model card),
downloading and registering a run's model, and MLflow's Spark UDF. The embedded default store is
SQLite, ``mlflow.db`` in the working folder; a config's ``tracking.uri`` or
``MLFLOW_TRACKING_URI`` points anywhere else (e.g. a team's ``mlflow server``).

mlflow itself is imported on first use (``_client``): it takes 2-3 s, and commands that never
touch a store (``govtext predict``, ``govtext data build``) must not pay for it.
"""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import skops.io as sio
import sqlalchemy.exc  # MLflow's own dependency: how its SQL store reports a race

from govtext.errors import GovtextError
from govtext.learning.metrics import misclassified
from govtext.learning.reports import confusion_figure, per_class_report
from govtext.learning.results import Evaluation, ExperimentResult
from govtext.stores import open_sqlite_store, restoring_environment, use_experiment
from govtext.versions import git_tags, package_versions, pip_requirements

log = logging.getLogger(__name__)

_PACKAGES = ("govtext", "scikit-learn", "pandas", "numpy", "underthesea", "mlflow", "skops")


def _client_module():
    import mlflow  # 2-3 s: imported on first use (see the module docstring)

    return mlflow


def _client(uri: str):
    mlflow = _client_module()
    # set_tracking_uri also exports MLFLOW_TRACKING_URI for the rest of the process; govtext
    # passes the URI on every call, so where later commands default to must not change.
    with restoring_environment("MLFLOW_TRACKING_URI"):
        mlflow.set_tracking_uri(uri)
    open_sqlite_store(mlflow, uri)
    return mlflow


def log_result(
    result: ExperimentResult,
    uri: str,
    *,
    overrides: tuple[str, ...] = (),
    parent_run_id: str | None = None,
    reproduces: str | None = None,
) -> str:
    """Log one experiment's config, metrics, artifacts, data lineage and fitted pipeline.

    ``overrides`` (the ``--set`` values and a sweep's values) are tagged so that every table
    can show them; ``parent_run_id`` nests the run under a sweep's parent run; ``reproduces``
    marks a re-run of that run (never chosen as ``latest``). Returns the MLflow run id.
    """
    mlflow = _client(uri)
    config = result.config
    use_experiment(mlflow, config.tracking.experiment)
    run = None
    try:
        with mlflow.start_run(run_name=_run_name(config.name, overrides), nested=bool(parent_run_id),
                              parent_run_id=parent_run_id) as run:  # fmt: skip
            mlflow.set_tags({"govtext.overrides": " ".join(overrides),
                             **({"govtext.reproduces": reproduces} if reproduces else {})})  # fmt: skip
            mlflow.log_dict(config.to_dict(), "config.json")
            mlflow.log_params(config.flat_params())
            mlflow.log_metrics(result.all_metrics())
            mlflow.set_tags(
                {
                    "govtext.experiment": config.name,
                    "govtext.model": config.model.kind,
                    "govtext.features": config.features_label(),
                    "govtext.protocol": result.cross_validation.protocol,
                    "govtext.data_path": str(result.data.path),
                    "govtext.data_hash": result.data.content_hash,
                    **git_tags(),
                }
            )
            if result.external_data is not None:
                mlflow.set_tags(
                    {
                        "govtext.eval_path": str(result.external_data.path),
                        "govtext.eval_hash": result.external_data.content_hash,
                    }
                )
            mlflow.log_dict(package_versions(_PACKAGES), "versions.json")
            _log_evaluation(mlflow, result.cross_validation, "cv")
            if result.external is not None:
                _log_evaluation(mlflow, result.external, "external")
            _log_data(mlflow, result)
            _log_pipeline(mlflow, result)
            return run.info.run_id
    except BaseException:
        # An interrupt landing inside MLflow's own write can leave the run RUNNING; a run
        # that did not finish must never be listed or exported.
        if run is not None and mlflow.get_run(run.info.run_id).info.status == "RUNNING":
            mlflow.MlflowClient().set_terminated(run.info.run_id, "KILLED")
        raise


def _run_name(name: str, overrides: tuple[str, ...]) -> str:
    return " ".join([name, *overrides])


def start_sweep(uri: str, experiment: str, name: str, axes: dict[str, list]) -> str:
    """Open the parent run of a sweep (its child runs are logged with ``parent_run_id``)."""
    mlflow = _client(uri)
    use_experiment(mlflow, experiment)
    swept = "; ".join(f"{key} in {values}" for key, values in axes.items())
    client = mlflow.MlflowClient()
    run = client.create_run(mlflow.get_experiment_by_name(experiment).experiment_id,
                            run_name=f"{name} sweep", tags={"govtext.sweep": SWEEP_PARENT,
                            "govtext.experiment": name, "govtext.swept": swept})  # fmt: skip
    return run.info.run_id


def end_sweep(uri: str, run_id: str, best_run_id: str, best: dict[str, float]) -> None:
    """Close a sweep's parent run with its best child and that child's scores."""
    client = _client(uri).MlflowClient()
    client.set_tag(run_id, "govtext.best_run", best_run_id)
    for key, value in best.items():
        client.log_metric(run_id, f"best_{key}", value)
    client.set_terminated(run_id)


def _log_evaluation(mlflow, evaluation: Evaluation, prefix: str) -> None:
    mlflow.log_text(evaluation.protocol, f"{prefix}/protocol.txt")
    mlflow.log_text(evaluation.confusion.to_csv(), f"{prefix}/confusion_matrix.csv")
    mlflow.log_figure(confusion_figure(evaluation), f"{prefix}/confusion_matrix.png")
    mlflow.log_text(per_class_report(evaluation).to_csv(index=False), f"{prefix}/per_class.csv")
    frame = evaluation.predictions
    wrong = misclassified(frame["text"], frame["label"], frame["predicted"])
    mlflow.log_text(wrong.to_csv(index=False), f"{prefix}/misclassified.csv")
    if len(frame) == evaluation.metrics.get("n_sentences", len(frame)):
        # Every sentence's prediction, for paired comparisons between runs (`govtext compare`).
        mlflow.log_text(frame.to_csv(index=False), f"{prefix}/predictions.csv")


def load_predictions(uri: str, run_id: str, prefix: str = "cv") -> pd.DataFrame | None:
    """A run's logged per-sentence predictions (text, label, predicted), or None if it has none."""
    mlflow = _client(uri)
    try:
        with _no_progress_bars():
            text = mlflow.artifacts.load_text(f"runs:/{run_id}/{prefix}/predictions.csv")
    except (mlflow.exceptions.MlflowException, OSError):
        return None
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def _log_data(mlflow, result: ExperimentResult) -> None:
    inputs = [(result.data, "training")]
    if result.external_data is not None:
        inputs.append((result.external_data, "evaluation"))
    for data, context in inputs:
        dataset = mlflow.data.from_pandas(
            data.frame[["text", "label"]],
            source=_local_source(data.path),
            targets="label",
            name=Path(data.path).name,
            digest=data.content_hash[:16],
        )
        for attempt in (1, 2):  # runs started at once insert the same dataset: retry once
            try:
                mlflow.log_input(dataset, context=context)
                break
            except (mlflow.exceptions.MlflowException, sqlalchemy.exc.IntegrityError):
                if attempt == 2:
                    raise


def _local_source(path: Path):
    # MLflow registers its local-file source class twice and warns when it has to guess from a
    # bare path; naming the class removes the guess.
    registry = _client_module().data.dataset_source_registry
    local = next(s for s in registry.get_registered_sources() if s._get_source_type() == "local")
    return local(Path(path).resolve().as_uri())


def _log_pipeline(mlflow, result: ExperimentResult) -> None:
    example = np.asarray(result.data.texts[:3], dtype=str)
    prediction = np.asarray(result.pipeline.predict(example), dtype=str)
    mlflow.sklearn.log_model(
        result.pipeline,
        name="model",
        signature=_text_signature(mlflow, prediction),
        input_example=example,
        pip_requirements=pip_requirements(),
        skops_trusted_types=own_types(result.pipeline),
    )


def _text_signature(mlflow, prediction: np.ndarray):
    """One unnamed string column in: pyfunc then takes a plain list of sentences (a list with a
    tensor signature is refused), a 1-d array, or a frame with one column of them."""
    outputs = mlflow.models.infer_signature(prediction, prediction).outputs
    inputs = mlflow.types.Schema([mlflow.types.ColSpec("string")])
    return mlflow.models.ModelSignature(inputs=inputs, outputs=outputs)


def set_text_signature(model_dir: str | Path) -> None:
    """Give a model folder that list-friendly signature (older runs logged a tensor one)."""
    model = (mlflow := _client_module()).models.Model.load(str(Path(model_dir) / "MLmodel"))
    model.signature = _text_signature(mlflow, np.asarray(["other"], dtype=str))
    model.save(str(Path(model_dir) / "MLmodel"))


def own_types(pipeline) -> list[str]:
    """govtext's own types in a pipeline, as skops names them: what MLflow must trust to load
    the model it logs. Only a pipeline govtext just trained is logged, so its own types are
    trusted; loading an exported folder checks them against a fixed list
    (``govtext.inference.safe_load``)."""
    untrusted = sio.get_untrusted_types(data=sio.dumps(pipeline))
    return sorted(name for name in untrusted if name.startswith("govtext."))


LOCKBOX_EXPERIMENT = "govtext-lockbox"


def lockbox_looks(uri: str) -> int:
    """How many times any run has been scored on the lockbox in this store."""
    mlflow = _client(uri)
    if mlflow.get_experiment_by_name(LOCKBOX_EXPERIMENT) is None:
        return 0
    return len(mlflow.search_runs(experiment_names=[LOCKBOX_EXPERIMENT]))


def log_lockbox_look(uri: str, run_id: str, evaluation: Evaluation, path: str) -> tuple[int, str]:
    """Record one look at the lockbox (its metrics and predictions, in the experiment
    ``govtext-lockbox``) and count it on the scored run; returns the look's number and run id."""
    number = lockbox_looks(uri) + 1
    mlflow = _client(uri)
    use_experiment(mlflow, LOCKBOX_EXPERIMENT)
    with mlflow.start_run(run_name=f"lockbox look {number}") as look:
        mlflow.set_tags({"govtext.scored_run": run_id, "govtext.look": str(number),
                         "govtext.data_path": path})  # fmt: skip
        mlflow.log_metrics(evaluation.metrics)
        _log_evaluation(mlflow, evaluation, "lockbox")
    runs_looks = mlflow.get_run(run_id).data.tags.get("govtext.lockbox_looks", "0")
    mlflow.MlflowClient().set_tag(run_id, "govtext.lockbox_looks", str(int(runs_looks) + 1))
    return number, look.info.run_id


# ---- reading runs: the leaderboard and the choice of a run (``govtext.leaderboard``)

SWEEP_PARENT = "parent"  # tag govtext.sweep of the run that holds a sweep's child runs


def finished_runs(uri: str, experiment: str = "govtext") -> pd.DataFrame:
    """Every finished run of an MLflow experiment as MLflow's frame (``tags.*``,
    ``metrics.*``, ``run_id``, ``start_time``), newest first; empty if there is none."""
    mlflow = _client(uri)
    if mlflow.get_experiment_by_name(experiment) is None:
        return pd.DataFrame(columns=["run_id", "start_time"])
    return mlflow.search_runs(
        experiment_names=[experiment],
        filter_string="attributes.status = 'FINISHED'",
        order_by=["attributes.start_time DESC"],
    )


def check_run(uri: str, run_id: str) -> str:
    """``run_id`` if the store has that run; else an error saying how to find one."""
    mlflow = _client(uri)
    try:
        mlflow.get_run(run_id)
    except mlflow.exceptions.MlflowException as err:
        fix = "`govtext runs` lists the run ids, or pass latest"
        raise GovtextError(f"run {run_id}: not found in {uri}; {fix}.") from err
    return run_id


def alias_run_id(uri: str, name: str, alias: str) -> str:
    """The run behind the registered model version ``models:/name@alias``."""
    mlflow = _client(uri)
    try:
        return mlflow.MlflowClient().get_model_version_by_alias(name, alias).run_id
    except mlflow.exceptions.MlflowException as err:
        raise GovtextError(
            f"no model {name}@{alias} in {uri}; choose a run and `govtext promote RUN_ID` it."
        ) from err


def experiment_names(uri: str) -> list[str]:
    """The MLflow experiments the store holds."""
    return sorted(e.name for e in _client(uri).search_experiments())


@dataclass(frozen=True)
class LoggedRun:
    run_id: str
    config: dict[str, Any]
    metrics: dict[str, float]
    data_hash: str
    eval_path: str | None
    eval_hash: str | None


def fetch_run(uri: str, run_id: str) -> LoggedRun:
    """A logged run's config, metrics and data hashes, for ``reproduce``."""
    details = run_details(uri, run_id)
    tags = details.tags
    return LoggedRun(
        run_id,
        details.config,
        details.metrics,
        tags.get("govtext.data_hash", ""),
        tags.get("govtext.eval_path"),
        tags.get("govtext.eval_hash"),
    )


# ---- analysis


def run_metrics(uri: str, experiment: str = "govtext") -> pd.DataFrame:
    """Every finished run's metrics (one column each, e.g. ``f1_request``) and ``start_time``,
    indexed by run id: what the leaderboard leaves out, for the notebooks' per-class views."""
    mlflow = _client(uri)
    empty = pd.DataFrame(columns=["start_time"], index=pd.Index([], name="run_id"))
    if mlflow.get_experiment_by_name(experiment) is None:
        return empty
    runs = mlflow.search_runs(
        experiment_names=[experiment], filter_string="attributes.status = 'FINISHED'"
    )
    if runs.empty:
        return empty
    metrics = runs.filter(like="metrics.").rename(columns=lambda c: c.removeprefix("metrics."))
    metrics.insert(0, "start_time", runs["start_time"])
    return metrics.set_axis(pd.Index(runs["run_id"], name="run_id"))


# ---- export: the run's details for the model card, its logged model, the registry.


@dataclass(frozen=True)
class RunDetails:
    """Everything a model card says about a run, read back from the store."""

    run_id: str
    run_name: str
    experiment: str  # the MLflow experiment's name
    start_time: str  # ISO 8601, UTC
    config: dict[str, Any]
    metrics: dict[str, float]
    tags: dict[str, str]
    versions: dict[str, str]  # package versions the run was trained with


def run_details(uri: str, run_id: str) -> RunDetails:
    """A run's logged config, metrics, tags and training-time package versions."""
    mlflow = _client(uri)
    try:
        run = mlflow.get_run(run_id)
        with _no_progress_bars():
            config = mlflow.artifacts.load_dict(f"runs:/{run_id}/config.json")
    except mlflow.exceptions.MlflowException as err:
        raise GovtextError(f"run {run_id}: not found in {uri} ({err.message}).") from err
    try:
        with _no_progress_bars():
            versions = mlflow.artifacts.load_dict(f"runs:/{run_id}/versions.json")
    except mlflow.exceptions.MlflowException:
        versions = {}  # runs logged before versions.json existed
    experiment = mlflow.get_experiment(run.info.experiment_id)
    start = pd.Timestamp(run.info.start_time, unit="ms", tz="UTC")
    return RunDetails(
        run_id,
        run.info.run_name or "",
        experiment.name if experiment else "",
        start.isoformat(timespec="seconds"),
        config,
        dict(run.data.metrics),
        dict(run.data.tags),
        versions,
    )


def download_model(uri: str, run_id: str, dst: str | Path) -> Path:
    """Copy the run's logged MLflow model (MLmodel, model.skops, environment files) into the new
    folder ``dst`` and return the folder holding MLmodel (``dst`` or a folder inside it)."""
    Path(dst).mkdir(parents=True)
    mlflow = _client(uri)
    try:
        with _no_progress_bars():
            local = mlflow.artifacts.download_artifacts(
                artifact_uri=_model_uri(mlflow, run_id), dst_path=str(dst)
            )
    except (mlflow.exceptions.MlflowException, OSError) as err:
        raise GovtextError(
            f"run {run_id}: its logged model cannot be read from {uri} ({err}); train it again."
        ) from err
    folder = Path(local)
    # Written by MLflow when it downloads a model; it names no model here and is not needed.
    (folder / "registered_model_meta").unlink(missing_ok=True)
    if not (folder / "MLmodel").is_file():
        raise GovtextError(f"run {run_id}: logged no MLflow model (no MLmodel); train it again.")
    return folder


def _model_uri(mlflow, run_id: str) -> str:
    """The run's logged model: MLflow 3 keeps it apart from the run's artifacts, as a logged
    model with its own id (``models:/m-...``); older runs kept it under ``runs:/<id>/model``."""
    outputs = getattr(mlflow.get_run(run_id), "outputs", None)
    models = getattr(outputs, "model_outputs", None) or []
    if models:
        return f"models:/{models[-1].model_id}"
    return f"runs:/{run_id}/model"


@contextmanager
def _no_progress_bars() -> Iterator[None]:
    """MLflow draws a progress bar per download on stderr; the CLI prints its own summary."""
    name = "MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR"
    with restoring_environment(name):
        os.environ[name] = "false"
        yield


def sklearn_flavour(model_dir: str | Path) -> dict[str, Any]:
    """The scikit-learn flavour's settings in an MLflow model folder's MLmodel."""
    mlflow = _client_module()
    path = Path(model_dir) / "MLmodel"
    try:
        return dict(mlflow.models.Model.load(str(path)).flavors["sklearn"])
    except (mlflow.exceptions.MlflowException, OSError, KeyError, TypeError, ValueError) as err:
        raise GovtextError(f"{path}: has no scikit-learn flavour ({err}).") from err


@dataclass(frozen=True)
class RegisteredModel:
    name: str
    version: int
    alias: str | None

    @property
    def uri(self) -> str:
        if self.alias:
            return f"models:/{self.name}@{self.alias}"
        return f"models:/{self.name}/{self.version}"


def register_model(uri: str, run_id: str, name: str, alias: str | None) -> RegisteredModel:
    """Register the run's logged model under ``name`` (once per run: an already registered run
    reuses its version) and point ``alias`` at that version."""
    mlflow = _client(uri)
    client = mlflow.MlflowClient()
    try:
        existing = client.search_model_versions(f"name = '{name}' and run_id = '{run_id}'")
        if existing:
            version = max(int(v.version) for v in existing)
        else:
            source = _model_uri(mlflow, run_id)
            version = int(mlflow.register_model(source, name).version)
        if alias:
            client.set_registered_model_alias(name, alias, str(version))
    except mlflow.exceptions.MlflowException as err:
        raise GovtextError(
            f"registering run {run_id} as {name!r} (alias {alias!r}) in {uri} failed: {err.message}"
        ) from err
    return RegisteredModel(name, version, alias)


# ---- Spark: each executor loads the exported folder once (govtext.inference.spark).


def spark_udf(spark, model_dir: str | Path, result_type: str = "string"):
    """A Spark UDF (pandas UDF) labelling a column of sentences with an exported model folder.

    ``env_manager="local"``: executors use the Python environment Spark starts them with
    (``PYSPARK_PYTHON``), which must have govtext installed; nothing is downloaded.
    """
    mlflow = _client_module()
    try:
        return mlflow.pyfunc.spark_udf(
            spark, str(Path(model_dir).resolve()), result_type=result_type, env_manager="local"
        )
    except (mlflow.exceptions.MlflowException, OSError) as err:
        raise GovtextError(
            f"{model_dir}: cannot be loaded as a Spark UDF ({err}); pass a folder written by "
            "`govtext export`."
        ) from err
