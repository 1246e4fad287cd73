"""govtext benchmarks: throughput, training time and memory on the shared real-news corpus.

Every figure is printed beside a reference measured in the same run on the same text (underthesea
itself, underthesea_core's Rust TextClassifier, the model's own vectorise+predict step, one core,
the first run of a sweep, half the corpus), with their ratio and, where the issue set one, the
target and whether it holds. Nothing is tuned to pass: a missed target is printed as missed.

    .venv/bin/python benchmarks/run.py                       # the whole pool, ~80,000 sentences
    .venv/bin/python benchmarks/run.py --limit 5000          # a slice
    .venv/bin/python benchmarks/run.py --limit 300 --quick   # a smoke run (tests/test_benchmarks.py)

Other processes on the machine slow both sides of a ratio alike only when they are steady: the
load average is printed at the start and the end of every section.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import cue_cache  # beside this script
import whole_process
from project import Project

ROOT = Path(__file__).resolve().parent.parent  # a script in the repository, not the package
TASK = ["achievement", "limitation", "request", "instruction"]


@dataclass
class Figure:
    section: str
    what: str
    value: float
    unit: str
    reference: str = ""
    reference_value: float | None = None
    target: str = ""
    holds: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.reference_value in (None, 0):
            return None
        return self.value / self.reference_value


FIGURES: list[Figure] = []


def record(figure: Figure) -> Figure:
    FIGURES.append(figure)
    ratio = f"  ratio {figure.ratio:.2f}" if figure.ratio is not None else ""
    ref = f"  | {figure.reference}: {_fmt(figure.reference_value)}" if figure.reference else ""
    verdict = ""
    if figure.target:
        verdict = f"  | target {figure.target}: {'HOLDS' if figure.holds else 'MISSED'}"
    note = f"  ({figure.note})" if figure.note else ""
    print(f"  {figure.what}: {_fmt(figure.value)} {figure.unit}{ref}{ratio}{verdict}{note}")
    return figure


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def section(title: str) -> None:
    print(f"\n== {title}  [load average {os.getloadavg()[0]:.2f}]", flush=True)


REPEAT = [2]  # --repeat: every compared pair runs this many times, interleaved; best counts


def best(*functions) -> list[float]:
    """Seconds of each function, the best of REPEAT interleaved runs: another process on the
    machine then slows one run of each, not one side of a comparison."""
    seconds = [float("inf")] * len(functions)
    for _ in range(REPEAT[0]):
        for i, function in enumerate(functions):
            start = time.perf_counter()
            function()
            seconds[i] = min(seconds[i], time.perf_counter() - start)
    return seconds


@contextlib.contextmanager
def timer():
    box = {}
    start = time.perf_counter()
    try:
        yield box
    finally:
        box["seconds"] = time.perf_counter() - start


# ----------------------------------------------------------------------------------- machine


def machine() -> dict:
    from importlib.metadata import version

    from govtext.inference.parallel import available_cores

    model = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    blas = "unknown"
    with contextlib.suppress(ImportError):
        from threadpoolctl import threadpool_info

        blas = ", ".join(
            f"{i.get('internal_api')} {i.get('architecture', '')} x{i.get('num_threads')}"
            for i in threadpool_info()
        )
    return {
        "cpu": model,
        "cores": available_cores(),
        "memory_gib": round(memory, 1),
        "python": platform.python_version(),
        "blas": blas,
        "openblas_env": {k: v for k, v in os.environ.items() if k.startswith("OPENBLAS")},
        "versions": {
            p: version(p)
            for p in ("govtext", "underthesea", "underthesea_core", "scikit-learn", "numpy")
        },
    }


# ------------------------------------------------------------------------------------ corpus


def read_pool(corpus: Path, limit: int | None) -> tuple[list[str], list[str]]:
    """Documents (normalised text) and their sentences, until ``limit`` sentences."""
    from govtext.data import corpus_documents
    from govtext.text import split_report

    documents, sentences = [], []
    for document in corpus_documents(corpus):
        documents.append(document.text)
        sentences.extend(s for _, s in split_report(document.text))
        if limit and len(sentences) >= limit:
            break
    return documents, sentences[:limit] if limit else sentences


def bench_splitting(documents: list[str]) -> None:
    from underthesea import sent_tokenize

    from govtext.text import split_report

    sent_tokenize("Khởi động. Xong.")  # first-call set-up outside the timings
    counts = {}

    def ours():
        counts["ours"] = sum(len(split_report(text)) for text in documents)

    def theirs():
        paragraphs = (p for text in documents for p in text.split("\n") if p.strip())
        counts["theirs"] = sum(len(sent_tokenize(p)) for p in paragraphs)

    ours_s, theirs_s = best(ours, theirs)
    n_ours, n_theirs = counts["ours"], counts["theirs"]
    record(
        Figure(
            "segmentation",
            "sentence splitting, govtext split_report",
            n_ours / ours_s,
            "sentences/s",
            "underthesea sent_tokenize on the same paragraphs",
            n_theirs / theirs_s,
            note=f"{len(documents)} reports; {n_ours} vs {n_theirs} sentences (govtext mends "
            "numbers, codes, titles, captions)",
        )
    )


def bench_words(sample: list[str]) -> float:
    """govtext's word segmentation against bare word_tokenize; returns the bare rate."""
    from underthesea import word_tokenize

    from govtext.text import syllables, words_batch

    word_tokenize("Khởi động mô hình.", format="text")  # loads the model (~0.25 s)
    theirs, ours = best(
        lambda: [word_tokenize(sentence, format="text") for sentence in sample],
        lambda: words_batch(sample),
    )
    bare = len(sample) / theirs
    record(
        Figure(
            "segmentation",
            "word segmentation, govtext words_batch (no cache)",
            len(sample) / ours,
            "sentences/s",
            "underthesea word_tokenize",
            bare,
            note=f"{len(sample)} distinct pool sentences",
        )
    )
    (syl,) = best(lambda: [syllables(sentence) for sentence in sample])
    record(
        Figure(
            "segmentation",
            "syllable tokens, govtext syllables()",
            len(sample) / syl,
            "sentences/s",
            "underthesea word_tokenize",
            bare,
        )
    )
    return bare


