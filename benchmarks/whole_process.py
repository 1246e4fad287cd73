"""Whole-process CSV -> CSV labelling, govtext against the peer and against a reference checkout.

Each figure is one command run end to end (start-up, CSV in, labels, CSV out) on the same CSV
of pool sentences, written to a temporary folder at run time (no corpus text is kept):

- the peer: underthesea_core.TextClassifier trained on dev.csv, CSV in and out (pandas);
- ``govtext predict --model M --jobs N big.csv --output out.csv`` of this checkout, for the
  syllable model (``--engine fast``) and the default model (the default engine, and ``fast``);
- the same commands run by a reference checkout on the same model folders: ``src/`` of
  ``REFERENCE_COMMIT`` (main when issue 12 was filed), taken with ``git archive`` into a
  temporary folder, or any checkout given with ``--reference``;
- a one-sentence ``govtext predict -`` (start-up), by both.

Runs are interleaved round by round (``--repeat`` rounds): other processes on the machine then
slow one run of each, not one side of a comparison. The median of the rounds is reported (and
the best). ``benchmarks/run.py`` calls ``measure`` with the models it trains; standalone, give
``--models`` (folders ``model-default`` and ``model-syllable`` made with ``govtext export``):

    .venv/bin/python benchmarks/whole_process.py --models M --limit 80100 --repeat 3
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# main just before issue 12's work (the cue gates, the cue cache, these benchmarks): "today's
# main" of the issue, the reference its 4x target is measured against.
REFERENCE_COMMIT = "2b35d9c"
PEER = """
import sys
import pandas as pd
from underthesea_core import TextClassifier
dev = pd.read_csv(sys.argv[3], dtype=str, keep_default_na=False)
model = TextClassifier()
model.fit(dev["text"].tolist(), dev["label"].tolist())
rows = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
rows["label"] = model.predict_batch(rows["text"].tolist())
rows.to_csv(sys.argv[2], index=False)
"""
CLI = "from govtext.cli import app; app()"
ONE_SENTENCE = "Huyện đề nghị tỉnh hỗ trợ vốn.\n"
# (model folder name, engine) of the whole-process runs. The default and fast engines both read
# the exported model.linear.npz (no scikit-learn) when the folder has one.
COMMANDS = (
    ("syllable", "fast"),
    ("syllable", "sklearn"),
    ("default", "sklearn"),
    ("default", "fast"),
)


@dataclass
class Timings:
    """Seconds of every round of each named run, and the rows each labelled."""

    rows: int
    seconds: dict[str, list[float]] = field(default_factory=dict)

    def median(self, name: str) -> float | None:
        runs = self.seconds.get(name)
        return statistics.median(runs) if runs else None

    def best(self, name: str) -> float | None:
        runs = self.seconds.get(name)
        return min(runs) if runs else None


@contextlib.contextmanager
def reference_checkout(commit: str = REFERENCE_COMMIT, given: Path | None = None):
    """``given``, or ``src/`` of ``commit`` extracted into a temporary folder (removed after);
    None when neither can be had (a clone without that history)."""
    if given is not None:
        yield given
        return
    folder = Path(tempfile.mkdtemp(prefix="govtext-reference-"))
    try:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", commit, "src"], capture_output=True, check=False
        )
        if archive.returncode != 0:
            print(f"  (no reference: git archive {commit} failed: {archive.stderr.decode()[:200]})")
            yield None
            return
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def write_big_csv(corpus: Path, limit: int, path: Path) -> int:
    """The first ``limit`` sentences of the corpus as a one-column CSV; the rows written."""
    import pandas as pd

    from govtext.data.corpora import corpus_rows

    rows = corpus_rows(corpus, with_words=False)
    texts = [r["text"] for r in itertools.islice(rows, limit)]
    pd.DataFrame({"text": texts}).to_csv(path, index=False)
    return len(texts)


def _seconds(command: list[str], env: dict | None = None, stdin: str | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, input=stdin, text=True, capture_output=True, check=True)
    return time.perf_counter() - start


def measure(
    models: dict[str, Path],
    big: Path,
    rows: int,
    dev: Path,
    reference: Path | None,
    jobs: int = 2,
    repeat: int = 3,
) -> Timings:
    """Seconds of every run (see the module doc), ``repeat`` interleaved rounds."""
    py, out = sys.executable, str(big.with_name("whole-out.csv"))
    env = os.environ | {"MLFLOW_DISABLE_TELEMETRY": "true"}
    ours = env | {"PYTHONPATH": str(ROOT / "src")}
    theirs = env | {"PYTHONPATH": str(reference / "src")} if reference is not None else None

    def predict(model: str, engine: str, side: dict) -> Callable[[], float]:
        command = [py, "-c", CLI, "predict", "--model", str(models[model]), "--engine", engine]
        command += ["--jobs", str(jobs), "-q", str(big), "--output", out]
        return lambda: _seconds(command, side)

    def one_sentence(side: dict) -> Callable[[], float]:
        command = [py, "-c", CLI, "predict", "--model", str(models["default"]), "-q", "-"]
        return lambda: _seconds(command, side, ONE_SENTENCE)

    runs = {"peer": lambda: _seconds([py, "-c", PEER, str(big), out, str(dev)], env)}
    sides = {"": ours, " (reference)": theirs} if theirs is not None else {"": ours}
    for model, engine in COMMANDS:
        for suffix, side in sides.items():
            runs[f"{model} {engine}{suffix}"] = predict(model, engine, side)
    for suffix, side in sides.items():
        runs[f"one-sentence predict{suffix}"] = one_sentence(side)
    timings = Timings(rows)
    for _ in range(repeat):
        for name, run in runs.items():
            timings.seconds.setdefault(name, []).append(run())
    return timings


def table(timings: Timings) -> str:
    """rows, seconds (median, best), sentences/s, x peer, x reference of every run."""
    n, peer = timings.rows, timings.median("peer")
    lines = [f"  {'run':34s} {'rows':>7s} {'median s':>9s} {'best s':>7s} {'sent./s':>9s} "
             f"{'x peer':>7s} {'x ref.':>7s}"]  # fmt: skip
    for name in timings.seconds:
        if name.endswith("(reference)"):
            continue
        median, best = timings.median(name), timings.best(name)
        one = name.startswith("one-sentence")
        rows = 1 if one else n
        reference = timings.median(f"{name} (reference)")
        cells = [
            f"{rows:7d}",
            f"{median:9.2f}",
            f"{best:7.2f}",
            f"{rows / median:9,.0f}",
            "" if one else f"{peer / median:6.2f}x",
            f"{reference / median:6.2f}x" if reference else "",
        ]
        lines.append(f"  {name:34s} " + " ".join(f"{c:>7s}" for c in cells))
        if reference:
            lines.append(f"  {'  the reference':34s} {'':>7s} {reference:9.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", type=Path, required=True)
    parser.add_argument("--reference", type=Path, help="a checkout to compare with")
    parser.add_argument("--reference-commit", default=REFERENCE_COMMIT)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/corpus/pool.jsonl")
    parser.add_argument("--dev", type=Path, default=ROOT.parent / "shared/corpus/dev.csv")
    parser.add_argument("--limit", type=int, default=80_100)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    if not args.corpus.exists() or not args.dev.exists():
        print(f"whole_process: no corpus at {args.corpus}; nothing measured.")
        return 0
    work = Path(tempfile.mkdtemp(prefix="govtext-whole-"))
    try:
        big = work / "big.csv"
        rows = write_big_csv(args.corpus, args.limit, big)
        models = {name: args.models / f"model-{name}" for name in ("default", "syllable")}
        with reference_checkout(args.reference_commit, args.reference) as reference:
            timings = measure(models, big, rows, args.dev, reference, args.jobs, args.repeat)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{rows} sentences, --jobs {args.jobs}, {args.repeat} rounds, "
          f"load average {os.getloadavg()[0]:.2f}")  # fmt: skip
    print(table(timings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
