"""The installed ``govtext`` console script, run as a user runs it."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import LABELS, SEEDS

GOVTEXT = shutil.which("govtext", path=str(Path(sys.executable).parent)) or "govtext"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "120"}
    return subprocess.run(
        [GOVTEXT, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=600
    )


def test_data_build_prints_label_counts_and_writes_the_dataset(tmp_path):
    result = run(
        "data", "build", "--seeds", str(SEEDS), "--labels", str(LABELS), "--out", "built",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "instruction" in result.stdout and "12" in result.stdout
    assert (tmp_path / "built" / "sentences.csv").exists()
    assert (tmp_path / "built" / "README.md").exists()


def test_bad_report_is_one_line_without_traceback(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "empty.txt").write_bytes(b"")
    result = run("data", "build", "--seeds", str(seeds), "--out", "built", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "empty.txt: the file is empty" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "built").exists()