# ------------------------------------------------------------------------------------ models


class PeerEstimator:
    """underthesea_core.TextClassifier behind the scikit-learn estimator API, so that govtext's
    own cross-validation runs it on exactly the folds it uses for govtext's models."""

    def __init__(self, random_state: int = 0):
        self.random_state = random_state  # set by cross_val_predictions; the peer has no seed

    def get_params(self, deep=True):
        return {"random_state": self.random_state}

    def set_params(self, **params):
        self.random_state = params.get("random_state", self.random_state)
        return self

    def fit(self, X, y):
        from underthesea_core import TextClassifier

        self.model_ = TextClassifier()
        self.model_.fit([str(x) for x in X], [str(label) for label in y])
        return self

    def predict(self, X):
        import numpy as np

        return np.asarray(self.model_.predict_batch([str(x) for x in X]), dtype=object)


def bench_peer(
    project: Project, dev: Path, pool_csv: Path, sentences: list[str], slow: int, jobs: int
):
    import numpy as np
    import pandas as pd
    from underthesea_core import TextClassifier

    from govtext.inference import load_model, predict
    from govtext.learning.config import load_config
    from govtext.learning.experiment import protocol_for
    from govtext.learning.metrics import scores
    from govtext.learning.protocols import cross_val_predictions
    from govtext.learning.results import load_labelled

    articles = pd.read_csv(dev, dtype=str, keep_default_na=False)["article"].nunique()
    grouped = [
        f"data.path={dev}",
        "data.group_column=article",
        "evaluation.protocol=grouped",
        f"evaluation.folds={min(5, articles)}",
        "evaluation.repeats=1",
        "evaluation.bootstrap=200",
    ]
    (run,) = project.train("tfidf-syllable-linearsvc", grouped)
    ours_f1 = run.result.cross_validation.metrics["macro_f1"]
    config = load_config(project.folder / "experiments/tfidf-syllable-linearsvc.toml", grouped)
    data = load_labelled(dev)
    protocol, groups = protocol_for(config, data)  # the very folds govtext's run used
    (peer_predicted,) = cross_val_predictions(
        PeerEstimator(), data.texts, data.labels, protocol, groups=groups
    )
    peer_f1 = scores(data.labels, peer_predicted)["macro_f1"]
    record(
        Figure(
            "peer",
            "macro-F1, govtext syllable TF-IDF + LinearSVC",
            ours_f1,
            "",
            "underthesea_core.TextClassifier",
            peer_f1,
            target=">= peer",
            holds=ours_f1 >= peer_f1,
            note=f"{protocol.description.split(';')[0]}; {dev.name}, grouped by article",
        )
    )
    model_dir = project.export(run, "model-syllable")

    with timer() as fit:
        peer = TextClassifier()
        peer.fit([str(t) for t in data.texts], [str(label) for label in data.labels])
    print(f"  peer fit on {len(data.labels)} sentences: {fit['seconds']:.3f} s")
    peer_labels = peer.predict_batch(sentences)
    results = {}
    models = {engine: load_model(model_dir, engine) for engine in ("sklearn", "onnx", "fast")}
    inputs = {e: sentences if e == "fast" else sentences[:slow] for e in models}

    def ours(engine):
        return lambda: results.__setitem__(engine, models[engine].predict_texts(inputs[engine]))

    # The peer is timed beside each engine: its figure is the best of all those runs.
    seconds = best(*(f for e in models for f in (lambda: peer.predict_batch(sentences), ours(e))))
    peer_rate = len(sentences) / min(seconds[0::2])
    for (engine, texts), taken in zip(inputs.items(), seconds[1::2], strict=True):
        labels = results[engine][0]
        record(
            Figure(
                "peer",
                f"predict, engine {engine}, 1 process, in memory",
                len(texts) / taken,
                "sentences/s",
                "peer predict_batch (all cores)",
                peer_rate,
                note=f"{len(texts)} sentences; labels equal the peer's on "
                f"{np.mean(labels == np.asarray(peer_labels[: len(texts)], dtype=object)):.1%}",
            )
        )
    alone, shared = best(
        lambda: predict(pool_csv, model_dir, engine="fast"),
        lambda: predict(pool_csv, model_dir, engine="fast", n_jobs=jobs),
    )
    record(
        Figure(
            "peer",
            "predict(), engine fast, --jobs 1, CSV in, frame out",
            len(sentences) / alone,
            "sentences/s",
            "peer predict_batch (all cores)",
            peer_rate,
        )
    )
    rate = len(sentences) / shared
    record(
        Figure(
            "peer",
            f"predict(), engine fast, --jobs {jobs}, CSV in, frame out (pool start included)",
            rate,
            "sentences/s",
            "peer predict_batch (all cores)",
            peer_rate,
            target=">= 0.5x peer",
            holds=rate >= 0.5 * peer_rate,
        )
    )
    return model_dir


