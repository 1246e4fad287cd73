"""govtext.inference.parallel: worker processes give the same rows in the same order."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import govtext.inference.parallel as parallel_module
from exported import FIXTURE
from govtext.errors import GovtextError
from govtext.inference import predict, write_predictions
from govtext.inference.predicting import fill_empty

BIN = Path(sys.executable).parent


# ---- the installed command


def _govtext(*args: str, stdin: str = "", cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "govtext"), *args], input=stdin, capture_output=True, text=True, cwd=cwd,
        env={**os.environ, "COLUMNS": "200"}, timeout=120,
    )  # fmt: skip


# ---- worker processes (--jobs)


def test_workers_give_the_same_rows_in_the_same_order(model, reports, tmp_path):
    inputs = [reports[0], FIXTURE, reports[1]]
    alone = predict(inputs, model, chunk_size=4)
    shared = predict(inputs, model, chunk_size=4, n_jobs=2)  # many chunks in flight
    pd.testing.assert_frame_equal(shared, alone)
    out = tmp_path / "p.csv"
    run = write_predictions(inputs, model, out, chunk_size=3, n_jobs=-1)
    assert run.rows == len(alone)
    assert pd.read_csv(out, keep_default_na=False)["label"].tolist() == alone["label"].tolist()


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_workers_write_the_same_bytes_and_counts_as_one_process(model, reports, tmp_path, fmt):
    # The workers format their share of each chunk: the file must not depend on who wrote it.
    csv_input = tmp_path / "sentences.csv"
    predict(FIXTURE, model)[["text"]].to_csv(csv_input, index=False)
    for inputs in ([csv_input], [reports[0], csv_input, reports[1]]):
        runs, texts = [], []
        for jobs in (1, 2):
            out = tmp_path / f"out-{jobs}.{fmt}"
            runs.append(write_predictions(inputs, model, out, chunk_size=3, n_jobs=jobs))
            texts.append(out.read_bytes())
        assert texts[0] == texts[1]
        pd.testing.assert_frame_equal(runs[0].counts, runs[1].counts)
        assert runs[0].rows == runs[1].rows == texts[0].count(b"\n") - (fmt == "csv")
        if fmt == "csv" and inputs == [csv_input]:  # the bytes pandas writes for the frame
            header = texts[0].decode("utf-8").split("\n", 1)[0].split(",")
            frame = fill_empty(predict(inputs, model).reindex(columns=header))
            assert texts[0].decode("utf-8") == frame.to_csv(index=False, lineterminator="\n")


def test_spawned_workers_load_the_folder_themselves(exported, model):
    # ONNX Runtime sessions are not safe to fork: the onnx engine's workers start afresh.
    expected = predict(FIXTURE, model)
    frame = predict(FIXTURE, exported.model_dir, engine="onnx", n_jobs=2)
    assert frame["label"].tolist() == expected["label"].tolist()


@pytest.mark.parametrize("n_jobs, expected", [(1, 1), (3, 3), (-1, None)])
def test_jobs_count_like_joblib(n_jobs, expected):
    cores = parallel_module.available_cores()
    assert parallel_module.resolve_jobs(n_jobs) == (expected or cores)
    assert parallel_module.resolve_jobs(-cores - 5) == 1


def test_zero_jobs_is_a_one_line_error(model):
    with pytest.raises(GovtextError, match="--jobs 0: use 1"):
        predict(FIXTURE, model, n_jobs=0)


def test_the_installed_command_takes_jobs(exported, model):
    done = _govtext("predict", "--model", str(exported.model_dir), str(FIXTURE), "--jobs", "2",
                    "--engine", "fast", "--format", "jsonl", "--quiet")  # fmt: skip
    assert done.returncode == 0, done.stderr
    labels = [json.loads(line)["label"] for line in done.stdout.splitlines()]
    assert labels == predict(FIXTURE, model)["label"].tolist()
