"""Fixtures of the analysis tests: a real temporary SQLite MLflow store with three runs."""

from __future__ import annotations

import shutil

import pytest

from exported import FIXTURE
from govtext.training import train
from helpers import PROJECT


# Module scope, as each test module had its own: some tests log more runs into the store, and
# others count the runs in it.
@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A temporary SQLite store: rules twice (only the newer counts as latest) and logreg."""
    work = tmp_path_factory.mktemp("analysis-store")
    (work / "data").mkdir()
    shutil.copy(FIXTURE, work / "data" / "sentences.csv")
    uri = f"sqlite:///{work / 'mlflow.db'}"
    overrides = ["evaluation.repeats=1", "evaluation.bootstrap=100"]
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(work)
        mp.setenv("MLFLOW_TRACKING_URI", uri)
        configs = [
            PROJECT / "experiments" / f"{n}.toml" for n in ("rules", "tfidf-syllable-logreg")
        ]
        first = train(configs, overrides, eval_data=FIXTURE)
        second = train([configs[0]], overrides)
    return {"uri": uri, "work": work, "old_rules": first[0].run_id, "logreg": first[1].run_id,
            "rules": second[0].run_id}  # fmt: skip