def bench_default(project: Project, pool_csv: Path, n_rows: int) -> Path:
    import scipy.sparse as sp

    from govtext.inference import load_model, pipeline_parts, write_predictions

    (run,) = project.train("default")
    model_dir = project.export(run, "model-default")
    texts = _read_texts(pool_csv)
    model = load_model(model_dir)
    parts = pipeline_parts(model.pipeline)
    segmented = parts.segmenter.transform(texts)

    def step():
        features = parts.vectorizer.transform(segmented)
        if parts.cues is not None:
            features = sp.hstack([features, parts.cues.transform(texts)]).tocsr()
        model.classifier.predict_proba(features)

    out = project.folder / "out.csv"
    step_s, *engines = best(
        step,
        lambda: write_predictions([pool_csv], model_dir, out, engine="sklearn"),
        lambda: write_predictions([pool_csv], model_dir, out, engine="fast"),
    )
    step_rate = len(texts) / step_s
    for engine, e2e in zip(("sklearn", "fast"), engines, strict=True):
        rate = n_rows / e2e
        record(
            Figure(
                "default model",
                f"write_predictions CSV -> CSV, engine {engine}, 1 process",
                rate,
                "sentences/s",
                "its vectorise(+cues)+predict step alone, on pre-segmented text",
                step_rate,
                note=f"reading, normalising, segmenting and writing take {1 - step_s / e2e:.0%} "
                "of the time"
                if e2e > step_s
                # The whole path runs model.linear.npz and the C extensions, not the steps of
                # scikit-learn's pipeline it is compared with: a share of time would be negative.
                else "the whole path is faster than scikit-learn's step alone (it does not run "
                "the pipeline: model.linear.npz)",
            )
        )
    return model_dir


