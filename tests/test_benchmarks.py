"""The benchmark script (benchmarks/run.py) runs end to end on a tiny corpus made here and
reports every figure with its reference and verdict. Nothing here asserts a timing: a benchmark
prints ratios against references measured in the same run, and a test only checks it ran."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

from exported import FIXTURE, SEED_SENTENCES
from helpers import PROJECT, REPORT_A, REPORT_B, SEEDS

SCRIPT = PROJECT / "benchmarks" / "run.py"


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, cwd=cwd, timeout=600
    )


def _tiny_corpus(folder: Path) -> tuple[Path, Path]:
    """A JSONL pool of the seed report and two hand-written ones, and a labelled "dev" file
    with articles (the fixture and the seed sentences)."""
    reports = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    pool = folder / "pool.jsonl"
    pool.write_text(
        "".join(
            json.dumps({"id": f"r{i}", "text": text}, ensure_ascii=False) + "\n"
            for i, text in enumerate([*reports, REPORT_A, REPORT_B])
        ),
        encoding="utf-8",
    )
    frames = [pd.read_csv(p, dtype=str, keep_default_na=False) for p in (FIXTURE, SEED_SENTENCES)]
    dev = pd.concat([f[["doc_id", "text", "label"]] for f in frames], ignore_index=True)
    dev = dev.rename(columns={"doc_id": "article"})
    dev_path = folder / "dev.csv"
    dev.to_csv(dev_path, index=False)
    return pool, dev_path


def test_the_benchmark_prints_every_figure_with_its_reference(tmp_path):
    pool, dev = _tiny_corpus(tmp_path)
    out = tmp_path / "figures.json"
    done = _run(
        "--corpus", str(pool), "--dev", str(dev), "--limit", "40", "--slow-limit", "40",
        "--word-limit", "12", "--train-limit", "40", "--jobs", "2", "--quick",
        "--json", str(out), cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    figures = report["figures"]
    assert {f["section"] for f in figures} == {
        "segmentation", "peer", "word model", "default model", "parallel", "training", "memory",
        "whole process",
    }  # fmt: skip
    targets = {f["target"] for f in figures if f["target"]}
    # The whole-process reference is a commit of this repository's history (git archive).
    reference = subprocess.run(
        ["git", "-C", str(PROJECT), "cat-file", "-e", "2b35d9c^{commit}"], capture_output=True
    )
    assert targets == {
        ">= peer", ">= 0.5x peer", ">= 0.8x word_tokenize", ">= 1.7x one core",
        "< 10% in underthesea", "flat: <= 1.1x the half", ">= 0.25x peer", "< 1 s",
        *([">= 4x reference"] if reference.returncode == 0 else []),
    }  # fmt: skip
    whole = [f for f in figures if f["section"] == "whole process"]
    assert any("this checkout vs the reference" in f["what"] for f in whole) == (
        reference.returncode == 0
    )
    for figure in figures:
        assert figure["value"] >= 0, figure
        if figure["target"]:
            assert figure["reference_value"] is not None and figure["holds"] in (True, False)
    assert report["machine"]["cores"] >= 1 and "underthesea" in report["machine"]["versions"]
    # Training best with the cue cache the cold run filled casts no vote (counted, not timed).
    cues = {f["what"].split(", ")[-1]: f for f in figures if "cue cache" in f["what"]}
    assert cues["warm cue cache (the cold run's)"]["note"].startswith("0 votes cast"), cues
    assert not cues["cold cue cache (empty)"]["note"].startswith("0 votes cast"), cues
    summary = done.stdout.split("== targets", 1)[1]
    assert summary.count("[HOLDS ]") + summary.count("[MISSED]") == len(
        [f for f in figures if f["target"]]
    )


def test_without_the_corpus_it_says_so_and_measures_nothing(tmp_path):
    done = _run("--corpus", str(tmp_path / "absent.jsonl"), cwd=tmp_path)
    assert done.returncode == 0
    assert "no corpus at" in done.stdout and "absent.jsonl" in done.stdout


def test_the_collector_benchmark_prints_both_thresholds_and_their_ratio(tmp_path, exported):
    pool, _ = _tiny_corpus(tmp_path)
    script = PROJECT / "benchmarks" / "collector.py"
    done = subprocess.run(
        [sys.executable, str(script), "--model", str(exported.model_dir), "--corpus", str(pool),
         "--limit", "60", "--repeat", "1"],
        capture_output=True, text=True, cwd=tmp_path, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert "threshold    700 (default)" in done.stdout
    assert "threshold  10000 (govtext)" in done.stdout
    assert "raised / default CPU:" in done.stdout
