"""Where runs are tracked: the MLflow store's URI, resolved and checked before any training.

MLflow is not imported here: checking that a store answers must take milliseconds, not the
2-3 s of importing MLflow (``govtext.tracking`` does everything else, and hands its mlflow
module to ``open_sqlite_store``).
"""

from __future__ import annotations

import fcntl
import os
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from govtext.errors import GovtextError

__all__ = [
    "check_tracking_uri",
    "resolve_tracking_uri",
    "checked_store_uri",
    "open_sqlite_store",
    "restoring_environment",
]


def resolve_tracking_uri(configured: str = "") -> str:
    """The config's URI, else ``MLFLOW_TRACKING_URI``, else ``sqlite:///<cwd>/mlflow.db``."""
    return (
        configured
        or os.environ.get("MLFLOW_TRACKING_URI")
        or (f"sqlite:///{Path.cwd() / 'mlflow.db'}")
    )


def check_tracking_uri(uri: str, *, existing: bool = False) -> None:
    """Fail fast, before any training, when the store cannot be reached; ``existing``: a
    SQLite store must already exist (commands that only read runs never create one)."""
    if uri.startswith("sqlite:///"):
        database = Path(uri.removeprefix("sqlite:///"))
        if existing and not database.is_file():
            raise GovtextError(
                f"tracking URI {uri}: no MLflow store at {database}; check the path, or run "
                "`govtext train` first to create it."
            )
        folder = database.parent
        if not folder.is_dir() or not os.access(folder, os.W_OK):
            raise GovtextError(
                f"tracking URI {uri}: folder {folder} does not exist or is not writable; "
                "create it or set MLFLOW_TRACKING_URI."
            )
        return
    if uri.startswith(("http://", "https://")):
        try:
            with urllib.request.urlopen(f"{uri.rstrip('/')}/health", timeout=5) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError) as err:
            raise GovtextError(
                f"tracking URI {uri}: the MLflow server does not answer ({err}); start it "
                "(`mlflow server ...`) or unset MLFLOW_TRACKING_URI to use ./mlflow.db."
            ) from err
        raise GovtextError(f"tracking URI {uri}: /health did not answer 200.")
    if uri.startswith("file:") or "://" not in uri:
        raise GovtextError(
            f"tracking URI {uri}: MLflow 3 refuses plain file stores; use sqlite:///path/mlflow.db."
        )


def checked_store_uri(configured: str = "", *, existing: bool = False) -> str:
    """The store to use (``resolve_tracking_uri``), checked to answer (``check_tracking_uri``;
    ``existing``: to read runs from, so a SQLite store must exist already)."""
    uri = resolve_tracking_uri(configured)
    check_tracking_uri(uri, existing=existing)
    return uri


def open_sqlite_store(mlflow, uri: str) -> None:
    """Create or upgrade a SQLite store once, under a lock, before anything else touches it
    (other stores: nothing to do).

    MLflow creates a new store's tables and runs its schema migrations on first use, without a
    lock: several ``govtext train`` started at once on a new store raced there (``duplicate
    column name``) and all but one failed. The first process to take the lock creates the
    store; the others wait, then find it ready (MLflow keeps one store object per URI and
    process, so later calls reuse it). The lock is ``flock`` on the store's folder: it leaves
    no lock file behind and is released when the process ends, however it ends.
    """
    if not uri.startswith("sqlite:///"):
        return
    # SQLAlchemy is MLflow's own dependency: how it reports a file that is no database.
    import sqlalchemy.exc

    folder = Path(uri.removeprefix("sqlite:///")).parent
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        client = mlflow.MlflowClient(tracking_uri=uri)
        client.search_experiments(max_results=1)
        client.search_registered_models(max_results=1)
    except (mlflow.exceptions.MlflowException, sqlalchemy.exc.SQLAlchemyError) as err:
        first_line = str(err).strip().splitlines()[0]
        raise GovtextError(
            f"tracking URI {uri}: cannot be opened as an MLflow store ({first_line}); move the "
            "file away to start a new store, or pass another --tracking-uri."
        ) from err
    finally:
        os.close(fd)  # closing the folder's descriptor releases the lock


# The tag MLflow 3's UI reads to choose an experiment's landing page, and govtext's kind.
EXPERIMENT_KIND_TAG, EXPERIMENT_KIND = "mlflow.experimentKind", "custom_model_development"


def use_experiment(mlflow, name: str) -> None:
    """Make ``name`` the active experiment, tagged so that MLflow's UI opens it on its training
    runs (a model-development experiment), not on the GenAI overview.

    Trainings started at once on a new store race to create and tag the experiment (MLflow
    looks, then inserts, without a lock): the loser's insert fails, and a second try finds
    what the winner wrote.
    """
    import sqlalchemy.exc  # MLflow's own dependency, as in open_sqlite_store

    for attempt in (1, 2):
        try:
            experiment = mlflow.set_experiment(name)
            if experiment.tags.get(EXPERIMENT_KIND_TAG) != EXPERIMENT_KIND:
                mlflow.MlflowClient().set_experiment_tag(
                    experiment.experiment_id, EXPERIMENT_KIND_TAG, EXPERIMENT_KIND
                )
            return
        except (mlflow.exceptions.MlflowException, sqlalchemy.exc.IntegrityError):
            if attempt == 2:
                raise


@contextmanager
def restoring_environment(name: str) -> Iterator[None]:
    """Put the environment variable ``name`` back as it was when the block ends (MLflow sets
    some for the whole process)."""
    before = os.environ.get(name)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = before
