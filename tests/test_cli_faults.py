"""The installed ``govtext`` command under faults a user meets: several commands started at once
on a new store, a command killed half-way, a corrupt store or model folder. Each ends in a
correct result or a one-line error, and nothing already written is lost."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from exported import FIXTURE, PROJECT, QUICK

GOVTEXT = shutil.which("govtext", path=str(Path(sys.executable).parent)) or "govtext"
SETS = [arg for override in QUICK for arg in ("--set", override)]


def _env() -> dict[str, str]:
    env = {**os.environ, "COLUMNS": "200"}
    env.pop("MLFLOW_TRACKING_URI", None)
    return env


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [GOVTEXT, *args], cwd=cwd, capture_output=True, text=True, env=_env(), timeout=600
    )


def start(*args: str, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [GOVTEXT, *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=_env(),
    )  # fmt: skip


def one_line_error(done: subprocess.CompletedProcess, *fragments: str) -> None:
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert done.stderr.startswith("error:"), done.stderr
    for fragment in fragments:
        assert fragment in " ".join(done.stderr.split()), done.stderr


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder with the tiny fixture as its dataset and no MLflow store yet."""
    (tmp_path / "data").mkdir()
    shutil.copy(FIXTURE, tmp_path / "data" / "sentences.csv")
    shutil.copytree(PROJECT / "experiments", tmp_path / "experiments")
    return tmp_path


def test_eight_trainings_started_at_once_on_a_new_store_all_finish_and_are_listed(project):
    assert not (project / "mlflow.db").exists()
    started = [start("train", "experiments/default.toml", *SETS, cwd=project) for _ in range(8)]
    try:  # before the fix some died at once, others hung on the half-migrated store
        outcomes = [(p.communicate(timeout=600)[1], p.returncode) for p in started]
    finally:
        for process in started:
            process.kill()
            process.communicate()
    assert [code for _, code in outcomes] == [0] * 8, [err[-2000:] for err, _ in outcomes]
    listed = run("runs", "--format", "csv", cwd=project)
    assert listed.returncode == 0, listed.stderr
    assert len(listed.stdout.strip().splitlines()) == 1 + 8
