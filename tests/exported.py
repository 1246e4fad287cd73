"""One default model, trained on the tiny fixture in a real temporary SQLite MLflow store and
exported, shared by the export, predict and serve tests of a session.

The session's temporary folder is the cache: the model is built the first time a test asks for
it, and a new session (or ``--basetemp``) starts afresh.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
PROJECT = TESTS.parent
FIXTURE = TESTS / "fixtures" / "tiny_sentences.csv"
SEED_SENTENCES = PROJECT / "data" / "sentences.csv"
QUICK = ["evaluation.repeats=1", "evaluation.bootstrap=200"]


@dataclass(frozen=True)
class Exported:
    workdir: Path  # a project-like folder: data/, experiments/, mlflow.db
    model_dir: Path
    run_id: str

    @property
    def tracking_uri(self) -> str:
        return f"sqlite:///{self.workdir / 'mlflow.db'}"


def exported_default_model(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    workdir = tmp_path_factory.getbasetemp() / "govtext-exported"
    model_dir = workdir / "model"
    marker = workdir / "run_id.txt"
    if not (model_dir / "govtext.json").is_file() or not marker.is_file():
        shutil.rmtree(workdir, ignore_errors=True)
        (workdir / "data").mkdir(parents=True)
        shutil.copy(FIXTURE, workdir / "data" / "sentences.csv")
        shutil.copytree(PROJECT / "experiments", workdir / "experiments")
        with pytest.MonkeyPatch.context() as mp:
            mp.chdir(workdir)
            mp.delenv("MLFLOW_TRACKING_URI", raising=False)
            from govtext.inference.export import export
            from govtext.training import promote, train

            (run,) = train(["experiments/default.toml"], QUICK)
            promote(run.run_id)  # models:/govtext@champion, as a user chooses it
            export("champion", model_dir)
        marker.write_text(run.run_id, encoding="utf-8")
    return Exported(workdir, model_dir, marker.read_text(encoding="utf-8"))
