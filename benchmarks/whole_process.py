"""Whole-process CSV -> CSV labelling, govtext against the peer and against a reference checkout.

Each figure is one command run end to end (start-up, CSV in, labels, CSV out) on the same CSV
of pool sentences, written to a temporary folder at run time (no corpus text is kept):
underthesea_core.TextClassifier trained on dev.csv (the peer), `govtext predict` of this
checkout, and the same command of a reference checkout (``--reference``, e.g. a worktree of the
branch's start) on the same model folders. Runs are interleaved; the best of ``--repeat``
counts. Models come from ``--models`` (folders ``model-default`` and ``model-syllable`` made with
``govtext export``).

    .venv/bin/python benchmarks/whole_process.py --models M --reference /tmp/speed-ref --limit 80100
"""

from __future__ import annotations

import argparse
import itertools
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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


def seconds(command: list[str], env: dict | None = None, stdin: str | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, input=stdin, text=True, capture_output=True, check=True)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", type=Path, required=True)
    parser.add_argument("--reference", type=Path, help="a checkout to compare with")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/corpus/pool.jsonl")
    parser.add_argument("--dev", type=Path, default=ROOT.parent / "shared/corpus/dev.csv")
    parser.add_argument("--limit", type=int, default=80_100)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    if not args.corpus.exists() or not args.dev.exists():
        print(f"whole_process: no corpus at {args.corpus}; nothing measured.")
        return 0
    import pandas as pd

    from govtext.data.corpora import corpus_rows

    work = Path(tempfile.mkdtemp(prefix="govtext-whole-"))
    big = work / "big.csv"
    rows = corpus_rows(args.corpus, with_words=False)
    pd.DataFrame({"text": [r["text"] for r in itertools.islice(rows, args.limit)]}).to_csv(
        big, index=False
    )
    n = len(pd.read_csv(big))
    ref_env = os.environ | {"PYTHONPATH": str(args.reference / "src")} if args.reference else None
    py, out = sys.executable, str(work / "out.csv")

    def predict(model: str, engine: str, env=None):
        command = [py, "-c", CLI, "predict", "--model", str(args.models / model)]
        command += ["--engine", engine, "--jobs", str(args.jobs), str(big), "--output", out]
        return lambda: seconds(command, env)

    runs = {"peer": lambda: seconds([py, "-c", PEER, str(big), out, str(args.dev)])}
    for model, engine in (("syllable", "fast"), ("default", "sklearn"), ("default", "fast")):
        runs[f"{model} {engine}"] = predict(f"model-{model}", engine)
        if ref_env:
            runs[f"{model} {engine} (reference)"] = predict(f"model-{model}", engine, ref_env)
    one = [py, "-c", CLI, "predict", "--model", str(args.models / "model-default"), "-"]
    runs["one-sentence predict"] = lambda: seconds(one, stdin="Huyện đề nghị tỉnh hỗ trợ vốn.\n")
    if ref_env:
        runs["one-sentence predict (reference)"] = lambda: seconds(
            one, ref_env, "Huyện đề nghị tỉnh hỗ trợ vốn.\n"
        )
    best = {name: float("inf") for name in runs}
    for _ in range(args.repeat):
        for name, run in runs.items():
            best[name] = min(best[name], run())
    print(f"{n} sentences, --jobs {args.jobs}, load average {os.getloadavg()[0]:.2f}")
    for name, taken in best.items():
        line = f"  {name:36s} {taken:6.2f} s"
        if "one-sentence" not in name:
            line += f"  {n / taken:9,.0f}/s  {best['peer'] / taken:.2f}x peer"
            reference = best.get(f"{name} (reference)")
            if reference:
                line += f"  {reference / taken:.2f}x reference"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
