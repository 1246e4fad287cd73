"""benchmarks/startup.py runs end to end on the tests' exported model and prints each figure
beside `govtext --help`; no timing is asserted (a benchmark prints ratios, a test checks it ran)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from exported import Exported, exported_default_model
from helpers import PROJECT


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Exported:
    return exported_default_model(tmp_path_factory)


def test_the_startup_benchmark_prints_predict_beside_help(exported):
    done = subprocess.run(
        [sys.executable, str(PROJECT / "benchmarks" / "startup.py"), "--repeat", "1",
         "--model", str(exported.model_dir)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert "load average" in lines[0]
    names = ("govtext --help (reference)", "one-sentence predict", "without model.linear.npz")
    for name in names:
        (line,) = [line for line in lines if name in line]
        assert " s (" in line and "x help" in line
    assert "target < 1 s: " in done.stdout