def bench_word_predict(project: Project, dev: Path, sample: list[str], bare_rate: float) -> Path:
    from underthesea import word_tokenize

    from govtext.inference import load_model

    (run,) = project.train(
        "tfidf-word-linearsvc",
        [f"data.path={dev}", "evaluation.repeats=1", "evaluation.bootstrap=200"],
    )
    model_dir = project.export(run, "model-word")
    model = load_model(model_dir, "fast")
    theirs, ours = best(
        lambda: [word_tokenize(sentence, format="text") for sentence in sample],
        lambda: model.predict_texts(sample),
    )
    rate, bare = len(sample) / ours, len(sample) / theirs
    record(
        Figure(
            "word model",
            "predict with word segmentation (fast engine, 1 process)",
            rate,
            "sentences/s",
            "bare underthesea word_tokenize, runs interleaved",
            bare,
            target=">= 0.8x word_tokenize",
            holds=rate >= 0.8 * bare,
            note=f"{len(sample)} distinct sentences; earlier word_tokenize figure {bare_rate:,.0f}/s",
        )
    )
    return model_dir


def bench_parallel(project: Project, model_dir: Path, csv: Path, n_rows: int, jobs: int, name):
    from govtext.inference import write_predictions

    out = project.folder / "out.csv"
    alone, shared = best(
        lambda: write_predictions([csv], model_dir, out),
        lambda: write_predictions([csv], model_dir, out, n_jobs=jobs),
    )
    one, many = n_rows / alone, n_rows / shared
    record(
        Figure(
            "parallel",
            f"{name}: write_predictions --jobs {jobs} (pool start-up included)",
            many,
            "sentences/s",
            "--jobs 1",
            one,
            target=">= 1.7x one core" if jobs >= 2 else "",
            holds=(many >= 1.7 * one) if jobs >= 2 else None,
            note=f"{n_rows} sentences",
        )
    )


# ----------------------------------------------------------------------------- whole process


def bench_whole_process(pool_csv: Path, n_rows: int, dev: Path, models: dict, args) -> None:
    """``govtext predict --model M --jobs N big.csv --output out.csv``, start-up and CSV in and
    out included, beside the peer and a reference checkout (``whole_process.py``)."""
    rounds = 1 if args.quick else max(1, args.whole_repeat)
    jobs = max(2, args.whole_jobs)
    given = args.reference
    with whole_process.reference_checkout(args.reference_commit, given) as reference:
        timings = whole_process.measure(models, pool_csv, n_rows, dev, reference, jobs, rounds)
    print(f"  {n_rows} sentences, --jobs {jobs}, median of {rounds} interleaved rounds; "
          f"reference: {given or args.reference_commit if reference else 'none'}")  # fmt: skip
    print(whole_process.table(timings))
    peer = timings.median("peer")
    targets = {  # issue 12's: (times the peer's rate, times the reference's); 0: none
        "syllable fast": (0.5, 0),
        "syllable sklearn": (0, 0),
        "default sklearn": (0.25, 4),
        "default fast": (0, 0),
    }
    for name, (of_peer, of_reference) in targets.items():
        taken = timings.median(name)
        rate = n_rows / taken
        record(
            _rate_figure(
                f"{name}: govtext predict CSV -> CSV, --jobs {jobs}", rate,
                "peer TextClassifier, CSV -> CSV", n_rows / peer, of_peer, "peer",
                f"median {taken:.2f} s",
            )
        )  # fmt: skip
        before = timings.median(f"{name} (reference)")
        if before is not None:
            record(
                _rate_figure(
                    f"{name}: the same command, this checkout vs the reference", rate,
                    "the reference checkout", n_rows / before, of_reference, "reference",
                    f"median {before:.2f} s",
                )
            )  # fmt: skip
    one, one_before = (
        timings.median("one-sentence predict"),
        timings.median("one-sentence predict (reference)"),
    )
    record(
        Figure(
            "whole process",
            "one-sentence govtext predict - (start-up), default model",
            one,
            "s",
            "the reference checkout" if one_before is not None else "",
            one_before,
            target="< 1 s",
            holds=one < 1.0,
        )
    )


