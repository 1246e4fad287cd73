"""Start-up: a one-sentence `govtext predict --model M -`, whole process, beside `govtext --help`.

Each figure is one command run end to end in a fresh process (interpreter start, imports, model
load, one sentence from standard input, CSV out). The reference is `govtext --help` measured in
the same run, interleaved with the others; the figures are the median (and best) of
``--repeat`` runs. Also measured: the same folder without ``model.linear.npz`` (a folder
exported before the file existed: the sklearn engine reads ``model.skops``), and, with
``--reference CHECKOUT`` (e.g. ``git worktree add /tmp/ref main``), that checkout's own
`govtext predict` on the same folder. The model is ``--model`` (a folder from `govtext export`)
or, by default, the default experiment trained on ``data/sentences.csv`` into a temporary MLflow
store and exported, as the README does. Needs no corpus.

    .venv/bin/python benchmarks/startup.py --repeat 7 [--model model] [--reference /tmp/ref]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = "from govtext.cli import app; app()"
SENTENCE = "Đề nghị tỉnh hỗ trợ kinh phí.\n"
TARGET_SECONDS = 1.0  # issue 12: a one-sentence predict under 1 s on this machine


def seconds(command: list[str], env: dict | None = None, stdin: str | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, input=stdin, text=True, capture_output=True, check=True)
    return time.perf_counter() - start


def export_default(work: Path) -> Path:
    """The README's way: train experiments/default.toml into a fresh store, export it."""
    env = os.environ | {"MLFLOW_TRACKING_URI": f"sqlite:///{work / 'mlflow.db'}",
                        "MLFLOW_DISABLE_TELEMETRY": "true"}  # fmt: skip
    py = sys.executable
    for args in (
        ["train", "experiments/default.toml"],
        ["export", "latest", "--out", str(work / "model")],
    ):
        subprocess.run([py, "-c", CLI, *args], cwd=ROOT, env=env, check=True, capture_output=True)
    return work / "model"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, help="an exported model folder (default: export one)")
    parser.add_argument("--reference", type=Path, help="a checkout to compare with")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="govtext-startup-"))
    try:
        model = args.model or export_default(work)
        older = work / "model-without-linear"
        shutil.copytree(model, older)
        (older / "model.linear.npz").unlink(missing_ok=True)
        py = sys.executable
        predict = [py, "-c", CLI, "predict", "--model"]
        runs = {
            "govtext --help (reference)": lambda: seconds([py, "-c", CLI, "--help"]),
            "one-sentence predict": lambda: seconds([*predict, str(model), "-"], None, SENTENCE),
            "  same, folder without model.linear.npz": lambda: seconds(
                [*predict, str(older), "-"], None, SENTENCE
            ),
        }
        if args.reference:
            env = os.environ | {"PYTHONPATH": str(args.reference / "src")}
            runs[f"  same, {args.reference.name} checkout"] = lambda: seconds(
                [*predict, str(model), "-"], env, SENTENCE
            )
        taken: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(args.repeat):
            for name, run in runs.items():
                taken[name].append(run())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    help_median = statistics.median(taken["govtext --help (reference)"])
    print(f"start-up, whole process, median (best) of {args.repeat} interleaved runs; "
          f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")  # fmt: skip
    for name, values in taken.items():
        median = statistics.median(values)
        line = (
            f"  {name:44s} {median:6.2f} s ({min(values):.2f})  {median / help_median:5.1f}x help"
        )
        if name == "one-sentence predict":
            verdict = "holds" if median < TARGET_SECONDS else "missed"
            line += f"  target < {TARGET_SECONDS:.0f} s: {verdict}"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
