"""The installed ``govtext`` command under faults a user meets: several commands started at once
on a new store, a command killed half-way, a corrupt store or model folder. Each ends in a
correct result or a one-line error, and nothing already written is lost."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from exported import FIXTURE, PROJECT, QUICK, exported_default_model

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


def _ctrl_c_as_in_a_terminal() -> None:
    # A job started in the background by a shell inherits SIGINT ignored, and Python then
    # leaves it ignored; a user's Ctrl-C reaches a command whose SIGINT is at its default.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(*args: str, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [GOVTEXT, *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=_env(), preexec_fn=_ctrl_c_as_in_a_terminal,
    )  # fmt: skip


def one_line_error(done: subprocess.CompletedProcess, *fragments: str) -> None:
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    # One line: `train` may leave an empty line where its (transient) progress bar was.
    assert done.stderr.lstrip("\n").startswith("error:"), done.stderr
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


def _statuses(database: Path) -> list[str]:
    """The runs' statuses, read straight from the SQLite file (empty while it is created)."""
    if not database.exists():
        return []
    try:
        with sqlite3.connect(database, timeout=1) as connection:
            return [status for (status,) in connection.execute("SELECT status FROM runs")]
    except sqlite3.OperationalError:  # no runs table yet, or a writer holds the lock
        return []


def _wait_for(condition, process: subprocess.Popen) -> None:
    """Poll until ``condition()`` holds; fail if the process ends first."""
    while not condition():
        assert process.poll() is None, process.communicate()[1][-2000:]
        time.sleep(0.02)


def _train_and_interrupt(project: Path, sig: int) -> tuple[int, str]:
    """Start a training, send ``sig`` once its run is open (logging), wait for the end."""
    process = start("train", "experiments/default.toml", *SETS, cwd=project)
    try:
        _wait_for(lambda: "RUNNING" in _statuses(project / "mlflow.db"), process)
        process.send_signal(sig)
        _, stderr = process.communicate(timeout=120)
    finally:
        process.kill()
    return process.returncode, stderr


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_a_training_interrupted_while_logging_leaves_a_failed_run_nobody_picks(
    project, sig, tmp_path_factory
):
    # The run is open only while it is logged (seconds): on a loaded machine the signal can
    # land after it closed. Such an attempt must be a correct result; another is then made.
    for _ in range(3):
        folder = tmp_path_factory.mktemp("attempt") / "project"
        shutil.copytree(project, folder)
        code, stderr = _train_and_interrupt(folder, sig)
        assert "Traceback" not in stderr, stderr
        listed = run("runs", "--format", "csv", cwd=folder)
        assert listed.returncode == 0, listed.stderr
        if code == 0 or _statuses(folder / "mlflow.db") == ["FINISHED"]:
            # finished before the signal (or the signal came once the run was logged, while
            # the command printed): finished, listed, nothing lost
            assert _statuses(folder / "mlflow.db") == ["FINISHED"]
            assert len(listed.stdout.strip().splitlines()) == 2
            continue
        assert _statuses(folder / "mlflow.db") in (["KILLED"], ["FAILED"])
        assert len(listed.stdout.strip().splitlines()) == 1  # the header only
        one_line_error(run("export", "latest", cwd=folder), "no finished run")
        return
    pytest.fail("the signal never reached a training while it was logging, in 3 attempts")


def test_an_export_killed_half_way_leaves_the_earlier_model_folder_whole(project):
    assert run("train", "experiments/default.toml", *SETS, cwd=project).returncode == 0
    assert run("export", "latest", "--no-register", cwd=project).returncode == 0
    before = {p.name: p.read_bytes() for p in (project / "model").iterdir()}
    process = start("export", "latest", "--no-register", cwd=project)
    try:
        _wait_for(lambda: any(project.glob(".model.export-*")), process)
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=120)
    finally:
        process.kill()
    assert not any(project.glob(".model.export-*"))  # no half folder left behind
    after = {p.name: p.read_bytes() for p in (project / "model").iterdir()}
    if process.returncode != 0:  # interrupted: the earlier export is untouched
        assert after == before
    else:  # the signal came when only the final rename was left: the new folder is whole
        assert set(after) == set(before)
        assert json.loads(after["govtext.json"])["run_id"] in before["govtext.json"].decode()


def test_a_corrupt_store_is_a_one_line_error_and_is_left_as_it_was(project):
    database = project / "mlflow.db"
    garbage = bytes(range(256)) * 40
    database.write_bytes(garbage)
    one_line_error(run("runs", cwd=project), "cannot be opened as an MLflow store")
    one_line_error(
        run("train", "experiments/default.toml", *SETS, cwd=project),
        "cannot be opened as an MLflow store",
    )
    assert database.read_bytes() == garbage


def test_a_corrupt_model_folder_is_a_one_line_error(tmp_path, tmp_path_factory):
    model = tmp_path / "model"
    shutil.copytree(exported_default_model(tmp_path_factory).model_dir, model)
    report = tmp_path / "bao-cao.txt"
    report.write_text("Huyện đề nghị tỉnh hỗ trợ vốn.\n", encoding="utf-8")
    (model / "model.skops").write_bytes(b"not a zip file")
    one_line_error(run("predict", "--model", "model", "bao-cao.txt", cwd=tmp_path), "model.skops")
    (model / "govtext.json").write_text("{", encoding="utf-8")
    one_line_error(run("predict", "--model", "model", "bao-cao.txt", cwd=tmp_path), "govtext.json")


def test_predicting_into_a_read_only_folder_is_a_one_line_error(tmp_path, tmp_path_factory):
    model = exported_default_model(tmp_path_factory).model_dir
    read_only = tmp_path / "ro"
    read_only.mkdir(mode=0o555)
    if os.access(read_only, os.W_OK):  # root ignores modes; nobody writes to /sys
        read_only = Path("/sys")
    (tmp_path / "bao-cao.txt").write_text("Huyện đề nghị tỉnh hỗ trợ vốn.\n", encoding="utf-8")
    done = run("predict", "--model", str(model), "bao-cao.txt", "-o", str(read_only / "out.csv"),
               cwd=tmp_path)  # fmt: skip
    one_line_error(done, "out.csv: cannot be written")
    assert not (read_only / "out.csv").exists()
