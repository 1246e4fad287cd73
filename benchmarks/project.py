"""A project-like working folder for the benchmarks (``run.py``, ``cue_cache.py``): the
repository's seed dataset and experiments copied into a temporary folder, trained and exported
there, so no benchmark writes into the repository."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # a script in the repository, not the package


class Project:
    """A project-like working folder (data/, experiments/, mlflow.db) for training and export."""

    def __init__(self, folder: Path):
        self.folder = folder
        (folder / "data").mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "data" / "sentences.csv", folder / "data" / "sentences.csv")
        shutil.copytree(ROOT / "experiments", folder / "experiments", dirs_exist_ok=True)

    @contextlib.contextmanager
    def inside(self):
        before, uri = Path.cwd(), os.environ.pop("MLFLOW_TRACKING_URI", None)
        os.chdir(self.folder)
        try:
            yield
        finally:
            os.chdir(before)
            if uri is not None:
                os.environ["MLFLOW_TRACKING_URI"] = uri

    def train(self, config: str, overrides=(), eval_data=None):
        from govtext.training import train  # govtext's heavy imports only when a run trains

        with self.inside():
            return train([f"experiments/{config}.toml"], list(overrides), eval_data)

    def export(self, run, name: str) -> Path:
        from govtext.inference.export import export

        with self.inside():
            export(run.run_id, self.folder / name, register=False)
        return self.folder / name
