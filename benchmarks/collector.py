"""The garbage collector's share of labelling, with Python's default youngest-generation
threshold (700) and with the one ``govtext predict`` labels under (``writers._YOUNG_THRESHOLD``).

One process labels the first ``--limit`` pool sentences ``--repeat`` times in pieces of 2,500
(what a ``--jobs`` worker gets), once per threshold, the two interleaved; a ``gc.callbacks``
hook adds up the time spent collecting. Printed: the CPU time of each pass, the collector's
seconds and share, and the raised threshold's CPU time as a ratio of the default's, measured in
the same run. Needs a model folder (``govtext export``) and the licensed corpus (nothing is
measured without it):

    .venv/bin/python benchmarks/collector.py --model M --limit 40000 --repeat 3
"""

from __future__ import annotations

import argparse
import gc
import itertools
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIECE = 2_500


def labelling_seconds(model, texts: list[str], threshold: int) -> tuple[float, float, int]:
    """(CPU seconds, seconds inside the collector, collections) of one labelling pass."""
    spent, started, collections = [0.0], [0.0], [0]

    def hook(phase: str, info: dict) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            spent[0] += time.perf_counter() - started[0]
            collections[0] += 1

    previous = gc.get_threshold()
    gc.set_threshold(threshold, *previous[1:])
    gc.callbacks.append(hook)
    try:
        cpu = time.process_time()
        for start in range(0, len(texts), PIECE):
            model.predict_texts(texts[start : start + PIECE], PIECE)
        cpu = time.process_time() - cpu
    finally:
        gc.callbacks.remove(hook)
        gc.set_threshold(*previous)
    return cpu, spent[0], collections[0]


def main(argv: list[str] | None = None) -> int:
    from govtext.data.corpora import corpus_rows
    from govtext.inference import load_model
    from govtext.inference.writers import _YOUNG_THRESHOLD

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/corpus/pool.jsonl")
    parser.add_argument("--limit", type=int, default=40_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"collector: no corpus at {args.corpus}; nothing measured.")
        return 0
    rows = corpus_rows(args.corpus, with_words=False)
    texts = [row["text"] for row in itertools.islice(rows, args.limit)]
    model = load_model(args.model)
    model.predict_texts(texts[:PIECE], PIECE)  # warm the lexicon and the tables, not counted
    thresholds = {"default": gc.get_threshold()[0], "govtext": _YOUNG_THRESHOLD}
    runs: dict[str, list[tuple[float, float, int]]] = {name: [] for name in thresholds}
    for _ in range(args.repeat):
        for name, threshold in thresholds.items():
            runs[name].append(labelling_seconds(model, texts, threshold))
    print(f"{len(texts):,} sentences, pieces of {PIECE:,}, {args.repeat} rounds (medians)")
    cpu_of = {}
    for name, threshold in thresholds.items():
        cpu = max(statistics.median(r[0] for r in runs[name]), 1e-9)  # a tiny corpus: ~0 s
        in_gc = statistics.median(r[1] for r in runs[name])
        count = statistics.median(r[2] for r in runs[name])
        cpu_of[name] = cpu
        print(
            f"  threshold {threshold:>6} ({name}): {cpu:.2f} s CPU, collector {in_gc:.3f} s "
            f"({in_gc / cpu:.1%}) in {count:.0f} collections"
        )
    print(f"  raised / default CPU: {cpu_of['govtext'] / cpu_of['default']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
