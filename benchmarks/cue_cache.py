"""Training ``best`` on the pool with no cue cache, with an empty one (cold) and with the one the
cold run filled (warm): issue 12's "training `best` on the pool with a warm cue cache".

What is trained is ``experiments/best.toml`` unchanged (syllable 1-2-gram TF-IDF beside one 0/1
column per labelling function, LinearSVC C = 0.5; fit on the train split, scored once on the
validation split, then fit on all of it), on its gold table, which ``build_gold`` writes into the
temporary project from the shared corpus, with the pool's sentences added to every fit through
``data.train_extra`` under their weak labels (the rules' decision, cast once before any timed
run). Where the gold table cannot be built (a corpus without the annotated sentences, as in the
tests' tiny pool), the same config trains on the weak-labelled pool alone, every tenth sentence as
validation; the figures say which.

Each timed run counts what it did rather than assuming it: the sentences whose votes are cast
(calls of ``govtext.rules``' ``vote_row``), the rows of the cache's ``cues`` table before and
after, and the seconds spent in ``run_experiment`` (fitting and scoring) and inside
``CueFeatures.transform``. Runs: with ``features.token_cache = ""`` (no cache: votes cast in
``cue_matrix``, every row, every fit), then, each round, cold (the cache file removed first)
and warm (the same file). ``run.py`` calls ``measure``; standalone:

    .venv/bin/python benchmarks/cue_cache.py --limit 5000        # 0: the whole pool
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from project import ROOT, Project

CACHE = Path(".cache") / "cue-bench.sqlite"  # relative to the project folder, as in a config
ANNOTATIONS = ROOT / "data" / "gold" / "pool-annotations.csv"


@dataclass
class Run:
    """One training of ``best``: seconds in all (MLflow logging included), in fitting and
    scoring (``run_experiment``), inside the cue features; votes cast; the cache's rows before
    and after."""

    seconds: float
    fit_seconds: float
    cue_seconds: float
    casts: int
    rows_before: int
    rows_after: int


@dataclass
class CueCacheTimings:
    data: str
    """What was trained on (gold table + weak-labelled pool, or the pool alone)."""
    distinct: int
    """Distinct sentences the fits see (the votes a cold cache must cast)."""
    runs: dict[str, list[Run]] = field(default_factory=dict)

    def best(self, name: str) -> Run:
        return min(self.runs[name], key=lambda r: r.seconds)


class CastCounter:
    """Counts the sentences whose votes are cast (calls of ``govtext.rules.resolution``'s
    ``vote_row``, or of ``cast`` in versions before it, also as the cue cache imported it) and
    times ``CueFeatures.transform`` and ``run_experiment`` while it is entered."""

    def __enter__(self):
        from govtext import training
        from govtext.rules import estimators, resolution

        # The lowest per-sentence function only: ``cast`` calls ``vote_row`` where both exist.
        name = "vote_row" if hasattr(resolution, "vote_row") else "cast"
        self.casts, self.cue_seconds, self.fit_seconds = 0, 0.0, 0.0
        self._patched = [
            *((module, name, getattr(module, name)) for module in (resolution, estimators)),
            (estimators.CueFeatures, "transform", estimators.CueFeatures.transform),
            (training, "run_experiment", training.run_experiment),
        ]
        original_cast, original_transform = (
            getattr(resolution, name),
            estimators.CueFeatures.transform,
        )
        original_run = training.run_experiment

        def cast(sentence):
            self.casts += 1
            return original_cast(sentence)

        def transform(features, X):
            start = time.perf_counter()
            try:
                return original_transform(features, X)
            finally:
                self.cue_seconds += time.perf_counter() - start

        def run_experiment(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original_run(*args, **kwargs)
            finally:
                self.fit_seconds += time.perf_counter() - start

        setattr(resolution, name, cast)
        setattr(estimators, name, cast)
        estimators.CueFeatures.transform = transform
        training.run_experiment = run_experiment
        return self

    def __exit__(self, *exc):
        for owner, name, original in self._patched:
            setattr(owner, name, original)


def cached_votes(path: Path) -> int:
    """Rows of the ``cues`` table of a cache file (0 when there is no file or table yet)."""
    if not path.exists():
        return 0
    with contextlib.closing(sqlite3.connect(path)) as connection:
        try:
            return connection.execute("SELECT COUNT(*) FROM cues").fetchone()[0]
        except sqlite3.OperationalError:  # no such table: nothing cached
            return 0


def prepare(folder: Path, corpus_dir: Path, sentences: list[str]) -> tuple[list[str], str, int]:
    """Write the training data into the project ``folder``; the overrides that make ``best``
    train on it, what it is, and how many distinct sentences its fits see."""
    from govtext.data.corpus_gold import build_gold, write_gold
    from govtext.errors import GovtextError
    from govtext.learning.weak import weak_labels

    weak = weak_labels(sentences)[["text", "label"]]
    weak_path = folder / "data" / "pool-weak.csv"
    try:
        gold = build_gold(ANNOTATIONS, corpus_dir, folder / "data" / "sentences.csv")
    except GovtextError as err:
        reason = str(err).split(" (e.g.")[0]
        print(f"  (no gold table: {reason}; training on the weak-labelled pool alone)")
        weak["split"] = ["validation" if i % 10 == 0 else "train" for i in range(len(weak))]
        weak.to_csv(weak_path, index=False)
        data = f"{len(weak)} weak-labelled pool sentences alone (every 10th: validation)"
        return ["data.path=data/pool-weak.csv"], data, weak["text"].nunique()
    write_gold(gold, folder / "data" / "corpus" / "gold.csv")
    weak.to_csv(weak_path, index=False)
    kept = gold[gold["split"] != "lockbox"]
    distinct = len(set(kept["text"]) | set(weak["text"]))
    data = (
        f"best's gold table ({len(kept)} train + validation sentences) + {len(weak)} "
        "weak-labelled pool sentences (data.train_extra)"
    )
    return ['data.train_extra=["data/pool-weak.csv"]'], data, distinct


def measure(
    project: Project, corpus_dir: Path, sentences: list[str], rounds: int = 1
) -> CueCacheTimings:
    """Train ``best`` with no cue cache once, then ``rounds`` times cold and warm."""
    overrides, data, distinct = prepare(project.folder, corpus_dir, sentences)
    timings = CueCacheTimings(data, distinct)
    cache = project.folder / CACHE

    def timed(name: str, cache_setting: str) -> None:
        before = cached_votes(cache)
        with CastCounter() as counter:
            start = time.perf_counter()
            project.train("best", [*overrides, f"features.token_cache={cache_setting}"])
            seconds = time.perf_counter() - start
        after = cached_votes(cache)
        run = Run(seconds, counter.fit_seconds, counter.cue_seconds, counter.casts, before, after)
        timings.runs.setdefault(name, []).append(run)

    cache.unlink(missing_ok=True)
    timed("none", '""')
    for _ in range(rounds):
        cache.unlink(missing_ok=True)
        timed("cold", str(CACHE))
        timed("warm", str(CACHE))
    return timings


def describe(run: Run) -> str:
    return (
        f"{run.casts} votes cast, cache rows {run.rows_before} -> {run.rows_after}, "
        f"{run.fit_seconds:.1f} s fitting and scoring, {run.cue_seconds:.1f} s of it in "
        "CueFeatures.transform (the rest: mostly logging the model to MLflow)"
    )


def table(timings: CueCacheTimings) -> str:
    """Every run: seconds in all, fitting and scoring, in the cue features; votes; cache rows."""
    head = ["cue cache", "seconds", "fit s", "cue s", "votes cast", "cache rows"]
    lines = ["  {:10s} {:>8s} {:>7s} {:>7s} {:>10s} {:>18s}".format(*head)]
    for name, runs in timings.runs.items():
        for r in runs:
            rows = f"{r.rows_before} -> {r.rows_after}"
            lines.append(
                f"  {name:10s} {r.seconds:8.1f} {r.fit_seconds:7.1f} {r.cue_seconds:7.1f} "
                f"{r.casts:10d} {rows:>18s}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/corpus/pool.jsonl")
    parser.add_argument("--limit", type=int, default=0, help="pool sentences (0: all)")
    parser.add_argument("--rounds", type=int, default=1, help="cold + warm pairs")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"cue_cache: no corpus at {args.corpus}; nothing measured.")
        return 0
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    from govtext.data.corpora import corpus_rows

    rows = corpus_rows(args.corpus, with_words=False)
    sentences = [r["text"] for r in itertools.islice(rows, args.limit or None)]
    work = Path(tempfile.mkdtemp(prefix="govtext-cues-"))
    try:
        project = Project(work / "project")
        project.train("default", ["evaluation.repeats=1"])  # the store made, first-use imports
        timings = measure(project, args.corpus.parent, sentences, args.rounds)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{len(sentences)} pool sentences; {timings.data}; {timings.distinct} distinct")
    print(f"load average {os.getloadavg()[0]:.2f}")
    print(table(timings))
    cold, warm = timings.best("cold"), timings.best("warm")
    print(f"warm / cold: {warm.seconds / cold.seconds:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