# ---------------------------------------------------------------------------------- training


class UndertheseaClock:
    """Time spent inside underthesea.word_tokenize (govtext.text.tokens imports it at call time)."""

    def __enter__(self):
        import underthesea

        self.module, self.original, self.seconds, self.calls = underthesea, None, 0.0, 0
        self.original = underthesea.word_tokenize

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return self.original(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start
                self.calls += 1

        underthesea.word_tokenize = timed
        return self

    def __exit__(self, *exc):
        self.module.word_tokenize = self.original


def bench_sweep(project: Project, dev: Path | None, sweep: list[str], quick: bool) -> None:
    from govtext.training import train

    overrides = ["evaluation.repeats=1", "evaluation.bootstrap=200"] if quick else []
    targets = [f"experiments/{name}.toml" for name in sweep] if sweep else ["experiments"]
    shutil.rmtree(project.folder / ".cache", ignore_errors=True)  # run 1 starts with no tokens
    for attempt in (1, 2):
        with project.inside(), UndertheseaClock() as clock, timer() as run:
            runs = train(targets, overrides, dev)
        share = clock.seconds / run["seconds"]
        record(
            Figure(
                "training",
                f"experiment sweep on the seed, run {attempt} ({len(runs)} experiments"
                + (f", scored on {dev.name}" if dev else "")
                + ")",
                run["seconds"],
                "s",
                "of which in underthesea word_tokenize",
                clock.seconds,
                target="< 10% in underthesea" if attempt == 2 else "",
                holds=share < 0.10 if attempt == 2 else None,
                note=f"{share:.1%} in underthesea, {clock.calls} word_tokenize calls",
            )
        )


def bench_weak_training(project: Project, sentences: list[str], quick: bool) -> None:
    from govtext.learning.weak import weak_labels

    with timer() as weak:
        frame = weak_labels(sentences)
    path = project.folder / "data" / "pool-weak.csv"
    frame[["text", "label"]].to_csv(path, index=False)
    record(
        Figure(
            "training",
            "weak labels of the pool (rules)",
            len(sentences) / weak["seconds"],
            "sentences/s",
            note=f"{len(sentences)} sentences in {weak['seconds']:.1f} s",
        )
    )
    overrides = [f"data.path={path}"]
    if quick:
        overrides += ["evaluation.repeats=1", "evaluation.bootstrap=200"]
    with timer() as seed_run:
        project.train("default", overrides[1:])
    with timer() as pool_run:
        (run,) = project.train("default", overrides)
    record(
        Figure(
            "training",
            f"default experiment on {len(sentences)} weak-labelled pool sentences "
            "(cross-validation, final fit, MLflow logging)",
            pool_run["seconds"],
            "s",
            "the same on the 26-sentence seed",
            seed_run["seconds"],
            note=f"{run.result.cross_validation.protocol.split(';')[0]}; "
            f"{len(sentences) / pool_run['seconds']:,.0f} sentences/s",
        )
    )


def bench_cue_cache(project: Project, corpus: Path, sentences: list[str], quick: bool) -> None:
    """``best`` trained on the pool with no cue cache, a cold one and a warm one
    (``cue_cache.py``): the warm run must cast no vote."""
    rounds = 1 if quick else REPEAT[0]
    timings = cue_cache.measure(project, corpus.parent, sentences, rounds)
    print(f"  {timings.data}; {timings.distinct} distinct sentences; best of {rounds} round(s)")
    print(cue_cache.table(timings))
    none, cold, warm = (timings.best(name) for name in ("none", "cold", "warm"))
    what = f"train best on {len(sentences)} pool sentences"
    for figure in (
        Figure("training", f"{what}, cold cue cache (empty)", cold.seconds, "s",
               "no cue cache", none.seconds, note=cue_cache.describe(cold)),
        Figure("training", f"{what}, warm cue cache (the cold run's)", warm.seconds, "s",
               "cold cue cache", cold.seconds, note=cue_cache.describe(warm)),
        Figure("training", f"{what}, warm cue cache: fitting and scoring alone",
               warm.fit_seconds, "s", "cold cue cache", cold.fit_seconds,
               note=f"no cue cache: {none.fit_seconds:.1f} s ({none.cue_seconds:.1f} s in "
               f"CueFeatures.transform, {none.casts} votes cast)"),
    ):  # fmt: skip
        record(figure)


# ------------------------------------------------------------------------------------ memory

# The child reports VmHWM, its own peak: ru_maxrss would also count the parent's pages that the
# child held between fork and exec.
_CHILD = """
import json, sys
from pathlib import Path
from govtext.inference import write_predictions
run = write_predictions([sys.argv[1]], sys.argv[2], sys.argv[3])
status = Path("/proc/self/status").read_text().splitlines()
peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps({"rows": run.rows, "peak_kib": peak}))
"""


def _rate_figure(
    what: str,
    rate: float,
    reference: str,
    reference_rate: float,
    factor: float,
    short: str,
    note: str,
) -> Figure:
    """A whole-process rate beside a reference rate; ``factor`` (0: none) is the issue's target
    as a multiple of the reference."""
    return Figure(
        "whole process", what, rate, "sentences/s", reference, reference_rate,
        target=f">= {factor}x {short}" if factor else "",
        holds=rate >= factor * reference_rate if factor else None,
        note=note,
    )  # fmt: skip


def bench_memory(folder: Path, pool_csv: Path, model_dir: Path, n_rows: int) -> None:
    import pandas as pd

    half_csv = folder / "pool-half.csv"
    pd.read_csv(pool_csv, dtype=str, keep_default_na=False).iloc[: n_rows // 2].to_csv(
        half_csv, index=False
    )
    peaks = {}
    for name, csv in (("half", half_csv), ("whole", pool_csv)):
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(csv), str(model_dir), str(folder / "mem.csv")],
            capture_output=True,
            text=True,
            check=True,
        )
        peaks[name] = json.loads(done.stdout.strip().splitlines()[-1])
    whole, half = peaks["whole"]["peak_kib"] / 1024, peaks["half"]["peak_kib"] / 1024
    record(
        Figure(
            "memory",
            f"peak RSS of write_predictions on {peaks['whole']['rows']} sentences "
            "(default model, a child process)",
            whole,
            "MiB",
            f"on {peaks['half']['rows']} sentences",
            half,
            target="flat: <= 1.1x the half",
            holds=whole <= 1.1 * half,
        )
    )


