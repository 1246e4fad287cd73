"""Record what a refactoring must not change, and compare two recordings byte for byte.

Runs the ``govtext`` CLI of the checkout in ``--project`` (by subprocess, with that checkout's
``src`` first on ``PYTHONPATH``) and keeps, in ``--record DIR``:

- ``data/sentences.csv`` and ``data/README.md`` from ``govtext data build``;
- ``metrics.json``: every metric of the default experiment's run (``govtext train
  --eval-data CORPUS`` into a fresh SQLite store: cross-validation and held-out metrics), read
  from the store with MLflow itself;
- ``labels-<engine>.csv``: ``govtext predict`` of the exported model on ``--corpus`` for the
  engines sklearn, onnx and fast (labels and scores);
- ``votes.txt``: every labelling function's vote (one 0/1 per function, in column order) and
  the rules' label of each sentence of the seed, ``--corpus`` and the first ``--pool-limit``
  sentences of ``pool.jsonl`` beside it (issue 12: faster rules must cast the same votes).

``--compare A B`` then says, file by file, whether two recordings are identical. Nothing from the
corpus is written inside the repository: recordings go where ``--record`` says.

    python benchmarks/same_outputs.py --project /tmp/old --record /tmp/rec-old
    python benchmarks/same_outputs.py --project . --record /tmp/rec-new
    python benchmarks/same_outputs.py --compare /tmp/rec-old /tmp/rec-new
"""

from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ENGINES = ("sklearn", "onnx", "fast")


def record(project: Path, out: Path, corpus: Path, pool_limit: int = 20_000) -> None:
    out.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="govtext-same-"))
    env = {
        **os.environ,
        "PYTHONPATH": str(project / "src"),
        "MLFLOW_TRACKING_URI": f"sqlite:///{scratch / 'mlflow.db'}",
        "MLFLOW_DISABLE_TELEMETRY": "true",
    }

    def govtext(*args: str) -> None:
        command = [sys.executable, "-c", "from govtext.cli import main; main()", *args]
        subprocess.run(command, cwd=project, env=env, check=True, stdout=subprocess.DEVNULL)

    govtext("data", "build", "--out", str(out / "data"))
    govtext("train", "--eval-data", str(corpus))
    govtext("export", "latest", "--out", str(scratch / "model"))
    for engine in ENGINES:
        target = out / f"labels-{engine}.csv"
        govtext("predict", "--model", str(scratch / "model"), "--engine", engine, "-q",
                str(corpus), "--output", str(target))  # fmt: skip
    votes = (
        "import csv, itertools, sys\n"
        "from pathlib import Path\n"
        "from govtext.data.corpora import corpus_rows\n"
        "from govtext.rules import LABELLING_FUNCTIONS, label_sentence, votes\n"
        "seed, corpus, limit = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])\n"
        "texts = [r['text'] for r in csv.DictReader(seed.open(encoding='utf-8'))]\n"
        "texts += [r['text'] for r in csv.DictReader(corpus.open(encoding='utf-8'))]\n"
        "pool = corpus.with_name('pool.jsonl')\n"
        "if pool.is_file():\n"
        "    rows = corpus_rows(pool, with_words=False)\n"
        "    texts += [r['text'] for r in itertools.islice(rows, limit)]\n"
        "for text in texts:\n"
        "    cast = votes(text)\n"
        "    bits = ''.join('1' if cast[lf.name] else '0' for lf in LABELLING_FUNCTIONS)\n"
        "    print(bits, label_sentence(text))\n"
    )
    with (out / "votes.txt").open("w", encoding="utf-8") as handle:
        subprocess.run(
            [sys.executable, "-c", votes, str(project / "data" / "sentences.csv"), str(corpus),
             str(pool_limit)],
            env=env, check=True, stdout=handle,
        )  # fmt: skip
    code = (
        "import json, sys, mlflow\n"
        "runs = mlflow.search_runs(experiment_names=['govtext'])\n"
        "row = runs.iloc[0]\n"
        "metrics = {k[8:]: row[k] for k in sorted(runs.columns) if k.startswith('metrics.')}\n"
        "json.dump(metrics, sys.stdout, indent=1, sort_keys=True)\n"
    )
    metrics = subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
    ).stdout
    (out / "metrics.json").write_text(metrics, encoding="utf-8")


def compare(a: Path, b: Path) -> bool:
    names = sorted({p.relative_to(a) for p in a.rglob("*") if p.is_file()}
                   | {p.relative_to(b) for p in b.rglob("*") if p.is_file()})  # fmt: skip
    same = True
    for name in names:
        left, right = a / name, b / name
        equal = left.is_file() and right.is_file() and filecmp.cmp(left, right, shallow=False)
        size = left.stat().st_size if left.is_file() else 0
        print(f"{'identical' if equal else 'DIFFERENT'}  {name} ({size} bytes)")
        same &= equal
    print("all identical" if same else "outputs differ")
    return same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, default=Path("."))
    parser.add_argument("--record", type=Path)
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus/dev.csv"))
    parser.add_argument("--pool-limit", type=int, default=20_000)
    parser.add_argument("--compare", type=Path, nargs=2)
    args = parser.parse_args()
    if args.compare:
        sys.exit(0 if compare(*args.compare) else 1)
    if not args.record:
        parser.error("pass --record DIR or --compare A B")
    record(args.project.resolve(), args.record.resolve(), args.corpus.resolve(), args.pool_limit)


if __name__ == "__main__":
    main()