# -------------------------------------------------------------------------------------- main


def _read_texts(csv: Path) -> list[str]:
    import pandas as pd

    return pd.read_csv(csv, dtype=str, keep_default_na=False)["text"].tolist()


def _write_texts(texts: list[str], csv: Path) -> None:
    import pandas as pd

    pd.DataFrame({"text": texts}).to_csv(csv, index=False)


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/corpus/pool.jsonl")
    parser.add_argument("--dev", type=Path, default=ROOT.parent / "shared/corpus/dev.csv")
    parser.add_argument("--limit", type=int, default=0, help="pool sentences (0: all)")
    parser.add_argument(
        "--slow-limit",
        type=int,
        default=20_000,
        help="sentences for the slower models (default model with rule cues, ~2,000/s; "
        "sklearn and onnx engines) (0: all)",
    )
    parser.add_argument("--word-limit", type=int, default=2000, help="sentences for word models")
    parser.add_argument(
        "--train-limit", type=int, default=10_000, help="weak-labelled pool sentences to train on"
    )
    parser.add_argument(
        "--cue-limit",
        type=int,
        default=0,
        help="pool sentences `best` trains on with and without a cue cache (0: all)",
    )
    parser.add_argument("--jobs", type=int, default=-1, help="worker processes (-1: all cores)")
    parser.add_argument(
        "--repeat", type=int, default=2, help="interleaved runs per comparison; the best counts"
    )
    parser.add_argument(
        "--sweep", default="", help="experiments to sweep, comma-separated (default: all)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a smoke run: 1 CV repeat, 1 run per comparison, a sweep of 2 experiments",
    )
    parser.add_argument(
        "--whole-repeat", type=int, default=3, help="rounds of the whole-process runs (median)"
    )
    parser.add_argument("--whole-jobs", type=int, default=2, help="--jobs of the whole process")
    parser.add_argument("--reference", type=Path, help="a checkout to compare with (src/ inside)")
    parser.add_argument(
        "--reference-commit",
        default=whole_process.REFERENCE_COMMIT,
        help="the reference when --reference is not given: src/ of this commit (git archive)",
    )
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    parser.add_argument("--workdir", type=Path, help="keep models and stores here")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if not args.corpus.exists():
        print(f"benchmarks: no corpus at {args.corpus}; pass --corpus PATH (nothing measured).")
        return 0
    dev = args.dev if args.dev.exists() else None
    REPEAT[0] = 1 if args.quick else max(1, args.repeat)
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    from govtext.inference.parallel import resolve_jobs

    jobs = resolve_jobs(args.jobs)
    info = machine()
    print("govtext benchmarks")
    print(json.dumps(info, indent=1))
    work = args.workdir or Path(tempfile.mkdtemp(prefix="govtext-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    try:
        section(f"corpus: {args.corpus}")
        with timer() as reading:
            documents, sentences = read_pool(args.corpus, args.limit or None)
        print(
            f"  {len(sentences)} sentences from {len(documents)} reports in {reading['seconds']:.1f} s"
        )
        pool_csv = work / "pool.csv"
        _write_texts(sentences, pool_csv)
        slow = sentences[: args.slow_limit] if args.slow_limit else sentences
        slow_csv = work / "pool-slow.csv"
        _write_texts(slow, slow_csv)
        word_sample = list(dict.fromkeys(sentences))[: args.word_limit]

        section("segmentation")
        bench_splitting(documents)
        bare = bench_words(word_sample)

        project = Project(work / "project")
        if dev is not None:
            section(f"word model (trained on {dev.name})")
            word_model = bench_word_predict(project, dev, word_sample, bare)
            section(f"the peer: underthesea_core.TextClassifier, both trained on {dev.name}")
            syllable_model = bench_peer(project, dev, pool_csv, sentences, len(slow), jobs)
        else:
            word_model = None
            print(f"\n(no {args.dev}: the peer and word-model figures are skipped)")

        section("the default exported model (trained on the seed)")
        default_model = bench_default(project, slow_csv, len(slow))

        if dev is not None:
            section("whole process: govtext predict CSV -> CSV, the peer, the reference")
            models = {"default": default_model, "syllable": syllable_model}
            bench_whole_process(pool_csv, len(sentences), dev, models, args)

        section(f"parallel prediction ({jobs} processes on {info['cores']} cores)")
        bench_parallel(project, default_model, slow_csv, len(slow), jobs, "default model")
        if word_model is not None:
            word_csv = work / "pool-word.csv"
            _write_texts(word_sample, word_csv)
            bench_parallel(project, word_model, word_csv, len(word_sample), jobs, "word model")

        section("training")
        sweep = args.sweep.split(",") if args.sweep else []
        if args.quick and not args.sweep:
            sweep = ["default", "tfidf-word-linearsvc"]
        bench_sweep(project, dev, sweep, args.quick)
        train_texts = sentences[: args.train_limit] if args.train_limit else sentences
        bench_weak_training(project, train_texts, args.quick)
        cue_texts = sentences[: args.cue_limit] if args.cue_limit else sentences
        bench_cue_cache(project, args.corpus, cue_texts, args.quick)

        section("memory")
        bench_memory(work, pool_csv, default_model, len(sentences))
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    total = time.perf_counter() - started
    summary(info, total)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "machine": info,
                    "seconds": total,
                    "figures": [asdict(f) | {"ratio": f.ratio} for f in FIGURES],
                },
                ensure_ascii=False,
                indent=1,
            ),
            encoding="utf-8",
        )
    return 0


def summary(info: dict, total: float) -> None:
    print(f"\n== targets ({info['cpu']}, {info['cores']} cores; {total:.0f} s in all)")
    for figure in FIGURES:
        if figure.target:
            ratio = f"{figure.ratio:.2f}x" if figure.ratio is not None else ""
            print(
                f"  [{'HOLDS ' if figure.holds else 'MISSED'}] {figure.target:<28} "
                f"{figure.what}: {_fmt(figure.value)} {figure.unit} vs {_fmt(figure.reference_value)}"
                f" {ratio}"
            )


if __name__ == "__main__":
    sys.exit(main())
